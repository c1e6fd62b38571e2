"""Catalogue management on the real database: units and schemes added and edited with their
audit events, bad input named by field, and all-or-nothing CSV imports of units and schemes."""

from __future__ import annotations

import dataclasses
from datetime import date

import asyncpg
import pytest

from api.catalogue import service as catalogue
from api.catalogue.service import SchemeInput, parse_schemes_csv
from certification.errors import InvalidInput
from models.errors import Conflict, ImportRowError
from models.records import Actor, CompetencyUnit
from models.repositories.catalogue import CatalogueRepo
from tests import factories as f

STAFF = Actor(user_id=None, role="kemnaker_staff")
WELD = [u.code for u in f.WELDING_UNITS]
HEADER = "code,title,kind,lsp_code,kkni_level,validity_years,unit_codes\n"


async def actions(conn: asyncpg.Connection, prefix: str) -> list[str]:
    rows = await conn.fetch("SELECT action FROM audit_events WHERE action LIKE $1 ORDER BY id", prefix + "%")
    return [r["action"] for r in rows]


def test_scheme_csv_parser_names_line_and_field() -> None:
    rows = parse_schemes_csv(
        HEADER + f"S-1,Juru Las,occupation,LSP-A,2,,{WELD[2]};{WELD[0]}\n\nS-2,Roti,kkni,LSP-A,,5,C.10ROT00.001.1\n"
    )
    assert [(r.line, r.code, r.unit_codes, r.validity_years, r.kkni_level) for r in rows] == [
        (2, "S-1", (WELD[2], WELD[0]), 3, 2),
        (4, "S-2", ("C.10ROT00.001.1",), 5, None),
    ]
    cases = {
        HEADER + "S-1,Juru Las,pekerjaan,LSP-A,2,3,C.25LAS00.001.1\n": (2, "kind"),
        HEADER + "S-1,Juru Las,occupation,LSP-A,12,3,C.25LAS00.001.1\n": (2, "kkni_level"),
        HEADER + "S-1,Juru Las,occupation,LSP-A,2,tiga,C.25LAS00.001.1\n": (2, "validity_years"),
        HEADER + "S-1,Juru Las,occupation,LSP-A,2,3,\n": (2, "unit_codes"),
        HEADER + "S-1,Juru Las,occupation,LSP-A,2,3,LAS-001\n": (2, "unit_codes"),
        HEADER + "S-1,A,occupation,LSP-A,2,3,C.25LAS00.001.1;C.25LAS00.001.1\n": (2, "unit_codes"),
        HEADER + "S-1,A,occupation,,2,3,C.25LAS00.001.1\n": (2, "lsp_code"),
        HEADER + "S-1,A,occupation,L,2,3,C.25LAS00.001.1\nS-1,B,occupation,L,2,3,C.25LAS00.001.1\n": (3, "code"),
        HEADER + "S-1,A,occupation,L,2,3\n": (2, None),
        "code,title,kind,unit_codes\nS,A,kkni,C.25LAS00.001.1\n": (1, "lsp_code"),
        "code,title,kind,lsp_code,unit_codes,warna\n": (1, "warna"),
        HEADER: (1, None),
    }
    for text, (line, field) in cases.items():
        with pytest.raises(ImportRowError) as err:
            parse_schemes_csv(text)
        assert (err.value.line, err.value.field) == (line, field), text


async def test_units_added_edited_and_refused_with_the_field(conn: asyncpg.Connection) -> None:
    unit = CompetencyUnit(" C.25LAS00.009.1 ", " Mengelas pipa ", "Manufaktur", 3, "")
    added = await catalogue.add_unit(conn, STAFF, unit)
    assert (added.code, added.title) == ("C.25LAS00.009.1", "Mengelas pipa")
    with pytest.raises(Conflict):
        await catalogue.add_unit(conn, STAFF, unit)
    for bad, field in [
        (CompetencyUnit("LAS-9", "x", "y"), "code"),
        (CompetencyUnit("C.25LAS00.010.1", " ", "y"), "title"),
        (CompetencyUnit("C.25LAS00.010.1", "x", ""), "sector"),
        (CompetencyUnit("C.25LAS00.010.1", "x", "y", 10), "kkni_level"),
    ]:
        with pytest.raises(InvalidInput) as err:
            await catalogue.add_unit(conn, STAFF, bad)
        assert err.value.field == field
    assert await CatalogueRepo(conn).get_units(["C.25LAS00.010.1"]) == {}
    edited = await catalogue.update_unit(
        conn, STAFF, CompetencyUnit("C.25LAS00.009.1", "Mengelas pipa baja", "Konstruksi", 4)
    )
    assert (await CatalogueRepo(conn).get_unit("C.25LAS00.009.1")) == edited
    assert edited.sector == "Konstruksi" and edited.kkni_level == 4
    assert await actions(conn, "catalogue.unit") == ["catalogue.unit.add", "catalogue.unit.update"]
    page, total = await CatalogueRepo(conn).list_units_page("pipa", 10, 0)
    assert [u.code for u in page] == ["C.25LAS00.009.1"] and total == 1


async def test_schemes_keep_unit_order_and_their_lsp_once_used(conn: asyncpg.Connection) -> None:
    cat = await f.catalogue(conn)
    other = await CatalogueRepo(conn).add_lsp(f.uid("LSP"), "LSP Lain", "P3", "BNSP-2", date(2030, 1, 1), "{seq}")
    new = SchemeInput("SKM-LAS-PIPA", "Juru Las Pipa", "cluster", cat["lsp"], (WELD[2], WELD[0], WELD[1]), 3, 2)
    scheme = await catalogue.add_scheme(conn, STAFF, new)
    assert scheme.unit_codes == (WELD[2], WELD[0], WELD[1]) and scheme.validity_years == 2
    with pytest.raises(Conflict):
        await catalogue.add_scheme(conn, STAFF, new)
    for bad, field in [
        (SchemeInput("X-1", "t", "cluster", cat["lsp"], ("C.99XXX00.001.1",)), "unit_codes"),
        (SchemeInput("X-2", "t", "cluster", 999999, (WELD[0],)), "lsp_id"),
        (SchemeInput("X-3", "t", "pekerjaan", cat["lsp"], (WELD[0],)), "kind"),
        (SchemeInput("X-4", "t", "cluster", cat["lsp"], (WELD[0],), validity_years=11), "validity_years"),
        (SchemeInput("X 5!", "t", "cluster", cat["lsp"], (WELD[0],)), "code"),
    ]:
        with pytest.raises(InvalidInput) as err:
            await catalogue.add_scheme(conn, STAFF, bad)
        assert err.value.field == field
    moved = await catalogue.update_scheme(
        conn, STAFF, scheme.id, SchemeInput("SKM-LAS-PIPA", "Juru Las Pipa 3G", "cluster", other.id, (WELD[1],), 4, 3)
    )
    assert (moved.lsp_id, moved.unit_codes, moved.kkni_level, moved.title) == (
        other.id,
        (WELD[1],),
        4,
        "Juru Las Pipa 3G",
    )
    with pytest.raises(InvalidInput) as err:
        await catalogue.update_scheme(conn, STAFF, scheme.id, SchemeInput("LAIN", "t", "cluster", other.id, (WELD[1],)))
    assert err.value.field == "code"
    # the welding scheme has a certificate: its units may change, its LSP may not
    fac = await f.places(conn)
    person = await f.inmate(conn, fac["lapas"], fac["bapas"])
    await f.certificate(conn, person, cat["welding"], cat["lsp"], WELD)
    welding = await CatalogueRepo(conn).get_scheme(cat["welding"])
    same_lsp = SchemeInput(welding.code, welding.title, "occupation", cat["lsp"], tuple(reversed(WELD)), 2, 3)
    assert (await catalogue.update_scheme(conn, STAFF, welding.id, same_lsp)).unit_codes == tuple(reversed(WELD))
    with pytest.raises(Conflict):
        await catalogue.update_scheme(conn, STAFF, welding.id, dataclasses.replace(same_lsp, lsp_id=other.id))
    assert await actions(conn, "catalogue.scheme") == [
        "catalogue.scheme.add",
        "catalogue.scheme.update",
        "catalogue.scheme.update",
    ]


async def test_scheme_import_is_all_or_nothing(conn: asyncpg.Connection) -> None:
    cat = await f.catalogue(conn)
    lsp = await CatalogueRepo(conn).get_lsp(cat["lsp"])
    welding = await CatalogueRepo(conn).get_scheme(cat["welding"])
    good = HEADER + (
        f"SKM-IMP-1,Juru Las Dasar,occupation,{lsp.code},2,3,{WELD[0]};{WELD[1]}\n"
        f"{welding.code},Juru Las SMAW (revisi),occupation,{lsp.code},3,4,{WELD[1]};{WELD[0]};{WELD[2]}\n"
    )
    bad_ref = good + f"SKM-IMP-2,Roti,kkni,{lsp.code},,3,C.99ROT00.001.1\n"
    with pytest.raises(ImportRowError) as err:
        await catalogue.import_schemes_csv(conn, STAFF, bad_ref)
    assert (err.value.line, err.value.field) == (4, "unit_codes")
    bad_lsp = good + f"SKM-IMP-2,Roti,kkni,LSP-TIDAK-ADA,,3,{WELD[0]}\n"
    with pytest.raises(ImportRowError) as err:
        await catalogue.import_schemes_csv(conn, STAFF, bad_lsp)
    assert (err.value.line, err.value.field) == (4, "lsp_code")
    repo = CatalogueRepo(conn)
    assert await repo.find_scheme_by_code("SKM-IMP-1") is None
    assert (await repo.get_scheme(welding.id)).title == welding.title  # nothing half-written
    result = await catalogue.import_schemes_csv(conn, STAFF, good)
    assert (result.rows, result.added, result.updated) == (2, 1, 1)
    imported = await repo.find_scheme_by_code("SKM-IMP-1")
    assert imported is not None and imported.unit_codes == (WELD[0], WELD[1]) and imported.lsp_id == lsp.id
    revised = await repo.get_scheme(welding.id)
    assert (revised.title, revised.unit_codes, revised.validity_years) == (
        "Juru Las SMAW (revisi)",
        (WELD[1], WELD[0], WELD[2]),
        4,
    )
    again = await catalogue.import_schemes_csv(conn, STAFF, good)
    assert (again.added, again.updated) == (0, 2)
    assert await actions(conn, "catalogue.import") == ["catalogue.import.schemes", "catalogue.import.schemes"]


async def test_unit_import_is_all_or_nothing_and_audited(conn: asyncpg.Connection) -> None:
    header = b"code,title,sector,kkni_level,description\n"
    good = header + b"C.25LAS00.020.1,Mengelas TIG,Manufaktur,3,\nC.25LAS00.021.1,Mengelas MIG,Manufaktur,,las gas\n"
    with pytest.raises(ImportRowError) as err:
        await catalogue.import_units_csv(conn, STAFF, good + b"C.25LAS00.022.1,Mengelas,Manufaktur,12,\n")
    assert (err.value.line, err.value.field) == (4, "kkni_level")
    assert await CatalogueRepo(conn).get_units(["C.25LAS00.020.1"]) == {}
    summary = await catalogue.import_units_csv(conn, STAFF, good)
    assert (summary.rows, summary.inserted, summary.updated) == (2, 2, 0)
    units = await CatalogueRepo(conn).get_units(["C.25LAS00.020.1", "C.25LAS00.021.1"])
    assert units["C.25LAS00.021.1"].description == "las gas" and units["C.25LAS00.020.1"].kkni_level == 3
    assert await actions(conn, "catalogue.import") == ["catalogue.import.units"]

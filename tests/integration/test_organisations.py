"""Onboarding writes on the real database (issue 11): every new write with its validation errors,
nothing stored on a bad input or a bad CSV row, re-imports change nothing, audit in the same
transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest

from api.partners import employers, invitations, organisation_import, organisations
from api.partners.errors import Duplicate, FormInvalid
from certification.errors import AssessorInactive
from certification.rules import check_assessment
from models.errors import Conflict, ImportRowError
from models.records import SYSTEM, Actor, Scheme, UnitResult
from models.repositories.catalogue import CatalogueRepo

TODAY = date(2026, 3, 2)
ADMIN = Actor(user_id=None, role="admin")
PASSWORD = "rahasia-uji-123"  # noqa: S105 - test users only


async def _counts(conn: asyncpg.Connection) -> tuple[int, ...]:
    return tuple(
        [
            await conn.fetchval(f"SELECT count(*) FROM {t}")  # noqa: S608 - fixed names
            for t in ("facilities", "lsps", "tuks", "assessors", "employers", "users", "invitations", "audit_events")
        ]
    )


async def test_facility_errors_name_every_field_at_once_and_store_nothing(conn: asyncpg.Connection) -> None:
    before = await _counts(conn)
    with pytest.raises(FormInvalid) as caught:
        await organisations.add_facility(conn, ADMIN, code="lapas x!", name="", kind="penjara", regency_code="3273")
    assert set(caught.value.errors) == {"code", "name", "kind", "regency_code"}
    assert "NN.NN" in caught.value.errors["regency_code"]
    with pytest.raises(FormInvalid) as caught:
        await organisations.add_facility(
            conn, ADMIN, code="LPKA-BDG", name="LPKA Bandung", kind="lpka", regency_code="99.99", bapas_code="TIDAK-ADA"
        )
    assert set(caught.value.errors) == {"regency_code", "bapas_id"}
    bapas = await organisations.add_facility(
        conn, ADMIN, code="BAPAS-BDG", name="Bapas  Bandung", kind="bapas", regency_code="32.73"
    )
    assert bapas.name == "Bapas Bandung" and bapas.kanwil == "Kanwil Ditjenpas Jawa Barat"
    with pytest.raises(FormInvalid) as caught:
        await organisations.add_facility(
            conn, ADMIN, code="BAPAS-2", name="Bapas 2", kind="bapas", regency_code="32.73", bapas_id=bapas.id
        )
    assert list(caught.value.errors) == ["bapas_id"]
    with pytest.raises(Duplicate) as dup:
        await organisations.add_facility(conn, ADMIN, code="bapas-bdg", name="Lagi", kind="bapas", regency_code="32.73")
    assert dup.value.field == "code"
    after = await _counts(conn)
    assert after[0] == before[0] + 1 and after[-1] == before[-1] + 1  # one facility, one audit event


async def test_lsp_tuk_and_assessor_rules(conn: asyncpg.Connection) -> None:
    bapas = await organisations.add_facility(
        conn, ADMIN, code="BAPAS-S", name="Bapas S", kind="bapas", regency_code="35.78"
    )
    lapas = await organisations.add_facility(
        conn, ADMIN, code="LAPAS-S", name="Lapas S", kind="lapas", regency_code="35.78", bapas_id=bapas.id
    )
    good = {
        "code": "LSP-P3-LAS",
        "name": "LSP Las",
        "kind": "P3",
        "licence_number": "BNSP-LSP-0099-ID",
        "licence_valid_until": TODAY + timedelta(days=10),
    }
    with pytest.raises(FormInvalid) as caught:
        await organisations.add_lsp(conn, ADMIN, TODAY, **good | {"home_facility_id": lapas.id})
    assert list(caught.value.errors) == ["home_facility_id"]
    with pytest.raises(FormInvalid) as caught:
        await organisations.add_lsp(conn, ADMIN, TODAY, **good | {"number_format": "{lsp}/{nomor}", "kind": "P4"})
    assert set(caught.value.errors) == {"number_format", "kind"}
    lsp = await organisations.add_lsp(conn, ADMIN, TODAY, **good)
    assert lsp.number_format == "{lsp}/{scheme}/{year}/{seq:06d}"
    renewed = await organisations.update_lsp(
        conn,
        ADMIN,
        TODAY,
        lsp.id,
        name="LSP Las Nusantara",
        kind="P3",
        licence_number="BNSP-LSP-0099-ID",
        licence_valid_until="2029-12-31",
    )
    assert renewed.licence_valid_until == date(2029, 12, 31) and renewed.code == "LSP-P3-LAS"

    with pytest.raises(FormInvalid) as caught:
        await organisations.add_tuk(conn, ADMIN, lsp.id, code="TUK-1", name="TUK Mandiri")
    assert list(caught.value.errors) == ["regency_code"]  # neither in a facility nor in a regency
    tuk = await organisations.add_tuk(conn, ADMIN, lsp.id, code="tuk-1", name="TUK Mandiri", regency_code="35.78")
    assert tuk.code == "TUK-1" and tuk.facility_id is None

    with pytest.raises(FormInvalid) as caught:
        await organisations.add_assessor(
            conn,
            ADMIN,
            lsp.id,
            registration_number="MET-123",
            name="",
            active_from="2026-01-01",
            active_until="2025-01-01",
        )
    assert set(caught.value.errors) == {"registration_number", "name", "active_until"}
    entry = await organisations.add_assessor(
        conn,
        ADMIN,
        lsp.id,
        registration_number="met.000.001234 2025",
        name="Asesor Las",
        active_from=TODAY - timedelta(days=400),
        active_until=TODAY + timedelta(days=700),
    )
    assert entry.assessor.registration_number == "MET.000.001234 2025"
    with pytest.raises(FormInvalid):
        await organisations.deactivate_assessor(conn, ADMIN, entry.assessor.id, " ", TODAY)
    off = await organisations.deactivate_assessor(conn, ADMIN, entry.assessor.id, "registrasi dicabut BNSP", TODAY)
    assert off.assessor.active_until == TODAY - timedelta(days=1) and off.deactivation_reason
    with pytest.raises(Conflict):
        await organisations.deactivate_assessor(conn, ADMIN, entry.assessor.id, "lagi", TODAY)
    # the certification rule now refuses an assessment by this assessor dated today, accepts yesterday's
    assessor = await CatalogueRepo(conn).get_assessor(entry.assessor.id)
    scheme = Scheme(1, "SKM", "Juru Las", "occupation", lsp.id, 2, 3, ("U.1",))
    ok = {
        "scheme": scheme,
        "assessor": assessor,
        "tuk": None,
        "results": [UnitResult("U.1", "K")],
        "today": TODAY,
        "prior_latest": {},
    }
    with pytest.raises(AssessorInactive):
        check_assessment(assessed_on=TODAY, **ok)
    check_assessment(assessed_on=TODAY - timedelta(days=1), **ok)


async def test_facility_import_is_all_or_nothing_and_idempotent(conn: asyncpg.Connection) -> None:
    header = "code,name,kind,regency_code,kanwil,bapas_code\n"
    lapas = "LAPAS-MLG,Lapas Kelas I Malang,lapas,35.73,,BAPAS-MLG\n"  # names a Bapas from a later line
    bapas = "BAPAS-MLG,Bapas Kelas I Malang,bapas,35.73,,\n"
    before = await _counts(conn)
    bad = header + lapas + bapas + "RUTAN-MLG,Rutan Malang,rutan,35.73,,LAPAS-MLG\n"
    with pytest.raises(ImportRowError) as caught:
        await organisation_import.import_csv(conn, ADMIN, "facilities", bad.splitlines(keepends=True), TODAY)
    assert caught.value.line == 4 and caught.value.field == "bapas_code" and "bukan Bapas" in str(caught.value)
    assert await _counts(conn) == before
    with pytest.raises(ImportRowError) as caught:
        await organisation_import.import_csv(conn, ADMIN, "facilities", [header, lapas, lapas], TODAY)
    assert caught.value.line == 3 and "baris 2" in str(caught.value)
    with pytest.raises(ImportRowError) as caught:
        await organisation_import.import_csv(
            conn, ADMIN, "facilities", ["code,name,kind,regency_code,jenis\n", "X,Y,bapas,32.73,Z\n"], TODAY
        )
    assert caught.value.line == 1 and caught.value.field == "jenis"

    first = await organisation_import.import_csv(conn, ADMIN, "facilities", [header, lapas, bapas], TODAY)
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    again = await organisation_import.import_csv(conn, ADMIN, "facilities", [header, lapas, bapas], TODAY)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    renamed = lapas.replace("Lapas Kelas I Malang", "Lapas Kelas I Lowokwaru")
    third = await organisation_import.import_csv(conn, ADMIN, "facilities", [header, renamed, bapas], TODAY)
    assert (third.inserted, third.updated, third.unchanged) == (0, 1, 1)
    name = await conn.fetchval("SELECT name FROM facilities WHERE code = 'LAPAS-MLG'")
    assert name == "Lapas Kelas I Lowokwaru"
    summary = await conn.fetchval(
        "SELECT detail->>'sha256' FROM audit_events WHERE action = 'import.facilities' ORDER BY id DESC LIMIT 1"
    )
    assert summary and len(summary) == 64


async def test_lsp_tuk_and_assessor_imports(conn: asyncpg.Connection) -> None:
    await organisation_import.import_csv(
        conn,
        ADMIN,
        "facilities",
        [
            "code,name,kind,regency_code,bapas_code\n",
            "BAPAS-DPS,Bapas Denpasar,bapas,51.71,\n",
            "LAPAS-KRB,Lapas Kerobokan,lapas,51.03,BAPAS-DPS\n",
        ],
        TODAY,
    )
    lsps = [
        "code,name,kind,licence_number,licence_valid_until,home_facility_code\n",
        "LSP-P1-KRB,LSP P1 Kerobokan,P1,KEP.5/BNSP/2025,2028-01-31,LAPAS-KRB\n",
    ]
    assert (await organisation_import.import_csv(conn, ADMIN, "lsps", lsps, TODAY)).inserted == 1
    tuks = [
        "code,name,lsp_code,facility_code,regency_code\n",
        "TUK-KRB,TUK Kerobokan,LSP-P1-KRB,LAPAS-KRB,\n",
        "TUK-X,TUK X,LSP-TIDAK-ADA,,51.71\n",
    ]
    with pytest.raises(ImportRowError) as caught:
        await organisation_import.import_csv(conn, ADMIN, "tuks", tuks, TODAY)
    assert caught.value.line == 3 and caught.value.field == "lsp_code"
    assert await conn.fetchval("SELECT count(*) FROM tuks") == 0
    assert (await organisation_import.import_csv(conn, ADMIN, "tuks", tuks[:2], TODAY)).inserted == 1
    people = [
        "registration_number,name,lsp_code,active_from,active_until\n",
        "MET.000.000101 2024,Made Asesor,LSP-P1-KRB,2024-02-01,2027-01-31\n",
        "MET.000.000102 2024,Ketut Asesor,LSP-P1-KRB,2024-02-01,31-01-2027\n",
    ]
    with pytest.raises(ImportRowError) as caught:
        await organisation_import.import_csv(conn, ADMIN, "assessors", people, TODAY)
    assert caught.value.line == 3 and caught.value.field == "active_until"
    assert await conn.fetchval("SELECT count(*) FROM assessors") == 0
    fixed = [*people[:2], people[2].replace("31-01-2027", "2027-01-31")]
    assert (await organisation_import.import_csv(conn, ADMIN, "assessors", fixed, TODAY)).inserted == 2
    assert (await organisation_import.import_csv(conn, ADMIN, "assessors", fixed, TODAY)).unchanged == 2


async def test_invitations_fix_role_and_scope_and_work_once(conn: asyncpg.Connection) -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    profile, applicant = await employers.apply_as_partner(
        conn,
        name="PT Uji",
        nib="1234567890123",
        sector="jasa",
        kbli="82110",
        address="Jl. Uji 1",
        regency_code="32.73",
        contact_name="Uji",
        contact_email="uji@pt-uji.example.id",
        contact_phone="0221234567",
        fair_chance_policy="Kesempatan kedua bagi semua pelamar yang memenuhi syarat.",
        password=PASSWORD,
    )
    assert applicant.role == "employer" and applicant.employer_id == profile.employer.id
    with pytest.raises(FormInvalid) as caught:
        await invitations.invite(
            conn, SYSTEM, now, email="a@b.id", name="A", organisation_kind="employer", organisation_id=None
        )
    assert list(caught.value.errors) == ["organisation"]
    with pytest.raises(FormInvalid) as caught:
        await invitations.invite(
            conn,
            SYSTEM,
            now,
            email="a@b.id",
            name="A",
            organisation_kind="kemnaker",
            organisation_id=None,
            org_admin=True,
        )
    assert list(caught.value.errors) == ["org_admin"]
    inv, code = await invitations.invite(
        conn,
        SYSTEM,
        now,
        email="Rekan@PT-Uji.example.id",
        name="Rekan",
        organisation_kind="employer",
        organisation_id=profile.employer.id,
    )
    assert inv.role == "employer" and inv.employer_id == profile.employer.id and inv.email == "rekan@pt-uji.example.id"
    assert await conn.fetchval("SELECT count(*) FROM invitations WHERE code_hash = $1", code) == 0  # only the hash
    with pytest.raises(FormInvalid):
        await invitations.accept_invitation(conn, now, code=code, password=PASSWORD[:5])
    with pytest.raises(Conflict, match="kedaluwarsa"):
        await invitations.accept_invitation(conn, now + timedelta(days=15), code=code, password=PASSWORD)
    user = await invitations.accept_invitation(conn, now, code=code, password=PASSWORD)
    assert (user.role, user.employer_id) == ("employer", profile.employer.id)
    with pytest.raises(Conflict, match="sudah dipakai"):
        await invitations.accept_invitation(conn, now, code=code, password=PASSWORD)

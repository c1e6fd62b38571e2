"""File import on the real PostgreSQL: good files, every kind of bad file (nothing stored), idempotence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from api.demo import load_demo
from api.demo.inmates import pseudonym_for as pseudonym_for_demo
from api.imports.service import import_file
from models.errors import ImportRowError
from models.repositories.inmates import InmateRepo

DATA = Path(__file__).parent.parent / "data"
TABLES = ("inmates", "consent_events", "vacancies", "competency_units", "audit_events")


@pytest.fixture
async def world(conn: asyncpg.Connection) -> asyncpg.Connection:
    """Demo reference data (UPT, regencies, units, employers) without people."""
    await load_demo(conn, inmates=0, seed=7, today=date(2025, 6, 2))
    return conn


async def _counts(conn: asyncpg.Connection) -> dict[str, int]:
    return {t: await conn.fetchval(f"SELECT count(*) FROM {t}") for t in TABLES}


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


async def _fails(conn: asyncpg.Connection, kind: str, path: Path) -> ImportRowError:
    before = await _counts(conn)
    with pytest.raises(ImportRowError) as info:
        await import_file(conn, kind, path)
    assert await _counts(conn) == before, "a failed import must store nothing"
    return info.value


@pytest.mark.parametrize("name", ["inmates.csv", "inmates.jsonl"])
async def test_good_inmate_file_then_reimport_changes_nothing(world: asyncpg.Connection, name: str) -> None:
    rows = sum(1 for line in (DATA / name).read_text().splitlines() if line.strip()) - name.endswith(".csv")
    seen: list[int] = []
    first = await import_file(world, "inmates", DATA / name, progress=seen.append)
    assert (first.rows, first.inserted, first.updated, first.unchanged) == (rows, rows, 0, 0)
    assert sum(seen) == rows
    again = await import_file(world, "inmates", DATA / name)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, rows)
    assert "unchanged" in str(again)
    events = await world.fetch("SELECT action, detail FROM audit_events WHERE action = 'import.inmates' ORDER BY id")
    assert len(events) == 2
    assert json.loads(events[-1]["detail"])["unchanged"] == rows


async def test_inmate_csv_values_are_stored_as_given(world: asyncpg.Connection) -> None:
    await import_file(world, "inmates", DATA / "inmates.csv")
    agus = await InmateRepo(world).get_by_external_id("SDP-3172-000101")
    assert agus.full_name == "Agus Setiawan" and agus.gender == "L" and agus.birth_year == 1988
    assert agus.skills == ("mengelas SMAW posisi 1G", "membaca gambar kerja las")
    assert agus.work_history == ("Tukang las pagar di Bekasi, 4 tahun",)
    assert agus.expected_release_date == date(2026, 8, 17) and agus.pb_date == date(2026, 2, 10)
    assert agus.consent.employer_matching and not agus.consent.reveal_name
    assert agus.pseudonym.startswith("WB-") and len(agus.pseudonym) == 15
    assert "3172" not in agus.pseudonym and agus.pseudonym != pseudonym_for_demo("SDP-3172-000101")
    facility = await world.fetchrow(
        "SELECT f.code, b.code AS bapas FROM facilities f JOIN facilities b ON b.id = $1 WHERE f.id = $2",
        agus.bapas_id,
        agus.facility_id,
    )
    assert (facility["code"], facility["bapas"]) == ("LAPAS-CIPINANG", "BAPAS-JAKTIM")
    assert agus.domicile_province_code == "31"
    made = await InmateRepo(world).get_by_external_id("SDP-5171-000103")
    assert made.skills[-1] == "housekeeping, basic English" and made.consent.reveal_facility
    assert (
        await world.fetchval(
            "SELECT count(*) FROM consent_events e JOIN inmates i ON i.id = e.inmate_id "
            "WHERE i.external_id LIKE 'SDP-%'"
        )
        == 5
    )


async def test_changed_row_is_updated_and_consent_change_is_recorded(world: asyncpg.Connection, tmp_path: Path) -> None:
    await import_file(world, "inmates", DATA / "inmates.csv")
    text = (DATA / "inmates.csv").read_text()
    changed = text.replace("Agus Setiawan,1988", "Agus Setiawan,1989").replace(
        "2027-01-05,,,,,yes,no,no,no", "2027-01-05,,,,,no,no,no,no"
    )
    summary = await import_file(world, "inmates", _write(tmp_path, "inmates.csv", changed))
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 2, 3)
    andi = await InmateRepo(world).get_by_external_id("SDP-7371-000104")
    assert not andi.consent.employer_matching and andi.version == 2
    history = await InmateRepo(world).consent_history(andi.id)
    assert [e.consent.employer_matching for e in history] == [True, False]


async def test_file_without_consent_columns_keeps_stored_consent(world: asyncpg.Connection, tmp_path: Path) -> None:
    await import_file(world, "inmates", DATA / "inmates.jsonl")
    line = json.loads((DATA / "inmates.jsonl").read_text().splitlines()[0])
    for key in [k for k in line if k.startswith("consent_")]:
        del line[key]
    summary = await import_file(world, "inmates", _write(tmp_path, "one.jsonl", json.dumps(line)))
    assert summary.unchanged == 1
    togar = await InmateRepo(world).get_by_external_id("SDP-1271-000201")
    assert togar.consent.employer_matching and togar.consent.reveal_facility


@pytest.mark.parametrize("name", ["vacancies.csv", "vacancies.jsonl"])
async def test_good_vacancy_file_and_reimport(world: asyncpg.Connection, name: str) -> None:
    first = await import_file(world, "vacancies", DATA / name)
    assert first.inserted == first.rows > 0
    again = await import_file(world, "vacancies", DATA / name)
    assert again.unchanged == again.rows and again.inserted == again.updated == 0
    row = await world.fetchrow(
        "SELECT v.title, v.province_code, v.required_units, v.fair_chance, e.external_id AS emp FROM vacancies v "
        "JOIN employers e ON e.id = v.employer_id WHERE v.external_id = $1",
        "LOKER-2025-0001" if name.endswith(".csv") else "LOKER-2025-0101",
    )
    if name.endswith(".csv"):
        assert row["title"] == "Welder SMAW untuk Fabrikasi Kanopi" and row["province_code"] == "35"
        assert row["required_units"] == ["C.25LAS00.001.1", "C.25LAS00.004.1"] and row["emp"] == "DEMO-EMP-0001"
    else:
        assert row["province_code"] == "33" and row["required_units"] == ["C.31MBL00.004.1"]


@pytest.mark.parametrize("name", ["units.csv", "units.jsonl"])
async def test_good_unit_file_and_reimport(world: asyncpg.Connection, name: str) -> None:
    first = await import_file(world, "units", DATA / name)
    assert first.inserted == first.rows > 0
    again = await import_file(world, "units", DATA / name)
    assert again.unchanged == again.rows


async def test_bad_field_names_line_and_field(world: asyncpg.Connection, tmp_path: Path) -> None:
    text = (DATA / "inmates.csv").read_text().replace("Andi Baharuddin,2006,L", "Andi Baharuddin,2006,X")
    err = await _fails(world, "inmates", _write(tmp_path, "bad.csv", text))
    assert (err.line, err.field) == (5, "gender")


async def test_bad_date_names_line_and_field(world: asyncpg.Connection, tmp_path: Path) -> None:
    lines = (DATA / "inmates.jsonl").read_text().splitlines()
    lines[3] = lines[3].replace('"2027-05-02"', '"02/05/2027"')
    err = await _fails(world, "inmates", _write(tmp_path, "bad.jsonl", "\n".join(lines)))
    assert (err.line, err.field) == (4, "expected_release_date")
    assert "YYYY-MM-DD" in str(err)


async def test_unknown_facility_names_the_row(world: asyncpg.Connection, tmp_path: Path) -> None:
    text = (DATA / "inmates.csv").read_text().replace("LAPAS-KEROBOKAN", "LAPAS-ATLANTIS")
    err = await _fails(world, "inmates", _write(tmp_path, "bad.csv", text))
    assert (err.line, err.field) == (4, "facility_code") and "LAPAS-ATLANTIS" in str(err)


async def test_unknown_references_for_vacancies(world: asyncpg.Connection, tmp_path: Path) -> None:
    text = (DATA / "vacancies.csv").read_text()
    err = await _fails(world, "vacancies", _write(tmp_path, "a.csv", text.replace("DEMO-EMP-0003", "NOPE")))
    assert (err.line, err.field) == (3, "employer_external_id")
    err = await _fails(
        world, "vacancies", _write(tmp_path, "b.csv", text.replace("I.56BAR00.002.1", "I.56BAR00.999.1"))
    )
    assert (err.line, err.field) == (4, "required_units")
    err = await _fails(world, "vacancies", _write(tmp_path, "c.csv", text.replace(",35.73,", ",35.99,")))
    assert (err.line, err.field) == (2, "regency_code")


async def test_bad_encoding_names_the_line(world: asyncpg.Connection, tmp_path: Path) -> None:
    raw = (DATA / "inmates.csv").read_bytes().replace(b"Euis Nurhayati", "Euis Nurhay\xe2ti".encode("latin-1"))
    err = await _fails(world, "inmates", _write(tmp_path, "latin1.csv", raw))
    assert err.line == 3 and "UTF-8" in str(err)


async def test_duplicate_ids_name_both_lines(world: asyncpg.Connection, tmp_path: Path) -> None:
    text = (DATA / "inmates.csv").read_text().replace("SDP-3578-000105", "SDP-3273-000102")
    err = await _fails(world, "inmates", _write(tmp_path, "dup.csv", text))
    assert (err.line, err.field) == (6, "external_id") and "line 3" in str(err)


@pytest.mark.parametrize("content", ["", "\n\n", "code,title,sector,kkni_level,description\n"])
async def test_empty_file_is_an_error(world: asyncpg.Connection, tmp_path: Path, content: str) -> None:
    err = await _fails(world, "units", _write(tmp_path, "empty.csv", content))
    assert "kosong" in str(err)
    err = await _fails(world, "units", _write(tmp_path, "empty.jsonl", content.replace(",", "")))
    assert "kosong" in str(err) or err.line == 1


async def test_one_bad_row_after_many_good_ones_stores_nothing(world: asyncpg.Connection, tmp_path: Path) -> None:
    header = "external_id,full_name,birth_year,gender,facility_code,skills\n"
    good = "".join(f"BULK-{i:05d},Orang {i},1990,L,LAPAS-CIPINANG,las;masak\n" for i in range(12_000))
    path = _write(tmp_path, "big.csv", header + good + "BULK-X,Orang X,19x0,L,LAPAS-CIPINANG,\n")
    err = await _fails(world, "inmates", path)
    assert (err.line, err.field) == (12_002, "birth_year")


async def test_header_and_type_errors(world: asyncpg.Connection, tmp_path: Path) -> None:
    err = await _fails(world, "units", _write(tmp_path, "h.csv", "code,title,colour\nC.10KOP00.001.1,x,y\n"))
    assert (err.line, err.field) == (1, "colour")
    err = await _fails(world, "units", _write(tmp_path, "m.csv", "code,title\nC.10KOP00.001.1,x\n"))
    assert (err.line, err.field) == (1, "sector")
    err = await _fails(world, "units", _write(tmp_path, "t.jsonl", '{"code": "C.10KOP00.001.1", "title": 5}'))
    assert (err.line, err.field) == (1, "title")
    err = await _fails(world, "units", _write(tmp_path, "j.jsonl", '{"code": "C.10KOP00.001.1",\n'))
    assert err.line == 1 and "JSON" in str(err)
    err = await _fails(world, "units", _write(tmp_path, "x.txt", "whatever"))
    assert err.line == 0 and ".csv" in str(err)

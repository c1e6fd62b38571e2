"""The SDP inmate import's optional ``nik``, ``offence_category`` and ``offence_text`` columns:
validated per line (line and column named, in Indonesian), encrypted before staging, all or
nothing, and a re-import of the same file writes (and audits) nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from api.demo import load_demo
from api.imports.service import import_file
from api.privacy.crypto import DataCipher
from api.privacy.rules import Offence, decode_offence
from models.errors import ImportRowError
from models.repositories.inmates import InmateRepo

CIPHER = DataCipher.from_keys(bytes(range(32)))
HEADER = "external_id,full_name,birth_year,gender,facility_code,domicile_regency_code"
AGUS = "SDP-3172-000101,Agus Setiawan,1988,L,LAPAS-CIPINANG,31.72"
EUIS = "SDP-3273-000102,Euis Nurhayati,1995,P,LAPAS-PEREMPUAN-TNG,32.73"
AGUS_NIK = "3172011203880001"  # man, 12 March 1988
EUIS_NIK = "3273015508950002"  # woman (day + 40), 15 August 1995


@pytest.fixture
async def world(conn: asyncpg.Connection) -> asyncpg.Connection:
    """Demo reference data (UPT, regencies, units, employers) without people."""
    await load_demo(conn, inmates=0, seed=7, today=date(2025, 6, 2))
    return conn


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def _stored(conn: asyncpg.Connection, external_id: str) -> tuple[str | None, Offence | None]:
    i = await InmateRepo(conn).get_by_external_id(external_id)
    nik, offence = (CIPHER.decrypt_optional(i.national_id_enc, "national_id"),
                    CIPHER.decrypt_optional(i.offence_enc, "offence"))  # fmt: skip
    return nik, None if offence is None else decode_offence(offence)


async def _snapshot(conn: asyncpg.Connection) -> tuple[int, int, int]:
    return (
        await conn.fetchval("SELECT count(*) FROM inmates"),
        await conn.fetchval("SELECT count(*) FROM inmates WHERE num_nonnulls(national_id_enc, offence_enc) > 0"),
        await conn.fetchval("SELECT count(*) FROM audit_events"),
    )


async def test_csv_with_nik_and_offence_is_encrypted_and_reimport_changes_nothing(
    world: asyncpg.Connection, tmp_path: Path
) -> None:
    text = (
        f"{HEADER},nik,offence_category,offence_text\n"
        f'{AGUS},"3172 0112 0388 0001",pencurian,"Pasal 362 KUHP, putusan PN Jakarta Timur 2024"\n'
        f"{EUIS},{EUIS_NIK},narkotika,\n"
        "SDP-5171-000103,I Made Suardana,1979,L,LAPAS-KEROBOKAN,51.71,,,\n"
    )
    path = _write(tmp_path, "sdp.csv", text)
    first = await import_file(world, "inmates", path, cipher=CIPHER)
    assert (first.inserted, first.updated) == (3, 0)
    assert await _stored(world, "SDP-3172-000101") == (
        AGUS_NIK, Offence("pencurian", "Pasal 362 KUHP, putusan PN Jakarta Timur 2024")
    )  # fmt: skip
    assert await _stored(world, "SDP-3273-000102") == (EUIS_NIK, Offence("narkotika", ""))
    assert await _stored(world, "SDP-5171-000103") == (None, None)
    raw = await world.fetchrow("SELECT national_id_enc, offence_enc FROM inmates WHERE external_id = 'SDP-3172-000101'")
    assert AGUS_NIK.encode() not in raw["national_id_enc"] and b"362" not in raw["offence_enc"]
    writes = await world.fetch(
        "SELECT subject_inmate_id, actor_role, reason FROM audit_events WHERE action = 'inmate.sensitive.write'"
    )
    assert len(writes) == 2 and {w["reason"] for w in writes} == {"import sdp.csv"}
    assert {w["actor_role"] for w in writes} == {"system"}
    detail = json.loads(await world.fetchval("SELECT detail FROM audit_events WHERE action = 'import.inmates'"))
    assert detail["sensitive_written"] == 2

    again = await import_file(world, "inmates", path, cipher=CIPHER)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert await world.fetchval("SELECT count(*) FROM audit_events WHERE action = 'inmate.sensitive.write'") == 2

    # a later file without the columns (or with them empty) keeps what is stored; a new value replaces it
    plain = _write(tmp_path, "plain.csv", f"{HEADER}\n{AGUS}\n")
    assert (await import_file(world, "inmates", plain, cipher=CIPHER)).unchanged == 1
    changed = _write(tmp_path, "changed.csv", f"{HEADER},offence_category,offence_text\n{AGUS},penipuan,Pasal 378\n")
    assert (await import_file(world, "inmates", changed, cipher=CIPHER)).updated == 1
    assert await _stored(world, "SDP-3172-000101") == (AGUS_NIK, Offence("penipuan", "Pasal 378"))


async def test_jsonl_carries_the_same_columns(world: asyncpg.Connection, tmp_path: Path) -> None:
    row = {
        "external_id": "SDP-3273-000102", "full_name": "Euis Nurhayati", "birth_year": 1995, "gender": "P",
        "facility_code": "LAPAS-PEREMPUAN-TNG", "nik": int(EUIS_NIK), "offence_category": "lainnya",
        "offence_text": "Pasal 263 KUHP (pemalsuan surat)",
    }  # fmt: skip
    path = _write(tmp_path, "sdp.jsonl", json.dumps(row) + "\n")
    assert (await import_file(world, "inmates", path, cipher=CIPHER)).inserted == 1
    assert await _stored(world, "SDP-3273-000102") == (EUIS_NIK, Offence("lainnya", "Pasal 263 KUHP (pemalsuan surat)"))


@pytest.mark.parametrize(
    ("cells", "field", "words"),
    [
        ("317201120388,,", "nik", "tepat 16 angka, ada 12 angka"),
        ("9972011203880001,,", "nik", "kode provinsi 99"),
        ("3172013203880001,,", "nik", "bukan tanggal yang mungkin"),
        ("3172011203890001,,", "nik", "tidak cocok dengan tahun lahir klien (1988)"),
        ("3172O11203880001,,", "nik", "hanya boleh berisi 16 angka"),
        (",begal,", "offence_category", "harus salah satu dari: narkotika"),
        (",,Pasal 362 KUHP", "offence_category", "pilih kategori"),
        (",lainnya,", "offence_text", "uraikan"),
    ],
)
async def test_bad_sensitive_cell_names_line_and_column_and_stores_nothing(
    world: asyncpg.Connection, tmp_path: Path, cells: str, field: str, words: str
) -> None:
    text = f"{HEADER},nik,offence_category,offence_text\n{EUIS},{EUIS_NIK},narkotika,\n{AGUS},{cells}\n"
    before = await _snapshot(world)
    with pytest.raises(ImportRowError) as info:
        await import_file(world, "inmates", _write(tmp_path, "bad.csv", text), cipher=CIPHER)
    assert (info.value.line, info.value.field) == (3, field)
    assert words in str(info.value) and str(info.value).startswith(f"baris 3, kolom '{field}'")
    assert await _snapshot(world) == before, "a failed import must store nothing"


async def test_sensitive_columns_need_the_data_key(world: asyncpg.Connection, tmp_path: Path) -> None:
    path = _write(tmp_path, "sdp.csv", f"{HEADER},nik\n{AGUS},{AGUS_NIK}\n")
    before = await _snapshot(world)
    with pytest.raises(ImportRowError) as info:
        await import_file(world, "inmates", path)
    assert info.value.field == "nik" and await _snapshot(world) == before

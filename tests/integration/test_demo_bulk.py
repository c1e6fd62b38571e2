"""The demo's bulk load writes exactly the same rows whichever way it loads (issue 17).

``GOLDEN`` holds per-table row counts and digests over natural keys (database ids and ``now()``
columns differ between loads) taken from the loader *before* it was rewritten for speed (COPY
per chunk, enrolments computed per chunk, generation in a second process, indexes and foreign keys
checked once): the rewrite must not change one row of the demo. NIK and offence are compared after
decryption (the ciphertext has a random nonce).
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import asyncpg
import pytest
import pytest_asyncio

from api.demo import load_demo
from api.demo import service as demo_service
from models.db import APP_ROLE, create_pool
from models.migrate import migrate
from models.repositories.bulk import BULK_TABLES, BulkRepo
from tests.conftest import create_database, drop_database, rolled_back, with_db

TODAY = date(2025, 6, 2)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def fresh_pool(pg_uri: str, worker_id: str) -> AsyncIterator[asyncpg.Pool]:
    """A database of this module's own: the digests cover reference tables (facilities, units, LSPs)
    that tests committing through other connections leave rows in, in the worker's shared database."""
    name = f"demo_bulk_{worker_id}"
    await drop_database(pg_uri, name)
    await create_database(pg_uri, name)
    pool = await create_pool(with_db(pg_uri, name), min_size=1, max_size=2)
    async with pool.acquire() as c:
        await migrate(c)
    yield pool
    await pool.close()
    await drop_database(pg_uri, name)


@pytest_asyncio.fixture(loop_scope="session")
async def conn(fresh_pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the module's database inside a transaction rolled back after the test."""
    async with rolled_back(fresh_pool) as c:
        yield c


# table -> query giving one text per row, by natural keys only
DIGESTS: dict[str, str] = {
    "inmates": """
        SELECT concat_ws(',', i.external_id, i.pseudonym, i.full_name, i.birth_year, i.gender, f.code, b.code,
                         i.domicile_regency_code, i.domicile_province_code, i.education, i.skills::text,
                         i.work_history::text, i.trainings::text, i.status, i.expected_release_date,
                         i.asimilasi_date, i.pb_date, i.cb_date, i.cmb_date, i.consent_matching,
                         i.consent_reveal_name, i.consent_reveal_facility, i.consent_reveal_offence, i.version,
                         i.anonymised_at, i.offence_enc IS NULL, i.national_id_enc IS NULL)
        FROM inmates i JOIN facilities f ON f.id = i.facility_id LEFT JOIN facilities b ON b.id = i.bapas_id""",
    "consent_events": """
        SELECT concat_ws(',', i.external_id, c.employer_matching, c.reveal_name, c.reveal_facility, c.reveal_offence,
                         c.recorded_by, c.note)
        FROM consent_events c JOIN inmates i ON i.id = c.inmate_id""",
    "assessments": """
        SELECT concat_ws(',', i.external_id, s.code, r.registration_number, t.code, a.assessed_on)
        FROM assessments a JOIN inmates i ON i.id = a.inmate_id JOIN schemes s ON s.id = a.scheme_id
        JOIN assessors r ON r.id = a.assessor_id LEFT JOIN tuks t ON t.id = a.tuk_id""",
    "assessment_results": """
        SELECT concat_ws(',', i.external_id, s.code, a.assessed_on, x.unit_code, x.result, x.evidence)
        FROM assessment_results x JOIN assessments a ON a.id = x.assessment_id JOIN inmates i ON i.id = a.inmate_id
        JOIN schemes s ON s.id = a.scheme_id""",
    "certificates": """
        SELECT concat_ws(',', c.number, i.external_id, s.code, l.code, a.assessed_on, c.issued_on, c.valid_until,
                         c.status, c.status_reason, c.status_at, c.suspended_until, c.renewed_from_id, c.key_id)
        FROM certificates c JOIN inmates i ON i.id = c.inmate_id JOIN schemes s ON s.id = c.scheme_id
        JOIN lsps l ON l.id = c.lsp_id JOIN assessments a ON a.id = c.assessment_id""",
    "certificate_units": """
        SELECT concat_ws(',', c.number, u.unit_code)
        FROM certificate_units u JOIN certificates c ON c.id = u.certificate_id""",
    "lsp_enrolments": """
        SELECT concat_ws(',', l.code, i.external_id, e.source, e.enrolled_by, e.withdrawn_at, e.withdrawn_by)
        FROM lsp_enrolments e JOIN lsps l ON l.id = e.lsp_id JOIN inmates i ON i.id = e.inmate_id""",
    "employers": """
        SELECT concat_ws(',', external_id, name, sector, province_code, regency_code, partner_status, contact_email,
                         nib, kbli, address, contact_name, contact_phone, fair_chance_policy, applied_at,
                         status_reason, status_changed_at)
        FROM employers""",
    "vacancies": """
        SELECT concat_ws(',', v.external_id, e.external_id, v.title, v.description, v.requirements::text,
                         v.required_units::text, v.province_code, v.regency_code, v.positions, v.start_date,
                         v.fair_chance, v.status, v.created_at, v.updated_at)
        FROM vacancies v JOIN employers e ON e.id = v.employer_id""",
    "applications": """
        SELECT concat_ws(',', v.external_id, i.external_id, a.stage, a.stage_reason, a.version, a.created_at,
                         a.updated_at)
        FROM applications a JOIN vacancies v ON v.id = a.vacancy_id JOIN inmates i ON i.id = a.inmate_id""",
    "application_events": """
        SELECT concat_ws(',', v.external_id, i.external_id, x.from_stage, x.to_stage, x.reason, x.created_at)
        FROM application_events x JOIN applications a ON a.id = x.application_id
        JOIN vacancies v ON v.id = a.vacancy_id JOIN inmates i ON i.id = a.inmate_id""",
    "placements": """
        SELECT concat_ws(',', i.external_id, e.external_id, v.external_id, p.position_title, p.started_on,
                         p.created_at)
        FROM placements p JOIN inmates i ON i.id = p.inmate_id JOIN employers e ON e.id = p.employer_id
        LEFT JOIN vacancies v ON v.id = p.vacancy_id""",
    "placement_followups": """
        SELECT concat_ws(',', i.external_id, v.external_id, f.month, f.still_employed, f.note, f.created_at)
        FROM placement_followups f JOIN placements p ON p.id = f.placement_id JOIN inmates i ON i.id = p.inmate_id
        LEFT JOIN vacancies v ON v.id = p.vacancy_id""",
    "training_enrolments": """
        SELECT concat_ws(',', p.title, f.code, c.starts_on, i.external_id, e.status)
        FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id
        JOIN training_programmes p ON p.id = c.programme_id JOIN facilities f ON f.id = c.facility_id
        JOIN inmates i ON i.id = e.inmate_id""",
    "training_attendance": """
        SELECT concat_ws(',', c.starts_on, f.code, i.external_id, t.session_on, t.present)
        FROM training_attendance t JOIN training_enrolments e ON e.id = t.enrolment_id
        JOIN training_classes c ON c.id = e.class_id JOIN facilities f ON f.id = c.facility_id
        JOIN inmates i ON i.id = e.inmate_id""",
    "reference": """
        SELECT concat_ws(',', 'facility', code, name, kind, kanwil, province_code, regency_code) FROM facilities
        UNION ALL SELECT concat_ws(',', 'unit', code, title, sector, kkni_level, description) FROM competency_units
        UNION ALL SELECT concat_ws(',', 'lsp', code, name, kind, licence_number, licence_valid_until, number_format)
            FROM lsps
        UNION ALL SELECT concat_ws(',', 'scheme', s.code, s.title, s.kind, l.code, s.kkni_level, s.validity_years,
                                   (SELECT string_agg(unit_code, ';' ORDER BY position) FROM scheme_units u
                                    WHERE u.scheme_id = s.id))
            FROM schemes s JOIN lsps l ON l.id = s.lsp_id
        UNION ALL SELECT concat_ws(',', 'assessor', a.registration_number, a.name, l.code, a.active_from,
                                   a.active_until)
            FROM assessors a JOIN lsps l ON l.id = a.lsp_id
        UNION ALL SELECT concat_ws(',', 'tuk', t.code, t.name, l.code, f.code, t.regency_code)
            FROM tuks t JOIN lsps l ON l.id = t.lsp_id LEFT JOIN facilities f ON f.id = t.facility_id
        UNION ALL SELECT concat_ws(',', 'programme', title, provider_kind, provider_name, hours, description)
            FROM training_programmes""",
}

# Taken from the loader before the issue-17 rewrite (seed 7, 1,500 people, TODAY, the test cipher).
GOLDEN: dict[str, tuple[int, str]] = {
    "inmates": (1500, "a5a7ee891a67f58b39e706b919af2bea"),
    "consent_events": (1500, "f6ac0035bc44075614eff76d34a277de"),
    "assessments": (647, "498565e36a4f9789d74fd53d5c992cf8"),
    "assessment_results": (3340, "c678cbab102606d0f24e36689a6bd4fc"),
    "certificates": (579, "1a0e92b95aa3b36a7528a2285b1052d8"),
    "certificate_units": (2984, "e2400830ecc8baa6bc03749671969bc0"),
    "lsp_enrolments": (6643, "3ae69a551832cdb81c267127c1249379"),
    "employers": (120, "582559b8885a3cd5273e408c196fa434"),
    "vacancies": (360, "91420754de03b7984720ba0d91da880e"),
    "applications": (882, "ac2335164959e04193dfc47cce66ee15"),
    "application_events": (1973, "bb4ff7956f3e84e2dbb2480ec4ea62fc"),
    "placements": (105, "5b81d95f44fe392c75b40f193c014292"),
    "placement_followups": (97, "0634cc88ed17e981db9fcfc9a8090059"),
    "training_enrolments": (120, "1fee3cebad73a9b02ad167afddc07425"),
    "training_attendance": (465, "e27268078a6e019d9e9cba7cdf296a3f"),
    "reference": (596, "91986bd42169dc546fe25ea9cc7d090e"),
    "sensitive (decrypted)": (679, "852acc06e03ea0be05821bc682b1004e"),
}


def _cipher() -> Any:
    from api.privacy.crypto import DataCipher

    return DataCipher.from_keys(bytes(range(32)))


async def _digests(conn: asyncpg.Connection, cipher: Any) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for table, sql in DIGESTS.items():
        row = await conn.fetchrow(
            f"SELECT count(*), md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM ({sql}) t(x)"
        )
        out[table] = (int(row[0]), str(row[1]))
    rows = await conn.fetch(
        "SELECT external_id, national_id_enc, offence_enc FROM inmates WHERE offence_enc IS NOT NULL ORDER BY 1"
    )
    h = hashlib.md5(usedforsecurity=False)
    for r in rows:
        nik = cipher.decrypt(bytes(r[1]), "national_id")
        offence = cipher.decrypt(bytes(r[2]), "offence")
        h.update(f"{r[0]}|{nik}|{offence}\n".encode())
    out["sensitive (decrypted)"] = (len(rows), h.hexdigest())
    return out


async def _load(conn: asyncpg.Connection, *, role: str | None = None) -> dict[str, tuple[int, str]]:
    cipher = _cipher()
    tx = conn.transaction()
    await tx.start()
    try:
        if role is not None:
            await conn.execute(f"SET LOCAL ROLE {role}")
        await load_demo(conn, inmates=1500, seed=7, today=TODAY, cipher=cipher)
        return await _digests(conn, cipher)
    finally:
        await tx.rollback()


SCHEMA = """
SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY($1::text[]::regclass[])
UNION ALL
SELECT concat_ws(' ', 'constraint', conrelid::regclass, conname, pg_get_constraintdef(oid), convalidated)
FROM pg_constraint WHERE conrelid = ANY($1::text[]::regclass[])
ORDER BY 1
"""


async def test_demo_rows_are_the_same_as_before_the_rewrite(conn: asyncpg.Connection) -> None:
    got = await _load(conn)
    assert {k: v for k, v in got.items() if GOLDEN.get(k) != v} == {}


@pytest.mark.parametrize("path", ["worker", "app_role"])
async def test_every_load_path_writes_the_same_rows(
    conn: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """The fast path with rows built in the worker process, 500 people per chunk; and the service's
    app role, which may not alter tables, so every index and key is checked row by row (the
    default test above: below FAST_MIN and WORKER_MIN, in this process). The same rows."""
    monkeypatch.setattr(demo_service, "FAST_MIN", 0)
    if path == "worker":
        monkeypatch.setattr(demo_service, "WORKER_MIN", 0)
        monkeypatch.setattr(demo_service, "CHUNK", 500)
    got = await _load(conn, role=APP_ROLE if path == "app_role" else None)
    assert {k: v for k, v in got.items() if GOLDEN.get(k) != v} == {}


async def test_fast_path_leaves_every_index_and_key_as_the_migrations_made_them(
    conn: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_service, "FAST_MIN", 0)
    before = [r[0] for r in await conn.fetch(SCHEMA, list(BULK_TABLES))]
    assert sum(x.startswith("constraint") and "FOREIGN KEY" in x for x in before) >= 15
    deferred = await BulkRepo(conn).defer_checks(BULK_TABLES)
    assert deferred is not None and len(deferred.indexes) >= 10 and len(deferred.constraints) >= 15
    during = [r[0] for r in await conn.fetch(SCHEMA, list(BULK_TABLES))]
    assert not any("FOREIGN KEY" in x and "users" not in x for x in during)
    await BulkRepo(conn).restore_checks(deferred)
    await load_demo(conn, inmates=300, seed=7, today=TODAY)
    assert [r[0] for r in await conn.fetch(SCHEMA, list(BULK_TABLES))] == before


async def test_fast_path_only_on_empty_tables_it_owns(conn: asyncpg.Connection) -> None:
    repo = BulkRepo(conn)
    await load_demo(conn, inmates=20, seed=7, today=TODAY)
    assert await repo.defer_checks(BULK_TABLES) is None  # people already there
    await conn.execute("DELETE FROM lsp_enrolments")
    assert await repo.defer_checks(["lsp_enrolments"]) is not None  # empty and owned
    await conn.execute(f"SET LOCAL ROLE {APP_ROLE}")
    assert await repo.defer_checks(["lsp_enrolments"]) is None  # not the owner


@pytest.mark.parametrize("copies", [1, 2])
async def test_a_broken_row_in_the_fast_path_fails_the_load(conn: asyncpg.Connection, copies: int) -> None:
    """Indexes and keys are checked when re-created: a row pointing nowhere, or a second live
    enrolment of one person with one LSP, fails the load before it commits."""
    repo = BulkRepo(conn)
    deferred = await repo.defer_checks(BULK_TABLES)
    assert deferred is not None
    await repo.copy_lsp_enrolments([(999_999, 999_999, "demo")] * copies)
    error = asyncpg.ForeignKeyViolationError if copies == 1 else asyncpg.UniqueViolationError
    with pytest.raises(error):
        await repo.restore_checks(deferred)


async def test_a_failure_in_the_worker_process_fails_the_load(
    conn: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's error reaches the loader (its rows never half-written): here a chunk size that
    would change who gets a NIK and offence on record."""
    monkeypatch.setattr(demo_service, "WORKER_MIN", 0)
    monkeypatch.setattr(demo_service, "CHUNK", 3000)  # not a divisor of rows.SENSITIVE_BLOCK
    tx = conn.transaction()
    await tx.start()
    try:
        with pytest.raises(RuntimeError, match="worker process") as failed:
            await load_demo(conn, inmates=50, seed=7, today=TODAY, cipher=_cipher())
        assert isinstance(failed.value.__cause__, ValueError)
        assert await conn.fetchval("SELECT count(*) FROM inmates") == 0
    finally:
        await tx.rollback()

"""Erasure reaches every free-text column about a person (issue 13, row 14).

The schema is read from ``information_schema``: ``inmates``, every table with an ``inmate_id``
column, and the tables that reference those by foreign key (events, results, follow-ups). Each of
their text-like columns must be declared in ``models.repositories.privacy.ERASURE_COLUMNS``
(cleared, deleted with the row, or kept with a reason), so a new column fails here until someone
decides what erasure does with it. Then a person gets a marker in every column declared cleared,
is erased, and no row about them still holds anything of it."""

from __future__ import annotations

from typing import Any

import asyncpg

from api.privacy import actions as privacy
from api.privacy.crypto import DataCipher
from api.privacy.rules import Offence
from models.records import Actor, Consent
from models.repositories.privacy import CLEARED, DELETED, ERASURE_COLUMNS
from tests import factories as f

MARK = "PENANDA-RAHASIA"
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb", "bytea")

# Tables about a person, and for each the foreign key that leads towards ``inmates``:
# (table, its column, the referenced table, the referenced column).
_TABLES = """
WITH direct AS (
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = 'inmate_id'
    UNION SELECT 'inmates'
)
SELECT fk.table_name, kcu.column_name, pk.table_name AS parent, pcu.column_name AS parent_column
FROM information_schema.referential_constraints r
JOIN information_schema.table_constraints fk
  ON fk.constraint_schema = r.constraint_schema AND fk.constraint_name = r.constraint_name
JOIN information_schema.table_constraints pk
  ON pk.constraint_schema = r.unique_constraint_schema AND pk.constraint_name = r.unique_constraint_name
JOIN information_schema.key_column_usage kcu
  ON kcu.constraint_schema = fk.constraint_schema AND kcu.constraint_name = fk.constraint_name
JOIN information_schema.key_column_usage pcu
  ON pcu.constraint_schema = pk.constraint_schema AND pcu.constraint_name = pk.constraint_name
 AND pcu.ordinal_position = kcu.position_in_unique_constraint
WHERE fk.table_schema = 'public' AND pk.table_name IN (SELECT table_name FROM direct)
  AND fk.table_name <> pk.table_name
UNION
SELECT table_name, NULL, NULL, NULL FROM direct
"""
_COLUMNS = """
SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = 'public' AND table_name = ANY($1::text[])
  AND (data_type = ANY($2::text[]) OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar')))
ORDER BY table_name, column_name
"""


async def person_tables(conn: asyncpg.Connection) -> dict[str, str]:
    """Table -> SQL condition selecting its rows about person ``$1``."""
    links = await conn.fetch(_TABLES)
    direct = {r["table_name"] for r in links if r["column_name"] is None}
    where = {t: ("id = $1" if t == "inmates" else "inmate_id = $1") for t in direct}
    for r in links:  # one level below: rows whose parent row is about the person
        t = r["table_name"]
        if r["column_name"] is not None and t not in direct and r["parent"] in direct:
            parent = where[r["parent"]]
            cond = f"{r['column_name']} IN (SELECT {r['parent_column']} FROM {r['parent']} WHERE {parent})"
            where[t] = f"{where[t]} OR {cond}" if t in where else cond
    return where


async def text_columns(conn: asyncpg.Connection, tables: list[str]) -> set[tuple[str, str]]:
    return {(r["table_name"], r["column_name"]) for r in await conn.fetch(_COLUMNS, tables, list(TEXT_TYPES))}


async def test_every_text_column_about_a_person_is_declared_for_erasure(conn: asyncpg.Connection) -> None:
    tables = await person_tables(conn)
    assert {"inmates", "placements", "application_events", "placement_followups"} <= set(tables)
    found = await text_columns(conn, sorted(tables))
    declared = {(t, c) for t, cols in ERASURE_COLUMNS.items() for c in cols}
    missing = sorted(found - declared)
    assert not missing, (
        f"text columns about a person that erasure does not know: {missing}; clear them in "
        "PrivacyRepo.anonymise and declare them in ERASURE_COLUMNS (models/repositories/privacy.py), "
        "or declare them kept with the reason"
    )
    stale = sorted(declared - found)
    assert not stale, f"ERASURE_COLUMNS names columns that no longer exist: {stale}"


async def _officer(conn: asyncpg.Connection, bapas_id: int) -> Actor:
    uid = await conn.fetchval(
        "INSERT INTO users (email, name, password_hash, role, bapas_id) VALUES ($1, 'Petugas', 'x', "
        "'bapas_officer', $2) RETURNING id",
        f.uid("pk") + "@example.id",
        bapas_id,
    )
    return Actor(uid, "bapas_officer")


async def _person_with_marks(conn: asyncpg.Connection, cipher: DataCipher) -> tuple[int, Actor]:
    """A person with ``MARK`` in every free-text column erasure must clear."""
    fac = await f.places(conn)
    cat = await f.catalogue(conn)
    person = await f.inmate(
        conn, fac["lapas"], fac["bapas"], skills=(MARK,), work_history=(MARK,), name=f"{MARK} Santoso"
    )
    await conn.execute(
        "UPDATE inmates SET external_id = $2, education = $3, trainings = ARRAY[$3] WHERE id = $1",
        person, f"{MARK}-{person}", MARK,
    )  # fmt: skip
    officer = await _officer(conn, fac["bapas"])
    await privacy.update_sensitive(
        conn, officer, cipher, person, reason="putusan pengadilan", national_id="3273010101900001",
        offence=Offence("pencurian", MARK),
    )  # fmt: skip
    await privacy.set_consent(conn, officer, person, Consent(employer_matching=True, reveal_offence=True), MARK)
    cert = await f.certificate(conn, person, cat["welding"], cat["lsp"], [u.code for u in f.WELDING_UNITS])
    await conn.execute("UPDATE certificates SET status_reason = $2 WHERE id = $1", cert, MARK)
    assessment = await conn.fetchval(
        "INSERT INTO assessments (inmate_id, scheme_id, assessor_id, assessed_on) VALUES ($1, $2, $3, current_date)"
        " RETURNING id",
        person, cat["welding"], cat["assessor"],
    )  # fmt: skip
    await conn.execute(
        "INSERT INTO assessment_results (assessment_id, unit_code, result, evidence) VALUES ($1, $2, 'K', $3)",
        assessment, f.WELDING_UNITS[0].code, MARK,
    )  # fmt: skip
    emp = await f.employer(conn)
    vac = await f.vacancy(conn, emp, "Tukang Las")
    app = await conn.fetchval(
        "INSERT INTO applications (vacancy_id, inmate_id, stage, stage_reason) VALUES ($1, $2, 'offer', $3)"
        " RETURNING id",
        vac, person, MARK,
    )  # fmt: skip
    await conn.execute(
        "INSERT INTO application_events (application_id, from_stage, to_stage, reason) VALUES ($1, 'interview', "
        "'offer', $2)",
        app, MARK,
    )  # fmt: skip
    await privacy.release_offence(conn, officer, app, MARK)
    placement = await conn.fetchval(
        "INSERT INTO placements (inmate_id, employer_id, vacancy_id, position_title, started_on)"
        " VALUES ($1, $2, $3, $4, current_date) RETURNING id",
        person, emp, vac, f"Juru Las {MARK}",
    )  # fmt: skip
    await conn.execute(
        "INSERT INTO placement_followups (placement_id, month, still_employed, note) VALUES ($1, 3, true, $2)",
        placement, MARK,
    )  # fmt: skip
    review = await privacy.object_to_ranking(conn, officer, person, vac, MARK)
    await privacy.complete_review(conn, officer, review.id, MARK)
    await conn.execute(
        "INSERT INTO inmate_embeddings (inmate_id, model, text_hash, embedding)"
        " VALUES ($1, 'uji', $2, array_fill(0.1::real, ARRAY[512])::vector)",
        person, MARK,
    )  # fmt: skip
    return person, officer


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], "{}")


async def _rows(conn: asyncpg.Connection, tables: dict[str, str], person: int) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for table, cols in ERASURE_COLUMNS.items():
        if table in tables:
            sql = f"SELECT {', '.join(cols)} FROM {table} WHERE {tables[table]}"
            out[table] = [dict(r) for r in await conn.fetch(sql, person)]
    return out


async def test_erasure_clears_every_free_text_column_about_the_person(conn: asyncpg.Connection) -> None:
    cipher = DataCipher.from_keys(bytes(range(32)))
    person, officer = await _person_with_marks(conn, cipher)
    tables = await person_tables(conn)
    before = await _rows(conn, tables, person)
    cleared = [(t, c) for t, cols in ERASURE_COLUMNS.items() for c, what in cols.items() if what == CLEARED]
    unseeded = [(t, c) for t, c in cleared if t in before and all(_empty(r[c]) for r in before[t])]
    assert not unseeded, f"the test seeds no value in these cleared columns (add one above): {unseeded}"

    assert await privacy.erase_subject(conn, officer, person, "permintaan penghapusan") is True

    after = await _rows(conn, tables, person)
    left = []
    for table, cols in ERASURE_COLUMNS.items():
        if table not in after:
            continue
        if any(what == DELETED for what in cols.values()) and after[table]:
            left.append((table, "rows not deleted"))
        old = {c: {str(r[c]) for r in before[table]} for c in cols}
        for row in after[table]:
            for column, what in cols.items():
                value = row[column]
                if what == CLEARED and not _empty(value) and (MARK in str(value) or str(value) in old[column]):
                    left.append((table, column))
                elif what != CLEARED and MARK in str(value):
                    left.append((table, column))  # a kept column must not carry free text about the person
    assert not left, f"erasure left data about the person in: {sorted(set(left))}"
    text = await conn.fetchval("SELECT row_to_json(i)::text FROM inmates i WHERE id = $1", person)
    assert MARK not in text

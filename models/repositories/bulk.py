"""Bulk writes for the demo loader and the file importer: COPY in chunks, set-based SQL.

Everything here runs inside the caller's transaction. Row-at-a-time statements would cap the
demo and imports at a few hundred rows per second; COPY plus one merge statement per table keeps
them at thousands, with memory bounded by one chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

INMATE_COPY_COLS = (
    "id",
    "external_id",
    "pseudonym",
    "full_name",
    "birth_year",
    "gender",
    "facility_id",
    "bapas_id",
    "domicile_regency_code",
    "domicile_province_code",
    "education",
    "skills",
    "work_history",
    "trainings",
    "status",
    "expected_release_date",
    "asimilasi_date",
    "pb_date",
    "cb_date",
    "cmb_date",
    "consent_matching",
    "consent_reveal_name",
    "consent_reveal_facility",
    "consent_reveal_offence",
)
CONSENT_COPY_COLS = (
    "inmate_id",
    "employer_matching",
    "reveal_name",
    "reveal_facility",
    "reveal_offence",
    "recorded_by",
    "note",
)
ASSESSMENT_COPY_COLS = ("id", "inmate_id", "scheme_id", "assessor_id", "tuk_id", "assessed_on")
RESULT_COPY_COLS = ("assessment_id", "unit_code", "result", "evidence")
CERTIFICATE_COPY_COLS = (
    "id",
    "number",
    "inmate_id",
    "scheme_id",
    "lsp_id",
    "assessment_id",
    "issued_on",
    "valid_until",
    "status",
    "status_reason",
    "status_at",
    "suspended_until",
)
CERTIFICATE_UNIT_COPY_COLS = ("certificate_id", "unit_code")
VACANCY_COPY_COLS = (
    "external_id",
    "employer_id",
    "title",
    "description",
    "requirements",
    "required_units",
    "province_code",
    "regency_code",
    "positions",
    "start_date",
    "fair_chance",
    "status",
)

_SEQUENCES = {
    "inmates": "inmates_id_seq",
    "assessments": "assessments_id_seq",
    "certificates": "certificates_id_seq",
    "applications": "applications_id_seq",
    "placements": "placements_id_seq",
}
APPLICATION_COPY_COLS = ("id", "vacancy_id", "inmate_id", "stage", "stage_reason", "version", "created_at",
                         "updated_at")  # fmt: skip
APPLICATION_EVENT_COPY_COLS = ("application_id", "from_stage", "to_stage", "reason", "created_at")
PLACEMENT_COPY_COLS = ("id", "inmate_id", "employer_id", "vacancy_id", "position_title", "started_on", "created_at")
FOLLOWUP_COPY_COLS = ("placement_id", "month", "still_employed", "note", "created_at")
ENROLMENT_COPY_COLS = ("lsp_id", "inmate_id", "source")
# The tables the demo's people go to, by COPY in chunks (see BulkRepo.defer_checks).
BULK_TABLES = (
    "inmates",
    "consent_events",
    "assessments",
    "assessment_results",
    "certificates",
    "certificate_units",
    "lsp_enrolments",
)


@dataclass(frozen=True)
class DeferredChecks:
    """What ``defer_checks`` dropped, as the statements that re-create it."""

    indexes: tuple[str, ...]  # CREATE INDEX ... (pg_get_indexdef)
    constraints: tuple[tuple[str, str, str], ...]  # (table, quoted name, pg_get_constraintdef)


class BulkRepo:
    """Set-based inserts used by the demo loader (reference data by value, people by COPY)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def demo_scopes(self) -> tuple[int | None, int | None, int | None, int | None]:
        """(first active partner employer, first Bapas with clients, first LSP, its first assessor
        registered today: the demo assessor must be able to record an assessment dated today)."""
        employer = await self.conn.fetchval("SELECT min(id) FROM employers WHERE partner_status = 'active'")
        bapas = await self.conn.fetchval("SELECT bapas_id FROM inmates WHERE bapas_id IS NOT NULL ORDER BY id LIMIT 1")
        lsp = await self.conn.fetchrow(
            "SELECT l.id, (SELECT min(a.id) FROM assessors a WHERE a.lsp_id = l.id"
            " AND current_date BETWEEN a.active_from AND a.active_until) AS assessor "
            "FROM lsps l ORDER BY l.id LIMIT 1"
        )
        return employer, bapas, None if lsp is None else lsp["id"], None if lsp is None else lsp["assessor"]

    async def facilities_exist(self, codes: Sequence[str]) -> bool:
        return bool(
            await self.conn.fetchval(
                "SELECT exists(SELECT 1 FROM facilities WHERE code = ANY($1::text[]))", list(codes)
            )
        )

    async def add_provinces(self, rows: Iterable[tuple[str, str]]) -> None:
        await self.conn.executemany(
            "INSERT INTO provinces (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING", list(rows)
        )

    async def add_regencies(self, rows: Iterable[tuple[str, str, str, float, float]]) -> None:
        """(code, name, province_code, lat, lon); existing regencies are kept as they are."""
        await self.conn.executemany(
            """
            INSERT INTO regencies (code, name, province_code, lat, lon) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (code) DO NOTHING
            """,
            list(rows),
        )

    async def add_facilities(self, rows: Sequence[tuple[str, str, str, str, str, str, str | None]]) -> dict[str, int]:
        """(code, name, kind, kanwil, province_code, regency_code, bapas_code); Bapas rows must come first
        in the same call or already exist. Returns ids by code."""
        await self.conn.execute(
            """
            INSERT INTO facilities (code, name, kind, kanwil, province_code, regency_code)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
            """,
            *[[r[k] for r in rows] for k in range(6)],
        )
        await self.conn.execute(
            """
            UPDATE facilities f SET bapas_id = b.id
            FROM unnest($1::text[], $2::text[]) AS x(code, bapas_code)
            JOIN facilities b ON b.code = x.bapas_code
            WHERE f.code = x.code
            """,
            [r[0] for r in rows if r[6]],
            [r[6] for r in rows if r[6]],
        )
        found = await self.conn.fetch(
            "SELECT code, id FROM facilities WHERE code = ANY($1::text[])", [r[0] for r in rows]
        )
        return {r["code"]: r["id"] for r in found}

    async def add_units(self, rows: Iterable[tuple[str, str, str, int | None, str]]) -> None:
        """(code, title, sector, kkni_level, description); units already in the catalogue win."""
        await self.conn.executemany(
            """
            INSERT INTO competency_units (code, title, sector, kkni_level, description)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING
            """,
            list(rows),
        )

    async def add_lsps(self, rows: Sequence[tuple[str, str, str, str, date, str, int | None]]) -> dict[str, int]:
        """(code, name, kind, licence_number, licence_valid_until, number_format, home_facility_id) -> ids."""
        found = await self.conn.fetch(
            """
            INSERT INTO lsps (code, name, kind, licence_number, licence_valid_until, number_format, home_facility_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::bigint[])
            RETURNING code, id
            """,
            *[[r[k] for r in rows] for k in range(7)],
        )
        return {r["code"]: r["id"] for r in found}

    async def add_schemes(
        self, rows: Sequence[tuple[str, str, str, int, int | None, int, Sequence[str]]]
    ) -> dict[str, int]:
        """(code, title, kind, lsp_id, kkni_level, validity_years, unit_codes) -> ids by code."""
        found = await self.conn.fetch(
            """
            INSERT INTO schemes (code, title, kind, lsp_id, kkni_level, validity_years)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::int[])
            RETURNING code, id
            """,
            *[[r[k] for r in rows] for k in range(6)],
        )
        ids = {r["code"]: r["id"] for r in found}
        await self.conn.executemany(
            "INSERT INTO scheme_units (scheme_id, unit_code, position) VALUES ($1, $2, $3)",
            [(ids[r[0]], code, pos) for r in rows for pos, code in enumerate(r[6])],
        )
        return ids

    async def add_assessors(self, rows: Sequence[tuple[str, str, int, date, date]]) -> dict[str, int]:
        """(registration_number, name, lsp_id, active_from, active_until) -> ids by registration number."""
        found = await self.conn.fetch(
            """
            INSERT INTO assessors (registration_number, name, lsp_id, active_from, active_until)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::date[], $5::date[])
            RETURNING registration_number, id
            """,
            *[[r[k] for r in rows] for k in range(5)],
        )
        return {r["registration_number"]: r["id"] for r in found}

    async def add_tuks(self, rows: Sequence[tuple[str, str, int, int | None, str | None]]) -> dict[str, int]:
        """(code, name, lsp_id, facility_id, regency_code) -> ids by code."""
        found = await self.conn.fetch(
            """
            INSERT INTO tuks (code, name, lsp_id, facility_id, regency_code)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[])
            RETURNING code, id
            """,
            *[[r[k] for r in rows] for k in range(5)],
        )
        return {r["code"]: r["id"] for r in found}

    async def add_employers(self, rows: Sequence[tuple[str, str, str, str, str, str, str]]) -> dict[str, int]:
        """(external_id, name, sector, province_code, regency_code, partner_status, contact_email)."""
        found = await self.conn.fetch(
            """
            INSERT INTO employers (external_id, name, sector, province_code, regency_code, partner_status,
                                   contact_email)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                 $7::text[])
            RETURNING external_id, id
            """,
            *[[r[k] for r in rows] for k in range(7)],
        )
        return {r["external_id"]: r["id"] for r in found}

    async def reserve_ids(self, table: str, n: int) -> list[int]:
        """Take ``n`` ids from a table's sequence in one round trip, so COPY can carry the keys
        that child rows (assessments, certificates) refer to."""
        if n == 0:
            return []
        rows = await self.conn.fetch(
            "SELECT nextval($1::regclass) AS id FROM generate_series(1, $2)", _SEQUENCES[table], n
        )
        return [r["id"] for r in rows]

    async def copy_inmates(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("inmates", records=records, columns=INMATE_COPY_COLS)

    async def copy_consent_events(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("consent_events", records=records, columns=CONSENT_COPY_COLS)

    async def copy_assessments(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("assessments", records=records, columns=ASSESSMENT_COPY_COLS)

    async def copy_assessment_results(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("assessment_results", records=records, columns=RESULT_COPY_COLS)

    async def copy_certificates(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("certificates", records=records, columns=CERTIFICATE_COPY_COLS)

    async def copy_certificate_units(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("certificate_units", records=records, columns=CERTIFICATE_UNIT_COPY_COLS)

    async def copy_lsp_enrolments(self, records: list[tuple[Any, ...]]) -> None:
        """(lsp_id, inmate_id, source) for people new in this transaction (no live enrolment yet)."""
        await self.conn.copy_records_to_table("lsp_enrolments", records=records, columns=ENROLMENT_COPY_COLS)

    async def defer_checks(self, tables: Sequence[str]) -> DeferredChecks | None:
        """Drop the secondary indexes and the foreign keys of ``tables`` for a bulk load, when every
        one of them is empty and owned by this session's role; None otherwise (an app role without
        DDL rights, or data already there: rows are then checked one by one).

        Maintaining the indexes and checking 4 foreign keys per row cost more than half of the
        server's time in the demo load; ``restore_checks`` re-creates them with one sort per index
        and one anti-join per key, before the caller commits, so the committed schema and the
        guarantees are the same (a duplicate or a dangling key fails the re-creation, and the load
        rolls back). Primary keys and unique constraints stay (other tables' keys point at them; a
        plain unique index is re-created like the others); so do keys to ``users`` (the demo's user
        columns are NULL: cheap, and sign-ins are not locked out while the load runs). The load
        holds the tables' locks until it commits.
        """
        owned = await self.conn.fetchval(
            """
            SELECT count(*) = cardinality($1::text[]) AND bool_and(pg_has_role(c.relowner, 'USAGE'))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = ANY($1::text[]) AND c.relkind = 'r'
            """,
            list(tables),
        )
        if not owned:
            return None
        empty = " AND ".join(f"NOT EXISTS (SELECT 1 FROM {_table(t)})" for t in tables)
        if not await self.conn.fetchval(f"SELECT {empty}"):
            return None
        indexes = await self.conn.fetch(
            """
            SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS ddl
            FROM pg_index i
            WHERE i.indrelid = ANY($1::text[]::regclass[]) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY i.indexrelid
            """,
            list(tables),
        )
        keys = await self.conn.fetch(
            """
            SELECT c.conrelid::regclass::text AS tbl, quote_ident(c.conname) AS name,
                   pg_get_constraintdef(c.oid) AS ddl
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid = ANY($1::text[]::regclass[]) AND c.confrelid <> 'users'::regclass
            ORDER BY c.oid
            """,
            list(tables),
        )
        for k in keys:
            await self.conn.execute(f"ALTER TABLE {k['tbl']} DROP CONSTRAINT {k['name']}")
        for i in indexes:
            await self.conn.execute(f"DROP INDEX {i['name']}")
        return DeferredChecks(
            indexes=tuple(i["ddl"] for i in indexes),
            constraints=tuple((k["tbl"], k["name"], k["ddl"]) for k in keys),
        )

    async def restore_checks(self, deferred: DeferredChecks) -> None:
        """Re-create what ``defer_checks`` dropped: every index, then every foreign key, validated
        over the loaded rows (a violation raises and the caller's transaction rolls back)."""
        for ddl in deferred.indexes:
            await self.conn.execute(ddl)
        for table, name, ddl in deferred.constraints:
            await self.conn.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {ddl}")

    async def copy_vacancies(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("vacancies", records=records, columns=VACANCY_COPY_COLS)

    # --- demo history (api/demo/history.py) -------------------------------------------------------
    async def date_vacancies(self, rows: Sequence[tuple[str, datetime]]) -> None:
        """(external_id, posted at): when each demo vacancy was posted."""
        await self.conn.execute(
            """
            UPDATE vacancies v SET created_at = d.at, updated_at = d.at
            FROM unnest($1::text[], $2::timestamptz[]) AS d (external_id, at) WHERE v.external_id = d.external_id
            """,
            [r[0] for r in rows],
            [r[1] for r in rows],
        )

    async def set_partner_details(
        self, rows: Sequence[tuple[str, str, str, str, str, str, str, datetime, str | None]]
    ) -> None:
        """(external_id, nib, kbli, address, contact_name, contact_phone, fair_chance_policy, applied_at,
        status_reason): what each demo partner typed when it applied, and why it is suspended."""
        await self.conn.execute(
            """
            UPDATE employers e SET nib = d.nib, kbli = d.kbli, address = d.address, contact_name = d.contact_name,
                   contact_phone = d.contact_phone, fair_chance_policy = d.policy, applied_at = d.applied_at,
                   status_reason = d.reason,
                   status_changed_at = CASE WHEN e.partner_status = 'pending' THEN NULL
                                            ELSE d.applied_at + interval '3 days' END
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::timestamptz[], $9::text[])
                 AS d (external_id, nib, kbli, address, contact_name, contact_phone, policy, applied_at, reason)
            WHERE e.external_id = d.external_id
            """,
            *[[r[k] for r in rows] for k in range(9)],
        )

    async def vacancy_ids(self) -> dict[str, int]:
        """Ids of the vacancies by external id."""
        rows = await self.conn.fetch("SELECT external_id, id FROM vacancies")
        return {r["external_id"]: r["id"] for r in rows}

    async def copy_applications(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("applications", records=records, columns=APPLICATION_COPY_COLS)

    async def copy_application_events(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table(
            "application_events", records=records, columns=APPLICATION_EVENT_COPY_COLS
        )

    async def copy_placements(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("placements", records=records, columns=PLACEMENT_COPY_COLS)

    async def copy_placement_followups(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("placement_followups", records=records, columns=FOLLOWUP_COPY_COLS)

    async def set_sensitive(self, rows: Sequence[tuple[int, bytes, bytes]]) -> None:
        """(inmate id, encrypted NIK, encrypted offence) for demo people."""
        await self.conn.execute(
            """
            UPDATE inmates i SET national_id_enc = d.nik, offence_enc = d.offence
            FROM unnest($1::bigint[], $2::bytea[], $3::bytea[]) AS d (id, nik, offence) WHERE i.id = d.id
            """,
            [r[0] for r in rows],
            [r[1] for r in rows],
            [r[2] for r in rows],
        )

    async def analyze(self) -> None:
        """Fresh planner statistics after a big load (queries right after the demo use them)."""
        for table in ("inmates", "certificates", "certificate_units", "vacancies", "assessments", "applications",
                      "placements"):  # fmt: skip
            await self.conn.execute(f"ANALYZE {table}")


def _table(name: str) -> str:
    if name not in BULK_TABLES:
        raise ValueError(f"not a bulk table: {name!r}")
    return name


# --- file import: stage everything, check references set-wise, then merge ------------------------

_STAGING: dict[str, tuple[str, tuple[str, ...]]] = {
    "inmates": (
        """
        line integer NOT NULL, external_id text NOT NULL, full_name text NOT NULL, birth_year integer NOT NULL,
        gender text NOT NULL, facility_code text NOT NULL, domicile_regency_code text, education text,
        skills text[] NOT NULL, work_history text[] NOT NULL, trainings text[] NOT NULL, status text NOT NULL,
        expected_release_date date, asimilasi_date date, pb_date date, cb_date date, cmb_date date,
        consent_matching boolean, consent_reveal_name boolean, consent_reveal_facility boolean,
        consent_reveal_offence boolean, national_id_enc bytea, offence_enc bytea
        """,
        (
            "line",
            "external_id",
            "full_name",
            "birth_year",
            "gender",
            "facility_code",
            "domicile_regency_code",
            "education",
            "skills",
            "work_history",
            "trainings",
            "status",
            "expected_release_date",
            "asimilasi_date",
            "pb_date",
            "cb_date",
            "cmb_date",
            "consent_matching",
            "consent_reveal_name",
            "consent_reveal_facility",
            "consent_reveal_offence",
            "national_id_enc",
            "offence_enc",
        ),
    ),
    "vacancies": (
        """
        line integer NOT NULL, external_id text NOT NULL, employer_external_id text NOT NULL, title text NOT NULL,
        description text NOT NULL, requirements text[] NOT NULL, required_units text[] NOT NULL,
        regency_code text, positions integer NOT NULL, start_date date, fair_chance boolean NOT NULL,
        status text NOT NULL
        """,
        (
            "line",
            "external_id",
            "employer_external_id",
            "title",
            "description",
            "requirements",
            "required_units",
            "regency_code",
            "positions",
            "start_date",
            "fair_chance",
            "status",
        ),
    ),
    "units": (
        "line integer NOT NULL, code text NOT NULL, title text NOT NULL, sector text NOT NULL, "
        "kkni_level integer, description text NOT NULL",
        ("line", "code", "title", "sector", "kkni_level", "description"),
    ),
}

# Each check returns the first offending (line, field, value) in file order; extra is checked too.
_CHECKS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "inmates": (
        (
            "facility_code",
            "unknown facility code",
            "SELECT s.line, s.facility_code FROM import_inmates s LEFT JOIN facilities f ON f.code = s.facility_code"
            " WHERE f.id IS NULL ORDER BY s.line LIMIT 1",
        ),
        (
            "domicile_regency_code",
            "unknown regency code",
            "SELECT s.line, s.domicile_regency_code FROM import_inmates s"
            " LEFT JOIN regencies r ON r.code = s.domicile_regency_code"
            " WHERE s.domicile_regency_code IS NOT NULL AND r.code IS NULL ORDER BY s.line LIMIT 1",
        ),
    ),
    "vacancies": (
        (
            "employer_external_id",
            "unknown employer (import or register the employer first)",
            "SELECT s.line, s.employer_external_id FROM import_vacancies s"
            " LEFT JOIN employers e ON e.external_id = s.employer_external_id"
            " WHERE e.id IS NULL ORDER BY s.line LIMIT 1",
        ),
        (
            "regency_code",
            "unknown regency code",
            "SELECT s.line, s.regency_code FROM import_vacancies s LEFT JOIN regencies r ON r.code = s.regency_code"
            " WHERE s.regency_code IS NOT NULL AND r.code IS NULL ORDER BY s.line LIMIT 1",
        ),
        (
            "required_units",
            "unknown competency unit code (import units first)",
            "SELECT s.line, u.code FROM import_vacancies s CROSS JOIN LATERAL unnest(s.required_units) AS u(code)"
            " LEFT JOIN competency_units c ON c.code = u.code WHERE c.code IS NULL ORDER BY s.line LIMIT 1",
        ),
    ),
    "units": (),
}
_KEY = {"inmates": "external_id", "vacancies": "external_id", "units": "code"}


class ImportRepo:
    """Staging tables for one file import, inside the caller's transaction.

    Rows go to a temporary table by COPY as they are parsed (flat memory); duplicates and unknown
    references are then found with one query each; only a clean file is merged into the real table.
    """

    def __init__(self, conn: asyncpg.Connection, kind: str) -> None:
        if kind not in _STAGING:
            raise ValueError(f"unknown import kind {kind!r}")
        self.conn = conn
        self.kind = kind
        self.table = f"import_{kind}"

    async def create_staging(self) -> None:
        await self.conn.execute(f"DROP TABLE IF EXISTS pg_temp.{self.table}")
        await self.conn.execute(f"CREATE TEMP TABLE {self.table} ({_STAGING[self.kind][0]}) ON COMMIT DROP")

    async def stage(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table(self.table, records=records, columns=_STAGING[self.kind][1])

    async def drop_staging(self) -> None:
        await self.conn.execute(f"DROP TABLE IF EXISTS pg_temp.{self.table}")

    async def first_problem(self) -> tuple[int, str, str] | None:
        """(line, field, message) of the earliest duplicate key or unknown reference, or None."""
        key = _KEY[self.kind]
        await self.conn.execute(f"CREATE INDEX ON {self.table} ({key}, line)")
        await self.conn.execute(f"ANALYZE {self.table}")
        found: list[tuple[int, str, str]] = []
        dup = await self.conn.fetchrow(
            f"""
            SELECT line, {key} AS key, first_line FROM (
                SELECT line, {key}, min(line) OVER (PARTITION BY {key}) AS first_line FROM {self.table}
            ) t WHERE line > first_line ORDER BY line LIMIT 1
            """
        )
        if dup is not None:
            found.append((dup["line"], key, f"duplicate {key} {dup['key']!r}: already on line {dup['first_line']}"))
        for field, message, sql in _CHECKS[self.kind]:
            r = await self.conn.fetchrow(sql)
            if r is not None:
                found.append((r[0], field, f"{message}: {r[1]!r}"))
        return min(found) if found else None

    async def staged_sensitive_pairs(
        self, after_line: int, limit: int
    ) -> list[tuple[int, bytes | None, bytes | None, bytes | None, bytes | None]]:
        """(line, staged NIK, stored NIK, staged offence, stored offence) of staged inmate rows that
        carry either encrypted value for a person already stored; keyset-paged by line."""
        rows = await self.conn.fetch(
            """
            SELECT s.line, s.national_id_enc AS staged_nik, i.national_id_enc AS stored_nik,
                   s.offence_enc AS staged_offence, i.offence_enc AS stored_offence
            FROM import_inmates s JOIN inmates i ON i.external_id = s.external_id
            WHERE s.line > $1 AND (s.national_id_enc IS NOT NULL OR s.offence_enc IS NOT NULL)
            ORDER BY s.line LIMIT $2
            """,
            after_line,
            limit,
        )
        return [(r["line"], r["staged_nik"], r["stored_nik"], r["staged_offence"], r["stored_offence"]) for r in rows]

    async def unstage_sensitive(self, nik_lines: list[int], offence_lines: list[int]) -> None:
        """Forget staged NIK / offence values (by line) that equal the stored ones: the merge keeps those."""
        if nik_lines:
            await self.conn.execute(
                "UPDATE import_inmates SET national_id_enc = NULL WHERE line = ANY($1::int[])", nik_lines
            )
        if offence_lines:
            await self.conn.execute(
                "UPDATE import_inmates SET offence_enc = NULL WHERE line = ANY($1::int[])", offence_lines
            )

    async def sensitive_written(self) -> list[int]:
        """Ids of the people whose NIK or offence the merged file wrote (after ``unstage_sensitive``)."""
        rows = await self.conn.fetch(
            """
            SELECT i.id FROM import_inmates s JOIN inmates i ON i.external_id = s.external_id
            WHERE s.national_id_enc IS NOT NULL OR s.offence_enc IS NOT NULL ORDER BY i.id
            """
        )
        return [r["id"] for r in rows]

    async def merge(self, note: str) -> tuple[int, int]:
        """Write the staged rows; returns (inserted, updated). Unchanged rows are not touched."""
        merge = {"inmates": self._merge_inmates, "vacancies": self._merge_vacancies, "units": self._merge_units}
        return await merge[self.kind](note)

    async def _merge_inmates(self, note: str) -> tuple[int, int]:
        # Consent columns left out of the file (NULL here) keep the stored value; every change of
        # consent is appended to consent_events, like a change made in the officer's form.
        src = """
            SELECT s.*, f.id AS facility_id, CASE WHEN f.kind = 'bapas' THEN f.id ELSE f.bapas_id END AS bapas_id,
                   r.province_code
            FROM import_inmates s JOIN facilities f ON f.code = s.facility_code
            LEFT JOIN regencies r ON r.code = s.domicile_regency_code
        """
        consent_new = """
            coalesce(s.consent_matching, i.consent_matching), coalesce(s.consent_reveal_name, i.consent_reveal_name),
            coalesce(s.consent_reveal_facility, i.consent_reveal_facility),
            coalesce(s.consent_reveal_offence, i.consent_reveal_offence)
        """
        await self.conn.execute(
            f"""
            INSERT INTO consent_events (inmate_id, employer_matching, reveal_name, reveal_facility, reveal_offence,
                                        note)
            SELECT i.id, coalesce(s.consent_matching, i.consent_matching),
                   coalesce(s.consent_reveal_name, i.consent_reveal_name),
                   coalesce(s.consent_reveal_facility, i.consent_reveal_facility),
                   coalesce(s.consent_reveal_offence, i.consent_reveal_offence), $1
            FROM import_inmates s JOIN inmates i ON i.external_id = s.external_id
            WHERE ({consent_new})
                  IS DISTINCT FROM (i.consent_matching, i.consent_reveal_name, i.consent_reveal_facility,
                                    i.consent_reveal_offence)
            """,
            note,
        )
        updated = await self.conn.fetchval(
            f"""
            WITH s AS ({src}), changed AS (
                UPDATE inmates i SET
                    full_name = s.full_name, birth_year = s.birth_year, gender = s.gender,
                    facility_id = s.facility_id, bapas_id = s.bapas_id,
                    domicile_regency_code = s.domicile_regency_code, domicile_province_code = s.province_code,
                    education = s.education, skills = s.skills, work_history = s.work_history,
                    trainings = s.trainings, status = s.status, expected_release_date = s.expected_release_date,
                    asimilasi_date = s.asimilasi_date, pb_date = s.pb_date, cb_date = s.cb_date,
                    cmb_date = s.cmb_date,
                    consent_matching = coalesce(s.consent_matching, i.consent_matching),
                    consent_reveal_name = coalesce(s.consent_reveal_name, i.consent_reveal_name),
                    consent_reveal_facility = coalesce(s.consent_reveal_facility, i.consent_reveal_facility),
                    consent_reveal_offence = coalesce(s.consent_reveal_offence, i.consent_reveal_offence),
                    national_id_enc = coalesce(s.national_id_enc, i.national_id_enc),
                    offence_enc = coalesce(s.offence_enc, i.offence_enc),
                    version = i.version + 1, updated_at = now()
                FROM s
                WHERE i.external_id = s.external_id
                  AND (s.national_id_enc IS NOT NULL OR s.offence_enc IS NOT NULL
                       OR (i.full_name, i.birth_year, i.gender, i.facility_id, i.bapas_id, i.domicile_regency_code,
                       i.education, i.skills, i.work_history, i.trainings, i.status, i.expected_release_date,
                       i.asimilasi_date, i.pb_date, i.cb_date, i.cmb_date, i.consent_matching,
                       i.consent_reveal_name, i.consent_reveal_facility, i.consent_reveal_offence)
                      IS DISTINCT FROM
                      (s.full_name, s.birth_year, s.gender, s.facility_id, s.bapas_id, s.domicile_regency_code,
                       s.education, s.skills, s.work_history, s.trainings, s.status, s.expected_release_date,
                       s.asimilasi_date, s.pb_date, s.cb_date, s.cmb_date, {consent_new}))
                RETURNING 1
            )
            SELECT count(*) FROM changed
            """
        )
        inserted = await self.conn.fetchval(
            f"""
            WITH s AS ({src}), added AS (
                INSERT INTO inmates (
                    external_id, pseudonym, full_name, birth_year, gender, facility_id, bapas_id,
                    domicile_regency_code, domicile_province_code, education, skills, work_history, trainings,
                    status, expected_release_date, asimilasi_date, pb_date, cb_date, cmb_date,
                    consent_matching, consent_reveal_name, consent_reveal_facility, consent_reveal_offence,
                    national_id_enc, offence_enc)
                SELECT s.external_id,
                       'WB-' || upper(left(replace(gen_random_uuid()::text, '-', ''), 12)),
                       s.full_name, s.birth_year, s.gender, s.facility_id, s.bapas_id, s.domicile_regency_code,
                       s.province_code, s.education, s.skills, s.work_history, s.trainings, s.status,
                       s.expected_release_date, s.asimilasi_date, s.pb_date, s.cb_date, s.cmb_date,
                       coalesce(s.consent_matching, false), coalesce(s.consent_reveal_name, false),
                       coalesce(s.consent_reveal_facility, false), coalesce(s.consent_reveal_offence, false),
                       s.national_id_enc, s.offence_enc
                FROM s WHERE NOT EXISTS (SELECT 1 FROM inmates i WHERE i.external_id = s.external_id)
                ORDER BY s.line
                RETURNING id, consent_matching, consent_reveal_name, consent_reveal_facility, consent_reveal_offence
            ), events AS (
                INSERT INTO consent_events (inmate_id, employer_matching, reveal_name, reveal_facility,
                                            reveal_offence, note)
                SELECT id, consent_matching, consent_reveal_name, consent_reveal_facility, consent_reveal_offence, $1
                FROM added
            )
            SELECT count(*) FROM added
            """,
            note,
        )
        return int(inserted), int(updated)

    async def _merge_vacancies(self, note: str) -> tuple[int, int]:
        src = """
            SELECT s.*, e.id AS employer_id, r.province_code
            FROM import_vacancies s JOIN employers e ON e.external_id = s.employer_external_id
            LEFT JOIN regencies r ON r.code = s.regency_code
        """
        updated = await self.conn.fetchval(
            f"""
            WITH s AS ({src}), changed AS (
                UPDATE vacancies v SET
                    employer_id = s.employer_id, title = s.title, description = s.description,
                    requirements = s.requirements, required_units = s.required_units,
                    province_code = s.province_code, regency_code = s.regency_code, positions = s.positions,
                    start_date = s.start_date, fair_chance = s.fair_chance, status = s.status,
                    version = v.version + 1, updated_at = now()
                FROM s
                WHERE v.external_id = s.external_id
                  AND (v.employer_id, v.title, v.description, v.requirements, v.required_units, v.regency_code,
                       v.positions, v.start_date, v.fair_chance, v.status)
                      IS DISTINCT FROM
                      (s.employer_id, s.title, s.description, s.requirements, s.required_units, s.regency_code,
                       s.positions, s.start_date, s.fair_chance, s.status)
                RETURNING 1
            )
            SELECT count(*) FROM changed
            """
        )
        inserted = await self.conn.fetchval(
            f"""
            WITH s AS ({src}), added AS (
                INSERT INTO vacancies (external_id, employer_id, title, description, requirements, required_units,
                                       province_code, regency_code, positions, start_date, fair_chance, status)
                SELECT s.external_id, s.employer_id, s.title, s.description, s.requirements, s.required_units,
                       s.province_code, s.regency_code, s.positions, s.start_date, s.fair_chance, s.status
                FROM s WHERE NOT EXISTS (SELECT 1 FROM vacancies v WHERE v.external_id = s.external_id)
                ORDER BY s.line
                RETURNING 1
            )
            SELECT count(*) FROM added
            """
        )
        return int(inserted), int(updated)

    async def _merge_units(self, note: str) -> tuple[int, int]:
        updated = await self.conn.fetchval(
            """
            WITH changed AS (
                UPDATE competency_units u SET title = s.title, sector = s.sector, kkni_level = s.kkni_level,
                       description = s.description
                FROM import_units s
                WHERE u.code = s.code
                  AND (u.title, u.sector, u.kkni_level, u.description)
                      IS DISTINCT FROM (s.title, s.sector, s.kkni_level, s.description)
                RETURNING 1
            )
            SELECT count(*) FROM changed
            """
        )
        inserted = await self.conn.fetchval(
            """
            WITH added AS (
                INSERT INTO competency_units (code, title, sector, kkni_level, description)
                SELECT s.code, s.title, s.sector, s.kkni_level, s.description FROM import_units s
                WHERE NOT EXISTS (SELECT 1 FROM competency_units u WHERE u.code = s.code)
                ORDER BY s.line
                RETURNING 1
            )
            SELECT count(*) FROM added
            """
        )
        return int(inserted), int(updated)

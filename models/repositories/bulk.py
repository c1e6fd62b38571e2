"""Bulk writes for the demo loader and the file importer: COPY in chunks, set-based SQL.

Everything here runs inside the caller's transaction. Row-at-a-time statements would cap the
demo and imports at a few hundred rows per second; COPY plus one merge statement per table keeps
them at thousands, with memory bounded by one chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
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
}


class BulkRepo:
    """Set-based inserts used by the demo loader (reference data by value, people by COPY)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

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

    async def add_lsps(self, rows: Sequence[tuple[str, str, str, str, date, str]]) -> dict[str, int]:
        """(code, name, kind, licence_number, licence_valid_until, number_format) -> ids by code."""
        found = await self.conn.fetch(
            """
            INSERT INTO lsps (code, name, kind, licence_number, licence_valid_until, number_format)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[])
            RETURNING code, id
            """,
            *[[r[k] for r in rows] for k in range(6)],
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

    async def copy_vacancies(self, records: list[tuple[Any, ...]]) -> None:
        await self.conn.copy_records_to_table("vacancies", records=records, columns=VACANCY_COPY_COLS)

    async def analyze(self) -> None:
        """Fresh planner statistics after a big load (queries right after the demo use them)."""
        for table in ("inmates", "certificates", "certificate_units", "vacancies", "assessments"):
            await self.conn.execute(f"ANALYZE {table}")

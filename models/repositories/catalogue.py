"""Competency units (SKKNI), LSPs, certification schemes, assessors and TUK."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

import asyncpg

from models.errors import Conflict, NotFound
from models.records import Assessor, CompetencyUnit, Lsp, Scheme, Tuk

_LSP_COLS = "id, code, name, kind, licence_number, licence_valid_until, number_format, home_facility_id"
_SCHEME_COLS = """
    s.id, s.code, s.title, s.kind, s.lsp_id, s.kkni_level, s.validity_years,
    coalesce((SELECT array_agg(su.unit_code ORDER BY su.position) FROM scheme_units su
              WHERE su.scheme_id = s.id), '{}') AS unit_codes
"""
_ASSESSOR_COLS = "id, registration_number, name, lsp_id, active_from, active_until"


def _unit(r: asyncpg.Record) -> CompetencyUnit:
    return CompetencyUnit(r["code"], r["title"], r["sector"], r["kkni_level"], r["description"])


def _lsp(r: asyncpg.Record) -> Lsp:
    return Lsp(
        r["id"],
        r["code"],
        r["name"],
        r["kind"],
        r["licence_number"],
        r["licence_valid_until"],
        r["number_format"],
        r["home_facility_id"],
    )


def _scheme(r: asyncpg.Record) -> Scheme:
    return Scheme(
        r["id"],
        r["code"],
        r["title"],
        r["kind"],
        r["lsp_id"],
        r["kkni_level"],
        r["validity_years"],
        tuple(r["unit_codes"]),
    )


def _assessor(r: asyncpg.Record) -> Assessor:
    return Assessor(r["id"], r["registration_number"], r["name"], r["lsp_id"], r["active_from"], r["active_until"])


# Indonesian affixes around a root word: "las" is the root of "mengelas", "pengelasan", "lasan".
_PREFIXES = "me|mem|men|meng|menge|meny|pe|pem|pen|peng|penge|peny|ber|be|di|ter|ke|se"
_SUFFIXES = "an|kan|i|nya"
# Unit search order: the code starts with the query; a title word is the query; a title word is
# the query with Indonesian affixes; a title word starts with it; anywhere else (so "las" puts
# "Las ..." and "Mengelas ..." before "Instalasi ..."). Ties: earlier in the title, shorter, code.
_RANK = """
    CASE WHEN code ILIKE $5 THEN 0 WHEN title ~* $2 THEN 1 WHEN title ~* $3 THEN 2 WHEN title ~* $4 THEN 3
         ELSE 4 END,
    strpos(lower(title), lower($6)), length(title), code
"""


def unit_search_params(query: str) -> tuple[str, str, str, str, str, str]:
    """The six parameters ($1..$6) of a unit search: the ILIKE substring pattern; the whole-word,
    affixed-word and word-prefix regular expressions; the ILIKE code-prefix pattern; the query
    itself. LIKE and regular-expression characters in the query are escaped (a "%" is a "%")."""
    like = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rx = re.escape(query)
    word, affixed = f"\\m{rx}\\M", f"\\m({_PREFIXES})?{rx}({_SUFFIXES})?\\M"
    return (f"%{like}%", word, affixed, f"\\m{rx}", f"{like}%", query)


class CatalogueRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    # --- units -------------------------------------------------------------
    async def upsert_units(self, units: Iterable[CompetencyUnit]) -> int:
        """Insert or update units by code; returns how many rows actually changed."""
        changed = 0
        for u in units:
            status = await self.conn.execute(
                """
                INSERT INTO competency_units (code, title, sector, kkni_level, description)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (code) DO UPDATE SET title = $2, sector = $3, kkni_level = $4, description = $5
                WHERE (competency_units.title, competency_units.sector, competency_units.kkni_level,
                       competency_units.description) IS DISTINCT FROM ($2, $3, $4, $5)
                """,
                u.code,
                u.title,
                u.sector,
                u.kkni_level,
                u.description,
            )
            changed += int(status.rsplit(" ", 1)[-1])
        return changed

    async def get_unit(self, code: str) -> CompetencyUnit:
        r = await self.conn.fetchrow(
            "SELECT code, title, sector, kkni_level, description FROM competency_units WHERE code = $1", code
        )
        if r is None:
            raise NotFound("competency unit", code)
        return _unit(r)

    async def get_units(self, codes: Sequence[str]) -> dict[str, CompetencyUnit]:
        rows = await self.conn.fetch(
            "SELECT code, title, sector, kkni_level, description FROM competency_units WHERE code = ANY($1::text[])",
            list(codes),
        )
        return {r["code"]: _unit(r) for r in rows}

    async def search_units(self, query: str, limit: int = 20) -> list[CompetencyUnit]:
        """Units whose code or title contains the query (case-insensitive), best match first (see
        ``_RANK``), for search-as-you-type."""
        rows = await self.conn.fetch(
            f"""
            SELECT code, title, sector, kkni_level, description FROM competency_units
            WHERE code ILIKE $1 OR title ILIKE $1 ORDER BY {_RANK} LIMIT $7
            """,
            *unit_search_params(query),
            limit,
        )
        return [_unit(r) for r in rows]

    async def list_units(self) -> list[CompetencyUnit]:
        rows = await self.conn.fetch(
            "SELECT code, title, sector, kkni_level, description FROM competency_units ORDER BY code"
        )
        return [_unit(r) for r in rows]

    async def add_unit(self, unit: CompetencyUnit) -> CompetencyUnit:
        """Insert one unit; ``Conflict`` when the code exists."""
        r = await self.conn.fetchrow(
            """
            INSERT INTO competency_units (code, title, sector, kkni_level, description)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING
            RETURNING code, title, sector, kkni_level, description
            """,
            unit.code,
            unit.title,
            unit.sector,
            unit.kkni_level,
            unit.description,
        )
        if r is None:
            raise Conflict(f"unit kompetensi {unit.code} sudah ada")
        return _unit(r)

    async def update_unit(self, unit: CompetencyUnit) -> CompetencyUnit:
        """Replace title, sector, level and description of an existing unit (the code is its key)."""
        r = await self.conn.fetchrow(
            """
            UPDATE competency_units SET title = $2, sector = $3, kkni_level = $4, description = $5
            WHERE code = $1 RETURNING code, title, sector, kkni_level, description
            """,
            unit.code,
            unit.title,
            unit.sector,
            unit.kkni_level,
            unit.description,
        )
        if r is None:
            raise NotFound("competency unit", unit.code)
        return _unit(r)

    async def list_units_page(self, query: str, limit: int, offset: int) -> tuple[list[CompetencyUnit], int]:
        """One page of units whose code or title contains ``query`` (all when empty), and the total."""
        params = unit_search_params(query)
        pattern = params[0]
        cols = "code, title, sector, kkni_level, description, count(*) OVER () AS total"
        if query:
            rows = await self.conn.fetch(
                f"""
                SELECT {cols} FROM competency_units WHERE code ILIKE $1 OR title ILIKE $1
                ORDER BY {_RANK} LIMIT $7 OFFSET $8
                """,
                *params,
                limit,
                offset,
            )
        else:
            rows = await self.conn.fetch(
                f"SELECT {cols} FROM competency_units ORDER BY code LIMIT $1 OFFSET $2", limit, offset
            )
        if rows:
            return [_unit(r) for r in rows], int(rows[0]["total"])
        total = await self.conn.fetchval(
            "SELECT count(*) FROM competency_units WHERE code ILIKE $1 OR title ILIKE $1", pattern
        )
        return [], int(total)

    # --- LSPs --------------------------------------------------------------
    async def add_lsp(
        self,
        code: str,
        name: str,
        kind: str,
        licence_number: str,
        licence_valid_until: date,
        number_format: str,
        home_facility_id: int | None = None,
    ) -> Lsp:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO lsps (code, name, kind, licence_number, licence_valid_until, number_format, home_facility_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_LSP_COLS}
            """,
            code,
            name,
            kind,
            licence_number,
            licence_valid_until,
            number_format,
            home_facility_id,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _lsp(r)

    async def get_lsp(self, lsp_id: int) -> Lsp:
        r = await self.conn.fetchrow(f"SELECT {_LSP_COLS} FROM lsps WHERE id = $1", lsp_id)
        if r is None:
            raise NotFound("LSP", lsp_id)
        return _lsp(r)

    async def list_lsps(self) -> list[Lsp]:
        return [_lsp(r) for r in await self.conn.fetch(f"SELECT {_LSP_COLS} FROM lsps ORDER BY code")]

    # --- schemes -----------------------------------------------------------
    async def add_scheme(
        self,
        code: str,
        title: str,
        kind: str,
        lsp_id: int,
        kkni_level: int | None,
        unit_codes: Sequence[str],
        validity_years: int = 3,
    ) -> Scheme:
        scheme_id = await self.conn.fetchval(
            """
            INSERT INTO schemes (code, title, kind, lsp_id, kkni_level, validity_years)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            """,
            code,
            title,
            kind,
            lsp_id,
            kkni_level,
            validity_years,
        )
        await self.conn.executemany(
            "INSERT INTO scheme_units (scheme_id, unit_code, position) VALUES ($1, $2, $3)",
            [(scheme_id, c, i) for i, c in enumerate(unit_codes)],
        )
        return await self.get_scheme(scheme_id)

    async def update_scheme(
        self,
        scheme_id: int,
        title: str,
        kind: str,
        lsp_id: int,
        kkni_level: int | None,
        unit_codes: Sequence[str],
        validity_years: int,
    ) -> Scheme:
        """Replace a scheme's facts and its ordered units (certificates keep their own unit list)."""
        done = await self.conn.execute(
            """
            UPDATE schemes SET title = $2, kind = $3, lsp_id = $4, kkni_level = $5, validity_years = $6
            WHERE id = $1
            """,
            scheme_id,
            title,
            kind,
            lsp_id,
            kkni_level,
            validity_years,
        )
        if done == "UPDATE 0":
            raise NotFound("scheme", scheme_id)
        await self.conn.execute("DELETE FROM scheme_units WHERE scheme_id = $1", scheme_id)
        await self.conn.executemany(
            "INSERT INTO scheme_units (scheme_id, unit_code, position) VALUES ($1, $2, $3)",
            [(scheme_id, c, i) for i, c in enumerate(unit_codes)],
        )
        return await self.get_scheme(scheme_id)

    async def scheme_in_use(self, scheme_id: int) -> bool:
        """True when assessments or certificates point at the scheme (its LSP may not change)."""
        return bool(
            await self.conn.fetchval(
                """
                SELECT EXISTS (SELECT 1 FROM assessments WHERE scheme_id = $1)
                    OR EXISTS (SELECT 1 FROM certificates WHERE scheme_id = $1)
                """,
                scheme_id,
            )
        )

    async def find_scheme_by_code(self, code: str) -> Scheme | None:
        r = await self.conn.fetchrow(f"SELECT {_SCHEME_COLS} FROM schemes s WHERE s.code = $1", code)
        return None if r is None else _scheme(r)

    async def search_schemes(self, query: str, lsp_id: int | None = None) -> list[Scheme]:
        """Schemes whose code or title contains ``query`` (all when empty), optionally of one LSP."""
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await self.conn.fetch(
            f"""
            SELECT {_SCHEME_COLS} FROM schemes s
            WHERE (s.code ILIKE $1 OR s.title ILIKE $1) AND ($2::bigint IS NULL OR s.lsp_id = $2)
            ORDER BY s.code
            """,
            pattern,
            lsp_id,
        )
        return [_scheme(r) for r in rows]

    async def lsp_ids_by_code(self, codes: Sequence[str]) -> dict[str, int]:
        rows = await self.conn.fetch("SELECT id, code FROM lsps WHERE code = ANY($1::text[])", list(codes))
        return {r["code"]: r["id"] for r in rows}

    async def get_scheme(self, scheme_id: int) -> Scheme:
        r = await self.conn.fetchrow(f"SELECT {_SCHEME_COLS} FROM schemes s WHERE s.id = $1", scheme_id)
        if r is None:
            raise NotFound("scheme", scheme_id)
        return _scheme(r)

    async def get_scheme_by_code(self, code: str) -> Scheme:
        r = await self.conn.fetchrow(f"SELECT {_SCHEME_COLS} FROM schemes s WHERE s.code = $1", code)
        if r is None:
            raise NotFound("scheme", code)
        return _scheme(r)

    async def list_schemes(self, lsp_id: int | None = None) -> list[Scheme]:
        rows = await self.conn.fetch(
            f"SELECT {_SCHEME_COLS} FROM schemes s WHERE ($1::bigint IS NULL OR s.lsp_id = $1) ORDER BY s.code",
            lsp_id,
        )
        return [_scheme(r) for r in rows]

    # --- assessors and TUK -------------------------------------------------
    async def add_assessor(
        self, registration_number: str, name: str, lsp_id: int, active_from: date, active_until: date
    ) -> Assessor:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO assessors (registration_number, name, lsp_id, active_from, active_until)
            VALUES ($1, $2, $3, $4, $5) RETURNING {_ASSESSOR_COLS}
            """,
            registration_number,
            name,
            lsp_id,
            active_from,
            active_until,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _assessor(r)

    async def get_assessor(self, assessor_id: int) -> Assessor:
        r = await self.conn.fetchrow(f"SELECT {_ASSESSOR_COLS} FROM assessors WHERE id = $1", assessor_id)
        if r is None:
            raise NotFound("assessor", assessor_id)
        return _assessor(r)

    async def list_assessors(self, lsp_id: int | None = None) -> list[Assessor]:
        rows = await self.conn.fetch(
            f"SELECT {_ASSESSOR_COLS} FROM assessors WHERE ($1::bigint IS NULL OR lsp_id = $1) ORDER BY id",
            lsp_id,
        )
        return [_assessor(r) for r in rows]

    async def add_tuk(
        self, code: str, name: str, lsp_id: int, facility_id: int | None, regency_code: str | None
    ) -> Tuk:
        r = await self.conn.fetchrow(
            """
            INSERT INTO tuks (code, name, lsp_id, facility_id, regency_code) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, code, name, lsp_id, facility_id, regency_code
            """,
            code,
            name,
            lsp_id,
            facility_id,
            regency_code,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return Tuk(r["id"], r["code"], r["name"], r["lsp_id"], r["facility_id"], r["regency_code"])

    async def list_tuks(self, lsp_id: int | None = None) -> list[Tuk]:
        rows = await self.conn.fetch(
            """
            SELECT id, code, name, lsp_id, facility_id, regency_code FROM tuks
            WHERE ($1::bigint IS NULL OR lsp_id = $1) ORDER BY code
            """,
            lsp_id,
        )
        return [Tuk(r["id"], r["code"], r["name"], r["lsp_id"], r["facility_id"], r["regency_code"]) for r in rows]

    # --- look-ups by code (certification service, CSV import) --------------------------------
    async def get_tuk(self, tuk_id: int) -> Tuk:
        r = await self.conn.fetchrow(
            "SELECT id, code, name, lsp_id, facility_id, regency_code FROM tuks WHERE id = $1", tuk_id
        )
        if r is None:
            raise NotFound("TUK", tuk_id)
        return Tuk(r["id"], r["code"], r["name"], r["lsp_id"], r["facility_id"], r["regency_code"])

    async def find_tuk_by_code(self, code: str) -> Tuk | None:
        r = await self.conn.fetchrow(
            "SELECT id, code, name, lsp_id, facility_id, regency_code FROM tuks WHERE code = $1", code
        )
        if r is None:
            return None
        return Tuk(r["id"], r["code"], r["name"], r["lsp_id"], r["facility_id"], r["regency_code"])

    async def find_assessor_by_registration(self, registration_number: str) -> Assessor | None:
        r = await self.conn.fetchrow(
            f"SELECT {_ASSESSOR_COLS} FROM assessors WHERE registration_number = $1", registration_number
        )
        return None if r is None else _assessor(r)

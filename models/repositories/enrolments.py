"""Enrolments: which people an LSP may assess (its *asesi*), and the scoped search over them.

A person is within an LSP's reach when a live enrolment row links them (P2/P3 LSPs), or, for a
first-party LSP inside a Lapas (``lsps.home_facility_id``), when they are held in that facility;
a P1 LSP reaches no one else, enrolment rows or not. Erased people are never within reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from models.errors import Conflict, NotFound

SOURCES = ("officer", "facility", "import", "demo")


@dataclass(frozen=True)
class Enrolment:
    id: int
    lsp_id: int
    inmate_id: int
    source: str  # officer | facility | import | demo
    enrolled_by: int | None
    created_at: datetime
    withdrawn_at: datetime | None = None


@dataclass(frozen=True)
class EnrolmentView:
    """An enrolment with the names an officer's list shows."""

    enrolment: Enrolment
    lsp_code: str
    lsp_name: str
    pseudonym: str
    full_name: str


@dataclass(frozen=True)
class Assessee:
    """A person an LSP may assess, as the assessor's list shows them."""

    inmate_id: int
    pseudonym: str
    external_id: str  # registration number
    full_name: str
    facility_name: str
    enrolled_at: datetime | None  # None: a P1 LSP's own facility (no enrolment row)
    source: str  # an enrolment source, or 'home_facility'


_ENROLMENT_COLS = "e.id, e.lsp_id, e.inmate_id, e.source, e.enrolled_by, e.created_at, e.withdrawn_at"

# The LSP's reach: $1 the LSP, $2 its home facility (NULL unless P1). Callers add their own WHERE.
_SCOPE = """
    WITH reach AS (
        SELECT e.inmate_id, e.created_at AS enrolled_at, e.source
        FROM lsp_enrolments e
        WHERE e.lsp_id = $1 AND e.withdrawn_at IS NULL AND $2::bigint IS NULL
        UNION ALL
        SELECT h.id, NULL::timestamptz, 'home_facility' FROM inmates h WHERE h.facility_id = $2::bigint
    )
"""
_ASSESSEE_COLS = "i.id, i.pseudonym, i.external_id, i.full_name, f.name AS facility_name, r.enrolled_at, r.source"
# Name (substring), registration number or pseudonym (prefix), all case-insensitive; '' matches all.
_MATCH = """
    ($3 = '' OR strpos(lower(i.full_name), lower($3)) > 0
             OR strpos(upper(i.external_id), upper($3)) = 1
             OR strpos(upper(i.pseudonym), upper($3)) = 1)
"""


def _enrolment(r: asyncpg.Record) -> Enrolment:
    return Enrolment(
        id=r["id"],
        lsp_id=r["lsp_id"],
        inmate_id=r["inmate_id"],
        source=r["source"],
        enrolled_by=r["enrolled_by"],
        created_at=r["created_at"],
        withdrawn_at=r["withdrawn_at"],
    )


def _assessee(r: asyncpg.Record) -> Assessee:
    return Assessee(
        inmate_id=r["id"],
        pseudonym=r["pseudonym"],
        external_id=r["external_id"],
        full_name=r["full_name"],
        facility_name=r["facility_name"],
        enrolled_at=r["enrolled_at"],
        source=r["source"],
    )


class EnrolmentRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def is_enrolled(self, lsp_id: int, inmate_id: int) -> bool:
        """A live enrolment row links the person to the LSP (P1 home facilities are a rule, not a row)."""
        return bool(
            await self.conn.fetchval(
                """
                SELECT EXISTS (SELECT 1 FROM lsp_enrolments
                               WHERE lsp_id = $1 AND inmate_id = $2 AND withdrawn_at IS NULL)
                """,
                lsp_id,
                inmate_id,
            )
        )

    async def add(self, *, lsp_id: int, inmate_id: int, source: str, enrolled_by: int | None) -> Enrolment:
        """Enrol; ``Conflict`` when the person already has a live enrolment with the LSP."""
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO lsp_enrolments AS e (lsp_id, inmate_id, source, enrolled_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            RETURNING {_ENROLMENT_COLS}
            """,
            lsp_id,
            inmate_id,
            source,
            enrolled_by,
        )
        if r is None:
            raise Conflict(f"warga binaan {inmate_id} sudah terdaftar di LSP {lsp_id}")
        return _enrolment(r)

    async def get(self, enrolment_id: int) -> Enrolment:
        r = await self.conn.fetchrow(f"SELECT {_ENROLMENT_COLS} FROM lsp_enrolments e WHERE e.id = $1", enrolment_id)
        if r is None:
            raise NotFound("enrolment", enrolment_id)
        return _enrolment(r)

    async def withdraw(self, enrolment_id: int, *, by: int | None) -> Enrolment:
        """End a live enrolment (the row stays); ``NotFound`` when unknown or already withdrawn."""
        r = await self.conn.fetchrow(
            f"""
            UPDATE lsp_enrolments AS e SET withdrawn_at = now(), withdrawn_by = $2
            WHERE e.id = $1 AND e.withdrawn_at IS NULL
            RETURNING {_ENROLMENT_COLS}
            """,
            enrolment_id,
            by,
        )
        if r is None:
            raise NotFound("enrolment", enrolment_id)
        return _enrolment(r)

    async def list_for_bapas(self, bapas_id: int, *, limit: int = 50, offset: int = 0) -> list[EnrolmentView]:
        """Live enrolments of one Bapas' clients, newest first (the officer's list)."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_ENROLMENT_COLS}, l.code AS lsp_code, l.name AS lsp_name, i.pseudonym, i.full_name
            FROM lsp_enrolments e
            JOIN inmates i ON i.id = e.inmate_id
            JOIN lsps l ON l.id = e.lsp_id
            WHERE i.bapas_id = $1 AND i.anonymised_at IS NULL AND e.withdrawn_at IS NULL
            ORDER BY e.created_at DESC, e.id DESC
            LIMIT $2 OFFSET $3
            """,
            bapas_id,
            limit,
            offset,
        )
        return [
            EnrolmentView(_enrolment(r), r["lsp_code"], r["lsp_name"], r["pseudonym"], r["full_name"]) for r in rows
        ]

    async def count_for_bapas(self, bapas_id: int) -> int:
        return int(
            await self.conn.fetchval(
                """
                SELECT count(*) FROM lsp_enrolments e JOIN inmates i ON i.id = e.inmate_id
                WHERE i.bapas_id = $1 AND i.anonymised_at IS NULL AND e.withdrawn_at IS NULL
                """,
                bapas_id,
            )
        )

    async def search_assessees(
        self, lsp_id: int, home_facility_id: int | None, query: str, *, limit: int, offset: int
    ) -> tuple[list[Assessee], int]:
        """One page of the LSP's asesi matching ``query`` (by name, then id), and the total."""
        q = query.strip()
        total = await self.conn.fetchval(
            f"""
            {_SCOPE}
            SELECT count(DISTINCT i.id) FROM reach r JOIN inmates i ON i.id = r.inmate_id
            WHERE i.anonymised_at IS NULL AND {_MATCH}
            """,
            lsp_id,
            home_facility_id,
            q,
        )
        rows = await self.conn.fetch(
            f"""
            {_SCOPE}
            SELECT {_ASSESSEE_COLS}
            FROM reach r JOIN inmates i ON i.id = r.inmate_id JOIN facilities f ON f.id = i.facility_id
            WHERE i.anonymised_at IS NULL AND {_MATCH}
            ORDER BY lower(i.full_name), i.id
            LIMIT $4 OFFSET $5
            """,
            lsp_id,
            home_facility_id,
            q,
            limit,
            offset,
        )
        return [_assessee(r) for r in rows], int(total)

    async def find_assessee(self, lsp_id: int, home_facility_id: int | None, handle: str) -> Assessee | None:
        """The LSP's asesi whose pseudonym or registration number is exactly ``handle`` (any case)."""
        r = await self.conn.fetchrow(
            f"""
            {_SCOPE}
            SELECT {_ASSESSEE_COLS}
            FROM reach r JOIN inmates i ON i.id = r.inmate_id JOIN facilities f ON f.id = i.facility_id
            WHERE i.anonymised_at IS NULL AND (upper(i.pseudonym) = upper($3) OR upper(i.external_id) = upper($3))
            ORDER BY i.id LIMIT 1
            """,
            lsp_id,
            home_facility_id,
            handle.strip(),
        )
        return None if r is None else _assessee(r)

    async def get_assessee(self, lsp_id: int, home_facility_id: int | None, inmate_id: int) -> Assessee | None:
        """The person if they are the LSP's asesi, else None (absent and out of reach look the same)."""
        r = await self.conn.fetchrow(
            f"""
            {_SCOPE}
            SELECT {_ASSESSEE_COLS}
            FROM reach r JOIN inmates i ON i.id = r.inmate_id JOIN facilities f ON f.id = i.facility_id
            WHERE i.anonymised_at IS NULL AND i.id = $3
            LIMIT 1
            """,
            lsp_id,
            home_facility_id,
            inmate_id,
        )
        return None if r is None else _assessee(r)

    async def add_many(self, pairs: Sequence[tuple[int, int]], *, source: str, enrolled_by: int | None) -> int:
        """Enrol (LSP id, inmate id) pairs, skipping live ones; returns how many were added."""
        result = await self.conn.fetchval(
            """
            WITH added AS (
                INSERT INTO lsp_enrolments (lsp_id, inmate_id, source, enrolled_by)
                SELECT DISTINCT p.lsp_id, p.inmate_id, $3::text, $4::bigint
                FROM unnest($1::bigint[], $2::bigint[]) AS p (lsp_id, inmate_id)
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM added
            """,
            [p[0] for p in pairs],
            [p[1] for p in pairs],
            source,
            enrolled_by,
        )
        return int(result)

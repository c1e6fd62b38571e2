"""Master data of the organisations that use the service: facilities (UPT), LSPs, their TUK and
assessors, and which users administer their own organisation's accounts.

Inserts of facilities, LSPs, TUK and assessors are ``PlacesRepo``'s and ``CatalogueRepo``'s; this
repository adds the look-ups by code and the updates that onboarding and imports need.
"""

from __future__ import annotations

import builtins
from datetime import date

import asyncpg

from models.errors import Conflict, NotFound
from models.records import Assessor, AssessorEntry, Facility, Lsp, Tuk, User

_FACILITY_COLS = "id, code, name, kind, kanwil, province_code, regency_code, bapas_id"
_LSP_COLS = "id, code, name, kind, licence_number, licence_valid_until, number_format, home_facility_id"
_TUK_COLS = "id, code, name, lsp_id, facility_id, regency_code"
_ASSESSOR_COLS = "id, registration_number, name, lsp_id, active_from, active_until, deactivated_at, deactivation_reason"
_USER_COLS = "id, email, name, role, employer_id, bapas_id, lsp_id, assessor_id, active"


def _facility(r: asyncpg.Record) -> Facility:
    return Facility(
        r["id"], r["code"], r["name"], r["kind"], r["kanwil"], r["province_code"], r["regency_code"], r["bapas_id"]
    )


def _lsp(r: asyncpg.Record) -> Lsp:
    return Lsp(
        r["id"], r["code"], r["name"], r["kind"], r["licence_number"], r["licence_valid_until"], r["number_format"],
        r["home_facility_id"],
    )  # fmt: skip


def _tuk(r: asyncpg.Record) -> Tuk:
    return Tuk(r["id"], r["code"], r["name"], r["lsp_id"], r["facility_id"], r["regency_code"])


def _entry(r: asyncpg.Record) -> AssessorEntry:
    assessor = Assessor(r["id"], r["registration_number"], r["name"], r["lsp_id"], r["active_from"], r["active_until"])
    return AssessorEntry(assessor, r["deactivated_at"], r["deactivation_reason"])


def _user(r: asyncpg.Record) -> User:
    return User(
        r["id"], r["email"], r["name"], r["role"], r["employer_id"], r["bapas_id"], r["lsp_id"], r["assessor_id"],
        r["active"],
    )  # fmt: skip


def _unique(what: str, key: str) -> Conflict:
    return Conflict(f"{what} {key} sudah terdaftar")


class OrganisationRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    # --- facilities -------------------------------------------------------------------------
    async def find_facility(self, code: str) -> Facility | None:
        r = await self.conn.fetchrow(f"SELECT {_FACILITY_COLS} FROM facilities WHERE code = $1", code)
        return None if r is None else _facility(r)

    async def facilities_by_code(self, codes: builtins.list[str]) -> dict[str, Facility]:
        rows = await self.conn.fetch(f"SELECT {_FACILITY_COLS} FROM facilities WHERE code = ANY($1::text[])", codes)
        return {r["code"]: _facility(r) for r in rows}

    async def add_facility(
        self, code: str, name: str, kind: str, kanwil: str, province_code: str, regency_code: str,
        bapas_id: int | None,
    ) -> Facility:  # fmt: skip
        try:
            r = await self.conn.fetchrow(
                f"""
                INSERT INTO facilities (code, name, kind, kanwil, province_code, regency_code, bapas_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_FACILITY_COLS}
                """,
                code, name, kind, kanwil, province_code, regency_code, bapas_id,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise _unique("kode UPT", code) from exc
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _facility(r)

    async def update_facility(
        self, facility_id: int, name: str, kind: str, kanwil: str, province_code: str, regency_code: str,
        bapas_id: int | None,
    ) -> Facility:  # fmt: skip
        r = await self.conn.fetchrow(
            f"""
            UPDATE facilities SET name = $2, kind = $3, kanwil = $4, province_code = $5, regency_code = $6,
                   bapas_id = $7
            WHERE id = $1 RETURNING {_FACILITY_COLS}
            """,
            facility_id, name, kind, kanwil, province_code, regency_code, bapas_id,
        )  # fmt: skip
        if r is None:
            raise NotFound("facility", facility_id)
        return _facility(r)

    async def facility_in_use(self, facility_id: int) -> bool:
        """People, users, LSPs or other facilities refer to it (its kind may no longer change)."""
        return bool(
            await self.conn.fetchval(
                """
                SELECT exists(SELECT 1 FROM inmates WHERE facility_id = $1 OR bapas_id = $1)
                    OR exists(SELECT 1 FROM facilities WHERE bapas_id = $1)
                    OR exists(SELECT 1 FROM users WHERE bapas_id = $1 OR facility_id = $1)
                """,
                facility_id,
            )
        )

    # --- LSPs ----------------------------------------------------------------------------------
    async def find_lsp(self, code: str) -> Lsp | None:
        r = await self.conn.fetchrow(f"SELECT {_LSP_COLS} FROM lsps WHERE code = $1", code)
        return None if r is None else _lsp(r)

    async def add_lsp(
        self, code: str, name: str, kind: str, licence_number: str, licence_valid_until: date, number_format: str,
        home_facility_id: int | None,
    ) -> Lsp:  # fmt: skip
        try:
            r = await self.conn.fetchrow(
                f"""
                INSERT INTO lsps (code, name, kind, licence_number, licence_valid_until, number_format,
                                  home_facility_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_LSP_COLS}
                """,
                code, name, kind, licence_number, licence_valid_until, number_format, home_facility_id,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise _unique("kode LSP", code) from exc
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _lsp(r)

    async def update_lsp(
        self, lsp_id: int, name: str, kind: str, licence_number: str, licence_valid_until: date, number_format: str,
        home_facility_id: int | None,
    ) -> Lsp:  # fmt: skip
        r = await self.conn.fetchrow(
            f"""
            UPDATE lsps SET name = $2, kind = $3, licence_number = $4, licence_valid_until = $5, number_format = $6,
                   home_facility_id = $7
            WHERE id = $1 RETURNING {_LSP_COLS}
            """,
            lsp_id, name, kind, licence_number, licence_valid_until, number_format, home_facility_id,
        )  # fmt: skip
        if r is None:
            raise NotFound("LSP", lsp_id)
        return _lsp(r)

    # --- TUK -------------------------------------------------------------------------------------
    async def find_tuk(self, code: str) -> Tuk | None:
        r = await self.conn.fetchrow(f"SELECT {_TUK_COLS} FROM tuks WHERE code = $1", code)
        return None if r is None else _tuk(r)

    async def add_tuk(
        self, code: str, name: str, lsp_id: int, facility_id: int | None, regency_code: str | None
    ) -> Tuk:
        try:
            r = await self.conn.fetchrow(
                f"""
                INSERT INTO tuks (code, name, lsp_id, facility_id, regency_code) VALUES ($1, $2, $3, $4, $5)
                RETURNING {_TUK_COLS}
                """,
                code, name, lsp_id, facility_id, regency_code,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise _unique("kode TUK", code) from exc
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _tuk(r)

    async def update_tuk(self, tuk_id: int, name: str, facility_id: int | None, regency_code: str | None) -> Tuk:
        r = await self.conn.fetchrow(
            f"UPDATE tuks SET name = $2, facility_id = $3, regency_code = $4 WHERE id = $1 RETURNING {_TUK_COLS}",
            tuk_id, name, facility_id, regency_code,
        )  # fmt: skip
        if r is None:
            raise NotFound("TUK", tuk_id)
        return _tuk(r)

    # --- assessors -------------------------------------------------------------------------------
    async def find_assessor(self, registration_number: str) -> AssessorEntry | None:
        r = await self.conn.fetchrow(
            f"SELECT {_ASSESSOR_COLS} FROM assessors WHERE registration_number = $1", registration_number
        )
        return None if r is None else _entry(r)

    async def get_assessor(self, assessor_id: int) -> AssessorEntry:
        r = await self.conn.fetchrow(f"SELECT {_ASSESSOR_COLS} FROM assessors WHERE id = $1", assessor_id)
        if r is None:
            raise NotFound("assessor", assessor_id)
        return _entry(r)

    async def list_assessors(self, lsp_id: int) -> builtins.list[AssessorEntry]:
        rows = await self.conn.fetch(
            f"SELECT {_ASSESSOR_COLS} FROM assessors WHERE lsp_id = $1 ORDER BY name, id", lsp_id
        )
        return [_entry(r) for r in rows]

    async def add_assessor(
        self, registration_number: str, name: str, lsp_id: int, active_from: date, active_until: date
    ) -> AssessorEntry:
        try:
            r = await self.conn.fetchrow(
                f"""
                INSERT INTO assessors (registration_number, name, lsp_id, active_from, active_until)
                VALUES ($1, $2, $3, $4, $5) RETURNING {_ASSESSOR_COLS}
                """,
                registration_number, name, lsp_id, active_from, active_until,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise _unique("nomor registrasi asesor", registration_number) from exc
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _entry(r)

    async def update_assessor(
        self, assessor_id: int, name: str, active_from: date, active_until: date
    ) -> AssessorEntry:
        """A new name or active period (a renewed registration); clears an earlier deactivation."""
        r = await self.conn.fetchrow(
            f"""
            UPDATE assessors SET name = $2, active_from = $3, active_until = $4, deactivated_at = NULL,
                   deactivation_reason = NULL
            WHERE id = $1 RETURNING {_ASSESSOR_COLS}
            """,
            assessor_id, name, active_from, active_until,
        )  # fmt: skip
        if r is None:
            raise NotFound("assessor", assessor_id)
        return _entry(r)

    async def deactivate_assessor(self, assessor_id: int, last_day: date, reason: str) -> AssessorEntry:
        """End the active period on ``last_day`` (never lengthening it) and keep why."""
        r = await self.conn.fetchrow(
            f"""
            UPDATE assessors SET active_until = least(active_until, $2), deactivated_at = now(),
                   deactivation_reason = $3
            WHERE id = $1 RETURNING {_ASSESSOR_COLS}
            """,
            assessor_id, last_day, reason,
        )  # fmt: skip
        if r is None:
            raise NotFound("assessor", assessor_id)
        return _entry(r)

    # --- users of an organisation --------------------------------------------------------------------
    async def users_of(
        self, *, employer_id: int | None = None, bapas_id: int | None = None, lsp_id: int | None = None,
        facility_id: int | None = None,
    ) -> builtins.list[tuple[User, bool]]:  # fmt: skip
        """(user, administers the organisation) for every user of one employer, Bapas, LSP or facility."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_USER_COLS}, org_admin FROM users
            WHERE ($1::bigint IS NOT NULL AND employer_id = $1) OR ($2::bigint IS NOT NULL AND bapas_id = $2)
               OR ($3::bigint IS NOT NULL AND lsp_id = $3) OR ($4::bigint IS NOT NULL AND facility_id = $4)
            ORDER BY email
            """,
            employer_id,
            bapas_id,
            lsp_id,
            facility_id,
        )
        return [(_user(r), bool(r["org_admin"])) for r in rows]

    async def is_org_admin(self, user_id: int) -> bool:
        return bool(await self.conn.fetchval("SELECT org_admin FROM users WHERE id = $1", user_id))

    async def set_org_admin(self, user_id: int, org_admin: bool) -> None:
        status = await self.conn.execute("UPDATE users SET org_admin = $2 WHERE id = $1", user_id, org_admin)
        if status == "UPDATE 0":
            raise NotFound("user", user_id)

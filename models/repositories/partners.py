"""Employer partners: the application a company files, and its partner status."""

from __future__ import annotations

import builtins
from datetime import datetime

import asyncpg

from models.errors import Conflict, NotFound
from models.records import Employer, PartnerProfile

_COLS = """
    id, external_id, name, sector, province_code, regency_code, partner_status, contact_email,
    nib, kbli, address, contact_name, contact_phone, fair_chance_policy, applied_at, status_reason,
    status_changed_at, status_changed_by
"""


def _profile(r: asyncpg.Record) -> PartnerProfile:
    employer = Employer(
        r["id"], r["external_id"], r["name"], r["sector"], r["province_code"], r["regency_code"],
        r["partner_status"], r["contact_email"],
    )  # fmt: skip
    return PartnerProfile(
        employer=employer,
        nib=r["nib"],
        kbli=r["kbli"],
        address=r["address"],
        contact_name=r["contact_name"],
        contact_phone=r["contact_phone"],
        fair_chance_policy=r["fair_chance_policy"],
        applied_at=r["applied_at"],
        status_reason=r["status_reason"],
        status_changed_at=r["status_changed_at"],
        status_changed_by=r["status_changed_by"],
    )


class PartnerRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def apply(
        self,
        *,
        external_id: str,
        name: str,
        nib: str,
        sector: str,
        kbli: str,
        address: str,
        province_code: str,
        regency_code: str,
        contact_name: str,
        contact_email: str,
        contact_phone: str,
        fair_chance_policy: str,
    ) -> PartnerProfile:
        """A new employer in status ``pending``; a second application with the same NIB is a Conflict."""
        try:
            r = await self.conn.fetchrow(
                f"""
                INSERT INTO employers (external_id, name, nib, sector, kbli, address, province_code, regency_code,
                                       contact_name, contact_email, contact_phone, fair_chance_policy,
                                       partner_status, applied_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', now())
                RETURNING {_COLS}
                """,
                external_id, name, nib, sector, kbli, address, province_code, regency_code, contact_name,
                contact_email, contact_phone, fair_chance_policy,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise Conflict(f"NIB {nib} sudah terdaftar sebagai mitra") from exc
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _profile(r)

    async def update(
        self, employer_id: int, *, name: str, sector: str, kbli: str, address: str, province_code: str,
        regency_code: str, contact_name: str, contact_email: str, contact_phone: str, fair_chance_policy: str,
    ) -> PartnerProfile:  # fmt: skip
        """Corrected company data (the NIB, the status and its history stay)."""
        r = await self.conn.fetchrow(
            f"""
            UPDATE employers SET name = $2, sector = $3, kbli = $4, address = $5, province_code = $6,
                   regency_code = $7, contact_name = $8, contact_email = $9, contact_phone = $10,
                   fair_chance_policy = $11
            WHERE id = $1 RETURNING {_COLS}
            """,
            employer_id, name, sector, kbli, address, province_code, regency_code, contact_name, contact_email,
            contact_phone, fair_chance_policy,
        )  # fmt: skip
        if r is None:
            raise NotFound("employer", employer_id)
        return _profile(r)

    async def get(self, employer_id: int) -> PartnerProfile:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM employers WHERE id = $1", employer_id)
        if r is None:
            raise NotFound("employer", employer_id)
        return _profile(r)

    async def get_for_update(self, employer_id: int) -> PartnerProfile:
        """The partner, locked until the transaction ends (two staff deciding at once: one wins)."""
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM employers WHERE id = $1 FOR UPDATE", employer_id)
        if r is None:
            raise NotFound("employer", employer_id)
        return _profile(r)

    async def nib_taken(self, nib: str) -> bool:
        return bool(await self.conn.fetchval("SELECT exists(SELECT 1 FROM employers WHERE nib = $1)", nib))

    async def list(
        self, *, status: str | None = None, limit: int = 100, offset: int = 0
    ) -> builtins.list[PartnerProfile]:
        """Partners, pending applications first (oldest first: they have waited longest), then by name."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS} FROM employers WHERE ($1::text IS NULL OR partner_status = $1)
            ORDER BY partner_status <> 'pending', applied_at NULLS LAST, name, id LIMIT $2 OFFSET $3
            """,
            status,
            limit,
            offset,
        )
        return [_profile(r) for r in rows]

    async def count(self, *, status: str | None = None) -> int:
        return int(
            await self.conn.fetchval(
                "SELECT count(*) FROM employers WHERE ($1::text IS NULL OR partner_status = $1)", status
            )
        )

    async def set_status(self, employer_id: int, status: str, reason: str | None, by_user: int | None) -> datetime:
        at: datetime | None = await self.conn.fetchval(
            """
            UPDATE employers SET partner_status = $2, status_reason = $3, status_changed_by = $4,
                   status_changed_at = now()
            WHERE id = $1 RETURNING status_changed_at
            """,
            employer_id,
            status,
            reason,
            by_user,
        )
        if at is None:
            raise NotFound("employer", employer_id)
        return at

    async def status_of(self, employer_id: int) -> str | None:
        """The partner status (read on every request of an employer's user); None for no such employer."""
        status: str | None = await self.conn.fetchval("SELECT partner_status FROM employers WHERE id = $1", employer_id)
        return status

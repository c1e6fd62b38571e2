"""Invitations to join an organisation: role and scope fixed by the inviter, accepted once."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from models.errors import Conflict, NotFound
from models.records import Invitation

_COLS = """
    id, email, name, role, employer_id, bapas_id, lsp_id, assessor_id, org_admin, invited_by, expires_at,
    accepted_at, user_id, created_at, facility_id
"""


def _invitation(r: asyncpg.Record) -> Invitation:
    return Invitation(
        id=r["id"],
        email=r["email"],
        name=r["name"],
        role=r["role"],
        employer_id=r["employer_id"],
        bapas_id=r["bapas_id"],
        lsp_id=r["lsp_id"],
        assessor_id=r["assessor_id"],
        org_admin=r["org_admin"],
        invited_by=r["invited_by"],
        expires_at=r["expires_at"],
        accepted_at=r["accepted_at"],
        user_id=r["user_id"],
        created_at=r["created_at"],
        facility_id=r["facility_id"],
    )


class InvitationRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(
        self,
        code_hash: str,
        email: str,
        name: str,
        role: str,
        *,
        employer_id: int | None,
        bapas_id: int | None,
        lsp_id: int | None,
        assessor_id: int | None,
        org_admin: bool,
        invited_by: int | None,
        expires_at: datetime,
        facility_id: int | None = None,
    ) -> Invitation:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO invitations (code_hash, email, name, role, employer_id, bapas_id, lsp_id, assessor_id,
                                     org_admin, invited_by, expires_at, facility_id)
            VALUES ($1, lower($2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING {_COLS}
            """,
            code_hash, email, name, role, employer_id, bapas_id, lsp_id, assessor_id, org_admin, invited_by,
            expires_at, facility_id,
        )  # fmt: skip
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _invitation(r)

    async def by_code_for_update(self, code_hash: str) -> Invitation | None:
        """The invitation with this code, locked (two accepts at once: one wins)."""
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM invitations WHERE code_hash = $1 FOR UPDATE", code_hash)
        return None if r is None else _invitation(r)

    async def by_code(self, code_hash: str) -> Invitation | None:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM invitations WHERE code_hash = $1", code_hash)
        return None if r is None else _invitation(r)

    async def mark_accepted(self, invitation_id: int, user_id: int) -> None:
        status = await self.conn.execute(
            "UPDATE invitations SET accepted_at = now(), user_id = $2 WHERE id = $1 AND accepted_at IS NULL",
            invitation_id,
            user_id,
        )
        if status == "UPDATE 0":
            raise Conflict("undangan ini sudah dipakai")

    async def open_for(
        self, *, employer_id: int | None = None, bapas_id: int | None = None, lsp_id: int | None = None,
        facility_id: int | None = None,
    ) -> list[Invitation]:  # fmt: skip
        """Invitations of one organisation not accepted yet (expired ones included, shown as such)."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS} FROM invitations
            WHERE accepted_at IS NULL AND (($1::bigint IS NOT NULL AND employer_id = $1)
               OR ($2::bigint IS NOT NULL AND bapas_id = $2) OR ($3::bigint IS NOT NULL AND lsp_id = $3)
               OR ($4::bigint IS NOT NULL AND facility_id = $4))
            ORDER BY created_at DESC
            """,
            employer_id,
            bapas_id,
            lsp_id,
            facility_id,
        )
        return [_invitation(r) for r in rows]

    async def get(self, invitation_id: int) -> Invitation:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM invitations WHERE id = $1", invitation_id)
        if r is None:
            raise NotFound("invitation", invitation_id)
        return _invitation(r)

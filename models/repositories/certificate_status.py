"""Certificates' positions in their LSP's Bitstring Status Lists (and holder-hash salts)."""

from __future__ import annotations

import asyncpg

from models.records import Certificate, CertificateStatusEntry, StatusListMember

_COLS = "e.certificate_id, e.lsp_id, e.list_no, e.status_index, e.holder_salt"


def _entry(r: asyncpg.Record) -> CertificateStatusEntry:
    return CertificateStatusEntry(r["certificate_id"], r["lsp_id"], r["list_no"], r["status_index"], r["holder_salt"])


class CertificateStatusRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def get(self, certificate_id: int) -> CertificateStatusEntry | None:
        r = await self.conn.fetchrow(
            f"SELECT {_COLS} FROM certificate_status_entries e WHERE e.certificate_id = $1", certificate_id
        )
        return None if r is None else _entry(r)

    async def current_list(self, lsp_id: int) -> int:
        """The LSP's newest list number (0 before its first entry)."""
        value = await self.conn.fetchval(
            "SELECT coalesce(max(e.list_no), 0) FROM certificate_status_entries e WHERE e.lsp_id = $1", lsp_id
        )
        return int(value)

    async def add(
        self, *, certificate_id: int, lsp_id: int, list_no: int, status_index: int, holder_salt: str
    ) -> CertificateStatusEntry | None:
        """Insert the entry; None (nothing written) when the certificate already has one or the
        position is taken."""
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO certificate_status_entries AS e (certificate_id, lsp_id, list_no, status_index, holder_salt)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            RETURNING {_COLS}
            """,
            certificate_id,
            lsp_id,
            list_no,
            status_index,
            holder_salt,
        )
        return None if r is None else _entry(r)

    async def members(self, lsp_id: int, list_no: int) -> list[StatusListMember]:
        """Every certificate in one of the LSP's lists, with the fields that decide its bits."""
        rows = await self.conn.fetch(
            """
            SELECT e.status_index, c.id, c.number, c.inmate_id, c.scheme_id, c.lsp_id, c.assessment_id,
                   c.issued_on, c.valid_until, c.status, c.status_at, c.suspended_until
            FROM certificate_status_entries e
            JOIN certificates c ON c.id = e.certificate_id
            WHERE e.lsp_id = $1 AND e.list_no = $2
            ORDER BY e.status_index
            """,
            lsp_id,
            list_no,
        )
        return [status_member(r) for r in rows]


def status_member(r: asyncpg.Record) -> StatusListMember:
    """A status-list row: the entry's index and the certificate's status fields."""
    return StatusListMember(
        r["status_index"],
        Certificate(
            id=r["id"],
            number=r["number"],
            inmate_id=r["inmate_id"],
            scheme_id=r["scheme_id"],
            lsp_id=r["lsp_id"],
            assessment_id=r["assessment_id"],
            issued_on=r["issued_on"],
            valid_until=r["valid_until"],
            status=r["status"],
            status_at=r["status_at"],
            suspended_until=r["suspended_until"],
        ),
    )

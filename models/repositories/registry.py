"""The deployment as registry (certification.registry): its signing keys' public halves and the
facility-free credentials' entries (opaque public id, status list position, holder-hash salt)."""

from __future__ import annotations

import asyncpg

from models.records import RegistryEntry, RegistryKey, StatusListMember
from models.repositories.certificate_status import status_member

_KEY_COLS = "k.key_id, k.public_key, k.created_at, k.retired_at"
_COLS = "e.certificate_id, e.public_id, e.list_no, e.status_index, e.holder_salt"


def _key(r: asyncpg.Record) -> RegistryKey:
    return RegistryKey(r["key_id"], bytes(r["public_key"]), r["created_at"], r["retired_at"])


def _entry(r: asyncpg.Record) -> RegistryEntry:
    return RegistryEntry(r["certificate_id"], r["public_id"], r["list_no"], r["status_index"], r["holder_salt"])


class RegistryRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    # --- keys --------------------------------------------------------------------------------
    async def lock_keys(self) -> None:
        """Serialise the registry's key creation until the transaction ends."""
        await self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('registry_keys'))")

    async def active_key(self) -> RegistryKey | None:
        r = await self.conn.fetchrow(
            f"SELECT {_KEY_COLS} FROM registry_keys k WHERE k.retired_at IS NULL ORDER BY k.created_at DESC LIMIT 1"
        )
        return None if r is None else _key(r)

    async def add_key(self, key_id: str, public_key: bytes) -> RegistryKey:
        r = await self.conn.fetchrow(
            f"INSERT INTO registry_keys AS k (key_id, public_key) VALUES ($1, $2) RETURNING {_KEY_COLS}",
            key_id,
            public_key,
        )
        assert r is not None
        return _key(r)

    async def keys(self) -> list[RegistryKey]:
        """Every key, active and retired, oldest first."""
        rows = await self.conn.fetch(f"SELECT {_KEY_COLS} FROM registry_keys k ORDER BY k.created_at, k.key_id")
        return [_key(r) for r in rows]

    # --- entries -----------------------------------------------------------------------------
    async def get(self, certificate_id: int) -> RegistryEntry | None:
        r = await self.conn.fetchrow(
            f"SELECT {_COLS} FROM registry_entries e WHERE e.certificate_id = $1", certificate_id
        )
        return None if r is None else _entry(r)

    async def by_public_id(self, public_id: str) -> RegistryEntry | None:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM registry_entries e WHERE e.public_id = $1", public_id)
        return None if r is None else _entry(r)

    async def current_list(self) -> int:
        """The newest list number (0 before the first entry)."""
        return int(await self.conn.fetchval("SELECT coalesce(max(e.list_no), 0) FROM registry_entries e"))

    async def add(
        self, *, certificate_id: int, public_id: str, list_no: int, status_index: int, holder_salt: str
    ) -> RegistryEntry | None:
        """Insert; None (nothing written) when the certificate has an entry or the position is taken."""
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO registry_entries AS e (certificate_id, public_id, list_no, status_index, holder_salt)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            RETURNING {_COLS}
            """,
            certificate_id,
            public_id,
            list_no,
            status_index,
            holder_salt,
        )
        return None if r is None else _entry(r)

    async def members(self, list_no: int) -> list[StatusListMember]:
        """Every certificate in one registry list, with the fields that decide its bits (the
        original certificate's: the registry's bits mirror them)."""
        rows = await self.conn.fetch(
            """
            SELECT e.status_index, c.id, c.number, c.inmate_id, c.scheme_id, c.lsp_id, c.assessment_id,
                   c.issued_on, c.valid_until, c.status, c.status_at, c.suspended_until
            FROM registry_entries e
            JOIN certificates c ON c.id = e.certificate_id
            WHERE e.list_no = $1
            ORDER BY e.status_index
            """,
            list_no,
        )
        return [status_member(r) for r in rows]

"""The holder's full name per certificate, as ciphertext (api/certificates/stores.py seals it),
kept until the certificate's validity ends (migration 0852)."""

from __future__ import annotations

from datetime import date

import asyncpg


class HolderNameRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def keep(self, certificate_id: int, name_enc: bytes, keep_until: date) -> None:
        await self.conn.execute(
            """
            INSERT INTO certificate_holder_names (certificate_id, name_enc, keep_until) VALUES ($1, $2, $3)
            ON CONFLICT (certificate_id) DO UPDATE SET name_enc = EXCLUDED.name_enc, keep_until = EXCLUDED.keep_until
            """,
            certificate_id,
            name_enc,
            keep_until,
        )

    async def get(self, certificate_id: int, today: date) -> bytes | None:
        """The ciphertext while it is kept (``keep_until`` not passed)."""
        value = await self.conn.fetchval(
            "SELECT n.name_enc FROM certificate_holder_names n WHERE n.certificate_id = $1 AND n.keep_until >= $2",
            certificate_id,
            today,
        )
        return None if value is None else bytes(value)

    async def purge(self, today: date) -> int:
        """Delete every name whose certificate's validity has ended; how many."""
        done = await self.conn.execute("DELETE FROM certificate_holder_names WHERE keep_until < $1", today)
        return int(done.split()[-1])

"""Public verification counts: one row per certificate per day, upserted."""

from __future__ import annotations

from datetime import date

import asyncpg


class VerificationCountRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def count(self, certificate_id: int, day: date) -> None:
        """One more public verification of ``certificate_id`` on ``day``."""
        await self.conn.execute(
            """
            INSERT INTO certificate_verification_counts (certificate_id, day, count) VALUES ($1, $2, 1)
            ON CONFLICT (certificate_id, day) DO UPDATE
                SET count = certificate_verification_counts.count + 1
            """,
            certificate_id,
            day,
        )

    async def per_day(self, certificate_id: int) -> list[tuple[date, int]]:
        rows = await self.conn.fetch(
            "SELECT day, count FROM certificate_verification_counts WHERE certificate_id = $1 ORDER BY day",
            certificate_id,
        )
        return [(r["day"], r["count"]) for r in rows]

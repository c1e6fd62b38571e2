"""National aggregates for dashboards: counts only, never a person."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class Rate:
    label: str
    placed: int
    eligible: int

    @property
    def rate(self) -> float:
        return self.placed / self.eligible if self.eligible else 0.0


# People who can work now: out, on parole or on assimilation (work outside).
_AVAILABLE = "i.status IN ('released', 'parole', 'assimilation')"


class StatsRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def certificates_by_scheme(self, limit: int = 15) -> list[Count]:
        rows = await self.conn.fetch(
            """
            SELECT s.title AS label, count(*) AS value FROM certificates c JOIN schemes s ON s.id = c.scheme_id
            WHERE c.status = 'active' AND c.valid_until >= current_date
            GROUP BY s.title ORDER BY value DESC, label LIMIT $1
            """,
            limit,
        )
        return [Count(r["label"], r["value"]) for r in rows]

    async def certificates_by_province(self, limit: int = 40) -> list[Count]:
        rows = await self.conn.fetch(
            """
            SELECT coalesce(p.name, '-') AS label, count(*) AS value
            FROM certificates c JOIN inmates i ON i.id = c.inmate_id
            LEFT JOIN provinces p ON p.code = i.domicile_province_code
            WHERE c.status = 'active' AND c.valid_until >= current_date
            GROUP BY label ORDER BY value DESC, label LIMIT $1
            """,
            limit,
        )
        return [Count(r["label"], r["value"]) for r in rows]

    async def vacancies_by_month(self, months: int = 12) -> list[Count]:
        return await self._per_month("vacancies", "created_at", months)

    async def placements_by_month(self, months: int = 12) -> list[Count]:
        return await self._per_month("placements", "started_on", months)

    async def _per_month(self, table: str, column: str, months: int) -> list[Count]:
        """Rows of ``table`` per calendar month of ``column`` over the last ``months`` months
        (zero-filled). ``table``/``column`` come from the two callers above, never from input."""
        assert (table, column) in {("vacancies", "created_at"), ("placements", "started_on")}
        rows = await self.conn.fetch(
            f"""
            SELECT to_char(m, 'YYYY-MM') AS label,
                   (SELECT count(*) FROM {table} t WHERE date_trunc('month', t.{column}) = m) AS value
            FROM generate_series(date_trunc('month', now()) - make_interval(months => $1 - 1),
                                 date_trunc('month', now()), interval '1 month') AS m
            ORDER BY m
            """,
            months,
        )
        return [Count(r["label"], r["value"]) for r in rows]

    async def placement_rate_by_facility(self, limit: int = 20) -> list[Rate]:
        rows = await self.conn.fetch(
            f"""
            SELECT f.name AS label, count(*) AS eligible,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM placements p WHERE p.inmate_id = i.id)) AS placed
            FROM inmates i JOIN facilities f ON f.id = i.facility_id
            WHERE {_AVAILABLE} AND i.anonymised_at IS NULL
            GROUP BY f.name ORDER BY eligible DESC, label LIMIT $1
            """,
            limit,
        )
        return [Rate(r["label"], r["placed"], r["eligible"]) for r in rows]

    async def placement_rate_by_scheme(self, limit: int = 20) -> list[Rate]:
        rows = await self.conn.fetch(
            f"""
            SELECT s.title AS label, count(DISTINCT i.id) AS eligible,
                   count(DISTINCT i.id) FILTER (WHERE EXISTS (SELECT 1 FROM placements p WHERE p.inmate_id = i.id))
                       AS placed
            FROM certificates c JOIN schemes s ON s.id = c.scheme_id JOIN inmates i ON i.id = c.inmate_id
            WHERE {_AVAILABLE} AND i.anonymised_at IS NULL AND c.status IN ('active', 'renewed')
            GROUP BY s.title ORDER BY eligible DESC, label LIMIT $1
            """,
            limit,
        )
        return [Rate(r["label"], r["placed"], r["eligible"]) for r in rows]

    async def totals(self) -> dict[str, int]:
        r = await self.conn.fetchrow(
            """
            SELECT (SELECT count(*) FROM inmates WHERE anonymised_at IS NULL) AS inmates,
                   (SELECT count(*) FROM certificates WHERE status = 'active' AND valid_until >= current_date)
                       AS certificates,
                   (SELECT count(*) FROM vacancies WHERE status = 'open') AS open_vacancies,
                   (SELECT count(*) FROM placements) AS placements,
                   (SELECT count(*) FROM employers WHERE partner_status = 'active') AS employers
            """
        )
        assert r is not None  # one row always
        return dict(r)

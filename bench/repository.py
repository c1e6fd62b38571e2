"""Statements the scale benchmark needs beyond the service's own: planner statistics, server
settings, random samples and a 1% profile change (bulk COPY is ``models.repositories.bulk``).
Used by ``bench/scale.py`` only, on a throw-away database; nothing here runs in the service."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

import asyncpg

BENCH_MARKER_SKILL = "benchmark: profil diperbarui"


class BenchRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def counts(self) -> dict[str, int]:
        row = await self.conn.fetchrow(
            """
            SELECT (SELECT count(*) FROM inmates) AS inmates,
                   (SELECT count(*) FROM vacancies) AS vacancies,
                   (SELECT count(*) FROM employers) AS employers,
                   (SELECT count(*) FROM certificates) AS certificates,
                   (SELECT count(*) FROM inmate_embeddings) AS inmate_embeddings,
                   (SELECT count(*) FROM vacancy_embeddings) AS vacancy_embeddings
            """
        )
        return {k: int(v) for k, v in dict(row).items()}

    async def analyze(self) -> None:
        """Planner statistics of the tables the searches read, after a build."""
        for table in ("inmates", "vacancies", "inmate_embeddings", "vacancy_embeddings"):
            await self.conn.execute(f"ANALYZE {table}")

    async def sample_vacancies(self, n: int, seed: int) -> list[int]:
        """Open, embedded vacancies, a seeded random sample."""
        ids = [
            r["id"]
            for r in await self.conn.fetch(
                """
                SELECT v.id FROM vacancies v JOIN vacancy_embeddings e ON e.vacancy_id = v.id
                WHERE v.status = 'open' ORDER BY v.id
                """
            )
        ]
        return random.Random(seed).sample(ids, min(n, len(ids)))

    async def sample_inmates(self, n: int, seed: int) -> list[int]:
        """Embedded, not anonymised people, a seeded random sample."""
        ids = [
            r["id"]
            for r in await self.conn.fetch(
                """
                SELECT i.id FROM inmates i JOIN inmate_embeddings e ON e.inmate_id = i.id
                WHERE i.anonymised_at IS NULL ORDER BY i.id
                """
            )
        ]
        return random.Random(seed).sample(ids, min(n, len(ids)))

    async def toggle_marker_skill(self, inmate_ids: Sequence[int]) -> int:
        """Change these profiles' text (add or remove one marker skill), as an edit would."""
        status = await self.conn.execute(
            """
            UPDATE inmates SET
                skills = CASE WHEN $2 = ANY(skills) THEN array_remove(skills, $2) ELSE skills || $2 END,
                version = version + 1, updated_at = now()
            WHERE id = ANY($1::bigint[])
            """,
            list(inmate_ids),
            BENCH_MARKER_SKILL,
        )
        return int(status.split()[-1])

    async def employer_with_most_open_vacancies(self) -> tuple[int, list[int]]:
        row = await self.conn.fetchrow(
            """
            SELECT employer_id, array_agg(id ORDER BY id) AS ids FROM vacancies v
            WHERE status = 'open' AND EXISTS (SELECT 1 FROM vacancy_embeddings e WHERE e.vacancy_id = v.id)
            GROUP BY employer_id ORDER BY count(*) DESC, employer_id LIMIT 1
            """
        )
        return int(row["employer_id"]), list(row["ids"])

    async def employer_ids(self, external_ids: Sequence[str]) -> dict[str, int]:
        rows = await self.conn.fetch(
            "SELECT external_id, id FROM employers WHERE external_id = ANY($1::text[])", list(external_ids)
        )
        return {r["external_id"]: r["id"] for r in rows}

    async def filter_pass_rate(self, available_by: date) -> float:
        """Share of profiles an employer search can return (consent, availability): the over-fetch factor."""
        return float(
            await self.conn.fetchval(
                """
                SELECT avg((consent_matching AND anonymised_at IS NULL
                            AND (status IN ('released', 'parole', 'assimilation')
                                 OR expected_release_date <= $1))::int)
                FROM inmates
                """,
                available_by,
            )
        )

    async def create_database(self, name: str) -> None:
        await self.conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await self.conn.execute(f'CREATE DATABASE "{name}"')

    async def drop_database(self, name: str) -> None:
        await self.conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    async def tune_server(self, settings: dict[str, str]) -> bool:
        """ALTER SYSTEM for each setting that differs; True when a restart is needed to apply them."""
        restart = False
        for name, value in settings.items():
            row = await self.conn.fetchrow("SELECT setting, unit, context FROM pg_settings WHERE name = $1", name)
            current = await self.conn.fetchval("SELECT current_setting($1)", name)
            if row is None or current == value:
                continue
            await self.conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            restart = restart or row["context"] == "postmaster"
        await self.conn.execute("SELECT pg_reload_conf()")
        return restart

    async def relation_sizes(self) -> dict[str, int]:
        rows = await self.conn.fetch(
            """
            SELECT relname, pg_total_relation_size(oid) AS bytes FROM pg_class
            WHERE relname IN ('inmates', 'inmate_embeddings', 'inmate_embeddings_hnsw',
                              'vacancies', 'vacancy_embeddings', 'vacancy_embeddings_hnsw')
            """
        )
        sizes = {r["relname"]: int(r["bytes"]) for r in rows}
        sizes["inmate_embeddings_hnsw_provinces"] = int(
            await self.conn.fetchval(
                "SELECT coalesce(sum(pg_relation_size(oid)), 0) FROM pg_class "
                "WHERE relname LIKE 'inmate\\_embeddings\\_hnsw\\_p%' AND relkind = 'i'"
            )
        )
        return sizes

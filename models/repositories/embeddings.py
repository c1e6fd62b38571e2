"""Stored embeddings (pgvector) and nearest-neighbour retrieval with SQL filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import asyncpg
import numpy as np

from models.records import CandidateHit


@dataclass(frozen=True)
class CandidateFilter:
    """Hard filters applied in SQL before ranking.

    Consent to employer matching is always required when ``for_employer`` is set;
    ``available_by`` keeps people whose expected release is on or before that date
    (people already released or on parole/assimilation count as available).
    """

    for_employer: bool = True
    available_by: date | None = None
    province_code: str | None = None
    regency_code: str | None = None
    bapas_id: int | None = None
    scheme_id: int | None = None  # holds a live (active) certificate of this scheme


@dataclass(frozen=True)
class VacancyFilter:
    """Open vacancies that start on or after the person is free, optionally in one province."""

    available_from: date | None = None
    province_code: str | None = None


def _array(value: object) -> np.ndarray:
    """pgvector's codec returns a ``Vector``; callers get a float32 array."""
    to_numpy = getattr(value, "to_numpy", None)
    return np.asarray(to_numpy() if to_numpy else value, dtype=np.float32)


class EmbeddingRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def inmate_hashes(self, inmate_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        rows = await self.conn.fetch(
            "SELECT inmate_id, model, text_hash FROM inmate_embeddings WHERE inmate_id = ANY($1::bigint[])",
            list(inmate_ids),
        )
        return {r["inmate_id"]: (r["model"], r["text_hash"]) for r in rows}

    async def vacancy_hashes(self, vacancy_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        rows = await self.conn.fetch(
            "SELECT vacancy_id, model, text_hash FROM vacancy_embeddings WHERE vacancy_id = ANY($1::bigint[])",
            list(vacancy_ids),
        )
        return {r["vacancy_id"]: (r["model"], r["text_hash"]) for r in rows}

    async def upsert_inmates(self, rows: Sequence[tuple[int, str, str, np.ndarray]]) -> None:
        """Rows of (inmate_id, model, text_hash, vector)."""
        await self.conn.executemany(
            """
            INSERT INTO inmate_embeddings (inmate_id, model, text_hash, embedding) VALUES ($1, $2, $3, $4)
            ON CONFLICT (inmate_id) DO UPDATE SET model = $2, text_hash = $3, embedding = $4, updated_at = now()
            """,
            rows,
        )

    async def upsert_vacancies(self, rows: Sequence[tuple[int, str, str, np.ndarray]]) -> None:
        await self.conn.executemany(
            """
            INSERT INTO vacancy_embeddings (vacancy_id, model, text_hash, embedding) VALUES ($1, $2, $3, $4)
            ON CONFLICT (vacancy_id) DO UPDATE SET model = $2, text_hash = $3, embedding = $4, updated_at = now()
            """,
            rows,
        )

    async def vacancy_vector(self, vacancy_id: int) -> np.ndarray | None:
        v = await self.conn.fetchval(
            "SELECT embedding FROM vacancy_embeddings WHERE vacancy_id = $1", vacancy_id
        )
        return None if v is None else _array(v)

    async def inmate_vector(self, inmate_id: int) -> np.ndarray | None:
        v = await self.conn.fetchval(
            "SELECT embedding FROM inmate_embeddings WHERE inmate_id = $1", inmate_id
        )
        return None if v is None else _array(v)

    async def nearest_inmates(self, query: np.ndarray, k: int, flt: CandidateFilter) -> list[CandidateHit]:
        """k nearest profiles by cosine distance that pass the filters."""
        rows = await self.conn.fetch(
            """
            SELECT i.id, i.pseudonym, 1 - (e.embedding <=> $1) AS similarity
            FROM inmate_embeddings e JOIN inmates i ON i.id = e.inmate_id
            WHERE i.anonymised_at IS NULL
              AND (NOT $3 OR i.consent_matching)
              AND ($4::date IS NULL OR i.status IN ('released', 'parole', 'assimilation')
                   OR i.expected_release_date <= $4)
              AND ($5::text IS NULL OR i.domicile_province_code = $5)
              AND ($6::text IS NULL OR i.domicile_regency_code = $6)
              AND ($7::bigint IS NULL OR i.bapas_id = $7)
              AND ($8::bigint IS NULL OR EXISTS (
                    SELECT 1 FROM certificates c
                    WHERE c.inmate_id = i.id AND c.scheme_id = $8 AND c.status = 'active'))
            ORDER BY e.embedding <=> $1
            LIMIT $2
            """,
            np.asarray(query, dtype=np.float32),
            k,
            flt.for_employer,
            flt.available_by,
            flt.province_code,
            flt.regency_code,
            flt.bapas_id,
            flt.scheme_id,
        )
        return [CandidateHit(r["id"], r["pseudonym"], float(r["similarity"])) for r in rows]

    async def nearest_vacancies(self, query: np.ndarray, k: int, flt: VacancyFilter) -> list[tuple[int, float]]:
        """k nearest open vacancies as (vacancy id, cosine similarity)."""
        rows = await self.conn.fetch(
            """
            SELECT v.id, 1 - (e.embedding <=> $1) AS similarity
            FROM vacancy_embeddings e JOIN vacancies v ON v.id = e.vacancy_id
            WHERE v.status = 'open'
              AND ($3::date IS NULL OR v.start_date IS NULL OR v.start_date >= $3)
              AND ($4::text IS NULL OR v.province_code = $4)
            ORDER BY e.embedding <=> $1
            LIMIT $2
            """,
            np.asarray(query, dtype=np.float32),
            k,
            flt.available_from,
            flt.province_code,
        )
        return [(r["id"], float(r["similarity"])) for r in rows]

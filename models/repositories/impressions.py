"""Shown results (result impressions), what followed them, and the ranking weights learned from it.

One shown list is one INSERT (the list row and all its results, from arrays with ``unnest``), so
logging costs one round trip per search whatever the page size. Outcomes are never copied here:
``shown_outcomes`` joins them from applications, their stage events, placements and follow-ups.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

# Hiring stages in the order an application goes through them (furthest reached = the outcome).
FUNNEL = ("shortlisted", "interview", "offer", "hired")


@dataclass(frozen=True)
class ShownResult:
    """One result as shown: its position (1-based), the pair, the score and the normalised features."""

    position: int
    vacancy_id: int
    inmate_id: int
    score: float
    features: tuple[float, ...]


@dataclass(frozen=True)
class ShownOutcome:
    """A shown result (the first time its pair was shown in that view) and what followed it."""

    search_id: int
    view: str
    anchor_id: int  # the vacancy (employer's list) or the candidate (officer's list)
    position: int
    vacancy_id: int
    inmate_id: int
    feature_names: tuple[str, ...]
    features: tuple[float, ...]
    furthest_stage: str | None  # shortlisted | interview | offer | hired | None
    retained_months: tuple[int, ...]  # follow-ups (3, 6, 12) at which the person was still employed


@dataclass(frozen=True)
class RankingWeights:
    id: int
    weights: dict[str, float]
    previous: dict[str, float]
    adopted: bool
    reason: str
    evidence: dict[str, Any]
    created_by: str
    created_at: datetime


def _weights(r: asyncpg.Record) -> RankingWeights:
    return RankingWeights(
        r["id"], json.loads(r["weights"]), json.loads(r["previous"]), r["adopted"], r["reason"],
        json.loads(r["evidence"]), r["created_by"], r["created_at"],
    )  # fmt: skip


_WEIGHT_COLS = "id, weights, previous, adopted, reason, evidence, created_by, created_at"


class ImpressionRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def log_search(
        self,
        view: str,
        anchor_id: int,
        feature_names: Sequence[str],
        results: Sequence[ShownResult],
        weights_id: int | None = None,
    ) -> int | None:
        """Log one shown list in one statement; returns the list's id (None when nothing was shown)."""
        if not results:
            return None
        width = len(feature_names)
        if any(len(r.features) != width for r in results):
            raise ValueError("every shown result needs one value per feature name")
        flat = [float(x) for r in results for x in r.features]
        search_id = await self.conn.fetchval(
            """
            WITH s AS (
                INSERT INTO result_searches (view, vacancy_id, inmate_id, feature_names, weights_id)
                VALUES ($1, CASE WHEN $1 = 'employer' THEN $2::bigint END,
                        CASE WHEN $1 = 'officer' THEN $2::bigint END, $3::text[], $4)
                RETURNING id
            ), shown AS (
                INSERT INTO result_impressions (search_id, position, vacancy_id, inmate_id, score, features)
                SELECT s.id, t.position, t.vacancy_id, t.inmate_id, t.score,
                       ($9::real[])[(t.ord - 1) * $10 + 1 : t.ord * $10]
                FROM s, unnest($5::int[], $6::bigint[], $7::bigint[], $8::real[])
                        WITH ORDINALITY AS t (position, vacancy_id, inmate_id, score, ord)
            )
            SELECT id FROM s
            """,
            view,
            anchor_id,
            list(feature_names),
            weights_id,
            [r.position for r in results],
            [r.vacancy_id for r in results],
            [r.inmate_id for r in results],
            [float(r.score) for r in results],
            flat,
            width,
        )
        return int(search_id)

    async def count(self) -> tuple[int, int]:
        """(shown lists, shown results)."""
        r = await self.conn.fetchrow(
            "SELECT (SELECT count(*) FROM result_searches) AS lists, (SELECT count(*) FROM result_impressions) AS shown"
        )
        assert r is not None
        return int(r["lists"]), int(r["shown"])

    async def shown_outcomes(self) -> list[ShownOutcome]:
        """Every pair's first impression in each view, with the furthest stage its application
        (created at or after that impression) reached and the retention follow-ups of the placement
        that came of it."""
        rows = await self.conn.fetch(
            """
            WITH first AS (
                SELECT DISTINCT ON (s.view, i.vacancy_id, i.inmate_id)
                       s.id AS search_id, s.view, coalesce(s.vacancy_id, s.inmate_id) AS anchor_id, s.shown_at,
                       s.feature_names, i.position, i.vacancy_id, i.inmate_id, i.features
                FROM result_impressions i JOIN result_searches s ON s.id = i.search_id
                ORDER BY s.view, i.vacancy_id, i.inmate_id, s.shown_at, s.id
            )
            SELECT f.search_id, f.view, f.anchor_id, f.position, f.vacancy_id, f.inmate_id, f.feature_names,
                   f.features,
                   (SELECT ($1::text[])[max(array_position($1::text[], e.to_stage))]
                    FROM applications a JOIN application_events e ON e.application_id = a.id
                    WHERE a.vacancy_id = f.vacancy_id AND a.inmate_id = f.inmate_id
                      AND a.created_at >= f.shown_at) AS furthest_stage,
                   (SELECT array_agg(DISTINCT pf.month ORDER BY pf.month)
                    FROM placements p JOIN placement_followups pf ON pf.placement_id = p.id
                    WHERE p.vacancy_id = f.vacancy_id AND p.inmate_id = f.inmate_id AND pf.still_employed
                   ) AS retained
            FROM first f
            ORDER BY f.search_id, f.position
            """,
            list(FUNNEL),
        )
        return [
            ShownOutcome(
                r["search_id"],
                r["view"],
                r["anchor_id"],
                r["position"],
                r["vacancy_id"],
                r["inmate_id"],
                tuple(r["feature_names"]),
                tuple(float(x) for x in r["features"]),
                r["furthest_stage"],
                tuple(r["retained"] or ()),
            )  # fmt: skip
            for r in rows
        ]


class RankingWeightsRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(
        self,
        weights: Mapping[str, float],
        previous: Mapping[str, float],
        *,
        adopted: bool,
        reason: str,
        evidence: Mapping[str, Any],
        created_by: str,
    ) -> RankingWeights:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO ranking_weights (weights, previous, adopted, reason, evidence, created_by)
            VALUES ($1::jsonb, $2::jsonb, $3, $4, $5::jsonb, $6) RETURNING {_WEIGHT_COLS}
            """,
            json.dumps(dict(weights)),
            json.dumps(dict(previous)),
            adopted,
            reason,
            json.dumps(dict(evidence)),
            created_by,
        )
        assert r is not None
        return _weights(r)

    async def adopted(self) -> RankingWeights | None:
        """The weights adopted last (None: the matcher's defaults are in use)."""
        r = await self.conn.fetchrow(
            f"SELECT {_WEIGHT_COLS} FROM ranking_weights WHERE adopted ORDER BY created_at DESC, id DESC LIMIT 1"
        )
        return _weights(r) if r is not None else None

    async def recent(self, limit: int = 10) -> list[RankingWeights]:
        """The latest fits, adopted or not, newest first."""
        rows = await self.conn.fetch(
            f"SELECT {_WEIGHT_COLS} FROM ranking_weights ORDER BY created_at DESC, id DESC LIMIT $1", limit
        )
        return [_weights(r) for r in rows]

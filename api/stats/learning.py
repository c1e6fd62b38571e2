"""Ranking weights learned from outcomes: fit, decide, store with evidence, and show (Kemnaker staff).

``learn_weights`` (``binakerja learn-weights``) reads every logged shown result with what followed
it, fits weights (``matcher.learning``) and records the fit with its evidence, adopted only when
it beats the weights in use on held-out vacancies. ``adopted_weights`` is the source the process's
matcher reads its weights from (wired in ``api/app.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from matcher.features import FEATURE_NAMES
from matcher.learning import ETA, Decision, OutcomeLog, learn, outcome_gain
from matcher.scoring import DEFAULT_WEIGHTS
from models.records import Actor
from models.repositories.audit import AuditRepo
from models.repositories.impressions import ImpressionRepo, RankingWeights, RankingWeightsRepo, ShownOutcome


async def adopted_weights(conn: Any) -> tuple[int, Mapping[str, float]] | None:
    """(id, weights) of the adopted weights, or None while the defaults are in use."""
    row = await RankingWeightsRepo(conn).adopted()
    if row is None:
        return None
    return row.id, {n: float(w) for n, w in row.weights.items() if n in FEATURE_NAMES}


def outcome_log(rows: Sequence[ShownOutcome], names: Sequence[str] = FEATURE_NAMES) -> OutcomeLog:
    """Arrays for ``matcher.learning`` from shown results; features are matched by name (a feature
    a list did not log counts 0). Officer lists are cross-validated by their candidate, employer
    lists by their vacancy (negative and positive group keys keep the two apart)."""
    X = np.zeros((len(rows), len(names)), dtype=np.float64)
    for k, r in enumerate(rows):
        index = {n: j for j, n in enumerate(r.feature_names)}
        X[k] = [r.features[index[n]] if n in index else 0.0 for n in names]
    return OutcomeLog(
        names=tuple(names),
        X=X,
        lists=np.array([r.search_id for r in rows], dtype=np.int64),
        groups=np.array([r.vacancy_id if r.view == "employer" else -r.anchor_id for r in rows], dtype=np.int64),
        positions=np.array([r.position for r in rows], dtype=np.int64),
        gains=np.array([outcome_gain(r.furthest_stage, r.retained_months) for r in rows], dtype=np.float64),
    )


def evidence_of(decision: Decision) -> dict[str, Any]:
    """What is stored and shown with a fit: counts, propensity model, per-fold held-out NDCG@10."""
    return {
        "impressions": decision.impressions,
        "lists": decision.lists,
        "lists_with_outcomes": decision.lists_with_outcomes,
        "propensity": f"p(rank r examined) = r^-{decision.eta:g}",
        "eta": decision.eta,
        "metric": "held-out pairwise AUC, propensity-weighted, GroupKFold by vacancy (NDCG@10 reported)",
        "mean_current": round(decision.mean_current, 4),
        "mean_learned": round(decision.mean_learned, 4),
        "folds": [asdict(f) for f in decision.folds],
        **decision.evidence,
    }


async def learn_weights(
    conn: Any, actor: Actor, *, folds: int = 5, eta: float = ETA, current: Mapping[str, float] | None = None
) -> tuple[Decision, RankingWeights]:
    """Fit weights on every logged outcome, compare with the weights in use (the adopted ones, else
    the defaults; ``current`` overrides) on held-out vacancies, and record the fit: adopted only when
    it beats them. One transaction, one audit event."""
    rows = await ImpressionRepo(conn).shown_outcomes()
    repo = RankingWeightsRepo(conn)
    if current is None:
        adopted = await repo.adopted()
        current = adopted.weights if adopted is not None else DEFAULT_WEIGHTS
    decision = learn(outcome_log(rows), current, folds=folds, eta=eta)
    async with conn.transaction():
        saved = await repo.add(
            decision.weights,
            decision.current,
            adopted=decision.adopted,
            reason=decision.reason,
            evidence=evidence_of(decision),
            created_by=actor.role if actor.user_id is None else f"{actor.role}:{actor.user_id}",
        )
        await AuditRepo(conn).add(
            actor, "ranking.learn_weights", "ranking_weights", saved.id, reason=decision.reason,
            detail={"adopted": decision.adopted, "impressions": decision.impressions},
        )  # fmt: skip
    return decision, saved


@dataclass(frozen=True)
class WeightsOverview:
    """What Kemnaker staff see: the weights in use, where they come from, and the latest fits."""

    in_use: dict[str, float]
    source: RankingWeights | None  # None: the documented defaults
    defaults: dict[str, float]
    recent: tuple[RankingWeights, ...]
    lists: int
    shown: int


async def weights_overview(conn: Any) -> WeightsOverview:
    """Aggregates only (no person is named): the weights, their evidence, how much was logged."""
    repo = RankingWeightsRepo(conn)
    adopted = await repo.adopted()
    lists, shown = await ImpressionRepo(conn).count()
    in_use = dict(adopted.weights) if adopted is not None else dict(DEFAULT_WEIGHTS)
    return WeightsOverview(in_use, adopted, dict(DEFAULT_WEIGHTS), tuple(await repo.recent(10)), lists, shown)

"""Re-rank a retrieved pool and explain the top results: the one entry point both
the service (after pgvector retrieval) and tests use, in both directions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from matcher.documents import CandidateDoc, VacancyDoc
from matcher.explain import Explanation, explain_pair
from matcher.features import TermCounts, embed_candidates, embed_vacancies, pair_features
from matcher.ports import Embedder
from matcher.scoring import rank_candidates, rank_vacancies


@dataclass(frozen=True, slots=True)
class Ranked:
    """One result: the other side's id, its score, whether it can start in time, and why."""

    id: str
    score: float
    available: bool
    explanation: Explanation


def candidates_for_vacancy(
    vacancy: VacancyDoc,
    candidates: Sequence[CandidateDoc],
    embedder: Embedder,
    *,
    as_of: date,
    top: int = 20,
    weights: Mapping[str, float] | None = None,
    counter: TermCounts | None = None,
) -> list[Ranked]:
    """Best ``top`` candidates for one vacancy (employers' view), explained."""
    if not candidates:
        return []
    vac = embed_vacancies([vacancy], embedder)
    cand = embed_candidates(candidates, embedder, as_of)
    features = pair_features([vacancy], candidates, vac, cand, as_of, counter)
    scores, orders = rank_candidates(features, weights, top)
    out = []
    for j in orders[0]:
        ci = int(j)
        score = float(scores[0, ci])
        explanation = explain_pair(vacancy, candidates[ci], vac, 0, cand, ci, features, score, as_of)
        out.append(Ranked(candidates[ci].id, score, bool(features.available[0, ci]), explanation))
    return out


def vacancies_for_candidate(
    candidate: CandidateDoc,
    vacancies: Sequence[VacancyDoc],
    embedder: Embedder,
    *,
    as_of: date,
    top: int = 20,
    weights: Mapping[str, float] | None = None,
    counter: TermCounts | None = None,
) -> list[Ranked]:
    """Best ``top`` vacancies for one candidate (Bapas officers' view), explained."""
    if not vacancies:
        return []
    vac = embed_vacancies(vacancies, embedder)
    cand = embed_candidates([candidate], embedder, as_of)
    features = pair_features(vacancies, [candidate], vac, cand, as_of, counter)
    scores, orders = rank_vacancies(features, weights, top)  # scores: (1, n_vacancies)
    out = []
    for i in orders[0]:
        vi = int(i)
        score = float(scores[0, vi])
        explanation = explain_pair(vacancies[vi], candidate, vac, vi, cand, 0, features, score, as_of)
        out.append(Ranked(vacancies[vi].id, score, bool(features.available[vi, 0]), explanation))
    return out

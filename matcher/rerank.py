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
from matcher.reference import Reference
from matcher.scoring import label_of, normalised_at, rank_candidates, rank_vacancies
from matcher.threads import one_blas_thread


@dataclass(frozen=True, slots=True)
class Ranked:
    """One result: the other side's id, its calibrated 0-100 score, whether it can start in time, and why;
    ``features`` are the pair's normalised features (``matcher.features.FEATURE_NAMES`` order), logged
    with the shown position so weights can be learned from what followed (``matcher.learning``)."""

    id: str
    score: float
    available: bool
    explanation: Explanation
    features: tuple[float, ...] = ()


@one_blas_thread()
def candidates_for_vacancy(
    vacancy: VacancyDoc,
    candidates: Sequence[CandidateDoc],
    embedder: Embedder,
    *,
    as_of: date,
    top: int = 20,
    weights: Mapping[str, float] | None = None,
    counter: TermCounts | None = None,
    reference: Reference | None = None,
) -> list[Ranked]:
    """Best ``top`` candidates for one vacancy (employers' view), explained.

    ``reference`` (``matcher.reference``) fixes what the scores are measured against;
    without one, the documents of this call are the reference."""
    if not candidates:
        return []
    vac = embed_vacancies([vacancy], embedder)
    cand = embed_candidates(candidates, embedder, as_of)
    features = pair_features([vacancy], candidates, vac, cand, as_of, counter, reference)
    scores, orders = rank_candidates(features, weights, top)
    out = []
    shown = normalised_at(features, [0] * len(orders[0]), orders[0])  # logged with the shown position
    for n, j in enumerate(orders[0]):
        ci = int(j)
        score = float(scores[0, ci])
        explanation = explain_pair(vacancy, candidates[ci], vac, 0, cand, ci, features, score, as_of, label_of(score))
        logged = tuple(float(x) for x in shown[n])
        out.append(Ranked(candidates[ci].id, score, bool(features.available[0, ci]), explanation, logged))
    return out


@one_blas_thread()
def vacancies_for_candidate(
    candidate: CandidateDoc,
    vacancies: Sequence[VacancyDoc],
    embedder: Embedder,
    *,
    as_of: date,
    top: int = 20,
    weights: Mapping[str, float] | None = None,
    counter: TermCounts | None = None,
    reference: Reference | None = None,
) -> list[Ranked]:
    """Best ``top`` vacancies for one candidate (Bapas officers' view), explained (same
    pair scores as in ``candidates_for_vacancy`` with the same reference)."""
    if not vacancies:
        return []
    vac = embed_vacancies(vacancies, embedder)
    cand = embed_candidates([candidate], embedder, as_of)
    features = pair_features(vacancies, [candidate], vac, cand, as_of, counter, reference)
    scores, orders = rank_vacancies(features, weights, top)  # scores: (1, n_vacancies)
    out = []
    shown = normalised_at(features, orders[0], [0] * len(orders[0]))  # logged with the shown position
    for n, i in enumerate(orders[0]):
        vi = int(i)
        score = float(scores[0, vi])
        explanation = explain_pair(vacancies[vi], candidate, vac, vi, cand, 0, features, score, as_of, label_of(score))
        logged = tuple(float(x) for x in shown[n])
        out.append(Ranked(vacancies[vi].id, score, bool(features.available[vi, 0]), explanation, logged))
    return out

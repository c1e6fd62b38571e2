"""Combine pair features into one score and rank, in both directions.

Similarity features (cosines) have different spreads per model and per query, so
each is standardised (z-score) over the pool being ranked for one query: a weight
of 1 then means "one standard deviation of this signal in this pool". Hard facts
(unit coverage, region) stay on their natural 0..1 scale and their weight says
how many standard deviations a full match is worth.

After the weighted sum, *pseudo-relevance feedback* (Rocchio, RM3 in classic
retrieval) adds one more signal: the few best-scored documents of the pool stand
for the query, and every document is also compared with them (document
embedding and character TF-IDF). It carries a vacancy written in English over to
profiles written in Indonesian (the top profiles share the pool's language and
wording), and it ranks profiles that resemble the best ones above profiles that
only share a stray word with the vacancy.

Availability is not a weight: a candidate who cannot start by the vacancy's start
date is placed below every candidate who can, whatever the score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

from matcher.features import (
    ALIGNMENT,
    EMBEDDING,
    LEXICAL_CHAR,
    LEXICAL_WORD,
    REGION,
    UNIT_COVERAGE,
    PairFeatures,
    Peers,
)

# Pseudo-relevance feedback: its weight name, and how many top documents stand for
# the query. Off for pools smaller than FEEDBACK_MIN_POOL, where the top few are
# most of the pool and say nothing about the query.
FEEDBACK = "feedback"
FEEDBACK_DEPTH = 5
FEEDBACK_MIN_POOL = 4 * FEEDBACK_DEPTH

# Default weights, round numbers on purpose (not fitted to the sample benchmark).
DEFAULT_WEIGHTS: Mapping[str, float] = {
    # Whole-document meaning, cross-lingual (Indonesian vacancy vs English profile):
    # the broadest and, on our sample, the single strongest signal.
    EMBEDDING: 1.0,
    # Requirement by requirement, both ways: every requirement answered by some
    # unit/skill, and the profile mostly about this work. Equal to the document
    # cosine: it sees the structure the whole-text average blurs.
    ALIGNMENT: 1.0,
    # Exact trade words the multilingual model blurs (USE was not trained on
    # Indonesian; typos and affixes for the char view). Small: lexical overlap is
    # near zero across languages, where it only adds noise.
    LEXICAL_WORD: 0.25,
    LEXICAL_CHAR: 0.25,
    # Holding every required SKKNI unit is exact, verified evidence: worth one std.
    UNIT_COVERAGE: 1.0,
    # Employers prefer local hires, but place should break ties, not beat skill.
    REGION: 0.25,
    # Similarity to the best FEEDBACK_DEPTH documents of the pool (embedding and
    # character TF-IDF, one std each): worth as much as the direct evidence. A
    # textbook retrieval method, not fitted; it helped on both the public sample
    # and the generated O*NET set (README, "Ranking quality").
    FEEDBACK: 1.0,
}
# Certificate validity has no weight of its own: it acts through the evidence
# (expired certificate units count EXPIRED_WEIGHT in alignment and unit coverage,
# and come after skills in the document text).

# Standardised per query; the other features are used as they are.
SIMILARITY_FEATURES = frozenset({EMBEDDING, ALIGNMENT, LEXICAL_WORD, LEXICAL_CHAR})


def standardise(values: np.ndarray, axis: int) -> np.ndarray:
    """Z-score along ``axis`` (the pool of one query); a constant row becomes 0."""
    mean = values.mean(axis=axis, keepdims=True)
    std = values.std(axis=axis, keepdims=True)
    z = np.zeros_like(values)
    np.divide(values - mean, std, out=z, where=std > 1e-6)
    return z


def normalised(features: PairFeatures, *, over: str = "candidates") -> np.ndarray:
    """Feature stack with similarity features standardised per query.

    ``over="candidates"`` ranks candidates for each vacancy (employers);
    ``over="vacancies"`` ranks vacancies for each candidate (Bapas officers).
    """
    if over not in ("candidates", "vacancies"):
        raise ValueError(f"over must be 'candidates' or 'vacancies', not {over!r}")
    axis = 1 if over == "candidates" else 0
    out = np.empty_like(features.values)
    for k, name in enumerate(features.names):
        raw = features.values[k]
        out[k] = standardise(raw, axis) if name in SIMILARITY_FEATURES else raw
    return out


def combine(normal: np.ndarray, names: Sequence[str], weights: Mapping[str, float]) -> np.ndarray:
    """Weighted sum of normalised features -> (n_vacancies, n_candidates) scores.

    The ``FEEDBACK`` weight is not a feature column and is ignored here (see ``score_pairs``).
    """
    unknown = set(weights) - set(names) - {FEEDBACK}
    if unknown:
        raise ValueError(f"weights for unknown features: {sorted(unknown)}")
    w = np.array([weights.get(name, 0.0) for name in names], dtype=np.float32)
    return np.tensordot(w, normal, axes=1)


def feedback(peers: Peers, scores: np.ndarray, *, over: str = "candidates", depth: int = FEEDBACK_DEPTH) -> np.ndarray:
    """Pseudo-relevance feedback, (n_vacancies, n_candidates), standardised per query.

    For each query (a vacancy when ranking candidates, a candidate when ranking
    vacancies) the ``depth`` best documents by ``scores`` -- available or not:
    a person who cannot start in time still describes the work -- are averaged,
    and every document gets its cosine with that average, by embedding and by
    character TF-IDF (the mean of cosines with the top documents), each z-scored
    over the pool and summed. Zero where the pool has fewer than
    ``FEEDBACK_MIN_POOL`` documents.
    """
    if over not in ("candidates", "vacancies"):
        raise ValueError(f"over must be 'candidates' or 'vacancies', not {over!r}")
    rows = scores if over == "candidates" else scores.T  # (n_queries, n_pool)
    if rows.shape[1] < max(FEEDBACK_MIN_POOL, depth):
        return np.zeros_like(scores)
    docs, chars = (peers.cand_doc, peers.cand_char) if over == "candidates" else (peers.vac_doc, peers.vac_char)
    top = np.argpartition(-rows, depth - 1, axis=1)[:, :depth]
    pick = sparse.csr_matrix(
        (np.full(top.size, 1.0 / depth), top.ravel(), np.arange(0, top.size + 1, depth)), shape=rows.shape
    )
    by_meaning = (pick @ docs) @ docs.T
    by_chars = np.asarray(((pick @ chars) @ chars.T).toarray(), dtype=np.float32)
    total: np.ndarray = standardise(np.asarray(by_meaning, dtype=np.float32), 1) + standardise(by_chars, 1)
    return total if over == "candidates" else total.T


def score_pairs(
    features: PairFeatures, weights: Mapping[str, float] | None = None, *, over: str = "candidates"
) -> np.ndarray:
    """Scores for every pair with the given (default: documented) weights.

    The weighted sum of the features, plus ``weights[FEEDBACK]`` times the
    pseudo-relevance feedback computed from that sum (when ``features.peers`` is set).
    """
    weights = DEFAULT_WEIGHTS if weights is None else weights
    scores = combine(normalised(features, over=over), features.names, weights)
    w = weights.get(FEEDBACK, 0.0)
    if w and features.peers is not None:
        scores = scores + np.float32(w) * feedback(features.peers, scores, over=over)
    return scores


def rank_rows(scores: np.ndarray, available: np.ndarray, top: int | None = None) -> list[np.ndarray]:
    """Column indices of each row, best first: available before unavailable, then score.

    Ties keep input order (stable), so equal scores rank deterministically.
    """
    out = []
    for row_scores, row_ok in zip(scores, available, strict=True):
        order = np.lexsort((-row_scores, ~row_ok))
        out.append(order[:top] if top is not None else order)
    return out


def rank_candidates(
    features: PairFeatures, weights: Mapping[str, float] | None = None, top: int | None = None
) -> tuple[np.ndarray, list[np.ndarray]]:
    """(scores, per-vacancy candidate indices best first)."""
    scores = score_pairs(features, weights, over="candidates")
    return scores, rank_rows(scores, features.available, top)


def rank_vacancies(
    features: PairFeatures, weights: Mapping[str, float] | None = None, top: int | None = None
) -> tuple[np.ndarray, list[np.ndarray]]:
    """(scores transposed to candidates x vacancies, per-candidate vacancy indices best first)."""
    scores = score_pairs(features, weights, over="vacancies").T
    return scores, rank_rows(scores, features.available.T, top)


class LearnedWeights(BaseEstimator):  # type: ignore[misc]
    """Learn feature weights from recorded outcomes (shortlisted/hired = 1).

    ``X`` is (n_pairs, n_features) of *normalised* features (see ``normalised``),
    ``y`` the 0/1 outcomes. A regularised logistic regression; its coefficients
    become the weights (``weights_``), usable with ``score_pairs``. Only worth it
    with many outcomes over many occupations; the defaults need none.
    """

    def __init__(self, feature_names: Sequence[str], C: float = 1.0) -> None:
        self.feature_names = feature_names
        self.C = C

    def fit(self, X: np.ndarray, y: np.ndarray) -> LearnedWeights:
        model = LogisticRegression(C=self.C, max_iter=1000).fit(X, y)
        self.coef_ = model.coef_[0]
        self.weights_ = {name: float(w) for name, w in zip(self.feature_names, self.coef_, strict=True)}
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X @ self.coef_)

"""Combine pair features into one calibrated score and rank, in both directions.

Similarity features are z-scored on the statistics of the *reference* (a sample of
the whole index in the service, all documents of the files offline; see
``matcher.reference``), never on the pool of one query: a weight of 1 means "one
standard deviation of this signal over reference pairs", and the score of a pair
depends on the vacancy, the candidate and the reference only -- the same in the
employer's and the officer's view, with or without filters, on every page. Lexical
features of pairs written in different languages are neutral (z = 0): word overlap
across languages is noise, and the multilingual embedding carries those pairs.
Hard facts (unit coverage, region) stay on their natural 0..1 scale; their weight
says how many standard deviations a full match is worth.

``calibrated`` maps a score to 0-100 through the spread of the weighted sum over
reference pairs, and ``label_of`` names it (kuat/sedang/lemah). Availability is not
a weight: a candidate who cannot start by the vacancy's start date is placed below
every candidate who can, whatever the score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

from matcher.features import (
    ALIGNMENT,
    EMBEDDING,
    FEEDBACK,
    FOCUS,
    LEXICAL_CHAR,
    LEXICAL_WORD,
    REGION,
    SIMILARITY_NAMES,
    UNIT_COVERAGE,
    PairFeatures,
)

# Default weights, round numbers on purpose (not fitted): chosen on a coarse grid of
# round values over five development sets (the sample, mixed seeds 7 and 11, and their
# prose variants), every one of which the choice wins when it is left out (README,
# "Ranking quality").
DEFAULT_WEIGHTS: Mapping[str, float] = {
    # Whole-document meaning, cross-lingual (Indonesian vacancy vs English profile),
    # less both documents' hubness: the broadest signal, and the noisiest (the model was
    # not trained on Indonesian); feedback carries most of it in candidates' own words.
    EMBEDDING: 0.5,
    # Requirement by requirement: is each requirement met by some unit/skill/work line
    # better than most profiles meet it (generic requirements count little)? Shown in
    # every explanation, but no weight by default: on every development set it added
    # nothing to focus + feedback + embedding (0.5 cost up to 0.01 NDCG@10); learn-weights
    # may give it one from outcomes.
    ALIGNMENT: 0.0,
    # Is the profile about this work: its items' best requirement match, less how
    # well each item matches vacancies in general (teamwork, office software).
    FOCUS: 0.5,
    # Exact trade words and, for the char view, affixes, typos and truncations:
    # within one language only. Char n-grams also match boilerplate and shared
    # function-word affixes, so they count half as much as words.
    LEXICAL_WORD: 0.5,
    LEXICAL_CHAR: 0.25,
    # Similarity to the best reference profiles for the vacancy (pseudo-relevance
    # feedback: embedding, char and word TF-IDF): the vacancy in candidates' own words
    # and language; the strongest single signal on every development set.
    FEEDBACK: 1.5,
    # Holding every required SKKNI unit is exact, verified evidence: worth one std.
    UNIT_COVERAGE: 1.0,
    # Place is a fact for people on parole and for employers: same regency over same
    # province over elsewhere. Half a std: it reorders equally matched people, it does
    # not put a distant welder below a local cook.
    REGION: 0.5,
}
# Certificate validity has no weight of its own: it acts through the evidence
# (expired certificate units count EXPIRED_WEIGHT in alignment and unit coverage,
# and come after skills in the document text).

SIMILARITY_FEATURES = frozenset(SIMILARITY_NAMES)

# Calibration: score = 100 / (1 + exp(-SLOPE * (z - CENTRE))), z the weighted sum in
# standard deviations of reference pairs. Most reference pairs are unrelated, so a
# pair 2.5 std above them is an even match (50); 4 std is a strong one (~90).
CENTRE = 2.5
SLOPE = 1.5
# Labels people see, by calibrated score.
STRONG_SCORE = 70.0
PARTIAL_SCORE = 40.0


def normalised(features: PairFeatures) -> np.ndarray:
    """Feature stack with similarity features z-scored on the reference statistics."""
    out = np.array(features.values, dtype=np.float32, copy=True)
    ref = features.reference
    if ref is None:
        return out
    for k, name in enumerate(features.names):
        if name in SIMILARITY_FEATURES:
            out[k] = ref.standardise(name, features.values[k], features.same_language)
    return out


def normalised_at(
    features: PairFeatures, rows: Sequence[int] | np.ndarray, cols: Sequence[int] | np.ndarray
) -> np.ndarray:
    """Normalised features of the pairs (``rows[k]``, ``cols[k]``), as ``normalised`` gives them:
    (len(rows), n_features). For the few shown results only (logged for learning), vectorised."""
    vi, ci = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
    values = features.values[:, vi, ci]
    out = np.array(values, dtype=np.float32, copy=True)
    ref = features.reference
    if ref is not None:
        same = None if features.same_language is None else features.same_language[vi, ci]
        for k, name in enumerate(features.names):
            if name in SIMILARITY_FEATURES:
                out[k] = ref.standardise(name, values[k], same)
    return np.round(out.T.astype(np.float64), 5)


def combine(normal: np.ndarray, names: Sequence[str], weights: Mapping[str, float]) -> np.ndarray:
    """Weighted sum of normalised features -> (n_vacancies, n_candidates) scores."""
    unknown = set(weights) - set(names)
    if unknown:
        raise ValueError(f"weights for unknown features: {sorted(unknown)}")
    w = np.array([weights.get(name, 0.0) for name in names], dtype=np.float32)
    return np.asarray(np.tensordot(w, normal, axes=1), dtype=np.float32)


def score_pairs(features: PairFeatures, weights: Mapping[str, float] | None = None) -> np.ndarray:
    """Raw scores (weighted sums, in reference standard deviations) for every pair."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    return combine(normalised(features), features.names, weights)


def spread(features: PairFeatures, weights: Mapping[str, float] | None = None) -> float:
    """Standard deviation of the similarity part of the weighted sum over reference pairs."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    if features.reference is None:
        return 1.0
    ref = features.reference
    return ref.scale_of([weights.get(n, 0.0) for n in ref.names_])


def calibrated(scores: np.ndarray, scale: float) -> np.ndarray:
    """Scores mapped to 0-100 (see CENTRE, SLOPE); ``scale`` from ``spread``."""
    z = np.asarray(scores, dtype=np.float64) / max(scale, 1e-6)
    return np.asarray(100.0 / (1.0 + np.exp(-SLOPE * (z - CENTRE))), dtype=np.float64)


def label_of(score: float) -> str:
    """``"strong"`` / ``"partial"`` / ``"weak"`` for a calibrated 0-100 score (kuat/sedang/lemah)."""
    if score >= STRONG_SCORE:
        return "strong"
    if score >= PARTIAL_SCORE:
        return "partial"
    return "weak"


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
    """(calibrated 0-100 scores, per-vacancy candidate indices best first)."""
    raw = score_pairs(features, weights)
    return calibrated(raw, spread(features, weights)), rank_rows(raw, features.available, top)


def rank_vacancies(
    features: PairFeatures, weights: Mapping[str, float] | None = None, top: int | None = None
) -> tuple[np.ndarray, list[np.ndarray]]:
    """(calibrated scores transposed to candidates x vacancies, per-candidate vacancy indices best first).

    The same pair scores the same as in ``rank_candidates``."""
    raw = score_pairs(features, weights).T
    return calibrated(raw, spread(features, weights)), rank_rows(raw, features.available.T, top)


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

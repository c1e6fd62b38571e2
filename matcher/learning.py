"""Learning feature weights from what followed shown results, and deciding whether to use them.

Every result people were shown is logged with its normalised features (``matcher.scoring.
normalised``) and its position; what followed (shortlist, interview, offer, hire, retention at
3/6/12 months) is joined in when fitting and turned into a graded gain (``outcome_gain``).

* **Position bias.** People look at the top of a list far more than at its bottom, so an outcome
  at rank 1 says less about the features than one at rank 15. Each outcome is weighted by the
  inverse of the probability that its position was examined, ``p(r) = r ** -eta`` (the
  examination model of Joachims, Swaminathan & Schnabel 2017, "Unbiased learning-to-rank with
  biased feedback"; eta = 1 unless measured otherwise).
* **Fit.** Pairwise: within one shown list, each result with a better outcome than another gives
  the feature difference of the pair, weighted by the inverse propensity of the better one
  (propensity-weighted RankSVM of the same paper, here with a logistic loss). A logistic
  regression without intercept on the differences gives weights that are directly the linear
  weights of ``matcher.scoring.combine``. Negative weights are cut to 0 (a signal never counts
  against a match, so explanations stay true) and the weights are rescaled to the same total as
  the current ones (scores are scale-free: ``calibrated`` divides by the spread).
* **Decision.** Cross-validation grouped by vacancy (scikit-learn ``GroupKFold``; lists in the
  officer's view are grouped by their candidate), so no vacancy is in a fold's training and test
  lists at once. On each held-out fold the fitted and the current weights re-rank the held-out
  lists and are scored by propensity-weighted pairwise AUC (``held_out_auc``; propensity-weighted
  NDCG@10 is reported beside it, but on a few hundred lists it is too noisy to decide on). The
  fitted weights are adopted only when they beat the current ones on average by ``MIN_GAIN``
  *and* on most folds; otherwise the current weights stay, and the evidence says why.

Pure: arrays in, a decision with its evidence out; no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

# Gains of what followed a shown result: how far the application went, plus one per retention
# follow-up (3, 6, 12 months) at which the person was still employed.
STAGE_GAINS: Mapping[str, float] = {"shortlisted": 1.0, "interview": 2.0, "offer": 3.0, "hired": 4.0}
RETENTION_MONTHS = (3, 6, 12)
# Examination model exponent: p(rank r examined) = r ** -ETA.
ETA = 1.0
# Propensities below this are clipped (caps the weight of one outcome far down a list).
MIN_PROPENSITY = 0.05
# Adopt only with this much evidence ...
MIN_LISTS = 20
MIN_FOLDS = 3
# ... and a mean held-out (propensity-weighted pairwise) AUC gain of at least this much, on most folds.
MIN_GAIN = 0.005
NDCG_DEPTH = 10


def outcome_gain(furthest_stage: str | None, retained_months: Sequence[int] = ()) -> float:
    """Graded gain of one shown result: 0 (nothing followed) .. 7 (hired and still there at 12 months).

    ``furthest_stage`` is the furthest hiring stage the application reached (a rejection after an
    interview still counts the interview); ``retained_months`` the follow-ups at which the person
    was still employed."""
    gain = STAGE_GAINS.get(furthest_stage or "", 0.0)
    if furthest_stage == "hired":
        gain += sum(1.0 for m in RETENTION_MONTHS if m in set(retained_months))
    return gain


def propensity(positions: np.ndarray, eta: float = ETA) -> np.ndarray:
    """Probability that a result shown at 1-based ``positions`` was examined: ``r ** -eta`` (clipped)."""
    p = np.power(np.maximum(np.asarray(positions, dtype=np.float64), 1.0), -eta)
    return np.asarray(np.maximum(p, MIN_PROPENSITY), dtype=np.float64)


@dataclass(frozen=True)
class OutcomeLog:
    """Shown results with what followed. Row ``k``: features ``X[k]`` (normalised, in ``names``
    order), the shown list it belongs to ``lists[k]``, its cross-validation group ``groups[k]``
    (the vacancy; the candidate for officer lists), its 1-based ``positions[k]`` and ``gains[k]``."""

    names: tuple[str, ...]
    X: np.ndarray
    lists: np.ndarray
    groups: np.ndarray
    positions: np.ndarray
    gains: np.ndarray

    def rows(self, mask: np.ndarray) -> OutcomeLog:
        return OutcomeLog(
            self.names, self.X[mask], self.lists[mask], self.groups[mask], self.positions[mask], self.gains[mask]
        )

    @property
    def lists_with_outcomes(self) -> int:
        return len({int(x) for x in self.lists[self.gains > 0]})


def _list_slices(lists: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(lists, kind="stable")
    bounds = np.flatnonzero(np.diff(lists[order])) + 1
    return [s for s in np.split(order, bounds) if len(s)]


def pairwise(log: OutcomeLog, eta: float = ETA) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(differences, labels, sample weights) of every better/worse pair within a shown list,
    both orientations (so the logistic regression needs no intercept)."""
    diffs, weights = [], []
    ips = 1.0 / propensity(log.positions, eta)
    for rows in _list_slices(log.lists):
        g = log.gains[rows]
        if not np.any(g > 0):
            continue
        better, worse = np.nonzero(g[:, None] > g[None, :])
        if not len(better):
            continue
        diffs.append(log.X[rows[better]] - log.X[rows[worse]])
        weights.append(ips[rows[better]])
    if not diffs:
        empty = np.zeros((0, log.X.shape[1]))
        return empty, np.zeros(0), np.zeros(0)
    d, w = np.vstack(diffs), np.concatenate(weights)
    return np.vstack([d, -d]), np.concatenate([np.ones(len(d)), np.zeros(len(d))]), np.concatenate([w, w])


class PropensityWeights(BaseEstimator):  # type: ignore[misc]
    """Linear feature weights from shown lists and outcomes (see the module docstring).

    ``fit(log)`` sets ``weights_`` (feature name -> weight, negatives cut to 0, summing to
    ``total`` in absolute value) and ``coef_`` (the raw logistic coefficients)."""

    def __init__(self, eta: float = ETA, C: float = 1.0, total: float = 1.0) -> None:
        self.eta = eta
        self.C = C
        self.total = total

    def fit(self, log: OutcomeLog) -> PropensityWeights:
        d, y, w = pairwise(log, self.eta)
        if not len(d):
            raise ValueError("no shown list has results with different outcomes")
        model = LogisticRegression(C=self.C, fit_intercept=False, max_iter=2000)
        model.fit(d, y, sample_weight=w / w.mean())
        self.coef_ = np.asarray(model.coef_[0], dtype=np.float64)
        kept = np.maximum(self.coef_, 0.0)
        scale = self.total / kept.sum() if kept.sum() > 0 else 0.0
        self.weights_ = {n: round(float(v * scale), 4) for n, v in zip(log.names, kept, strict=True)}
        return self


def weight_vector(names: Sequence[str], weights: Mapping[str, float]) -> np.ndarray:
    return np.array([float(weights.get(n, 0.0)) for n in names], dtype=np.float64)


def held_out_ndcg(log: OutcomeLog, weights: Mapping[str, float], eta: float = ETA, k: int = NDCG_DEPTH) -> float:
    """Propensity-weighted NDCG@k of ``log``'s lists re-ranked by ``weights``.

    Each observed gain counts ``(2^g - 1) / p(shown position)``: outcomes far down the logged list
    were less likely to be seen, so each stands for more (the counterfactual DCG estimator of
    Agarwal et al. 2019, "Estimating position bias without intrusive interventions"). The DCG is
    summed over lists and divided by the sum of the lists' ideal DCG, not normalised list by list:
    a list with one observed outcome would otherwise score only where that outcome is put, and the
    outcomes people saw are those the current weights put on top, so per-list normalisation
    undoes the correction and favours the current weights. Lists without outcome are skipped.
    Ties keep the shown order."""
    w = weight_vector(log.names, weights)
    ips = 1.0 / propensity(log.positions, eta)
    dcg = ideal_dcg = 0.0
    for rows in _list_slices(log.lists):
        g = log.gains[rows]
        if not np.any(g > 0):
            continue
        shown = np.argsort(log.positions[rows], kind="stable")
        rows, g = rows[shown], g[shown]
        value = (np.power(2.0, g) - 1.0) * ips[rows]
        order = np.argsort(-(log.X[rows] @ w), kind="stable")[:k]
        discount = 1.0 / np.log2(np.arange(2, len(order) + 2))
        ideal = np.sort(value)[::-1][:k]
        dcg += float(value[order] @ discount)
        ideal_dcg += float(ideal @ discount[: len(ideal)])
    return dcg / ideal_dcg if ideal_dcg > 0 else 0.0


def held_out_auc(log: OutcomeLog, weights: Mapping[str, float], eta: float = ETA) -> float:
    """Propensity-weighted pairwise accuracy (AUC) of ``weights`` on ``log``: the share of
    better/worse pairs within a shown list that ``weights`` order right (ties half), each pair
    weighted by the inverse propensity of its better result -- the loss the fit minimises, an
    unbiased estimate under the examination model (Joachims et al. 2017). The decision metric:
    far less noisy than a propensity-weighted NDCG on a few hundred lists."""
    d, _, w = pairwise(log, eta)
    n = len(d) // 2
    if not n:
        return 0.5
    s = d[:n] @ weight_vector(log.names, weights)
    return float((w[:n] * ((s > 0) + 0.5 * (s == 0))).sum() / w[:n].sum())


@dataclass(frozen=True)
class FoldResult:
    fold: int
    train_lists: int
    test_lists: int
    current: float  # held-out propensity-weighted AUC of the current weights
    learned: float  # ... of the weights fitted on the other folds
    current_ndcg: float  # held-out propensity-weighted NDCG@10 (reported, not decided on)
    learned_ndcg: float


@dataclass(frozen=True)
class Decision:
    """The fitted weights, the current ones, and whether the fitted ones are adopted, with why."""

    adopted: bool
    reason: str
    weights: dict[str, float]  # fitted on every list (what would be used)
    current: dict[str, float]
    folds: tuple[FoldResult, ...] = ()
    impressions: int = 0
    lists: int = 0
    lists_with_outcomes: int = 0
    eta: float = ETA
    evidence: dict[str, float] = field(default_factory=dict)

    @property
    def mean_current(self) -> float:
        return float(np.mean([f.current for f in self.folds])) if self.folds else 0.0

    @property
    def mean_learned(self) -> float:
        return float(np.mean([f.learned for f in self.folds])) if self.folds else 0.0


def learn(
    log: OutcomeLog,
    current: Mapping[str, float],
    *,
    folds: int = 5,
    eta: float = ETA,
    C: float = 1.0,
    min_gain: float = MIN_GAIN,
) -> Decision:
    """Fit weights on ``log`` and decide against ``current`` on held-out vacancies (see module docstring)."""
    current = {n: float(current.get(n, 0.0)) for n in log.names}
    total = float(sum(abs(v) for v in current.values())) or 1.0
    n_lists = len({int(x) for x in log.lists})
    with_outcomes = log.lists_with_outcomes
    groups_with = {int(g) for g in log.groups[log.gains > 0]}
    n_folds = min(folds, len(groups_with))
    if with_outcomes < MIN_LISTS or n_folds < MIN_FOLDS:
        reason = (
            f"too few outcomes: {with_outcomes} shown lists with an outcome over {len(groups_with)} "
            f"vacancies (need {MIN_LISTS} lists and {MIN_FOLDS} vacancies)"
        )
        return Decision(False, reason, dict(current), dict(current), (), len(log.gains), n_lists, with_outcomes, eta)
    results = []
    splitter = GroupKFold(n_splits=n_folds)
    for k, (train, test) in enumerate(splitter.split(log.X, groups=log.groups)):
        train_log, test_log = (
            log.rows(np.isin(np.arange(len(log.gains)), train)),
            log.rows(np.isin(np.arange(len(log.gains)), test)),
        )
        if not test_log.lists_with_outcomes or not train_log.lists_with_outcomes:
            continue
        fitted = PropensityWeights(eta=eta, C=C, total=total).fit(train_log).weights_
        results.append(
            FoldResult(
                k,
                len({int(x) for x in train_log.lists}),
                len({int(x) for x in test_log.lists}),
                held_out_auc(test_log, current, eta),
                held_out_auc(test_log, fitted, eta),
                held_out_ndcg(test_log, current, eta),
                held_out_ndcg(test_log, fitted, eta),
            )
        )
    weights = PropensityWeights(eta=eta, C=C, total=total).fit(log).weights_
    gains = np.array([f.learned - f.current for f in results])
    mean_gain = float(gains.mean()) if len(gains) else 0.0
    wins = int((gains > 0).sum())
    ndcg_gain = float(np.mean([f.learned_ndcg - f.current_ndcg for f in results])) if results else 0.0
    evidence = {
        "mean_gain": round(mean_gain, 4),
        "mean_ndcg_gain": round(ndcg_gain, 4),
        "folds_won": float(wins),
        "folds": float(len(results)),
    }
    if len(results) < MIN_FOLDS:
        adopted, reason = False, f"only {len(results)} folds had outcomes on both sides (need {MIN_FOLDS})"
    elif mean_gain < min_gain:
        adopted, reason = False, f"held-out AUC gain {mean_gain:+.4f} is below {min_gain:+.4f}"
    elif wins * 2 <= len(results):
        adopted, reason = False, f"better on only {wins} of {len(results)} held-out folds"
    else:
        adopted = True
        reason = f"held-out AUC {mean_gain:+.4f} over the current weights, better on {wins} of {len(results)} folds"
    return Decision(
        adopted, reason, weights, dict(current), tuple(results), len(log.gains), n_lists, with_outcomes, eta, evidence
    )

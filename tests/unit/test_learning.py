"""Learning weights from outcomes (matcher.learning) on lists simulated by the demo's stated
simulation (api.demo.outcomes.simulate_list): a planted weight change is recovered and adopted,
weights that do not beat the current ones are refused."""

from __future__ import annotations

import random

import numpy as np
import pytest

from api.demo.outcomes import simulate_list
from matcher.features import FEATURE_NAMES, REGION, SIMILARITY_NAMES, UNIT_COVERAGE
from matcher.learning import OutcomeLog, held_out_ndcg, learn, outcome_gain, pairwise, propensity
from matcher.scoring import DEFAULT_WEIGHTS


def shown_lists(truth: dict[str, float], *, vacancies: int = 240, pool: int = 40, shown: int = 20, seed: int = 3):
    """Lists as the matcher would show them (top ``shown`` of ``pool`` by the default weights), with
    outcomes simulated from ``truth``. Features: similarities ~ N(0, 1) around a per-candidate
    relevance, unit coverage and region on their 0..1 scales."""
    gen, rng = np.random.default_rng(seed), random.Random(seed)
    names = list(FEATURE_NAMES)
    default = np.array([DEFAULT_WEIGHTS.get(n, 0.0) for n in names])
    rows, lists, groups, positions, gains = [], [], [], [], []
    for v in range(vacancies):
        relevance = gen.normal(0, 1, pool)
        X = np.zeros((pool, len(names)))
        for j, n in enumerate(names):
            if n in SIMILARITY_NAMES:
                X[:, j] = 0.6 * relevance + gen.normal(0, 0.8, pool)
        X[:, names.index(UNIT_COVERAGE)] = gen.choice([0.0, 0.0, 0.5, 1.0], pool)
        X[:, names.index(REGION)] = gen.choice([0.0, 0.5, 1.0], pool)
        order = np.argsort(-(X @ default), kind="stable")[:shown]
        outcomes = simulate_list(X[order].tolist(), rng, truth)
        for k, (row, o) in enumerate(zip(X[order], outcomes, strict=True)):
            rows.append(row)
            lists.append(v)
            groups.append(v)
            positions.append(k + 1)
            gains.append(outcome_gain(o.furthest_stage, [m for m, kept in o.retained if kept]))
    return OutcomeLog(
        tuple(names), np.array(rows), np.array(lists), np.array(groups), np.array(positions), np.array(gains)
    )


def share(weights: dict[str, float], name: str) -> float:
    return weights[name] / sum(abs(w) for w in weights.values())


def test_outcome_gain_counts_the_furthest_stage_and_retention() -> None:
    assert outcome_gain(None) == 0
    assert outcome_gain("shortlisted") == 1
    assert outcome_gain("offer") == 3
    assert outcome_gain("hired") == 4
    assert outcome_gain("hired", [3, 6, 12]) == 7
    assert outcome_gain("interview", [3]) == 2  # retention only counts for a hire


def test_propensity_falls_with_rank_and_is_clipped() -> None:
    p = propensity(np.array([1, 2, 10, 1000]))
    assert p[0] == 1.0 and p[1] == pytest.approx(0.5) and p[2] == pytest.approx(0.1)
    assert p[3] == pytest.approx(0.05)


def test_pairs_are_weighted_by_the_inverse_propensity_of_the_better_result() -> None:
    log = OutcomeLog(("a",), np.array([[1.0], [0.0], [2.0]]), np.zeros(3), np.zeros(3), np.array([1, 2, 4]),
                     np.array([0.0, 0.0, 1.0]))  # fmt: skip
    d, y, w = pairwise(log)
    assert len(d) == 4 and set(y) == {0.0, 1.0}
    assert np.allclose(w, 4.0)  # the outcome was at position 4: p = 1/4


def test_learn_weights_recovers_a_planted_weight_change_and_adopts_it() -> None:
    planted = {**DEFAULT_WEIGHTS, REGION: 2.0, UNIT_COVERAGE: 2.0}
    log = shown_lists(planted, vacancies=300)
    decision = learn(log, DEFAULT_WEIGHTS)
    assert decision.adopted, decision.reason
    assert share(decision.weights, REGION) > 1.5 * share(dict(DEFAULT_WEIGHTS), REGION)
    assert share(decision.weights, UNIT_COVERAGE) > share(dict(DEFAULT_WEIGHTS), UNIT_COVERAGE)
    assert decision.mean_learned > decision.mean_current + 0.005
    assert len(decision.folds) == 5 and all(f.test_lists for f in decision.folds)


def test_learn_weights_refuses_weights_that_do_not_beat_the_current_ones() -> None:
    log = shown_lists(dict(DEFAULT_WEIGHTS), vacancies=300, seed=5)  # outcomes follow the current weights exactly
    decision = learn(log, DEFAULT_WEIGHTS)
    assert not decision.adopted
    assert "below" in decision.reason or "only" in decision.reason
    assert decision.folds  # it did fit and compare, it just did not win


def test_learn_weights_refuses_without_enough_outcomes() -> None:
    log = shown_lists({**DEFAULT_WEIGHTS, REGION: 2.0}, vacancies=5)
    decision = learn(log, DEFAULT_WEIGHTS)
    assert not decision.adopted and "too few" in decision.reason
    assert decision.weights == {n: float(DEFAULT_WEIGHTS.get(n, 0.0)) for n in FEATURE_NAMES}


def test_held_out_ndcg_prefers_the_weights_that_put_the_outcome_first() -> None:
    log = OutcomeLog(("a", "b"), np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2), np.zeros(2), np.array([1, 2]),
                     np.array([0.0, 2.0]))  # fmt: skip
    assert held_out_ndcg(log, {"a": 0.0, "b": 1.0}) == pytest.approx(1.0)
    assert held_out_ndcg(log, {"a": 1.0, "b": 0.0}) < 1.0

"""Exposure metrics and the four-fifths flag, on small hand-checked inputs."""

from __future__ import annotations

import math
from datetime import date

import pytest

from matcher.fairness import MIN_GROUP, age_band, exposure, group_exposure, position_weight


def test_position_weight_is_dcg_discount() -> None:
    assert position_weight(1) == 1.0
    assert position_weight(3) == pytest.approx(0.5)
    assert position_weight(10) == pytest.approx(1 / math.log2(11))
    with pytest.raises(ValueError):
        position_weight(0)


def test_exposure_sums_discounted_positions() -> None:
    exp = exposure([["a", "b", "c"], ["b", "a"]])
    assert exp["a"] == (pytest.approx(1 + 1 / math.log2(3)), 2)
    assert exp["c"] == (pytest.approx(0.5), 1)


def _population(n_l: int, n_p: int) -> dict[str, dict[str, str]]:
    pop = {f"l{i}": {"gender": "L"} for i in range(n_l)}
    pop.update({f"p{i}": {"gender": "P"} for i in range(n_p)})
    return pop


def test_group_below_four_fifths_of_best_is_flagged() -> None:
    pop = _population(MIN_GROUP, MIN_GROUP)
    # every L appears first in one list, only half of the P do
    results = [[f"l{i}"] for i in range(MIN_GROUP)] + [[f"p{i}"] for i in range(MIN_GROUP // 2)]
    rows = {g.group: g for g in group_exposure(pop, results)}
    assert rows["L"].ratio == 1.0 and not rows["L"].flagged
    assert rows["P"].ratio == pytest.approx(0.5) and rows["P"].flagged
    assert rows["P"].appearance_rate == pytest.approx(0.5)


def test_equal_exposure_is_not_flagged_and_small_groups_never_are() -> None:
    pop = _population(MIN_GROUP, MIN_GROUP)
    results = [[f"l{i}", f"p{i}"] for i in range(MIN_GROUP)] + [[f"p{i}", f"l{i}"] for i in range(MIN_GROUP)]
    assert not any(g.flagged for g in group_exposure(pop, results))
    small = _population(MIN_GROUP, 3)
    rows = {g.group: g for g in group_exposure(small, [[f"l{i}"] for i in range(MIN_GROUP)])}
    assert rows["P"].ratio == 0.0 and not rows["P"].flagged


def test_age_bands() -> None:
    today = date(2026, 1, 1)
    assert [age_band(y, today) for y in (2005, 1995, 1985, 1975, 1960)] == ["<25", "25-34", "35-44", "45-54", "55+"]

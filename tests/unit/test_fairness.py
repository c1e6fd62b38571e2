"""Exposure metrics and the four-fifths flag, on small hand-checked inputs."""

from __future__ import annotations

import math
from datetime import date

import pytest

from matcher.fairness import ATTRIBUTES, MIN_GROUP, age_band, exposure, group_exposure, population, position_weight
from models.records import Inmate


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


def test_population_groups_people_by_every_audited_attribute() -> None:
    def person(pid: int, facility_id: int, province: str | None, gender: str, birth_year: int) -> Inmate:
        return Inmate(
            id=pid, external_id=f"X{pid}", pseudonym=f"WB-{pid}", full_name="x", birth_year=birth_year, gender=gender,
            facility_id=facility_id, bapas_id=None, domicile_regency_code=None, domicile_province_code=province,
            education=None, skills=(), work_history=(), trainings=(), status="sentenced", expected_release_date=None,
        )  # fmt: skip

    people = [person(1, 7, "32", "L", 2000), person(2, 8, None, "P", 1970)]
    pop = population(people, {7: "Lapas Sukamiskin"}, date(2026, 1, 1))
    assert pop == {
        "1": {"facility": "Lapas Sukamiskin", "province": "32", "gender": "L", "age_band": "25-34"},
        "2": {"facility": "8", "province": "?", "gender": "P", "age_band": "55+"},
    }
    assert all(set(attrs) == set(ATTRIBUTES) for attrs in pop.values())

"""DemoRandom draws exactly what random.Random draws (the demo's data must not change with its speed)."""

from __future__ import annotations

import random

import pytest

from api.demo.draws import DemoRandom


def _pair(seed: object) -> tuple[random.Random, DemoRandom]:
    return random.Random(seed), DemoRandom(seed)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [0, 7, 0.25, "7:sensitive:DEMO-0000001"])
def test_choice_randint_and_random_give_the_same_numbers_and_leave_the_same_state(seed: object) -> None:
    std, fast = _pair(seed)
    sequences = [tuple(range(n)) for n in (1, 2, 3, 5, 7, 8, 9, 16, 17, 100, 1000, 2**20 + 1)]
    for i in range(20_000):
        seq = sequences[i % len(sequences)]
        assert fast.choice(seq) == std.choice(seq)
        low = i % 11 - 5
        high = low + i % 17
        assert fast.randint(low, high) == std.randint(low, high)
        assert fast.random() == std.random()
    assert fast.getstate() == std.getstate()


def test_sample_matches_on_the_pool_and_the_set_method() -> None:
    std, fast = _pair(11)
    for n in range(0, 40):
        population = [f"x{i}" for i in range(n)]
        for k in range(0, min(n, 8) + 1):
            for source in (population, tuple(population), range(n)):
                assert fast.sample(source, k) == std.sample(source, k), (n, k, type(source))
    assert fast.sample(["a", "b", "c"], 5, counts=[1, 2, 3]) == std.sample(["a", "b", "c"], 5, counts=[1, 2, 3])
    assert fast.getstate() == std.getstate()


def test_choices_with_weights_or_cumulative_weights_match() -> None:
    std, fast = _pair(3)
    labels = ("a", "b", "c", "d")
    for i in range(5_000):
        weights = (1 + i % 3, 0, 5, 0.5)
        assert fast.choices(labels, weights=weights) == std.choices(labels, weights=weights)
        cum = (4, 26, 54, 74)
        assert fast.choices(labels, cum_weights=cum) == std.choices(labels, cum_weights=cum)
        assert fast.choices(labels, k=3) == std.choices(labels, k=3)
        assert fast.choices(labels, weights=weights, k=2) == std.choices(labels, weights=weights, k=2)
    assert fast.getstate() == std.getstate()


@pytest.mark.parametrize(
    "draw",
    [
        lambda r: r.choice([]),
        lambda r: r.randint(3, 2),
        lambda r: r.sample([1, 2], 3),
        lambda r: r.choices(["a", "b"], weights=[0, 0]),
        lambda r: r.choices(["a", "b"], cum_weights=[1]),
        lambda r: r.choices(["a", "b"], weights=[1, 1], cum_weights=[1, 2]),
        lambda r: r.choices(["a"], weights=[float("nan")]),
    ],
)
def test_bad_arguments_fail_as_in_the_standard_library(draw: object) -> None:
    std, fast = _pair(1)
    with pytest.raises(Exception) as expected:
        draw(std)  # type: ignore[operator]
    with pytest.raises(type(expected.value)):
        draw(fast)  # type: ignore[operator]

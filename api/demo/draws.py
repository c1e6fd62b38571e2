"""``DemoRandom``: ``random.Random`` with the demo's hot draws in one Python frame each, same numbers.

Building a demo person takes about thirty draws; in CPython ``choice``, ``randint``, ``sample`` and
``choices`` are two to four Python frames around the C ``getrandbits`` / ``random``, and with the
frozen records they were the largest part of the demo worker's CPU, which bounds the bulk load
(issue 17). These overrides make exactly the calls to ``getrandbits`` / ``random`` that CPython's
methods make (``_randbelow_with_getrandbits``; ``choices`` bisecting its cumulative weights), so a
seed gives the demo it gave before: ``tests/unit/test_demo_draws.py`` compares them draw by draw
and ``tests/integration/test_demo_bulk.py`` holds the demo's digests.
"""

from __future__ import annotations

import itertools
import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class DemoRandom(random.Random):
    def choice(self, seq: Sequence[T]) -> T:
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        bits, k = self.getrandbits, n.bit_length()
        r = bits(k)
        while r >= n:
            r = bits(k)
        return seq[r]

    def randint(self, a: int, b: int) -> int:
        n = b + 1 - a
        if n <= 0:
            raise ValueError(f"empty range for randint({a}, {b})")
        bits, k = self.getrandbits, n.bit_length()
        r = bits(k)
        while r >= n:
            r = bits(k)
        return a + r

    def sample(self, population: Sequence[T], k: int, *, counts: Any = None) -> list[T]:  # type: ignore[override]
        """Without ``counts``, from a list or tuple small enough for CPython's pool method (the
        demo's only case): that method's draws, inline. Anything else: ``random.Random.sample``."""
        n = len(population)
        if counts is not None or type(population) not in (list, tuple) or not 0 <= k <= n or n > _pool_limit(k):
            return super().sample(population, k, counts=counts)
        bits = self.getrandbits
        pool, result = list(population), []
        for i in range(k):
            m = n - i
            width = m.bit_length()
            j = bits(width)
            while j >= m:
                j = bits(width)
            result.append(pool[j])
            pool[j] = pool[m - 1]
        return result

    def choices(  # type: ignore[override]
        self,
        population: Sequence[T],
        weights: Sequence[float] | None = None,
        *,
        cum_weights: Sequence[float] | None = None,
        k: int = 1,
    ) -> list[T]:
        """One pick by cumulative weights (given, or accumulated from ``weights``) as CPython bisects
        them; anything else: ``random.Random.choices``."""
        n = len(population)
        if k != 1 or (weights is None) == (cum_weights is None):
            return super().choices(population, weights, cum_weights=cum_weights, k=k)
        cum = cum_weights if cum_weights is not None else list(itertools.accumulate(weights or ()))
        total = cum[-1] + 0.0 if len(cum) == n and n else 0.0
        if not 0.0 < total < math.inf:
            return super().choices(population, weights, cum_weights=cum_weights, k=k)  # its error
        return [population[bisect_right(cum, self.random() * total, 0, n - 1)]]


def _pool_limit(k: int) -> int:
    """CPython's ``sample``: the largest population it draws from a pool list (else a set)."""
    return 21 + (4 ** math.ceil(math.log(k * 3, 4)) if k > 5 else 0)

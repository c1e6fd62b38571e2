"""Per-request work the matcher must not repeat (issue 17): the reference is fitted once per day per
process however many requests arrive together, and re-ranking runs with one BLAS thread."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest

from matcher import reference as reference_module
from matcher import threads
from matcher.service import ItemVectors, Matcher
from models.db import vector_from_binary, vector_to_binary
from models.records import Inmate
from tests.unit.test_matcher_service import (
    TODAY,
    WELD_JOB,
    FakeEmbedder,
    FakeInmates,
    FakeVectors,
    indexed,
    matcher_stores,
)


async def test_concurrent_first_requests_fit_the_reference_once(monkeypatch: object) -> None:
    db = await indexed()
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    read = FakeInmates.list_after

    async def slow_read(self: FakeInmates, last_id: int, limit: int) -> Sequence[Inmate]:
        await asyncio.sleep(0.01)  # as a database read does: requests arriving together all wait here
        return await read(self, last_id, limit)

    monkeypatch.setattr(FakeInmates, "list_after", slow_read)  # type: ignore[attr-defined]
    fits = 0
    original = reference_module.Reference.fit

    def counting_fit(self: reference_module.Reference, *args: object, **kwargs: object) -> object:
        nonlocal fits
        fits += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(reference_module.Reference, "fit", counting_fit)  # type: ignore[attr-defined]
    results = await asyncio.gather(*(matcher.candidates_for_vacancy(db, WELD_JOB, as_of=TODAY) for _ in range(8)))
    assert fits == 1
    first = [(m.inmate_id, m.score) for m in results[0][1]]
    assert all([(m.inmate_id, m.score) for m in r[1]] == first for r in results)
    # a new day fits a new reference, once
    await asyncio.gather(*(matcher.reference(db, TODAY.replace(day=TODAY.day + 1)) for _ in range(4)))
    assert fits == 2


def _blas_threads() -> int | None:
    info = [i for i in threads._blas().info() if i.get("user_api") == "blas"]
    return int(info[0]["num_threads"]) if info else None


def test_one_blas_thread_inside_and_the_previous_limit_after() -> None:
    before = _blas_threads()
    if before is None:  # no BLAS library visible: nothing to limit
        return
    with threads.one_blas_thread():
        assert _blas_threads() == 1
        with threads.one_blas_thread():  # nested: still one, and leaving it keeps the outer limit
            assert _blas_threads() == 1
        assert _blas_threads() == 1
    assert _blas_threads() == before


async def test_item_vectors_are_read_once_per_process() -> None:
    db = await indexed()
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    reads: list[int] = []  # item vectors asked for, per statement (alone, or with a ranking's other reads)
    original, together = FakeVectors.text_vectors, FakeVectors.ranking_reads

    async def counting(self: FakeVectors, model: str, hashes: Sequence[str]) -> Mapping[str, np.ndarray]:
        reads.append(len(hashes))
        return await original(self, model, hashes)

    async def counting_together(
        self: FakeVectors, model: str, terms: Sequence[str], items: Sequence[str], *rest: Any
    ) -> Any:
        reads.append(len(items))
        return await together(self, model, terms, items, *rest)

    FakeVectors.text_vectors, FakeVectors.ranking_reads = counting, counting_together  # type: ignore[method-assign]
    try:
        first = await matcher.candidates_for_vacancy(db, WELD_JOB, as_of=TODAY)
        after_first = len(reads)
        second = await matcher.candidates_for_vacancy(db, WELD_JOB, as_of=TODAY)
    finally:
        FakeVectors.text_vectors, FakeVectors.ranking_reads = original, together  # type: ignore[method-assign]
    assert reads and sum(reads) > 0
    assert not any(reads[after_first:])  # the second query reads no item vector: they are kept per process
    assert [(m.inmate_id, m.score) for m in first[1]] == [(m.inmate_id, m.score) for m in second[1]]


def test_item_vectors_keep_the_most_recently_used() -> None:
    cache = ItemVectors(limit=2)
    one, two, three = (np.full(3, k, dtype=np.float32) for k in (1, 2, 3))
    cache.put({"a": one, "b": two})
    assert cache.get("a") is one  # "a" used last: "b" goes first
    cache.put({"c": three})
    assert cache.get("b") is None and cache.get("a") is one and cache.get("c") is three


def test_vector_codec_round_trip_and_refuses_bad_lengths() -> None:
    values = np.array([0.5, -1.25, 3.0], dtype=np.float32)
    encoded = vector_to_binary(values)
    assert encoded == vector_to_binary(list(values)) and len(encoded) == 4 + 3 * 4
    decoded = vector_from_binary(encoded)
    assert decoded.dtype == np.float32 and np.array_equal(decoded, values)
    with pytest.raises(ValueError):
        vector_from_binary(encoded[:-1])

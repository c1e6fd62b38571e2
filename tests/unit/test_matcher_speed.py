"""Per-request work the matcher must not repeat (issue 17): the reference is fitted once per day per
process however many requests arrive together, and re-ranking runs with one BLAS thread."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from matcher import reference as reference_module
from matcher import threads
from matcher.service import Matcher
from models.records import Inmate
from tests.unit.test_matcher_service import TODAY, WELD_JOB, FakeEmbedder, FakeInmates, indexed, matcher_stores


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

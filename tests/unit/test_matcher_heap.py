"""matcher.heap: the long-lived heap is moved out of full collections (issue 17, 2nd pass)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from matcher import heap
from matcher.service import Matcher
from tests.unit.test_matcher_service import TODAY, FakeEmbedder, indexed, matcher_stores


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_settle_freezes_what_is_alive_and_reference_counting_still_frees_it() -> None:
    kept = [Node() for _ in range(100)]
    assert gc.get_freeze_count() == 0
    heap.settle()
    assert gc.get_freeze_count() >= len(kept)
    assert not any(o is kept[0] for o in gc.get_objects())  # frozen: no generation walks it
    probe = weakref.ref(kept[0])
    del kept
    assert probe() is None  # frozen, yet freed when its last reference goes


def test_frozen_garbage_cycles_wait_for_a_full_settle() -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a
    probe = weakref.ref(a)
    heap.settle()  # young generations only: a fresh cycle is collected before the freeze
    assert probe() is not None  # still referenced
    del a, b
    assert probe() is not None  # frozen cycles are not collected by later collections ...
    gc.collect()
    assert probe() is not None
    heap.settle(full=True)  # ... until a full settle unfreezes and collects everything
    assert probe() is None


async def test_the_reference_fit_settles_the_heap() -> None:
    db = await indexed()
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    assert gc.get_freeze_count() == 0
    reference = await matcher.reference(db, TODAY)
    assert gc.get_freeze_count() > 0
    assert not any(o is reference for o in gc.get_objects())


def test_settle_sets_the_serving_thresholds_and_young_cycles_are_still_collected() -> None:
    gc.set_threshold(700, 10, 10)
    heap.settle()
    assert gc.get_threshold() == heap.SERVING_THRESHOLDS
    assert heap.SERVING_THRESHOLDS[0] > 700  # fewer young collections per query than the default
    a, b = Node(), Node()
    a.other, b.other = b, a
    probe = weakref.ref(a)
    del a, b
    alive = [Node() for _ in range(3 * heap.SERVING_THRESHOLDS[0])]  # allocations alone start a young collection
    assert probe() is None
    assert len(alive) == 3 * heap.SERVING_THRESHOLDS[0]


def test_bulk_thresholds_raise_each_generation_for_the_block_and_restore_what_they_found() -> None:
    gc.set_threshold(700, 50, 10)
    with heap.bulk_thresholds():
        assert gc.get_threshold() == (heap.SERVING_THRESHOLDS[0], 50, heap.SERVING_THRESHOLDS[2])  # never lowered
    assert gc.get_threshold() == (700, 50, 10)
    with pytest.raises(RuntimeError), heap.bulk_thresholds():
        raise RuntimeError("the load failed")
    assert gc.get_threshold() == (700, 50, 10)


def test_the_demo_worker_builds_its_rows_under_the_bulk_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import pickle

    from api.demo import worker

    seen: list[tuple[int, int, int]] = []
    monkeypatch.setattr(worker, "chunks", lambda *a, **k: seen.append(gc.get_threshold()) or iter(()))
    gc.set_threshold(700, 10, 10)
    job = worker.Job(population=None, count=0, chunk_size=1, ids=None, seed=7, sensitive=False)  # type: ignore[arg-type]
    worker.run(io.BytesIO(pickle.dumps(job)), io.BytesIO())
    assert seen == [heap.SERVING_THRESHOLDS] and gc.get_threshold() == (700, 10, 10)

"""WorkerPool: the hiring history's people, packed, read back as the same Worker tuples."""

from __future__ import annotations

from datetime import date

from api.demo.history import Worker
from api.demo.rows import ChunkRows, WorkerPool


def test_the_pool_reads_back_every_worker_in_load_order() -> None:
    pool = WorkerPool()
    first = ChunkRows(workers=[(0, "welding", "31", date(2025, 1, 2)), (2, "bakery", "12", date(2024, 12, 31))])
    second = ChunkRows(workers=[(1, "welding", "12", date(2025, 1, 2))])
    pool.add(first, [101, 102, 103])
    pool.add(second, [201, 202])
    expected = [
        Worker(101, "welding", "31", date(2025, 1, 2)),
        Worker(103, "bakery", "12", date(2024, 12, 31)),
        Worker(202, "welding", "12", date(2025, 1, 2)),
    ]
    workers = pool.workers()
    assert len(workers) == 3 and list(workers) == expected
    assert [workers[i] for i in range(3)] == expected
    assert workers[-1] == expected[-1] and list(workers[1:]) == expected[1:]
    assert workers[0].available_on is workers[2].available_on  # one date object per day

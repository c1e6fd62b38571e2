"""Latency, recall and memory measurements for bench/scale.py.

Every figure comes from timing real calls against the benchmark database: the matcher service as
the API calls it, and the retrieval stage alone under each strategy and ef_search.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import psutil

from matcher.profiles import available_from
from models.records import CandidateFilter, VacancyFilter
from models.repositories.embeddings import EmbeddingRepo
from models.repositories.inmates import InmateRepo
from models.repositories.vacancies import VacancyRepo


def summary(ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max of a list of milliseconds (nearest-rank percentiles)."""
    if not ms:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "p99": float("nan"), "mean": float("nan")}
    a = np.asarray(ms, dtype=np.float64)
    return {
        "n": int(a.size),
        "p50": round(float(np.percentile(a, 50, method="inverted_cdf")), 2),
        "p95": round(float(np.percentile(a, 95, method="inverted_cdf")), 2),
        "p99": round(float(np.percentile(a, 99, method="inverted_cdf")), 2),
        "mean": round(float(a.mean()), 2),
        "max": round(float(a.max()), 2),
    }


async def timed_each(fn: Callable[[Any], Awaitable[Any]], items: Sequence[Any], warmup: Sequence[Any]) -> list[float]:
    """Milliseconds per call of ``fn(item)``, one call at a time, after warm-up calls."""
    for item in warmup:
        await fn(item)
    out = []
    for item in items:
        t0 = time.perf_counter()
        await fn(item)
        out.append((time.perf_counter() - t0) * 1000)
    return out


class PeakSampler:
    """A peak (``peak``, bytes) sampled every ``every`` seconds in a thread while the block runs, and once
    more at its end; subclasses say what one sample is (``sample``)."""

    every = 0.02

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(self.every)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.sample())


class PeakRss(PeakSampler):
    """This process's RSS every 20 ms."""

    def __init__(self) -> None:
        super().__init__()
        self.proc = psutil.Process(os.getpid())
        self.start = self.peak = self.proc.memory_info().rss

    def sample(self) -> int:
        return int(self.proc.memory_info().rss)


@dataclass(frozen=True)
class Query:
    """One retrieval query: the stored vector of a vacancy (or person) and its filter."""

    key: int
    vector: np.ndarray
    flt: Any


async def vacancy_queries(conn: Any, ids: Sequence[int], *, province: bool = False) -> list[Query]:
    """Employer searches as the matcher service makes them: consent + available by the start date."""
    vectors = await EmbeddingRepo(conn).vacancy_vectors(ids)
    vacancies = await VacancyRepo(conn).get_many(ids)
    return [
        Query(
            i,
            vectors[i][2],
            CandidateFilter(
                for_employer=True,
                available_by=vacancies[i].start_date,
                province_code=vacancies[i].province_code if province else None,
            ),
        )
        for i in ids
        if i in vectors
    ]


async def inmate_queries(conn: Any, ids: Sequence[int]) -> list[Query]:
    """Officer searches: open vacancies starting on or after the person is free."""
    vectors = await EmbeddingRepo(conn).inmate_vectors(ids)
    people = await InmateRepo(conn).get_many(ids)
    return [
        Query(i, vectors[i][2], VacancyFilter(available_from=available_from(people[i]))) for i in ids if i in vectors
    ]


def recall_at(found: Sequence[float], truth: Sequence[float], k: int) -> float:
    """Share of the true top-k found, by similarity so that tied duplicates count as found."""
    truth = list(truth)[:k]
    if not truth:
        return 1.0
    kth = truth[-1] - 1e-6
    return min(len(truth), sum(1 for s in list(found)[:k] if s >= kth)) / len(truth)


async def search(conn: Any, q: Query, k: int, **kw: Any) -> Any:
    repo = EmbeddingRepo(conn)
    if isinstance(q.flt, CandidateFilter):
        return await repo.search_inmates(q.vector, k, q.flt, **kw)
    return await repo.search_vacancies(q.vector, k, q.flt, **kw)


def sims(result: Any) -> list[float]:
    return [h.similarity for h in result.hits]


async def strategy_table(
    conn: Any, queries: Sequence[Query], ks: Sequence[int], efs: Sequence[int], strategies: Sequence[str]
) -> tuple[list[dict[str, Any]], dict[int, list[list[float]]]]:
    """Recall@k against exact search and latency, per k, for 'ann' at each ef and the other strategies."""
    rows: list[dict[str, Any]] = []
    truths: dict[int, list[list[float]]] = {}
    kmax = max(ks)
    exact_ms: list[float] = []
    truth_all: list[list[float]] = []
    for q in queries:
        t0 = time.perf_counter()
        r = await search(conn, q, kmax, strategy="exact")
        exact_ms.append((time.perf_counter() - t0) * 1000)
        truth_all.append(sims(r))
    for k in ks:
        truths[k] = [t[:k] for t in truth_all]
        rows.append({"k": k, "strategy": "exact", "ef_search": 0, "recall": 1.0, **summary(exact_ms), "short": 0})
        plans = [("ann", ef) for ef in efs if ef >= k] + [(s, None) for s in strategies]
        for strategy, ef in plans:
            ms, recalls, short, used = [], [], 0, []
            for q, truth in zip(queries, truths[k]):
                t0 = time.perf_counter()
                r = await search(conn, q, k, strategy=strategy, ef_search=ef)
                ms.append((time.perf_counter() - t0) * 1000)
                recalls.append(recall_at(sims(r), truth, k))
                short += len(r.hits) < len(truth)
                used.append(r.strategy)
            rows.append(
                {
                    "k": k,
                    "strategy": strategy,
                    "ef_search": ef or 0,
                    "recall": round(float(np.mean(recalls)), 4),
                    **summary(ms),
                    "short": short,  # queries that returned fewer rows than pass the filter
                    "exact_share": round(used.count("exact") / len(used), 3),
                }
            )
    return rows, truths


def choose_ef(rows: Sequence[dict[str, Any]], k: int, target: float = 0.95) -> int | None:
    """Smallest ef_search whose mean recall@k meets the target (the curve's knee)."""
    ok = [r["ef_search"] for r in rows if r["k"] == k and r["strategy"] == "ann" and r["recall"] >= target]
    return min(ok) if ok else None

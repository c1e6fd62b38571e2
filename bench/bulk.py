"""The bulk-load figure of ``make bench``: the demo load into a scratch database, in a process of its own.

``bench.scale`` runs ``python -m bench.bulk`` (a JSON spec on stdin: the server's admin URI, the
scratch database's URI, the number of people and the seed) and reads one JSON object back: rate,
memory and CPU per process. The loader runs in a fresh interpreter, as ``binakerja demo`` runs it,
not inside the benchmark's process, which holds the model and the built matcher (1.8 GB at 300,000
profiles) whose collector passes and memory were charged to the load.

Memory is the loader's RSS growth *plus* the private memory (USS, sampled every 50 ms) of the
second process that builds the rows (``api.demo.worker``); CPU is given per process: loader,
worker, and the PostgreSQL backend of the load's connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from api.demo import load_demo
from bench import measure
from bench.repository import BenchRepo
from models.db import create_pool
from models.migrate import migrate

DATABASE = "bench_load"


def _backend_cpu(pid: int) -> float | None:
    try:  # the embedded server runs on this machine (Linux /proc)
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class WorkerMemory(measure.PeakSampler):
    """The peak USS of this process's children, every 50 ms; the children looked up every 0.5 s
    (``children()`` reads every process's /proc entry: at 50 ms that was ~4 % of the loader's profile
    samples)."""

    every = 0.05

    def __init__(self) -> None:
        super().__init__()
        self._me, self._children, self._rescan = psutil.Process(), [], 0.0

    def sample(self) -> int:
        if time.monotonic() >= self._rescan:
            with contextlib.suppress(psutil.Error):
                self._children, self._rescan = self._me.children(), time.monotonic() + 0.5
        peak = 0
        for child in self._children:
            with contextlib.suppress(psutil.Error):
                peak = max(peak, child.memory_full_info().uss)
        return peak


async def bulk_load(admin_uri: str, uri: str, n: int, seed: int) -> dict[str, Any]:
    """``load_demo`` of ``n`` people into a fresh database ``DATABASE`` (``uri``), dropped after."""
    admin = await create_pool(admin_uri, min_size=1, max_size=1)
    async with admin.acquire() as conn:
        await BenchRepo(conn).create_database(DATABASE)
    try:
        pool = await create_pool(uri, min_size=1, max_size=1)
        try:
            async with pool.acquire() as conn:
                await migrate(conn)
                backend = await conn.fetchval("SELECT pg_backend_pid()")
                server0, children0 = _backend_cpu(backend), resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu0 = time.process_time()
                with WorkerMemory() as worker, measure.PeakRss() as rss:
                    t0 = time.perf_counter()
                    await load_demo(conn, inmates=n, seed=seed)
                    seconds = time.perf_counter() - t0
                loader_cpu, server1 = time.process_time() - cpu0, _backend_cpu(backend)
                children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        finally:
            await pool.close()
    finally:
        async with admin.acquire() as conn:
            await BenchRepo(conn).drop_database(DATABASE)
        await admin.close()
    worker_cpu = (children1.ru_utime + children1.ru_stime) - (children0.ru_utime + children0.ru_stime)
    growth = rss.peak - rss.start
    return {
        "inmates": n,
        "process": "separate (python -m bench.bulk)",
        "seconds": round(seconds, 1),
        "inmates_per_s": round(n / seconds),
        "rss_start_mb": round(rss.start / 2**20),
        "rss_peak_mb": round(rss.peak / 2**20),
        "loader_rss_growth_mb": round(growth / 2**20),
        "worker_uss_peak_mb": round(worker.peak / 2**20),
        "rss_growth_mb": round((growth + worker.peak) / 2**20),  # loader growth + worker's memory
        "cpu_s": {
            "loader": round(loader_cpu, 2),
            "worker": round(worker_cpu, 2),
            "server": None if server0 is None or server1 is None else round(server1 - server0, 2),
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _main() -> int:
    spec = json.loads(sys.stdin.read())
    result = asyncio.run(bulk_load(spec["admin_uri"], spec["uri"], int(spec["inmates"]), int(spec["seed"])))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())

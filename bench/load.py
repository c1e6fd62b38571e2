"""HTTP load against a real server: uvicorn with several workers on loopback, driven by httpx.

``serve`` starts the app exactly as production would (``uvicorn --factory api.app:create_app``,
N workers, DATABASE_URL pointing at the benchmark database) and stops it by its own process id.
``hammer`` runs C concurrent clients for a fixed time, each sending one request after another.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.measure import summary

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(database_url: str, data_dir: Path, *, workers: int = 2, timeout: float = 180.0) -> Iterator[str]:
    """Run the app under uvicorn (loopback only) and yield its base URL."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        BINAKERJA_DEMO_ON_EMPTY="0",
        BINAKERJA_DATA_DIR=str(data_dir),
        BINAKERJA_SECRET_KEY=env.get("BINAKERJA_SECRET_KEY") or "bench-" + os.urandom(16).hex(),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    log = open(data_dir / "uvicorn.log", "w")  # noqa: SIM115 - closed in finally
    cmd = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {proc.returncode}; see {data_dir / 'uvicorn.log'}")
            try:
                if httpx.get(base + "/docs", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start in {timeout:.0f}s; see {data_dir / 'uvicorn.log'}")
            time.sleep(0.5)
        # Each worker loads the model and opens its pool in its lifespan; give both time to come up.
        time.sleep(2.0)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        log.close()


async def hammer(
    base: str, paths: Sequence[str], headers: dict[str, str], *, clients: int = 32, seconds: float = 30.0
) -> dict[str, Any]:
    """``clients`` concurrent loops for ``seconds``; throughput, latency and errors (non-200 or exceptions)."""
    ok_ms: list[float] = []
    errors: dict[str, int] = {}
    order = itertools.cycle(paths)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60.0) as client:
        # One warm-up request per client so connection set-up is not in the figures.
        await asyncio.gather(*(client.get(next(order)) for _ in range(clients)))
        stop = time.monotonic() + seconds

        async def loop() -> None:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    r = await client.get(next(order))
                    if r.status_code == 200:
                        ok_ms.append((time.perf_counter() - t0) * 1000)
                    else:
                        errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(ok_ms) + sum(errors.values()),
        "throughput_rps": round(len(ok_ms) / elapsed, 1),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        **{f"latency_{k}": v for k, v in summary(ok_ms).items()},
    }

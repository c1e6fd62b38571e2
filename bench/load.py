"""HTTP load against a real server: uvicorn with several workers on loopback, driven by httpx.

``serve`` starts the app exactly as production would (``uvicorn --factory api.app:create_app``,
N workers, DATABASE_URL pointing at the benchmark database) and stops it by its own process id.
``hammer`` runs C concurrent clients for a fixed time, each sending one request after another.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
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
import psutil

from bench.measure import summary

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(database_url: str, data_dir: Path, *, workers: int = 2, timeout: float = 180.0) -> Iterator[str]:
    """Run the app under uvicorn (loopback only) and yield its base URL."""
    with serve_process(database_url, data_dir, workers=workers, timeout=timeout) as (base, _):
        yield base


@contextmanager
def serve_process(
    database_url: str, data_dir: Path, *, workers: int = 2, timeout: float = 180.0
) -> Iterator[tuple[str, int]]:
    """Run the app under uvicorn (loopback only) and yield (base URL, uvicorn's process id)."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        BINAKERJA_DEMO_ON_EMPTY="0",
        BINAKERJA_DATA_DIR=str(data_dir),
        BINAKERJA_SECRET_KEY=env.get("BINAKERJA_SECRET_KEY") or "bench-" + os.urandom(16).hex(),
        # The notification worker's daily scans (match digests) run once a day in each worker at
        # start; they are not the search being measured (see the README's benchmark section).
        BINAKERJA_NOTIFY_WORKER=env.get("BINAKERJA_NOTIFY_WORKER", "0"),
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
        # Each worker loads the model and opens its pool in its lifespan, then warms up in the background
        # (api.web.warmup, as `binakerja serve` does): the load starts once every worker has said it is done.
        time.sleep(2.0)
        _wait_for_warm_ups(data_dir / "uvicorn.log", workers, deadline=time.monotonic() + timeout)
        yield base, proc.pid
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        log.close()


WARM_UP_DONE = ("binakerja: warm-up done", "the start-up warm-up failed")


def _wait_for_warm_ups(log_path: Path, workers: int, *, deadline: float) -> None:
    """Until ``workers`` warm-ups have ended in the server's log (none when BINAKERJA_WARM_SEARCHES is 0 or less)."""
    setting = os.environ.get("BINAKERJA_WARM_SEARCHES", "").strip()
    if setting and int(setting) <= 0:
        return
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace") if log_path.exists() else ""
        if sum(text.count(line) for line in WARM_UP_DONE) >= workers:
            return
        time.sleep(0.5)
    raise RuntimeError(f"the server's workers did not finish their warm-up; see {log_path}")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and all its live children (uvicorn and its workers)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def hammer_in_process(
    base: str,
    paths: Sequence[str],
    headers: dict[str, str],
    *,
    clients: int = 32,
    seconds: float = 30.0,
    server_pid: int | None = None,
) -> dict[str, Any]:
    """``hammer`` run in its own Python process (``python -m bench.load``), so the load generator's
    CPU is not the service's and is measured: its CPU seconds (from the child's own rusage), the
    server's (uvicorn process tree) and the whole machine's over the same wall time."""
    spec = {"base": base, "paths": list(paths), "headers": headers, "clients": clients, "seconds": seconds}
    cores = os.cpu_count() or 1
    machine0 = psutil.cpu_times()
    server0 = process_tree_cpu(server_pid) if server_pid else 0.0
    t0 = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own module, arguments on stdin
        [sys.executable, "-m", "bench.load"], cwd=ROOT, input=json.dumps(spec), capture_output=True, text=True,
        check=True, timeout=seconds + 300,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    server_cpu = (process_tree_cpu(server_pid) - server0) if server_pid else None
    machine1 = psutil.cpu_times()
    busy = sum(getattr(machine1, f) - getattr(machine0, f) for f in ("user", "system", "nice", "irq", "softirq"))
    result: dict[str, Any] = json.loads(done.stdout)
    total = result.pop("cpu_seconds")
    result.pop("run_seconds")
    gen, window = result.pop("window_cpu_seconds"), result["seconds"]
    result["load_generator"] = {
        "process": "separate (python -m bench.load)",
        "cpu_seconds": round(gen, 2),  # during the measured window (warm-up excluded)
        "cpu_seconds_with_warmup": round(total, 2),
        # Share of the machine (cores x the measured window) the generator used.
        "cpu_share": round(gen / (cores * window), 3) if window else None,
    }
    result["server_cpu_seconds"] = round(server_cpu, 2) if server_cpu is not None else None
    result["server_cpu_share"] = round(server_cpu / (cores * wall), 3) if server_cpu is not None else None
    # Everything busy on the machine meanwhile (PostgreSQL, other users' work included).
    result["machine_busy_share"] = round(busy / (cores * wall), 3)
    return result


def sign_in_probe_in_process(
    base: str, probe_path: str, headers: dict[str, str], *, attackers: int = 16, seconds: float = 10.0
) -> dict[str, Any]:
    """``sign_in_probe`` in its own process (see ``hammer_in_process``)."""
    spec = {"mode": "sign_in_probe", "base": base, "probe_path": probe_path, "headers": headers,
            "attackers": attackers, "seconds": seconds}  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own module, arguments on stdin
        [sys.executable, "-m", "bench.load"], cwd=ROOT, input=json.dumps(spec), capture_output=True, text=True,
        check=True, timeout=3 * seconds + 300,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    result.pop("run_seconds", None)
    result["load_generator_cpu_seconds"] = round(result.pop("cpu_seconds"), 2)
    return result


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def sign_in_probe(
    base: str, probe_path: str, headers: dict[str, str], *, attackers: int = 16, seconds: float = 10.0
) -> dict[str, Any]:
    """Issue 13's bounded load probe (loopback only): the p95 of one sequential probe request stream
    while idle, then while ``attackers`` clients each send failed sign-ins (wrong passwords for
    unknown accounts, one after another) for ``seconds``. Done when loaded p95 < 3 x idle p95."""

    async def probe(client: httpx.AsyncClient, until: float) -> list[float]:
        out = []
        while time.monotonic() < until:
            t0 = time.perf_counter()
            r = await client.get(probe_path)
            r.raise_for_status()
            out.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(0.02)  # a steady probe, not a load of its own
        return out

    attempts: dict[str, int] = {}

    async def attacker(n: int, until: float) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60.0) as client:
            form = await client.get("/masuk")
            token = _CSRF.search(form.text)
            if token is None:
                raise RuntimeError("no csrf_token on /masuk")
            while time.monotonic() < until:
                r = await client.post(
                    "/masuk",
                    data={"email": f"probe-{n}-{os.urandom(3).hex()}@bench.binakerja.invalid",
                          "password": os.urandom(8).hex(), "csrf_token": token.group(1), "next": ""},
                )  # fmt: skip
                attempts[str(r.status_code)] = attempts.get(str(r.status_code), 0) + 1

    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60.0) as client:
        await client.get(probe_path)  # warm-up
        idle = await probe(client, time.monotonic() + seconds)
        until = time.monotonic() + seconds
        tasks = [asyncio.create_task(attacker(n, until)) for n in range(attackers)]
        await asyncio.sleep(0.5)  # let the attack start
        loaded = await probe(client, until)
        await asyncio.gather(*tasks)
    idle_s, loaded_s = summary(idle), summary(loaded)
    ratio = loaded_s["p95"] / idle_s["p95"] if idle_s["n"] and loaded_s["n"] else float("nan")
    return {
        "probe_path": probe_path.split("?")[0],
        "attackers": attackers,
        "seconds": seconds,
        "sign_in_attempts": attempts,
        "idle": idle_s,
        "under_attack": loaded_s,
        "p95_ratio": round(ratio, 2),
        "target_ratio": 3.0,
        "met": bool(ratio < 3.0),
    }


def _child_main() -> int:
    """Entry of the load-generator process: spec as JSON on stdin, result as JSON on stdout."""
    spec = json.loads(sys.stdin.read())
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    if spec.get("mode") == "sign_in_probe":
        result = asyncio.run(
            sign_in_probe(spec["base"], spec["probe_path"], spec["headers"], attackers=spec["attackers"],
                          seconds=spec["seconds"])
        )  # fmt: skip
    else:
        result = asyncio.run(
            hammer(spec["base"], spec["paths"], spec["headers"], clients=spec["clients"], seconds=spec["seconds"])
        )
    result["cpu_seconds"] = time.process_time() - cpu0
    result["run_seconds"] = time.perf_counter() - t0
    print(json.dumps(result))
    return 0


class _Http11:
    """A minimal HTTP/1.1 keep-alive client for GET requests on loopback: the load generator's own
    cost per request is kept low (httpx spent ~3 ms of CPU per request, on the cores the service
    shares), so the figure says what the service costs. Reads Content-Length or chunked bodies;
    reconnects when the server answers ``Connection: close`` (``api.web.middleware.SpreadConnections``)."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.head = "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"{host}:{port}", **headers}.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\n{self.head}\r\n".encode("latin-1"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size + 2))
            await self.reader.readuntil(b"\r\n")  # the empty trailer
            body = b"".join(p[:-2] for p in parts)
        else:  # until the server closes
            body = await self.reader.read()
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def hammer(
    base: str, paths: Sequence[str], headers: dict[str, str], *, clients: int = 32, seconds: float = 30.0
) -> dict[str, Any]:
    """``clients`` concurrent loops for ``seconds``, each on its own kept-alive connection;
    throughput, latency and errors (non-200 or exceptions)."""
    ok_ms: list[float] = []
    errors: dict[str, int] = {}
    order = itertools.cycle(paths)
    url = httpx.URL(base)
    conns = [_Http11(url.host, url.port or 80, headers) for _ in range(clients)]
    try:
        # One warm-up request per client so connection set-up is not in the figures.
        await asyncio.gather(*(c.get(next(order)) for c in conns))
        stop = time.monotonic() + seconds

        async def loop(conn: _Http11) -> None:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    status, _ = await conn.get(next(order))
                    if status == 200:
                        ok_ms.append((time.perf_counter() - t0) * 1000)
                    else:
                        errors[str(status)] = errors.get(str(status), 0) + 1
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    await conn.close()

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(loop(c) for c in conns))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        for c in conns:
            await c.close()
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(ok_ms) + sum(errors.values()),
        "throughput_rps": round(len(ok_ms) / elapsed, 1),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "window_cpu_seconds": round(cpu, 3),  # this process's CPU during the measured window
        **{f"latency_{k}": v for k, v in summary(ok_ms).items()},
    }


if __name__ == "__main__":
    raise SystemExit(_child_main())

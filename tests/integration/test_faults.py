"""Faults injected on real parts: the database stopping and restarting under the running
app, a write in flight when it goes, a bulk import killed mid-file, a model that cannot load.

Each database fault runs on a private embedded server so the shared test database lives on."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from api.app import create_app
from api.config import Settings
from api.privacy import actions as privacy
from matcher.embedding import Encoder, ModelLoadError
from models.db import Database, create_pool, start_embedded
from models.migrate import migrate
from models.records import Actor, Consent
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]


class Server:
    def __init__(self, folder: Path) -> None:
        self.uri, self.handle = start_embedded(folder / "pg")

    def _pg_ctl(self, *args: str) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", *args], pgdata=self.handle.pgdata, user=self.handle.system_user, timeout=60)

    def stop(self) -> None:
        # immediate: every backend dies at once, like a crash; a query in flight cannot slip
        # through between the lock holder's exit and its own termination
        self._pg_ctl("stop", "-m", "immediate")

    def start(self) -> None:
        # restart reuses the options the server was first started with (postmaster.opts)
        self._pg_ctl("restart", "-m", "fast")

    def running(self) -> bool:
        return (Path(self.handle.pgdata) / "postmaster.pid").exists()


@pytest.fixture(scope="module")
def module_server() -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix="binakerja-faults-"))
    s = Server(folder)
    try:
        yield s
    finally:
        s.handle.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(module_server: Server) -> Iterator[Server]:
    """The private server, up at the start of each test and again after it, whatever happened."""
    if not module_server.running():
        module_server.start()
    yield module_server
    if not module_server.running():
        module_server.start()


async def _get(client: httpx.AsyncClient, path: str) -> int:
    return (await client.get(path)).status_code


async def test_database_restart_gives_503_then_pool_recovers_without_restart(server: Server, encoder) -> None:
    pool = await create_pool(server.uri, min_size=2, max_size=4)
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
        app = create_app(Settings(database_url=server.uri, demo_on_empty=False), embedder=encoder, db=Database(pool))
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            path = "/.well-known/binakerja-keys.json"
            assert await _get(client, path) == 200

            # a request in flight: its query waits on a lock when the server goes down
            locker = await asyncpg.connect(server.uri)
            tx = locker.transaction()
            await tx.start()
            await locker.execute("LOCK TABLE signing_keys IN ACCESS EXCLUSIVE MODE")
            in_flight = asyncio.create_task(client.get(path))
            await asyncio.sleep(0.5)
            assert not in_flight.done()
            await asyncio.to_thread(server.stop)
            r = await asyncio.wait_for(in_flight, 30)
            assert r.status_code == 503 and r.headers["retry-after"] == "2"
            assert "tidak tersedia" in r.text  # the Indonesian error page, no traceback
            assert "Traceback" not in r.text and "asyncpg" not in r.text
            locker.terminate()

            # while down: every request fails fast and cleanly
            for _ in range(3):
                r = await client.get(path)
                assert r.status_code == 503, r.text

            await asyncio.to_thread(server.start)
            codes = [await _get(client, path) for _ in range(8)]
            # stale pooled connections may fail once each; then the pool has reconnected
            assert set(codes) <= {200, 503} and codes[-3:] == [200, 200, 200], codes
    finally:
        await pool.close()


async def test_write_in_flight_when_database_stops_leaves_nothing_half_written(server: Server) -> None:
    conn = await asyncpg.connect(server.uri)
    await migrate(conn)
    fac = await f.places(conn)
    person = await f.inmate(conn, fac["lapas"], fac["bapas"], consent=Consent(employer_matching=True))
    await conn.close()

    worker = await asyncpg.connect(server.uri)
    locker = await asyncpg.connect(server.uri)
    tx = locker.transaction()
    await tx.start()
    # the audit insert (second statement of the use case) waits on this lock: the consent
    # update is already done inside the open transaction when the server stops
    await locker.execute("LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE")
    write = asyncio.create_task(privacy.withdraw_consent(worker, Actor(None, "system"), person, "uji"))
    await asyncio.sleep(0.5)
    assert not write.done()
    await asyncio.to_thread(server.stop)
    with pytest.raises((asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError)):
        await asyncio.wait_for(write, 30)
    worker.terminate()
    locker.terminate()
    await asyncio.to_thread(server.start)

    check = await asyncpg.connect(server.uri)
    try:
        assert await check.fetchval("SELECT consent_matching FROM inmates WHERE id = $1", person) is True
        assert await check.fetchval("SELECT count(*) FROM consent_events WHERE inmate_id = $1", person) == 0
        assert await check.fetchval("SELECT count(*) FROM audit_events WHERE subject_inmate_id = $1", person) == 0
    finally:
        await check.close()


def _write_inmates_csv(path: Path, facility_code: str, rows: int) -> None:
    header = "external_id,full_name,birth_year,gender,facility_code,skills,status\n"
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        for i in range(rows):
            out.write(f"CRASH-{i:07d},Orang Uji {i},1990,L,{facility_code},las;bubut,sentenced\n")


async def test_import_killed_mid_file_leaves_database_unchanged(server: Server, tmp_path: Path) -> None:
    conn = await asyncpg.connect(server.uri)
    try:
        await migrate(conn)
        fac = await f.places(conn)
        code = await conn.fetchval("SELECT code FROM facilities WHERE id = $1", fac["lapas"])
        before = await conn.fetchval("SELECT count(*) FROM inmates")
        csv = tmp_path / "big.csv"
        _write_inmates_csv(csv, code, 400_000)
        env = {**os.environ, "DATABASE_URL": server.uri, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "api.cli", "import", "inmates", str(csv)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            # wait until the importer has written inside its transaction, then kill it hard
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                writing = await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                )
                if writing:
                    break
                assert proc.poll() is None, "import finished before it could be killed; use a bigger file"
                await asyncio.sleep(0.05)
            else:
                pytest.fail("import never started writing")
            await asyncio.sleep(0.3)
            assert proc.poll() is None
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
        # the server notices the dead client and rolls its transaction back
        deadline = time.monotonic() + 30
        while await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        ):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.1)
        assert await conn.fetchval("SELECT count(*) FROM inmates") == before
        assert await conn.fetchval("SELECT count(*) FROM inmates WHERE external_id LIKE 'CRASH-%'") == 0
    finally:
        await conn.close()


async def test_model_that_cannot_load_gives_a_clear_startup_error() -> None:
    with pytest.raises(ModelLoadError, match="BINAKERJA_MODEL='/nonexistent' is not a folder"):
        Encoder.load("/nonexistent")
    app = create_app(Settings(model="/nonexistent", database_url="postgresql://127.0.0.1:1/none"))
    with pytest.raises(ModelLoadError, match="sentence-transformers model folder"):
        async with app.router.lifespan_context(app):
            pass  # pragma: no cover - start-up must fail before serving

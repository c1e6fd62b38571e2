"""Shared fixtures: one embedded PostgreSQL per test session (per xdist worker),
migrations applied by the production runner, each test in a rolled-back transaction,
and the real shipped embedding model loaded once per session.

The API/page world (tests.api.conftest.build_world) is built once per session, committed, in a
database of its own (``world_template``); API tests, the browser tests and schemathesis work on
copies of it (``CREATE DATABASE ... TEMPLATE``), so the main database stays empty for the
integration tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
import pytest_asyncio

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from matcher.embedding import Encoder  # noqa: E402
from models.db import SingleConnectionDatabase, create_pool, start_embedded  # noqa: E402
from models.migrate import migrate  # noqa: E402


@pytest.fixture(scope="session")
def pg_uri(worker_id: str) -> Iterator[str]:
    """A throw-away embedded PostgreSQL 16 + pgvector, or TEST_DATABASE_URL when given."""
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        yield external
        return
    folder = Path(tempfile.mkdtemp(prefix=f"binakerja-test-{worker_id}-"))
    uri, server = start_embedded(folder / "pg")
    try:
        yield uri
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pool(pg_uri: str) -> AsyncIterator[asyncpg.Pool]:
    p = await create_pool(pg_uri, min_size=1, max_size=4)
    async with p.acquire() as conn:
        await migrate(conn)
    yield p
    await p.close()


@contextlib.asynccontextmanager
async def rolled_back(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection of ``pool`` inside a transaction that is rolled back at the end (services' own
    transactions become savepoints inside it)."""
    async with pool.acquire() as c:
        tx = c.transaction()
        await tx.start()
        try:
            yield c
        finally:
            await tx.rollback()


@pytest_asyncio.fixture(loop_scope="session")
async def conn(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with rolled_back(pool) as c:
        yield c


@pytest.fixture
def db(conn: asyncpg.Connection) -> SingleConnectionDatabase:
    """A Database for services and the app that lives inside the test's transaction."""
    return SingleConnectionDatabase(conn)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real shipped model (USE multilingual v3 via sentence-transformers), loaded once."""
    return Encoder.load(os.environ.get("BINAKERJA_MODEL") or None)


def with_db(uri: str, name: str) -> str:
    """``uri`` pointing at database ``name`` of the same server."""
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def run_in_thread(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine to completion on a fresh loop in its own thread: pytest-asyncio's session
    loop may be current in the main thread, where ``asyncio.run`` is refused."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


async def clone_database(uri: str, template: str, name: str) -> None:
    """A new database ``name`` copied from ``template`` (which must have no open connections)."""
    admin = await asyncpg.connect(uri)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await admin.close()


async def create_database(uri: str, name: str) -> None:
    """A new, empty database ``name`` on the server of ``uri``."""
    admin = await asyncpg.connect(uri)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def drop_database(uri: str, name: str) -> None:
    admin = await asyncpg.connect(uri)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@dataclass(frozen=True)
class WorldTemplate:
    database: str  # committed, migrated database holding the world; never connected to after the build
    world: Any  # tests.api.conftest.World: ids, keys and emails, valid in every copy of ``database``


async def _build_world_database(uri: str, name: str, encoder: Encoder) -> Any:
    from api.partners import service as accounts
    from tests.api.conftest import build_world

    await create_database(uri, name)
    pool = await create_pool(with_db(uri, name), min_size=1, max_size=1)
    # Every world user shares the test password: hash it once (real argon2), not once per user.
    real_hash = accounts.hash_password
    hashed: dict[str, str] = {}

    def hash_once(password: str) -> str:
        if password not in hashed:
            hashed[password] = real_hash(password)
        return hashed[password]

    accounts.hash_password = hash_once
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
            async with conn.transaction():
                return await build_world(conn, encoder)
    finally:
        accounts.hash_password = real_hash
        await pool.close()


@pytest.fixture(scope="session")
def world_template(pg_uri: str, encoder: Encoder, worker_id: str) -> Iterator[WorldTemplate]:
    """The API/page world, built and committed once per session (per xdist worker)."""
    name = f"binakerja_world_{worker_id}_{secrets.token_hex(3)}"
    try:
        world = run_in_thread(_build_world_database(pg_uri, name, encoder))
        yield WorldTemplate(name, world)
    finally:
        run_in_thread(drop_database(pg_uri, name))

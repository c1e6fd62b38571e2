"""Shared fixtures: one embedded PostgreSQL per test session (per xdist worker),
migrations applied by the production runner, each test in a rolled-back transaction,
and the real shipped embedding model loaded once per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

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


@pytest_asyncio.fixture(loop_scope="session")
async def conn(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with pool.acquire() as c:
        tx = c.transaction()
        await tx.start()
        try:
            yield c
        finally:
            await tx.rollback()


@pytest.fixture
def db(conn: asyncpg.Connection) -> SingleConnectionDatabase:
    """A Database for services and the app that lives inside the test's transaction."""
    return SingleConnectionDatabase(conn)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real shipped model (USE multilingual v3 via sentence-transformers), loaded once."""
    return Encoder.load(os.environ.get("BINAKERJA_MODEL") or None)

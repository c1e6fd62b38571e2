"""Migrations from empty, on a fresh database of the session's embedded server."""

from __future__ import annotations

import asyncpg
import pytest

from models.db import ensure_pgvector
from models.migrate import discover, migrate


async def test_migrations_apply_from_empty_and_are_recorded(pool: asyncpg.Pool, pg_uri: str) -> None:
    async with pool.acquire() as admin:
        await admin.execute("DROP DATABASE IF EXISTS migrate_from_empty")
        await admin.execute("CREATE DATABASE migrate_from_empty")
    dsn = pg_uri.replace("/postgres?", "/migrate_from_empty?")
    conn = await asyncpg.connect(dsn)
    try:
        applied = await migrate(conn)
        assert applied == [m.name for m in discover()]
        assert await migrate(conn) == []  # idempotent
        versions = await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
        assert [r["version"] for r in versions] == [m.version for m in discover()]
        tables = {r["tablename"] for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public'")}
        for t in (
            "inmates",
            "certificates",
            "vacancies",
            "audit_events",
            "inmate_embeddings",
            "consent_events",
        ):
            assert t in tables
    finally:
        await conn.close()
        async with pool.acquire() as admin:
            await admin.execute("DROP DATABASE migrate_from_empty")


async def test_audit_log_is_append_only(conn: asyncpg.Connection) -> None:
    await conn.execute("INSERT INTO audit_events (actor_role, action, object_type) VALUES ('system', 'x', 'y')")
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        async with conn.transaction():
            await conn.execute("UPDATE audit_events SET action = 'z'")
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        async with conn.transaction():
            await conn.execute("DELETE FROM audit_events")


async def test_pgvector_is_present(conn: asyncpg.Connection) -> None:
    await ensure_pgvector(conn)
    assert await conn.fetchval("SELECT extversion FROM pg_extension WHERE extname = 'vector'")


def test_migration_names_are_ordered_and_unique() -> None:
    versions = [m.version for m in discover()]
    assert versions == sorted(set(versions))

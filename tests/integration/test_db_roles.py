"""Issue 13 row 8 (database roles, first part): migrations set up ``binakerja_app``, a role with
data rights only: no DDL, no UPDATE/DELETE/TRUNCATE on the audit log, no way to switch the
append-only triggers off; and the service's own pool (api.app.open_database) connects as it, on an
external server and on the embedded one, while migrations and schema changes run as the owner."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from models.db import APP_ROLE, ensure_app_role

REFUSED = (asyncpg.InsufficientPrivilegeError, asyncpg.exceptions.CantChangeRuntimeParamError)


async def _as_app(conn: Any, sql: str) -> None:
    async with conn.transaction():
        await conn.execute(f"SET LOCAL ROLE {APP_ROLE}")
        await conn.execute(sql)


async def test_migrations_create_the_app_role(conn: Any) -> None:
    assert await conn.fetchval("SELECT rolcanlogin AND NOT rolsuper FROM pg_roles WHERE rolname = $1", APP_ROLE)
    await ensure_app_role(conn)  # idempotent


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_events SET action = 'x'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "SET session_replication_role = replica",
        "UPDATE audit_chain_head SET seq = 0",
        "CREATE TABLE mine (x int)",
        "DROP TABLE inmates",
        "ALTER TABLE inmates ADD COLUMN x int",
    ],
)
async def test_the_app_role_cannot_alter_the_audit_log_nor_the_schema(conn: Any, sql: str) -> None:
    with pytest.raises(REFUSED):
        await _as_app(conn, sql)


async def test_the_app_role_can_do_the_service_s_work(conn: Any) -> None:
    await _as_app(conn, "INSERT INTO audit_events (actor_role, action, object_type) VALUES ('system', 'x', 'y')")
    await _as_app(conn, "UPDATE inmates SET education = education WHERE false")
    await _as_app(conn, "DELETE FROM sign_in_throttle WHERE false")
    await _as_app(conn, "SELECT count(*) FROM audit_events")
    from models.repositories.audit import verify_chain

    async with conn.transaction():
        await conn.execute(f"SET LOCAL ROLE {APP_ROLE}")
        assert (await verify_chain(conn)).ok


async def test_an_owner_without_createrole_still_migrates(conn: Any) -> None:
    """An external server's owner that may not create roles: a warning, not a failed start."""
    await conn.execute("CREATE ROLE limited_owner NOLOGIN")
    await conn.execute("GRANT CREATE, USAGE ON SCHEMA public TO limited_owner")
    async with conn.transaction():
        await conn.execute("SET LOCAL ROLE limited_owner")
        assert await ensure_app_role(conn, "binakerja_app_other") is False
        assert await conn.fetchval("SELECT 1") == 1  # the transaction is still usable


async def test_the_embedded_server_accepts_the_app_login(pg_uri: str) -> None:
    """A real connection as the app role (what the service is to use) is refused the audit log."""
    from models.db import role_dsn

    app = await asyncpg.connect(role_dsn(pg_uri))
    try:
        assert await app.fetchval("SELECT current_user") == APP_ROLE
        assert not await app.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        await app.fetchval("SELECT count(*) FROM audit_events")
        for sql in ("UPDATE audit_events SET action = 'x'", "ALTER TABLE audit_events DISABLE TRIGGER USER"):
            with pytest.raises(REFUSED):
                await app.execute(sql)
    finally:
        await app.close()


# --- issue 13 row 8, second part: the service's own pool connects as the app role ---------------
SERVICE_REFUSED = (
    "ALTER TABLE audit_events DISABLE TRIGGER USER",
    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
    "SET session_replication_role = replica",
    "UPDATE audit_events SET action = 'x'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "CREATE TABLE mine (x int)",
    "ALTER TABLE inmate_embeddings ALTER COLUMN embedding TYPE vector(3)",
)


async def _refused_through(db: Any) -> None:
    from models.records import SYSTEM
    from models.repositories.audit import AuditRepo

    async with db.acquire() as conn:
        assert await conn.fetchval("SELECT current_user") == APP_ROLE
        await AuditRepo(conn).add(SYSTEM, "test.write", "test")  # appending still works
        for sql in SERVICE_REFUSED:
            with pytest.raises(REFUSED):
                await conn.execute(sql)
        assert await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'test.write'") == 1


async def test_the_service_pool_of_an_external_server_connects_as_the_app_role(pg_uri: str, tmp_path: Any) -> None:
    import secrets

    from api.app import open_database
    from api.config import Settings
    from models.db import role_dsn
    from models.repositories.embeddings import EmbeddingRepo
    from tests.conftest import drop_database, with_db

    name = f"roles_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(pg_uri)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        owner = with_db(pg_uri, name)
        settings = Settings(database_url=owner, app_database_url=role_dsn(owner), data_dir=tmp_path,
                            key_dir=tmp_path / "keys")  # fmt: skip
        # a model of another dimension: the owner refits the columns at start-up, before the pool
        async with open_database(settings, min_size=1, max_size=2, dim=3) as db:
            await _refused_through(db)
            async with db.acquire() as conn:
                assert await EmbeddingRepo(conn).dimension() == 3
    finally:
        await drop_database(pg_uri, name)


def test_service_dsn_choice() -> None:
    from models.db import role_dsn, service_dsn

    owner = "postgresql://postgres:@/postgres?host=/tmp/pg"
    assert service_dsn(owner, embedded=True, app_dsn=None) == role_dsn(owner)
    assert "binakerja_app@" in role_dsn(owner) and "postgres:@" not in role_dsn(owner)
    assert service_dsn(owner, embedded=False, app_dsn="postgresql://app@db/x") == "postgresql://app@db/x"
    assert service_dsn(owner, embedded=False, app_dsn=None) is None  # the caller warns and keeps the owner


async def test_the_embedded_server_s_service_pool_is_the_app_role(tmp_path: Any) -> None:
    from api.app import open_database
    from api.config import Settings

    settings = Settings(database_url=None, data_dir=tmp_path / "data", key_dir=tmp_path / "keys")
    async with open_database(settings, min_size=1, max_size=1) as db:
        await _refused_through(db)

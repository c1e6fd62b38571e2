"""Issue 13 row 8 (database roles, first part): migrations set up ``binakerja_app``, a role with
data rights only: no DDL, no UPDATE/DELETE/TRUNCATE on the audit log, no way to switch the
append-only triggers off. (The service does not connect as it yet: see SECURITY.md, "Left".)"""

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

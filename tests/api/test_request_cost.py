"""What one authenticated request costs (issue 17): the caller (key or session, user, partner status)
is read in one query, and a busy API key is not rewritten on every request -- while a wrong
secret, a revoked key, a deactivated user and a suspended partner still act on the next request."""

from __future__ import annotations

from typing import Any

import httpx

from api.partners import service as accounts
from models.records import SYSTEM
from models.repositories.users import UserRepo
from tests.api.conftest import World


async def test_api_key_last_use_is_written_once_a_minute_not_per_request(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    key, full = await accounts.issue_api_key(conn, SYSTEM, world.ids["user_employer"], "busy partner")
    headers = {"Authorization": f"Bearer {full}"}
    assert (await client.get("/api/v1/vacancies", headers=headers)).status_code == 200
    assert await conn.fetchval("SELECT last_used_at FROM api_keys WHERE id = $1", key.id) is not None
    # used 30 s ago (the test's transaction has one now(), so move the last use back by hand)
    first = await conn.fetchval(
        "UPDATE api_keys SET last_used_at = now() - interval '30 seconds' WHERE id = $1 RETURNING last_used_at", key.id
    )
    for _ in range(3):
        assert (await client.get("/api/v1/vacancies", headers=headers)).status_code == 200
    assert await conn.fetchval("SELECT last_used_at FROM api_keys WHERE id = $1", key.id) == first
    # a use more than a minute after the last one is recorded again
    await conn.execute("UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1", key.id)
    assert (await client.get("/api/v1/vacancies", headers=headers)).status_code == 200
    assert await conn.fetchval("SELECT last_used_at > now() - interval '1 minute' FROM api_keys WHERE id = $1", key.id)
    # a wrong secret never touches the key
    await conn.execute("UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1", key.id)
    bad = {"Authorization": f"Bearer bk_{key.prefix}_wrongsecret"}
    assert (await client.get("/api/v1/vacancies", headers=bad)).status_code == 401
    assert not await conn.fetchval(
        "SELECT last_used_at > now() - interval '1 minute' FROM api_keys WHERE id = $1", key.id
    )


async def test_the_caller_is_read_in_one_query_with_the_partner_status(conn: Any, world: World) -> None:
    repo = UserRepo(conn)
    key, full = await accounts.issue_api_key(conn, SYSTEM, world.ids["user_employer"], "one query")
    found = await repo.key_caller(key.prefix)
    assert found is not None
    got_key, stored, user, status, _ = found
    assert got_key.id == key.id and user.id == world.ids["user_employer"] and stored
    assert status == await conn.fetchval("SELECT partner_status FROM employers WHERE id = $1", user.employer_id)
    await conn.execute("UPDATE employers SET partner_status = 'suspended' WHERE id = $1", user.employer_id)
    assert (await repo.key_caller(key.prefix))[3] == "suspended"  # type: ignore[index]
    session = await repo.session_caller(user.id)
    assert session is not None and session[0].id == user.id and session[2] == "suspended"
    assert session[1] == await conn.fetchval("SELECT session_epoch FROM users WHERE id = $1", user.id)
    assert await repo.key_caller("nosuchprefix") is None and await repo.session_caller(-1) is None

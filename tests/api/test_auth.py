"""Sign-in, sessions, CSRF, the sign-in throttle and API keys against the real database."""

from __future__ import annotations

from typing import Any

import httpx

from api.partners import service as accounts
from models.records import SYSTEM
from tests.api.conftest import PASSWORD, World, csrf_from, sign_in


async def test_sign_in_sets_hardened_cookie_and_lands_on_role_home(client: httpx.AsyncClient, world: World) -> None:
    r = await sign_in(client, world.emails["employer"])
    assert r.status_code == 303 and r.headers["location"] == "/lowongan"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = await client.get("/lowongan")
    assert page.status_code == 200 and "Tukang Las SMAW" in page.text
    assert "Pembuat Roti" not in page.text  # employer B's vacancy


async def test_wrong_password_then_throttled_not_locked(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    email = world.emails["kemnaker_staff"]
    for _ in range(accounts.FREE_FAILURES):
        r = await sign_in(client, email, "salah-kata-sandi-1")
        assert r.status_code == 401 and "salah" in r.text
    r = await sign_in(client, email, PASSWORD)  # right password, but too soon after the failures
    assert r.status_code == 429 and "Coba lagi dalam" in r.text and int(r.headers["Retry-After"]) >= 1
    failed = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'sign_in.failed' AND actor_user_id = $1",
        world.ids["user_kemnaker_staff"],
    )
    assert failed == accounts.FREE_FAILURES
    # a delay, not a lock (tests/api/test_attack_findings.py has the whole throttle)
    await conn.execute("UPDATE sign_in_throttle SET last_failure_at = last_failure_at - interval '1 hour'")
    assert (await sign_in(client, email, PASSWORD)).status_code == 303


async def test_unknown_email_is_refused_like_a_wrong_password(client: httpx.AsyncClient, world: World) -> None:
    r = await sign_in(client, "nobody@test.binakerja.id")
    assert r.status_code == 401 and "Email atau kata sandi salah" in r.text


async def test_form_post_without_csrf_is_refused(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    r = await client.post("/keluar", data={})
    assert r.status_code == 403
    r = await client.post("/masuk", data={"email": world.emails["employer"], "password": PASSWORD, "csrf_token": "x"})
    assert r.status_code == 403


async def test_sign_out_voids_the_old_cookie(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    stolen = client.cookies.get("bk_session")
    page = await client.get("/lowongan")
    r = await client.post("/keluar", data={"csrf_token": csrf_from(page.text)})
    assert r.status_code == 303
    client.cookies.clear()
    client.cookies.set("bk_session", stolen)
    r = await client.get("/lowongan")
    assert r.status_code == 303 and r.headers["location"].startswith("/masuk")


async def test_anonymous_page_redirects_and_api_says_401(client: httpx.AsyncClient, world: World) -> None:
    r = await client.get("/lowongan")
    assert r.status_code == 303 and r.headers["location"] == "/masuk?next=/lowongan"
    r = await client.get("/api/v1/vacancies")
    assert r.status_code == 401 and r.json()["type"] == "unauthenticated"


async def test_api_key_works_and_revocation_is_immediate(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    user_id = world.ids["user_employer"]
    key, full = await accounts.issue_api_key(conn, SYSTEM, user_id, "partner")
    assert full.startswith("bk_") and full.split("_")[1] == key.prefix
    stored = await conn.fetchval("SELECT key_hash FROM api_keys WHERE id = $1", key.id)
    assert full.split("_", 2)[2] not in stored  # only the hash is kept
    headers = {"Authorization": f"Bearer {full}"}
    assert (await client.get("/api/v1/vacancies", headers=headers)).status_code == 200
    await accounts.revoke_api_key(conn, SYSTEM, key.id)
    r = await client.get("/api/v1/vacancies", headers=headers)
    assert r.status_code == 401
    bad = {"Authorization": f"Bearer bk_{key.prefix}_wrongsecret"}
    assert (await client.get("/api/v1/vacancies", headers=bad)).status_code == 401


async def test_create_user_validates_scope(conn: Any, world: World) -> None:
    import pytest

    from api.web.errors import InvalidInput

    with pytest.raises(InvalidInput) as e:
        await accounts.create_user(conn, SYSTEM, email="x@y.id", name="X", role="employer", password=PASSWORD)
    assert e.value.field == "employer_id"
    with pytest.raises(InvalidInput) as e:
        await accounts.create_user(
            conn, SYSTEM, email="x@y.id", name="X", role="admin", password=PASSWORD, bapas_id=world.ids["bapas"]
        )
    assert e.value.field == "bapas_id"
    with pytest.raises(InvalidInput) as e:
        await accounts.create_user(conn, SYSTEM, email="x@y.id", name="X", role="admin", password="short")  # noqa: S106
    assert e.value.field == "password"


async def test_demo_users_one_per_role_idempotent(conn: Any, world: World) -> None:
    first = await accounts.ensure_demo_users(conn)
    again = await accounts.ensure_demo_users(conn)
    assert first == again
    assert {role for _, _, role in first} == {"admin", "kemnaker_staff", "lsp_assessor", "bapas_officer", "employer"}
    for email, password, role in first:
        user, _ = await accounts.sign_in(conn, email, password, client="test")
        assert user.role == role


async def test_security_headers(client: httpx.AsyncClient) -> None:
    r = await client.get("/masuk")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"

"""The first-run page (issue 11): on an empty database with the demo off, `/` offers a one-time
"buat admin pertama" form guarded by the setup token printed at start; no default password exists."""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import httpx

from api.app import open_first_run
from api.partners import service as accounts
from tests.integration.test_day_one import DATA_KEY, _browser, conn, csrf  # noqa: F401 - `conn`: a fixture

PASSWORD = "operator-memilih-2026"  # noqa: S105 - test only


async def _app(db: Any, encoder: Any, capsys: Any) -> tuple[Any, str]:
    """The app as `binakerja serve` starts it on an empty database with the demo off."""
    from api.app import create_app
    from api.config import Settings

    settings = Settings(secret_key="first-run-secret", data_key=DATA_KEY, demo_on_empty=False)  # noqa: S106
    app = create_app(settings, embedder=encoder, db=db)
    await open_first_run(app, settings)  # what the lifespan does after opening the database
    printed = capsys.readouterr().out
    token = app.state.setup_token
    assert token and f"setup token {token}" in printed and "binakerja setup" in printed
    return app, token


async def _admins(conn: asyncpg.Connection) -> list[str]:  # noqa: F811 - the fixture's name
    return [r["email"] for r in await conn.fetch("SELECT email FROM users WHERE role = 'admin'")]


async def test_first_run_form_creates_the_admin_once(
    conn: asyncpg.Connection,  # noqa: F811
    db: Any,
    encoder: Any,
    capsys: Any,
) -> None:
    assert await conn.fetchval("SELECT count(*) FROM users") == 0  # no default (demo) account exists
    app, token = await _app(db, encoder, capsys)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        home = await c.get("/")
        assert home.status_code == 200 and 'id="first-run-form"' in home.text and "Buat admin pertama" in home.text
        assert token not in home.text  # the page never shows the token
        signin = await c.get("/masuk")
        assert 'href="/#admin-pertama"' in signin.text
        async with _browser(c) as visitor:  # the English switch (remembered in that visitor's cookie)
            english = await visitor.get("/?lang=en")
            assert "Create the first admin" in english.text and "Setup token" in english.text

        async def post(**fields: str) -> httpx.Response:
            page = await c.get("/")
            data = {"csrf_token": csrf(page.text), "name": "Operator", "email": "ops@kemnaker.go.id",
                    "password": PASSWORD, "password2": PASSWORD, "setup_token": token} | fields  # fmt: skip
            return await c.post("/admin-pertama", data=data)

        wrong = await post(setup_token="tebakan-orang-asing")  # noqa: S106 - a wrong token on purpose
        assert wrong.status_code == 422
        assert re.search(r'id="err-setup_token"[^>]*>token penyiapan salah', wrong.text)
        assert 'value="ops@kemnaker.go.id"' in wrong.text  # input kept (the wrong token is not)
        assert "tebakan-orang-asing" not in wrong.text
        assert await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'setup.refused'") == 1

        short = await post(password="pendek", password2="pendek")  # noqa: S106 - too short on purpose
        assert short.status_code == 422 and 'id="err-password"' in short.text and "minimal 10 karakter" in short.text
        assert 'value="Operator"' in short.text and 'value="ops@kemnaker.go.id"' in short.text
        differ = await post(password2="operator-lain-2026")
        assert differ.status_code == 422 and "kedua kata sandi tidak sama" in differ.text
        bad_mail = await post(email="bukan-email")
        assert bad_mail.status_code == 422 and 'id="err-email"' in bad_mail.text
        assert await _admins(conn) == []  # nothing stored on any refused form

        made = await post()
        assert made.status_code == 303 and made.headers["location"] == "/masuk?admin=dibuat"
        assert await _admins(conn) == ["ops@kemnaker.go.id"]
        assert app.state.setup_token is None  # one time only
        assert "Admin pertama dibuat" in (await c.get("/masuk?admin=dibuat")).text

        # gone for good: no form, and a replayed post (even with the old token) creates nobody
        stranger = _browser(c)
        async with stranger:
            again = await stranger.get("/")
            assert 'id="first-run-form"' not in again.text
            token_page = (await stranger.get("/masuk")).text
            replay = await stranger.post("/admin-pertama", data={
                "csrf_token": csrf(token_page), "name": "X", "email": "x@contoh.id", "password": PASSWORD,
                "password2": PASSWORD, "setup_token": token,
            })  # fmt: skip
            assert replay.status_code == 303 and replay.headers["location"] == "/masuk"
        assert await _admins(conn) == ["ops@kemnaker.go.id"]

        # the chosen password signs in
        page = await c.get("/masuk")
        signed = await c.post("/masuk", data={"csrf_token": csrf(page.text), "email": "ops@kemnaker.go.id",
                                              "password": PASSWORD})  # fmt: skip
        assert signed.status_code == 303 and signed.headers["location"] == "/dasbor"
    event = await conn.fetchrow("SELECT detail FROM audit_events WHERE action = 'setup.first_admin'")
    assert event is not None and "page" in str(event["detail"])


async def test_no_first_run_when_an_admin_exists(
    conn: asyncpg.Connection,  # noqa: F811
    db: Any,
    encoder: Any,
    capsys: Any,
) -> None:
    await accounts.create_first_admin(conn, email="ops@kemnaker.go.id", name="Ops", password=PASSWORD, via="cli")
    try:
        await accounts.create_first_admin(conn, email="dua@kemnaker.go.id", name="Dua", password=PASSWORD, via="cli")
    except accounts.AdminExists:
        pass
    else:
        raise AssertionError("a second first admin was created")
    from api.app import create_app
    from api.config import Settings

    settings = Settings(secret_key="first-run-secret", data_key=DATA_KEY, demo_on_empty=False)  # noqa: S106
    app = create_app(settings, embedder=encoder, db=db)
    await open_first_run(app, settings)
    assert app.state.setup_token is None and "setup token" not in capsys.readouterr().out
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert 'id="first-run-form"' not in (await c.get("/")).text

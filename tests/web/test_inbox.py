"""The inbox in a real browser: an employer moves an application through the API, the service's
own background worker (enabled here, BINAKERJA_NOTIFY_WORKER) delivers it, and the client's
officer sees the bell count, reads the message and marks it read. Screenshots at 1280 and 390 px
go to tests/artifacts/inbox-*.png."""

from __future__ import annotations

import copy
import secrets
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import WorldTemplate, clone_database, drop_database, run_in_thread, with_db
from tests.web.conftest import ARTIFACTS, CHROMIUM, Live, _free_port, chromium_browser, serving, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]


@pytest.fixture(scope="module")
def live_worker(pg_uri: str, encoder: Any, request: pytest.FixtureRequest) -> Iterator[Live]:
    """Like tests/web/conftest.py's ``live``, with the notification worker running every 0.3 s."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (run `make browser`)")
    world_template: WorldTemplate = request.getfixturevalue("world_template")
    from api.app import create_app
    from api.config import Settings

    name = "binakerja_web_inbox_" + secrets.token_hex(4)
    run_in_thread(clone_database(pg_uri, world_template.database, name))
    port = _free_port()
    settings = Settings(database_url=with_db(pg_uri, name), demo_on_empty=False, port=port,
                        secret_key=secrets.token_urlsafe(16), key_dir=Path(tempfile.mkdtemp(prefix="bk-inbox-")),
                        notify_worker=True, notify_interval=0.3, base_url=f"http://127.0.0.1:{port}")  # fmt: skip
    try:
        with serving(create_app(settings, embedder=encoder), port):
            yield Live(f"http://127.0.0.1:{port}", copy.deepcopy(world_template.world))
    finally:
        run_in_thread(drop_database(pg_uri, name))


@pytest.fixture(scope="module")
def chromium(live_worker: Live) -> Iterator[Any]:
    with chromium_browser() as b:
        yield b


def test_officer_reads_a_stage_change_in_the_inbox(chromium: Any, live_worker: Live) -> None:
    live, w = live_worker, live_worker.world
    with httpx.Client(base_url=live.url, timeout=30) as api:
        made = api.post(f"/api/v1/vacancies/{w.ids['vac_a']}/applications", headers=w.auth("employer"),
                        json={"candidate": w.pseudonyms["welder"]})  # fmt: skip
        assert made.status_code == 201, made.text
        moved = api.post(f"/api/v1/applications/{made.json()['id']}/stage", headers=w.auth("employer"),
                         json={"stage": "interview", "version": made.json()["version"]})  # fmt: skip
        assert moved.status_code == 200, moved.text
        deadline = time.monotonic() + 30
        # two messages: the shortlist itself is a stage change, then the move to interview
        while api.get("/api/v1/notifications", headers=w.auth("bapas_officer")).json()["total"] < 2:
            assert time.monotonic() < deadline, "the background worker delivered nothing"
            time.sleep(0.2)

    page = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    try:
        sign_in(page, live, "bapas_officer")
        bell = page.locator("a.bell .bell-count")
        bell.wait_for(state="visible")
        assert bell.inner_text() == "2"
        page.click("a.bell")
        page.wait_for_url("**/kotak-masuk")
        unread = page.locator("li.inbox-item.unread")
        assert unread.count() == 2
        item = unread.first  # newest first: the move to interview
        text = item.inner_text()
        assert w.pseudonyms["welder"] in text and "wawancara" in text and "Budi Santoso" not in text
        assert "daftar pendek" in unread.nth(1).inner_text()
        page.screenshot(path=str(ARTIFACTS / "inbox-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / "inbox-390.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
        item.locator("button", has_text="Tandai sudah dibaca").click()
        page.wait_for_url("**/kotak-masuk?ok=dibaca")
        assert page.locator("li.inbox-item.unread").count() == 1
        # the count is filled in by /static/inbox.js after the page loads: wait for it (a retrying
        # assertion, not wait_for_function: the page's CSP forbids the eval a string predicate needs)
        expect(page.locator("a.bell .bell-count")).to_have_text("1")
        page.goto(live.url + "/kotak-masuk?lang=en")
        assert "Client " + w.pseudonyms["welder"] in page.inner_text("ul.inbox")
    finally:
        page.context.close()

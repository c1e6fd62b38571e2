"""The admin registers a partner portal feed in a real browser, runs it, and reads a failed run's
error (record and field, in Indonesian); Kemnaker staff see the same page without the forms."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.feed_server import FeedServer, serving
from tests.web.conftest import Live, shot, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serving() as server:
        yield server


def test_admin_registers_runs_and_reads_a_feed(page: Any, live: Live, feed_server: FeedServer) -> None:
    posting = {"id": "KH-1", "job_title": "Tukang Las SMAW", "regency_code": "32.73", "openings": 2}
    feed_server.pages["/lowongan"] = {
        None: {"items": [posting, posting | {"id": "KH-2", "openings": "dua"}], "next_cursor": "c1"},
    }
    sign_in(page, live, "admin")
    page.click("nav >> text=Feed masuk")
    page.wait_for_selector("h1:has-text('Feed masuk')")
    page.fill("#f-name", "karirhub-baja")
    page.select_option("#f-kind", "vacancy_portal")
    page.fill("#f-url", "ftp://portal")
    page.fill("#f-token", "rahasia-portal")
    page.fill("#f-interval", "30")
    page.select_option("#f-employer", str(live.world.ids["emp_a"]))
    page.evaluate("document.querySelector('#f-url').type = 'text'")  # let the server judge the address
    page.click("form.stack button[type=submit]")
    error = page.wait_for_selector("#f-url-error")
    assert "http://" in error.inner_text()
    assert page.input_value("#f-name") == "karirhub-baja" and page.input_value("#f-token") == ""
    shot(page, "admin-feed-form-error")
    page.fill("#f-url", feed_server.url("/lowongan"))
    page.fill("#f-token", "rahasia-portal")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("h1:has-text('karirhub-baja')")
    page.click("text=Jalankan sekarang")
    page.wait_for_selector(".run-failed")
    errors = page.inner_text(".feed-errors")
    assert "rekaman 2" in errors and "KH-2" in errors and "openings" in errors and "bilangan bulat" in errors
    assert feed_server.auth == ["Bearer rahasia-portal"]
    shot(page, "admin-feed-failed-run")

    feed_server.pages["/lowongan"][None]["items"][1]["openings"] = 3  # fixed at the source
    page.click("text=Jalankan sekarang")
    page.wait_for_selector(".run-ok")
    assert "2 / 2" in page.inner_text("table")
    page.goto(live.url + "/admin/feed?lang=en")
    assert "Incoming feeds" in page.content() and "succeeded" in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live.url + "/admin/feed")
    shot(page, "admin-feeds-phone")


def test_staff_read_feeds_without_forms(page: Any, live: Live) -> None:
    sign_in(page, live, "kemnaker_staff")
    page.goto(live.url + "/admin/feed")
    page.wait_for_selector("h1:has-text('Feed masuk')")
    assert page.query_selector("form.stack") is None

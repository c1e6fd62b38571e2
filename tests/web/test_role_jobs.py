"""Role jobs in a real browser at desktop (1280 px) and phone (390 px) width: an employer pages
and shortlists inline, an officer finds a client by name, Kemnaker reads rate charts, and the
language switch keeps the page and its filters. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import run_in_thread, with_db
from tests.web.conftest import ARTIFACTS, Live, both, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]


def test_employer_shortlists_inline_from_compact_cards(page: Any, live: Live) -> None:
    sign_in(page, live, "employer")
    page.goto(f"{live.url}/lowongan/{live.world.ids['vac_a']}/kandidat")
    baker = live.world.pseudonyms["baker"]
    card = page.locator(f"#c-{baker}")
    total = page.locator(".total").inner_text()
    assert card.locator("details").count() == 1 and not card.locator("details .cert").first.is_visible()
    height = card.bounding_box()["height"]
    assert height < 260, height  # compact: details on demand
    both(page, "employer-candidates-compact")
    card.locator("summary").click()
    assert card.locator("details .cert").first.is_visible()
    card.locator("button", has_text="daftar pendek").click()
    page.wait_for_url("**/kandidat?**")
    card = page.locator(f"#c-{baker}")
    assert "sudah dalam daftar pendek" in card.inner_text() and card.locator("button").count() == 0
    assert page.locator(".total").inner_text() == total
    both(page, "employer-candidates-shortlisted")
    page.goto(f"{live.url}/lowongan/{live.world.ids['vac_a']}/pelamar")
    assert "daftar pendek" in page.locator("tr", has_text=baker).inner_text()
    both(page, "employer-shortlist-labels")


def test_employer_past_start_date_is_shown_next_to_the_field(page: Any, live: Live) -> None:
    sign_in(page, live, "employer")
    page.goto(live.url + "/lowongan/baru")
    page.fill("#title", "Juru Las Malam")
    page.fill("#start_date", "2020-01-01")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("#start_date-error")
    assert "tidak boleh sebelum hari ini" in page.locator("#start_date-error").inner_text()
    assert page.input_value("#title") == "Juru Las Malam" and page.input_value("#start_date") == "2020-01-01"
    both(page, "employer-vacancy-error")


def test_officer_finds_a_client_by_name_and_sees_due_followups_only(page: Any, live: Live) -> None:
    sign_in(page, live, "bapas_officer")
    page.fill("input[name=q]", "siti")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**q=siti**")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1 and "Siti Aminah" in rows.first.inner_text()
    both(page, "officer-caseload-search")
    page.click("text=English")
    page.wait_for_url("**lang=en**")
    assert "q=siti" in page.url and page.input_value("input[name=q]") == "siti"
    assert page.locator("html").get_attribute("lang") == "en" and "My clients" in page.content()
    both(page, "officer-caseload-english")
    page.click("text=Bahasa Indonesia")
    page.wait_for_url("**lang=id**")
    page.click("text=Siti Aminah")
    page.wait_for_selector("h1:has-text('Siti Aminah')")
    assert "Siti Aminah" in page.title() and "<" not in page.title()
    page.select_option("#employer_id", str(live.world.ids["emp_a"]))
    page.fill("#position_title", "Pembuat Roti")
    page.fill("#started_on", "2026-01-05")
    page.click("form[action$='/penempatan'] button[type=submit]")
    page.wait_for_selector("#penempatan")
    forms = page.locator("form[action*='/tindak-lanjut']")
    options = forms.first.locator("option").all_inner_texts() if forms.count() else []
    assert all("12" not in o for o in options)  # the 12-month follow-up is not due yet
    both(page, "officer-client-followups")
    page.locator("#penempatan ~ div.card").first.screenshot(path=str(ARTIFACTS / "officer-followup-card.png"))


async def _release_and_place(pg_uri: str, ids: dict[str, int]) -> None:
    """Give the live server's world people who may work (one placed) so rates exist. The live
    database is the only ``binakerja_web_*`` one in this session's server (one live app per module)."""
    import asyncpg

    admin = await asyncpg.connect(pg_uri)
    try:
        names = await admin.fetch("SELECT datname FROM pg_database WHERE datname LIKE 'binakerja_web_%'")
    finally:
        await admin.close()
    assert len(names) == 1, names
    conn = await asyncpg.connect(with_db(pg_uri, names[0]["datname"]))
    try:
        await conn.execute("UPDATE inmates SET status = 'released' WHERE id = ANY($1::bigint[])",
                           [ids["welder"], ids["baker"], ids["refuser"]])  # fmt: skip
        await conn.execute(
            "INSERT INTO placements (inmate_id, employer_id, position_title, started_on) "
            "SELECT $1, $2, 'Juru Las', current_date - 120 WHERE NOT EXISTS "
            "(SELECT 1 FROM placements WHERE inmate_id = $1)",
            ids["welder"], ids["emp_a"],
        )  # fmt: skip
    finally:
        await conn.close()


def test_kemnaker_dashboard_rates_on_a_percent_axis(page: Any, live: Live, pg_uri: str) -> None:
    run_in_thread(_release_and_place(pg_uri, live.world.ids))
    sign_in(page, live, "kemnaker_staff")
    page.goto(live.url + "/dasbor")
    charts = page.locator("figure.chart", has_text="Tingkat penempatan")
    assert charts.count() == 2
    first = charts.first
    wide = first.locator("svg.chart-wide")
    assert "100%" in first.inner_text() and wide.locator("line.grid").count() == 5
    bars, axis = wide.locator("rect"), wide.locator("line.grid")
    zero, hundred = (float(axis.nth(i).get_attribute("x1")) for i in (0, 4))
    widths = [float(bars.nth(i).get_attribute("width")) for i in range(bars.count())]
    assert widths and max(widths) < (hundred - zero) * 0.99  # nobody is at 100 %: no bar fills the axis
    assert wide.is_visible() and not first.locator("svg.chart-narrow").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert first.locator("svg.chart-narrow").is_visible() and not wide.is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    both(page, "kemnaker-dashboard")

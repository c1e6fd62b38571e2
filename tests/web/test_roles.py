"""Each role signs in through a real browser and completes its main task; screenshots go to
tests/artifacts/ (gitignored)."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories as f
from tests.web.conftest import ARTIFACTS, Live, shot, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]


def test_employer_posts_a_vacancy_and_shortlists_a_candidate(page: Any, live: Live) -> None:
    sign_in(page, live, "employer")
    assert page.url.endswith("/lowongan")
    shot(page, "employer-vacancies")
    page.click("text=Lowongan baru")
    page.fill("#title", "Juru Las Konstruksi")
    page.fill("#description", "Bengkel fabrikasi baja di Bandung membutuhkan juru las.")
    page.fill("#requirements", "mampu mengelas pelat baja SMAW\nmemahami K3 pengelasan")
    page.fill("#unit-search", "LAS00.002")  # search-as-you-type against /api/v1/units
    page.wait_for_selector(".unit-option")
    page.click(".unit-option")
    assert page.input_value("#required_units") == f.WELDING_UNITS[1].code
    page.select_option("#regency_code", "32.73")
    page.fill("#positions", "2")
    shot(page, "employer-vacancy-form")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/kandidat")
    welder = live.world.pseudonyms["welder"]
    first = page.locator("li.candidate").first
    assert welder in first.inner_text()
    assert live.world.pseudonyms["refuser"] not in page.content() and "Budi" not in page.content()
    shot(page, "employer-candidates")
    first.locator("button", has_text="daftar pendek").click()
    page.wait_for_url("**/kandidat?**")  # inline: the list stays, the card is marked
    assert "sudah dalam daftar pendek" in page.locator(f"#c-{welder}").inner_text()
    page.click("text=Lihat daftar pendek")
    page.wait_for_url("**/pelamar")
    row = page.locator("tr", has_text=welder)
    assert "daftar pendek" in row.inner_text()
    row.locator("select").select_option("interview")
    row.locator("button").click()
    page.wait_for_url("**/pelamar")
    assert "wawancara" in page.locator("tr", has_text=welder).inner_text()
    shot(page, "employer-shortlist")
    page.set_viewport_size({"width": 390, "height": 844})  # phone
    shot(page, "employer-shortlist-phone")


def test_officer_opens_a_client_and_prints_a_plan(page: Any, live: Live) -> None:
    sign_in(page, live, "bapas_officer")
    assert page.url.endswith("/klien")
    assert "Joko Surabaya" not in page.content()  # another Bapas' client
    shot(page, "officer-caseload")
    page.click("text=Budi Santoso")
    page.wait_for_selector("h1:has-text('Budi Santoso')")
    assert "Tukang Las SMAW" in page.content()
    shot(page, "officer-client")
    page.click("text=Rencana reintegrasi")
    page.wait_for_selector("article.plan")
    shot(page, "officer-plan")
    page.emulate_media(media="print")
    page.pdf(path=str(ARTIFACTS / "officer-plan.pdf"), format="A4")
    assert (ARTIFACTS / "officer-plan.pdf").stat().st_size > 5_000
    assert not page.locator("header.top").is_visible()  # print view hides navigation


def test_assessor_issues_a_certificate_and_a_visitor_verifies_it(page: Any, browser: Any, live: Live) -> None:
    sign_in(page, live, "lsp_assessor")
    assert page.url.endswith("/sertifikasi")
    shot(page, "assessor-schemes")
    page.locator("tr", has_text="Juru Las SMAW").locator("a").click()
    page.fill("#person", live.world.pseudonyms["other"])
    page.click("form.person-step button[type=submit]")  # who first; then only the units not yet K
    for unit in f.WELDING_UNITS:
        page.check(f"input[name='result:{unit.code}'][value=K]")
    shot(page, "assessor-assessment")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=Asesmen tersimpan")
    page.click("text=Terbitkan sertifikat")
    page.wait_for_url("**/sertifikasi/sertifikat/**")  # the certificate's own page, with its downloads
    number_url = page.url.replace("/sertifikasi/sertifikat/", "/verify/").removesuffix("?ok=terbit")
    shot(page, "assessor-issued")
    visitor = browser.new_context().new_page()  # nobody signed in
    visitor.goto(number_url)
    text = visitor.content()
    assert "Juru Las SMAW" in text and "Joko Surabaya" not in text  # initials at most, never the name
    shot(visitor, "visitor-verify")
    visitor.context.close()


def test_staff_and_admin_pages(page: Any, live: Live) -> None:
    sign_in(page, live, "kemnaker_staff")
    assert page.url.endswith("/dasbor") and page.locator("figure.chart svg").count() >= 4
    shot(page, "staff-dashboard")
    page.goto(live.url + "/keluar")  # GET is not a sign-out
    sign_in(page, live, "admin")
    page.goto(live.url + "/admin/pengguna")
    assert live.world.emails["employer"] in page.content()
    shot(page, "admin-users")
    page.goto(live.url + "/admin/audit?action=sign_in")
    assert page.locator("table tbody tr").count() >= 1
    shot(page, "admin-audit")
    page.goto(live.url + "/docs?lang=en")
    assert "API documentation" in page.content()
    shot(page, "api-docs")

"""The LSP assessor's main job in a real browser (Debian's headless Chromium): sign in, find a
person in the asesi list, record an assessment with one BK, re-assess that unit to K, issue, and
read the certificate's own page. Screenshots at 1280 px and 390 px go to tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories as f
from tests.web.conftest import Live, shot, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WELD = [u.code for u in f.WELDING_UNITS]


def both_widths(page: Any, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    shot(page, f"{name}")
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def radio(code: str, value: str) -> str:
    return f"input[name='result:{code}'][value={value}]"


def test_assessor_reassesses_a_bk_unit_to_k_and_issues(page: Any, live: Live) -> None:
    sign_in(page, live, "lsp_assessor")
    assert page.url.endswith("/sertifikasi")
    both_widths(page, "assessor-home")

    # find the person: search the asesi list by name
    page.fill("#asesi-q", "siti")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/sertifikasi/asesi?q=siti")
    rows = page.locator("table.assessees tbody tr")
    assert rows.count() == 1 and live.world.pseudonyms["baker"] in rows.first.inner_text()
    both_widths(page, "assessor-asesi-search")
    rows.first.locator("a").click()
    page.wait_for_selector("h1:has-text('Siti Aminah')")
    welding = page.locator("section.scheme-progress", has_text="Juru Las SMAW")
    assert "0 / 3 unit K" in welding.inner_text()
    both_widths(page, "assessor-asesi")
    welding.locator("a.button", has_text="Catat asesmen").click()

    # first assessment: K, BK, K; a missing date is refused next to the field, choices kept
    page.wait_for_selector("form.assessment-form")
    assert page.locator("details.explain summary").inner_text().startswith("Apa arti K dan BK")
    page.check(radio(WELD[0], "K"))
    page.check(radio(WELD[1], "BK"))
    page.check(radio(WELD[2], "K"))
    page.fill(f"input[name='evidence:{WELD[1]}']", "sambungan las berpori")
    page.fill("#assessed_on", "")
    both_widths(page, "assessor-assessment")
    page.click("form.assessment-form button[type=submit]:not([name])")
    page.wait_for_selector("#assessed_on-error")
    assert "Isi tanggal asesmen yang valid." in page.inner_text("#assessed_on-error")
    assert page.is_checked(radio(WELD[1], "BK")) and page.is_checked(radio(WELD[0], "K"))
    assert page.input_value(f"input[name='evidence:{WELD[1]}']") == "sambungan las berpori"
    both_widths(page, "assessor-assessment-error")
    page.fill("#assessed_on", "2025-06-02")
    page.click("form.assessment-form button[type=submit]:not([name])")
    page.wait_for_selector("text=Belum semua unit Kompeten")
    assert page.locator("text=Terbitkan sertifikat").count() == 0
    both_widths(page, "assessor-recorded-bk")

    # re-assess: only the BK unit is asked; the K units are shown as done
    page.click("text=Asesmen ulang unit BK")
    page.wait_for_selector("form.assessment-form")
    assert page.locator("fieldset.unit-done").count() == 2 and page.locator("fieldset.unit-open").count() == 1
    assert page.locator(radio(WELD[0], "K")).count() == 0 and page.locator(radio(WELD[1], "K")).count() == 1
    assert "sambungan las berpori" in page.inner_text("fieldset.unit-open")  # the last BK's evidence
    page.click("form.assessment-form button[type=submit]:not([name])")  # no choice yet
    page.wait_for_selector("fieldset.unit-open .field-error")
    assert "Pilih K atau BK untuk unit ini." in page.inner_text("fieldset.unit-open")
    page.check(radio(WELD[1], "K"))
    both_widths(page, "assessor-reassessment")
    page.click("form.assessment-form button[type=submit]:not([name])")
    page.wait_for_selector("text=Semua unit skema sudah K")

    # issue: the assessor lands on the certificate's own page with its downloads
    page.click("form.issue-form button[type=submit]")
    page.wait_for_url("**/sertifikasi/sertifikat/**?ok=terbit")
    assert "Sertifikat berhasil diterbitkan" in page.inner_text(".notice-success")
    assert "Status: aktif" in page.inner_text("p.status")
    assert page.locator("a", has_text="Unduh PDF").count() == 1
    assert page.locator("a", has_text="Unduh Verifiable Credential").count() == 1
    both_widths(page, "assessor-certificate")

    # revoking asks for the number typed again; a wrong one revokes nothing
    page.fill("#revoke-reason", "uji konfirmasi")
    page.fill("#revoke-confirm", "NOMOR-LAIN")
    page.click("form.revoke-form button[type=submit]")
    page.wait_for_selector("#revoke-confirm-error")
    assert "Status: aktif" in page.inner_text("p.status")
    assert page.input_value("#revoke-reason") == "uji konfirmasi"
    both_widths(page, "assessor-revoke-confirm")

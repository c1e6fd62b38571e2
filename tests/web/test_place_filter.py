"""The employer's candidate list filtered by regency, in a real browser at 1280 and 390 px.
Screenshots go to tests/artifacts/employer-regency-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Live, both, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]


def test_employer_filters_candidates_by_regency(page: Any, live: Live) -> None:
    sign_in(page, live, "employer")
    page.goto(f"{live.url}/lowongan/{live.world.ids['vac_a']}/kandidat")
    assert page.locator("select[name=regency] option[value='32.04']").count() == 1
    page.select_option("select[name=province]", "35")  # the regency select follows (regencies.js)
    page.wait_for_selector("select[name=regency] option[value='35.78']", state="attached")
    assert page.locator("select[name=regency] option[value='32.73']").count() == 0
    page.select_option("select[name=province]", "")  # back to all: the vacancy's province again
    page.wait_for_selector("select[name=regency] option[value='32.73']", state="attached")
    page.select_option("select[name=regency]", "32.73")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**regency=32.73**")
    text = page.locator("ol.candidates").inner_text()
    assert live.world.pseudonyms["welder"] in text and live.world.pseudonyms["other"] not in text
    assert page.input_value("select[name=regency]") == "32.73"
    both(page, "employer-regency-filtered")
    page.goto(f"{live.url}/lowongan/{live.world.ids['vac_a']}/kandidat?regency=99.99")
    assert "kabupaten/kota tidak dikenal" in page.locator("#regency-error").inner_text()
    assert page.input_value("select[name=regency]") == "99.99"
    both(page, "employer-regency-error")
    page.goto(f"{live.url}/lowongan/{live.world.ids['vac_a']}/kandidat?near=1")
    assert "kabupaten/kota yang sama" in page.locator("ol.candidates").inner_text()
    both(page, "employer-regency-near")

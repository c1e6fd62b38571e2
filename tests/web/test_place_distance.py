"""The employer's candidate list within a radius of the vacancy, in a real browser at 1280 and 390 px.
Screenshots go to tests/artifacts/employer-distance-*.png."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Live, both, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]


def test_employer_filters_candidates_within_a_radius(page: Any, live: Live) -> None:
    sign_in(page, live, "employer")
    page.goto(f"{live.url}/lowongan/{live.world.ids['vac_a']}/kandidat")
    everyone = page.locator("ol.candidates").inner_text()
    assert live.world.pseudonyms["other"] in everyone  # Kota Surabaya, ~570 km from the vacancy
    page.select_option("select[name=within_km]", "25")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**within_km=25**")
    text = page.locator("ol.candidates").inner_text()
    assert live.world.pseudonyms["welder"] in text and live.world.pseudonyms["other"] not in text
    assert page.input_value("select[name=within_km]") == "25"
    both(page, "employer-distance-25km")
    page.goto(f"{live.url}/lowongan/{live.world.ids['vac_a']}/kandidat?within_km=abc")
    assert "radius harus bilangan bulat" in page.locator("#within_km-error").inner_text()
    assert page.input_value("select[name=within_km]") == "abc"
    both(page, "employer-distance-error")

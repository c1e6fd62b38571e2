"""A released person opens their own certificate in a real browser with the claim code and PIN
from the release papers their Bapas officer printed; screenshots at desktop and phone widths go
to tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Live, shot, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]


def test_holder_opens_their_certificate_with_code_and_pin(page: Any, browser: Any, live: Live) -> None:
    sign_in(page, live, "bapas_officer")
    page.goto(f"{live.url}/klien/{live.world.ids['welder']}")
    with page.context.expect_page() as opened:  # the slip opens in its own tab, ready to print
        page.locator("ul.client-certificates button", has_text="surat pembebasan").first.click()
    slip = opened.value
    slip.wait_for_load_state()
    code = slip.inner_text(".claim-code").strip()
    pin = slip.inner_text(".claim-pin").strip()
    assert len(code) == 14 and len(pin) == 6 and "Budi Santoso" in slip.content()
    shot(slip, "officer-release-papers")

    holder = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
    try:
        holder.goto(live.url + "/sertifikat-saya")
        holder.fill("#code", code.lower())
        holder.fill("#pin", "000000" if pin != "000000" else "111111")
        holder.click("form.holder-form button[type=submit]")
        assert "Kode klaim atau PIN salah" in holder.content()
        shot(holder, "holder-claim-wrong-pin")
        holder.fill("#pin", pin)
        holder.click("form.holder-form button[type=submit]")
        holder.wait_for_url("**/sertifikat-saya/lihat")
        assert holder.inner_text(".holder-name") == "Budi Santoso"
        assert "Simpan ke dompet digital" in holder.content() and "Status: aktif" in holder.content()
        holder.select_option("#days", "7")
        holder.click("form.share-form button[type=submit]")
        link = holder.input_value("input.share-link")
        assert "/bagikan/" in link and "aktif" in holder.inner_text("table.shares")
        shot(holder, "holder-certificate-1280")
        holder.set_viewport_size({"width": 390, "height": 844})  # phone
        shot(holder, "holder-certificate-390")

        reader = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
        reader.goto(live.url + "/bagikan/" + link.rsplit("/bagikan/", 1)[1])  # the test server's own port
        assert "Budi Santoso" in reader.content() and "Buat tautan" not in reader.content()
        shot(reader, "holder-shared-view-390")
        reader.context.close()

        holder.click("table.shares button:has-text('Cabut')")
        holder.wait_for_url("**/sertifikat-saya/lihat?ok=cabut")
        assert "dicabut" in holder.inner_text("table.shares")
    finally:
        holder.context.close()

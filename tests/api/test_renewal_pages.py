"""Renewal from the assessor's web pages: the renewed certificate's page hands over the holder's
new claim code and PIN once (as after issuing), and a renewal assessment can be started from a
form by the claim code the holder shows (errors next to the field, input kept)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.certificates.messages import MESSAGES
from api.web import i18n
from tests.api.conftest import World, csrf_from, sign_in
from tests.api.test_certificate_pages import WELD, assess, issued
from tests.api.test_holder import _claim


def slip_from(html: str) -> tuple[str, str] | None:
    code = re.search(r'class="claim-code">([^<]+)<', html)
    pin = re.search(r'class="claim-pin">([^<]+)<', html)
    return None if code is None or pin is None else (code.group(1), pin.group(1))


async def test_renewed_certificate_page_shows_new_claim_code_and_pin_once(
    client: httpx.AsyncClient, world: World, conn: Any, tmp_path: Path
) -> None:
    number = await issued(client, world, tmp_path)
    await assess(client, world, 0)
    await sign_in(client, world.emails["lsp_assessor"])
    base = f"/sertifikasi/sertifikat/{number}"
    token = csrf_from((await client.get(base)).text)
    r = await client.post(f"{base}/perbarui", data={"csrf_token": token, "kind": "surveillance"})
    assert r.status_code == 303, r.text
    new_number = r.headers["location"].removeprefix("/sertifikasi/sertifikat/").removesuffix("?ok=perbarui")
    assert new_number != number

    page = await client.get(r.headers["location"])
    slip = slip_from(page.text)
    assert page.status_code == 200 and slip is not None, "no claim code and PIN after renewing"
    stored = await conn.fetchval(
        "SELECT k.code FROM certificate_claims k JOIN certificates c ON c.id = k.certificate_id WHERE c.number = $1",
        new_number,
    )
    assert slip[0].replace("-", "") == stored  # the new certificate's own code, not the old one's
    assert slip_from((await client.get(r.headers["location"])).text) is None  # shown once only

    # the holder opens the renewed certificate with what was handed over
    assert (await _claim(client, *slip)).status_code == 303
    holder = await client.get("/sertifikat-saya/lihat")
    assert holder.status_code == 200 and new_number in holder.text


async def test_assessor_starts_a_renewal_by_claim_code_from_the_form(
    client: httpx.AsyncClient, world: World, conn: Any, tmp_path: Path
) -> None:
    number = await issued(client, world, tmp_path)
    code = await conn.fetchval(
        "SELECT k.code FROM certificate_claims k JOIN certificates c ON c.id = k.certificate_id WHERE c.number = $1",
        number,
    )
    await sign_in(client, world.emails["lsp_assessor"])
    assert 'href="/sertifikasi/pembaruan"' in (await client.get("/sertifikasi")).text
    first = await client.get("/sertifikasi/pembaruan")
    assert first.status_code == 200 and 'id="claim_code"' in first.text and "Kode klaim" in first.text
    english = await client.get("/sertifikasi/pembaruan?lang=en")
    assert "Renewal by claim code" in english.text and "Claim code" in english.text
    await client.get("/sertifikasi/pembaruan?lang=id")

    unknown = await client.get("/sertifikasi/pembaruan", params={"kode": "ZZZZ-ZZZZ-ZZZZ"})
    assert unknown.status_code == 422 and 'id="claim_code-error"' in unknown.text
    assert "Kode klaim tidak dikenal" in unknown.text and 'value="ZZZZ-ZZZZ-ZZZZ"' in unknown.text

    shown = await client.get("/sertifikasi/pembaruan", params={"kode": code.lower()})
    assert shown.status_code == 200 and number in shown.text
    units = [u for u in WELD if f'name="result:{u}"' in shown.text]
    assert units == WELD
    token = csrf_from(shown.text)
    before = await conn.fetchval("SELECT count(*) FROM assessments")

    bad = {"csrf_token": token, "claim_code": code, "assessed_on": "31-02-2026",
           f"result:{WELD[0]}": "K", f"evidence:{WELD[0]}": "observasi las"}  # fmt: skip
    r = await client.post("/sertifikasi/pembaruan", data=bad)
    assert r.status_code == 422
    assert 'id="assessed_on-error"' in r.text and "Isi tanggal asesmen yang valid." in r.text
    assert 'id="unit-2-error"' in r.text and "Pilih K atau BK untuk unit ini." in r.text
    assert 'id="unit-1-error"' not in r.text  # the unit given K has no error
    assert 'value="31-02-2026"' in r.text and 'value="observasi las"' in r.text
    assert re.search(rf'name="result:{re.escape(WELD[0])}" value="K" required checked', r.text)
    assert await conn.fetchval("SELECT count(*) FROM assessments") == before  # nothing half-written

    good = {"csrf_token": token, "claim_code": code, "assessed_on": date.today().isoformat()}
    good |= {f"result:{u}": "K" for u in WELD}
    r = await client.post("/sertifikasi/pembaruan", data=good)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/sertifikasi/sertifikat/{number}?ok=asesmen_pembaruan"
    assert await conn.fetchval("SELECT count(*) FROM assessments") == before + 1
    page = await client.get(r.headers["location"])
    assert "Asesmen pembaruan dicatat." in page.text and "/perbarui" in page.text

    # then the renewal from the certificate page hands over the new code and PIN
    r = await client.post(f"/sertifikasi/sertifikat/{number}/perbarui", data={"csrf_token": token,
                          "kind": "surveillance"})  # fmt: skip
    assert r.status_code == 303, r.text
    assert slip_from((await client.get(r.headers["location"])).text) is not None
    # the replaced certificate's code cannot start another renewal
    again = await client.get("/sertifikasi/pembaruan", params={"kode": code})
    assert again.status_code == 422 and 'id="claim_code-error"' in again.text


async def test_renewal_form_is_complete_in_english(
    client: httpx.AsyncClient, world: World, conn: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = await issued(client, world, tmp_path)
    code = await conn.fetchval(
        "SELECT k.code FROM certificate_claims k JOIN certificates c ON c.id = k.certificate_id WHERE c.number = $1",
        number,
    )
    await sign_in(client, world.emails["lsp_assessor"])
    missing: set[str] = set()
    real = i18n.translate

    # the form macros pass every error through _(); the page's own messages are English already
    english = {en for _, en in MESSAGES.values()}

    def recording(text: str, lang: str) -> str:
        if lang == "en" and text not in i18n.EN and text not in english:
            missing.add(text)
        return real(text, lang)

    monkeypatch.setattr(i18n, "translate", recording)
    for params in ({"lang": "en"}, {"lang": "en", "kode": code}):
        r = await client.get("/sertifikasi/pembaruan", params=params)
        assert r.status_code == 200 and 'lang="en"' in r.text[:200]
    assert "Save renewal assessment" in r.text and "Assessment date" in r.text
    r = await client.post("/sertifikasi/pembaruan", data={"csrf_token": csrf_from(r.text), "claim_code": "x"})
    assert r.status_code == 422 and "Enter the claim code" not in r.text and "Unknown claim code" in r.text
    assert missing == set(), f"no English for {sorted(missing)}"

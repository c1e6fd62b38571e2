"""The public verify flow as a visitor uses it: a search form, forgiving number entry, and one
unmistakable state per result; free-text revocation reasons never leave the LSP."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from certification.documents import tanggal
from tests.api.conftest import World
from tests.api.test_verify import _issue


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


CSS = (Path(__file__).resolve().parents[2] / "api" / "web" / "static" / "app.css").read_text(encoding="utf-8")


def _state(html: str) -> str:
    m = re.search(r'class="verify state-([a-z_]+)"', html)
    assert m, "no verify state on the page"
    return m.group(1)


async def test_home_and_verify_offer_a_search_form(client: httpx.AsyncClient) -> None:
    for path in ("/", "/verify"):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert 'action="/verify"' in page.text and 'name="nomor"' in page.text, path


async def test_number_typed_in_lower_case_with_spaces_is_found(client, world: World, keydir: Path) -> None:
    number = (await _issue(client, world, keydir))["number"]
    typed = "  " + number.lower() + " "
    page = await client.get("/verify", params={"nomor": typed})
    assert page.status_code == 200, page.text
    assert _state(page.text) == "valid" and number in page.text
    assert (await client.get(f"/api/v1/verify/{number.lower()}")).status_code == 200


async def test_mistyped_number_is_a_clear_indonesian_not_found(client) -> None:
    page = await client.get("/verify", params={"nomor": "LSP-TIDAK-ADA-1"})
    assert page.status_code == 404
    assert _state(page.text) == "not_found" and "tidak ditemukan" in page.text.lower()
    assert 'name="nomor"' in page.text  # try again right there
    r = await client.get("/api/v1/verify/TIDAK-ADA-1")
    assert r.status_code == 404 and "tidak ditemukan" in r.json()["detail"]


async def test_revoked_certificate_never_looks_valid_and_keeps_its_reason_private(
    client, world: World, keydir: Path
) -> None:
    number = (await _issue(client, world, keydir))["number"]
    r = await client.post(
        f"/api/v1/certificates/{number}/revoke",
        json={"reason": "bukti palsu dari TUK"},
        headers=world.auth("lsp_assessor"),
    )
    assert r.status_code == 200, r.text
    page = await client.get(f"/verify/{number}")
    assert _state(page.text) == "revoked"
    assert "TIDAK BERLAKU" in page.text
    assert "Tanda tangan digital sah" not in page.text
    assert "bukti palsu" not in page.text
    body = (await client.get(f"/api/v1/verify/{number}")).json()
    assert body["status"]["state"] == "revoked" and "bukti palsu" not in str(body)


async def test_suspended_certificate_says_until_when(client, world: World, keydir: Path) -> None:
    number = (await _issue(client, world, keydir))["number"]
    until = date.today() + timedelta(days=40)
    r = await client.post(
        f"/api/v1/certificates/{number}/suspend",
        json={"reason": "sedang diperiksa", "until": until.isoformat()},
        headers=world.auth("lsp_assessor"),
    )
    assert r.status_code == 200, r.text
    page = await client.get(f"/verify/{number}")
    assert _state(page.text) == "suspended" and tanggal(until) in page.text
    assert "sedang diperiksa" not in page.text


def test_every_verify_state_has_a_style() -> None:
    for state in ("valid", "expired", "suspended", "revoked", "renewed", "not_found"):
        assert f".state-{state}" in CSS, state


async def test_the_verify_page_in_english(client, world: World, keydir: Path) -> None:
    """Only the search form above the result was English; the verdict, facts and dates were Indonesian."""
    number = (await _issue(client, world, keydir))["number"]
    page = (await client.get(f"/verify/{number}", params={"lang": "en"})).text
    assert _state(page) == "valid" and "VALID" in page and "Certificate number" in page
    for indonesian in (
        "BERLAKU",
        "Sertifikat ini sah",
        "Nomor sertifikat",
        "Tanggal terbit",
        "Halaman ini menunjukkan",
    ):
        assert indonesian not in page, indonesian
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert re.search(rf"\b\d{{1,2}} ({months}) \d{{4}}\b", page)
    assert "Sertifikat ini sah" in (await client.get(f"/verify/{number}", params={"lang": "id"})).text

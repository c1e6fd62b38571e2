"""Holder access without an account (claim code + PIN), share links, and the Bapas officer's
copies of an own client's certificate documents: through the real app and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.web.limits import TokenBucket
from tests.api.conftest import World, csrf_from
from tests.api.test_verify import _issue


class ShiftedClock:
    """The real time moved by ``offset``: lets a test jump past a lock or a link's end."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def today(self) -> date:
        return self.now().date()


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


@pytest.fixture
def clock(client: httpx.AsyncClient) -> ShiftedClock:
    app: Any = client.app  # type: ignore[attr-defined]
    app.state.clock = ShiftedClock()
    app.state.verify_limiter = TokenBucket(capacity=1000, rate=1)  # the per-code limit is under test here
    return app.state.clock  # type: ignore[no-any-return]


async def _claim(client: httpx.AsyncClient, code: str, pin: str) -> httpx.Response:
    token = csrf_from((await client.get("/sertifikat-saya")).text)
    return await client.post("/sertifikat-saya", data={"code": code, "pin": pin, "csrf_token": token})


def _link(html: str) -> str:
    """The new share link shown once on the holder page."""
    m = re.search(r'class="share-link"[^>]* value="([^"]+)"', html)
    assert m, "no new share link on the page"
    return m.group(1)


def _wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 1_000_000:06d}"


async def _events(conn: Any, action: str) -> list[Any]:
    return list(await conn.fetch("SELECT actor_role, object_id, detail FROM audit_events WHERE action = $1", action))


async def test_claim_with_code_and_pin_opens_the_holders_certificate(client, world, keydir, conn, clock) -> None:
    cert = await _issue(client, world, keydir)
    code, pin = cert["claim"]["code"], cert["claim"]["pin"]
    assert len(code) == 14 and len(pin) == 6
    stored = await conn.fetchrow("SELECT code, pin_hash FROM certificate_claims WHERE code = $1", code.replace("-", ""))
    assert stored["pin_hash"].startswith("scrypt$") and pin not in stored["pin_hash"]  # only a hash is kept

    assert (await client.get("/sertifikat-saya/lihat")).status_code == 303  # nothing opened yet
    r = await _claim(client, code.lower().replace("-", " "), pin)  # case and separators do not matter
    assert r.status_code == 303 and r.headers["location"] == "/sertifikat-saya/lihat"
    await client.get(f"/verify/{cert['number']}")  # someone checks it: counted, not named
    page = await client.get("/sertifikat-saya/lihat")
    assert page.status_code == 200
    assert "Joko Surabaya" in page.text and "Status: aktif" in page.text and cert["number"] in page.text
    assert "Simpan ke dompet digital" in page.text and "Belum ada yang memeriksa" not in page.text

    pdf = await client.get("/sertifikat-saya/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    vc = await client.get("/sertifikat-saya/vc")
    assert vc.status_code == 200 and vc.headers["content-type"].startswith("application/vc")
    doc = json.loads(vc.text)
    assert "OpenBadgeCredential" in doc["type"] and doc["proof"]["cryptosuite"] == "eddsa-jcs-2022"

    for action in ("holder.claim_open", "holder.view", "holder.pdf", "holder.vc"):
        events = await _events(conn, action)
        assert events and all(e["actor_role"] == "holder" for e in events), action
    await client.post("/sertifikat-saya/keluar", data={"csrf_token": csrf_from(page.text)})
    assert (await client.get("/sertifikat-saya/lihat")).status_code == 303


async def test_wrong_pin_is_refused_then_throttled_with_a_growing_delay(client, world, keydir, conn, clock) -> None:
    cert = await _issue(client, world, keydir)
    code, pin = cert["claim"]["code"], cert["claim"]["pin"]
    assert (await _claim(client, code, _wrong(pin))).status_code == 422
    r = await _claim(client, "ZZZZ-ZZZZ-ZZZZ", pin)  # an unknown code reads exactly like a wrong PIN
    assert r.status_code == 422 and "Kode klaim atau PIN salah" in r.text
    assert (await _claim(client, code, _wrong(pin))).status_code == 422
    r = await _claim(client, code, _wrong(pin))  # third wrong PIN: locked for 30 s
    assert r.status_code == 429 and 25 <= int(r.headers["Retry-After"]) <= 30
    r = await _claim(client, code, pin)  # even the right PIN waits, and is not counted
    assert r.status_code == 429 and "Coba lagi dalam" in r.text
    row = await conn.fetchrow("SELECT failed_attempts, locked_until FROM certificate_claims WHERE code = $1",
                              code.replace("-", ""))  # fmt: skip
    assert row["failed_attempts"] == 3 and row["locked_until"] is not None

    clock.offset = timedelta(seconds=31)
    r = await _claim(client, code, _wrong(pin))  # fourth wrong PIN: the delay doubles
    assert r.status_code == 429 and 55 <= int(r.headers["Retry-After"]) <= 60
    clock.offset = timedelta(seconds=93)
    assert (await _claim(client, code, pin)).status_code == 303  # the right PIN after the wait
    row = await conn.fetchrow("SELECT failed_attempts, locked_until FROM certificate_claims WHERE code = $1",
                              code.replace("-", ""))  # fmt: skip
    assert row["failed_attempts"] == 0 and row["locked_until"] is None
    refused = await _events(conn, "holder.claim_refused")
    assert len(refused) == 6 and {json.loads(e["detail"])["client"] for e in refused} == {"127.0.0.1"}


async def test_claim_form_shares_the_per_client_rate_limit(client, world, keydir) -> None:
    cert = await _issue(client, world, keydir)
    client.app.state.verify_limiter = TokenBucket(capacity=2, rate=0.001)  # type: ignore[attr-defined]
    # a different unknown code each time, so no per-code lock can answer 429: only the client limiter
    codes = [(await _claim(client, f"ZZZZ-ZZZZ-ZZZ{i}", "000000")).status_code for i in range(3)]
    assert codes[:2] == [422, 422] and codes[2] == 429
    assert cert["claim"]["code"]


async def test_share_link_expires_and_can_be_revoked(client, world, keydir, conn, clock) -> None:
    cert = await _issue(client, world, keydir)
    assert (await _claim(client, cert["claim"]["code"], cert["claim"]["pin"])).status_code == 303
    page = await client.get("/sertifikat-saya/lihat")
    r = await client.post("/sertifikat-saya/bagikan", data={"days": "7", "csrf_token": csrf_from(page.text)})
    assert r.status_code == 201, r.text
    link = _link(r.text)
    path = httpx.URL(link).path
    assert path.startswith("/bagikan/")
    token = path.rsplit("/", 1)[1]
    assert not await conn.fetchval("SELECT count(*) FROM certificate_shares WHERE token_hash = $1", token)

    shared = await client.get(path)
    assert shared.status_code == 200 and "Joko Surabaya" in shared.text and "Juru Las SMAW" in shared.text
    assert "Buat tautan" not in shared.text  # read-only
    clock.offset = timedelta(days=7, seconds=1)
    assert (await client.get(path)).status_code == 404  # expired

    clock.offset = timedelta()
    page = await client.get("/sertifikat-saya/lihat")
    assert "kedaluwarsa" not in page.text and ">1<" in page.text  # the one view, counted by day
    r = await client.post("/sertifikat-saya/bagikan", data={"days": "30", "csrf_token": csrf_from(page.text)})
    second = httpx.URL(_link(r.text)).path
    assert (await client.get(second)).status_code == 200
    share_id = await conn.fetchval("SELECT max(id) FROM certificate_shares")
    r = await client.post(f"/sertifikat-saya/bagikan/{share_id}/cabut", data={"csrf_token": csrf_from(page.text)})
    assert r.status_code == 303
    assert (await client.get(second)).status_code == 404  # revoked
    r = await client.post("/sertifikat-saya/bagikan", data={"days": "5", "csrf_token": csrf_from(page.text)})
    assert r.status_code == 422  # only the offered lifetimes
    actions = {e["action"] for e in await conn.fetch("SELECT action FROM audit_events WHERE action LIKE 'holder.%'")}
    assert {"holder.share_create", "holder.share_view", "holder.share_revoke", "holder.share_refused"} <= actions


async def test_share_actions_need_the_holder_session(client, world, keydir, clock) -> None:
    await _issue(client, world, keydir)
    token = csrf_from((await client.get("/sertifikat-saya")).text)
    r = await client.post("/sertifikat-saya/bagikan", data={"days": "7", "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/sertifikat-saya"
    assert (await client.get("/sertifikat-saya/pdf")).status_code == 303


async def test_officer_downloads_own_clients_documents_and_reprints_release_papers(
    client, world: World, keydir, conn, clock
) -> None:
    cert = await _issue(client, world, keydir)  # for "other", a client of the other Bapas
    number = cert["number"]
    own = world.auth("officer_b")
    pdf = await client.get(f"/bapas/sertifikat/{number}/pdf", headers=own)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    vc = await client.get(f"/bapas/sertifikat/{number}/vc", headers=own)
    assert vc.status_code == 200 and json.loads(vc.text)["proof"]["type"] == "DataIntegrityProof"

    for path in (f"/bapas/sertifikat/{number}/pdf", f"/bapas/sertifikat/{number}/vc"):
        r = await client.get(path, headers=world.auth("bapas_officer"))  # another Bapas: "not found"
        assert r.status_code == 404 and "Joko" not in r.text
    r = await client.post(f"/bapas/sertifikat/{number}/surat-pembebasan", headers=world.auth("bapas_officer"))
    assert r.status_code == 404
    refused = await conn.fetch("SELECT detail FROM audit_events WHERE action = 'certificate.refused'")
    assert len(refused) == 3
    reads = await conn.fetch("SELECT action, actor_role FROM audit_events WHERE action IN "
                             "('certificate.pdf', 'certificate.vc') AND actor_role = 'bapas_officer'")  # fmt: skip
    assert {r["action"] for r in reads} == {"certificate.pdf", "certificate.vc"}

    slip = await client.post(f"/bapas/sertifikat/{number}/surat-pembebasan", headers=own)
    assert slip.status_code == 200 and cert["claim"]["code"] in slip.text and "Joko Surabaya" in slip.text
    new_pin = slip.text.split('class="claim-pin">', 1)[1].split("<", 1)[0]
    assert len(new_pin) == 6
    if new_pin != cert["claim"]["pin"]:
        assert (await _claim(client, cert["claim"]["code"], cert["claim"]["pin"])).status_code == 422  # old PIN void
    assert (await _claim(client, cert["claim"]["code"], new_pin)).status_code == 303
    assert await _events(conn, "holder.pin_reset")

    # in English the printed slip's dates are English too (the route passes the page language's formatter)
    english = await client.post(f"/bapas/sertifikat/{number}/surat-pembebasan?lang=en", headers=own)
    months_en = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")  # fmt: skip
    assert english.status_code == 200 and "Printed" in english.text
    today = clock.today()
    assert f"{today.day} {months_en[today.month - 1]} {today.year}" in english.text


async def test_client_page_links_the_officers_downloads(client, world: World, keydir, clock) -> None:
    cert = await _issue(client, world, keydir)
    from tests.api.conftest import sign_in

    await sign_in(client, world.emails["officer_b"])
    page = await client.get(f"/klien/{world.ids['other']}")
    assert page.status_code == 200, page.text
    assert f"/bapas/sertifikat/{cert['number']}/pdf" in page.text and "surat-pembebasan" in page.text


async def test_assessor_sees_the_claim_code_and_pin_once_after_issuing(client, world: World, keydir, clock) -> None:
    from certification.signing import FileKeyStore
    from tests.api.conftest import sign_in
    from tests.api.test_verify import WELD

    client.app.state.keystore = FileKeyStore(keydir)  # type: ignore[attr-defined]
    body = {
        "inmate_id": world.ids["other"], "scheme_id": world.ids["welding"],
        "assessed_on": (date.today() - timedelta(days=2)).isoformat(),
        "results": [{"unit_code": c, "result": "K", "evidence": "observasi"} for c in WELD],
    }  # fmt: skip
    assert (await client.post("/api/v1/assessments", json=body, headers=world.auth("lsp_assessor"))).status_code == 201
    await sign_in(client, world.emails["lsp_assessor"])
    token = csrf_from((await client.get("/sertifikasi")).text)
    r = await client.post("/sertifikasi/terbitkan", data={"csrf_token": token, "inmate_id": str(world.ids["other"]),
                                                          "scheme_id": str(world.ids["welding"])})  # fmt: skip
    assert r.status_code == 303, r.text
    landed = await client.get(r.headers["location"])
    code = re.search(r'class="claim-code">([^<]+)<', landed.text)
    pin = re.search(r'class="claim-pin">([^<]+)<', landed.text)
    assert code and pin and "hanya ditampilkan sekali" in landed.text
    again = await client.get(r.headers["location"])
    assert "claim-pin" not in again.text and pin.group(1) not in again.text  # shown once
    await client.post("/keluar", data={"csrf_token": csrf_from(again.text)})
    assert (await _claim(client, code.group(1), pin.group(1))).status_code == 303

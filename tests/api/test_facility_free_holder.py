"""Competence without the record, through the real app: the holder of a facility-bound (P1) LSP's
certificate downloads the facility-free credential, makes a facility-free share link and a wallet
link; what those pages and files show names no facility, LSP or TUK (checked against the names)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.web.limits import TokenBucket
from tests.api.conftest import World, csrf_from
from tests.api.test_holder import ShiftedClock, _claim, _link
from tests.api.test_verify import _issue

LSP_NAME = "LSP P1 Lapas Kelas I Surabaya Binaan"
TUK_NAME = "TUK Bengkel Las Blok C"


async def _make_p1(conn: Any, world: World) -> list[str]:
    """Turn the world's LSP into a P1 inside the person's Lapas (as the test's rolled-back
    transaction sees it); the names that must never show on a facility-free page."""
    facility = await conn.fetchrow("SELECT f.id, f.name, f.code FROM inmates i JOIN facilities f "
                                   "ON f.id = i.facility_id WHERE i.id = $1", world.ids["other"])  # fmt: skip
    lsp = await conn.fetchrow("UPDATE lsps SET kind = 'P1', home_facility_id = $2, name = $3 WHERE id = $1 "
                              "RETURNING code, licence_number", world.ids["lsp"], facility["id"], LSP_NAME)  # fmt: skip
    await conn.execute("INSERT INTO tuks (code, name, lsp_id, facility_id) VALUES ('TUK-BLOK-C', $1, $2, $3)",
                       TUK_NAME, world.ids["lsp"], facility["id"])  # fmt: skip
    schemes = await conn.fetch("SELECT code, title FROM schemes WHERE lsp_id = $1", world.ids["lsp"])
    return [LSP_NAME, lsp["code"], facility["name"], facility["code"], TUK_NAME, "TUK-BLOK-C", "Surabaya Binaan",
            *[s["code"] for s in schemes], *[s["title"] for s in schemes]]  # fmt: skip


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


@pytest.fixture
def clock(client: httpx.AsyncClient) -> ShiftedClock:
    app: Any = client.app  # type: ignore[attr-defined]
    app.state.clock = ShiftedClock()
    app.state.verify_limiter = TokenBucket(capacity=1000, rate=1)
    return app.state.clock  # type: ignore[no-any-return]


def _visible(page: str) -> str:
    """The page's text and attribute values, without the base template's navigation."""
    body = page.split("<main", 1)[-1]
    return re.sub(r"\s+", " ", body)


async def test_facility_free_credential_share_and_public_page_name_no_facility(
    client: httpx.AsyncClient, world: World, keydir, conn, clock
) -> None:
    cert = await _issue(client, world, keydir)
    secrets = await _make_p1(conn, world)
    number = cert["number"]
    assert (await _claim(client, cert["claim"]["code"], cert["claim"]["pin"])).status_code == 303
    page = await client.get("/sertifikat-saya/lihat")
    assert "Bukti kompetensi tanpa nama fasilitas" in page.text and "/sertifikat-saya/vc-tanpa-fasilitas" in page.text

    vc = await client.get("/sertifikat-saya/vc-tanpa-fasilitas")
    assert vc.status_code == 200 and vc.headers["content-type"].startswith("application/vc")
    text = vc.text
    doc = json.loads(text)
    assert doc["issuer"]["id"].startswith("did:web:") and ":lsp:" not in doc["issuer"]["id"]  # the registry
    assert [a["targetCode"] for a in doc["credentialSubject"]["achievement"]["alignment"]]
    for secret in [*secrets, number]:
        assert secret not in text, secret
    public_path = httpx.URL(doc["id"]).path
    assert public_path.startswith("/kompetensi/")

    r = await client.post("/sertifikat-saya/bagikan",
                          data={"days": "7", "kind": "facility_free", "csrf_token": csrf_from(page.text)})  # fmt: skip
    assert r.status_code == 201, r.text
    shared = await client.get(httpx.URL(_link(r.text)).path)
    assert shared.status_code == 200
    seen = _visible(shared.text)
    assert "Joko Surabaya" in seen and "LSP berlisensi BNSP" in seen and "BNSP-LSP-0001-ID" in seen
    for secret in [*secrets, number]:
        assert secret not in seen, secret
    assert "Tanpa nama fasilitas" in (await client.get("/sertifikat-saya/lihat")).text

    public = await client.get(public_path)
    assert public.status_code == 200
    seen = _visible(public.text)
    assert "BERLAKU" in seen and "J. S." in seen and "Joko" not in seen
    for secret in [*secrets, number]:
        assert secret not in seen, secret
    assert (await client.get("/kompetensi/tidak-ada-sama-sekali-xyz")).status_code == 404

    # dropped on /verify, the facility-free file checks as valid and the answer names nothing more
    token = csrf_from((await client.get("/verify")).text)
    dropped = await client.post("/verify/berkas", data={"csrf_token": token},
                                files={"file": ("k.json", text.encode(), "application/json")})  # fmt: skip
    assert dropped.status_code == 200 and "state-valid" in dropped.text, dropped.text[-1500:]
    for secret in [*secrets, number]:
        assert secret not in _visible(dropped.text), secret

    # the deployment's DID document now lists the registry key; the registry lists are served
    did = (await client.get("/.well-known/did.json")).json()
    assert did["assertionMethod"] and did["verificationMethod"][0]["type"] == "Multikey"
    status_url = httpx.URL(doc["credentialStatus"][0]["statusListCredential"]).path
    listed = await client.get(status_url)
    assert listed.status_code == 200 and listed.json()["issuer"] == did["id"]

    # suspending the original shows on the facility-free page too (mirrored)
    r = await client.post(f"/api/v1/certificates/{number}/suspend", json={"reason": "pemeriksaan ulang"},
                          headers=world.auth("lsp_assessor"))  # fmt: skip
    assert r.status_code == 200, r.text
    assert "DIBEKUKAN" in (await client.get(public_path)).text

    actions = {e["action"] for e in await conn.fetch("SELECT action FROM audit_events WHERE action LIKE 'holder.%'")}
    assert {"holder.vc_facility_free", "holder.share_create", "holder.share_view"} <= actions


async def test_facility_free_share_refused_for_a_certificate_that_names_no_facility(
    client: httpx.AsyncClient, world: World, keydir, clock
) -> None:
    cert = await _issue(client, world, keydir)  # the world's LSP is a P2
    assert (await _claim(client, cert["claim"]["code"], cert["claim"]["pin"])).status_code == 303
    page = await client.get("/sertifikat-saya/lihat")
    assert "vc-tanpa-fasilitas" not in page.text
    r = await client.post("/sertifikat-saya/bagikan",
                          data={"days": "7", "kind": "facility_free", "csrf_token": csrf_from(page.text)})  # fmt: skip
    assert r.status_code == 422
    assert (await client.get("/sertifikat-saya/vc-tanpa-fasilitas")).status_code == 303


async def test_wallet_link_serves_the_credential_for_minutes(
    client: httpx.AsyncClient, world: World, keydir, conn, clock
) -> None:
    from datetime import timedelta

    cert = await _issue(client, world, keydir)
    assert (await _claim(client, cert["claim"]["code"], cert["claim"]["pin"])).status_code == 303
    page = await client.get("/sertifikat-saya/lihat")
    r = await client.post("/sertifikat-saya/dompet", data={"csrf_token": csrf_from(page.text)})
    assert r.status_code == 200
    m = re.search(r'class="wallet-url"[^>]* value="([^"]+)"', r.text)
    assert m and 'class="wallet-qr" src="data:image/png;base64,' in r.text
    path = httpx.URL(m.group(1)).path
    token = path.rsplit("/", 1)[1]
    assert not await conn.fetchval("SELECT count(*) FROM certificate_wallet_links WHERE token_hash = $1", token)
    client.cookies.clear()  # the wallet app has no holder session
    got = await client.get(path)
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/vc")
    assert json.loads(got.text)["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    clock.offset = timedelta(minutes=11)
    assert (await client.get(path)).status_code == 404
    assert (await client.get("/dompet/nothing-here")).status_code == 404


async def test_every_holder_page_label_has_english(
    client: httpx.AsyncClient, world: World, keydir, conn, clock, monkeypatch
) -> None:
    from api.web import i18n

    missing: set[str] = set()
    real = i18n.translate

    def recording(text: str, lang: str) -> str:
        if lang == "en" and text not in i18n.EN:
            missing.add(text)
        return real(text, lang)

    monkeypatch.setattr(i18n, "translate", recording)
    cert = await _issue(client, world, keydir)
    await _make_p1(conn, world)
    form = await client.get("/sertifikat-saya", params={"lang": "en"})
    assert "Claim code" in form.text
    wrong = await client.post("/sertifikat-saya?lang=en", data={"code": cert["claim"]["code"], "pin": "x",
                                                                "csrf_token": csrf_from(form.text)})  # fmt: skip
    assert "Wrong claim code or PIN." in wrong.text
    assert (await _claim(client, cert["claim"]["code"], cert["claim"]["pin"])).status_code == 303
    page = await client.get("/sertifikat-saya/lihat", params={"lang": "en"})
    assert "My competency certificate" in page.text
    token = csrf_from(page.text)
    full = await client.post("/sertifikat-saya/bagikan?lang=en",
                             data={"days": "7", "kind": "full", "csrf_token": token})  # fmt: skip
    free = await client.post("/sertifikat-saya/bagikan?lang=en",
                             data={"days": "7", "kind": "facility_free", "csrf_token": token})  # fmt: skip
    await client.post("/sertifikat-saya/dompet?lang=en", data={"csrf_token": token})
    await client.post("/sertifikat-saya/bagikan?lang=en", data={"days": "5", "csrf_token": token})  # refused
    for link in (_link(full.text), _link(free.text)):
        assert (await client.get(httpx.URL(link).path, params={"lang": "en"})).status_code == 200
    doc = json.loads((await client.get("/sertifikat-saya/vc-tanpa-fasilitas")).text)
    assert (await client.get(httpx.URL(doc["id"]).path, params={"lang": "en"})).status_code == 200
    assert (await client.get("/bagikan/unknown", params={"lang": "en"})).status_code == 404
    assert missing == set(), sorted(missing)

"""Public verification page and JSON, the keys document, 404 and the rate limit; plus the
assessor JSON API from assessment to PDF/VC, through the real app and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from api.web.limits import TokenBucket
from certification.signing import FileKeyStore
from tests import factories as f
from tests.api.conftest import World

WELD = [u.code for u in f.WELDING_UNITS]


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


async def _issue(client: httpx.AsyncClient, world: World, keydir: Path) -> dict:
    client.app.state.keystore = FileKeyStore(keydir)  # type: ignore[attr-defined]
    body = {
        "inmate_id": world.ids["other"],
        "scheme_id": world.ids["welding"],
        "assessed_on": (date.today() - timedelta(days=2)).isoformat(),
        "results": [{"unit_code": c, "result": "K", "evidence": "observasi"} for c in WELD],
    }
    r = await client.post("/api/v1/assessments", json=body, headers=world.auth("lsp_assessor"))
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/v1/certificates",
        json={"inmate_id": world.ids["other"], "scheme_id": world.ids["welding"]},
        headers=world.auth("lsp_assessor"),
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_verify_json_and_page_show_initials_status_and_signature(client, world, keydir) -> None:
    cert = await _issue(client, world, keydir)
    number = cert["number"]
    r = await client.get(f"/api/v1/verify/{number}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"]["state"] == "active" and body["status"]["label"] == "Aktif"
    assert body["holder"] == "J. S." and "Joko" not in r.text  # initials only
    assert body["signature"]["valid"] is True
    assert [u["code"] for u in body["units"]] == WELD
    assert body["scheme"]["title"] == "Juru Las SMAW" and body["lsp"]["name"] == "LSP Pemasyarakatan"

    page = await client.get(f"/verify/{number}")
    assert page.status_code == 200
    assert "BERLAKU" in page.text and "J. S." in page.text and "Joko" not in page.text
    assert "tidak diubah sejak diterbitkan" in page.text and "Juru Las SMAW" in page.text

    r = await client.post(
        f"/api/v1/certificates/{number}/revoke", json={"reason": "bukti palsu"}, headers=world.auth("lsp_assessor")
    )
    assert r.status_code == 200, r.text
    r = await client.get(f"/api/v1/verify/{number}")
    assert r.json()["status"]["state"] == "revoked" and "bukti palsu" not in r.text  # the reason stays with the LSP
    page = await client.get(f"/verify/{number}")
    assert "DICABUT" in page.text and "bukti palsu" not in page.text


async def test_unsigned_certificate_shows_invalid_signature(client, world, conn) -> None:
    number = await conn.fetchval("SELECT number FROM certificates WHERE inmate_id = $1", world.ids["welder"])
    body = (await client.get(f"/api/v1/verify/{number}")).json()
    assert body["signature"]["valid"] is False and body["signature"]["problem"]
    page = await client.get(f"/verify/{number}")
    assert "TIDAK DAPAT DIPASTIKAN" in page.text and "state-tampered" in page.text


async def test_unknown_number_is_plain_404(client, world) -> None:
    r = await client.get("/api/v1/verify/LSP-X/NOPE/2025/999999")
    assert r.status_code == 404
    assert "tidak ditemukan" in r.json()["detail"] and "NOPE" not in r.text
    page = await client.get("/verify/LSP-X/NOPE/2025/999999")
    assert page.status_code == 404 and "NOPE" not in page.text


async def test_rate_limit_gives_429_with_retry_after(client, world) -> None:
    now = [0.0]
    client.app.state.verify_limiter = TokenBucket(capacity=3, rate=0.5, now=lambda: now[0])  # type: ignore[attr-defined]
    codes = [(await client.get("/api/v1/verify/NONE-1")).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    r = await client.get("/verify/NONE-1")
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
    now[0] += 2.0  # one token back
    assert (await client.get("/api/v1/verify/NONE-1")).status_code == 404


async def test_keys_document_vc_export_and_offline_verify(client, world, keydir) -> None:
    cert = await _issue(client, world, keydir)
    number = cert["number"]
    keys_doc = (await client.get("/.well-known/binakerja-keys.json")).json()
    assert keys_doc["keys"] and all("private" not in json.dumps(k).lower() for k in keys_doc["keys"])
    assert any(k["key_id"] == cert["key_id"] and k["status"] == "active" for k in keys_doc["keys"])
    vc = await client.get(f"/api/v1/certificates/{number}/vc", headers=world.auth("lsp_assessor"))
    assert vc.status_code == 200  # its verification: tests/api/test_credentials.py
    pdf = await client.get(f"/api/v1/certificates/{number}/pdf", headers=world.auth("lsp_assessor"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = await client.get(f"/api/v1/certificates/{number}/html", headers=world.auth("lsp_assessor"))
    assert html.status_code == 200
    assert "Joko Surabaya" in html.text and "Juru Las SMAW" in html.text and WELD[2] in html.text
    assert f"/verify/{number}" in html.text and "data:image/png;base64," in html.text


async def test_certification_api_refuses_with_reason_and_roles(client, world, keydir) -> None:
    client.app.state.keystore = FileKeyStore(keydir)  # type: ignore[attr-defined]
    body = {
        "inmate_id": world.ids["other"],
        "scheme_id": world.ids["welding"],
        "assessed_on": (date.today() + timedelta(days=1)).isoformat(),
        "results": [{"unit_code": WELD[0], "result": "K"}],
    }
    r = await client.post("/api/v1/assessments", json=body, headers=world.auth("lsp_assessor"))
    assert r.status_code == 422 and r.json()["field"] == "assessed_on"
    r = await client.post("/api/v1/assessments", json=body, headers=world.auth("employer"))
    assert r.status_code == 403
    r = await client.post("/api/v1/assessments", json=body)
    assert r.status_code == 401
    r = await client.post(
        "/api/v1/certificates",
        json={"inmate_id": world.ids["other"], "scheme_id": world.ids["welding"]},
        headers=world.auth("lsp_assessor"),
    )
    assert r.status_code == 422 and r.json()["type"] == "incomplete_assessment"
    csv = "inmate_external_id,scheme_code,assessor_registration,assessed_on,unit_code,result\nX,Y,Z,2025-01-01,U,K\n"
    r = await client.post(
        "/api/v1/assessments/import",
        content=csv.encode(),
        headers=world.auth("lsp_assessor") | {"content-type": "text/csv"},
    )
    assert r.status_code == 422 and r.json()["field"] == "inmate_external_id" and "baris 2" in r.json()["detail"]

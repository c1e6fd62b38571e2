"""A credential file dropped on /verify (issue 14 item 2): checked on the server with the same
verifier as ``binakerja verify``, against the deployment's own DID documents and status lists;
valid, altered, suspended, revoked and not-a-credential each get their state and a plain reason,
and nothing of the file is stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.web.limits import TokenBucket
from tests.api.conftest import World, csrf_from
from tests.api.test_verify import _issue


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


@pytest.fixture(autouse=True)
def roomy_limiter(client: httpx.AsyncClient) -> None:
    client.app.state.verify_limiter = TokenBucket(capacity=1000, rate=1)  # type: ignore[attr-defined]


async def _vc(client: httpx.AsyncClient, world: World, number: str) -> dict[str, Any]:
    r = await client.get(f"/api/v1/certificates/{number}/vc", headers=world.auth("lsp_assessor"))
    assert r.status_code == 200, r.text
    return json.loads(r.text)


async def _drop(client: httpx.AsyncClient, content: bytes, name: str = "sertifikat.json") -> httpx.Response:
    token = csrf_from((await client.get("/verify")).text)
    return await client.post("/verify/berkas", data={"csrf_token": token},
                             files={"file": (name, content, "application/json")})  # fmt: skip


async def test_dropped_file_valid_altered_suspended_revoked(client, world: World, keydir, conn) -> None:
    cert = await _issue(client, world, keydir)
    number = cert["number"]
    doc = await _vc(client, world, number)
    page = await client.get("/verify")
    assert 'type="file"' in page.text and "/static/verify-drop.js" in page.text
    events_before = await conn.fetchval("SELECT count(*) FROM audit_events")

    r = await _drop(client, json.dumps(doc).encode())
    assert r.status_code == 200 and "BERLAKU" in r.text and "state-valid" in r.text, r.text[-2000:]
    assert number in r.text

    altered = json.loads(json.dumps(doc))
    altered["credentialSubject"]["name"] = "Joko Santoso"
    r = await _drop(client, json.dumps(altered).encode())
    assert r.status_code == 200 and "DIUBAH" in r.text and "tanda tangan tidak cocok" in r.text
    assert "BERLAKU</strong>" not in r.text

    # nothing of the files was kept: no audit row, no copy of the proof anywhere in the log
    assert await conn.fetchval("SELECT count(*) FROM audit_events") == events_before
    assert not await conn.fetchval("SELECT count(*) FROM audit_events WHERE detail::text LIKE $1",
                                   f"%{doc['proof']['proofValue'][:20]}%")  # fmt: skip

    r = await client.post(f"/api/v1/certificates/{number}/suspend", json={"reason": "pemeriksaan ulang"},
                          headers=world.auth("lsp_assessor"))  # fmt: skip
    assert r.status_code == 200
    r = await _drop(client, json.dumps(doc).encode())
    assert "DIBEKUKAN" in r.text and "dibekukan oleh LSP penerbit" in r.text
    r = await client.post(f"/api/v1/certificates/{number}/revoke", json={"reason": "pemalsuan dokumen"},
                          headers=world.auth("lsp_assessor"))  # fmt: skip
    assert r.status_code == 200
    r = await _drop(client, json.dumps(doc).encode())
    assert "DICABUT" in r.text and "dicabut oleh LSP penerbit" in r.text


async def test_dropped_file_that_is_not_a_credential(client, world: World, keydir) -> None:
    r = await _drop(client, b"\x89PNG not json at all")
    assert r.status_code == 422 and "BUKAN KREDENSIAL" in r.text
    r = await _drop(client, json.dumps({"hello": "world"}).encode())
    assert r.status_code == 422 and "BUKAN KREDENSIAL" in r.text
    foreign = await _vc(client, world, (await _issue(client, world, keydir))["number"])
    foreign["issuer"]["id"] = "did:web:elsewhere.example:lsp:X"
    r = await _drop(client, json.dumps(foreign).encode())
    assert r.status_code == 200 and "TIDAK DIKENAL" in r.text
    en = await client.post("/verify/berkas?lang=en", data={"csrf_token": csrf_from((await client.get("/verify")).text)},
                           files={"file": ("x.json", b"{}", "application/json")})  # fmt: skip
    assert "NOT A CREDENTIAL" in en.text

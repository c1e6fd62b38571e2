"""The credential routes through the real app: the VC export, the did:web documents and the
status list credentials (public, cached), and a revocation reaching the served list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from certification import credentials, dids
from tests.api.conftest import World
from tests.api.test_verify import _issue


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


def path_of(url: str) -> str:
    """The app-relative path of a URL the deployment (``Settings.base_url``) published."""
    return urlsplit(url).path


async def served(client: httpx.AsyncClient, doc: dict) -> tuple[list, list]:
    did = doc["issuer"]["id"]
    r = await client.get(path_of(dids.did_document_url(did)))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/did+json")
    lists = []
    for entry in doc["credentialStatus"]:
        listed = await client.get(path_of(entry["statusListCredential"]))
        assert listed.status_code == 200, listed.text
        assert listed.headers["cache-control"] == "public, max-age=300"
        lists.append(listed.json())
    return [r.json()], lists


async def test_exported_credential_verifies_against_served_did_and_status(client, world: World, keydir) -> None:
    cert = await _issue(client, world, keydir)
    number = cert["number"]
    r = await client.get(f"/api/v1/certificates/{number}/vc", headers=world.auth("lsp_assessor"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vc")
    assert "attachment" in r.headers["content-disposition"]
    doc = r.json()
    assert doc["issuer"]["id"].startswith("did:web:127.0.0.1%3A8000:lsp:")
    did_docs, lists = await served(client, doc)
    method = did_docs[0]["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    assert "private" not in r.text.lower() and "secretKey" not in str(did_docs)
    assert credentials.verify_credential(doc, did_docs, lists, date.today()).code == "valid"

    # the deployment's own DID document names the LSP's
    top = await client.get("/.well-known/did.json")
    assert top.status_code == 200 and top.json()["id"] == "did:web:127.0.0.1%3A8000"
    assert dids.did_document_url(doc["issuer"]["id"]).endswith(top.json()["service"][0]["serviceEndpoint"][-40:])

    reason = {"reason": "pemalsuan dokumen asesmen"}
    r = await client.post(f"/api/v1/certificates/{number}/revoke", json=reason, headers=world.auth("lsp_assessor"))
    assert r.status_code == 200, r.text
    did_docs, lists = await served(client, doc)
    assert credentials.verify_credential(doc, did_docs, lists, date.today()).code == "revoked"


async def test_unknown_issuer_list_or_purpose_is_not_found(client, world: World, keydir) -> None:
    cert = await _issue(client, world, keydir)
    r = await client.get(f"/api/v1/certificates/{cert['number']}/vc", headers=world.auth("lsp_assessor"))
    entry = r.json()["credentialStatus"][0]["statusListCredential"]
    base = path_of(entry).rsplit("/", 2)[0]
    assert (await client.get("/lsp/TIDAK-ADA/did.json")).status_code == 404
    assert (await client.get("/lsp/TIDAK-ADA/status/0/revocation")).status_code == 404
    assert (await client.get(f"{base}/0/message")).status_code == 404
    assert (await client.get(f"{base}/7/revocation")).status_code == 404
    assert (await client.get(f"{base}/0/suspension")).status_code == 200

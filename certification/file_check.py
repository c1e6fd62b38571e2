"""Check a credential file someone dropped on ``/verify``: the same offline verifier as
``binakerja verify`` (``certification.credentials.verify_credential``), fed with this deployment's
own DID documents and status lists as they are now, built in-process (nothing is fetched, and the
file is never stored: it is parsed in memory and dropped after the answer).

Only credentials issued here can be checked this way: an issuer that is neither one of the
deployment's LSPs nor the deployment itself (the registry of facility-free credentials) answers
``unknown_key`` with that reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from certification import credentials, dids, registry, registry_service, service
from certification.ports import Clock, HolderStores, KeyStore
from models.errors import NotFound

MAX_BYTES = 256 * 1024  # a credential is a few kB; anything larger is not one of ours


def parse(raw: bytes) -> Any:
    """The JSON in an uploaded file; ValueError (with a plain reason) when it is not JSON."""
    if len(raw) > MAX_BYTES:
        raise ValueError(f"the file is larger than {MAX_BYTES // 1024} kB")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the file is not JSON ({exc})") from None


def _issuer(doc: Any) -> str | None:
    issuer = doc.get("issuer") if isinstance(doc, Mapping) else None
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else None


async def _did_document(stores: HolderStores, base_url: str, issuer: str) -> dict[str, Any] | None:
    home = dids.deployment_did(base_url)
    if issuer == home:
        return await registry_service.deployment_did_document(stores, base_url)
    prefix = f"{home}:lsp:"
    if issuer.startswith(prefix) and ":" not in issuer[len(prefix) :]:
        try:
            return await service.lsp_did_document(stores, base_url, unquote(issuer[len(prefix) :]))
        except NotFound:
            return None
    return None


async def _status_list(
    stores: HolderStores, base_url: str, url: str, *, keystore: KeyStore, clock: Clock
) -> dict[str, Any] | None:
    """The status list credential at ``url`` as this deployment serves it now (None if not ours)."""
    base = base_url.rstrip("/")
    if not url.startswith(base + "/"):
        return None
    path = urlsplit(url).path[len(urlsplit(base).path) :].strip("/").split("/")
    try:
        if len(path) == 4 and path[0] == "registry" and path[1] == "status":
            return await registry_service.registry_status_list(
                stores, base_url, int(path[2]), path[3], keystore=keystore, clock=clock
            )
        if len(path) >= 5 and path[0] == "lsp" and path[-3] == "status":
            code = unquote("/".join(path[1:-3]))
            return await service.status_list_credential(
                stores, base_url, code, int(path[-2]), path[-1], keystore=keystore, clock=clock
            )
    except (NotFound, ValueError):
        return None
    return None


async def check_file(
    stores: HolderStores, doc: Any, *, base_url: str, keystore: KeyStore, clock: Clock
) -> credentials.VerificationResult:
    """The verdict on an uploaded credential, with its plain reason."""
    issuer = _issuer(doc)
    did_doc = None if issuer is None else await _did_document(stores, base_url, issuer)
    lists = []
    entries = doc.get("credentialStatus") if isinstance(doc, Mapping) else None
    for entry in entries if isinstance(entries, list) else []:
        url = entry.get("statusListCredential") if isinstance(entry, Mapping) else None
        if isinstance(url, str):
            listed = await _status_list(stores, base_url, url, keystore=keystore, clock=clock)
            if listed is not None:
                lists.append(json.loads(json.dumps(listed)))
    did_docs = [] if did_doc is None else [json.loads(json.dumps(did_doc))]
    try:
        return credentials.verify_credential(doc, did_docs, lists, clock.today())
    except ValueError as exc:  # a malformed DID document: ours never is
        return credentials.VerificationResult(False, "unknown_key", f"unknown key: {exc}")


def is_registry_credential(doc: Any, base_url: str) -> bool:
    """The file is a facility-free credential of this deployment (its page shows no number)."""
    return _issuer(doc) == registry.registry_did(base_url)

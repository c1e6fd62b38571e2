"""did:web identifiers of the deployment and its LSPs, their DID documents, and Multikey keys.

The deployment at ``base_url`` is ``did:web:<host>`` (document at ``/.well-known/did.json``); each
LSP is ``did:web:<host>:lsp:<code>`` (document at ``/lsp/<code>/did.json``). An LSP's document
lists every signing key it ever had, active and retired, as ``Multikey`` verification methods
in ``assertionMethod``: rotation adds a key and never removes one, so a credential signed before
a rotation keeps verifying with any standard verifier.

Pure functions over plain values: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import base58

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
ED25519_PUB_MULTICODEC = b"\xed\x01"  # varint of 0xed, the multicodec code of an Ed25519 public key
LSP_ISSUER_SERVICE = "BinakerjaLspIssuer"


@dataclass(frozen=True)
class DidKey:
    """One public key as a DID document publishes it."""

    key_id: str
    public_key: bytes  # raw Ed25519, 32 bytes


# --- identifiers -------------------------------------------------------------------------------
def _encode(segment: str) -> str:
    """A DID method-specific-id segment: letters, digits, '.', '-', '_' and %-escapes only."""
    return quote(segment, safe="").replace("~", "%7E")


def deployment_did(base_url: str) -> str:
    """``did:web`` of the deployment: host, ``%3A``-escaped port, then any base path segments."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"base URL {base_url!r} has no host")
    host = parts.hostname.lower()
    if parts.port is not None:
        host += f"%3A{parts.port}"
    path = [_encode(unquote(s)) for s in parts.path.split("/") if s]
    return ":".join(["did:web", host, *path])


def lsp_did(base_url: str, lsp_code: str) -> str:
    return f"{deployment_did(base_url)}:lsp:{_encode(lsp_code)}"


def did_document_url(did: str) -> str:
    """Where a did:web document lives (the did:web method's resolution rule); ValueError otherwise.

    Served over HTTPS in production; a local deployment (``http://127.0.0.1:8000``) serves the
    same paths over HTTP.
    """
    if not did.startswith("did:web:") or "#" in did:
        raise ValueError(f"{did!r} is not a did:web identifier")
    host, *path = did[len("did:web:") :].split(":")
    host = unquote(host)
    return f"https://{host}/" + ("/".join(path) + "/did.json" if path else ".well-known/did.json")


def verification_method_id(did: str, key_id: str) -> str:
    return f"{did}#{key_id}"


# --- Multikey ------------------------------------------------------------------------------------
def multikey(public_key: bytes) -> str:
    """``publicKeyMultibase`` of an Ed25519 key: 'z' + base58btc(0xed01 + key), so 'z6Mk...'."""
    if len(public_key) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return "z" + base58.b58encode(ED25519_PUB_MULTICODEC + public_key).decode("ascii")


def public_key_of(multibase: object) -> bytes:
    """The raw Ed25519 key of a ``publicKeyMultibase``; ValueError for anything else."""
    if not isinstance(multibase, str) or not multibase.startswith("z"):
        raise ValueError("publicKeyMultibase must be base58btc ('z...')")
    raw = base58.b58decode(multibase[1:])
    if not raw.startswith(ED25519_PUB_MULTICODEC) or len(raw) != 34:
        raise ValueError("publicKeyMultibase is not an Ed25519 public key")
    return raw[2:]


# --- documents -----------------------------------------------------------------------------------
def lsp_did_document(did: str, keys: Sequence[DidKey]) -> dict[str, Any]:
    """The LSP's DID document: every key, oldest first, as a Multikey assertion method."""
    methods = [
        {
            "id": verification_method_id(did, k.key_id),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multikey(k.public_key),
        }
        for k in keys
    ]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def deployment_did_document(did: str, lsp_dids: Iterable[str], keys: Sequence[DidKey] = ()) -> dict[str, Any]:
    """The deployment's DID document: it names the LSP issuers it hosts, each with the URL of its
    own DID document, and, once it has signed as registry (certification.registry), every
    registry key it ever had as a Multikey assertion method (rotation never removes one)."""
    doc: dict[str, Any] = {
        "@context": [DID_CONTEXT],
        "id": did,
        "service": [
            {
                "id": f"{did}#lsp-{i}",
                "type": LSP_ISSUER_SERVICE,
                "serviceEndpoint": did_document_url(lsp),
            }
            for i, lsp in enumerate(sorted(set(lsp_dids)), 1)
        ],
    }
    if keys:
        methods = lsp_did_document(did, keys)
        doc["@context"] = methods["@context"]
        doc["verificationMethod"] = methods["verificationMethod"]
        doc["assertionMethod"] = methods["assertionMethod"]
    return doc


def assertion_keys(doc: Any) -> tuple[str, dict[str, bytes]]:
    """The DID and its assertion keys (verification method id -> raw Ed25519 key) from a DID
    document; ValueError when the document is malformed."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("id"), str):
        raise ValueError("a DID document is a JSON object with an 'id'")
    did = str(doc["id"])
    methods: dict[str, Mapping[str, Any]] = {}
    for i, m in enumerate(doc.get("verificationMethod") or []):
        if not isinstance(m, Mapping) or not isinstance(m.get("id"), str):
            raise ValueError(f"verificationMethod[{i}] has no id")
        methods[str(m["id"])] = m
    keys: dict[str, bytes] = {}
    for i, ref in enumerate(doc.get("assertionMethod") or []):
        m = ref if isinstance(ref, Mapping) else methods.get(str(ref))
        if m is None or not isinstance(m.get("id"), str):
            raise ValueError(f"assertionMethod[{i}] names no verification method of this document")
        if m.get("type") != "Multikey" or m.get("controller") != did:
            raise ValueError(f"{m['id']} is not a Multikey controlled by {did}")
        keys[str(m["id"])] = public_key_of(m.get("publicKeyMultibase"))
    return did, keys

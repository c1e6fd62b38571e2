"""Ed25519 signatures over a canonical JSON of a certificate's facts; one key per LSP.

Private keys live as PEM files (mode 0600) in the key folder (``Settings.key_dir``), named by
key id; the database and the well-known keys document only ever hold public halves. A rotated
key is retired, not deleted: certificates it signed keep verifying, and it stays published
with its validity period.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from certification.errors import InvalidInput, KeyUnavailable
from certification.rules import initials as holder_initials

FACTS_VERSION = 1
ALGORITHM = "Ed25519"
_SAFE = re.compile(r"[^A-Za-z0-9]+")
_KEY_ID = re.compile(r"^[a-z0-9-]{1,80}$")


# --- canonical facts ---------------------------------------------------------------------------
def certificate_facts(
    *,
    number: str,
    lsp_code: str,
    scheme_code: str,
    scheme_title: str,
    unit_codes: Iterable[str],
    holder_id: str,
    holder_name: str,
    issued_on: date,
    valid_until: date,
    key_id: str,
) -> dict[str, Any]:
    """What a signature vouches for. Status is not a fact: it changes and is read live."""
    return {
        "v": FACTS_VERSION,
        "number": number,
        "lsp": lsp_code,
        "scheme": scheme_code,
        "scheme_title": scheme_title,
        "units": sorted(set(unit_codes)),
        "holder_id": holder_id,
        # Initials only: what the public may see, and what survives erasure (api.privacy.actions),
        # so signatures keep verifying after a person's name is erased.
        "holder_name": holder_initials(holder_name),
        "issued_on": issued_on.isoformat(),
        "valid_until": valid_until.isoformat(),
        "key_id": key_id,
    }


def canonical_json(facts: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8 (not ASCII-escaped), dates already ISO strings."""
    return json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_signature(public_key: bytes, message: bytes, signature: str | None) -> bool:
    """True only for a well-formed signature that matches; never raises on bad input."""
    if not signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(unb64url(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def number_hash(number: str) -> str:
    """How a revoked number is published: a hash, so the list does not enumerate certificates."""
    return hashlib.sha256(number.encode("utf-8")).hexdigest()


# --- private keys on disk ----------------------------------------------------------------------
def key_id_for(lsp_code: str, public_key: bytes) -> str:
    slug = _SAFE.sub("-", lsp_code).strip("-").lower()[:40] or "lsp"
    return f"{slug}-{hashlib.sha256(public_key).hexdigest()[:16]}"


class FileKeyStore:
    """Private keys as ``<key_dir>/<key id>.pem`` (PKCS#8, mode 0600, folder mode 0700)."""

    def __init__(self, key_dir: str | os.PathLike[str]) -> None:
        self.key_dir = Path(key_dir)

    def _path(self, key_id: str) -> Path:
        if not _KEY_ID.match(key_id):
            raise InvalidInput(f"invalid key id {key_id!r}", "key_id")
        return self.key_dir / f"{key_id}.pem"

    def create(self, lsp_code: str) -> tuple[str, bytes]:
        self.key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        key_id = key_id_for(lsp_code, public)
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        fd = os.open(self._path(key_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return key_id, public

    def has(self, key_id: str) -> bool:
        return self._path(key_id).is_file()

    def _load(self, key_id: str) -> Ed25519PrivateKey:
        path = self._path(key_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise KeyUnavailable(f"private key {key_id} is not in the key folder {self.key_dir}") from exc
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyUnavailable(f"key file for {key_id} is not an Ed25519 key")
        return key

    def sign(self, key_id: str, message: bytes) -> bytes:
        return self._load(key_id).sign(message)


# --- published public keys ---------------------------------------------------------------------
@dataclass(frozen=True)
class PublishedKey:
    key_id: str
    lsp_code: str
    lsp_name: str
    public_key: bytes
    valid_from: datetime
    valid_until: datetime | None  # when it was retired; None while active

    def covers(self, issued_on: date) -> bool:
        """A retired key vouches only for certificates issued before it was retired.

        No lower bound: certificates issued before the LSP had a key (imports, demo data) are
        signed later with the key active then.
        """
        return self.valid_until is None or issued_on <= self.valid_until.date()


def keys_document(keys: Sequence[PublishedKey], revoked_numbers: Iterable[str]) -> dict[str, Any]:
    """The well-known JSON: every LSP public key (active and retired) and revoked number hashes."""
    return {
        "version": 1,
        "algorithm": ALGORITHM,
        "keys": [
            {
                "key_id": k.key_id,
                "lsp": k.lsp_code,
                "lsp_name": k.lsp_name,
                "algorithm": ALGORITHM,
                "public_key": b64url(k.public_key),
                "status": "active" if k.valid_until is None else "retired",
                "valid_from": k.valid_from.isoformat(),
                "valid_until": None if k.valid_until is None else k.valid_until.isoformat(),
            }
            for k in keys
        ],
        "revoked_sha256": sorted(number_hash(n) for n in revoked_numbers),
    }


def parse_keys_document(doc: Any) -> tuple[dict[str, PublishedKey], frozenset[str]]:
    """Keys by id and the revoked-number hashes from a keys document; ValueError if malformed."""
    if not isinstance(doc, dict) or not isinstance(doc.get("keys"), list):
        raise ValueError("keys document has no 'keys' list")
    keys: dict[str, PublishedKey] = {}
    for i, k in enumerate(doc["keys"]):
        try:
            public = unb64url(k["public_key"])
            if len(public) != 32:
                raise ValueError("public key is not 32 bytes")
            keys[k["key_id"]] = PublishedKey(
                key_id=str(k["key_id"]),
                lsp_code=str(k.get("lsp", "")),
                lsp_name=str(k.get("lsp_name", "")),
                public_key=public,
                valid_from=datetime.fromisoformat(k["valid_from"]),
                valid_until=datetime.fromisoformat(k["valid_until"]) if k.get("valid_until") else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"keys[{i}] is malformed: {exc}") from exc
    revoked = doc.get("revoked_sha256", [])
    if not isinstance(revoked, list):
        raise ValueError("'revoked_sha256' is not a list")
    return keys, frozenset(str(h) for h in revoked)

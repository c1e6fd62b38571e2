"""W3C Bitstring Status List v1.0: where each credential's revocation and suspension bits live,
and the status list credentials that publish them.

Every certificate has one stable position (``list_no``, ``index``) among its LSP's lists,
drawn at random (so neighbours in the list are not neighbours in time) the first time its
credential is exported. The same position is used in two lists of the LSP, one per purpose:
``revocation`` (final: revoked, or replaced by a renewal) and ``suspension`` (dibekukan; cleared
when it is lifted or ends by date). A list is 131,072 bits (16 KiB, the specification's minimum
for herd privacy), gzip-compressed and multibase base64url-encoded ('u...').

Pure functions: no I/O, no clock read (``today`` and ``now`` are arguments).
"""

from __future__ import annotations

import base64
import gzip
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from certification import rules
from certification.proofs import timestamp
from models.records import Certificate

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
LIST_SIZE = 131_072  # bits per list
REVOCATION, SUSPENSION = "revocation", "suspension"
PURPOSES = (REVOCATION, SUSPENSION)
ENTRY_TYPE = "BitstringStatusListEntry"
LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
_MAX_LIST_BYTES = 16 * 1024 * 1024  # refuse a decompressed list larger than this (a gzip bomb)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")


def list_url(base_url: str, lsp_code: str, list_no: int, purpose: str) -> str:
    """The stable URL of one of an LSP's status list credentials."""
    if purpose not in PURPOSES:
        raise ValueError(f"status purpose must be one of {', '.join(PURPOSES)}")
    return f"{base_url.rstrip('/')}/lsp/{quote(lsp_code, safe='')}/status/{list_no}/{purpose}"


def status_entries(base_url: str, lsp_code: str, list_no: int, index: int) -> list[dict[str, Any]]:
    """A certificate's ``credentialStatus``: one entry per purpose, at the same index."""
    out = []
    for purpose in PURPOSES:
        url = list_url(base_url, lsp_code, list_no, purpose)
        out.append(
            {
                "id": f"{url}#{index}",
                "type": ENTRY_TYPE,
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": url,
            }
        )
    return out


def flags(cert: Certificate, today: date) -> frozenset[str]:
    """The purposes whose bit is set for ``cert`` today.

    Expiry is not a status: ``validUntil`` in the credential already says it.
    """
    state = rules.derive_status(cert, today).state
    if state in (rules.REVOKED, rules.RENEWED):
        return frozenset({REVOCATION})
    if state == rules.SUSPENDED:
        return frozenset({SUSPENSION})
    return frozenset()


# --- the bitstring -------------------------------------------------------------------------------
def encode_list(indexes: Iterable[int], size: int = LIST_SIZE) -> str:
    """'u' + base64url(gzip(bits)), no padding; index 0 is the left-most (highest) bit of byte 0."""
    bits = bytearray(size // 8)
    for i in indexes:
        if not 0 <= i < size:
            raise ValueError(f"status index {i} is outside the list (0..{size - 1})")
        bits[i // 8] |= 0x80 >> (i % 8)
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode_list(encoded: object) -> bytes:
    """The raw bitstring of an ``encodedList``; ValueError when it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u...')")
    body = encoded[1:]
    if not _BASE64URL.fullmatch(body):
        raise ValueError("encodedList is not base64url")
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj(wbits=31)  # gzip framing
        bits = inflater.decompress(packed, _MAX_LIST_BYTES)
    except (ValueError, zlib.error) as exc:
        raise ValueError(f"encodedList is not gzip + base64url: {exc}") from exc
    if inflater.unconsumed_tail:
        raise ValueError("encodedList is larger than any status list")
    if not inflater.eof or not bits:
        raise ValueError("encodedList is not a complete gzip stream")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status index {index} is outside the list ({len(bits) * 8} entries)")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


# --- status list credentials ---------------------------------------------------------------------
def status_list_credential(
    url: str, issuer: str, purpose: str, indexes: Iterable[int], now: datetime
) -> dict[str, Any]:
    """The (unsigned) ``BitstringStatusListCredential`` at ``url``, as of ``now``."""
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": issuer,
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_list(indexes),
        },
    }


@dataclass(frozen=True)
class StatusRef:
    """One ``credentialStatus`` entry of a credential, checked for shape."""

    purpose: str
    list_url: str
    index: int


def parse_entry(entry: Any) -> StatusRef:
    """ValueError when ``entry`` is not a Bitstring Status List entry."""
    if not isinstance(entry, Mapping) or entry.get("type") != ENTRY_TYPE:
        raise ValueError(f"credentialStatus entries must be of type {ENTRY_TYPE}")
    purpose, url, index = entry.get("statusPurpose"), entry.get("statusListCredential"), entry.get("statusListIndex")
    if not isinstance(purpose, str) or not isinstance(url, str) or not isinstance(index, str):
        raise ValueError("a status entry needs statusPurpose, statusListCredential and statusListIndex")
    if not index.isdigit():
        raise ValueError(f"statusListIndex {index!r} is not a whole number")
    return StatusRef(purpose, url, int(index))

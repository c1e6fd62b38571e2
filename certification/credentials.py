"""The certificate as a W3C Verifiable Credential 2.0 / Open Badges 3.0 ``OpenBadgeCredential``,
and its offline verification.

- issuer: the LSP's ``did:web`` (certification.dids), with its name;
- holder: a salted SHA-256 of the name (``identifier`` with ``identityHash``, ``hashed: true``,
  ``identityType: name``) and the name itself as a display field (``credentialSubject.name``);
  the person's internal pseudonym never leaves the service;
- ``credentialStatus``: Bitstring Status List entries for revocation and suspension
  (certification.status_lists);
- proof: ``eddsa-jcs-2022`` over the whole credential (certification.proofs).

Contexts are the pinned copies in certification/contexts (SOURCES.md there); they are
recognised by URL and read from disk, never fetched. Pure: no network, no clock read.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from certification import dids, status_lists
from certification.documents import verify_url
from certification.proofs import CRYPTOSUITE, check_proof
from models.records import CertificateDetail, CertificateStatusEntry

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = (VC_CONTEXT, OB_CONTEXT)
PINNED_CONTEXTS = {
    VC_CONTEXT: "credentials-v2.jsonld",
    OB_CONTEXT: "ob-v3p0-context-3.0.3.json",
    dids.DID_CONTEXT: "did-v1.jsonld",
    dids.MULTIKEY_CONTEXT: "multikey-v1.jsonld",
}
LEGACY_CRYPTOSUITE = "binakerja-ed25519-jcs-2025"
UNIT_URN = "urn:skkni:"


@cache
def _context_text(url: str) -> str:
    return (Path(__file__).parent / "contexts" / PINNED_CONTEXTS[url]).read_text(encoding="utf-8")


def pinned_context(url: str) -> dict[str, Any]:
    """The pinned copy of a JSON-LD context (KeyError for a context we do not pin)."""
    return dict(json.loads(_context_text(url)))


def number_of(credential: Mapping[str, Any]) -> str | None:
    """The certificate number in a credential's id (``<base>/verify/<number>``)."""
    url = credential.get("id")
    if not isinstance(url, str) or "/verify/" not in url:
        return None
    return unquote(url.split("/verify/", 1)[1])


# --- the holder ------------------------------------------------------------------------------------
def normalised_name(name: str) -> str:
    """What the identity hash is taken of: NFC, single spaces, case-folded ('BUDI  santoso' ==
    'Budi Santoso'), so a verifier can check it against the name on an identity card."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def name_identifier(name: str, salt: str) -> dict[str, Any]:
    """The holder as an Open Badges ``IdentityObject``: the salted hash of the name, never the name."""
    return {"type": "IdentityObject", "identityType": "name", "hashed": True,
            "identityHash": identity_hash(name, salt), "salt": salt}  # fmt: skip


def identity_hash(name: str, salt: str) -> str:
    """Open Badges' ``identityHash``: 'sha256$' + hex SHA-256 of the normalised name + salt."""
    return "sha256$" + hashlib.sha256((normalised_name(name) + salt).encode("utf-8")).hexdigest()


# --- export ----------------------------------------------------------------------------------------
def build_credential(detail: CertificateDetail, base_url: str, status: CertificateStatusEntry) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of one certificate (certification.proofs signs it)."""
    c = detail.certificate
    base = base_url.rstrip("/")
    return {
        "@context": list(CONTEXTS),
        "id": verify_url(base, c.number),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Sertifikat Kompetensi {detail.scheme_title}",
        "issuer": {"id": dids.lsp_did(base, detail.lsp_code), "type": ["Profile"], "name": detail.lsp_name},
        "validFrom": f"{c.issued_on.isoformat()}T00:00:00Z",
        "validUntil": f"{c.valid_until.isoformat()}T23:59:59Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": detail.holder_name,
            "identifier": [name_identifier(detail.holder_name, status.holder_salt)],
            "achievement": {
                "id": f"{base}/skema/{quote(detail.scheme_code, safe='')}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "humanCode": detail.scheme_code,
                "name": detail.scheme_title,
                "description": f"Skema sertifikasi {detail.scheme_title} oleh {detail.lsp_name}",
                "criteria": {"narrative": "Kompeten (K) pada setiap unit kompetensi skema ini."},
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetCode": u.code,
                        "targetName": u.title,
                        "targetFramework": "SKKNI",
                        "targetType": "CFItem",
                        "targetUrl": UNIT_URN + u.code,
                    }
                    for u in detail.units
                ],
            },
        },
        "credentialStatus": status_lists.status_entries(base, detail.lsp_code, status.list_no, status.status_index),
    }


# --- shape -----------------------------------------------------------------------------------------
def _defined_terms(node: Any, out: set[str]) -> set[str]:
    """Every term a context defines, including type-scoped (nested) contexts."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                out.add(key)
            _defined_terms(value, out)
    elif isinstance(node, list):
        for value in node:
            _defined_terms(value, out)
    return out


def undefined_terms(doc: Any) -> list[str]:
    """Property names and type names of ``doc`` that its pinned contexts do not define.

    A JSON-LD processor would drop such terms silently; an export must have none.
    """
    contexts = doc.get("@context") if isinstance(doc, dict) else None
    if not isinstance(contexts, list) or any(c not in PINNED_CONTEXTS for c in contexts):
        return ["@context"]
    defined: set[str] = set()
    for url in contexts:
        _defined_terms(pinned_context(url)["@context"], defined)
    used: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    continue
                if not key.startswith("@"):
                    used.add(key)
                if key == "type":
                    used.update(value if isinstance(value, list) else [value])
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    return sorted(t for t in used if isinstance(t, str) and t not in defined and t not in ("id", "type"))


def shape_problems(doc: Any) -> list[str]:
    """Required fields of VC 2.0 + OB 3.0 that are missing or wrong (empty list when fine)."""
    if not isinstance(doc, dict):
        return ["the document is not a JSON object"]
    problems = []
    ctx = doc.get("@context")
    if not isinstance(ctx, list) or ctx[:1] != [VC_CONTEXT] or OB_CONTEXT not in ctx:
        problems.append("@context must start with VC 2.0 and include Open Badges 3.0")
    else:
        unknown = undefined_terms(doc)
        if unknown:
            problems.append("terms not defined by the contexts: " + ", ".join(unknown[:10]))
    types = doc.get("type")
    if not isinstance(types, list) or not {"VerifiableCredential", "OpenBadgeCredential"} <= set(types):
        problems.append("type must include VerifiableCredential and OpenBadgeCredential")
    for key in ("id", "name", "validFrom", "validUntil"):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            problems.append(f"{key} is required")
    issuer = doc.get("issuer")
    if (
        not isinstance(issuer, dict)
        or not isinstance(issuer.get("id"), str)
        or "Profile" not in (issuer.get("type") or [])
    ):
        problems.append("issuer must be a Profile with an id")
    subject = doc.get("credentialSubject")
    ach = subject.get("achievement") if isinstance(subject, dict) else None
    if not isinstance(subject, dict) or "AchievementSubject" not in (subject.get("type") or []):
        problems.append("credentialSubject must be an AchievementSubject")
    if not isinstance(ach, dict):
        problems.append("credentialSubject.achievement is required")
    else:
        for key in ("id", "name", "description"):
            if not isinstance(ach.get(key), str) or not ach.get(key):
                problems.append(f"achievement.{key} is required")
        if "Achievement" not in (ach.get("type") or []):
            problems.append("achievement.type must include Achievement")
        if not isinstance(ach.get("alignment"), list) or not ach["alignment"]:
            problems.append("achievement.alignment must list the competency units")
    if not isinstance(doc.get("credentialStatus"), list):
        problems.append("credentialStatus must list the status entries")
    return problems


# --- offline verification --------------------------------------------------------------------------
@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    # valid | malformed | legacy_format | unknown_key | bad_signature | revoked | suspended
    # | expired | not_yet_valid | status_unknown
    code: str
    reason: str
    number: str | None = None
    status_as_of: str | None = None  # validFrom of the status lists that were read


def _result(code: str, reason: str, number: str | None = None, as_of: str | None = None) -> VerificationResult:
    return VerificationResult(code == "valid", code, f"{code.replace('_', ' ')}: {reason}", number, as_of)


def _day(stamp: Any) -> date:
    return date.fromisoformat(str(stamp)[:10])


def _issuer_id(doc: Mapping[str, Any]) -> str | None:
    issuer = doc.get("issuer")
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else None


def _issuer_keys(issuer: str, did_documents: Sequence[Any]) -> dict[str, bytes] | None:
    """The issuer's assertion keys from the given DID documents (None when none is the issuer's)."""
    for doc in did_documents:
        did, keys = dids.assertion_keys(doc)
        if did == issuer:
            return keys
    return None


def verify_credential(
    doc: Any,
    did_documents: Sequence[Any],
    status_credentials: Sequence[Any],
    today: date,
) -> VerificationResult:
    """Check an exported credential offline, saying in plain words why it fails.

    ``did_documents``: the issuer's DID document (and any others); ``status_credentials``: a
    snapshot of the status list credentials it points to. Checks, in order: shape, issuer key,
    signature over the whole credential, revocation, suspension, then validity dates.
    ValueError for a malformed DID document (the caller's input, not the credential's fault).
    """
    proof = doc.get("proof") if isinstance(doc, dict) else None
    if isinstance(proof, dict) and proof.get("cryptosuite") == LEGACY_CRYPTOSUITE:
        return _result(
            "legacy_format",
            f"this file uses the retired {LEGACY_CRYPTOSUITE} proof, which did not cover every field; "
            "download the certificate again to get a credential signed with " + CRYPTOSUITE,
        )
    problems = shape_problems(doc)
    if problems:
        return _result("malformed", "; ".join(problems))
    number = number_of(doc)
    issuer = _issuer_id(doc)
    assert issuer is not None  # shape_problems checked it
    keys = _issuer_keys(issuer, did_documents)
    if keys is None:
        return _result("unknown_key", f"no DID document of the issuer {issuer} was given", number)
    check = check_proof(doc, keys)
    if not check.ok:
        return _result("unknown_key" if check.unknown_key else "bad_signature", str(check.problem), number)

    # status: every entry must be answered by a status list signed by the same issuer
    lists: dict[str, Any] = {}
    for cred in status_credentials:
        if isinstance(cred, Mapping) and isinstance(cred.get("id"), str):
            lists[str(cred["id"])] = cred
    found: dict[str, bool] = {}
    as_of: list[str] = []
    try:
        refs = [status_lists.parse_entry(e) for e in doc["credentialStatus"]]
    except ValueError as exc:
        return _result("malformed", str(exc), number)
    for ref in refs:
        listed = lists.get(ref.list_url)
        if listed is None:
            return _result("status_unknown", f"the status snapshot has no list {ref.list_url}", number)
        problem = _status_list_problem(listed, issuer, keys, ref.purpose)
        if problem:
            return _result("status_unknown", f"status list {ref.list_url} {problem}", number)
        try:
            found[ref.purpose] = found.get(ref.purpose, False) or status_lists.is_set(
                status_lists.decode_list(listed["credentialSubject"]["encodedList"]), ref.index
            )
        except ValueError as exc:
            return _result("status_unknown", f"status list {ref.list_url}: {exc}", number)
        as_of.append(str(listed.get("validFrom", "")))
    snapshot = min(as_of) if as_of else None
    when = f" (status as of {snapshot})" if snapshot else ""
    for purpose in status_lists.PURPOSES:
        if purpose not in found:
            return _result("status_unknown", f"the credential has no {purpose} status entry", number)
    if found[status_lists.REVOCATION]:
        return _result("revoked", f"certificate {number} has been revoked by its LSP{when}", number, snapshot)
    if found[status_lists.SUSPENSION]:
        return _result("suspended", f"certificate {number} is suspended by its LSP{when}", number, snapshot)

    try:
        valid_from, valid_until = _day(doc["validFrom"]), _day(doc["validUntil"])
    except ValueError as exc:
        return _result("malformed", f"validFrom/validUntil are not dates ({exc})", number)
    if today < valid_from:
        return _result("not_yet_valid", f"certificate {number} is valid only from {valid_from}", number, snapshot)
    if today > valid_until:
        return _result("expired", f"certificate {number} expired on {valid_until}", number, snapshot)
    return _result(
        "valid",
        f"certificate {number} issued by {doc['issuer'].get('name', issuer)}, signed by {check.verification_method}, "
        f"valid until {valid_until}, not revoked or suspended{when}",
        number,
        snapshot,
    )


def _status_list_problem(listed: Mapping[str, Any], issuer: str, keys: Mapping[str, bytes], purpose: str) -> str | None:
    """Why a status list credential cannot be trusted for ``purpose`` (None when it can)."""
    types = listed.get("type")
    subject = listed.get("credentialSubject")
    if (
        not isinstance(types, list)
        or status_lists.LIST_CREDENTIAL_TYPE not in types
        or not isinstance(subject, Mapping)
    ):
        return "is not a BitstringStatusListCredential"
    if _issuer_id(listed) != issuer:
        return "was issued by someone other than the credential's issuer"
    if subject.get("statusPurpose") != purpose:
        return f"is for {subject.get('statusPurpose')!s}, not {purpose}"
    check = check_proof(listed, keys)
    if not check.ok:
        return f"is not validly signed: {check.problem}"
    return None


def holder_matches(doc: Mapping[str, Any], name: str) -> bool:
    """Whether ``name`` is the holder the credential's salted identity hash names."""
    subject = doc.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, Mapping) else None
    for ident in identifiers if isinstance(identifiers, list) else []:
        if (
            isinstance(ident, Mapping)
            and ident.get("identityType") == "name"
            and ident.get("hashed") is True
            and identity_hash(name, str(ident.get("salt", ""))) == ident.get("identityHash")
        ):
            return True
    return False

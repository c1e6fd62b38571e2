"""W3C Data Integrity proofs with the ``eddsa-jcs-2022`` cryptosuite (W3C vc-di-eddsa §3.3).

The proof covers the WHOLE document: every field but ``proof`` is canonicalised with JCS
(RFC 8785, the ``rfc8785`` package) and hashed, together with the proof's own options; so any
change to any field, nested or not, fails verification. Signatures are Ed25519 (``cryptography``);
``proofValue`` is multibase base58btc ('z...', the ``base58`` package).

JCS was chosen over ``eddsa-rdfc-2022`` because it needs no JSON-LD processing at all to sign or
verify (nothing to fetch, nothing silently dropped); the pinned contexts are still checked so
that the credential is also valid JSON-LD (certification.credentials).

Pure functions: the private key is reached through a ``sign`` callable (the KeyStore's).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
ASSERTION = "assertionMethod"


def timestamp(moment: datetime) -> str:
    """An XSD dateTimeStamp in UTC, to the second ('2025-06-02T12:00:00Z'); naive means UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(unsecured: Mapping[str, Any], proof_config: Mapping[str, Any]) -> bytes:
    """SHA-256(JCS(proof options)) || SHA-256(JCS(document)), the bytes that are signed."""
    return (
        hashlib.sha256(rfc8785.dumps(dict(proof_config))).digest()
        + hashlib.sha256(rfc8785.dumps(dict(unsecured))).digest()
    )


def add_proof(
    document: Mapping[str, Any],
    *,
    verification_method: str,
    created: datetime,
    sign: Callable[[bytes], bytes],
) -> dict[str, Any]:
    """``document`` with an ``eddsa-jcs-2022`` proof made by ``sign`` (Ed25519, 64 bytes).

    As the suite says, the proof carries the document's ``@context``; Ed25519 is deterministic,
    so the same document, key and ``created`` give the same proof.
    """
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": ASSERTION,
    }
    if "@context" in unsecured:
        proof = {"@context": unsecured["@context"], **proof}
    signature = sign(_hash_data(unsecured, proof))
    return {**unsecured, "proof": {**proof, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}}


@dataclass(frozen=True)
class ProofCheck:
    ok: bool
    verification_method: str | None
    problem: str | None = None  # plain words when not ok
    unknown_key: bool = False


def check_proof(document: Any, public_keys: Mapping[str, bytes]) -> ProofCheck:
    """Whether ``document`` carries one valid ``eddsa-jcs-2022`` assertion proof by one of
    ``public_keys`` (verification method id -> raw Ed25519 key). Never raises on bad input."""
    proof = document.get("proof") if isinstance(document, Mapping) else None
    if not isinstance(proof, Mapping):
        return ProofCheck(False, None, "it has no proof (one DataIntegrityProof object)")
    method = proof.get("verificationMethod")
    method = str(method) if isinstance(method, str) else None
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        suite = proof.get("cryptosuite") or proof.get("type")
        return ProofCheck(False, method, f"its proof uses {suite!s}, not a {PROOF_TYPE} with {CRYPTOSUITE}")
    if proof.get("proofPurpose") != ASSERTION:
        return ProofCheck(False, method, f"its proof purpose is not {ASSERTION}")
    if method is None:
        return ProofCheck(False, None, "its proof names no verification method")
    key = public_keys.get(method)
    if key is None:
        return ProofCheck(False, method, f"key {method} is not in the issuer's DID document", unknown_key=True)
    value = proof.get("proofValue")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in config:
        # the document's contexts must start with the proof's, which then stand for them
        ctx = config["@context"] if isinstance(config["@context"], list) else [config["@context"]]
        doc_ctx = unsecured.get("@context")
        doc_ctx = doc_ctx if isinstance(doc_ctx, list) else [doc_ctx]
        if doc_ctx[: len(ctx)] != ctx:
            return ProofCheck(False, method, "the document's @context does not start with the proof's")
        unsecured["@context"] = config["@context"]
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise ValueError("proofValue is not base58btc")
        signature = base58.b58decode(value[1:])
        Ed25519PublicKey.from_public_bytes(key).verify(signature, _hash_data(unsecured, config))
    except (InvalidSignature, ValueError, TypeError):  # rfc8785 errors are ValueErrors
        return ProofCheck(False, method, "the signature does not match: a field was changed after signing")
    return ProofCheck(True, method)

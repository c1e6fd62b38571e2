"""Verifiable credentials without a database: did:web, Multikey, the eddsa-jcs-2022 proof over
the whole credential, Bitstring Status Lists and the offline verifier's plain reasons."""

from __future__ import annotations

import copy
import gzip
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certification import credentials, dids, proofs, rules, status_lists
from models.records import Certificate, CertificateDetail, CertificateStatusEntry, CompetencyUnit

BASE = "https://binakerja.example"
TODAY = date(2025, 6, 2)
NOW = datetime(2025, 6, 2, 12, tzinfo=UTC)
CODE = "LSP-PAS"
DID = dids.lsp_did(BASE, CODE)


class Key:
    def __init__(self, key_id: str) -> None:
        self.key_id = key_id
        self.private = Ed25519PrivateKey.generate()
        self.public = self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.method = dids.verification_method_id(DID, key_id)

    def sign(self, doc: dict[str, Any], created: datetime = NOW) -> dict[str, Any]:
        return proofs.add_proof(doc, verification_method=self.method, created=created, sign=self.private.sign)


def certificate(status: str = "active", **kw: Any) -> Certificate:
    return Certificate(
        1, "LSP-PAS/SKM-LAS/2025/000001", 30, 10, 1, None, date(2025, 6, 1), date(2028, 6, 1), status, ("A.1", "A.2"),
        **kw,
    )  # fmt: skip


def detail() -> CertificateDetail:
    units = (CompetencyUnit("A.1", "Mengelas posisi datar", "manufaktur"), CompetencyUnit("A.2", "Membaca gambar", "x"))
    return CertificateDetail(
        certificate(), CODE, "LSP Pemasyarakatan", "SKM-LAS", "Juru Las SMAW", "WB-0030", "Budi Santoso", units
    )


ENTRY = CertificateStatusEntry(1, 1, 0, 1234, "c2FsdC1zYWx0LXNhbHQ")


@pytest.fixture
def key() -> Key:
    return Key("lsp-pas-aaaa")


def world(key: Key, *, revoked: bool = False, suspended: bool = False, keys: list[Key] | None = None):
    """A signed credential, its issuer's DID document and the two status lists."""
    doc = key.sign(credentials.build_credential(detail(), BASE, ENTRY))
    did_doc = dids.lsp_did_document(DID, [dids.DidKey(k.key_id, k.public) for k in (keys or [key])])
    lists = []
    for purpose, on in ((status_lists.REVOCATION, revoked), (status_lists.SUSPENSION, suspended)):
        url = status_lists.list_url(BASE, CODE, 0, purpose)
        indexes = [ENTRY.status_index] if on else []
        lists.append(key.sign(status_lists.status_list_credential(url, DID, purpose, [7, *indexes], NOW)))
    return json.loads(json.dumps(doc)), [did_doc], json.loads(json.dumps(lists))


# --- identifiers and keys ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("base", "did", "url"),
    [
        ("https://binakerja.example", "did:web:binakerja.example", "https://binakerja.example/.well-known/did.json"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000", "https://127.0.0.1:8000/.well-known/did.json"),
        ("https://Kemnaker.go.id/binakerja/", "did:web:kemnaker.go.id:binakerja",
         "https://kemnaker.go.id/binakerja/did.json"),
    ],
)  # fmt: skip
def test_did_web_of_the_deployment_and_where_it_resolves(base: str, did: str, url: str) -> None:
    assert dids.deployment_did(base) == did
    assert dids.did_document_url(did) == url


def test_lsp_did_escapes_its_code_and_resolves_to_the_served_path() -> None:
    assert dids.lsp_did(BASE, "LSP-PAS") == "did:web:binakerja.example:lsp:LSP-PAS"
    odd = dids.lsp_did(BASE, "LSP P1/Cipinang~")
    assert odd == "did:web:binakerja.example:lsp:LSP%20P1%2FCipinang%7E"
    assert dids.did_document_url(dids.lsp_did(BASE, "LSP-PAS")) == f"{BASE}/lsp/LSP-PAS/did.json"


def test_multikey_round_trip_and_prefix(key: Key) -> None:
    encoded = dids.multikey(key.public)
    assert encoded.startswith("z6Mk")  # 0xed01 in base58btc
    assert dids.public_key_of(encoded) == key.public
    for bad in ("u" + encoded[1:], "z" + "1" * 40, 42):
        with pytest.raises(ValueError):
            dids.public_key_of(bad)


def test_did_document_keeps_every_key_as_an_assertion_method(key: Key) -> None:
    old, new = Key("lsp-pas-old"), key
    doc = dids.lsp_did_document(DID, [dids.DidKey(old.key_id, old.public), dids.DidKey(new.key_id, new.public)])
    assert doc["@context"] == [dids.DID_CONTEXT, dids.MULTIKEY_CONTEXT]
    did, keys = dids.assertion_keys(doc)
    assert did == DID and keys == {old.method: old.public, new.method: new.public}
    bad = copy.deepcopy(doc)
    bad["verificationMethod"][0]["controller"] = "did:web:evil.example"
    with pytest.raises(ValueError):
        dids.assertion_keys(bad)


# --- the credential -----------------------------------------------------------------------------------
def test_credential_fields_and_holder_hash(key: Key) -> None:
    doc, _, _ = world(key)
    subject = doc["credentialSubject"]
    assert subject["name"] == "Budi Santoso" and "id" not in subject
    ident = subject["identifier"][0]
    assert ident == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": True,
        "identityHash": credentials.identity_hash("Budi Santoso", ENTRY.holder_salt),
        "salt": ENTRY.holder_salt,
    }
    assert "WB-0030" not in json.dumps(doc)  # the internal pseudonym never leaves
    assert credentials.holder_matches(doc, "  BUDI   santoso ")
    assert not credentials.holder_matches(doc, "Budi Santosa")
    assert [e["statusPurpose"] for e in doc["credentialStatus"]] == ["revocation", "suspension"]
    assert {e["statusListIndex"] for e in doc["credentialStatus"]} == {"1234"}
    assert credentials.undefined_terms(doc) == [] and credentials.shape_problems(doc) == []
    assert doc["proof"]["@context"] == doc["@context"] and doc["proof"]["proofValue"].startswith("z")


def test_proof_is_deterministic_for_the_same_inputs(key: Key) -> None:
    unsigned = credentials.build_credential(detail(), BASE, ENTRY)
    assert key.sign(unsigned) == key.sign(copy.deepcopy(unsigned))
    assert key.sign(unsigned)["proof"] != key.sign(unsigned, datetime(2025, 6, 3, tzinfo=UTC))["proof"]


def test_valid_credential_passes(key: Key) -> None:
    doc, did_docs, lists = world(key)
    result = credentials.verify_credential(doc, did_docs, lists, TODAY)
    assert result.ok and result.code == "valid" and result.number == "LSP-PAS/SKM-LAS/2025/000001"
    assert result.status_as_of == "2025-06-02T12:00:00Z"


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        node = doc
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value

    return change


@pytest.mark.parametrize(
    "change",
    [
        _set(("credentialSubject", "name"), "Budi Santosa"),
        _set(("credentialSubject", "name"), "Вudi Santoso"),  # a Cyrillic look-alike 'В'
        _set(("issuer", "name"), "LSP Lain"),
        _set(("credentialSubject", "achievement", "alignment", 1, "targetName"), "Menyelam"),
        _set(("credentialSubject", "achievement", "description"), "Skema apa saja"),
        _set(("credentialSubject", "achievement", "name"), "Ahli Las Bawah Laut"),
        _set(("name",), "Sertifikat Kompetensi Dokter"),
        _set(("id",), "https://binakerja.example.evil/verify/LSP-PAS/SKM-LAS/2025/000001"),
        _set(("validUntil",), "2099-06-01T23:59:59Z"),
        _set(("credentialStatus", 0, "statusListIndex"), "7"),
        _set(("credentialSubject", "identifier", 0, "identityHash"), "sha256$00"),
        _set(("extra",), "anything"),
        lambda d: d["credentialSubject"]["achievement"]["alignment"].pop(),
        lambda d: d.pop("credentialStatus"),
        _set(("proof", "created"), "2030-01-01T00:00:00Z"),
    ],
)
def test_any_change_fails(key: Key, change: Callable[[dict[str, Any]], None]) -> None:
    doc, did_docs, lists = world(key)
    change(doc)
    result = credentials.verify_credential(doc, did_docs, lists, TODAY)
    assert not result.ok and result.code in ("bad_signature", "malformed"), result


def test_unknown_and_rotated_keys(key: Key) -> None:
    old = Key("lsp-pas-old")
    doc, _, lists = world(old, keys=[old, key])
    rotated = [dids.lsp_did_document(DID, [dids.DidKey(k.key_id, k.public) for k in (old, key)])]
    assert credentials.verify_credential(doc, rotated, lists, TODAY).code == "valid"
    only_new = [dids.lsp_did_document(DID, [dids.DidKey(key.key_id, key.public)])]
    result = credentials.verify_credential(doc, only_new, lists, TODAY)
    assert result.code == "unknown_key" and old.method in result.reason
    other_issuer = [dids.lsp_did_document(dids.lsp_did(BASE, "LSP-LAIN"), [dids.DidKey(old.key_id, old.public)])]
    assert credentials.verify_credential(doc, other_issuer, lists, TODAY).code == "unknown_key"
    # a key with the right id but other bytes: the signature fails
    impostor = Key(old.key_id)
    swapped = [dids.lsp_did_document(DID, [dids.DidKey(old.key_id, impostor.public)])]
    assert credentials.verify_credential(doc, swapped, lists, TODAY).code == "bad_signature"


def test_revoked_suspended_expired_and_not_yet_valid(key: Key) -> None:
    doc, did_docs, lists = world(key, revoked=True)
    result = credentials.verify_credential(doc, did_docs, lists, TODAY)
    assert result.code == "revoked" and "revoked" in result.reason and "2025-06-02" in result.reason
    doc, did_docs, lists = world(key, suspended=True)
    assert credentials.verify_credential(doc, did_docs, lists, TODAY).code == "suspended"
    doc, did_docs, lists = world(key)
    assert credentials.verify_credential(doc, did_docs, lists, date(2028, 6, 2)).code == "expired"
    assert credentials.verify_credential(doc, did_docs, lists, date(2025, 5, 31)).code == "not_yet_valid"


def test_status_snapshot_must_answer_and_be_signed_by_the_issuer(key: Key) -> None:
    doc, did_docs, lists = world(key)
    assert credentials.verify_credential(doc, did_docs, lists[:1], TODAY).code == "status_unknown"
    forged = copy.deepcopy(lists)
    forged[0]["credentialSubject"]["encodedList"] = status_lists.encode_list([])
    result = credentials.verify_credential(doc, did_docs, forged, TODAY)
    assert result.code == "status_unknown" and "not validly signed" in result.reason
    stranger = Key("stranger")  # signs a list, but is not in the issuer's DID document
    url = status_lists.list_url(BASE, CODE, 0, "revocation")
    alien = stranger.sign(status_lists.status_list_credential(url, DID, "revocation", [], NOW))
    assert credentials.verify_credential(doc, did_docs, [alien, lists[1]], TODAY).code == "status_unknown"
    swapped = [lists[1] | {"id": lists[0]["id"]}, lists[1]]  # a suspension list served as the revocation one
    assert credentials.verify_credential(doc, did_docs, swapped, TODAY).code == "status_unknown"


def test_legacy_and_malformed_files_get_plain_reasons(key: Key) -> None:
    legacy = {"type": ["VerifiableCredential"], "proof": {"cryptosuite": credentials.LEGACY_CRYPTOSUITE}}
    result = credentials.verify_credential(legacy, [], [], TODAY)
    assert result.code == "legacy_format" and "download the certificate again" in result.reason
    assert credentials.verify_credential([], [], [], TODAY).code == "malformed"
    doc, did_docs, lists = world(key)
    doc["credentialSubject"]["nilaiRahasia"] = 1
    result = credentials.verify_credential(doc, did_docs, lists, TODAY)
    assert result.code == "malformed" and "nilaiRahasia" in result.reason


# --- status lists ---------------------------------------------------------------------------------------
def test_bitstring_is_left_to_right_gzip_base64url() -> None:
    encoded = status_lists.encode_list([0, 9, status_lists.LIST_SIZE - 1])
    assert encoded.startswith("u") and "=" not in encoded
    bits = status_lists.decode_list(encoded)
    assert len(bits) == 16384 and bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    assert [i for i in (0, 1, 9, 10, status_lists.LIST_SIZE - 1) if status_lists.is_set(bits, i)] == [0, 9, 131071]
    with pytest.raises(ValueError):
        status_lists.encode_list([status_lists.LIST_SIZE])
    with pytest.raises(ValueError):
        status_lists.is_set(bits, status_lists.LIST_SIZE)


def test_decoding_refuses_what_is_not_a_list() -> None:
    import base64

    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(40 * 1024 * 1024))).decode().rstrip("=")
    for bad in ("zabc", "u!!!", "u" + base64.urlsafe_b64encode(b"not gzip").decode(), bomb, None):
        with pytest.raises(ValueError):
            status_lists.decode_list(bad)


@pytest.mark.parametrize(
    ("cert", "expected"),
    [
        (certificate("active"), set()),
        (certificate("revoked"), {"revocation"}),
        (certificate("renewed"), {"revocation"}),
        (certificate("suspended"), {"suspension"}),
        (certificate("suspended", suspended_until=date(2025, 6, 1)), set()),  # ended by date
        (certificate("suspended", suspended_until=date(2025, 6, 30)), {"suspension"}),
    ],
)
def test_which_bits_a_certificate_sets(cert: Certificate, expected: set[str]) -> None:
    assert status_lists.flags(cert, TODAY) == expected


def test_expired_certificate_sets_no_bit_its_dates_say_it() -> None:
    assert rules.derive_status(certificate(), date(2029, 1, 1)).state == rules.EXPIRED
    assert status_lists.flags(certificate(), date(2029, 1, 1)) == frozenset()

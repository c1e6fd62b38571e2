"""Competence without the record: the facility-free credential the deployment issues as registry.

A first-party (P1) LSP sits inside one Lapas and certifies only its people, so its name, code,
schemes and certificate numbers all say which prison the person was in. For such a certificate
the holder can show a **second credential**, issued by the deployment itself (its ``did:web``,
``did:web:<host>``, keys in ``/.well-known/did.json``), that states only facility-free facts:

- the competency units (SKKNI code and title, national and shared by every LSP) and the occupation
  they make up (their SKKNI sectors), never the scheme's own code or title (a P1's own);
- validity (``validFrom``/``validUntil`` of the original) and the holder (name and a salted
  identity hash with a salt of its own);
- "issued by a BNSP-licensed LSP" with the licence number, as ``achievement.creator``;
- a link to the original: ``evidence[0].id`` = ``urn:hash::sha256:<hex>`` of
  JCS({"id": original credential id, "salt": original holder salt}); whoever holds the original
  can recompute it, whoever holds only this one cannot guess it (the salt is 128 random bits);
- its own Bitstring Status List entries in the registry's lists, whose bits mirror the original's
  (revoked or renewed -> revocation, suspended -> suspension).

Its id and public page are ``<base>/kompetensi/<public id>`` (random), never the number.

Why a second credential and not SD-JWT selective disclosure: standard VC 2.0 Data Integrity
verifiers and Open Badges wallets (digitalbazaar ``vc``, the DCC wallet) check it as they check
the original, with the same cryptosuite, DIDs and status lists; a holder needs no wallet able to
make derived presentations, and nothing undisclosed travels inside it (an SD-JWT still carries
the hidden claims' digests and the issuer, here the P1 LSP itself, whose DID names the facility).

Pure: no I/O, no clock read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import rfc8785

from certification import dids, status_lists
from certification.credentials import CONTEXTS, UNIT_URN, name_identifier
from models.records import CertificateDetail, CompetencyUnit, RegistryEntry

REGISTRY_NAME = "Registri Sertifikat Kompetensi binakerja"
ISSUED_BY = "LSP berlisensi BNSP"
FULL, FACILITY_FREE = "full", "facility_free"
SHARE_KINDS = (FULL, FACILITY_FREE)
DIGEST_PREFIX = "urn:hash::sha256:"


def derives_facility(lsp_kind: str, home_facility_id: int | None) -> bool:
    """The issuing LSP names a facility (a P1 LSP, or any LSP tied to a home facility): the
    certificate gets a facility-free credential (the same test as the employer view's)."""
    return lsp_kind == "P1" or home_facility_id is not None


def occupation(units: Sequence[CompetencyUnit]) -> str:
    """What the certificate certifies without naming its scheme: its units' SKKNI sectors."""
    sectors = list(dict.fromkeys(u.sector.strip() for u in units if u.sector.strip()))
    return "Sertifikat kompetensi bidang " + ", ".join(sectors) if sectors else "Sertifikat kompetensi"


def issued_by(licence_number: str) -> str:
    return f"Diterbitkan oleh {ISSUED_BY} (nomor lisensi {licence_number})"


def registry_did(base_url: str) -> str:
    return dids.deployment_did(base_url)


def credential_url(base_url: str, public_id: str) -> str:
    return f"{base_url.rstrip('/')}/kompetensi/{public_id}"


def list_url(base_url: str, list_no: int, purpose: str) -> str:
    """The stable URL of one of the registry's status list credentials."""
    if purpose not in status_lists.PURPOSES:
        raise ValueError(f"status purpose must be one of {', '.join(status_lists.PURPOSES)}")
    return f"{base_url.rstrip('/')}/registry/status/{list_no}/{purpose}"


def status_entries(base_url: str, list_no: int, index: int) -> list[dict[str, Any]]:
    out = []
    for purpose in status_lists.PURPOSES:
        url = list_url(base_url, list_no, purpose)
        out.append(
            {
                "id": f"{url}#{index}",
                "type": status_lists.ENTRY_TYPE,
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": url,
            }
        )
    return out


def original_digest(original_id: str, original_salt: str) -> str:
    """The link to the original credential: ``urn:hash::sha256:`` + hex SHA-256 of
    JCS({"id": its id, "salt": its holder salt}) (both read from the original credential)."""
    payload = rfc8785.dumps({"id": original_id, "salt": original_salt})
    return DIGEST_PREFIX + hashlib.sha256(payload).hexdigest()


def digest_of_original(original: Any) -> str | None:
    """The link value an original credential (a parsed JSON object) gives; None if it has none."""
    try:
        salt = original["credentialSubject"]["identifier"][0]["salt"]
        oid = original["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return original_digest(oid, salt) if isinstance(oid, str) and isinstance(salt, str) else None


def build_registry_credential(
    detail: CertificateDetail,
    licence_number: str,
    base_url: str,
    entry: RegistryEntry,
    *,
    original_id: str,
    original_salt: str,
) -> dict[str, Any]:
    """The unsigned facility-free OpenBadgeCredential of one certificate (proofs signs it)."""
    c = detail.certificate
    url = credential_url(base_url, entry.public_id)
    title = occupation(detail.units)
    return {
        "@context": list(CONTEXTS),
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "issuer": {"id": registry_did(base_url), "type": ["Profile"], "name": REGISTRY_NAME},
        "validFrom": f"{c.issued_on.isoformat()}T00:00:00Z",
        "validUntil": f"{c.valid_until.isoformat()}T23:59:59Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": detail.holder_name,
            "identifier": [name_identifier(detail.holder_name, entry.holder_salt)],
            "achievement": {
                "id": f"{url}#capaian",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": title,
                "description": f"{issued_by(licence_number)}. Kompeten (K) pada setiap unit kompetensi berikut.",
                "criteria": {"narrative": "Kompeten (K) pada setiap unit kompetensi yang tercantum."},
                "creator": {
                    "id": f"{url}#lsp",
                    "type": ["Profile"],
                    "name": ISSUED_BY,
                    "otherIdentifier": [
                        {"type": "IdentifierEntry", "identifier": licence_number, "identifierType": "identifier"}
                    ],
                },
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
        "evidence": [
            {
                "id": original_digest(original_id, original_salt),
                "type": ["Evidence"],
                "name": "Sertifikat asal",
                "description": "SHA-256 (JCS) dari id dan salt pemegang pada kredensial asal LSP penerbit.",
            }
        ],
        "credentialStatus": status_entries(base_url, entry.list_no, entry.status_index),
    }


@dataclass(frozen=True)
class FacilityFreeView:
    """What a facility-free share or the registry's public page shows: no number, scheme code or
    title, LSP name or code, facility or TUK."""

    public_id: str
    occupation: str
    units: tuple[tuple[str, str], ...]
    issued_on: date
    valid_until: date
    licence_number: str
    holder: str  # the full name on a holder's share, initials on the public page

    @property
    def issued_by(self) -> str:
        return issued_by(self.licence_number)


def facility_free_view(detail: CertificateDetail, licence_number: str, public_id: str, holder: str) -> FacilityFreeView:
    c = detail.certificate
    return FacilityFreeView(
        public_id=public_id,
        occupation=occupation(detail.units),
        units=tuple((u.code, u.title) for u in detail.units),
        issued_on=c.issued_on,
        valid_until=c.valid_until,
        licence_number=licence_number,
        holder=holder,
    )

"""Certificate documents: a plain render model (for the HTML page), the PDF with a QR code, and
the W3C Verifiable Credential / Open Badges 3.0 export with its offline verification.

No network here: JSON-LD contexts are recognised by their pinned URLs (never fetched) and public
keys come from a keys document the caller loaded.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import qrcode
from fpdf import FPDF

from certification import rules
from certification.signing import (
    PublishedKey,
    canonical_json,
    certificate_facts,
    number_hash,
    verify_signature,
)
from models.repositories.certificates import CertificateDetail

STATUS_LABELS = {
    rules.ACTIVE: "Aktif",
    rules.SUSPENDED: "Dibekukan",
    rules.EXPIRED: "Kedaluwarsa",
    rules.REVOKED: "Dicabut",
    rules.RENEWED: "Diperbarui",
}
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

# Pinned JSON-LD contexts: copies ship in certification/contexts/ (see SOURCES.md there); they
# are recognised by URL and read from disk, never fetched.
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = (VC_CONTEXT, OB_CONTEXT)
_CONTEXT_FILES = {VC_CONTEXT: "credentials-v2.jsonld", OB_CONTEXT: "ob-v3p0-context-3.0.3.json"}


def pinned_context(url: str) -> dict[str, Any]:
    """The pinned copy of a JSON-LD context (KeyError for a context we do not pin)."""
    path = Path(__file__).parent / "contexts" / _CONTEXT_FILES[url]
    return dict(json.loads(path.read_text(encoding="utf-8")))


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
    if not isinstance(contexts, list) or any(c not in _CONTEXT_FILES for c in contexts):
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


LSP_URN = "urn:binakerja:lsp:"
HOLDER_URN = "urn:binakerja:holder:"
UNIT_URN = "urn:skkni:"


def tanggal(d: date) -> str:
    """1 Maret 2025."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def verify_url(base_url: str, number: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{quote(number, safe='/')}"


# --- render model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificatePage:
    """Everything the certificate page and PDF print, as plain values."""

    number: str
    scheme_code: str
    scheme_title: str
    lsp_code: str
    lsp_name: str
    holder_name: str
    units: tuple[tuple[str, str], ...]
    issued_on: str
    valid_until: str
    status: str
    status_label: str
    status_reason: str | None
    verify_url: str
    renewed_from: str | None
    renewed_to: str | None


def render_model(detail: CertificateDetail, today: date, base_url: str) -> CertificatePage:
    c = detail.certificate
    status = rules.derive_status(c, today)
    return CertificatePage(
        number=c.number,
        scheme_code=detail.scheme_code,
        scheme_title=detail.scheme_title,
        lsp_code=detail.lsp_code,
        lsp_name=detail.lsp_name,
        holder_name=detail.holder_name,
        units=tuple((u.code, u.title) for u in detail.units),
        issued_on=tanggal(c.issued_on),
        valid_until=tanggal(c.valid_until),
        status=status.state,
        status_label=STATUS_LABELS[status.state],
        status_reason=status.reason,
        verify_url=verify_url(base_url, c.number),
        renewed_from=detail.renewed_from_number,
        renewed_to=detail.renewed_to_number,
    )


def qr_png(url: str) -> bytes:
    img = qrcode.make(url, box_size=6, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _latin1(text: str) -> str:
    """The PDF's core fonts are Latin-1; anything else becomes '?' rather than failing."""
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(page: CertificatePage, *, compress: bool = True) -> bytes:
    """An A4 certificate in Bahasa Indonesia with a QR code to the verify page."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_latin1(f"Sertifikat Kompetensi {page.number}"))
    pdf.set_author(_latin1(page.lsp_name))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 12, "SERTIFIKAT KOMPETENSI", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, _latin1(f"Nomor: {page.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(
        0, 6, _latin1(f"{page.lsp_name} ({page.lsp_code}) menyatakan bahwa"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, _latin1(page.holder_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "telah dinyatakan KOMPETEN pada skema sertifikasi", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 8, _latin1(f"{page.scheme_title} ({page.scheme_code})"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "Unit kompetensi:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for i, (code, title) in enumerate(page.units, 1):
        pdf.multi_cell(0, 6, _latin1(f"{i}. {code}  {title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, _latin1(f"Tanggal terbit: {page.issued_on}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _latin1(f"Berlaku sampai: {page.valid_until}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _latin1(f"Status: {page.status_label}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    y = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(page.verify_url)), x=pdf.l_margin, y=y, w=35, h=35)
    pdf.set_xy(pdf.l_margin + 40, y + 8)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        _latin1(f"Periksa keaslian dan status sertifikat ini di:\n{page.verify_url}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


# --- Verifiable Credential / Open Badges 3.0 ---------------------------------------------------
def export_vc(detail: CertificateDetail, base_url: str) -> dict[str, Any]:
    """An OpenBadgeCredential whose proof is the certificate's stored Ed25519 signature.

    The signed facts can be rebuilt from the credential's own fields (see ``facts_from_vc``).
    """
    c = detail.certificate
    url = verify_url(base_url, c.number)
    return {
        "@context": list(CONTEXTS),
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Sertifikat Kompetensi {detail.scheme_title}",
        "issuer": {"id": LSP_URN + detail.lsp_code, "type": ["Profile"], "name": detail.lsp_name},
        "validFrom": f"{c.issued_on.isoformat()}T00:00:00Z",
        "validUntil": f"{c.valid_until.isoformat()}T23:59:59Z",
        "credentialSubject": {
            "id": HOLDER_URN + detail.holder_id,
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": detail.holder_name,
                }
            ],
            "achievement": {
                "id": f"{base_url.rstrip('/')}/skema/{quote(detail.scheme_code, safe='')}",
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
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "binakerja-ed25519-jcs-2025",
            "created": f"{c.issued_on.isoformat()}T00:00:00Z",
            "verificationMethod": f"{base_url.rstrip('/')}/.well-known/binakerja-keys.json#{c.key_id}",
            "proofPurpose": "assertionMethod",
            "proofValue": "u" + (c.signature or ""),
        },
    }


def vc_shape_problems(doc: Any) -> list[str]:
    """Required fields of VC 2.0 + OB 3.0 that are missing or wrong (empty list when fine)."""
    if not isinstance(doc, dict):
        return ["dokumen bukan objek JSON"]
    problems = []
    ctx = doc.get("@context")
    if not isinstance(ctx, list) or ctx[:1] != [VC_CONTEXT] or OB_CONTEXT not in ctx:
        problems.append("@context harus diawali konteks VC 2.0 dan memuat konteks OB 3.0")
    else:
        unknown = undefined_terms(doc)
        if unknown:
            problems.append("istilah tidak didefinisikan konteks: " + ", ".join(unknown[:10]))
    types = doc.get("type")
    if not isinstance(types, list) or not {"VerifiableCredential", "OpenBadgeCredential"} <= set(types):
        problems.append("type harus memuat VerifiableCredential dan OpenBadgeCredential")
    for key in ("id", "name", "validFrom"):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            problems.append(f"{key} wajib diisi")
    issuer = doc.get("issuer")
    if not isinstance(issuer, dict) or not issuer.get("id") or "Profile" not in (issuer.get("type") or []):
        problems.append("issuer harus berupa Profile dengan id")
    subject = doc.get("credentialSubject")
    ach = subject.get("achievement") if isinstance(subject, dict) else None
    if not isinstance(subject, dict) or "AchievementSubject" not in (subject.get("type") or []):
        problems.append("credentialSubject harus bertipe AchievementSubject")
    if not isinstance(ach, dict):
        problems.append("credentialSubject.achievement wajib ada")
    else:
        for key in ("id", "name", "description"):
            if not isinstance(ach.get(key), str) or not ach.get(key):
                problems.append(f"achievement.{key} wajib diisi")
        if "Achievement" not in (ach.get("type") or []):
            problems.append("achievement.type harus memuat Achievement")
        if not isinstance(ach.get("criteria"), dict):
            problems.append("achievement.criteria wajib ada")
        alignment = ach.get("alignment")
        if not isinstance(alignment, list) or not alignment:
            problems.append("achievement.alignment wajib berisi unit kompetensi")
        else:
            for i, a in enumerate(alignment):
                if not isinstance(a, dict) or not all(isinstance(a.get(k), str) for k in ("targetName", "targetUrl")):
                    problems.append(f"alignment[{i}] memerlukan targetName dan targetUrl")
                elif "Alignment" not in (a.get("type") or []):
                    problems.append(f"alignment[{i}].type harus memuat Alignment")
    proof = doc.get("proof")
    if not isinstance(proof, dict) or proof.get("type") != "DataIntegrityProof":
        problems.append("proof DataIntegrityProof wajib ada")
    return problems


def facts_from_vc(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Rebuild the signed facts from a credential; KeyError/ValueError/TypeError when malformed."""
    url = str(doc["id"])
    if "/verify/" not in url:
        raise ValueError("id does not name a certificate number")
    issuer_id = str(doc["issuer"]["id"])
    subject = doc["credentialSubject"]
    if not issuer_id.startswith(LSP_URN) or not str(subject["id"]).startswith(HOLDER_URN):
        raise ValueError("issuer or holder id is not a binakerja identifier")
    names = [i["identityHash"] for i in subject["identifier"] if i.get("identityType") == "name"]
    ach = subject["achievement"]
    method = str(doc["proof"]["verificationMethod"])
    return certificate_facts(
        number=unquote(url.split("/verify/", 1)[1]),
        lsp_code=issuer_id[len(LSP_URN) :],
        scheme_code=str(ach["humanCode"]),
        scheme_title=str(ach["name"]),
        unit_codes=[str(a["targetCode"]) for a in ach["alignment"]],
        holder_id=str(subject["id"])[len(HOLDER_URN) :],
        holder_name=str(names[0]),
        issued_on=date.fromisoformat(str(doc["validFrom"])[:10]),
        valid_until=date.fromisoformat(str(doc["validUntil"])[:10]),
        key_id=method.rsplit("#", 1)[1],
    )


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    code: str  # valid | malformed | unknown_key | bad_signature | revoked | expired
    reason: str
    number: str | None = None


def verify_export(
    doc: Any, public_keys: Mapping[str, PublishedKey], revoked_sha256: frozenset[str], today: date
) -> VerificationResult:
    """Check an exported credential offline, saying in plain words why it fails."""
    problems = vc_shape_problems(doc)
    if problems:
        return VerificationResult(False, "malformed", "malformed: " + "; ".join(problems))
    try:
        facts = facts_from_vc(doc)
        proof_value = str(doc["proof"]["proofValue"])
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        return VerificationResult(False, "malformed", f"malformed: missing or invalid field ({exc})")
    number = str(facts["number"])
    key = public_keys.get(str(facts["key_id"]))
    if key is None:
        return VerificationResult(
            False, "unknown_key", f"unknown key: {facts['key_id']} is not among the published keys", number
        )
    if key.lsp_code and key.lsp_code != facts["lsp"]:
        return VerificationResult(False, "unknown_key", f"unknown key: {key.key_id} belongs to another LSP", number)
    if not proof_value.startswith("u") or not verify_signature(key.public_key, canonical_json(facts), proof_value[1:]):
        return VerificationResult(
            False, "bad_signature", "bad signature: the credential was changed or not signed by this LSP", number
        )
    issued_on = date.fromisoformat(str(facts["issued_on"]))
    if not key.covers(issued_on):
        return VerificationResult(
            False, "bad_signature", f"bad signature: key {key.key_id} was not in use on {issued_on}", number
        )
    if number_hash(number) in revoked_sha256:
        return VerificationResult(False, "revoked", f"revoked: certificate {number} has been revoked", number)
    valid_until = date.fromisoformat(str(facts["valid_until"]))
    if today > valid_until:
        return VerificationResult(False, "expired", f"expired: certificate {number} expired on {valid_until}", number)
    return VerificationResult(True, "valid", f"valid: certificate {number} signed by {key.key_id}", number)

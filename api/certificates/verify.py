"""Public certificate verification: an HTML page and JSON at /verify/{number}, and the LSPs'
published signing keys. No sign-in; holder shown by initials only; rate-limited per client."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse

from api.certificates.routes import clock, keystore
from api.certificates.stores import certification_stores, holder_stores
from api.web.auth import client_address, public
from api.web.errors import error_response
from api.web.i18n import date_words
from api.web.pages import render
from certification import credentials, file_check, registry_service, service
from certification.documents import STATUS_LABELS
from certification.errors import CertificateNotFound
from certification.ports import CertificationStores, Clock, HolderStores, KeyStore

router = APIRouter(tags=["public"])


def _limited(request: Request) -> Any | None:
    wait = request.app.state.verify_limiter.take(client_address(request))
    if wait <= 0:
        return None
    response = error_response(request, 429, "rate_limited", "terlalu banyak permintaan; coba lagi nanti")
    response.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
    return response


# What a visitor reads: one state per result. The free-text reasons of a suspension or a
# revocation stay with the LSP (they may describe the person); the public sees the state only.
PUBLIC_STATE = {"active": "valid", "expired": "expired", "suspended": "suspended", "revoked": "revoked",
                "renewed": "renewed"}  # fmt: skip
STATE_WORDS = {
    "valid": ("BERLAKU", "Sertifikat ini sah dan masih berlaku."),
    "expired": ("TIDAK BERLAKU LAGI", "Masa berlaku sertifikat ini sudah habis."),
    "suspended": ("DIBEKUKAN — TIDAK BERLAKU", "Sertifikat ini sedang dibekukan oleh LSP penerbit."),
    "revoked": ("DICABUT — TIDAK BERLAKU", "Sertifikat ini telah dicabut oleh LSP penerbit dan tidak berlaku."),
    "renewed": ("DIGANTI", "Sertifikat ini telah diganti dengan sertifikat baru; periksa sertifikat penggantinya."),
    "tampered": ("TIDAK DAPAT DIPASTIKAN", "Data sertifikat ini tidak cocok dengan tanda tangan LSP penerbit."),
    "not_found": ("TIDAK DITEMUKAN", "Nomor sertifikat tidak ditemukan. Periksa kembali nomornya."),
}


def verification_json(v: service.Verification) -> dict[str, Any]:
    state = PUBLIC_STATE[v.status.state]
    return {
        "number": v.number,
        "status": {
            "state": v.status.state,
            "public_state": state,
            "label": STATUS_LABELS[v.status.state],
            "valid": state == "valid" and v.signature_valid,
            "since": v.status.at.date().isoformat() if v.status.at else None,
            "until": v.status.until,
        },
        "scheme": {"code": v.scheme_code, "title": v.scheme_title},
        "units": [{"code": c, "title": t} for c, t in v.units],
        "lsp": {"code": v.lsp_code, "name": v.lsp_name},
        "issued_on": v.issued_on,
        "valid_until": v.valid_until,
        "holder": v.holder_initials,
        "signature": {"valid": v.signature_valid, "problem": v.signature_problem, "key_id": v.key_id},
        "renewed_from": v.renewed_from,
        "renewed_to": v.renewed_to,
    }


@router.get("/api/v1/verify/{number:path}")
async def verify_json(
    request: Request, number: str, _: Any = Depends(public),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """Status (with reason), scheme, units, LSP, dates, holder initials and whether the signature
    is valid. Unknown numbers get a plain 404 "not found". Rate-limited per client (429 + Retry-After)."""
    if (limited := _limited(request)) is not None:
        return limited
    v = await service.verify_by_number(stores, number, clock=clk)
    return JSONResponse(jsonable(verification_json(v)))


def _page(request: Request, v: service.Verification | None, typed: str = "", status: int = 200) -> Any:
    state = "not_found" if v is None else PUBLIC_STATE[v.status.state]
    if v is not None and state == "valid" and not v.signature_valid:
        state = "tampered"  # the stored facts no longer match the LSP's signature
    headline, sentence = STATE_WORDS[state]
    return render(
        request,
        "certificates/verify.html",
        {
            "v": v,
            "state": state,
            "headline": headline,
            "sentence": sentence,
            "typed": typed,
            "tanggal": date_words(request.state.lang),
        }
        | ({"error_status": status} if status >= 400 else {}),
        status=status,
    )


@router.get("/verify", include_in_schema=False)
async def verify_search(
    request: Request, nomor: str = "", _: Any = Depends(public),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """The search form; with ``?nomor=`` the result (case and spaces do not matter)."""
    typed = nomor.strip()[:120]
    if not typed:
        return render(request, "certificates/verify.html", {"v": None, "state": None, "typed": ""})
    if (limited := _limited(request)) is not None:
        return limited
    try:
        v = await service.verify_by_number(stores, typed, clock=clk)
    except CertificateNotFound:
        return _page(request, None, typed, status=404)
    return _page(request, v, typed)


@router.get("/verify/{number:path}", include_in_schema=False)
async def verify_page(
    request: Request, number: str, _: Any = Depends(public),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """Public page (Bahasa Indonesia) behind the certificate's QR code."""
    if (limited := _limited(request)) is not None:
        return limited
    try:
        v = await service.verify_by_number(stores, number, clock=clk)
    except CertificateNotFound:
        return _page(request, None, status=404)  # the number asked for is not echoed
    return _page(request, v)


# A dropped credential file: the verifier's code -> (headline, plain sentence) for the page.
FILE_WORDS = {
    "valid": (
        "BERLAKU",
        "Berkas kredensial ini asli: tanda tangan LSP cocok dengan seluruh isinya, "
        "dan sertifikat tidak dicabut atau dibekukan.",
    ),
    "bad_signature": (
        "DIUBAH — TIDAK ASLI",
        "Isi berkas ini telah diubah setelah ditandatangani: tanda tangan tidak cocok.",
    ),
    "revoked": ("DICABUT — TIDAK BERLAKU", "Sertifikat ini telah dicabut oleh LSP penerbit dan tidak berlaku."),
    "suspended": ("DIBEKUKAN — TIDAK BERLAKU", "Sertifikat ini sedang dibekukan oleh LSP penerbit."),
    "expired": ("TIDAK BERLAKU LAGI", "Masa berlaku sertifikat ini sudah habis."),
    "not_yet_valid": ("BELUM BERLAKU", "Sertifikat ini belum mulai berlaku."),
    "unknown_key": (
        "TIDAK DIKENAL",
        "Berkas ini tidak diterbitkan oleh LSP di layanan ini, atau kunci penandatangannya tidak dikenal.",
    ),  # noqa: E501
    "status_unknown": (
        "STATUS TIDAK DAPAT DIPERIKSA",
        "Status pencabutan dan pembekuan sertifikat ini tidak dapat diperiksa.",
    ),  # noqa: E501
    "malformed": ("BUKAN KREDENSIAL", "Berkas ini bukan kredensial sertifikat yang dikenali (file VC .json)."),
    "legacy_format": (
        "FORMAT LAMA",
        "Berkas ini memakai format lama; unduh ulang sertifikatnya untuk mendapat berkas baru.",
    ),  # noqa: E501
}
FILE_STATE = {"valid": "valid", "revoked": "revoked", "suspended": "suspended", "expired": "expired"}


def _file_facts(doc: Any, result: Any, registry_file: bool) -> list[tuple[str, str]]:
    """What the page repeats from a file that verified (or was only revoked, suspended, expired):
    the credential's own signed words, never more than it says (a facility-free file has no number)."""
    if result.code not in FILE_STATE or not isinstance(doc, dict):
        return []
    facts = [("Kredensial", str(doc.get("name", "")))]
    issuer = doc.get("issuer")
    if isinstance(issuer, dict) and issuer.get("name"):
        facts.append(("Penerbit", str(issuer["name"])))
    if result.number and not registry_file:
        facts.append(("Nomor sertifikat", result.number))
    facts.append(("Berlaku sampai", str(doc.get("validUntil", ""))[:10]))
    return facts


@router.post("/verify/berkas", include_in_schema=False)
async def verify_file(
    request: Request, file: UploadFile = File(...), _: Any = Depends(public),
    stores: HolderStores = Depends(holder_stores), clk: Clock = Depends(clock), keys: KeyStore = Depends(keystore),
) -> Any:  # fmt: skip
    """Check a dropped credential file (VC JSON) with the same verifier as ``binakerja verify``,
    against this deployment's DID documents and status lists as of now. The file is read into
    memory, checked and dropped: never stored, never logged."""
    if (limited := _limited(request)) is not None:
        return limited
    raw = await file.read(file_check.MAX_BYTES + 1)
    base_url = request.app.state.settings.base_url
    try:
        doc = file_check.parse(raw)
    except ValueError as exc:
        doc, result = None, credentials.VerificationResult(False, "malformed", f"malformed: {exc}")
    else:
        result = await file_check.check_file(stores, doc, base_url=base_url, keystore=keys, clock=clk)
    del raw
    headline, sentence = FILE_WORDS.get(result.code, FILE_WORDS["malformed"])
    ctx = {
        "v": None, "state": None, "typed": "", "file_state": FILE_STATE.get(result.code, "tampered"),
        "file_headline": headline, "file_sentence": sentence, "file_reason": result.reason,
        "file_facts": _file_facts(doc, result, file_check.is_registry_credential(doc, base_url)),
    }  # fmt: skip
    return render(request, "certificates/verify.html", ctx, status=422 if result.code == "malformed" else 200)


@router.get("/kompetensi/{public_id}", include_in_schema=False)
async def facility_free_page(
    request: Request, public_id: str, _: Any = Depends(public),
    stores: HolderStores = Depends(holder_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """The public page of a facility-free credential (certification.registry): units, occupation,
    validity, "LSP berlisensi BNSP" with the licence number and the holder's initials, with the
    live status of the original certificate; never its number, scheme, LSP, facility or TUK."""
    if (limited := _limited(request)) is not None:
        return limited
    try:
        found = await registry_service.verify_facility_free(stores, public_id, clock=clk)
    except CertificateNotFound:
        return render(request, "certificates/facility_free_verify.html", {"ff": None}, status=404)
    state = PUBLIC_STATE[found.status.state]
    headline, sentence = STATE_WORDS[state]
    return render(request, "certificates/facility_free_verify.html", {
        "ff": found.view, "state": state, "headline": headline, "sentence": sentence,
        "tanggal": date_words(request.state.lang),
    })  # fmt: skip


@router.get("/.well-known/binakerja-keys.json")
async def published_keys(_: Any = Depends(public), stores: CertificationStores = Depends(certification_stores)) -> Any:
    """Every LSP's Ed25519 public key (active and retired, with validity) and the sha256 of
    revoked certificate numbers: all that offline verification needs."""
    return JSONResponse(await service.published_keys(stores), headers={"Cache-Control": "public, max-age=300"})


def jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)

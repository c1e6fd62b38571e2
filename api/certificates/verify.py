"""Public certificate verification: an HTML page and JSON at /verify/{number}, and the LSPs'
published signing keys. No sign-in; holder shown by initials only; rate-limited per client."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api.certificates.routes import clock
from api.certificates.stores import certification_stores
from api.web.auth import client_address, public
from api.web.errors import error_response
from api.web.pages import render
from certification import service
from certification.documents import STATUS_LABELS, tanggal
from certification.errors import CertificateNotFound
from certification.ports import CertificationStores, Clock

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
            "tanggal": tanggal,
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


@router.get("/.well-known/binakerja-keys.json")
async def published_keys(_: Any = Depends(public), stores: CertificationStores = Depends(certification_stores)) -> Any:
    """Every LSP's Ed25519 public key (active and retired, with validity) and the sha256 of
    revoked certificate numbers: all that offline verification needs."""
    return JSONResponse(await service.published_keys(stores), headers={"Cache-Control": "public, max-age=300"})


def jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value)

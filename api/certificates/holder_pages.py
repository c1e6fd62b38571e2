"""The holder's pages, without an account: claim code + PIN at /sertifikat-saya, then the own
certificate (full name, status, PDF, wallet file, share links, verification counts by day), and
the read-only view a share link opens at /bagikan/{token}.

A correct code + PIN puts the claim in the signed session cookie for ``HOLDER_MINUTES``; signing
out or closing the browser for that long ends it. Both forms count against the one rate limiter
per client address (``app.state.verify_limiter``), and PIN attempts are limited per code in the
database (``certification.holder_service.open_claim``).
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.certificates.routes import clock, keystore
from api.certificates.stores import holder_stores
from api.web.auth import client_address, public
from api.web.pages import render
from certification import holder, holder_service, registry, registry_service, rules
from certification.documents import qr_png, render_model, render_pdf, tanggal
from certification.ports import Clock, HolderStores, KeyStore

router = APIRouter(include_in_schema=False)
HOLDER_MINUTES = 30
SESSION_KEY = "hc"


def _limited(request: Request) -> float:
    wait: float = request.app.state.verify_limiter.take(client_address(request))
    return wait


def _claim_id(request: Request) -> int | None:
    """The claim this browser opened, while the holder session lasts."""
    held = request.state.session.get(SESSION_KEY)
    if not isinstance(held, list) or len(held) != 2 or time.time() - float(held[1]) > HOLDER_MINUTES * 60:
        return None
    return int(held[0])


def _form(request: Request, *, code: str = "", error: str | None = None, status: int = 200, seconds: int = 0) -> Any:
    """The claim form; ``error`` is a message key (api/web/i18n has its English)."""
    ctx = {"code": code, "error": error, "seconds": seconds}
    return render(request, "certificates/holder_form.html", ctx, status=status)


def _to_form() -> RedirectResponse:
    return RedirectResponse("/sertifikat-saya", status_code=303)


@router.get("/sertifikat-saya", response_class=HTMLResponse)
async def claim_form(request: Request, _: Any = Depends(public)) -> Any:
    """The code + PIN form (or straight to the certificate while the holder session lasts)."""
    if _claim_id(request) is not None:
        return RedirectResponse("/sertifikat-saya/lihat", status_code=303)
    return _form(request)


@router.post("/sertifikat-saya", response_class=HTMLResponse)
async def claim(
    request: Request, code: str = Form(""), pin: str = Form(""), _: Any = Depends(public),
    stores: HolderStores = Depends(holder_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """Open the certificate with its claim code and PIN."""
    code = code.strip()[:40]
    if (wait := _limited(request)) > 0:
        response = _form(request, code=code, error="Terlalu banyak permintaan; coba lagi nanti.", status=429)
        response.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
        return response
    try:
        claim_id = await holder_service.open_claim(stores, code, pin[:20], clock=clk, client=client_address(request))
    except holder_service.ClaimLocked as exc:
        error = "Terlalu banyak PIN salah untuk kode ini."
        response = _form(request, code=code, error=error, status=429, seconds=exc.seconds)
        response.headers["Retry-After"] = str(exc.seconds)
        return response
    except holder_service.WrongClaim:
        return _form(request, code=code, error="Kode klaim atau PIN salah.", status=422)
    request.state.session[SESSION_KEY] = [claim_id, int(time.time())]
    request.state.session_dirty = True
    return RedirectResponse("/sertifikat-saya/lihat", status_code=303)


async def _page(request: Request, stores: HolderStores, clk: Clock, claim_id: int, *, new_link: str | None = None,
                error: str | None = None, status: int = 200, wallet: dict[str, Any] | None = None) -> Any:  # fmt: skip
    view = await holder_service.holder_view(stores, claim_id, clock=clk, client=client_address(request))
    ctx = {
        "v": view, "d": view.detail, "c": view.detail.certificate, "tanggal": tanggal, "new_link": new_link,
        "days": holder.SHARE_DAYS, "error": error, "ok": request.query_params.get("ok"),
        "max_views": max([a + b for _, a, b in view.views] or [1]), "wallet": wallet,
    }  # fmt: skip
    return render(request, "certificates/holder.html", ctx, status=status)


@router.get("/sertifikat-saya/lihat", response_class=HTMLResponse)
async def own_certificate(
    request: Request, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    if (claim_id := _claim_id(request)) is None:
        return _to_form()
    return await _page(request, stores, clk, claim_id)


@router.get("/sertifikat-saya/pdf")
async def own_pdf(
    request: Request, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    if (claim_id := _claim_id(request)) is None:
        return _to_form()
    detail = await holder_service.holder_document(stores, claim_id, "pdf", client=client_address(request),
                                                  today=clk.today())  # fmt: skip
    page = render_model(detail, clk.today(), request.app.state.settings.base_url)
    code = await holder_service.claim_code(stores, detail.certificate.id)
    pdf = render_pdf(replace(page, claim_code=code))
    name = detail.certificate.number.replace("/", "-")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})  # fmt: skip


@router.get("/sertifikat-saya/vc")
async def own_credential(
    request: Request, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock), keys: KeyStore = Depends(keystore),
) -> Any:  # fmt: skip
    """The signed credential file to keep in a digital wallet."""
    if (claim_id := _claim_id(request)) is None:
        return _to_form()
    doc = await holder_service.holder_credential(stores, claim_id, keystore=keys, clock=clk,
                                                 base_url=request.app.state.settings.base_url,
                                                 client=client_address(request))  # fmt: skip
    name = str(doc.get("id", "sertifikat")).rsplit(":", 1)[-1].replace("/", "-")
    return Response(json.dumps(doc, ensure_ascii=False, indent=2), media_type="application/vc",
                    headers={"Content-Disposition": f'attachment; filename="sertifikat-{name}.json"'})  # fmt: skip


@router.get("/sertifikat-saya/vc-tanpa-fasilitas")
async def own_facility_free_credential(
    request: Request, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock), keys: KeyStore = Depends(keystore),
) -> Any:  # fmt: skip
    """The facility-free credential (issued by the deployment as registry: units, occupation,
    validity, "issued by a BNSP-licensed LSP" with the licence number; no LSP, facility or TUK)."""
    if (claim_id := _claim_id(request)) is None:
        return _to_form()
    try:
        doc = await holder_service.holder_facility_free_credential(
            stores, claim_id, keystore=keys, clock=clk, base_url=request.app.state.settings.base_url,
            client=client_address(request),
        )  # fmt: skip
    except registry_service.NotFacilityBound:
        return RedirectResponse("/sertifikat-saya/lihat", status_code=303)
    name = str(doc.get("id", "kompetensi")).rsplit("/", 1)[-1]
    return Response(json.dumps(doc, ensure_ascii=False, indent=2), media_type="application/vc",
                    headers={"Content-Disposition": f'attachment; filename="kompetensi-{name}.json"'})  # fmt: skip


@router.post("/sertifikat-saya/bagikan", response_class=HTMLResponse)
async def share(
    request: Request, days: int = Form(30), kind: str = Form(registry.FULL), _: Any = Depends(public),
    stores: HolderStores = Depends(holder_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """A new read-only link that ends after ``days`` and shows the whole certificate or (``kind``
    facility_free) only the facility-free facts; the link is shown once, on this answer."""
    if (claim_id := _claim_id(request)) is None:
        return _to_form()
    try:
        _share, token = await holder_service.create_share(stores, claim_id, days, clock=clk,
                                                          client=client_address(request), kind=kind[:20])  # fmt: skip
    except ValueError:
        return await _page(request, stores, clk, claim_id, error="Pilih masa berlaku dan isi tautan yang tersedia, "
                           "dan paling banyak 10 tautan aktif.", status=422)  # fmt: skip
    link = f"{request.app.state.settings.base_url.rstrip('/')}/bagikan/{token}"
    return await _page(request, stores, clk, claim_id, new_link=link, status=201)


@router.post("/sertifikat-saya/dompet", response_class=HTMLResponse)
async def wallet_link(
    request: Request, kind: str = Form(registry.FULL), _: Any = Depends(public),
    stores: HolderStores = Depends(holder_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """A QR code and link a wallet app can scan: a URL to the credential JSON that lives minutes."""
    if (claim_id := _claim_id(request)) is None:
        return _to_form()
    try:
        token, minutes = await holder_service.create_wallet_link(stores, claim_id, kind[:20], clock=clk,
                                                                 client=client_address(request))  # fmt: skip
    except ValueError:
        return await _page(request, stores, clk, claim_id, error="Pilih isi yang tersedia.", status=422)
    url = f"{request.app.state.settings.base_url.rstrip('/')}/dompet/{token}"
    qr = base64.b64encode(qr_png(url)).decode("ascii")
    return await _page(request, stores, clk, claim_id, wallet={"url": url, "qr": qr, "minutes": minutes})


@router.get("/dompet/{token}")
async def wallet_fetch(
    request: Request, token: str, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock), keys: KeyStore = Depends(keystore),
) -> Any:  # fmt: skip
    """What a wallet app fetches from the QR code: the signed credential JSON (``application/vc``),
    while the link lives; afterwards a plain 404."""
    if (wait := _limited(request)) > 0:
        return Response('{"type": "rate_limited"}', status_code=429, media_type="application/json",
                        headers={"Retry-After": str(max(1, int(wait + 0.999)))})  # fmt: skip
    try:
        doc = await holder_service.open_wallet_link(stores, token, keystore=keys, clock=clk,
                                                    base_url=request.app.state.settings.base_url,
                                                    client=client_address(request))  # fmt: skip
    except holder_service.WalletLinkNotFound:
        return Response('{"type": "not_found", "detail": "tidak ditemukan"}', status_code=404,
                        media_type="application/json")  # fmt: skip
    return Response(json.dumps(doc, ensure_ascii=False), media_type="application/vc",
                    headers={"Cache-Control": "no-store"})  # fmt: skip


@router.post("/sertifikat-saya/bagikan/{share_id}/cabut")
async def unshare(
    request: Request, share_id: int, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """End a share link now (its page answers "not found" from then on)."""
    if (claim_id := _claim_id(request)) is None:
        return _to_form()
    await holder_service.revoke_share(stores, claim_id, share_id, clock=clk, client=client_address(request))
    return RedirectResponse("/sertifikat-saya/lihat?ok=cabut", status_code=303)


@router.post("/sertifikat-saya/keluar")
async def sign_out(request: Request, _: Any = Depends(public)) -> Any:
    request.state.session.pop(SESSION_KEY, None)
    request.state.session_dirty = True
    return _to_form()


@router.get("/bagikan/{token}", response_class=HTMLResponse)
async def shared(
    request: Request, token: str, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """What a share link shows, read-only, while it lives; afterwards a plain "not found"."""
    if (wait := _limited(request)) > 0:
        response = render(
            request,
            "error.html",
            {"status": 429, "title": "Terlalu banyak permintaan", "detail": "Coba lagi nanti."},
            status=429,
        )
        response.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
        return response
    try:
        opened = await holder_service.open_share(stores, token, clock=clk, client=client_address(request))
    except holder_service.ShareNotFound:
        return render(request, "certificates/shared.html", {"d": None}, status=404)
    detail = opened.detail
    status = rules.derive_status(detail.certificate, clk.today())
    if opened.facility_free is not None:  # only the facility-free facts reach the template
        return render(request, "certificates/shared_facility_free.html",
                      {"ff": opened.facility_free, "status": status, "tanggal": tanggal})  # fmt: skip
    return render(request, "certificates/shared.html", {"d": detail, "c": detail.certificate, "status": status,
                                                        "tanggal": tanggal})  # fmt: skip

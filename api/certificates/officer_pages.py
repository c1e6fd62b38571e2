"""A Bapas officer's copies of an own client's certificate documents (PDF, VC) and the printable
release papers with the holder's claim code and a new PIN. Another Bapas' client's certificate
is a plain "not found", like an unknown number; every download and refusal is audited."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.certificates.routes import clock, keystore
from api.certificates.stores import holder_stores
from api.web.auth import Principal, require_role
from api.web.i18n import date_words
from api.web.pages import render
from certification import holder_service
from certification.documents import render_model, render_pdf
from certification.ports import Clock, HolderStores, KeyStore

router = APIRouter(include_in_schema=False)
officer = require_role("bapas_officer")


def _name(number: str) -> str:
    return number.replace("/", "-")


@router.get("/bapas/sertifikat/{number:path}/pdf")
async def client_pdf(
    request: Request, number: str, who: Principal = Depends(officer), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock),
) -> Response:  # fmt: skip
    """The own client's certificate as PDF (with the claim code when it has one)."""
    detail = await holder_service.client_certificate(stores, who.actor, who.bapas_id, number, purpose="pdf")
    page = render_model(detail, clk.today(), request.app.state.settings.base_url)
    page = replace(page, claim_code=await holder_service.claim_code(stores, detail.certificate.id))
    return Response(render_pdf(page), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{_name(number)}.pdf"'})  # fmt: skip


@router.get("/bapas/sertifikat/{number:path}/vc")
async def client_vc(
    request: Request, number: str, who: Principal = Depends(officer), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock), keys: KeyStore = Depends(keystore),
) -> Response:  # fmt: skip
    """The own client's certificate as the signed Verifiable Credential file."""
    doc = await holder_service.client_credential(stores, who.actor, who.bapas_id, number, keystore=keys, clock=clk,
                                                 base_url=request.app.state.settings.base_url)  # fmt: skip
    return Response(json.dumps(doc, ensure_ascii=False, indent=2), media_type="application/vc",
                    headers={"Content-Disposition": f'attachment; filename="{_name(number)}.json"'})  # fmt: skip


@router.post("/bapas/sertifikat/{number:path}/surat-pembebasan", response_class=HTMLResponse)
async def release_papers(
    request: Request, number: str, who: Principal = Depends(officer), stores: HolderStores = Depends(holder_stores),
    clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """Print the release papers slip: the claim code and a new PIN (the old PIN stops working)."""
    slip = await holder_service.release_papers(stores, who.actor, who.bapas_id, number, clock=clk)
    base = request.app.state.settings.base_url.rstrip("/")
    return render(request, "certificates/release_papers.html",
                  {"s": slip, "d": slip.detail, "c": slip.detail.certificate, "base": base,
                   "tanggal": date_words(request.state.lang),
                   "today": clk.today()})  # fmt: skip

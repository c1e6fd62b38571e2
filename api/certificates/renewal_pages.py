"""Start a renewal by claim code: the assessor types the code the holder shows (printed on the
PDF and the release papers), sees the certificate and its units, and records the renewal
assessment (K/BK per unit) — the page form of ``POST /api/v1/renewals/assessments``. It works
when the holder's profile was erased. Errors sit next to their field with the input kept; when
recorded, the assessor lands on the certificate page, where the "Perbarui" form issues the renewal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.certificates.messages import FORM, describe, message
from api.certificates.routes import clock
from api.certificates.stores import holder_stores
from api.web.auth import Principal, require_role
from api.web.pages import render
from certification import errors as cert
from certification import holder_service, rules
from certification.ports import HolderStores
from models.records import CertificateDetail, UnitResult

router = APIRouter(include_in_schema=False)
assessor = require_role("lsp_assessor")
PATH = "/sertifikasi/pembaruan"


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "id"))


async def _lookup(holders: HolderStores, principal: Principal, code: str, today: date) -> CertificateDetail | None:
    """The own-LSP certificate behind ``code`` that can still be renewed; None otherwise (audited)."""
    try:
        detail = await holder_service.certificate_by_claim_code(holders, principal.actor, code,
                                                                lsp_scope=principal.lsp_id)  # fmt: skip
    except cert.CertificateNotFound:
        return None
    if rules.derive_status(detail.certificate, today).state in (rules.REVOKED, rules.RENEWED):
        return None
    return detail


def _page(request: Request, principal: Principal, clk: Any, detail: CertificateDetail | None, *,
          values: dict[str, str], errors: dict[str, str] | None = None, status: int = 200) -> Any:  # fmt: skip
    ctx = {"d": detail, "values": values, "errors": errors or {}, "today": clk.today(),
           "has_assessor": principal.assessor_id is not None}  # fmt: skip
    return render(request, "certification/renewal.html", ctx, status=status)


@router.get(PATH, response_class=HTMLResponse)
async def renewal_form(
    request: Request, kode: str = Query("", max_length=40), principal: Principal = Depends(assessor),
    holders: HolderStores = Depends(holder_stores), clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    """Step one asks for the claim code; with ``kode``, the certificate and its units to assess."""
    values = {"claim_code": kode}
    if not kode.strip():
        return _page(request, principal, clk, None, values=values)
    detail = await _lookup(holders, principal, kode, clk.today())
    if detail is None:
        errors = {"claim_code": message("claim_code_unknown", _lang(request))}
        return _page(request, principal, clk, None, values=values, errors=errors, status=422)
    return _page(request, principal, clk, detail, values=values)


@router.post(PATH, response_class=HTMLResponse)
async def record_renewal(request: Request, principal: Principal = Depends(assessor),
                         holders: HolderStores = Depends(holder_stores), clk: Any = Depends(clock)) -> Any:  # fmt: skip
    """Record the renewal assessment; "semua K" (``semua_k=1``) marks every unit K."""
    form = await request.form()
    lang = _lang(request)
    code = str(form.get("claim_code") or "")[:40]
    raw_date = str(form.get("assessed_on") or "").strip()
    values = {"claim_code": code, "assessed_on": raw_date}
    detail = await _lookup(holders, principal, code, clk.today()) if code.strip() else None
    if detail is None:
        key = "claim_code_unknown" if code.strip() else "claim_code_required"
        return _page(request, principal, clk, None, values=values, errors={"claim_code": message(key, lang)},
                     status=422)  # fmt: skip
    errors: dict[str, str] = {}
    results = []
    all_k = form.get("semua_k") == "1"
    codes = [u.code for u in detail.units]
    for unit in codes:
        choice = "K" if all_k else str(form.get(f"result:{unit}") or "").strip().upper()
        evidence = str(form.get(f"evidence:{unit}") or "")[:2000]
        values[f"result:{unit}"], values[f"evidence:{unit}"] = choice, evidence
        if choice not in ("K", "BK"):
            errors[f"result:{unit}"] = message("result_invalid" if choice else "result_required", lang)
        results.append(UnitResult(unit, choice, evidence))
    assessed_on: date | None = None
    try:
        assessed_on = date.fromisoformat(raw_date)
    except ValueError:
        errors["assessed_on"] = message("date_invalid", lang)
    if principal.assessor_id is None:
        errors[FORM] = message("no_assessor", lang)
    if errors or assessed_on is None or principal.assessor_id is None:
        return _page(request, principal, clk, detail, values=values, errors=errors, status=422)
    try:
        await holder_service.assess_for_renewal(
            holders, principal.actor, code, principal.assessor_id, assessed_on, tuple(results), clock=clk,
            lsp_scope=principal.lsp_id,
        )  # fmt: skip
    except cert.CertificationError as exc:
        if isinstance(exc, cert.OutOfScope):
            raise
        if isinstance(exc, cert.CertificateNotFound):
            errors = {"claim_code": message("claim_code_unknown", lang)}
        else:
            field, text = describe(exc, lang, codes)
            errors = {field: text}
        return _page(request, principal, clk, detail, values=values, errors=errors, status=422)
    number = detail.certificate.number
    return RedirectResponse(f"/sertifikasi/sertifikat/{number}?ok=asesmen_pembaruan", status_code=303)

"""One certificate of the assessor's LSP: status, downloads and the lifecycle forms.

Suspend, lift, renew and revoke post here. A refused form re-renders the page with the message
next to its field (Bahasa Indonesia, English with ``?lang=en``) and what was typed kept; a done
change redirects back with a notice (``?ok=...``). Revocation is final, so it asks for the
certificate number typed again: a confirmation that works without JavaScript.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.certificates.messages import describe, message, notice
from api.certificates.routes import clock, keystore
from api.certificates.stores import certification_stores, holder_stores
from api.web.auth import Principal, require_role
from api.web.pages import render
from certification import errors as cert
from certification import holder_service, rules, service
from certification.ports import CertificationStores, HolderStores

router = APIRouter(include_in_schema=False)
assessor = require_role("lsp_assessor")

# Refusals that are about the certificate's state rather than the input.
CONFLICTS = (cert.InvalidTransition, cert.ActiveCertificateExists, cert.LicenceLapsed)


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "id"))


SLIP_KEY = "slip"  # the claim code and first PIN, carried across the redirect after issuing


def hand_over(request: Request, slip: holder_service.ClaimSlip) -> None:
    """Keep the new certificate's claim code and PIN for the one page view that shows them (the
    session cookie is signed and HttpOnly; the next response drops them)."""
    request.state.session[SLIP_KEY] = [slip.detail.certificate.number, slip.code, slip.pin]
    request.state.session_dirty = True


def _taken_slip(request: Request, number: str) -> dict[str, str] | None:
    held = request.state.session.pop(SLIP_KEY, None)
    if held is None:
        return None
    request.state.session_dirty = True
    if not isinstance(held, list) or len(held) != 3 or held[0] != number:
        return None
    return {"code": str(held[1]), "pin": str(held[2])}


async def page(
    request: Request,
    stores: CertificationStores,
    principal: Principal,
    clk: Any,
    number: str,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    values: dict[str, dict[str, str]] | None = None,
    status: int = 200,
) -> Any:
    """Render the certificate page; ``errors``/``values`` are per form (suspend, unsuspend, renew, revoke)."""
    detail = await service.get_certificate(stores, principal.actor, number, purpose="view", lsp_scope=principal.lsp_id)
    state = rules.derive_status(detail.certificate, clk.today())
    allowed = {a for a, states in rules.TRANSITIONS.items() if state.state in states}
    ctx = {
        "d": detail, "c": detail.certificate, "status": state, "allowed": allowed, "today": clk.today(),
        "notice": notice(request.query_params.get("ok"), _lang(request)),
        "errors": errors or {}, "values": values or {}, "slip": _taken_slip(request, detail.certificate.number),
    }  # fmt: skip
    return render(request, "certification/certificate.html", ctx, status=status)


@router.get("/sertifikasi/sertifikat/{number:path}", response_class=HTMLResponse)
async def certificate(request: Request, number: str, principal: Principal = Depends(assessor),
                      stores: CertificationStores = Depends(certification_stores),
                      clk: Any = Depends(clock)) -> Any:  # fmt: skip
    """An own-LSP certificate with its status, the forms allowed from that status and downloads."""
    return await page(request, stores, principal, clk, number)


def _back(number: str, ok: str) -> RedirectResponse:
    return RedirectResponse(f"/sertifikasi/sertifikat/{number}?ok={ok}", status_code=303)


async def _refused(
    request: Request, stores: CertificationStores, principal: Principal, clk: Any, number: str,
    form: str, exc: cert.CertificationError, values: dict[str, str],
) -> Any:  # fmt: skip
    if isinstance(exc, cert.OutOfScope | cert.CertificateNotFound | cert.KeyUnavailable):
        raise exc  # not a form problem: 403 / 404 / 503 from api/web/errors.py
    field, text = describe(exc, _lang(request))
    status = 409 if isinstance(exc, CONFLICTS) else 422
    return await page(request, stores, principal, clk, number, errors={form: {field: text}}, values={form: values},
                      status=status)  # fmt: skip


def _until(text: str) -> date | None:
    """The optional end date of a suspension; ValueError when it is not a date."""
    return date.fromisoformat(text.strip()) if text.strip() else None


@router.post("/sertifikasi/sertifikat/{number:path}/bekukan", response_class=HTMLResponse)
async def suspend(
    request: Request, number: str, reason: str = Form(""), until: str = Form(""),
    principal: Principal = Depends(assessor), stores: CertificationStores = Depends(certification_stores),
    clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    values = {"reason": reason, "until": until}
    try:
        end = _until(until)
    except ValueError:
        errors = {"suspend": {"until": message("until_invalid", _lang(request))}}
        return await page(request, stores, principal, clk, number, errors=errors, values={"suspend": values},
                          status=422)  # fmt: skip
    try:
        await service.suspend(stores, principal.actor, number, reason, end, clock=clk, lsp_scope=principal.lsp_id)
    except cert.CertificationError as exc:
        return await _refused(request, stores, principal, clk, number, "suspend", exc, values)
    return _back(number, "bekukan")


@router.post("/sertifikasi/sertifikat/{number:path}/pulihkan", response_class=HTMLResponse)
async def unsuspend(
    request: Request, number: str, reason: str = Form(""), principal: Principal = Depends(assessor),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    try:
        await service.unsuspend(stores, principal.actor, number, reason, clock=clk, lsp_scope=principal.lsp_id)
    except cert.CertificationError as exc:
        return await _refused(request, stores, principal, clk, number, "unsuspend", exc, {"reason": reason})
    return _back(number, "pulihkan")


@router.post("/sertifikasi/sertifikat/{number:path}/cabut", response_class=HTMLResponse)
async def revoke(
    request: Request, number: str, reason: str = Form(""), confirm: str = Form(""),
    principal: Principal = Depends(assessor), stores: CertificationStores = Depends(certification_stores),
    clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    """Revoke for good, once the number is typed again (``confirm``) and a reason is given."""
    lang = _lang(request)
    values = {"reason": reason, "confirm": confirm}
    errors: dict[str, str] = {}
    try:
        rules.check_reason(reason)
    except cert.InvalidInput as exc:
        errors["reason"] = describe(exc, lang)[1]
    if not confirm.strip() or rules.normalise_number(confirm) != rules.normalise_number(number):
        errors["confirm"] = message("confirm_number", lang)
    if errors:
        return await page(request, stores, principal, clk, number, errors={"revoke": errors},
                          values={"revoke": values}, status=422)  # fmt: skip
    try:
        await service.revoke(stores, principal.actor, number, reason, clock=clk, lsp_scope=principal.lsp_id)
    except cert.CertificationError as exc:
        return await _refused(request, stores, principal, clk, number, "revoke", exc, values)
    return _back(number, "cabut")


@router.post("/sertifikasi/sertifikat/{number:path}/perbarui", response_class=HTMLResponse)
async def renew(
    request: Request, number: str, kind: str = Form(""), principal: Principal = Depends(assessor),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
    keys: Any = Depends(keystore), holders: HolderStores = Depends(holder_stores),
) -> Any:  # fmt: skip
    try:  # the holder's kept full name passes to the new certificate, which gets its own claim code
        slip = await holder_service.renew(holders, principal.actor, number, kind, clock=clk, keystore=keys,
                                          lsp_scope=principal.lsp_id)  # fmt: skip
    except cert.CertificationError as exc:
        return await _refused(request, stores, principal, clk, number, "renew", exc, {"kind": kind})
    hand_over(request, slip)  # the new certificate's page shows its claim code and PIN once
    return _back(slip.detail.certificate.number, "perbarui")

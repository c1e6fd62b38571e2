"""LSP assessor pages: record an assessment per unit (K/BK) and issue the certificate.

Thin: every rule (scope, assessor registration, all units K, numbering, signing) lives in
``certification.service``; these pages only collect the form and show the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.certificates.routes import clock, keystore
from api.certificates.stores import certification_stores
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from certification import rules, service
from certification.ports import CertificationStores
from models.errors import NotFound
from models.records import UnitResult
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.inmates import InmateRepo

router = APIRouter(include_in_schema=False)
assessor = require_role("lsp_assessor")


async def _own_scheme(conn: Any, principal: Principal, scheme_id: int) -> Any:
    scheme = await CatalogueRepo(conn).get_scheme(scheme_id)
    if scheme.lsp_id != principal.lsp_id:
        raise NotFound("scheme", scheme_id)
    return scheme


async def _person(conn: Any, handle: str) -> Any:
    """The assessee by pseudonym (WB-…) or registration number (external id)."""
    repo = InmateRepo(conn)
    handle = handle.strip()
    try:
        return await (
            repo.get_by_pseudonym(handle) if handle.upper().startswith("WB-") else repo.get_by_external_id(handle)
        )
    except NotFound as exc:
        raise InvalidInput("person", f"warga binaan {handle!r} tidak ditemukan") from exc


@router.get("/sertifikasi", response_class=HTMLResponse)
async def home(request: Request, principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection)) -> Any:
    schemes = await CatalogueRepo(conn).list_schemes(principal.lsp_id)
    certificates = await CertificateRepo(conn).list_for_lsp(principal.lsp_id or 0, limit=50)
    return render(
        request,
        "certification/index.html",
        {"schemes": schemes, "lsp": await CatalogueRepo(conn).get_lsp(principal.lsp_id or 0),
         "certificates": certificates, "scheme_by_id": {s.id: s for s in schemes}, "today": date.today()},
    )  # fmt: skip


@router.get("/sertifikasi/asesmen", response_class=HTMLResponse)
async def assessment_form(request: Request, scheme_id: int = Query(...), principal: Principal = Depends(assessor),
                          conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    scheme = await _own_scheme(conn, principal, scheme_id)
    units = await CatalogueRepo(conn).get_units(list(scheme.unit_codes))
    ctx = {"scheme": scheme, "units": [units[c] for c in scheme.unit_codes], "today": date.today()}
    return render(request, "certification/assessment.html", ctx)


@router.post("/sertifikasi/asesmen", response_class=HTMLResponse)
async def record(request: Request, principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection),
                 stores: CertificationStores = Depends(certification_stores),
                 clk: Any = Depends(clock)) -> Any:  # fmt: skip
    form = await request.form()
    raw_scheme = str(form.get("scheme_id") or "")
    if not raw_scheme.isdigit():
        raise InvalidInput("scheme_id", "pilih skema sertifikasi")
    scheme = await _own_scheme(conn, principal, int(raw_scheme))
    person = await _person(conn, str(form.get("person") or ""))
    try:
        assessed_on = date.fromisoformat(str(form.get("assessed_on") or ""))
    except ValueError as exc:
        raise InvalidInput("assessed_on", "tanggal asesmen harus berformat YYYY-MM-DD") from exc
    if principal.assessor_id is None:
        raise InvalidInput("assessor_id", "akun ini belum terhubung dengan nomor registrasi asesor")
    results = tuple(
        UnitResult(code, str(form.get(f"result:{code}") or ""), str(form.get(f"evidence:{code}") or ""))
        for code in scheme.unit_codes
    )
    new = service.NewAssessment(person.id, scheme.id, principal.assessor_id, assessed_on, results)
    a = await service.record_assessment(stores, principal.actor, new, clock=clk, lsp_scope=principal.lsp_id)
    complete = all(r.result == "K" for r in a.results)
    return render(request, "certification/recorded.html",
                  {"assessment": a, "scheme": scheme, "person": person, "complete": complete})  # fmt: skip


@router.post("/sertifikasi/terbitkan")
async def issue(
    request: Request, inmate_id: int = Form(...), scheme_id: int = Form(...), principal: Principal = Depends(assessor),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
    keys: Any = Depends(keystore),
) -> Any:  # fmt: skip
    detail = await service.issue_certificate(stores, principal.actor, inmate_id, scheme_id, clock=clk, keystore=keys,
                                             lsp_scope=principal.lsp_id)  # fmt: skip
    return RedirectResponse(f"/verify/{detail.certificate.number}", status_code=303)


# --- one certificate: view, lifecycle forms, downloads ------------------------------------------
@router.get("/sertifikasi/sertifikat/{number:path}", response_class=HTMLResponse)
async def certificate(request: Request, number: str, principal: Principal = Depends(assessor),
                      stores: CertificationStores = Depends(certification_stores),
                      clk: Any = Depends(clock)) -> Any:  # fmt: skip
    """An own-LSP certificate with its status, the forms allowed from that status and downloads."""
    detail = await service.get_certificate(stores, principal.actor, number, purpose="view", lsp_scope=principal.lsp_id)
    status = rules.derive_status(detail.certificate, clk.today())
    allowed = {a for a, states in rules.TRANSITIONS.items() if status.state in states}
    ctx = {"d": detail, "c": detail.certificate, "status": status, "allowed": allowed, "today": clk.today()}
    return render(request, "certification/certificate.html", ctx)


def _until(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text.strip() else None
    except ValueError as exc:
        raise InvalidInput("until", "tanggal akhir pembekuan harus berformat YYYY-MM-DD") from exc


def _back(number: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/sertifikasi/sertifikat/{number}{anchor}", status_code=303)


@router.post("/sertifikasi/sertifikat/{number:path}/bekukan")
async def suspend(
    request: Request, number: str, reason: str = Form(""), until: str = Form(""),
    principal: Principal = Depends(assessor), stores: CertificationStores = Depends(certification_stores),
    clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    await service.suspend(stores, principal.actor, number, reason, _until(until), clock=clk, lsp_scope=principal.lsp_id)
    return _back(number)


@router.post("/sertifikasi/sertifikat/{number:path}/pulihkan")
async def unsuspend(
    request: Request, number: str, reason: str = Form(""), principal: Principal = Depends(assessor),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    await service.unsuspend(stores, principal.actor, number, reason, clock=clk, lsp_scope=principal.lsp_id)
    return _back(number)


@router.post("/sertifikasi/sertifikat/{number:path}/cabut")
async def revoke(
    request: Request, number: str, reason: str = Form(""), principal: Principal = Depends(assessor),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    await service.revoke(stores, principal.actor, number, reason, clock=clk, lsp_scope=principal.lsp_id)
    return _back(number)


@router.post("/sertifikasi/sertifikat/{number:path}/perbarui")
async def renew(
    request: Request, number: str, kind: str = Form(""), principal: Principal = Depends(assessor),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
    keys: Any = Depends(keystore),
) -> Any:  # fmt: skip
    new = await service.renew(stores, principal.actor, number, kind, clock=clk, keystore=keys,
                              lsp_scope=principal.lsp_id)  # fmt: skip
    return _back(new.certificate.number)

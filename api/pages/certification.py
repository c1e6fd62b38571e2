"""LSP assessor pages: record an assessment per unit (K/BK) and issue the certificate.

Thin: every rule (scope, assessor registration, all units K, numbering, signing) lives in
``certification.service``; these pages only collect the form and show the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api import deps
from api.auth import Principal, require_role
from api.errors import InvalidInput
from api.pages import render
from api.routes.certification import clock, keystore
from certification import service
from models.errors import NotFound
from models.records import UnitResult
from models.repositories.catalogue import CatalogueRepo
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
    return render(
        request,
        "certification/index.html",
        {"schemes": schemes, "lsp": await CatalogueRepo(conn).get_lsp(principal.lsp_id or 0)},
    )


@router.get("/sertifikasi/asesmen", response_class=HTMLResponse)
async def assessment_form(request: Request, scheme_id: int = Query(...), principal: Principal = Depends(assessor),
                          conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    scheme = await _own_scheme(conn, principal, scheme_id)
    units = await CatalogueRepo(conn).get_units(list(scheme.unit_codes))
    ctx = {"scheme": scheme, "units": [units[c] for c in scheme.unit_codes], "today": date.today()}
    return render(request, "certification/assessment.html", ctx)


@router.post("/sertifikasi/asesmen", response_class=HTMLResponse)
async def record(request: Request, principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection),
                 clk: Any = Depends(clock)) -> Any:  # fmt: skip
    form = await request.form()
    scheme = await _own_scheme(conn, principal, int(str(form.get("scheme_id") or 0)))
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
    a = await service.record_assessment(conn, principal.actor, new, clock=clk, lsp_scope=principal.lsp_id)
    complete = all(r.result == "K" for r in a.results)
    return render(request, "certification/recorded.html",
                  {"assessment": a, "scheme": scheme, "person": person, "complete": complete})  # fmt: skip


@router.post("/sertifikasi/terbitkan")
async def issue(
    request: Request, inmate_id: int = Form(...), scheme_id: int = Form(...), principal: Principal = Depends(assessor),
    conn: Any = Depends(deps.connection), clk: Any = Depends(clock), keys: Any = Depends(keystore),
) -> Any:  # fmt: skip
    detail = await service.issue_certificate(conn, principal.actor, inmate_id, scheme_id, clock=clk, keystore=keys,
                                             lsp_scope=principal.lsp_id)  # fmt: skip
    return RedirectResponse(f"/verify/{detail.certificate.number}", status_code=303)

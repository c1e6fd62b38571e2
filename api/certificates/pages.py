"""LSP assessor pages: find an asesi, record an assessment per unit (K/BK), issue the certificate.

Thin: every rule (scope, enrolment, assessor registration, only BK or unassessed units, all units
K, numbering, signing) lives in ``certification.service``; these pages collect the form, show
each unit's latest result, and put any refusal next to its field with every K/BK choice kept.
The asesi list, the officer's enrolment pages and the certificate page are included from their
own modules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.certificates import assessee_pages, certificate_pages, enrolment_pages, renewal_pages
from api.certificates import service as assessees
from api.certificates.messages import FORM, describe, message
from api.certificates.routes import clock, keystore
from api.certificates.stores import certification_stores, holder_stores
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.pages import render
from api.web.stores import embed_inmate_now
from certification import errors as cert
from certification import holder_service, service
from certification.ports import CertificationStores, HolderStores
from models.errors import NotFound
from models.records import Scheme, UnitResult
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.enrolments import Assessee

router = APIRouter(include_in_schema=False)
assessor = require_role("lsp_assessor")
router.include_router(assessee_pages.router)
router.include_router(certificate_pages.router)
router.include_router(enrolment_pages.router)
router.include_router(renewal_pages.router)


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "id"))


async def _own_scheme(conn: Any, principal: Principal, scheme_id: int) -> Scheme:
    scheme = await CatalogueRepo(conn).get_scheme(scheme_id)
    if scheme.lsp_id != principal.lsp_id:
        raise NotFound("scheme", scheme_id)
    return scheme


@router.get("/sertifikasi", response_class=HTMLResponse)
async def home(request: Request, principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection)) -> Any:
    cat = CatalogueRepo(conn)
    schemes = await cat.list_schemes(principal.lsp_id)
    certificates = await CertificateRepo(conn).list_for_lsp(principal.lsp_id or 0, limit=50)
    return render(
        request,
        "certification/index.html",
        {"schemes": schemes, "lsp": await cat.get_lsp(principal.lsp_id or 0),
         "certificates": certificates, "scheme_by_id": {s.id: s for s in schemes}, "today": date.today()},
    )  # fmt: skip


# --- the assessment form -----------------------------------------------------------------------
async def _form(
    request: Request,
    conn: Any,
    stores: CertificationStores,
    principal: Principal,
    clk: Any,
    scheme: Scheme,
    person: Assessee | None,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Any:
    """The form: step one asks who (pseudonym or registration number); step two shows each unit
    with its latest result and asks K/BK only for the units not yet K."""
    cat = CatalogueRepo(conn)
    units = await cat.get_units(list(scheme.unit_codes))
    progress = None
    if person is not None:
        (progress,) = await service.assessment_progress(
            stores, principal.actor, person.inmate_id, lsp_id=scheme.lsp_id, scheme_id=scheme.id, clock=clk,
            lsp_scope=principal.lsp_id,
        )  # fmt: skip
    ctx = {
        "scheme": scheme, "units": units, "person": person, "progress": progress, "today": clk.today(),
        "tuks": await cat.list_tuks(principal.lsp_id), "values": values or {}, "errors": errors or {},
        "has_assessor": principal.assessor_id is not None,
    }  # fmt: skip
    return render(request, "certification/assessment.html", ctx, status=status)


@router.get("/sertifikasi/asesmen", response_class=HTMLResponse)
async def assessment_form(
    request: Request, scheme_id: int = Query(...), person: str = Query(""), inmate_id: int | None = Query(None),
    principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    """Step one without a person; with ``person`` (a handle) or ``inmate_id``, the unit form."""
    scheme = await _own_scheme(conn, principal, scheme_id)
    if inmate_id is not None:
        found = await assessees.get_assessee(conn, principal, inmate_id)
        return await _form(request, conn, stores, principal, clk, scheme, found)
    if not person.strip():
        return await _form(request, conn, stores, principal, clk, scheme, None)
    try:
        found = await assessees.find_assessee(conn, principal, person)
    except (assessees.Refused, assessees.NotAssessee) as exc:
        code = exc.code if isinstance(exc, assessees.Refused) else "person_not_found"
        return await _form(request, conn, stores, principal, clk, scheme, None, values={"person": person},
                           errors={"person": message(code, _lang(request))}, status=422)  # fmt: skip
    return await _form(request, conn, stores, principal, clk, scheme, found)


def _read_results(
    form: Any, open_units: tuple[str, ...], all_k: bool, lang: str
) -> tuple[list[UnitResult], dict[str, str], dict[str, str]]:
    """The K/BK choice and evidence of every open unit, the values to keep and the errors."""
    results, values, errors = [], {}, {}
    for code in open_units:
        choice = "K" if all_k else str(form.get(f"result:{code}") or "").strip().upper()
        evidence = str(form.get(f"evidence:{code}") or "")[:2000]
        values[f"result:{code}"], values[f"evidence:{code}"] = choice, evidence
        if choice not in ("K", "BK"):
            errors[f"result:{code}"] = message("result_invalid" if choice else "result_required", lang)
        results.append(UnitResult(code, choice, evidence))
    return results, values, errors


@router.post("/sertifikasi/asesmen", response_class=HTMLResponse)
async def record(request: Request, principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection),
                 stores: CertificationStores = Depends(certification_stores),
                 clk: Any = Depends(clock)) -> Any:  # fmt: skip
    """Record the results of the units still open; "semua K" (``semua_k=1``) marks them all K."""
    form = await request.form()
    lang = _lang(request)
    raw_scheme = str(form.get("scheme_id") or "")
    if not raw_scheme.isdigit():
        raise NotFound("scheme", raw_scheme)
    scheme = await _own_scheme(conn, principal, int(raw_scheme))
    raw_inmate, handle = str(form.get("inmate_id") or ""), str(form.get("person") or "")
    if raw_inmate.isdigit():
        person = await assessees.get_assessee(conn, principal, int(raw_inmate))
    else:
        try:
            person = await assessees.find_assessee(conn, principal, handle)
        except (assessees.Refused, assessees.NotAssessee) as exc:
            code = exc.code if isinstance(exc, assessees.Refused) else "person_not_found"
            return await _form(request, conn, stores, principal, clk, scheme, None, values={"person": handle},
                               errors={"person": message(code, lang)}, status=422)  # fmt: skip
    (progress,) = await service.assessment_progress(
        stores, principal.actor, person.inmate_id, lsp_id=scheme.lsp_id, scheme_id=scheme.id, clock=clk,
        lsp_scope=principal.lsp_id,
    )  # fmt: skip
    results, values, errors = _read_results(form, progress.open_units, form.get("semua_k") == "1", lang)
    raw_date, raw_tuk = str(form.get("assessed_on") or "").strip(), str(form.get("tuk_id") or "").strip()
    values |= {"assessed_on": raw_date, "tuk_id": raw_tuk}
    assessed_on: date | None = None
    try:
        assessed_on = date.fromisoformat(raw_date)
    except ValueError:
        errors["assessed_on"] = message("date_invalid", lang)
    tuk_ids = {t.id for t in await CatalogueRepo(conn).list_tuks(principal.lsp_id)}
    tuk_id = int(raw_tuk) if raw_tuk.isdigit() else None
    if raw_tuk and tuk_id not in tuk_ids:
        errors["tuk_id"] = message("tuk_invalid", lang)
    if not progress.open_units:
        errors[FORM] = message("nothing_to_assess", lang)
    assessor_id = principal.assessor_id
    if assessor_id is None:
        errors[FORM] = message("no_assessor", lang)
    if errors or assessor_id is None or assessed_on is None:
        return await _form(request, conn, stores, principal, clk, scheme, person, values=values, errors=errors,
                           status=422)  # fmt: skip
    new = service.NewAssessment(person.inmate_id, scheme.id, assessor_id, assessed_on, tuple(results), tuk_id)
    try:
        a = await service.record_assessment(stores, principal.actor, new, clock=clk, lsp_scope=principal.lsp_id)
    except cert.CertificationError as exc:
        if isinstance(exc, cert.OutOfScope):
            raise
        field, text = describe(exc, lang, [r.unit_code for r in results])
        return await _form(request, conn, stores, principal, clk, scheme, person, values=values,
                           errors={field: text}, status=422)  # fmt: skip
    latest = {u.unit_code: u.result for u in progress.units} | {r.unit_code: r.result for r in a.results}
    still_open = [c for c in scheme.unit_codes if latest.get(c) != "K"]
    blocked = progress.live_status is not None and progress.live_status.state != "expired"
    units = await CatalogueRepo(conn).get_units(list(scheme.unit_codes))
    ctx = {"assessment": a, "scheme": scheme, "person": person, "units": units, "still_open": still_open,
           "complete": not still_open and not blocked, "live": progress.live}  # fmt: skip
    return render(request, "certification/recorded.html", ctx)


@router.post("/sertifikasi/terbitkan", response_class=HTMLResponse)
async def issue(
    request: Request, inmate_id: int = Form(...), scheme_id: int = Form(...), principal: Principal = Depends(assessor),
    conn: Any = Depends(deps.connection), stores: CertificationStores = Depends(certification_stores),
    clk: Any = Depends(clock), keys: Any = Depends(keystore), holders: HolderStores = Depends(holder_stores),
) -> Any:  # fmt: skip
    """Issue and sign; the assessor lands on the new certificate's own page with its downloads,
    and there, once, the holder's claim code and first PIN."""
    try:
        detail = await service.issue_certificate(stores, principal.actor, inmate_id, scheme_id, clock=clk,
                                                 keystore=keys, lsp_scope=principal.lsp_id)  # fmt: skip
    except cert.CertificationError as exc:
        if isinstance(exc, cert.OutOfScope | cert.KeyUnavailable):
            raise
        status = 409 if isinstance(exc, certificate_pages.CONFLICTS) else 422
        error = (scheme_id, describe(exc, _lang(request))[1])
        return await assessee_pages.page(request, conn, stores, principal, clk, inmate_id, error=error, status=status)
    slip = await holder_service.issue_claim(holders, principal.actor, detail.certificate.number, clock=clk,
                                            lsp_scope=principal.lsp_id)  # fmt: skip
    if (encoder := deps.encoder(request)) is not None:  # the new certificate counts in the next search
        await embed_inmate_now(conn, encoder, inmate_id, clk.today(), deps.matcher(request))
    certificate_pages.hand_over(request, slip)
    return RedirectResponse(f"/sertifikasi/sertifikat/{detail.certificate.number}?ok=terbit", status_code=303)

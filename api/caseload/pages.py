"""Bapas officer web pages: caseload with release calendar, client profile (with the NIK and
offence section), plan, placements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.caseload import service as officers
from api.caseload.documents import render_plan_pdf
from api.caseload.rules import (
    CONSENT_CHOICES,
    FOLLOWUP_MONTHS,
    consent_change_words,
    consent_words,
    followup_due,
)
from api.privacy import service as privacy
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.records import Consent, ConsentEvent
from models.repositories.inmates import CaseloadFilter
from models.repositories.placements import PlacementRepo, PlacementView
from models.repositories.places import PlacesRepo
from models.repositories.vacancies import EmployerRepo

router = APIRouter(include_in_schema=False)
officer = require_role("bapas_officer")
PAGE = 25


INMATE_STATUSES = ("detained", "sentenced", "assimilation", "parole", "released")
# Release windows offered as a filter: key -> (days from today to the start, to the end); None = open.
RELEASE_WINDOWS: dict[str, tuple[int | None, int | None]] = {
    "30": (0, 30), "90": (0, 90), "180": (0, 180), "365": (0, 365), "lewat": (None, -1),
}  # fmt: skip


def caseload_filter(q: str, status: str, window: str, consent: str, today: date) -> CaseloadFilter:
    """The filter from the list page's query; unknown values mean "any" (a bookmark never breaks)."""
    start, end = RELEASE_WINDOWS.get(window, (None, None))
    return CaseloadFilter(
        text=q.strip()[:100],
        status=status if status in INMATE_STATUSES else None,
        released_from=today + timedelta(days=start) if start is not None else None,
        released_to=today + timedelta(days=end) if end is not None else None,
        matching_consent={"ya": True, "tidak": False}.get(consent),
    )


@router.get("/klien", response_class=HTMLResponse)
async def caseload(
    request: Request, page: int = Query(1, ge=1), q: str = Query("", max_length=200), status: str = Query(""),
    bebas: str = Query(""), persetujuan: str = Query(""), principal: Principal = Depends(officer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """The caseload, searchable by name, registration number or pseudonym and filtered by status,
    release window and consent; upcoming releases first."""
    today = date.today()
    where = caseload_filter(q, status, bebas, persetujuan, today)
    load = await officers.caseload(conn, principal, today=today, limit=PAGE, offset=(page - 1) * PAGE, where=where)
    tasks = await officers.tasks(conn, principal, today=today, now=datetime.now(UTC))
    chosen = {"q": q, "status": status, "bebas": bebas, "persetujuan": persetujuan}
    ctx = {
        "load": load, "tasks": tasks, "page": page, "size": PAGE, "total": load.total, "today": today, "f": chosen,
        "statuses": INMATE_STATUSES, "windows": RELEASE_WINDOWS, "filtered": where != CaseloadFilter(),
        "query": urlencode({k: v for k, v in chosen.items() if v}),
    }  # fmt: skip
    return render(request, "clients/list.html", ctx)


def consent_context(history: Sequence[ConsentEvent], current: Consent) -> dict[str, Any]:
    """The consent section: each choice with what it does, the current consent in words, and the
    history as (event, consent in words, what changed in words), newest first."""
    lines, before = [], None
    for e in history:
        lines.append((e, consent_words(e.consent), consent_change_words(before, e.consent)))
        before = e.consent
    return {"consent_choices": CONSENT_CHOICES, "consent_now": consent_words(current),
            "consent_lines": lines[::-1], "consent_form": {}, "consent_error": None}  # fmt: skip


def next_followups(placements: Sequence[PlacementView]) -> dict[int, tuple[int, date]]:
    """Per placement, the first follow-up not yet recorded and the day it falls due."""
    out = {}
    for pv in placements:
        done = {f.month for f in pv.followups}
        todo = [m for m in FOLLOWUP_MONTHS if m not in done]
        if todo:
            out[pv.placement.id] = (todo[0], followup_due(pv.placement.started_on, todo[0]))
    return out


async def _client_page(
    request: Request, principal: Principal, conn: Any, inmate_id: int, sensitive: dict[str, Any] | None = None,
    status: int = 200, extra: dict[str, Any] | None = None,
) -> Any:  # fmt: skip
    """The client page; ``sensitive`` carries the NIK/offence section's form, errors or revealed values."""
    today = deps.clock(request).today()
    file = await officers.client_file(conn, principal, inmate_id, today=today)
    matcher = deps.matcher(request)
    scope = await officers.vacancy_scope(conn, principal, inmate_id, request.query_params.get("wilayah") or None)
    radius, radius_error = None, None
    try:  # a bad radius is shown next to its select, the rest of the page as usual
        radius = await officers.vacancy_radius(conn, principal, inmate_id, request.query_params.get("within_km"))
    except InvalidInput as exc:
        radius_error, status = exc, 422 if status == 200 else status
    ctx = {
        "file": file, "i": file.inmate, "today": today, "scope": scope,
        "radius": request.query_params.get("within_km", ""), "radius_error": radius_error,
        "radii": officers.radius_choices(),
        "vacancies": await officers.best_vacancies(conn, matcher, principal, inmate_id, today=today, k=5, scope=scope,
                                                   within_km=radius, lang=request.state.lang),  # fmt: skip
        "gaps": await officers.gaps(conn, matcher, principal, inmate_id, today=today),
        "scheme_titles": await officers.scheme_titles(conn), "employers": await EmployerRepo(conn).list(limit=500),
        "months": FOLLOWUP_MONTHS, "places": await PlacesRepo(conn).place_names(),
        "next_followup": next_followups(file.placements),
        "privacy": await privacy.client_privacy(conn, principal, inmate_id),
        "sensitive": {"form": {}, "errors": {}, "revealed": None, "saved": request.query_params.get("tersimpan")}
        | (sensitive or {}),
    }  # fmt: skip
    ctx["training_offers"] = await officers.gap_classes(conn, file.inmate, ctx["gaps"], today=today)
    ctx |= consent_context(file.consent_history, file.inmate.consent)
    ctx |= {"placement_form": {}, "placement_error": None, "followup_form": {}, "followup_error": None}
    ctx |= extra or {}
    return render(request, "clients/detail.html", ctx, status=status)


@router.get("/klien/{inmate_id}", response_class=HTMLResponse)
async def client(request: Request, inmate_id: int, principal: Principal = Depends(officer),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _client_page(request, principal, conn, inmate_id)


@router.post("/klien/{inmate_id}/data-sensitif", response_class=HTMLResponse)
async def record_sensitive(
    request: Request, inmate_id: int, nik: str = Form(""), offence_category: str = Form(""),
    offence_text: str = Form(""), clear_nik: bool = Form(False), clear_offence: bool = Form(False),
    reason: str = Form(""), principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Record the client's NIK and/or offence; on a mistake the page comes back with each message
    next to its field and what was typed kept."""
    entry = privacy.SensitiveEntry(
        reason=reason, nik=nik or None, offence_category=offence_category or None, offence_text=offence_text or None,
        clear_nik=clear_nik, clear_offence=clear_offence,
    )  # fmt: skip
    try:
        await privacy.record_sensitive(conn, principal, deps.cipher(request), inmate_id, entry)
    except privacy.FormInvalid as exc:
        form = {"nik": nik, "offence_category": offence_category, "offence_text": offence_text, "reason": reason,
                "clear_nik": clear_nik, "clear_offence": clear_offence}  # fmt: skip
        return await _client_page(request, principal, conn, inmate_id, {"form": form, "errors": exc.errors}, 422)
    return RedirectResponse(f"/klien/{inmate_id}?tersimpan=1#data-sensitif", status_code=303)


@router.post("/klien/{inmate_id}/data-sensitif/lihat", response_class=HTMLResponse)
async def read_sensitive(
    request: Request, inmate_id: int, reason: str = Form(""), principal: Principal = Depends(officer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Show the client's NIK and offence once, on this response only (the read is audited with its reason)."""
    try:
        data = await privacy.read_sensitive(conn, principal, deps.cipher(request), inmate_id, reason)
    except InvalidInput as exc:
        errors = {"read_reason": str(exc)}
        return await _client_page(request, principal, conn, inmate_id, {"errors": errors, "read_reason": reason}, 422)
    return await _client_page(request, principal, conn, inmate_id, {"revealed": data, "read_reason": reason})


@router.get("/klien/{inmate_id}/rencana", response_class=HTMLResponse)
async def plan(request: Request, inmate_id: int, principal: Principal = Depends(officer),
               conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    p = await officers.reintegration_plan(conn, deps.matcher(request), principal, inmate_id, today=date.today())
    places = await PlacesRepo(conn).place_names()
    offers = await officers.gap_classes(conn, p.file.inmate, p.gaps, today=p.today)
    paper = await officers.plan_paper(conn, principal, p, lang=request.state.lang)  # the PDF: the Bapas's letter
    return render(request, "clients/plan.html", {"plan": p, "i": p.file.inmate, "places": places,
                                                 "training_offers": offers, "paper": paper})  # fmt: skip


@router.get("/klien/{inmate_id}/rencana.pdf")
async def plan_pdf(request: Request, inmate_id: int, principal: Principal = Depends(officer),
                   conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """The reintegration plan as an A4 PDF: letterhead, the officer's name and NIP, place and date,
    and no raw scores."""
    p = await officers.reintegration_plan(conn, deps.matcher(request), principal, inmate_id, today=date.today())
    paper = await officers.plan_paper(conn, principal, p)
    body = render_plan_pdf(p, paper, await PlacesRepo(conn).place_names())
    name = f"rencana-{p.file.inmate.pseudonym}.pdf"
    return Response(body, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.post("/klien/{inmate_id}/persetujuan")
async def consent(
    request: Request, inmate_id: int, employer_matching: bool = Form(False), reveal_name: bool = Form(False),
    reveal_facility: bool = Form(False), reveal_offence: bool = Form(False), note: str = Form(""),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Record the client's consent; a mistake comes back next to its field with every choice kept."""
    given = Consent(employer_matching, reveal_name, reveal_facility, reveal_offence)
    try:
        await officers.set_consent(conn, principal, inmate_id, given, note.strip() or None)
    except InvalidInput as exc:
        form = {"employer_matching": employer_matching, "reveal_name": reveal_name, "reveal_facility": reveal_facility,
                "reveal_offence": reveal_offence, "note": note}  # fmt: skip
        return await _client_page(request, principal, conn, inmate_id, status=422,
                                  extra={"consent_form": form, "consent_error": str(exc)})  # fmt: skip
    return RedirectResponse(f"/klien/{inmate_id}#persetujuan", status_code=303)


@router.post("/klien/{inmate_id}/penempatan")
async def placement(
    request: Request, inmate_id: int, employer_id: int = Form(...), position_title: str = Form(""),
    started_on: str = Form(""), principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Record a placement; a mistake comes back next to its field with what was typed kept."""
    try:
        try:
            start = date.fromisoformat(started_on)
        except ValueError as exc:
            raise InvalidInput("started_on", "tanggal mulai kerja harus berformat YYYY-MM-DD") from exc
        await officers.record_placement(conn, principal, inmate_id, employer_id=employer_id,
                                        position_title=position_title, started_on=start)  # fmt: skip
    except InvalidInput as exc:
        form = {"employer_id": str(employer_id), "position_title": position_title, "started_on": started_on}
        return await _client_page(request, principal, conn, inmate_id, status=422,
                                  extra={"placement_form": form, "placement_error": (exc.field, str(exc))})  # fmt: skip
    return RedirectResponse(f"/klien/{inmate_id}#penempatan", status_code=303)


@router.post("/penempatan/{placement_id}/tindak-lanjut")
async def followup(
    request: Request, placement_id: int, month: int = Form(...), still_employed: bool = Form(False),
    note: str = Form(""), principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Record a follow-up; a refused one comes back on its placement's card, next to the field,
    with the note and the choice kept."""
    try:
        await officers.record_followup(conn, principal, placement_id, month=month, still_employed=still_employed,
                                       note=note, today=deps.clock(request).today())  # fmt: skip
    except InvalidInput as exc:
        p = await PlacementRepo(conn).get(placement_id)
        form = {"placement_id": placement_id, "month": month, "still_employed": still_employed, "note": note}
        return await _client_page(request, principal, conn, p.inmate_id, status=422,
                                  extra={"followup_form": form, "followup_error": (exc.field, str(exc))})  # fmt: skip
    p = await PlacementRepo(conn).get(placement_id)
    return RedirectResponse(f"/klien/{p.inmate_id}#penempatan", status_code=303)

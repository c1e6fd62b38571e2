"""Training pages: programmes and classes, one class (enrolment, attendance per session,
completion) and the funnel. A refused form re-renders with each message next to its field and
what was typed kept; a success redirects with a notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.training import rules
from api.training import service as training
from api.training.errors import TrainingConflict, TrainingInvalid
from api.training.messages import notice
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.pages import render

router = APIRouter(include_in_schema=False)
readers = require_role("training_staff", "kemnaker_staff", "bapas_officer")
authors = require_role("training_staff", "kemnaker_staff")
staff = require_role("training_staff")
enrollers = require_role("training_staff", "bapas_officer")
funnel_readers = require_role("training_staff", "kemnaker_staff")
REFUSED = (TrainingInvalid, TrainingConflict)


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "id"))


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


async def _index(request: Request, conn: Any, principal: Principal, extra: dict[str, Any] | None = None,
                 status: int = 200) -> Any:  # fmt: skip
    view = await training.overview(conn, principal, today=date.today())
    ctx = {
        "view": view, "schemes": await training.schemes(conn), "provider_kinds": rules.PROVIDER_NAMES,
        "programme_form": {}, "programme_errors": {}, "class_form": {}, "class_errors": {},
        "notice": notice(request.query_params.get("ok"), _lang(request)), "today": date.today(),
    }  # fmt: skip
    return render(request, "training/index.html", ctx | (extra or {}), status)


@router.get("/pelatihan", response_class=HTMLResponse)
async def index(request: Request, principal: Principal = Depends(readers), conn: Any = Depends(deps.connection)) -> Any:
    """Programmes and classes (training staff: their facility's; Bapas officers: classes not finished)."""
    return await _index(request, conn, principal)


@router.post("/pelatihan/program", response_class=HTMLResponse)
async def create_programme(
    request: Request, principal: Principal = Depends(authors), conn: Any = Depends(deps.connection)
) -> Any:
    form = await _form(request)
    try:
        await training.create_programme(
            conn, principal, title=form.get("title", ""), provider_kind=form.get("provider_kind", ""),
            provider_name=form.get("provider_name", ""), scheme_id=_int(form.get("scheme_id")),
            hours=form.get("hours", ""), description=form.get("description", ""), units=form.get("units", ""),
        )  # fmt: skip
    except REFUSED as exc:
        status = 409 if isinstance(exc, TrainingConflict) else 422
        extra = {"programme_form": form, "programme_errors": exc.messages(_lang(request))}
        return await _index(request, conn, principal, extra, status)
    return RedirectResponse("/pelatihan?ok=program", status_code=303)


@router.post("/pelatihan/kelas", response_class=HTMLResponse)
async def create_class(
    request: Request, principal: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    form = await _form(request)
    try:
        made = await training.create_class(
            conn, principal, programme_id=_int(form.get("programme_id")), starts_on=form.get("starts_on", ""),
            ends_on=form.get("ends_on", ""), seats=form.get("seats", ""),
            instructor_name=form.get("instructor_name", ""), today=date.today(),
        )  # fmt: skip
    except REFUSED as exc:
        status = 409 if isinstance(exc, TrainingConflict) else 422
        extra = {"class_form": form, "class_errors": exc.messages(_lang(request))}
        return await _index(request, conn, principal, extra, status)
    return RedirectResponse(f"/pelatihan/kelas/{made.id}?ok=kelas", status_code=303)


async def _class(request: Request, conn: Any, principal: Principal, class_id: int,
                 extra: dict[str, Any] | None = None, status: int = 200) -> Any:  # fmt: skip
    page = await training.class_page(conn, principal, class_id)
    ctx = {
        "page": page, "c": page.klass, "enrol_form": {}, "enrol_errors": {}, "attendance_errors": {},
        "attendance_form": {}, "complete_errors": {}, "today": date.today(),
        "notice": notice(request.query_params.get("ok"), _lang(request)),
    }  # fmt: skip
    return render(request, "training/class.html", ctx | (extra or {}), status)


@router.get("/pelatihan/kelas/{class_id}", response_class=HTMLResponse)
async def class_detail(
    request: Request, class_id: int, principal: Principal = Depends(enrollers), conn: Any = Depends(deps.connection)
) -> Any:
    """One class: participants, enrolment, attendance per session and completion."""
    return await _class(request, conn, principal, class_id)


@router.post("/pelatihan/kelas/{class_id}/peserta", response_class=HTMLResponse)
async def enrol(
    request: Request, class_id: int, principal: Principal = Depends(enrollers), conn: Any = Depends(deps.connection)
) -> Any:
    form = await _form(request)
    try:
        await training.enrol(conn, principal, class_id, inmate_id=_int(form.get("inmate_id")),
                             person=form.get("person", ""))  # fmt: skip
    except REFUSED as exc:
        status = 409 if isinstance(exc, TrainingConflict) else 422
        errors = {("inmate_id" if k == "person" else k): v for k, v in exc.messages(_lang(request)).items()}
        return await _class(request, conn, principal, class_id, {"enrol_form": form, "enrol_errors": errors}, status)
    return RedirectResponse(f"/pelatihan/kelas/{class_id}?ok=daftar#peserta", status_code=303)


@router.post("/pelatihan/kelas/{class_id}/presensi", response_class=HTMLResponse)
async def attendance(
    request: Request, class_id: int, principal: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    raw = await request.form()
    present = {n for n in (_int(v) for k, v in raw.multi_items() if k == "present") if n is not None}
    session_on = str(raw.get("session_on") or "")
    try:
        await training.record_attendance(conn, principal, class_id, session_on=session_on, present=present,
                                         today=date.today())  # fmt: skip
    except REFUSED as exc:
        status = 409 if isinstance(exc, TrainingConflict) else 422
        extra = {"attendance_errors": exc.messages(_lang(request)),
                 "attendance_form": {"session_on": session_on, "present": present}}  # fmt: skip
        return await _class(request, conn, principal, class_id, extra, status)
    return RedirectResponse(f"/pelatihan/kelas/{class_id}?ok=presensi#presensi", status_code=303)


@router.post("/pelatihan/peserta/{enrolment_id}/lulus", response_class=HTMLResponse)
async def complete(
    request: Request, enrolment_id: int, principal: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    class_id = _int((await request.form()).get("class_id"))
    try:
        done = await training.complete(conn, principal, enrolment_id, encoder=deps.encoder(request),
                                       today=date.today(), matcher=deps.matcher(request))  # fmt: skip
    except TrainingConflict as exc:
        if class_id is None:
            raise
        errors = {enrolment_id: exc.messages(_lang(request))[exc.field]}
        return await _class(request, conn, principal, class_id, {"complete_errors": errors}, 409)
    return RedirectResponse(f"/pelatihan/kelas/{done.class_id}?ok=lulus#peserta", status_code=303)


@router.get("/pelatihan/corong", response_class=HTMLResponse)
async def funnel(
    request: Request, facility_id: str = Query(""), programme_id: str = Query(""),
    principal: Principal = Depends(funnel_readers), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """The funnel: enrolled → completed → certified → placed, per programme and facility."""
    result = await training.funnel(conn, principal, facility_id=_int(facility_id), programme_id=_int(programme_id))
    ctx = {
        "funnel": result, "facilities": await training.training_facilities(conn),
        "programmes": await training.list_programmes(conn), "f": {"facility_id": facility_id,
                                                                  "programme_id": programme_id},
    }  # fmt: skip
    return render(request, "training/funnel.html", ctx)

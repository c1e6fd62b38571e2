"""Bapas officer web pages: caseload with release calendar, client profile, plan, placements."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.caseload import service as officers
from api.caseload.rules import FOLLOWUP_MONTHS
from api.privacy.service import client_privacy
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.records import Consent
from models.repositories.placements import PlacementRepo
from models.repositories.places import PlacesRepo
from models.repositories.vacancies import EmployerRepo

router = APIRouter(include_in_schema=False)
officer = require_role("bapas_officer")
PAGE = 25


@router.get("/klien", response_class=HTMLResponse)
async def caseload(request: Request, page: int = Query(1, ge=1), principal: Principal = Depends(officer),
                   conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    load = await officers.caseload(conn, principal, today=date.today(), limit=PAGE, offset=(page - 1) * PAGE)
    return render(request, "clients/list.html", {"load": load, "page": page, "size": PAGE, "total": load.total})


@router.get("/klien/{inmate_id}", response_class=HTMLResponse)
async def client(request: Request, inmate_id: int, principal: Principal = Depends(officer),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    today = date.today()
    file = await officers.client_file(conn, principal, inmate_id, today=today)
    matcher = deps.matcher(request)
    ctx = {
        "file": file, "i": file.inmate, "today": today,
        "vacancies": await officers.best_vacancies(conn, matcher, principal, inmate_id, today=today, k=5),
        "gaps": await officers.gaps(conn, matcher, principal, inmate_id, today=today),
        "scheme_titles": await officers.scheme_titles(conn), "employers": await EmployerRepo(conn).list(limit=500),
        "months": FOLLOWUP_MONTHS, "places": await PlacesRepo(conn).place_names(),
        "privacy": await client_privacy(conn, principal, inmate_id),
    }  # fmt: skip
    return render(request, "clients/detail.html", ctx)


@router.get("/klien/{inmate_id}/rencana", response_class=HTMLResponse)
async def plan(request: Request, inmate_id: int, principal: Principal = Depends(officer),
               conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    p = await officers.reintegration_plan(conn, deps.matcher(request), principal, inmate_id, today=date.today())
    places = await PlacesRepo(conn).place_names()
    return render(request, "clients/plan.html", {"plan": p, "i": p.file.inmate, "places": places})


@router.post("/klien/{inmate_id}/persetujuan")
async def consent(
    request: Request, inmate_id: int, employer_matching: bool = Form(False), reveal_name: bool = Form(False),
    reveal_facility: bool = Form(False), reveal_offence: bool = Form(False), note: str = Form(""),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    given = Consent(employer_matching, reveal_name, reveal_facility, reveal_offence)
    await officers.set_consent(conn, principal, inmate_id, given, note.strip() or None)
    return RedirectResponse(f"/klien/{inmate_id}#persetujuan", status_code=303)


@router.post("/klien/{inmate_id}/penempatan")
async def placement(
    request: Request, inmate_id: int, employer_id: int = Form(...), position_title: str = Form(""),
    started_on: str = Form(""), principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    try:
        start = date.fromisoformat(started_on)
    except ValueError as exc:
        raise InvalidInput("started_on", "tanggal mulai kerja harus berformat YYYY-MM-DD") from exc
    await officers.record_placement(conn, principal, inmate_id, employer_id=employer_id,
                                    position_title=position_title, started_on=start)  # fmt: skip
    return RedirectResponse(f"/klien/{inmate_id}#penempatan", status_code=303)


@router.post("/penempatan/{placement_id}/tindak-lanjut")
async def followup(
    request: Request, placement_id: int, month: int = Form(...), still_employed: bool = Form(False),
    note: str = Form(""), principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    await officers.record_followup(conn, principal, placement_id, month=month, still_employed=still_employed, note=note)
    p = await PlacementRepo(conn).get(placement_id)
    return RedirectResponse(f"/klien/{p.inmate_id}#penempatan", status_code=303)

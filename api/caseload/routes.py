"""Bapas officer JSON API: caseload, client profile, matches, gaps, consent, placements."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from api.caseload import service as officers
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.downloads import csv_response, wants_csv
from models.records import Consent, Inmate

router = APIRouter(prefix="/api/v1", tags=["bapas officers"])
officer = require_role("bapas_officer")


class ClientOut(BaseModel):
    id: int
    pseudonym: str
    name: str
    status: str
    expected_release_date: date | None
    regency_code: str | None


class ClientPage(BaseModel):
    items: list[ClientOut]
    total: int
    limit: int
    offset: int


class ConsentIn(BaseModel):
    employer_matching: bool
    reveal_name: bool = False
    reveal_facility: bool = False
    reveal_offence: bool = False
    note: str | None = Field(None, max_length=1000, examples=["disampaikan langsung oleh klien, 2026-05-01"])


class PlacementIn(BaseModel):
    employer_id: int
    position_title: str = Field(..., min_length=1, max_length=200, examples=["Juru Las"])
    started_on: date
    vacancy_id: int | None = None


class FollowupIn(BaseModel):
    month: int = Field(..., examples=[3], description="3, 6 or 12")
    still_employed: bool
    note: str = Field("", max_length=2000)


def client_out(i: Inmate) -> ClientOut:
    return ClientOut(
        id=i.id, pseudonym=i.pseudonym, name=i.full_name, status=i.status,
        expected_release_date=i.expected_release_date, regency_code=i.domicile_regency_code,
    )  # fmt: skip


@router.get("/clients", response_model=ClientPage)
async def list_clients(
    request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    format: str | None = Query(None, pattern="^(json|csv)$"),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """The own Bapas' caseload, soonest release first. `?format=csv` downloads CSV."""
    load = await officers.caseload(conn, principal, today=date.today(), limit=limit, offset=offset)
    if wants_csv(request, format):
        rows = ([i.id, i.pseudonym, i.full_name, i.status, i.expected_release_date] for i in load.clients)
        return csv_response(["id", "pseudonym", "name", "status", "expected_release_date"], rows, "caseload.csv")
    return ClientPage(items=[client_out(i) for i in load.clients], total=load.total, limit=limit, offset=offset)


@router.get("/clients/{inmate_id}")
async def get_client(
    inmate_id: int, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """A client's full profile (own Bapas only), certificates and placements."""
    file = await officers.client_file(conn, principal, inmate_id, today=date.today())
    i = file.inmate
    return client_out(i).model_dump(mode="json") | {
        "birth_year": i.birth_year, "gender": i.gender, "facility": file.facility.name, "education": i.education,
        "skills": list(i.skills), "work_history": list(i.work_history), "trainings": list(i.trainings),
        "consent": i.consent.__dict__,
        "certificates": [{"number": c.number, "scheme": c.scheme_title, "valid_until": str(c.valid_until),
                          "status": c.status} for c in file.certificates],
        "placements": [{"id": p.placement.id, "employer": p.employer_name, "position": p.placement.position_title,
                        "started_on": str(p.placement.started_on),
                        "followups": [f.__dict__ for f in p.followups]} for p in file.placements],
    }  # fmt: skip


@router.get("/clients/{inmate_id}/vacancies")
async def client_vacancies(
    inmate_id: int, k: int = Query(10, ge=1, le=50), principal: Principal = Depends(officer),
    conn: Any = Depends(deps.connection), matcher: Any = Depends(deps.matcher),
    area: str | None = Query(None, description="'semua' (everywhere), a province code ('35') or a regency code "
                             "('35.78'); default: the Bapas area for clients on parole or assimilation"),
    within_km: str | None = Query(None, description="only vacancies within this many km (1-500, whole number) of "
                                  "the client's domicile kabupaten/kota, seat to seat; within `area` too"),
) -> list[dict[str, Any]]:  # fmt: skip
    """Best open vacancies for a client, with the explanation of each match. Clients on parole or
    assimilation must report to their Bapas: by default only vacancies in the Bapas area (its
    province) are searched; ``area`` lifts or changes that."""
    scope = await officers.vacancy_scope(conn, principal, inmate_id, area)
    radius = await officers.vacancy_radius(conn, principal, inmate_id, within_km)
    found = await officers.best_vacancies(conn, matcher, principal, inmate_id, today=date.today(), k=k, scope=scope,
                                          within_km=radius)  # fmt: skip
    return [
        {"vacancy_id": o.match.vacancy.id, "title": o.match.vacancy.title, "employer": o.employer_name,
         "score": round(o.match.score, 4), "location": o.match.location, "explanation": list(o.explanation)}
        for o in found
    ]  # fmt: skip


@router.get("/clients/{inmate_id}/gaps")
async def client_gaps(
    inmate_id: int, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
    matcher: Any = Depends(deps.matcher),
) -> dict[str, Any]:  # fmt: skip
    """Missing units for the top vacancies in the home province, and the schemes that fit the client's own
    trade and those vacancies first, then cover most of them; units and vacancies with their titles."""
    report = await officers.gaps(conn, matcher, principal, inmate_id, today=date.today())
    return {
        "missing_units": list(report.missing_units),
        "unit_titles": {c: report.unit_title(c) for c in report.missing_units},
        "schemes": [{"scheme": s.scheme, "title": s.title, "fit": s.fit, "fits_trade": s.fits_trade,
                     "covers_missing": list(s.covers_missing), "covers_titles": list(s.covers_titles),
                     "vacancies_completed": list(s.vacancies_completed),
                     "completed_titles": list(s.completed_titles), "vacancies_helped": list(s.vacancies_helped)}
                    for s in report.schemes],
    }  # fmt: skip


@router.put("/clients/{inmate_id}/consent")
async def set_consent(
    inmate_id: int, body: ConsentIn, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Record the client's consent as told to the officer; every change is kept in the history.
    Without consent to employer matching the client's open applications are closed (stage
    `withdrawn`, reason "persetujuan dicabut"); `closed_applications` lists them."""
    consent = Consent(body.employer_matching, body.reveal_name, body.reveal_facility, body.reveal_offence)
    change = await officers.set_consent(conn, principal, inmate_id, consent, body.note)
    event = change.event
    closed = [
        {"application_id": c.application_id, "vacancy_id": c.vacancy_id, "vacancy_title": c.vacancy_title,
         "employer": c.employer_name, "from_stage": c.from_stage}
        for c in change.closed
    ]  # fmt: skip
    return {
        "inmate_id": inmate_id, "consent": event.consent.__dict__, "recorded_at": event.created_at.isoformat(),
        "closed_applications": closed,
    }  # fmt: skip


@router.post("/clients/{inmate_id}/placements", status_code=201)
async def add_placement(
    inmate_id: int, body: PlacementIn, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Record that the client started work."""
    p = await officers.record_placement(
        conn, principal, inmate_id, employer_id=body.employer_id, position_title=body.position_title,
        started_on=body.started_on, vacancy_id=body.vacancy_id,
    )  # fmt: skip
    return {"id": p.id, "inmate_id": p.inmate_id, "employer_id": p.employer_id, "started_on": str(p.started_on)}


@router.post("/placements/{placement_id}/followups", status_code=201)
async def add_followup(
    placement_id: int, body: FollowupIn, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Record the 3-, 6- or 12-month follow-up of a placement (once each; 409 if already recorded)."""
    f = await officers.record_followup(
        conn, principal, placement_id, month=body.month, still_employed=body.still_employed, note=body.note
    )
    return f.__dict__

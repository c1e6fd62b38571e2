"""Bapas officer privacy forms on the client page: release offence details, objections and
human reviews, erasure with a confirmation page. The export is a GET form to the JSON API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.caseload.service import own_client
from api.privacy import service
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.pages import render
from models.repositories.privacy import PrivacyRepo

router = APIRouter(include_in_schema=False)
officer = require_role("bapas_officer")


@router.post("/klien/{inmate_id}/ungkap-pidana")
async def release_offence(
    request: Request, inmate_id: int, application_id: int = Form(...), reason: str = Form(""),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    await service.release_offence(conn, principal, inmate_id, application_id, reason)
    return RedirectResponse(f"/klien/{inmate_id}#privasi", status_code=303)


@router.post("/klien/{inmate_id}/keberatan")
async def objection(
    request: Request, inmate_id: int, objection: str = Form(""), vacancy_id: str = Form(""),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    vid = int(vacancy_id) if vacancy_id.strip().isdigit() else None
    await service.object_to_ranking(conn, principal, inmate_id, vid, objection)
    return RedirectResponse(f"/klien/{inmate_id}#privasi", status_code=303)


@router.post("/tinjauan/{review_id}/selesai")
async def complete_review(
    request: Request, review_id: int, outcome: str = Form(""), principal: Principal = Depends(officer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    done = await service.complete_review(conn, principal, review_id, outcome)
    return RedirectResponse(f"/klien/{done.inmate_id}#privasi", status_code=303)


@router.get("/klien/{inmate_id}/hapus", response_class=HTMLResponse)
async def erase_form(request: Request, inmate_id: int, principal: Principal = Depends(officer),
                     conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    person = await own_client(conn, principal, inmate_id)
    reviews = await PrivacyRepo(conn).list_reviews(inmate_id=inmate_id, status="requested")
    return render(request, "clients/erase.html", {"i": person, "open_reviews": len(reviews)})


@router.post("/klien/{inmate_id}/hapus")
async def erase(
    request: Request, inmate_id: int, reason: str = Form(""), confirm: str = Form(""),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    await service.erase(conn, principal, inmate_id, reason, confirm)
    return RedirectResponse("/klien?dihapus=1", status_code=303)

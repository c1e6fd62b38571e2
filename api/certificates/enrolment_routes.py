"""JSON API of asesi and enrolments: an LSP assessor searches the people enrolled with the own
LSP; a Bapas officer enrols an own client with an LSP, or ends the enrolment. Included under
``/api/v1`` by api/certificates/routes.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from api.certificates import service
from api.web import deps
from api.web.auth import Principal, require_role
from models.repositories.enrolments import Enrolment

router = APIRouter(tags=["certification"])
ASSESSOR = require_role("lsp_assessor")
OFFICER = require_role("bapas_officer")


class EnrolmentIn(BaseModel):
    inmate_id: int
    lsp_id: int


class EnrolmentOut(BaseModel):
    id: int
    lsp_id: int
    inmate_id: int
    source: str
    created_at: datetime
    withdrawn_at: datetime | None = None


def _out(e: Enrolment) -> EnrolmentOut:
    return EnrolmentOut(id=e.id, lsp_id=e.lsp_id, inmate_id=e.inmate_id, source=e.source, created_at=e.created_at,
                        withdrawn_at=e.withdrawn_at)  # fmt: skip


@router.get("/assessees")
async def assessees(
    q: str = Query("", max_length=200, description="name (contains), registration number or pseudonym (starts with)"),
    page: int = Query(1, ge=1, le=10_000),
    who: Principal = Depends(ASSESSOR),
    conn: Any = Depends(deps.connection),
) -> dict[str, Any]:
    """The people enrolled with your LSP (a P1 LSP: its own facility's people), 20 per page by
    name. Only these can be assessed and certified by your LSP; every person listed is an
    audited read."""
    found = await service.search_assessees(conn, who, q, page)
    return {
        "total": found.total,
        "page": found.page,
        "size": found.size,
        "items": [
            {"inmate_id": a.inmate_id, "pseudonym": a.pseudonym, "registration_number": a.external_id,
             "name": a.full_name, "facility": a.facility_name, "enrolled_at": a.enrolled_at, "source": a.source}
            for a in found.items
        ],
    }  # fmt: skip


@router.post("/enrolments", status_code=201)
async def enrol(
    body: EnrolmentIn, who: Principal = Depends(OFFICER), conn: Any = Depends(deps.connection)
) -> EnrolmentOut:
    """Enrol one of your Bapas' clients with an LSP so its assessors may assess them (409 when
    already enrolled; 422 for another Bapas' client, an unknown LSP, or a P1 LSP of another facility)."""
    return _out(await service.enrol(conn, who, inmate_id=body.inmate_id, lsp_id=body.lsp_id))


@router.delete("/enrolments/{enrolment_id}")
async def withdraw(
    enrolment_id: int, who: Principal = Depends(OFFICER), conn: Any = Depends(deps.connection)
) -> EnrolmentOut:
    """End an enrolment of one of your clients (the record stays); 404 for anyone else's."""
    return _out(await service.withdraw(conn, who, enrolment_id))

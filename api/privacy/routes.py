"""Privacy JSON API: offence release and read, objections and human reviews, export, erasure.

Rules and who may call what: see ``api.privacy.service``. Every write and every read of personal
data here is an audit event written by ``api.privacy.actions`` in the same transaction.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from api.privacy import service
from api.web import deps
from api.web.auth import Principal, require_role
from models.records import HumanReview

router = APIRouter(prefix="/api/v1", tags=["privacy"])
officer = require_role("bapas_officer")
officer_or_admin = require_role("bapas_officer", "admin")
employer = require_role("employer")


class ReleaseIn(BaseModel):
    application_id: int
    reason: str = Field(..., min_length=3, max_length=1000, examples=["penawaran bersyarat diterima klien"])


class ObjectionIn(BaseModel):
    objection: str = Field(..., min_length=3, max_length=2000, examples=["sertifikat las saya tidak dihitung"])
    vacancy_id: int | None = None


class OutcomeIn(BaseModel):
    outcome: str = Field(..., min_length=3, max_length=2000, examples=["diperiksa manual; peringkat dikoreksi"])


class ErasureIn(BaseModel):
    reason: str = Field(..., min_length=3, max_length=1000, examples=["permintaan penghapusan dari yang bersangkutan"])
    confirm: str = Field(..., max_length=64, description="the person's pseudonym, typed to confirm")


def review_out(r: HumanReview) -> dict[str, Any]:
    return {
        "id": r.id, "inmate_id": r.inmate_id, "vacancy_id": r.vacancy_id, "objection": r.objection,
        "status": r.status, "outcome": r.outcome, "reviewed_at": r.reviewed_at, "created_at": r.created_at,
    }  # fmt: skip


@router.post("/clients/{inmate_id}/offence-releases", status_code=201)
async def release_offence(
    inmate_id: int, body: ReleaseIn, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Release the client's offence details to the employer of one application. Only at the
    'offer' stage (409 otherwise) and with the client's consent to reveal them (403 otherwise)."""
    d = await service.release_offence(conn, principal, inmate_id, body.application_id, body.reason)
    return {"id": d.id, "application_id": d.application_id, "employer_id": d.employer_id, "created_at": d.created_at}


@router.get("/applications/{application_id}/offence")
async def released_offence(
    application_id: int, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection),
    cipher: Any = Depends(deps.cipher),
) -> dict[str, Any]:  # fmt: skip
    """Offence details released to you for your application; 404 unless released and still consented."""
    return {"application_id": application_id, "offence": await service.released_offence(conn, principal, cipher,
                                                                                         application_id)}  # fmt: skip


@router.post("/clients/{inmate_id}/objections", status_code=201)
async def object_to_ranking(
    inmate_id: int, body: ObjectionIn, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Record the client's objection to an automated ranking; opens a human review."""
    return review_out(await service.object_to_ranking(conn, principal, inmate_id, body.vacancy_id, body.objection))


@router.post("/reviews/{review_id}/complete")
async def complete_review(
    review_id: int, body: OutcomeIn, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Write down the outcome of a human review (once; 409 if already completed)."""
    return review_out(await service.complete_review(conn, principal, review_id, body.outcome))


@router.get("/clients/{inmate_id}/export")
async def export(
    inmate_id: int, reason: str = Query(..., min_length=3, max_length=1000),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
    cipher: Any = Depends(deps.cipher),
) -> Response:  # fmt: skip
    """Everything stored about the client (data-subject access request) as a JSON download."""
    data = await service.export(conn, principal, cipher, inmate_id, reason)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="subject-{inmate_id}.json"'},
    )


@router.post("/clients/{inmate_id}/erasure")
async def erase(
    inmate_id: int, body: ErasureIn, principal: Principal = Depends(officer_or_admin),
    conn: Any = Depends(deps.connection),
) -> dict[str, Any]:  # fmt: skip
    """Anonymise the person (own Bapas officer, or an admin); certificates stay verifiable.
    Send the person's pseudonym as `confirm`."""
    erased = await service.erase(conn, principal, inmate_id, body.reason, body.confirm)
    return {"inmate_id": inmate_id, "erased": erased}

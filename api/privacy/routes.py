"""Privacy JSON API: NIK and offence entry and read, offence release and read, objections and
human reviews, export, erasure.

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


class SensitiveIn(BaseModel):
    """Leave a field out to keep what is stored; send it as null to remove it."""

    nik: str | None = Field(
        None,
        max_length=40,
        examples=["3273014506880003"],
        description="national id number (NIK), 16 digits; spaces and dots are ignored",
    )
    offence_category: str | None = Field(
        None, max_length=40, examples=["pencurian"], description="one of: " + ", ".join(service.OFFENCE_CATEGORIES)
    )
    offence_text: str | None = Field(
        None,
        max_length=1000,
        examples=["Pasal 362 KUHP, putusan PN Bandung 2024"],
        description="what the offence was (article, decision); required for 'lainnya'",
    )
    reason: str = Field(..., min_length=3, max_length=1000, examples=["salinan putusan diterima dari Lapas"])


def offence_out(o: service.Offence | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"category": o.category, "category_label": o.category_label, "text": o.text}


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


@router.put("/clients/{inmate_id}/sensitive")
async def record_sensitive(
    inmate_id: int, body: SensitiveIn, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
    cipher: Any = Depends(deps.cipher),
) -> dict[str, Any]:  # fmt: skip
    """Record or correct the client's national id number (NIK) and offence (a category plus text),
    stored encrypted. The NIK is checked: 16 digits, a known province code first, a possible birth
    date (DDMMYY, day + 40 for women) whose year matches the client's birth year. A field left out is
    kept, a field sent as null is removed (`offence_category: null` removes the offence). Audited
    with `reason`; the values themselves never enter the audit log."""
    sent = body.model_fields_set
    entry = service.SensitiveEntry(
        reason=body.reason,
        nik=body.nik, clear_nik="nik" in sent and body.nik is None,
        offence_category=body.offence_category, offence_text=body.offence_text,
        clear_offence="offence_category" in sent and body.offence_category is None and not body.offence_text,
    )  # fmt: skip
    written = await service.record_sensitive(conn, principal, cipher, inmate_id, entry)
    return {"inmate_id": inmate_id, "written": list(written)}


@router.get("/clients/{inmate_id}/sensitive")
async def read_sensitive(
    inmate_id: int, reason: str = Query(..., min_length=3, max_length=1000),
    principal: Principal = Depends(officer), conn: Any = Depends(deps.connection),
    cipher: Any = Depends(deps.cipher),
) -> dict[str, Any]:  # fmt: skip
    """The client's NIK and offence, decrypted (own Bapas officer only). Every read is audited with
    `reason`."""
    data = await service.read_sensitive(conn, principal, cipher, inmate_id, reason)
    return {"inmate_id": inmate_id, "nik": data.national_id, "offence": offence_out(data.offence)}


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
    """Offence details released to you for your application; 404 unless released and still consented.
    `offence` is one line of text; `category` (one of the fixed list, null for records entered before
    categories existed), `category_label` and `text` are its parts."""
    o = await service.released_offence(conn, principal, cipher, application_id)
    return {"application_id": application_id, "offence": o.display(), **(offence_out(o) or {})}


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

"""JSON API for correcting organisations after onboarding: a TUK and an employer partner's company
data (facilities, LSPs and assessors have their `PUT` in organisation_routes.py). Audited; 422
names the wrong field and nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.partners import employers, organisations
from api.partners.partner_routes import PartnerOut, partner_out
from api.partners.schemas import TukOut, tuk_out
from api.web import deps
from api.web.auth import Principal, require_role
from models.repositories.catalogue import CatalogueRepo

router = APIRouter(prefix="/api/v1", tags=["organisations"])
admin = require_role("admin")
staff = require_role("kemnaker_staff", "admin")


class TukUpdate(BaseModel):
    name: str = Field(..., max_length=200)
    facility_id: int | None = Field(None, description="the facility the TUK is in, if any")
    regency_code: str | None = Field(None, max_length=10, description="needed when the TUK is in no facility")


class PartnerUpdate(BaseModel):
    name: str = Field(..., max_length=200)
    sector: str = Field(..., max_length=200)
    kbli: str = Field(..., max_length=5, description="KBLI 2020 code, 5 digits")
    address: str = Field(..., max_length=500)
    regency_code: str = Field(..., max_length=10)
    contact_name: str = Field(..., max_length=200)
    contact_email: str = Field(..., max_length=200)
    contact_phone: str = Field(..., max_length=30)
    fair_chance_policy: str = Field(..., max_length=4000)


@router.put("/tuks/{tuk_id}", response_model=TukOut)
async def update_tuk(
    tuk_id: int, body: TukUpdate, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> Any:
    """Rename a TUK or move it (into a facility, or to a regency); its code and LSP stay."""
    tuk = await CatalogueRepo(conn).get_tuk(tuk_id)
    return tuk_out(await organisations.update_tuk(conn, who.actor, tuk, **body.model_dump()))


@router.put("/partners/{employer_id}", response_model=PartnerOut)
async def update_partner(
    employer_id: int, body: PartnerUpdate, who: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    """Correct a partner's company data (same checks as the application). The NIB and the partner
    status stay: the status changes only by verify/reject/suspend/reactivate."""
    return partner_out(await employers.update_partner(conn, who.actor, employer_id, **body.model_dump()))

"""JSON API for employer partners: apply (anyone), list and decide (Kemnaker staff)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from api.partners import employers
from api.web import deps
from api.web.auth import PUBLIC, Principal, authenticate, client_address, require_role
from models.records import PartnerProfile
from models.repositories.partners import PartnerRepo

router = APIRouter(prefix="/api/v1", tags=["partners"])


async def anyone(request: Request, conn: Any = Depends(deps.connection)) -> Principal | None:
    """Rule for public JSON writes (apply, accept an invitation): no session and so no CSRF token is
    needed, because the body must be ``application/json``, which no cross-site form can send."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "kirim badan permintaan sebagai application/json")
    return await authenticate(request, conn)


anyone.__roles__ = PUBLIC  # type: ignore[attr-defined]


def may_apply(request: Request) -> bool:
    """Applications create accounts, so they share the per-address bucket of sign-in attempts."""
    limiter = getattr(request.app.state, "sign_in_limiter", None)
    return limiter is None or bool(limiter.allow(client_address(request)))


staff = require_role("kemnaker_staff", "admin")
deciders = require_role("kemnaker_staff")


class ApplicationIn(BaseModel):
    name: str = Field(..., max_length=200, examples=["PT Baja Sejahtera"])
    nib: str = Field(
        ..., max_length=20, description="Nomor Induk Berusaha (OSS), 13 digits", examples=["9120001234567"]
    )
    sector: str = Field(..., max_length=200, examples=["industri logam"])
    kbli: str = Field(..., max_length=5, description="KBLI 2020 code, 5 digits", examples=["25111"])
    address: str = Field(..., max_length=500, examples=["Jl. Soekarno-Hatta No. 10"])
    regency_code: str = Field(..., max_length=10, examples=["32.73"])
    contact_name: str = Field(..., max_length=200, examples=["Andi Wijaya"])
    contact_email: str = Field(..., max_length=200, examples=["hrd@bajasejahtera.co.id"])
    contact_phone: str = Field(..., max_length=30, examples=["081234567890"])
    fair_chance_policy: str = Field(
        ..., max_length=4000, examples=["Kami merekrut mantan warga binaan dengan masa percobaan dan mentor."]
    )
    password: str = Field(..., max_length=500, description="the contact person's password (at least 10 characters)")


class DecisionIn(BaseModel):
    reason: str | None = Field(None, max_length=1000, examples=["dokumen NIB tidak sesuai"])


class PartnerOut(BaseModel):
    id: int
    name: str
    nib: str | None
    sector: str
    kbli: str | None
    address: str | None
    province_code: str | None
    regency_code: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    fair_chance_policy: str | None
    partner_status: str = Field(..., description="pending | active | suspended | rejected")
    status_reason: str | None
    status_changed_at: datetime | None
    applied_at: datetime | None


class ApplicationOut(BaseModel):
    partner: PartnerOut
    user_id: int = Field(..., description="the contact person's account (signs in with the email and password)")


class PartnerPage(BaseModel):
    items: list[PartnerOut]
    total: int
    limit: int
    offset: int


def partner_out(p: PartnerProfile) -> PartnerOut:
    e = p.employer
    return PartnerOut(
        id=e.id, name=e.name, nib=p.nib, sector=e.sector, kbli=p.kbli, address=p.address, province_code=e.province_code,
        regency_code=e.regency_code, contact_name=p.contact_name, contact_email=e.contact_email,
        contact_phone=p.contact_phone, fair_chance_policy=p.fair_chance_policy, partner_status=e.partner_status,
        status_reason=p.status_reason, status_changed_at=p.status_changed_at, applied_at=p.applied_at,
    )  # fmt: skip


@router.post("/partner-applications", response_model=ApplicationOut, status_code=201)
async def apply(body: ApplicationIn, request: Request, _: Principal | None = Depends(anyone),
                conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """A company applies to become a partner employer (status `pending`). The contact person gets an
    account at once (role employer, the partner's organisation admin), but vacancies and candidates
    open only after Kemnaker staff verify the partner. 422 names the wrong field; 409 when the NIB or
    the email is already registered."""
    if not may_apply(request):
        raise HTTPException(429, "Terlalu banyak percobaan. Tunggu beberapa menit.", headers={"Retry-After": "30"})
    profile, user = await employers.apply_as_partner(conn, **body.model_dump())
    return ApplicationOut(partner=partner_out(profile), user_id=user.id)


@router.get("/partners", response_model=PartnerPage)
async def list_partners(
    status: str | None = Query(None, pattern="^(pending|active|suspended|rejected)$"),
    limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0), _: Principal = Depends(staff),
    conn: Any = Depends(deps.connection),
) -> PartnerPage:  # fmt: skip
    """Partners, pending applications first (oldest first)."""
    repo = PartnerRepo(conn)
    items = await repo.list(status=status, limit=limit, offset=offset)
    return PartnerPage(items=[partner_out(p) for p in items], total=await repo.count(status=status), limit=limit,
                       offset=offset)  # fmt: skip


@router.get("/partners/{employer_id}", response_model=PartnerOut)
async def get_partner(employer_id: int, _: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> Any:
    """One partner with its company data and status."""
    return partner_out(await PartnerRepo(conn).get(employer_id))


async def _decide(conn: Any, who: Principal, employer_id: int, action: str, body: DecisionIn) -> PartnerOut:
    return partner_out(await employers.change_partner_status(conn, who.actor, employer_id, action, body.reason))


@router.post("/partners/{employer_id}/verify", response_model=PartnerOut)
async def verify(employer_id: int, body: DecisionIn, who: Principal = Depends(deciders),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Verify a pending application: the partner becomes `active` (409 from any other status)."""
    return await _decide(conn, who, employer_id, "verify", body)


@router.post("/partners/{employer_id}/reject", response_model=PartnerOut)
async def reject(employer_id: int, body: DecisionIn, who: Principal = Depends(deciders),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Reject a pending application (reason required)."""
    return await _decide(conn, who, employer_id, "reject", body)


@router.post("/partners/{employer_id}/suspend", response_model=PartnerOut)
async def suspend(employer_id: int, body: DecisionIn, who: Principal = Depends(deciders),
                  conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Suspend an active partner (reason required). From the next request on, its users' sessions
    and API keys are refused (403) on vacancies and candidates."""
    return await _decide(conn, who, employer_id, "suspend", body)


@router.post("/partners/{employer_id}/reactivate", response_model=PartnerOut)
async def reactivate(employer_id: int, body: DecisionIn, who: Principal = Depends(deciders),
                     conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Reactivate a suspended partner; its users work again from the next request."""
    return await _decide(conn, who, employer_id, "reactivate", body)

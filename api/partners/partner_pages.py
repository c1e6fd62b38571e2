"""Employer partner pages: a company applies (public form), Kemnaker staff review the list of
partners and verify, reject, suspend or reactivate them; admins invite the partner's users."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.partners import employers, invitations, rules
from api.partners.organisation_pages import REFUSED, form_fields, problems_of, regency_options, users_context
from api.partners.partner_routes import may_apply
from api.web import deps
from api.web.auth import Principal, public, require_role, start_session
from api.web.pages import render
from models.repositories.partners import PartnerRepo
from models.repositories.places import PlacesRepo
from models.repositories.users import UserRepo

router = APIRouter(include_in_schema=False)
staff = require_role("kemnaker_staff", "admin")
deciders = require_role("kemnaker_staff")
PAGE = 50
# page path segment -> (use case action, button label, needs a reason)
DECISIONS = {
    "verifikasi": ("verify", "Verifikasi (aktifkan mitra)", False),
    "tolak": ("reject", "Tolak permohonan", True),
    "bekukan": ("suspend", "Bekukan kemitraan", True),
    "aktifkan": ("reactivate", "Aktifkan kembali", False),
}
APPLY_FIELDS = ("name", "nib", "sector", "kbli", "address", "regency_code", "contact_name", "contact_email",
                "contact_phone", "fair_chance_policy")  # fmt: skip


# --- applying -------------------------------------------------------------------------------------------
async def _apply_page(request: Request, conn: Any, form: dict[str, str], errors: dict[str, str], status: int) -> Any:
    ctx = {"form": form, "errors": errors, "regency_options": await regency_options(conn)}
    return render(request, "partners/apply.html", ctx, status)


@router.get("/mitra/daftar", response_class=HTMLResponse)
async def apply_form(
    request: Request, _: Principal | None = Depends(public), conn: Any = Depends(deps.connection)
) -> Any:
    return await _apply_page(request, conn, {}, {}, 200)


@router.post("/mitra/daftar", response_class=HTMLResponse)
async def apply(request: Request, _: Principal | None = Depends(public), conn: Any = Depends(deps.connection)) -> Any:
    """File the application; the applicant is signed in and sees the partner's status page."""
    form = await form_fields(request)
    kept = {k: form.get(k, "") for k in APPLY_FIELDS}
    if not may_apply(request):
        return await _apply_page(request, conn, kept, {"_": "Terlalu banyak percobaan. Tunggu beberapa menit."}, 429)
    try:
        _, user = await employers.apply_as_partner(conn, password=form.get("password", ""), **kept)
    except REFUSED as exc:
        return await _apply_page(request, conn, kept, problems_of(exc), 422)
    state = await UserRepo(conn).session_state(user.id)
    start_session(request, user.id, state[1] if state else 0)
    return RedirectResponse("/organisasi", status_code=303)


# --- Kemnaker: the list and one partner -----------------------------------------------------------------------
@router.get("/mitra", response_class=HTMLResponse)
async def partners(
    request: Request, status: str = Query("", pattern="^(|pending|active|suspended|rejected)$"),
    page: int = Query(1, ge=1), _: Principal = Depends(staff), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    repo = PartnerRepo(conn)
    chosen = status or None
    items = await repo.list(status=chosen, limit=PAGE, offset=(page - 1) * PAGE)
    ctx = {
        "partners": items, "total": await repo.count(status=chosen), "status": status,
        "statuses": list(rules.PARTNER_STATUS_NAMES.items()), "status_names": rules.PARTNER_STATUS_NAMES,
        "place_names": await PlacesRepo(conn).place_names(), "page": page, "size": PAGE,
        "base": f"/mitra?status={status}", "sep": "&",
    }  # fmt: skip
    return render(request, "partners/list.html", ctx)


async def partner_page(
    request: Request, conn: Any, employer_id: int, *, users: dict[str, Any] | None = None,
    decision: dict[str, Any] | None = None, status: int = 200,
) -> Any:  # fmt: skip
    """One partner: company data and status; decisions for Kemnaker staff, users for admins."""
    principal = request.state.principal
    partner = await PartnerRepo(conn).get(employer_id)
    current = partner.employer.partner_status
    actions = [(seg, label, needs) for seg, (act, label, needs) in DECISIONS.items()
               if rules.PARTNER_MOVES[act][0] == current]  # fmt: skip
    org = invitations.Organisation("employer", employer_id, partner.employer.name)
    ctx = await users_context(conn, org, can_invite=principal.role == "admin", invite_action="/admin/undangan")
    ctx |= {
        "partner": partner,
        "status_names": rules.PARTNER_STATUS_NAMES,
        "place_names": await PlacesRepo(conn).place_names(),
        "can_decide": principal.role == "kemnaker_staff",
        "actions": actions,
        "decision_form": {},
        "decision_errors": {},
    }
    return render(request, "partners/detail.html", ctx | (users or {}) | (decision or {}), status)


@router.get("/mitra/{employer_id}", response_class=HTMLResponse)
async def partner(
    request: Request, employer_id: int, _: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    return await partner_page(request, conn, employer_id)


async def _decide(request: Request, conn: Any, who: Principal, employer_id: int, segment: str) -> Any:
    form = await form_fields(request)
    action = DECISIONS[segment][0]
    try:
        await employers.change_partner_status(conn, who.actor, employer_id, action, form.get("reason", ""))
    except REFUSED as exc:
        decision = {"decision_form": form | {"action": segment}, "decision_errors": problems_of(exc)}
        return await partner_page(request, conn, employer_id, decision=decision, status=422)
    return RedirectResponse(f"/mitra/{employer_id}", status_code=303)


@router.post("/mitra/{employer_id}/verifikasi", response_class=HTMLResponse)
async def verify(request: Request, employer_id: int, who: Principal = Depends(deciders),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _decide(request, conn, who, employer_id, "verifikasi")


@router.post("/mitra/{employer_id}/tolak", response_class=HTMLResponse)
async def reject(request: Request, employer_id: int, who: Principal = Depends(deciders),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _decide(request, conn, who, employer_id, "tolak")


@router.post("/mitra/{employer_id}/bekukan", response_class=HTMLResponse)
async def suspend(request: Request, employer_id: int, who: Principal = Depends(deciders),
                  conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _decide(request, conn, who, employer_id, "bekukan")


@router.post("/mitra/{employer_id}/aktifkan", response_class=HTMLResponse)
async def reactivate(request: Request, employer_id: int, who: Principal = Depends(deciders),
                     conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _decide(request, conn, who, employer_id, "aktifkan")

"""Sign-in, sign-out and the landing page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.partners import service as accounts
from api.partners.first_run import open_first_run
from api.web import deps
from api.web.auth import Principal, client_address, end_session, public, require_role, start_session
from api.web.pages import ROLE_HOME, render
from models.repositories.partners import PartnerRepo
from models.repositories.users import ROLES

router = APIRouter(include_in_schema=False)


def _home(role: str, partner_status: str | None) -> str:
    """Where a user lands; an employer whose partner is not active sees its organisation's status."""
    if role == "employer" and partner_status != "active":
        return "/organisasi"
    return ROLE_HOME[role]


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect a visitor off-site after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, principal: Principal | None = Depends(public), conn: Any = Depends(deps.connection)
) -> Any:
    if principal is not None:
        return RedirectResponse(_home(principal.role, principal.partner_status), status_code=303)
    first_run = await open_first_run(request, conn)  # no admin yet: the one-time "buat admin pertama" form
    return render(request, "home.html", {"first_run": first_run, "setup_form": {}, "setup_errors": {}})


@router.get("/masuk", response_class=HTMLResponse)
async def sign_in_form(
    request: Request, next: str | None = None, admin: str | None = None, _: Principal | None = Depends(public),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    ctx = {"next": _safe_next(next) or "", "error": None, "email": "", "first_run": await open_first_run(request, conn),
           "admin_created": admin == "dibuat"}  # fmt: skip
    return render(request, "auth/signin.html", ctx)


@router.post("/masuk", response_class=HTMLResponse)
async def sign_in(
    request: Request,
    email: str = Form(..., max_length=200),
    password: str = Form(..., max_length=500),
    next: str = Form(""),
    _: Principal | None = Depends(public),
    conn: Any = Depends(deps.connection),
) -> Any:
    client = client_address(request)
    ctx = {"next": _safe_next(next) or "", "email": email}
    try:  # throttled per address and per account in the service (failures only, before hashing)
        user, epoch = await accounts.sign_in(conn, email, password, client=client)
    except accounts.SignInRefused as exc:
        page = render(request, "auth/signin.html", ctx | {"error": str(exc)}, exc.status)
        if exc.retry_after:
            page.headers["Retry-After"] = str(int(exc.retry_after))
        return page
    start_session(request, user.id, epoch)
    status = await PartnerRepo(conn).status_of(user.employer_id) if user.employer_id is not None else None
    return RedirectResponse(_safe_next(next) or _home(user.role, status), status_code=303)


@router.post("/keluar")
async def sign_out(
    request: Request,
    principal: Principal = Depends(require_role(*ROLES, inactive_partner=True)),
    conn: Any = Depends(deps.connection),
) -> Any:
    await accounts.sign_out(conn, principal)
    end_session(request)
    return RedirectResponse("/masuk", status_code=303)

"""The first-run path on the web: while a deployment (demo off) has no admin, ``/`` offers a
one-time "buat admin pertama" form protected by a setup token printed in the server log at start.

The token lives only in the process (``app.state.setup_token``): it is made at start when no admin
exists, and dropped as soon as one does, so the form is gone for good after its one use (and a
restart of a deployment that has an admin never prints one).
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.partners import service as accounts
from api.partners.errors import FormInvalid
from api.web import deps
from api.web.auth import Principal, client_address, public
from api.web.errors import InvalidInput
from api.web.pages import render
from models.errors import Conflict

router = APIRouter(include_in_schema=False)


async def first_run_token(db: Any) -> str | None:
    """At start (demo off): a fresh setup token when the database has no admin, else None."""
    async with db.acquire() as conn:
        if await accounts.admin_exists(conn):
            return None
    return secrets.token_urlsafe(18)


def announce(token: str, base_url: str) -> str:
    """The log line that hands the token to the operator (and only to whoever reads the log)."""
    return (
        f"first run: no admin yet. Open {base_url.rstrip('/')}/ and create the first admin with setup token "
        f"{token} (or run `binakerja setup`)"
    )


async def open_first_run(request: Request, conn: Any) -> bool:
    """Whether the first-run form is on offer now; closes it for good once an admin exists (one made
    by ``binakerja setup`` while the service runs, too)."""
    if getattr(request.app.state, "setup_token", None) is None:
        return False
    if await accounts.admin_exists(conn):
        request.app.state.setup_token = None
        return False
    return True


def _home(request: Request, form: dict[str, str], errors: dict[str, str], status: int) -> Any:
    return render(request, "home.html", {"first_run": True, "setup_form": form, "setup_errors": errors}, status)


@router.post("/admin-pertama", response_class=HTMLResponse)
async def create_first_admin(
    request: Request, _: Principal | None = Depends(public), conn: Any = Depends(deps.connection)
) -> Any:
    """Create the first admin; the form comes back with every mistake next to its field."""
    if not await open_first_run(request, conn):
        return RedirectResponse("/masuk", status_code=303)
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str) and k not in ("csrf_token", "password", "password2")}
    password, again = str(raw.get("password", "")), str(raw.get("password2", ""))
    if password != again:
        return _home(request, form, {"password2": "kedua kata sandi tidak sama"}, 422)
    try:
        await accounts.first_run_setup(
            conn, expected_token=request.app.state.setup_token, token=str(raw.get("setup_token", "")),
            email=form.get("email", ""), name=form.get("name", "") or "Admin", password=password,
            client=client_address(request),
        )  # fmt: skip
    except FormInvalid as exc:
        return _home(request, form, exc.errors, 422)
    except InvalidInput as exc:
        kept = {k: v for k, v in form.items() if k != "setup_token"} if exc.field == "setup_token" else form
        return _home(request, kept, {exc.field: str(exc)}, 422)
    except Conflict as exc:
        if isinstance(exc, accounts.AdminExists):
            request.app.state.setup_token = None
            return RedirectResponse("/masuk", status_code=303)
        return _home(request, form, {"email": f"email {form.get('email', '')} sudah dipakai akun lain"}, 409)
    request.app.state.setup_token = None
    return RedirectResponse("/masuk?admin=dibuat", status_code=303)

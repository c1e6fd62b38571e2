"""Admin pages: users, API keys, audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.partners import service as accounts
from api.partners.rules import ROLE_NAMES
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.errors import Conflict, NotFound
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.places import PlacesRepo
from models.repositories.users import ROLES, UserRepo
from models.repositories.vacancies import EmployerRepo

router = APIRouter(include_in_schema=False)
staff = require_role("kemnaker_staff", "admin")
admin = require_role("admin")
AUDIT_PAGE = 50


async def _users_context(conn: Any) -> dict[str, Any]:
    ctx = await _users_lists(conn)
    ctx["org_names"] = {
        "employer": {e.id: e.name for e in ctx["employers"]}, "bapas": {b.id: b.name for b in ctx["bapas"]},
        "lsp": {x.id: x.name for x in ctx["lsps"]}, "facility": {x.id: x.name for x in ctx["facilities"]},
    }  # fmt: skip
    return ctx


async def _users_lists(conn: Any) -> dict[str, Any]:
    return {
        "users": await UserRepo(conn).list(limit=500), "roles": ROLES, "role_names": ROLE_NAMES,
        "employers": await EmployerRepo(conn).list(limit=500),
        "bapas": await PlacesRepo(conn).list_facilities("bapas"), "lsps": await CatalogueRepo(conn).list_lsps(),
        "facilities": [f for f in await PlacesRepo(conn).list_facilities() if f.kind != "bapas"],
        "keys": await _keys_by_user(conn), "new_key": None, "error": None, "error_field": None, "form": {},
        "scope_kind_of_role": {role: SCOPE_KINDS[key] for role, key in accounts.SCOPE_OF_ROLE.items()},
        "scope_names": {SCOPE_KINDS[k]: v for k, v in SCOPE_NAMES.items()},
    }  # fmt: skip


async def _keys_by_user(conn: Any) -> dict[int, list[Any]]:
    """Every user's API keys in one query (was one query per user)."""
    keys: dict[int, list[Any]] = {}
    for k in await UserRepo(conn).list_keys():
        keys.setdefault(k.user_id, []).append(k)
    return keys


@router.get("/admin/pengguna", response_class=HTMLResponse)
async def users_page(request: Request, _: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> Any:
    return render(request, "admin/users.html", await _users_context(conn))


def _opt_int(value: str) -> int | None:
    return int(value) if value.strip() else None


SCOPE_KINDS = {"employer_id": "employer", "bapas_id": "bapas", "lsp_id": "lsp", "facility_id": "facility"}
SCOPE_NAMES = {"employer_id": "pemberi kerja", "bapas_id": "Bapas", "lsp_id": "LSP", "facility_id": "lapas/rutan/LPKA"}


def _scope(role: str, value: str) -> dict[str, int]:
    """The scope picked in the form (``bapas:3``) for ``role``: it must be of the role's kind."""
    key = accounts.SCOPE_OF_ROLE.get(role)
    if not value.strip():
        return {}
    kind, _, number = value.strip().partition(":")
    if key is None:
        raise InvalidInput("scope_id", f"peran {role} tidak memakai lingkup; kosongkan pilihan lingkup")
    if kind != SCOPE_KINDS[key] or not number.isdigit():
        name = SCOPE_NAMES[key]
        raise InvalidInput("scope_id", f"peran {role} memerlukan lingkup {name}; pilih dari daftar {name}")
    return {key: int(number)}


@router.post("/admin/pengguna", response_class=HTMLResponse)
async def add_user(
    request: Request, email: str = Form(""), name: str = Form(""), role: str = Form(""), password: str = Form(""),
    scope_id: str = Form(""), nip: str = Form(""), principal: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    try:
        scope = _scope(role, scope_id)
        await accounts.create_user_with_nip(conn, principal.actor, nip=nip, email=email, name=name, role=role,
                                            password=password, **scope)  # fmt: skip
    except (InvalidInput, Conflict, ValueError) as exc:
        if isinstance(exc, InvalidInput):
            field, message = exc.field, str(exc)
        elif isinstance(exc, Conflict):  # the only unique key of users is the email
            field, message = "email", "email ini sudah dipakai pengguna lain"
        else:
            field, message = None, str(exc)
        typed = {"email": email, "name": name, "role": role, "scope_id": scope_id, "nip": nip}
        ctx = await _users_context(conn) | {"error": message, "error_field": field, "form": typed}
        return render(request, "admin/users.html", ctx, 422)
    return RedirectResponse("/admin/pengguna", status_code=303)


@router.post("/admin/pengguna/{user_id}/kunci", response_class=HTMLResponse)
async def add_key(request: Request, user_id: int, label: str = Form(""), principal: Principal = Depends(admin),
                  conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    key, full = await accounts.issue_api_key(conn, principal.actor, user_id, label)
    ctx = await _users_context(conn)
    return render(request, "admin/users.html", ctx | {"new_key": full, "new_key_user": user_id})


async def _key(conn: Any, key_id: int) -> Any:
    for k in await UserRepo(conn).list_keys():
        if k.id == key_id:
            return k
    raise NotFound("api key", key_id)


@router.get("/admin/kunci/{key_id}/cabut", response_class=HTMLResponse)
async def revoke_key_confirm(request: Request, key_id: int, _: Principal = Depends(admin),
                             conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Ask before revoking: what the key is, whose, and what revoking does."""
    key = await _key(conn, key_id)
    user = await UserRepo(conn).get(key.user_id)
    return render(request, "admin/confirm.html", {"kind": "key", "key": key, "user": user})


@router.post("/admin/kunci/{key_id}/cabut")
async def revoke_key(request: Request, key_id: int, confirm: str = Form(""), principal: Principal = Depends(admin),
                     conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Revoke a key once confirmed (``confirm=ya``, from the confirmation page); otherwise ask."""
    if confirm != "ya":
        return RedirectResponse(f"/admin/kunci/{key_id}/cabut", status_code=303)
    await accounts.revoke_api_key(conn, principal.actor, key_id)
    return RedirectResponse("/admin/pengguna", status_code=303)


@router.get("/admin/pengguna/{user_id}/nonaktifkan", response_class=HTMLResponse)
async def deactivate_confirm(request: Request, user_id: int, principal: Principal = Depends(admin),
                             conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Ask before deactivating a user: who, and what deactivation does."""
    user = await UserRepo(conn).get(user_id)
    keys = [k for k in await UserRepo(conn).list_keys(user_id) if not k.revoked_at]
    return render(request, "admin/confirm.html", {"kind": "user", "user": user, "live_keys": len(keys),
                                                  "is_self": user_id == principal.user_id})  # fmt: skip


@router.post("/admin/pengguna/{user_id}/aktif")
async def set_active(request: Request, user_id: int, active: bool = Form(False), confirm: str = Form(""),
                     principal: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Activate a user, or deactivate one once confirmed (``confirm=ya``); otherwise ask."""
    if user_id == principal.user_id and not active:
        raise InvalidInput("active", "admin tidak dapat menonaktifkan akunnya sendiri")
    if not active and confirm != "ya":
        return RedirectResponse(f"/admin/pengguna/{user_id}/nonaktifkan", status_code=303)
    await accounts.set_user_active(conn, principal.actor, user_id, active)
    return RedirectResponse("/admin/pengguna", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
async def audit_page(
    request: Request, actor: str = "", subject: str = "", action: str = "", since: str = "",
    page: int = Query(1, ge=1), _: Principal = Depends(admin), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    try:
        when = datetime.fromisoformat(since) if since else None
        actor_id, subject_id = _opt_int(actor), _opt_int(subject)
    except ValueError as exc:
        raise InvalidInput("since", "filter tidak valid: pakai angka untuk id dan YYYY-MM-DD untuk tanggal") from exc
    repo = AuditRepo(conn)
    events = await repo.search(actor_user_id=actor_id, subject_inmate_id=subject_id, action=action or None,
                               since=when, limit=AUDIT_PAGE + 1, offset=(page - 1) * AUDIT_PAGE)  # fmt: skip
    query = {"actor": actor, "subject": subject, "action": action, "since": since}
    api = {"actor_user_id": actor, "subject_inmate_id": subject, "action": action, "since": since}
    names = await repo.actor_names([e.actor_user_id for e in events if e.actor_user_id])
    return render(request, "admin/audit.html", {
        "events": events[:AUDIT_PAGE], "more": len(events) > AUDIT_PAGE, "page": page, "query": query,
        "names": names, "actions": await repo.actions(), "users": await UserRepo(conn).list(limit=500),
        "here": urlencode({k: v for k, v in query.items() if v}),
        "csv_query": urlencode({k: v for k, v in api.items() if v} | {"limit": "1000", "format": "csv"}),
    })  # fmt: skip

"""Admin JSON API: users, API keys and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from api.partners import service as accounts
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.downloads import csv_response, wants_csv
from models.records import ApiKey, User
from models.repositories.audit import AuditRepo
from models.repositories.users import UserRepo

router = APIRouter(prefix="/api/v1", tags=["admin"])
admin = require_role("admin")


class UserIn(BaseModel):
    email: str = Field(..., examples=["pk.bandung@bapas.example.id"])
    name: str = Field(..., examples=["Rina Pembimbing"])
    role: str = Field(..., examples=["bapas_officer"])
    password: str = Field(..., min_length=10, max_length=500)
    employer_id: int | None = None
    bapas_id: int | None = None
    lsp_id: int | None = None
    assessor_id: int | None = None
    facility_id: int | None = Field(None, description="training_staff: the Lapas/Rutan/LPKA they work at")


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: str
    employer_id: int | None
    bapas_id: int | None
    lsp_id: int | None
    active: bool


class UserPage(BaseModel):
    items: list[UserOut]
    total: int
    limit: int
    offset: int


class KeyIn(BaseModel):
    label: str = Field("", max_length=100, examples=["sistem HR PT Baja"])


class KeyOut(BaseModel):
    id: int
    user_id: int
    prefix: str
    label: str
    created_at: datetime
    revoked_at: datetime | None
    key: str | None = Field(None, description="the full key: returned once, at creation, never again")


def user_out(u: User) -> UserOut:
    return UserOut(id=u.id, email=u.email, name=u.name, role=u.role, employer_id=u.employer_id,
                   bapas_id=u.bapas_id, lsp_id=u.lsp_id, active=u.active)  # fmt: skip


def key_out(k: ApiKey, full: str | None = None) -> KeyOut:
    return KeyOut(id=k.id, user_id=k.user_id, prefix=k.prefix, label=k.label, created_at=k.created_at,
                  revoked_at=k.revoked_at, key=full)  # fmt: skip


@router.get("/users", response_model=UserPage)
async def list_users(
    role: str | None = None, limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0),
    _: Principal = Depends(admin), conn: Any = Depends(deps.connection),
) -> UserPage:  # fmt: skip
    """All users, by role then email."""
    repo = UserRepo(conn)
    users = await repo.list(role=role, limit=limit, offset=offset)
    return UserPage(items=[user_out(u) for u in users], total=await repo.count(role=role), limit=limit, offset=offset)


@router.post("/users", response_model=UserOut, status_code=201)
async def add_user(
    body: UserIn, principal: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> UserOut:
    """Add a user; employer, bapas_officer and lsp_assessor need their scope id (422 names the field)."""
    user = await accounts.create_user(conn, principal.actor, **body.model_dump())
    return user_out(user)


@router.get("/users/{user_id}/keys", response_model=list[KeyOut])
async def list_keys(user_id: int, _: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> list[KeyOut]:
    """A user's API keys (prefix and label only; the secret is never stored)."""
    return [key_out(k) for k in await UserRepo(conn).list_keys(user_id)]


@router.post("/users/{user_id}/keys", response_model=KeyOut, status_code=201)
async def add_key(user_id: int, body: KeyIn, principal: Principal = Depends(admin),
                  conn: Any = Depends(deps.connection)) -> KeyOut:  # fmt: skip
    """Issue an API key for a user. The full key is in the response once; store it then."""
    key, full = await accounts.issue_api_key(conn, principal.actor, user_id, body.label)
    return key_out(key, full)


@router.delete("/keys/{key_id}", response_model=KeyOut)
async def revoke_key(
    key_id: int, principal: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> KeyOut:
    """Revoke a key with immediate effect."""
    return key_out(await accounts.revoke_api_key(conn, principal.actor, key_id))


@router.get("/audit")
async def audit_log(
    request: Request, actor_user_id: int | None = None, subject_inmate_id: int | None = None,
    action: str | None = None, since: datetime | None = None, limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0), format: str | None = Query(None, pattern="^(json|csv)$"),
    _: Principal = Depends(admin), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Search the append-only audit log, newest first; `format=csv` exports the same search (every
    filter applies), with the acting user's name and email."""
    events = await AuditRepo(conn).search(actor_user_id=actor_user_id, subject_inmate_id=subject_inmate_id,
                                          action=action, since=since, limit=limit, offset=offset)  # fmt: skip
    names = await AuditRepo(conn).actor_names([e.actor_user_id for e in events if e.actor_user_id])
    rows = [[e.id, e.at.isoformat(), e.actor_user_id, e.actor_role, e.action, e.object_type, e.object_id,
             e.subject_inmate_id, e.reason, names.get(e.actor_user_id or 0, "")] for e in events]  # fmt: skip
    cols = [
        "id",
        "at",
        "actor_user_id",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "subject_inmate_id",
        "reason",
        "actor_name",
    ]
    if wants_csv(request, format):
        return csv_response(cols, rows, "audit.csv")
    return {"items": [dict(zip(cols, r)) for r in rows], "limit": limit, "offset": offset}

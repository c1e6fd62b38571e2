"""Admin pages of the feeds: connectors, their runs and errors; create, edit, deactivate, run now.

Admins change connectors; Kemnaker staff see the same pages read-only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.feeds import rules, service
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.errors import Conflict

router = APIRouter(include_in_schema=False)
readers = require_role("admin", "kemnaker_staff")
admin = require_role("admin")
FORM_FIELDS = ("name", "kind", "url", "interval_minutes", "employer_id", "facility_id")


async def _list_context(conn: Any, principal: Principal) -> dict[str, Any]:
    return {
        "connectors": await service.list_connectors(conn), "kinds": rules.KINDS, "kind_labels": rules.KIND_LABELS,
        "run_labels": rules.RUN_LABELS,
        "can_edit": principal.role == "admin", "error": None, "error_field": None,
        "form": {"kind": "vacancy_portal", "interval_minutes": "60", "active": True},
        **await service.form_choices(conn),
    }  # fmt: skip


async def _detail_context(conn: Any, principal: Principal, connector_id: int) -> dict[str, Any]:
    connector, runs = await service.connector_detail(conn, principal.actor, connector_id)
    form = {name: "" if getattr(connector, name) is None else str(getattr(connector, name)) for name in FORM_FIELDS}
    return {
        "connector": connector, "runs": runs, "kind_labels": rules.KIND_LABELS, "run_labels": rules.RUN_LABELS,
        "can_edit": principal.role == "admin",
        "error": None, "error_field": None, "form": form | {"active": connector.active}, "message": None,
        **await service.form_choices(conn),
    }  # fmt: skip


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    """What the admin typed, to show again (never the token)."""
    return {k: v for k, v in values.items() if k != "token"} | {"active": values.get("active") == "true"}


@router.get("/admin/feed", response_class=HTMLResponse)
async def feeds_page(
    request: Request, principal: Principal = Depends(readers), conn: Any = Depends(deps.connection)
) -> Any:
    return render(request, "feeds/list.html", await _list_context(conn, principal))


@router.post("/admin/feed", response_class=HTMLResponse)
async def create_feed(
    request: Request, name: str = Form(""), kind: str = Form(""), url: str = Form(""), token: str = Form(""),
    interval_minutes: str = Form("60"), employer_id: str = Form(""), facility_id: str = Form(""),
    active: str = Form(""), principal: Principal = Depends(admin), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    values = {"name": name, "kind": kind, "url": url, "token": token, "interval_minutes": interval_minutes,
              "employer_id": employer_id, "facility_id": facility_id, "active": active}  # fmt: skip
    try:
        c = await service.create_connector(
            conn,
            principal.actor,
            service.connector_input(values),
            request.app.state.cipher,
            allow_private=request.app.state.settings.outbound_allow_private,
        )
    except InvalidInput as exc:
        ctx = await _list_context(conn, principal)
        ctx |= {"error": str(exc), "error_field": exc.field, "form": _typed(values)}
        return render(request, "feeds/list.html", ctx, 422)
    return RedirectResponse(f"/admin/feed/{c.id}", status_code=303)


@router.get("/admin/feed/{connector_id}", response_class=HTMLResponse)
async def feed_page(
    request: Request, connector_id: int, principal: Principal = Depends(readers), conn: Any = Depends(deps.connection)
) -> Any:
    return render(request, "feeds/detail.html", await _detail_context(conn, principal, connector_id))


@router.post("/admin/feed/{connector_id}", response_class=HTMLResponse)
async def update_feed(
    request: Request, connector_id: int, name: str = Form(""), url: str = Form(""), token: str = Form(""),
    clear_token: str = Form(""), interval_minutes: str = Form("60"), employer_id: str = Form(""),
    facility_id: str = Form(""), active: str = Form(""), principal: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    ctx = await _detail_context(conn, principal, connector_id)
    values = {"name": name, "kind": ctx["connector"].kind, "url": url, "token": token, "clear_token": clear_token,
              "interval_minutes": interval_minutes, "employer_id": employer_id, "facility_id": facility_id,
              "active": active}  # fmt: skip
    try:
        await service.update_connector(
            conn,
            principal.actor,
            connector_id,
            service.connector_input(values),
            request.app.state.cipher,
            allow_private=request.app.state.settings.outbound_allow_private,
        )
    except InvalidInput as exc:
        ctx |= {"error": str(exc), "error_field": exc.field, "form": _typed(values)}
        return render(request, "feeds/detail.html", ctx, 422)
    return RedirectResponse(f"/admin/feed/{connector_id}", status_code=303)


@router.post("/admin/feed/{connector_id}/aktif")
async def set_active(
    connector_id: int, active: str = Form(""), principal: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    await service.set_active(conn, principal.actor, connector_id, active == "true")
    return RedirectResponse(f"/admin/feed/{connector_id}", status_code=303)


@router.post("/admin/feed/{connector_id}/jalankan", response_class=HTMLResponse)
async def run_now(
    request: Request, connector_id: int, principal: Principal = Depends(admin), conn: Any = Depends(deps.connection),
    encoder: Any = Depends(deps.encoder), clock: Any = Depends(deps.clock), matcher: Any = Depends(deps.matcher),
) -> Any:  # fmt: skip
    try:
        await service.run_connector(
            conn, principal.actor, connector_id, cipher=request.app.state.cipher, encoder=encoder,
            client=getattr(request.app.state, "feed_client", None), today=clock.today(),
            allow_private=request.app.state.settings.outbound_allow_private, matcher=matcher,
        )  # fmt: skip
    except Conflict as exc:
        ctx = await _detail_context(conn, principal, connector_id)
        return render(request, "feeds/detail.html", ctx | {"error": str(exc)}, 409)
    return RedirectResponse(f"/admin/feed/{connector_id}", status_code=303)

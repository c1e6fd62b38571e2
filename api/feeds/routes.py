"""Feeds in over JSON: connectors (admin writes, Kemnaker staff reads), their runs, and "run now"."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from api.feeds import service
from api.web import deps
from api.web.auth import Principal, require_role
from models.repositories.feeds import FeedConnector, FeedRun

router = APIRouter(prefix="/api/v1/feeds", tags=["feeds"])
readers = require_role("admin", "kemnaker_staff")
admin = require_role("admin")


class ConnectorBody(BaseModel):
    """A connector's settings. ``token`` is write-only (stored encrypted, never returned); on update
    an empty token keeps the stored one unless ``clear_token``."""

    name: str = Field(description="lower-case name, 2-63 characters: letters, digits, '-', '_'")
    kind: str = Field(description="vacancy_portal | sdp_delta (fixed after creation)")
    url: str = Field(description="feed address; the service adds ?since=<cursor>")
    token: str = ""
    interval_minutes: int = 60
    employer_id: int | None = Field(None, description="vacancy_portal: the employer whose vacancies the feed holds")
    facility_id: int | None = Field(None, description="sdp_delta: only people of this lapas/rutan/LPKA (optional)")
    active: bool = True
    clear_token: bool = False


def connector_json(c: FeedConnector, last: FeedRun | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id, "name": c.name, "kind": c.kind, "url": c.url, "has_token": c.has_token,
        "interval_minutes": c.interval_minutes, "employer_id": c.employer_id, "facility_id": c.facility_id,
        "active": c.active, "last_cursor": c.last_cursor, "last_run_at": c.last_run_at, "last_status": c.last_status,
    }  # fmt: skip
    if last is not None:
        out["last_run"] = run_json(last)
    return out


def run_json(r: FeedRun) -> dict[str, Any]:
    return {
        "id": r.id, "connector_id": r.connector_id, "started_at": r.started_at, "finished_at": r.finished_at,
        "status": r.status, "trigger": r.trigger, "records_seen": r.records_seen,
        "records_applied": r.records_applied, "cursor_before": r.cursor_before, "cursor_after": r.cursor_after,
        "errors": list(r.errors),
    }  # fmt: skip


def _values(body: ConnectorBody) -> dict[str, Any]:
    return body.model_dump()


@router.get("")
async def list_feeds(_: Principal = Depends(readers), conn: Any = Depends(deps.connection)) -> list[dict[str, Any]]:
    """Every connector with its newest run."""
    return [connector_json(c, last) for c, last in await service.list_connectors(conn)]


@router.post("", status_code=201)
async def create_feed(
    request: Request, body: ConnectorBody, principal: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Register a connector (admin)."""
    c = await service.create_connector(
        conn,
        principal.actor,
        service.connector_input(_values(body)),
        request.app.state.cipher,
        allow_private=request.app.state.settings.outbound_allow_private,
    )
    return connector_json(c)


@router.get("/{connector_id}")
async def get_feed(
    connector_id: int, principal: Principal = Depends(readers), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """A connector and its latest 20 runs, with each failed run's errors (record, field, message)."""
    c, runs = await service.connector_detail(conn, principal.actor, connector_id)
    return connector_json(c) | {"runs": [run_json(r) for r in runs]}


@router.put("/{connector_id}")
async def update_feed(
    request: Request, connector_id: int, body: ConnectorBody, principal: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> dict[str, Any]:  # fmt: skip
    """Change a connector's settings (admin); the kind cannot change."""
    values = service.connector_input(_values(body))
    c = await service.update_connector(
        conn,
        principal.actor,
        connector_id,
        values,
        request.app.state.cipher,
        allow_private=request.app.state.settings.outbound_allow_private,
    )
    return connector_json(c)


@router.post("/{connector_id}/deactivate")
async def deactivate_feed(
    connector_id: int, principal: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """Stop scheduled runs of a connector (its history is kept)."""
    await service.set_active(conn, principal.actor, connector_id, False)
    return {"id": connector_id, "active": False}


@router.post("/{connector_id}/activate")
async def activate_feed(
    connector_id: int, principal: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    await service.set_active(conn, principal.actor, connector_id, True)
    return {"id": connector_id, "active": True}


@router.post("/{connector_id}/run")
async def run_feed(
    request: Request, connector_id: int, principal: Principal = Depends(admin), conn: Any = Depends(deps.connection),
    encoder: Any = Depends(deps.encoder), clock: Any = Depends(deps.clock), matcher: Any = Depends(deps.matcher),
) -> dict[str, Any]:  # fmt: skip
    """Run the connector now (admin), also when inactive; answers with the recorded run. 409 while
    another run of the same connector is in progress."""
    run = await service.run_connector(
        conn, principal.actor, connector_id, cipher=request.app.state.cipher, encoder=encoder,
        client=getattr(request.app.state, "feed_client", None), today=clock.today(),
        allow_private=request.app.state.settings.outbound_allow_private, matcher=matcher,
    )  # fmt: skip
    return run_json(run)

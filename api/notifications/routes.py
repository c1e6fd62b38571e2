"""Notifications JSON API: the caller's inbox and preferences; employers' webhook subscriptions
and their delivery logs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from api.notifications import rules
from api.notifications import service as notifications
from api.web import deps
from api.web.auth import Principal, require_role
from models.repositories.users import ROLES

router = APIRouter(prefix="/api/v1", tags=["notifications"])
everyone = require_role(*ROLES, inactive_partner=True)
employer = require_role("employer")


class NotificationOut(BaseModel):
    id: int
    kind: str
    subject: str
    text: str
    link: str
    read_at: datetime | None
    created_at: datetime


class InboxOut(BaseModel):
    items: list[NotificationOut]
    total: int
    unread: int
    page: int
    size: int


@router.get("/notifications", response_model=InboxOut)
async def list_notifications(
    request: Request, page: int = Query(1, ge=1, le=10_000), principal: Principal = Depends(everyone),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Your own notifications, newest first (``lang=en`` for English text)."""
    box = await notifications.inbox(conn, principal, page=page, lang=getattr(request.state, "lang", "id"))
    items = [
        NotificationOut(
            id=e.item.id,
            kind=e.item.kind,
            subject=e.message.subject,
            text=e.message.text,
            link=e.message.link,
            read_at=e.item.read_at,
            created_at=e.item.created_at,
        )  # fmt: skip
        for e in box.entries
    ]
    return InboxOut(items=items, total=box.total, unread=box.unread, page=box.page, size=box.size)


class MarkedOut(BaseModel):
    changed: int


@router.post("/notifications/{item_id}/read", response_model=MarkedOut)
async def read_notification(
    item_id: int, principal: Principal = Depends(everyone), conn: Any = Depends(deps.connection)
) -> Any:
    """Mark one of your notifications read (another user's is 404)."""
    return MarkedOut(changed=await notifications.mark_read(conn, principal, item_id))


@router.post("/notifications/read-all", response_model=MarkedOut)
async def read_all(principal: Principal = Depends(everyone), conn: Any = Depends(deps.connection)) -> Any:
    """Mark all your notifications read."""
    return MarkedOut(changed=await notifications.mark_read(conn, principal, None))


class PreferenceItem(BaseModel):
    kind: str
    channel: str
    enabled: bool


class PreferencesOut(BaseModel):
    items: list[PreferenceItem]
    phone: str | None


class PreferencesIn(BaseModel):
    enabled: list[PreferenceItem] = Field(default_factory=list, max_length=100)
    phone: str = Field("", max_length=40, examples=["0812 3456 7890"])


def _prefs_out(p: notifications.Preferences) -> PreferencesOut:
    items = [PreferenceItem(kind=k, channel=c, enabled=p.enabled[(k, c)]) for k in p.kinds for c in p.channels]
    return PreferencesOut(items=items, phone=p.phone)


@router.get("/notification-preferences", response_model=PreferencesOut)
async def get_preferences(
    request: Request, principal: Principal = Depends(everyone), conn: Any = Depends(deps.connection)
) -> Any:
    """Which events reach you on which of this deployment's channels."""
    return _prefs_out(await notifications.preferences(conn, principal, request.app.state.notification_channels))


@router.put("/notification-preferences", response_model=PreferencesOut)
async def put_preferences(
    request: Request, body: PreferencesIn, principal: Principal = Depends(everyone),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Replace your choices: every (kind, channel) not listed with ``enabled: true`` is off."""
    chosen = {(i.kind, i.channel) for i in body.enabled if i.enabled}
    channels = request.app.state.notification_channels
    return _prefs_out(await notifications.save_preferences(conn, principal, channels, chosen, body.phone))


class WebhookIn(BaseModel):
    url: str = Field(..., max_length=500, examples=["https://hr.example.co.id/binakerja/hooks"])
    event_kinds: list[str] = Field(..., min_length=1, max_length=10, examples=[list(rules.WEBHOOK_KINDS)])


class WebhookOut(BaseModel):
    id: int
    url: str
    event_kinds: list[str]
    active: bool
    created_at: datetime
    secret: str | None = Field(None, description="Only in the answer that creates the subscription.")


def _hook(sub: Any, secret: str | None = None) -> WebhookOut:
    return WebhookOut(id=sub.id, url=sub.url, event_kinds=list(sub.event_kinds), active=sub.active,
                      created_at=sub.created_at, secret=secret)  # fmt: skip


@router.get("/webhooks", response_model=list[WebhookOut])
async def list_webhooks(principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)) -> Any:
    """Your partner's webhook subscriptions (secrets are never shown again)."""
    return [_hook(s) for s in await notifications.subscriptions(conn, principal)]


@router.post("/webhooks", response_model=WebhookOut, status_code=201)
async def create_webhook(
    request: Request, body: WebhookIn, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> Any:
    """Subscribe a URL to ``vacancy.strong_matches`` and/or ``application.stage_changed`` of your own
    vacancies. The answer carries the signing secret once. Each delivery is a POST with
    ``X-Binakerja-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`` and
    ``X-Binakerja-Delivery`` (the idempotency key, the same on every retry)."""
    sub, secret = await notifications.subscribe(
        conn, principal, body.url, body.event_kinds, cipher=deps.cipher(request),
        allow_http=request.app.state.settings.webhook_allow_http,
        allow_private=request.app.state.settings.outbound_allow_private,
    )  # fmt: skip
    return _hook(sub, secret)


@router.delete("/webhooks/{subscription_id}", response_model=WebhookOut)
async def delete_webhook(
    subscription_id: int, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> Any:
    """Deactivate a subscription (its log stays)."""
    return _hook(await notifications.unsubscribe(conn, principal, subscription_id))


class AttemptOut(BaseModel):
    at: str
    code: int | None
    error: str | None


class WebhookDeliveryOut(BaseModel):
    id: int
    event_id: int
    kind: str
    idempotency_key: str
    status: str
    attempts: int
    response_code: int | None
    last_error: str | None
    next_attempt_at: datetime
    sent_at: datetime | None
    created_at: datetime
    attempt_log: list[AttemptOut]


@router.get("/webhooks/{subscription_id}/deliveries", response_model=list[WebhookDeliveryOut])
async def webhook_deliveries(
    subscription_id: int, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> Any:
    """The latest 50 deliveries of one of your subscriptions, with every attempt."""
    _, items = await notifications.delivery_log(conn, principal, subscription_id)
    return [
        WebhookDeliveryOut(
            id=d.id,
            event_id=d.event_id,
            kind=d.kind,
            idempotency_key=d.idempotency_key,
            status=d.status,
            attempts=d.attempts,
            response_code=d.response_code,
            last_error=d.last_error,
            next_attempt_at=d.next_attempt_at,
            sent_at=d.sent_at,
            created_at=d.created_at,
            attempt_log=[
                AttemptOut(at=str(a.get("at")), code=a.get("code"), error=a.get("error")) for a in d.attempt_log
            ],
        )  # fmt: skip
        for d in items
    ]

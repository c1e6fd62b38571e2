"""Notification use cases: recording events (called by other capabilities inside their own
transaction), the in-app inbox, preferences, and employers' webhook subscriptions.

``record_event`` only writes the outbox row: who is told, on which channel, happens later in the
worker (api/notifications/delivery.py), so the caller's transaction stays short and an event
exists exactly when the change that caused it was committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from api.notifications import rules
from api.web import outbound
from api.web.auth import Principal
from api.web.errors import InvalidInput
from models.errors import NotFound
from models.records import Application, Vacancy
from models.repositories.audit import AuditRepo
from models.repositories.inmates import InmateRepo
from models.repositories.notifications import InboxItem, NotificationRepo
from models.repositories.partners import PartnerRepo
from models.repositories.webhooks import WebhookDelivery, WebhookRepo, WebhookSubscription

PAGE_SIZE = 20


def _now() -> datetime:
    return datetime.now(UTC)


# --- emission (other capabilities call these inside their transaction) -------------------------
async def record_event(conn: Any, kind: str, payload: dict[str, Any], *, dedupe_key: str | None = None) -> int | None:
    """Write one event to the outbox on the caller's connection (and so in its transaction).
    None when ``dedupe_key`` was used before (a repeated scan)."""
    if kind not in rules.KINDS:
        raise ValueError(f"unknown notification event {kind!r}")
    return await NotificationRepo(conn).add_event(kind, payload, dedupe_key)


async def application_stage_changed(conn: Any, app: Application, vacancy: Vacancy, from_stage: str | None) -> None:
    """An employer shortlisted a candidate (``from_stage`` None) or moved an application on: the
    client's officers (and the partner's webhooks) hear."""
    person = await InmateRepo(conn).get(app.inmate_id)
    employer = (await PartnerRepo(conn).get(vacancy.employer_id)).employer
    await record_event(conn, rules.STAGE_CHANGED, {
        "application_id": app.id, "vacancy_id": vacancy.id, "vacancy_external_id": vacancy.external_id,
        "vacancy_title": vacancy.title, "employer_id": vacancy.employer_id, "employer_name": employer.name,
        "inmate_id": app.inmate_id, "pseudonym": person.pseudonym, "from": from_stage, "to": app.stage,
    })  # fmt: skip


CERTIFICATE_KINDS = {
    "issued": rules.CERTIFICATE_ISSUED,
    "suspended": rules.CERTIFICATE_SUSPENDED,
    "revoked": rules.CERTIFICATE_REVOKED,
}


async def certificate_changed(conn: Any, change: str, facts: dict[str, object]) -> None:
    """A certificate was issued, suspended or revoked (``facts``: certificate_id, number, scheme,
    inmate_id): the person's officers hear. The holder has no contact on file (inmates carry no
    phone or e-mail), so the holder is told through the claim-code page only."""
    kind = CERTIFICATE_KINDS.get(change)
    if kind is None:
        return  # unsuspend, renewal of the old row: nobody is told
    inmate_id = facts.get("inmate_id")
    pseudonym = None
    if isinstance(inmate_id, int):
        try:
            pseudonym = (await InmateRepo(conn).get(inmate_id)).pseudonym
        except NotFound:
            pseudonym = None
    await record_event(conn, kind, {**facts, "pseudonym": pseudonym})


async def partner_status_changed(conn: Any, employer_id: int, status: str, reason: str | None) -> None:
    """Kemnaker verified (or reactivated) or suspended a partner: its users hear."""
    kind = {"active": rules.PARTNER_VERIFIED, "suspended": rules.PARTNER_SUSPENDED}.get(status)
    if kind is not None:
        await record_event(conn, kind, {"employer_id": employer_id, "status": status, "reason": reason})


class EventSink:
    """``certification.ports.EventSink`` over one connection: certificate events into the outbox."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    async def record(self, change: str, facts: dict[str, object]) -> None:
        await certificate_changed(self.conn, change, facts)


# --- inbox -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InboxEntry:
    item: InboxItem
    message: rules.Message


@dataclass(frozen=True)
class InboxPage:
    entries: list[InboxEntry]
    total: int
    unread: int
    page: int
    size: int


def _subjects(items: list[InboxItem]) -> list[int]:
    ids = {i.payload.get("inmate_id") for i in items}
    return sorted(i for i in ids if isinstance(i, int))


async def inbox(conn: Any, principal: Principal, *, page: int = 1, lang: str = "id") -> InboxPage:
    """One page of the user's own messages, newest first; an audited read (the people named)."""
    page = max(page, 1)
    repo = NotificationRepo(conn)
    items = await repo.inbox(principal.user_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    await AuditRepo(conn).add(principal.actor, "notification.list", "user", principal.user_id,
                              detail={"page": page, "shown": len(items)})  # fmt: skip
    await AuditRepo(conn).add_reads(principal.actor, "notification.read_subject", _subjects(items))
    entries = [InboxEntry(i, rules.message(i.kind, i.payload, lang)) for i in items]
    return InboxPage(entries, await repo.count_inbox(principal.user_id), await repo.unread_count(principal.user_id),
                     page, PAGE_SIZE)  # fmt: skip


async def unread_count(conn: Any, principal: Principal) -> int:
    return await NotificationRepo(conn).unread_count(principal.user_id)


async def mark_read(conn: Any, principal: Principal, item_id: int | None) -> int:
    """Mark one own message (or, with None, all) read; another user's message is "not found"."""
    repo = NotificationRepo(conn)
    async with conn.transaction():
        if item_id is not None and not await repo.inbox_item_exists(principal.user_id, item_id):
            raise NotFound("notification", item_id)
        changed = await repo.mark_read(principal.user_id, item_id, _now())
        await AuditRepo(conn).add(principal.actor, "notification.mark_read", "notification",
                                  "all" if item_id is None else item_id, detail={"changed": changed})  # fmt: skip
    return changed


# --- preferences -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preferences:
    kinds: tuple[str, ...]
    channels: tuple[str, ...]
    enabled: dict[tuple[str, str], bool]  # (kind, channel) -> on
    phone: str | None


async def preferences(conn: Any, principal: Principal, channels: tuple[str, ...]) -> Preferences:
    repo = NotificationRepo(conn)
    stored = await repo.preferences([principal.user_id])
    kinds = rules.kinds_for(principal.role)
    on = {(k, c): rules.enabled(stored, principal.user_id, k, c) for k in kinds for c in channels}
    return Preferences(kinds, channels, on, await repo.phone_of(principal.user_id))


async def stored_phone(conn: Any, principal: Principal) -> str | None:
    return await NotificationRepo(conn).phone_of(principal.user_id)


async def save_preferences(
    conn: Any, principal: Principal, channels: tuple[str, ...], chosen: set[tuple[str, str]], phone: str
) -> Preferences:
    """Store the user's choice for every (kind, channel) shown, and the gateway phone number.
    A bad number is ``InvalidInput`` on ``phone`` and nothing is stored."""
    try:
        number = rules.normalise_phone(phone)
    except ValueError as exc:
        raise InvalidInput("phone", str(exc)) from None
    kinds = rules.kinds_for(principal.role)
    rows = [(k, c, (k, c) in chosen) for k in kinds for c in channels]
    repo = NotificationRepo(conn)
    async with conn.transaction():
        await repo.set_preferences(principal.user_id, rows, _now())
        await repo.set_phone(principal.user_id, number, _now())
        await AuditRepo(conn).add(principal.actor, "notification.preferences", "user", principal.user_id,
                                  detail={"off": sorted(f"{k}:{c}" for k, c, on in rows if not on),
                                          "phone": number is not None})  # fmt: skip
    return await preferences(conn, principal, channels)


# --- webhooks ----------------------------------------------------------------------------------
def _employer(principal: Principal) -> int:
    if principal.role != "employer" or principal.employer_id is None:
        raise NotFound("webhook", None)
    return principal.employer_id


async def subscriptions(conn: Any, principal: Principal) -> list[WebhookSubscription]:
    return await WebhookRepo(conn).list_for_employer(_employer(principal))


async def subscribe(
    conn: Any,
    principal: Principal,
    url: str,
    kinds: list[str],
    *,
    cipher: Any,
    allow_http: bool = False,
    allow_private: bool = False,
) -> tuple[WebhookSubscription, str]:
    """A new subscription of the employer's own partner and its secret (returned once, stored
    encrypted). ``InvalidInput`` on ``url`` or ``event_kinds`` writes nothing. A URL whose host is
    (or resolves to) a loopback, private, link-local or other non-public address is refused
    unless ``allow_private`` (``BINAKERJA_OUTBOUND_ALLOW_PRIVATE``; every send checks again)."""
    employer_id = _employer(principal)
    url = (url or "").strip()
    problem = rules.check_webhook_url(url, allow_http=allow_http)
    if not problem:
        problem = await outbound.url_refusal(url, allow_private=allow_private)
    if problem:
        raise InvalidInput("url", problem)
    chosen = [k for k in rules.WEBHOOK_KINDS if k in set(kinds)]
    if not chosen or len(set(kinds) - set(rules.WEBHOOK_KINDS)) > 0:
        raise InvalidInput("event_kinds", "pilih minimal satu jenis peristiwa yang tersedia")
    secret = "whsec_" + secrets.token_urlsafe(32)
    async with conn.transaction():
        sub = await WebhookRepo(conn).add_subscription(
            employer_id, url, cipher.encrypt(secret, "webhook_secret"), chosen, principal.user_id
        )
        await AuditRepo(conn).add(principal.actor, "webhook.subscribe", "webhook", sub.id,
                                  detail={"url": url, "kinds": chosen})  # fmt: skip
    return sub, secret


async def unsubscribe(conn: Any, principal: Principal, subscription_id: int) -> WebhookSubscription:
    repo = WebhookRepo(conn)
    async with conn.transaction():
        sub = await repo.get(_employer(principal), subscription_id)
        await repo.deactivate(sub.id, _now())
        await AuditRepo(conn).add(principal.actor, "webhook.deactivate", "webhook", sub.id)
    return await repo.get(sub.employer_id, sub.id)


async def delivery_log(
    conn: Any, principal: Principal, subscription_id: int
) -> tuple[WebhookSubscription, list[WebhookDelivery]]:
    """The subscription and its latest deliveries (bodies carry pseudonyms only)."""
    repo = WebhookRepo(conn)
    sub = await repo.get(_employer(principal), subscription_id)
    await AuditRepo(conn).add(principal.actor, "webhook.log", "webhook", sub.id)
    return sub, await repo.deliveries(sub.id)

"""Webhook subscriptions of employer partners and their deliveries (with every attempt kept).

Claiming works as for notification deliveries (``FOR UPDATE SKIP LOCKED`` plus a lease), and
"now" is the caller's clock.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from models.errors import NotFound

_SUB = "id, employer_id, url, event_kinds, active, created_at, deactivated_at"
_DEL = (
    "id, subscription_id, event_id, kind, idempotency_key, body, status, attempts, next_attempt_at, "
    "response_code, last_error, attempt_log, sent_at, created_at"
)


@dataclass(frozen=True)
class WebhookSubscription:
    id: int
    employer_id: int
    url: str
    event_kinds: tuple[str, ...]
    active: bool
    created_at: datetime
    deactivated_at: datetime | None


@dataclass(frozen=True)
class WebhookDelivery:
    id: int
    subscription_id: int
    event_id: int
    kind: str
    idempotency_key: str
    body: str
    status: str
    attempts: int
    next_attempt_at: datetime
    response_code: int | None
    last_error: str | None
    attempt_log: tuple[dict[str, Any], ...]
    sent_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ClaimedWebhook:
    """A leased delivery with where it goes and the encrypted secret that signs it."""

    delivery: WebhookDelivery
    url: str
    secret_enc: bytes


def _sub(r: asyncpg.Record) -> WebhookSubscription:
    return WebhookSubscription(
        r["id"], r["employer_id"], r["url"], tuple(r["event_kinds"]), r["active"], r["created_at"], r["deactivated_at"]
    )


def _del(r: asyncpg.Record) -> WebhookDelivery:
    log = r["attempt_log"]
    log = json.loads(log) if isinstance(log, str) else (log or [])
    return WebhookDelivery(
        r["id"], r["subscription_id"], r["event_id"], r["kind"], r["idempotency_key"], r["body"], r["status"],
        r["attempts"], r["next_attempt_at"], r["response_code"], r["last_error"], tuple(log), r["sent_at"],
        r["created_at"],
    )  # fmt: skip


class WebhookRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    # --- subscriptions ------------------------------------------------------------------------
    async def add_subscription(
        self, employer_id: int, url: str, secret_enc: bytes, kinds: Sequence[str], created_by: int | None
    ) -> WebhookSubscription:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO webhook_subscriptions (employer_id, url, secret_enc, event_kinds, created_by)
            VALUES ($1, $2, $3, $4::text[], $5)
            RETURNING {_SUB}
            """,
            employer_id,
            url,
            secret_enc,
            list(kinds),
            created_by,
        )
        assert r is not None
        return _sub(r)

    async def list_for_employer(self, employer_id: int) -> list[WebhookSubscription]:
        rows = await self.conn.fetch(
            f"SELECT {_SUB} FROM webhook_subscriptions WHERE employer_id = $1 ORDER BY active DESC, id DESC",
            employer_id,
        )
        return [_sub(r) for r in rows]

    async def get(self, employer_id: int, subscription_id: int) -> WebhookSubscription:
        """The employer's own subscription; another employer's is "not found"."""
        r = await self.conn.fetchrow(
            f"SELECT {_SUB} FROM webhook_subscriptions WHERE id = $1 AND employer_id = $2", subscription_id, employer_id
        )
        if r is None:
            raise NotFound("webhook", subscription_id)
        return _sub(r)

    async def deactivate(self, subscription_id: int, now: datetime) -> None:
        await self.conn.execute(
            "UPDATE webhook_subscriptions SET active = false, deactivated_at = $2 WHERE id = $1 AND active",
            subscription_id,
            now,
        )

    async def subscribed(self, employer_id: int, kind: str) -> list[WebhookSubscription]:
        """Active subscriptions of an active partner that take ``kind``."""
        rows = await self.conn.fetch(
            f"""
            SELECT {", ".join("s." + c for c in _SUB.split(", "))} FROM webhook_subscriptions s
            JOIN employers e ON e.id = s.employer_id AND e.partner_status = 'active'
            WHERE s.employer_id = $1 AND s.active AND $2 = ANY (s.event_kinds) ORDER BY s.id
            """,
            employer_id,
            kind,
        )
        return [_sub(r) for r in rows]

    # --- deliveries ---------------------------------------------------------------------------
    async def add_delivery(
        self, subscription_id: int, event_id: int, kind: str, idempotency_key: str, body: str, now: datetime
    ) -> bool:
        new: int | None = await self.conn.fetchval(
            """
            INSERT INTO webhook_deliveries (subscription_id, event_id, kind, idempotency_key, body,
                                            next_attempt_at, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """,
            subscription_id,
            event_id,
            kind,
            idempotency_key,
            body,
            now,
        )
        return new is not None

    async def claim(self, limit: int, lease_seconds: float, now: datetime) -> list[ClaimedWebhook]:
        """Due deliveries of still-active subscriptions of still-active partners (a suspended
        partner's deliveries wait), leased to the caller, attempt counted."""
        cols = ", ".join("d." + c for c in _DEL.split(", "))
        rows = await self.conn.fetch(
            f"""
            WITH due AS (
                SELECT d.id FROM webhook_deliveries d
                JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.active
                JOIN employers e ON e.id = s.employer_id AND e.partner_status = 'active'
                WHERE d.status = 'pending' AND d.next_attempt_at <= $3
                  AND (d.locked_until IS NULL OR d.locked_until <= $3)
                ORDER BY d.next_attempt_at, d.id LIMIT $1
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_deliveries d
            SET locked_until = $3 + make_interval(secs => $2), attempts = d.attempts + 1
            FROM due, webhook_subscriptions s
            WHERE d.id = due.id AND s.id = d.subscription_id
            RETURNING {cols}, s.url, s.secret_enc
            """,
            limit,
            float(lease_seconds),
            now,
        )
        rows = sorted(rows, key=lambda r: int(r["id"]))
        return [ClaimedWebhook(_del(r), r["url"], bytes(r["secret_enc"])) for r in rows]

    async def record_attempt(
        self,
        delivery_id: int,
        *,
        now: datetime,
        code: int | None,
        error: str | None,
        next_at: datetime | None,
    ) -> None:
        """Log one try: 2xx is ``sent``; otherwise retried at ``next_at`` or ``failed`` (None)."""
        ok = code is not None and 200 <= code < 300
        entry = json.dumps([{"at": now.isoformat(), "code": code, "error": error}])
        await self.conn.execute(
            """
            UPDATE webhook_deliveries
            SET status = CASE WHEN $2 THEN 'sent' WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                sent_at = CASE WHEN $2 THEN $6 ELSE sent_at END,
                next_attempt_at = COALESCE($5, next_attempt_at),
                response_code = $3, last_error = $4, locked_until = NULL,
                attempt_log = attempt_log || $7::jsonb
            WHERE id = $1 AND status = 'pending'
            """,
            delivery_id,
            ok,
            code,
            None if error is None else error[:1000],
            None if ok else next_at,
            now,
            entry,
        )

    async def deliveries(self, subscription_id: int, *, limit: int = 50) -> list[WebhookDelivery]:
        rows = await self.conn.fetch(
            f"SELECT {_DEL} FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2",
            subscription_id,
            limit,
        )
        return [_del(r) for r in rows]

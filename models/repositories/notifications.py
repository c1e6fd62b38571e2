"""Notification outbox, deliveries, the in-app inbox, preferences and contacts.

The outbox is written by use cases in their own transaction; the worker fans events out and
claims deliveries with ``FOR UPDATE SKIP LOCKED`` and a lease (``locked_until``), so several
workers never send the same delivery at once and a delivery left by a crashed worker is claimed
again once its lease ends. "Now" is always the caller's (the worker's clock), never ``now()``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg


def _payload(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return dict(value or {})


@dataclass(frozen=True)
class OutboxEvent:
    id: int
    kind: str
    payload: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Recipient:
    """A user who may be told about an event, with the addresses the channels use."""

    user_id: int
    role: str
    email: str
    phone: str | None


@dataclass(frozen=True)
class NewDelivery:
    event_id: int
    user_id: int
    channel: str
    address: str | None
    idempotency_key: str


@dataclass(frozen=True)
class Delivery:
    """A claimed delivery with its event: what a channel needs to send it."""

    id: int
    event_id: int
    user_id: int
    channel: str
    address: str | None
    idempotency_key: str
    attempts: int  # including the current one
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class DeliveryState:
    id: int
    event_id: int
    user_id: int
    channel: str
    idempotency_key: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    sent_at: datetime | None


@dataclass(frozen=True)
class InboxItem:
    id: int
    event_id: int
    kind: str
    payload: dict[str, Any]
    read_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class DueFollowup:
    placement_id: int
    month: int
    inmate_id: int
    pseudonym: str
    due_on: date


@dataclass(frozen=True)
class DigestVacancy:
    vacancy_id: int
    employer_id: int
    title: str


_DELIVERY_STATE = (
    "id, event_id, user_id, channel, idempotency_key, status, attempts, next_attempt_at, last_error, sent_at"
)


class NotificationRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    # --- outbox -------------------------------------------------------------------------------
    async def add_event(self, kind: str, payload: dict[str, Any], dedupe_key: str | None = None) -> int | None:
        """The new event's id; None when ``dedupe_key`` was already used (nothing written)."""
        event_id: int | None = await self.conn.fetchval(
            """
            INSERT INTO notification_outbox (kind, payload, dedupe_key) VALUES ($1, $2::jsonb, $3)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id
            """,
            kind,
            json.dumps(payload, default=str, sort_keys=True),
            dedupe_key,
        )
        return event_id

    async def claim_unfanned(self, limit: int) -> list[OutboxEvent]:
        """Events not yet fanned out, locked for this transaction (other workers skip them)."""
        rows = await self.conn.fetch(
            """
            SELECT id, kind, payload, created_at FROM notification_outbox
            WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
            """,
            limit,
        )
        return [OutboxEvent(r["id"], r["kind"], _payload(r["payload"]), r["created_at"]) for r in rows]

    async def mark_fanned(self, event_ids: Sequence[int], now: datetime) -> None:
        await self.conn.execute(
            "UPDATE notification_outbox SET fanned_out_at = $2 WHERE id = ANY($1::bigint[])", list(event_ids), now
        )

    async def events(self, *, kind: str | None = None, limit: int = 100) -> list[OutboxEvent]:
        rows = await self.conn.fetch(
            """
            SELECT id, kind, payload, created_at FROM notification_outbox
            WHERE $1::text IS NULL OR kind = $1 ORDER BY id DESC LIMIT $2
            """,
            kind,
            limit,
        )
        return [OutboxEvent(r["id"], r["kind"], _payload(r["payload"]), r["created_at"]) for r in rows]

    # --- recipients ---------------------------------------------------------------------------
    async def officers_of_inmate(self, inmate_id: int) -> list[Recipient]:
        """The active Bapas officers of the person's Bapas (their caseload)."""
        rows = await self.conn.fetch(
            """
            SELECT u.id, u.role, u.email, c.phone FROM inmates i
            JOIN users u ON u.role = 'bapas_officer' AND u.bapas_id = i.bapas_id AND u.active
            LEFT JOIN notification_contacts c ON c.user_id = u.id
            WHERE i.id = $1 ORDER BY u.id
            """,
            inmate_id,
        )
        return [Recipient(r["id"], r["role"], r["email"], r["phone"]) for r in rows]

    async def employer_users(self, employer_id: int) -> list[Recipient]:
        rows = await self.conn.fetch(
            """
            SELECT u.id, u.role, u.email, c.phone FROM users u
            LEFT JOIN notification_contacts c ON c.user_id = u.id
            WHERE u.role = 'employer' AND u.employer_id = $1 AND u.active ORDER BY u.id
            """,
            employer_id,
        )
        return [Recipient(r["id"], r["role"], r["email"], r["phone"]) for r in rows]

    # --- preferences and contacts -------------------------------------------------------------
    async def preferences(self, user_ids: Sequence[int]) -> dict[tuple[int, str, str], bool]:
        """(user, kind, channel) -> enabled, for the choices users changed from the default."""
        rows = await self.conn.fetch(
            "SELECT user_id, kind, channel, enabled FROM notification_preferences WHERE user_id = ANY($1::bigint[])",
            list(user_ids),
        )
        return {(r["user_id"], r["kind"], r["channel"]): r["enabled"] for r in rows}

    async def set_preferences(self, user_id: int, choices: Iterable[tuple[str, str, bool]], now: datetime) -> None:
        """Replace the user's choices with ``(kind, channel, enabled)`` rows."""
        rows = list(choices)
        await self.conn.execute("DELETE FROM notification_preferences WHERE user_id = $1", user_id)
        await self.conn.executemany(
            """
            INSERT INTO notification_preferences (user_id, kind, channel, enabled, updated_at)
            VALUES ($1, $2, $3, $4, $5)
            """,
            [(user_id, kind, channel, enabled, now) for kind, channel, enabled in rows],
        )

    async def phone_of(self, user_id: int) -> str | None:
        phone: str | None = await self.conn.fetchval(
            "SELECT phone FROM notification_contacts WHERE user_id = $1", user_id
        )
        return phone

    async def set_phone(self, user_id: int, phone: str | None, now: datetime) -> None:
        if phone is None:
            await self.conn.execute("DELETE FROM notification_contacts WHERE user_id = $1", user_id)
            return
        await self.conn.execute(
            """
            INSERT INTO notification_contacts (user_id, phone, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (user_id) DO UPDATE SET phone = EXCLUDED.phone, updated_at = EXCLUDED.updated_at
            """,
            user_id,
            phone,
            now,
        )

    # --- deliveries ---------------------------------------------------------------------------
    async def add_deliveries(self, rows: Sequence[NewDelivery], now: datetime) -> int:
        """Insert deliveries; a key already present is skipped. Returns how many were new."""
        if not rows:
            return 0
        inserted: int = await self.conn.fetchval(
            """
            WITH added AS (
                INSERT INTO notification_deliveries (event_id, user_id, channel, address, idempotency_key,
                                                     next_attempt_at, created_at)
                SELECT e, u, c, a, k, $6, $6
                FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[]) AS t(e, u, c, a, k)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM added
            """,
            [r.event_id for r in rows],
            [r.user_id for r in rows],
            [r.channel for r in rows],
            [r.address for r in rows],
            [r.idempotency_key for r in rows],
            now,
        )
        return inserted

    async def claim_deliveries(self, limit: int, lease_seconds: float, now: datetime) -> list[Delivery]:
        """Due pending deliveries whose lease (if any) has run out: leased to the caller, attempt
        counted. Committed by the caller before sending, so a crash leaves the lease to expire."""
        rows = await self.conn.fetch(
            """
            WITH due AS (
                SELECT id FROM notification_deliveries
                WHERE status = 'pending' AND next_attempt_at <= $3 AND (locked_until IS NULL OR locked_until <= $3)
                ORDER BY next_attempt_at, id LIMIT $1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE notification_deliveries d
            SET locked_until = $3 + make_interval(secs => $2), attempts = d.attempts + 1
            FROM due, notification_outbox e
            WHERE d.id = due.id AND e.id = d.event_id
            RETURNING d.id, d.event_id, d.user_id, d.channel, d.address, d.idempotency_key, d.attempts,
                      e.kind, e.payload
            """,
            limit,
            float(lease_seconds),
            now,
        )
        return [
            Delivery(
                r["id"],
                r["event_id"],
                r["user_id"],
                r["channel"],
                r["address"],
                r["idempotency_key"],
                r["attempts"],
                r["kind"],
                _payload(r["payload"]),
            )  # fmt: skip
            for r in sorted(rows, key=lambda r: int(r["id"]))
        ]

    async def mark_sent(self, delivery_id: int, now: datetime) -> None:
        await self.conn.execute(
            """
            UPDATE notification_deliveries SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL
            WHERE id = $1 AND status = 'pending'
            """,
            delivery_id,
            now,
        )

    async def mark_failed_attempt(self, delivery_id: int, error: str, next_at: datetime | None) -> None:
        """A failed try: retried at ``next_at``, or given up (``failed``) when it is None."""
        await self.conn.execute(
            """
            UPDATE notification_deliveries
            SET status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at = COALESCE($3, next_attempt_at), locked_until = NULL, last_error = $2
            WHERE id = $1 AND status = 'pending'
            """,
            delivery_id,
            error[:1000],
            next_at,
        )

    async def deliveries_for_event(self, event_id: int) -> list[DeliveryState]:
        rows = await self.conn.fetch(
            f"SELECT {_DELIVERY_STATE} FROM notification_deliveries WHERE event_id = $1 ORDER BY id", event_id
        )
        return [DeliveryState(*(r[c] for c in _DELIVERY_STATE.split(", "))) for r in rows]

    # --- inbox --------------------------------------------------------------------------------
    async def add_inbox(self, user_id: int, event_id: int, idempotency_key: str, now: datetime) -> bool:
        """True when written; False when this delivery's message is already there."""
        new: int | None = await self.conn.fetchval(
            """
            INSERT INTO notification_inbox (user_id, event_id, idempotency_key, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """,
            user_id,
            event_id,
            idempotency_key,
            now,
        )
        return new is not None

    async def inbox(self, user_id: int, *, limit: int, offset: int) -> list[InboxItem]:
        rows = await self.conn.fetch(
            """
            SELECT n.id, n.event_id, e.kind, e.payload, n.read_at, n.created_at
            FROM notification_inbox n JOIN notification_outbox e ON e.id = n.event_id
            WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2 OFFSET $3
            """,
            user_id,
            limit,
            offset,
        )
        return [
            InboxItem(r["id"], r["event_id"], r["kind"], _payload(r["payload"]), r["read_at"], r["created_at"])
            for r in rows
        ]

    async def count_inbox(self, user_id: int) -> int:
        n: int = await self.conn.fetchval("SELECT count(*) FROM notification_inbox WHERE user_id = $1", user_id)
        return n

    async def unread_count(self, user_id: int) -> int:
        n: int = await self.conn.fetchval(
            "SELECT count(*) FROM notification_inbox WHERE user_id = $1 AND read_at IS NULL", user_id
        )
        return n

    async def mark_read(self, user_id: int, item_id: int | None, now: datetime) -> int:
        """Mark one of the user's messages read (or all when ``item_id`` is None); how many changed."""
        changed: int = await self.conn.fetchval(
            """
            WITH done AS (
                UPDATE notification_inbox SET read_at = $3
                WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint IS NULL OR id = $2)
                RETURNING 1
            )
            SELECT count(*) FROM done
            """,
            user_id,
            item_id,
            now,
        )
        return changed

    async def inbox_item_exists(self, user_id: int, item_id: int) -> bool:
        found: bool = await self.conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM notification_inbox WHERE user_id = $1 AND id = $2)", user_id, item_id
        )
        return found

    # --- daily scans --------------------------------------------------------------------------
    async def take_daily_job(self, name: str, today: date) -> bool:
        """True (and recorded) when job ``name`` has not run today; serialised by the row lock."""
        taken: str | None = await self.conn.fetchval(
            """
            INSERT INTO notification_jobs (name, last_run_on) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET last_run_on = EXCLUDED.last_run_on
            WHERE notification_jobs.last_run_on < EXCLUDED.last_run_on
            RETURNING name
            """,
            name,
            today,
        )
        return taken is not None

    async def due_followups(self, today: date) -> list[DueFollowup]:
        """Placement follow-ups (3, 6, 12 months after the start; PostgreSQL clamps to the month's
        end like api.caseload.rules.followup_due) due by ``today`` and not yet recorded."""
        rows = await self.conn.fetch(
            """
            SELECT p.id, m.month, p.inmate_id, i.pseudonym,
                   (p.started_on + make_interval(months => m.month))::date AS due_on
            FROM placements p
            CROSS JOIN (VALUES (3), (6), (12)) AS m (month)
            JOIN inmates i ON i.id = p.inmate_id AND i.anonymised_at IS NULL
            WHERE (p.started_on + make_interval(months => m.month))::date <= $1
              AND NOT EXISTS (SELECT 1 FROM placement_followups f WHERE f.placement_id = p.id AND f.month = m.month)
            ORDER BY p.id, m.month
            """,
            today,
        )
        return [DueFollowup(r["id"], r["month"], r["inmate_id"], r["pseudonym"], r["due_on"]) for r in rows]

    async def digest_vacancies(self) -> list[DigestVacancy]:
        """Open, indexed vacancies of active partners: the ones the daily match digest ranks."""
        rows = await self.conn.fetch(
            """
            SELECT v.id, v.employer_id, v.title FROM vacancies v
            JOIN employers e ON e.id = v.employer_id AND e.partner_status = 'active'
            JOIN vacancy_embeddings ve ON ve.vacancy_id = v.id
            WHERE v.status = 'open' ORDER BY v.id
            """
        )
        return [DigestVacancy(r["id"], r["employer_id"], r["title"]) for r in rows]

    async def new_matches(self, vacancy_id: int, inmate_ids: Sequence[int], now: datetime) -> set[int]:
        """Record these matches as told; returns those not told before."""
        rows = await self.conn.fetch(
            """
            INSERT INTO notification_match_seen (vacancy_id, inmate_id, first_seen_at)
            SELECT $1, i, $3 FROM unnest($2::bigint[]) AS i
            ON CONFLICT DO NOTHING RETURNING inmate_id
            """,
            vacancy_id,
            list(inmate_ids),
            now,
        )
        return {int(r["inmate_id"]) for r in rows}

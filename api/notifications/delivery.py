"""The notification worker: fan events out, deliver with retries, run the daily scans.

One pass (``Worker.run_once``):
1. fan-out, in one transaction per batch: each outbox event (claimed with SKIP LOCKED) becomes one
   delivery per recipient and enabled channel, and one webhook delivery per matching
   subscription; keys are unique, so a repeated fan-out adds nothing;
2. deliveries: a batch is leased (attempt counted, ``locked_until`` = now + lease) and committed,
   then each is sent and marked sent or rescheduled with exponential back-off. A worker that
   dies between sending and marking leaves the lease to run out; the delivery is sent again with
   the same idempotency key (at least once);
3. webhooks the same way, signed afresh on every attempt;
4. once a day: placement follow-ups due, and the match digest (new "kuat" matches per vacancy).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from api.notifications import rules
from api.notifications.channels import Channel, Outgoing, WebhookSender
from api.notifications.service import record_event
from api.privacy import service as privacy
from models.repositories.notifications import NewDelivery, NotificationRepo, OutboxEvent, Recipient
from models.repositories.webhooks import WebhookRepo

log = logging.getLogger("binakerja.notifications")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class PassStats:
    events: int = 0
    deliveries_created: int = 0
    webhooks_created: int = 0
    sent: int = 0
    failed_attempts: int = 0
    webhooks_sent: int = 0
    webhook_failed_attempts: int = 0
    dropped: int = 0  # deliveries about a person who withdrew consent (or was erased): never sent
    scans: list[str] = field(default_factory=list)

    @property
    def busy(self) -> bool:
        return bool(self.events or self.sent or self.failed_attempts or self.webhooks_sent
                    or self.webhook_failed_attempts)  # fmt: skip


async def recipients(conn: Any, event: OutboxEvent) -> list[Recipient]:
    """Who hears about ``event`` (by kind; the ids are in its payload)."""
    repo = NotificationRepo(conn)
    p = event.payload
    if event.kind in rules.OFFICER_KINDS and isinstance(p.get("inmate_id"), int):
        return await repo.officers_of_inmate(p["inmate_id"])
    if event.kind in rules.EMPLOYER_KINDS and isinstance(p.get("employer_id"), int):
        return await repo.employer_users(p["employer_id"])
    return []


async def fan_out(conn: Any, channels: tuple[str, ...], *, now: datetime, limit: int = 100) -> tuple[int, int, int]:
    """Fan out up to ``limit`` events in the caller's transaction: (events, deliveries, webhooks)."""
    repo = NotificationRepo(conn)
    hooks = WebhookRepo(conn)
    events = await repo.claim_unfanned(limit)
    made = hooked = 0
    for event in events:
        people = await recipients(conn, event)
        prefs = await repo.preferences([r.user_id for r in people])
        rows = []
        for person in people:
            for channel in channels:
                if not rules.enabled(prefs, person.user_id, event.kind, channel):
                    continue
                address = rules.address_for(channel, person.email, person.phone)
                if channel != rules.INBOX and address is None:
                    continue
                key = rules.delivery_key(event.id, person.user_id, channel)
                rows.append(NewDelivery(event.id, person.user_id, channel, address, key))
        made += await repo.add_deliveries(rows, now)
        employer_id = event.payload.get("employer_id")
        if event.kind in rules.WEBHOOK_KINDS and isinstance(employer_id, int):
            body = rules.webhook_body(event.id, event.kind, event.created_at, event.payload)
            for sub in await hooks.subscribed(employer_id, event.kind):
                key = rules.webhook_key(event.id, sub.id)
                hooked += await hooks.add_delivery(sub.id, event.id, event.kind, key, body, now)
    if events:
        await repo.mark_fanned([e.id for e in events], now)
    return len(events), made, hooked


class Worker:
    """Delivers the outbox. Built once by api/app.py (channels from the configuration)."""

    def __init__(
        self,
        db: Any,
        channels: Mapping[str, Channel],
        *,
        cipher: Any,
        base_url: str,
        webhooks: WebhookSender | None = None,
        backoff: rules.Backoff | None = None,
        lease_seconds: float = 120.0,
        batch: int = 50,
        clock: Callable[[], datetime] = utcnow,
        matcher: Any = None,
        allow_private: bool = False,
    ) -> None:
        self.db = db
        self.channels = dict(channels)
        self.cipher = cipher
        self.base_url = base_url.rstrip("/")
        self.webhooks = webhooks or WebhookSender(allow_private=allow_private)
        self.backoff = backoff or rules.Backoff()
        self.lease_seconds = lease_seconds
        self.batch = batch
        self.clock = clock
        self.matcher = matcher

    @property
    def channel_names(self) -> tuple[str, ...]:
        return tuple(c for c in rules.CHANNELS if c in self.channels)

    # --- one pass -----------------------------------------------------------------------------
    async def run_once(self, *, scans: bool = True) -> PassStats:
        stats = PassStats()
        if scans:
            stats.scans = await self.daily_scans(self.clock().date())
        while True:
            async with self.db.acquire() as conn, conn.transaction():
                events, made, hooked = await fan_out(conn, self.channel_names, now=self.clock(), limit=self.batch)
            stats.events += events
            stats.deliveries_created += made
            stats.webhooks_created += hooked
            if events < self.batch:
                break
        while await self.deliver_batch(stats):
            pass
        while await self.webhook_batch(stats):
            pass
        return stats

    async def deliver_batch(self, stats: PassStats) -> bool:
        """Lease and send one batch; False when nothing was due."""
        async with self.db.acquire() as conn, conn.transaction():
            claimed = await NotificationRepo(conn).claim_deliveries(self.batch, self.lease_seconds, self.clock())
        for d in claimed:
            channel = self.channels.get(d.channel)
            message = rules.message(d.kind, d.payload)
            error: str | None = None
            if d.kind in rules.EMPLOYER_KINDS and await self.consent_gone(rules.people_for_employer(d.kind, d.payload)):
                async with self.db.acquire() as conn, conn.transaction():
                    await NotificationRepo(conn).mark_failed_attempt(d.id, rules.CONSENT_WITHDRAWN, None)
                stats.dropped += 1
                continue
            if channel is None:
                error = f"channel {d.channel} is not configured"
            else:
                try:
                    await channel.send(Outgoing(d, message, self.base_url + message.link))
                except Exception as exc:  # any failure of one delivery is that delivery's, retried
                    error = f"{exc.__class__.__name__}: {exc}"[:1000]
            async with self.db.acquire() as conn, conn.transaction():
                repo = NotificationRepo(conn)
                if error is None:
                    await repo.mark_sent(d.id, self.clock())
                    stats.sent += 1
                else:
                    log.warning("delivery %s (%s) failed, attempt %s: %s", d.id, d.channel, d.attempts, error)
                    await repo.mark_failed_attempt(d.id, error, self.backoff.next_attempt(d.attempts, self.clock()))
                    stats.failed_attempts += 1
        return bool(claimed)

    async def consent_gone(self, pseudonyms: tuple[str, ...]) -> bool:
        """True when a person named no longer consents to employer matching (or was erased):
        the delivery is then dropped (status ``failed``, reason "consent withdrawn"), never sent.
        Checked right before each send, so an event queued before the withdrawal cannot leak."""
        if not pseudonyms:
            return False
        async with self.db.acquire() as conn:
            still = await privacy.matching_consented(conn, list(pseudonyms))
        return any(p not in still for p in pseudonyms)

    async def webhook_batch(self, stats: PassStats) -> bool:
        async with self.db.acquire() as conn, conn.transaction():
            claimed = await WebhookRepo(conn).claim(self.batch, self.lease_seconds, self.clock())
        for c in claimed:
            d = c.delivery
            now = self.clock()
            if await self.consent_gone(rules.people_in_webhook(d.body)):
                async with self.db.acquire() as conn, conn.transaction():
                    await WebhookRepo(conn).record_attempt(d.id, now=now, code=None, error=rules.CONSENT_WITHDRAWN,
                                                           next_at=None)  # fmt: skip
                stats.dropped += 1
                continue
            try:
                secret = self.cipher.decrypt(c.secret_enc, "webhook_secret")
            except Exception as exc:  # a secret written under a key no longer configured
                result_code, error = None, f"secret unreadable: {exc.__class__.__name__}"
            else:
                headers = {
                    "Content-Type": "application/json",
                    rules.SIGNATURE_HEADER: rules.signature(secret, int(now.timestamp()), d.body),
                    "X-Binakerja-Event": d.kind,
                    "X-Binakerja-Delivery": d.idempotency_key,
                    "Idempotency-Key": d.idempotency_key,
                    "User-Agent": "binakerja-webhooks/1",
                }
                result = await self.webhooks.post(c.url, d.body, headers)
                result_code, error = result.code, result.error
            ok = result_code is not None and 200 <= result_code < 300
            async with self.db.acquire() as conn, conn.transaction():
                await WebhookRepo(conn).record_attempt(
                    d.id, now=self.clock(), code=result_code, error=error,
                    next_at=None if ok else self.backoff.next_attempt(d.attempts, self.clock()),
                )  # fmt: skip
            if ok:
                stats.webhooks_sent += 1
            else:
                stats.webhook_failed_attempts += 1
        return bool(claimed)

    # --- daily scans --------------------------------------------------------------------------
    async def daily_scans(self, today: date) -> list[str]:
        ran = []
        async with self.db.acquire() as conn, conn.transaction():
            if await NotificationRepo(conn).take_daily_job("followups_due", today):
                await followups_due(conn, today)
                ran.append("followups_due")
        if self.matcher is not None:
            async with self.db.acquire() as conn:
                async with conn.transaction():
                    due = await NotificationRepo(conn).take_daily_job("match_digest", today)
                if due:  # one short transaction per vacancy inside
                    await match_digest(conn, self.matcher, today, now=self.clock())
                    ran.append("match_digest")
        return ran

    # --- background loop ----------------------------------------------------------------------
    async def run(self, interval: float = 10.0) -> None:
        """Passes until cancelled; an error in one pass is logged and the next pass tries again."""
        while True:
            try:
                stats = await self.run_once()
                if stats.busy:
                    log.info("notifications: %s", stats)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("notification pass failed")
            await asyncio.sleep(interval)


async def followups_due(conn: Any, today: date) -> int:
    """One ``followup.due`` event per placement follow-up that fell due (once: dedupe key)."""
    n = 0
    for due in await NotificationRepo(conn).due_followups(today):
        made = await record_event(
            conn, rules.FOLLOWUP_DUE,
            {"placement_id": due.placement_id, "month": due.month, "inmate_id": due.inmate_id,
             "pseudonym": due.pseudonym, "due_on": due.due_on.isoformat()},
            dedupe_key=f"followup:{due.placement_id}:{due.month}",
        )  # fmt: skip
        n += made is not None
    return n


DIGEST_TOP = 20


async def match_digest(
    conn: Any, matcher: Any, today: date, *, now: datetime, top: int = DIGEST_TOP, label: str = "strong"
) -> int:
    """Per open vacancy of an active partner: the matcher's top ``top`` candidates (the same
    calibrated score and label employers see); those labelled strong ("kuat") and not told before
    make one ``vacancy.strong_matches`` event for the day. ``label`` exists for tests on a world
    too small for calibrated "kuat" scores; the worker always uses "strong"."""
    from matcher.errors import NotIndexed

    repo = NotificationRepo(conn)
    n = 0
    for v in await repo.digest_vacancies():
        await asyncio.sleep(0)  # ranking is CPU work on the service's loop: let requests in between vacancies
        try:
            vacancy, matches, _ = await matcher.candidates_page(conn, v.vacancy_id, as_of=today, k=top)
        except NotIndexed:
            continue
        strong = [m for m in matches if m.explanation.label == label]
        if not strong:
            continue
        async with conn.transaction():
            n += await _tell_matches(conn, v, vacancy, strong, today, now)
    return n


async def _tell_matches(conn: Any, v: Any, vacancy: Any, strong: list[Any], today: date, now: datetime) -> int:
    new = await NotificationRepo(conn).new_matches(v.vacancy_id, [m.inmate_id for m in strong], now)
    told = [m for m in strong if m.inmate_id in new]
    if told:
        await record_event(
            conn, rules.STRONG_MATCHES,
            {"vacancy_id": v.vacancy_id, "vacancy_external_id": vacancy.external_id, "vacancy_title": v.title,
             "employer_id": v.employer_id, "count": len(told),
             "candidates": [{"pseudonym": m.pseudonym, "score": round(m.score)} for m in told]},
            dedupe_key=f"digest:{v.vacancy_id}:{today.isoformat()}",
        )  # fmt: skip
    return int(bool(told))

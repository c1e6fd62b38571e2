"""Notifications and webhooks end to end, on a committed copy of the API world (real PostgreSQL,
real commits, several connections): an employer's stage move reaches the client's officer once
per channel (inbox row, an e-mail accepted by a local SMTP server, a POST to a local fake
WhatsApp/SMS gateway); a worker that dies between sending and marking loses nothing and repeats
only with the same idempotency key; a partner's webhook endpoint gets a valid signature and a
retry after answering 500; a channel switched off gets nothing; webhook bodies carry only what
the employer may see."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import pytest
import pytest_asyncio

from api.hiring import service as hiring
from api.notifications import rules
from api.notifications import service as notifications
from api.notifications.channels import EmailChannel, GatewayChannel, InboxChannel, Outgoing, SmtpSettings
from api.notifications.delivery import Worker
from api.privacy.crypto import DataCipher
from api.web.auth import Principal
from models.db import Database, create_pool
from models.repositories.notifications import NotificationRepo
from models.repositories.webhooks import WebhookRepo
from tests.conftest import WorldTemplate, clone_database, drop_database, with_db
from tests.receivers import Mailbox, http_receiver, smtp_server

CIPHER = DataCipher.from_keys(bytes(range(32)))
T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
LEASE = 60.0


@dataclass
class Env:
    pool: asyncpg.Pool
    db: Database
    world: Any


@pytest_asyncio.fixture(loop_scope="session")
async def env(pg_uri: str, world_template: WorldTemplate) -> AsyncIterator[Env]:
    """A committed copy of the world of its own: the worker's transactions really commit here."""
    name = "binakerja_notify_" + secrets.token_hex(4)
    await clone_database(pg_uri, world_template.database, name)
    pool = await create_pool(with_db(pg_uri, name), min_size=1, max_size=4)
    try:
        yield Env(pool, Database(pool), world_template.world)
    finally:
        await pool.close()
        await drop_database(pg_uri, name)


def employer(world: Any, who: str = "employer") -> Principal:
    emp = world.ids["emp_a" if who == "employer" else "emp_b"]
    return Principal(world.ids[f"user_{who}"], world.emails[who], who, "employer", employer_id=emp,
                     partner_status="active")  # fmt: skip


def officer(world: Any) -> Principal:
    return Principal(world.ids["user_bapas_officer"], world.emails["bapas_officer"], "officer", "bapas_officer",
                     bapas_id=world.ids["bapas"])  # fmt: skip


async def move_welder(env: Env, stage: str = "interview", *, who: str = "employer", vacancy: str = "vac_a") -> Any:
    """Shortlist the welder for the vacancy and move the application on (both committed). The
    shortlist's own stage event (see test_shortlisting_tells_the_officer_and_the_webhook) is set
    aside, so the tests below see the move's event only."""
    w = env.world
    async with env.pool.acquire() as conn:
        app = await hiring.shortlist(conn, employer(w, who), w.ids[vacancy], w.pseudonyms["welder"])
        repo = NotificationRepo(conn)
        await repo.mark_fanned([e.id for e in await repo.events(kind=rules.STAGE_CHANGED)], T0)
        return await hiring.move_application(conn, employer(w, who), app.id, stage, None, app.version,
                                             today=date(2026, 12, 2))  # fmt: skip


async def set_phone(env: Env, phone: str = "+6281234567890") -> None:
    async with env.pool.acquire() as conn:
        await NotificationRepo(conn).set_phone(env.world.ids["user_bapas_officer"], phone, T0)


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def worker(
    env: Env, mailbox: Mailbox, gateway_url: str, clock: Clock, *, allow_private: bool = True, **channels: Any
) -> Worker:
    """A worker over the local test servers: BINAKERJA_OUTBOUND_ALLOW_PRIVATE on (they are on 127.0.0.1)."""
    chans: dict[str, Any] = {
        "inbox": InboxChannel(env.db),
        "email": EmailChannel(SmtpSettings(mailbox.host, mailbox.port)),
        "gateway": GatewayChannel(gateway_url, "gw-token"),
    }
    chans.update(channels)
    return Worker(env.db, chans, cipher=CIPHER, base_url="http://binakerja.test", clock=clock,
                  lease_seconds=LEASE, backoff=rules.Backoff(base_seconds=30),
                  allow_private=allow_private)  # fmt: skip


async def stage_event(env: Env) -> int:
    async with env.pool.acquire() as conn:
        events = await NotificationRepo(conn).events(kind=rules.STAGE_CHANGED)
    moves = [e for e in events if e.payload["from"] is not None]  # not the shortlist's own event
    assert len(moves) == 1
    return moves[0].id


async def inbox_rows(env: Env) -> list[Any]:
    async with env.pool.acquire() as conn:
        return await NotificationRepo(conn).inbox(env.world.ids["user_bapas_officer"], limit=50, offset=0)


async def test_stage_change_is_delivered_once_per_channel(env: Env) -> None:
    await set_phone(env)
    app = await move_welder(env)
    with smtp_server() as mailbox, http_receiver() as gateway:
        w = worker(env, mailbox, gateway.url, Clock())
        stats = await w.run_once(scans=False)
        assert (stats.events, stats.deliveries_created, stats.sent, stats.failed_attempts) == (1, 3, 3, 0)
        again = await w.run_once(scans=False)  # nothing left: no second delivery anywhere
        assert (again.events, again.sent) == (0, 0)

        assert len(mailbox.messages) == 1
        mail = mailbox.messages[0]
        assert mail["To"] == env.world.emails["bapas_officer"]
        assert env.world.pseudonyms["welder"] in mail.get_payload() and "wawancara" in mail.get_payload()
        assert "Budi Santoso" not in mail.as_string()  # external channels name people by pseudonym only
        assert len(gateway.requests) == 1
        sms = gateway.requests[0]
        assert sms.headers["authorization"] == "Bearer gw-token"
        assert sms.json()["to"] == "+6281234567890" and env.world.pseudonyms["welder"] in sms.json()["text"]
        assert (
            sms.headers["idempotency-key"]
            == sms.json()["idempotency_key"]
            == mail["X-Binakerja-Idempotency-Key"].replace("email", "gateway")
        )  # noqa: E501

    inbox = await inbox_rows(env)
    assert len(inbox) == 1 and inbox[0].payload["application_id"] == app.id and inbox[0].read_at is None
    async with env.pool.acquire() as conn:
        states = await NotificationRepo(conn).deliveries_for_event(await stage_event(env))
    assert sorted(s.channel for s in states) == ["email", "gateway", "inbox"]
    assert all(s.status == "sent" and s.attempts == 1 for s in states)


class CrashAfterSend:
    """Sends for real, then dies before the worker can mark the delivery sent (first time only)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.crashed = False

    async def send(self, out: Outgoing) -> None:
        await self.inner.send(out)
        if not self.crashed:
            self.crashed = True
            raise asyncio.CancelledError  # the worker task is cancelled between send and mark


async def test_worker_crash_between_send_and_mark_loses_nothing(env: Env) -> None:
    await set_phone(env)
    await move_welder(env)
    with smtp_server() as mailbox, http_receiver() as gateway:
        clock = Clock()
        email = EmailChannel(SmtpSettings(mailbox.host, mailbox.port))
        first = worker(env, mailbox, gateway.url, clock, email=CrashAfterSend(email))
        task = asyncio.create_task(first.run_once(scans=False))
        with pytest.raises(asyncio.CancelledError):
            await task
        assert len(mailbox.messages) == 1 and len(gateway.requests) == 0  # the batch died after the e-mail

        # A second worker before the lease ends takes nothing: the dead worker's lease still holds.
        early = await worker(env, mailbox, gateway.url, Clock(T0 + timedelta(seconds=LEASE - 1))).run_once(scans=False)
        assert early.sent == 0 and len(mailbox.messages) == 1

        # After the lease: everything unmarked is delivered; the e-mail again, with the same key.
        late = await worker(env, mailbox, gateway.url, Clock(T0 + timedelta(seconds=LEASE + 1))).run_once(scans=False)
        assert late.sent == 2 and late.failed_attempts == 0
        assert len(mailbox.messages) == 2
        keys = {m["X-Binakerja-Idempotency-Key"] for m in mailbox.messages}
        assert len(keys) == 1 and {m["Message-ID"] for m in mailbox.messages} == {f"<{keys.pop()}@binakerja>"}
        assert len(gateway.requests) == 1
    assert len(await inbox_rows(env)) == 1  # the inbox row was written once (its key is unique)
    async with env.pool.acquire() as conn:
        states = {s.channel: s for s in await NotificationRepo(conn).deliveries_for_event(await stage_event(env))}
    assert all(s.status == "sent" for s in states.values())
    # an attempt is counted when leased: the gateway delivery was leased by the dead worker too
    assert states["email"].attempts == 2 and states["inbox"].attempts == 1 and states["gateway"].attempts == 2


async def test_failing_channel_is_retried_with_back_off(env: Env) -> None:
    await set_phone(env)
    await move_welder(env)
    with smtp_server() as mailbox, http_receiver([503, 502]) as gateway:
        clock = Clock()
        w = worker(env, mailbox, gateway.url, clock)
        assert (await w.run_once(scans=False)).failed_attempts == 1
        clock.now = T0 + timedelta(seconds=29)  # back-off 30 s: not yet
        assert (await w.run_once(scans=False)).sent == 0
        clock.now = T0 + timedelta(seconds=31)
        assert (await w.run_once(scans=False)).failed_attempts == 1  # second answer 502: next wait 60 s
        clock.now = T0 + timedelta(seconds=31 + 61)
        assert (await w.run_once(scans=False)).sent == 1
        assert len(gateway.requests) == 3 and len({r.headers["idempotency-key"] for r in gateway.requests}) == 1
    async with env.pool.acquire() as conn:
        states = {s.channel: s for s in await NotificationRepo(conn).deliveries_for_event(await stage_event(env))}
    assert states["gateway"].status == "sent" and states["gateway"].attempts == 3


async def test_preference_off_means_no_delivery(env: Env) -> None:
    await set_phone(env)
    chosen = {(rules.STAGE_CHANGED, "inbox")} | {(k, c) for k in rules.OFFICER_KINDS[1:] for c in rules.CHANNELS}
    async with env.pool.acquire() as conn:
        prefs = await notifications.save_preferences(conn, officer(env.world), rules.CHANNELS, chosen, "0812 3456 7890")
    assert prefs.phone == "+6281234567890" and not prefs.enabled[(rules.STAGE_CHANGED, "email")]
    await move_welder(env)
    with smtp_server() as mailbox, http_receiver() as gateway:
        stats = await worker(env, mailbox, gateway.url, Clock()).run_once(scans=False)
        assert stats.deliveries_created == 1 and stats.sent == 1
        assert mailbox.messages == [] and gateway.requests == []
    assert len(await inbox_rows(env)) == 1


async def test_webhook_is_signed_retried_after_500_and_carries_the_employer_view_only(env: Env) -> None:
    w = env.world
    with smtp_server() as mailbox, http_receiver([500]) as hook, http_receiver() as gateway:
        async with env.pool.acquire() as conn:
            sub, secret = await notifications.subscribe(conn, employer(w), hook.url, [rules.STAGE_CHANGED],
                                                        cipher=CIPHER, allow_http=True, allow_private=True)  # fmt: skip
            other, _ = await notifications.subscribe(conn, employer(w, "employer_b"), hook.url + "/b",
                                                     [rules.STAGE_CHANGED], cipher=CIPHER, allow_http=True,
                                                     allow_private=True)  # fmt: skip
            stored = await conn.fetchval("SELECT secret_enc FROM webhook_subscriptions WHERE id = $1", sub.id)
        assert secret.encode() not in bytes(stored)  # kept encrypted
        app = await move_welder(env, "interview")
        clock = Clock()
        wk = worker(env, mailbox, gateway.url, clock)
        first = await wk.run_once(scans=False)
        assert first.webhooks_created == 1 and first.webhook_failed_attempts == 1  # employer B's hook: nothing
        clock.now = T0 + timedelta(seconds=31)
        assert (await wk.run_once(scans=False)).webhooks_sent == 1
        assert (await wk.run_once(scans=False)).webhooks_sent == 0

        assert [r.path for r in hook.requests] == ["/hook", "/hook"]
        a, b = hook.requests
        assert a.body == b.body and a.headers["x-binakerja-delivery"] == b.headers["x-binakerja-delivery"]
        for r, at in ((a, T0), (b, clock.now)):
            header = r.headers["x-binakerja-signature"]
            assert rules.signature_valid(secret, header, r.body, int(at.timestamp()))
            assert not rules.signature_valid(secret, header, r.body.replace("interview", "hired"), int(at.timestamp()))
            assert not rules.signature_valid("whsec_wrong", header, r.body, int(at.timestamp()))
        assert a.headers["x-binakerja-signature"] != b.headers["x-binakerja-signature"]  # fresh timestamp
        doc = b.json()
        assert doc["type"] == rules.STAGE_CHANGED and doc["id"].startswith("evt_")
        assert doc["data"] == {
            "application_id": app.id, "vacancy_id": w.ids["vac_a"], "candidate": w.pseudonyms["welder"],
            "vacancy_external_id": doc["data"]["vacancy_external_id"], "from_stage": "shortlisted",
            "to_stage": "interview",
        }  # fmt: skip
        async with env.pool.acquire() as conn:
            person = await conn.fetchrow(
                "SELECT i.full_name, f.name AS facility FROM inmates i JOIN facilities f ON f.id = i.facility_id "
                "WHERE i.id = $1", w.ids["welder"],
            )  # fmt: skip
        for secret_word in (person["full_name"], person["facility"], '"inmate_id"', "employer_name"):
            assert secret_word not in a.body

        async with env.pool.acquire() as conn:
            log = await WebhookRepo(conn).deliveries(sub.id)
            assert await WebhookRepo(conn).deliveries(other.id) == []
        assert len(log) == 1 and log[0].status == "sent" and log[0].response_code == 200 and log[0].attempts == 2
        assert [e["code"] for e in log[0].attempt_log] == [500, 200]


async def test_other_employers_vacancy_never_reaches_a_webhook(env: Env) -> None:
    w = env.world
    with smtp_server() as mailbox, http_receiver() as hook, http_receiver() as gateway:
        async with env.pool.acquire() as conn:
            await notifications.subscribe(conn, employer(w), hook.url, list(rules.WEBHOOK_KINDS), cipher=CIPHER,
                                          allow_http=True, allow_private=True)  # fmt: skip
        await move_welder(env, "interview", who="employer_b", vacancy="vac_b")
        stats = await worker(env, mailbox, gateway.url, Clock()).run_once(scans=False)
        assert stats.events == 1 and stats.webhooks_created == 0 and hook.requests == []


async def test_refused_webhook_input_writes_nothing(env: Env) -> None:
    from api.web.errors import InvalidInput

    async with env.pool.acquire() as conn:
        for url, kinds, field in (("http://example.test/h", [rules.STAGE_CHANGED], "url"),
                                  ("https://example.test/h", ["certificate.issued"], "event_kinds"),
                                  ("ftp://example.test", [rules.STAGE_CHANGED], "url")):  # fmt: skip
            with pytest.raises(InvalidInput) as info:
                await notifications.subscribe(conn, employer(env.world), url, kinds, cipher=CIPHER)
            assert info.value.field == field
        assert await WebhookRepo(conn).list_for_employer(env.world.ids["emp_a"]) == []


async def test_outbox_row_is_part_of_the_callers_transaction(env: Env) -> None:
    async with env.pool.acquire() as conn:
        with pytest.raises(RuntimeError):
            async with conn.transaction():
                await notifications.record_event(conn, rules.PARTNER_VERIFIED, {"employer_id": 1})
                raise RuntimeError("the use case fails after recording")
        assert await NotificationRepo(conn).events() == []
        assert json.dumps(rules.KINDS)  # every kind is a plain string


async def test_certificate_suspension_and_revocation_reach_the_officer(env: Env) -> None:
    from api.certificates.stores import PgCertificationStores
    from certification import service as certification
    from models.records import Actor

    w = env.world
    assessor = Actor(w.ids["user_lsp_assessor"], "lsp_assessor")

    class Today:
        def today(self) -> date:
            return date.today()

        def now(self) -> datetime:
            return datetime.now(UTC)

    async with env.pool.acquire() as conn:
        number = await conn.fetchval("SELECT number FROM certificates WHERE inmate_id = $1", w.ids["welder"])
        stores = PgCertificationStores(conn)
        await certification.suspend(stores, assessor, number, "pemeriksaan ulang", None, clock=Today())
        await certification.unsuspend(stores, assessor, number, "selesai diperiksa", clock=Today())  # told nobody
        await certification.revoke(stores, assessor, number, "bukti palsu", clock=Today())
    with smtp_server() as mailbox, http_receiver() as gateway:
        stats = await worker(env, mailbox, gateway.url, Clock()).run_once(scans=False)
        assert stats.events == 2 and stats.sent == 4  # inbox + e-mail (no phone on file: no gateway)
        subjects = sorted(m["Subject"] for m in mailbox.messages)
    welder = w.pseudonyms["welder"]
    assert subjects == [f"[binakerja] Sertifikat dibekukan: {welder}", f"[binakerja] Sertifikat dicabut: {welder}"]
    kinds = sorted(i.kind for i in await inbox_rows(env))
    assert kinds == [rules.CERTIFICATE_REVOKED, rules.CERTIFICATE_SUSPENDED]


async def test_followup_due_is_told_once(env: Env) -> None:
    from api.caseload.rules import followup_due  # the officer page's own rule: the scan must agree
    from api.notifications.delivery import followups_due

    w = env.world
    start = date(2026, 1, 15)
    async with env.pool.acquire() as conn:
        app = await hiring.shortlist(conn, employer(w), w.ids["vac_a"], w.pseudonyms["welder"])
        for stage in ("interview", "offer", "hired"):
            app = await hiring.move_application(conn, employer(w), app.id, stage, None, app.version, today=start)
        placement, started = await conn.fetchrow(
            "SELECT id, started_on FROM placements WHERE inmate_id = $1", w.ids["welder"]
        )
        due = followup_due(started, 3)
        async with conn.transaction():
            assert await followups_due(conn, due - timedelta(days=1)) == 0
        async with conn.transaction():
            assert await followups_due(conn, due) == 1
        async with conn.transaction():
            assert await followups_due(conn, due + timedelta(days=20)) == 0  # told already
        events = await NotificationRepo(conn).events(kind=rules.FOLLOWUP_DUE)
    assert [(e.payload["placement_id"], e.payload["month"], e.payload["due_on"]) for e in events] == [
        (placement, 3, due.isoformat())
    ]
    with smtp_server() as mailbox, http_receiver() as gateway:
        await worker(env, mailbox, gateway.url, Clock()).run_once(scans=False)
    assert rules.FOLLOWUP_DUE in {i.kind for i in await inbox_rows(env)}


async def test_daily_digest_names_new_matches_once_to_the_employer_and_its_webhook(env: Env, encoder: Any) -> None:
    """The digest over the real matcher. The four-person world is too small for calibrated "kuat"
    (>= 70) scores (the welder scores 13 for the welding vacancy), so the label picked is "weak";
    on the 300-person demo the same scan found 1141 strong matches in 183 vacancies."""
    from api.app import build_matcher
    from api.notifications.delivery import match_digest

    w = env.world
    matcher = build_matcher(encoder)
    today = date.today()
    with smtp_server() as mailbox, http_receiver() as hook, http_receiver() as gateway:
        async with env.pool.acquire() as conn:
            _, secret = await notifications.subscribe(conn, employer(w), hook.url, [rules.STRONG_MATCHES],
                                                      cipher=CIPHER, allow_http=True, allow_private=True)  # fmt: skip
            _, ranked, _ = await matcher.candidates_page(conn, w.ids["vac_a"], as_of=today, k=20)
            picked = sorted(m.pseudonym for m in ranked if m.explanation.label == "weak")
            assert picked and all(m.explanation.label != "strong" for m in ranked)
            async with conn.transaction():
                assert await match_digest(conn, matcher, today, now=T0) == 0  # nobody "kuat" here
            async with conn.transaction():
                assert await match_digest(conn, matcher, today, now=T0, label="weak") >= 1
            async with conn.transaction():
                assert await match_digest(conn, matcher, today + timedelta(days=1), now=T0, label="weak") == 0
            events = await NotificationRepo(conn).events(kind=rules.STRONG_MATCHES)
        digest = {e.payload["vacancy_id"]: e.payload for e in events}
        assert sorted(c["pseudonym"] for c in digest[w.ids["vac_a"]]["candidates"]) == picked
        assert digest[w.ids["vac_a"]]["count"] == len(picked)
        stats = await worker(env, mailbox, gateway.url, Clock()).run_once(scans=False)
        assert stats.webhooks_sent == 1  # only employer A's vacancy reaches employer A's hook
        to = {m["To"] for m in mailbox.messages}
        assert w.emails["employer"] in to and w.emails["bapas_officer"] not in to
        (request,) = hook.requests
        assert rules.signature_valid(secret, request.headers["x-binakerja-signature"], request.body,
                                     int(T0.timestamp()))  # fmt: skip
        data = request.json()["data"]
        assert data["vacancy_id"] == w.ids["vac_a"]
        assert sorted(c["candidate"] for c in data["candidates"]) == picked
        assert set(data) == {"vacancy_id", "vacancy_external_id", "count", "candidates"}
        assert "Budi Santoso" not in request.body and '"inmate_id"' not in request.body


async def test_pending_deliveries_about_a_person_who_withdrew_consent_are_dropped(env: Env) -> None:
    """An event queued while the person consented must not reach the employer after the person
    withdrew consent to employer matching: the webhook and the employer's inbox/e-mail deliveries
    are marked failed, "consent withdrawn", and nothing is sent. The officer is still told."""
    from api.privacy.actions import withdraw_consent
    from models.records import Actor

    w = env.world
    welder = w.pseudonyms["welder"]
    with smtp_server() as mailbox, http_receiver() as hook, http_receiver() as gateway:
        async with env.pool.acquire() as conn:
            sub, _ = await notifications.subscribe(conn, employer(w), hook.url, list(rules.WEBHOOK_KINDS),
                                                   cipher=CIPHER, allow_http=True, allow_private=True)  # fmt: skip
        await move_welder(env, "interview")
        async with env.pool.acquire() as conn:
            await notifications.record_event(conn, rules.STRONG_MATCHES, {
                "vacancy_id": w.ids["vac_a"], "vacancy_external_id": "V-A", "vacancy_title": "Juru las",
                "employer_id": w.ids["emp_a"], "count": 1, "candidates": [{"pseudonym": welder, "score": 81}],
            })  # fmt: skip
            await withdraw_consent(conn, Actor(w.ids["user_bapas_officer"], "bapas_officer"), w.ids["welder"])
        wk = worker(env, mailbox, gateway.url, Clock())
        stats = await wk.run_once(scans=False)
        assert hook.requests == [] and stats.webhooks_sent == 0
        assert all(m["To"] != w.emails["employer"] for m in mailbox.messages)
        async with env.pool.acquire() as conn:
            hooks = await WebhookRepo(conn).deliveries(sub.id)
            digest = (await NotificationRepo(conn).events(kind=rules.STRONG_MATCHES))[0]
            employer_states = await NotificationRepo(conn).deliveries_for_event(digest.id)
            employer_inbox = await NotificationRepo(conn).inbox(w.ids["user_employer"], limit=50, offset=0)
    assert {h.kind for h in hooks} == set(rules.WEBHOOK_KINDS)
    assert all(h.status == "failed" and h.last_error == rules.CONSENT_WITHDRAWN for h in hooks)
    assert employer_states and all(s.status == "failed" and s.last_error == rules.CONSENT_WITHDRAWN
                                   for s in employer_states)  # fmt: skip
    assert employer_inbox == []
    assert stats.dropped == len(hooks) + len(employer_states)
    assert rules.STAGE_CHANGED in {i.kind for i in await inbox_rows(env)}  # the own officer still hears


async def test_webhook_to_a_private_address_is_refused_at_save_and_at_send(env: Env) -> None:
    """SSRF: without BINAKERJA_OUTBOUND_ALLOW_PRIVATE a webhook URL on loopback, a private network
    or the metadata address is refused next to the url field, and a stored one (saved while
    allowed, or a name that now resolves there) is never contacted: the send is a failed attempt."""
    from api.web.errors import InvalidInput

    w = env.world
    async with env.pool.acquire() as conn:
        for url in ("https://127.0.0.1/h", "https://169.254.169.254/latest/meta-data", "https://10.1.2.3/h",
                    "https://[::1]/h", "https://localhost/h", "https://[::ffff:192.168.0.1]/h"):  # fmt: skip
            with pytest.raises(InvalidInput) as info:
                await notifications.subscribe(conn, employer(w), url, [rules.STAGE_CHANGED], cipher=CIPHER)
            assert info.value.field == "url" and "hanya alamat internet publik" in str(info.value)
        assert await WebhookRepo(conn).list_for_employer(w.ids["emp_a"]) == []
    with smtp_server() as mailbox, http_receiver() as hook, http_receiver() as gateway:
        async with env.pool.acquire() as conn:
            sub, _ = await notifications.subscribe(conn, employer(w), hook.url, [rules.STAGE_CHANGED],
                                                   cipher=CIPHER, allow_http=True, allow_private=True)  # fmt: skip
        await move_welder(env, "interview")
        stats = await worker(env, mailbox, gateway.url, Clock(), allow_private=False).run_once(scans=False)
        assert stats.webhooks_sent == 0 and stats.webhook_failed_attempts == 1
        assert hook.requests == []
        async with env.pool.acquire() as conn:
            log = await WebhookRepo(conn).deliveries(sub.id)
    assert log[0].status == "pending" and "loopback" in (log[0].last_error or "")


async def test_shortlisting_tells_the_officer_and_the_webhook(env: Env) -> None:
    """Putting a candidate on the shortlist is the first stage change: the officer and the
    employer's webhook hear about it like about every later move."""
    w = env.world
    with smtp_server() as mailbox, http_receiver() as hook, http_receiver() as gateway:
        async with env.pool.acquire() as conn:
            await notifications.subscribe(conn, employer(w), hook.url, [rules.STAGE_CHANGED], cipher=CIPHER,
                                          allow_http=True, allow_private=True)  # fmt: skip
            app = await hiring.shortlist(conn, employer(w), w.ids["vac_a"], w.pseudonyms["welder"])
            events = await NotificationRepo(conn).events(kind=rules.STAGE_CHANGED)
        assert [(e.payload["application_id"], e.payload["from"], e.payload["to"]) for e in events] == [
            (app.id, None, "shortlisted")
        ]
        stats = await worker(env, mailbox, gateway.url, Clock()).run_once(scans=False)
        assert stats.events == 1 and stats.webhooks_sent == 1
        assert [m["Subject"] for m in mailbox.messages] == [f"[binakerja] Lamaran {w.pseudonyms['welder']}: "
                                                            "daftar pendek"]  # fmt: skip
        data = hook.requests[0].json()["data"]
    assert (data["from_stage"], data["to_stage"], data["candidate"]) == (None, "shortlisted", w.pseudonyms["welder"])
    assert [i.kind for i in await inbox_rows(env)] == [rules.STAGE_CHANGED]

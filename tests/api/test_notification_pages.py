"""The inbox, preferences and webhook pages and their JSON API, through the app (rolled back)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest_asyncio

from api.app import create_app
from api.config import Settings
from api.hiring import service as hiring
from api.notifications import rules
from api.web.auth import Principal
from models.repositories.notifications import NotificationRepo
from tests.api.conftest import TEST_DATA_KEY, World, csrf_from, sign_in


def employer(world: World) -> Principal:
    return Principal(world.ids["user_employer"], world.emails["employer"], "employer", "employer",
                     employer_id=world.ids["emp_a"], partner_status="active")  # fmt: skip


async def stage_move_delivered(client: httpx.AsyncClient, conn: Any, world: World) -> None:
    """The employer moves the welder to interview; the app's own worker delivers (inbox only here)."""
    app = await hiring.shortlist(conn, employer(world), world.ids["vac_a"], world.pseudonyms["welder"])
    shortlisted = await client.app.state.notifier.run_once(scans=False)  # type: ignore[attr-defined]
    assert shortlisted.sent == 1  # the shortlist is a stage change too: the officer hears
    await NotificationRepo(conn).mark_read(world.ids["user_bapas_officer"], None, datetime.now(UTC))
    await hiring.move_application(conn, employer(world), app.id, "interview", None, app.version, today=date.today())
    stats = await client.app.state.notifier.run_once(scans=False)  # type: ignore[attr-defined]
    assert stats.sent == 1 and client.app.state.notification_channels == ("inbox",)  # type: ignore[attr-defined]


async def test_officer_reads_the_stage_change_in_the_inbox(client: httpx.AsyncClient, conn: Any, world: World) -> None:
    await sign_in(client, world.emails["bapas_officer"])
    empty = await client.get("/kotak-masuk")
    assert empty.status_code == 200 and "Belum ada pemberitahuan." in empty.text
    assert 'href="/kotak-masuk" class="bell"' in empty.text and "/static/inbox.js" in empty.text
    await stage_move_delivered(client, conn, world)
    assert (await client.get("/kotak-masuk/jumlah")).json() == {"unread": 1}

    page = await client.get("/kotak-masuk")
    welder = world.pseudonyms["welder"]
    assert f"Lamaran klien {welder}" in page.text and "wawancara" in page.text and "Budi Santoso" not in page.text
    assert f'href="/klien/{world.ids["welder"]}"' in page.text
    english = await client.get("/kotak-masuk", params={"lang": "en"})
    assert f"Client {welder}&#39;s application" in english.text and "interview" in english.text

    item = (await client.get("/api/v1/notifications")).json()["items"][0]
    assert item["kind"] == rules.STAGE_CHANGED and item["read_at"] is None
    r = await client.post(f"/kotak-masuk/{item['id']}/dibaca", data={"csrf_token": csrf_from(page.text)})
    assert r.status_code == 303
    assert (await client.get("/kotak-masuk/jumlah")).json() == {"unread": 0}
    audit = await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'notification.mark_read'")
    assert audit == 1

    # another user's message is "not found", and nothing changes
    client.cookies.clear()
    r = await client.post(f"/api/v1/notifications/{item['id']}/read", headers=world.auth("officer_b"))
    assert r.status_code == 404
    assert (await client.get("/api/v1/notifications", headers=world.auth("officer_b"))).json()["total"] == 0


@pytest_asyncio.fixture(loop_scope="session")
async def gw_client(db: Any, encoder: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a WhatsApp/SMS gateway configured (never called here): the phone field shows."""
    settings = Settings(secret_key="test-secret", data_key=TEST_DATA_KEY, gateway_url="http://127.0.0.1:9/gw")  # noqa: S106
    app = create_app(settings, embedder=encoder, db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_preferences_refuse_a_bad_phone_next_to_the_field(gw_client: httpx.AsyncClient, world: World) -> None:
    client = gw_client
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get("/kotak-masuk/pengaturan")
    assert page.status_code == 200 and rules.kind_label(rules.STAGE_CHANGED) in page.text
    token = csrf_from(page.text)
    form = {"csrf_token": token, "phone": "12ab", f"{rules.FOLLOWUP_DUE}:inbox": "on"}
    bad = await client.post("/kotak-masuk/pengaturan", data=form)
    assert bad.status_code == 422
    assert 'id="f-phone-error"' in bad.text and "nomor telepon harus" in bad.text and 'value="12ab"' in bad.text
    assert f'name="{rules.STAGE_CHANGED}:inbox"' in bad.text and 'aria-invalid="true"' in bad.text
    stored = (await client.get("/api/v1/notification-preferences")).json()
    assert all(i["enabled"] for i in stored["items"])  # nothing half-written
    ok = await client.post("/kotak-masuk/pengaturan", data={**form, "phone": "0812 3456 7890"})
    assert ok.status_code == 303
    after = {(i["kind"], i["channel"]): i["enabled"] for i in
             (await client.get("/api/v1/notification-preferences")).json()["items"]}  # fmt: skip
    assert after[(rules.FOLLOWUP_DUE, "inbox")] and not after[(rules.STAGE_CHANGED, "inbox")]
    assert not after[(rules.STAGE_CHANGED, "gateway")]
    assert (await client.get("/api/v1/notification-preferences")).json()["phone"] == "+6281234567890"


async def test_employer_makes_a_webhook_and_sees_the_secret_once(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    page = await client.get("/webhook")
    assert page.status_code == 200 and "Belum ada webhook." in page.text
    token = csrf_from(page.text)
    bad = await client.post("/webhook", data={"csrf_token": token, "url": "http://hr.example.test/hook",
                                              "event_kinds": [rules.STAGE_CHANGED]})  # fmt: skip
    assert bad.status_code == 422 and 'id="f-url-error"' in bad.text and "URL harus memakai https://" in bad.text
    assert 'value="http://hr.example.test/hook"' in bad.text  # the input is kept
    made = await client.post("/webhook", data={"csrf_token": token, "url": "https://hr.example.test/hook",
                                               "event_kinds": [rules.STAGE_CHANGED]})  # fmt: skip
    assert made.status_code == 200 and "whsec_" in made.text
    again = await client.get("/webhook")
    assert "whsec_" not in again.text and "https://hr.example.test/hook" in again.text

    body = {"url": "https://hr.example.test/b", "event_kinds": list(rules.WEBHOOK_KINDS)}
    api = await client.post("/api/v1/webhooks", headers=world.auth("employer"), json=body)
    assert api.status_code == 201 and api.json()["secret"].startswith("whsec_")
    listed = (await client.get("/api/v1/webhooks", headers=world.auth("employer"))).json()
    assert len(listed) == 2 and all(h["secret"] is None for h in listed)
    hook_id = api.json()["id"]
    assert (await client.get(f"/webhook/{hook_id}")).status_code == 200
    assert (
        await client.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=world.auth("employer_b"))
    ).status_code == 404
    body = {"url": "https://hr.example.test/c", "event_kinds": ["certificate.issued"]}
    refused = await client.post("/api/v1/webhooks", headers=world.auth("employer"), json=body)
    assert refused.status_code == 422 and refused.json()["field"] == "event_kinds"
    gone = await client.delete(f"/api/v1/webhooks/{hook_id}", headers=world.auth("employer"))
    assert gone.status_code == 200 and gone.json()["active"] is False

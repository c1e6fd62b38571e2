"""Feeds in (issue 16 items 3 and 5): a local HTTP server in a thread serves a partner portal's
vacancy feed and an SDP delta feed; runs go through the real service, the real database and the
real model (re-indexing), and the admin pages through the app."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from api.feeds import rules, service
from api.feeds.rules import ConnectorInput
from api.privacy.crypto import DataCipher
from api.stats.service import national_stats
from models.records import SYSTEM
from models.repositories.feeds import FeedRepo
from tests import factories as f
from tests.api.conftest import World, csrf_from, sign_in
from tests.feed_server import FeedServer, serving


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serving() as server:
        yield server


CIPHER = DataCipher.from_keys(bytes(range(32)))
TOKEN = "rahasia-portal-123"  # noqa: S105 - the test server's token


def posting(pid: str, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": pid, "job_title": title, "job_description": "Bengkel fabrikasi baja.", "qualifications": ["las SMAW"],
        "skkni_units": [f.WELDING_UNITS[0].code], "regency_code": "32.73", "openings": 2,
        "start_date": (date.today() + timedelta(days=90)).isoformat(), "fair_chance": True, "status": "published",
        "employer_logo": "https://portal.example/logo.png",  # a portal field binakerja ignores
    } | extra  # fmt: skip


async def connector(conn: asyncpg.Connection, world: World, kind: str, url: str, **kw: Any) -> int:
    data = ConnectorInput(
        name=kw.pop("name", f"{kind.replace('_', '-')}-{f.uid('t').lower()}"), kind=kind, url=url,
        token=kw.pop("token", TOKEN), interval_minutes="15",
        employer_id=str(world.ids["emp_a"]) if kind == "vacancy_portal" else "",
        facility_id=kw.pop("facility_id", ""), active=True,
    )  # fmt: skip
    # the feed server is on 127.0.0.1: these tests turn BINAKERJA_OUTBOUND_ALLOW_PRIVATE on
    return (await service.create_connector(conn, SYSTEM, data, CIPHER, allow_private=True)).id


async def run(conn: asyncpg.Connection, cid: int, encoder: Any = None) -> Any:
    return await service.run_connector(conn, SYSTEM, cid, cipher=CIPHER, encoder=encoder, trigger="schedule",
                                       allow_private=True)  # fmt: skip


async def feed_vacancies(conn: asyncpg.Connection, cid: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT id, external_id, title, positions, required_units, regency_code, status, version, employer_id"
        " FROM vacancies WHERE external_id LIKE $1 ORDER BY external_id",
        f"feed{cid}:%",
    )


# --- vacancy portal ------------------------------------------------------------------------------


async def test_vacancy_feed_applies_advances_cursor_and_is_idempotent(
    conn: asyncpg.Connection, world: World, feed_server: FeedServer, encoder: Any
) -> None:
    feed_server.pages["/lowongan"] = {
        None: {"items": [posting("KH-1", "Tukang Las SMAW"), posting("KH-2", "Juru Las Pipa")], "next_cursor": "c1"},
        "c1": {"items": [posting("KH-3", "Operator Bubut", openings=1)], "next_cursor": "c2"},
    }
    cid = await connector(conn, world, "vacancy_portal", feed_server.url("/lowongan"))
    first = await run(conn, cid, encoder)
    assert (first.status, first.records_seen, first.records_applied) == ("ok", 3, 3), first.errors
    assert (first.cursor_before, first.cursor_after) == (None, "c2")
    stored = await feed_vacancies(conn, cid)
    assert [r["title"] for r in stored] == ["Tukang Las SMAW", "Juru Las Pipa", "Operator Bubut"]
    assert {r["employer_id"] for r in stored} == {world.ids["emp_a"]}
    assert stored[0]["positions"] == 2 and stored[0]["regency_code"] == "32.73" and stored[0]["status"] == "open"
    assert list(stored[0]["required_units"]) == [f.WELDING_UNITS[0].code]
    assert (await FeedRepo(conn).get_connector(cid)).last_cursor == "c2"
    assert feed_server.auth and set(feed_server.auth) == {f"Bearer {TOKEN}"}
    # re-indexed straight away: every fed vacancy has an embedding
    ids = [r["id"] for r in stored]
    embedded = await conn.fetchval("SELECT count(*) FROM vacancy_embeddings WHERE vacancy_id = ANY($1)", ids)
    assert embedded == 3

    again = await run(conn, cid, encoder)  # nothing new after c2
    assert (again.status, again.records_seen, again.records_applied, again.cursor_after) == ("ok", 0, 0, "c2")
    await FeedRepo(conn).set_cursor(cid, None)  # the whole feed served again: upsert by the portal's id
    replay = await run(conn, cid, encoder)
    assert (replay.status, replay.records_seen, replay.records_applied) == ("ok", 3, 0)
    assert [(r["id"], r["version"]) for r in await feed_vacancies(conn, cid)] == [
        (r["id"], r["version"]) for r in stored
    ]

    # a changed posting is updated in place and re-embedded
    feed_server.pages["/lowongan"]["c2"] = {
        "items": [posting("KH-1", "Tukang Las SMAW dan FCAW", status="closed")], "next_cursor": "c3",
    }  # fmt: skip
    before = await conn.fetchval("SELECT text_hash FROM vacancy_embeddings WHERE vacancy_id = $1", stored[0]["id"])
    changed = await run(conn, cid, encoder)
    assert (changed.records_seen, changed.records_applied) == (1, 1)
    row = (await feed_vacancies(conn, cid))[0]
    assert (row["title"], row["status"], row["id"]) == ("Tukang Las SMAW dan FCAW", "closed", stored[0]["id"])
    after = await conn.fetchval("SELECT text_hash FROM vacancy_embeddings WHERE vacancy_id = $1", stored[0]["id"])
    assert after != before
    actions = await conn.fetch(
        "SELECT action FROM audit_events WHERE object_type = 'feed_connector' AND object_id = $1", str(cid)
    )
    assert [a["action"] for a in actions].count("feed.run") == 4


async def test_bad_record_changes_nothing_and_names_record_and_field(
    conn: asyncpg.Connection, world: World, feed_server: FeedServer
) -> None:
    feed_server.pages["/lowongan"] = {
        None: {
            "items": [posting("KH-1", "Tukang Las"), posting("KH-2", "Juru Las", start_date="2026-13-45"),
                      posting("KH-3", "Operator")],
            "next_cursor": "c1",
        },
    }  # fmt: skip
    cid = await connector(conn, world, "vacancy_portal", feed_server.url("/lowongan"))
    failed = await run(conn, cid)
    assert failed.status == "failed" and failed.records_applied == 0 and failed.records_seen == 3
    assert failed.cursor_after is None and (await FeedRepo(conn).get_connector(cid)).last_cursor is None
    (error,) = failed.errors
    assert (error["page"], error["record"], error["id"], error["field"]) == (1, 2, "KH-2", "start_date")
    assert "bukan tanggal kalender yang sah" in error["message"], error
    assert await feed_vacancies(conn, cid) == []  # not even KH-1, which was valid

    # a unit missing from the catalogue is found by the import's reference check, named by the portal's field
    feed_server.pages["/lowongan"][None] = {
        "items": [posting("KH-1", "Tukang Las"), posting("KH-9", "Las", skkni_units=["C.99XXX00.001.1"])],
        "next_cursor": "c1",
    }
    failed = await run(conn, cid)
    (error,) = failed.errors
    assert (error["record"], error["field"]) == (2, "skkni_units") and "tidak dikenal" in error["message"]
    assert await feed_vacancies(conn, cid) == []

    # fixed at the source: the same page now applies, and the cursor moves
    feed_server.pages["/lowongan"][None] = {"items": [posting("KH-1", "Tukang Las")], "next_cursor": "c1"}
    ok = await run(conn, cid)
    assert (ok.status, ok.records_applied, ok.cursor_after) == ("ok", 1, "c1")


async def test_feed_server_down_is_a_failed_run_with_a_clear_message(conn: asyncpg.Connection, world: World) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cid = await connector(conn, world, "vacancy_portal", f"http://127.0.0.1:{port}/lowongan")
    failed = await run(conn, cid)
    assert failed.status == "failed" and failed.records_seen == 0 and failed.finished_at is not None
    assert "tidak dapat dihubungi" in failed.errors[0]["message"], failed.errors
    connector_row = await FeedRepo(conn).get_connector(cid)
    assert connector_row.last_status == "failed" and connector_row.last_cursor is None


async def test_feed_server_error_status_and_bad_json(
    conn: asyncpg.Connection, world: World, feed_server: FeedServer
) -> None:
    cid = await connector(conn, world, "vacancy_portal", feed_server.url("/lowongan"))
    feed_server.status = 503
    failed = await run(conn, cid)
    assert "HTTP 503" in failed.errors[0]["message"]
    feed_server.status = 200
    feed_server.pages["/lowongan"] = {None: b"<html>maintenance</html>"}
    failed = await run(conn, cid)
    assert "bukan JSON" in failed.errors[0]["message"]


# --- SDP deltas ------------------------------------------------------------------------------------


async def _codes(conn: asyncpg.Connection, world: World) -> tuple[str, dict[str, str]]:
    number = await conn.fetchval("SELECT external_id FROM inmates WHERE id = $1", world.ids["welder"])
    codes = {k: await conn.fetchval("SELECT code FROM facilities WHERE id = $1", world.ids[k])
             for k in ("lapas", "other_lapas", "bapas")}  # fmt: skip
    return number, codes


async def test_sdp_deltas_update_dates_transfer_release_and_readmission(
    conn: asyncpg.Connection, world: World, feed_server: FeedServer, encoder: Any
) -> None:
    number, codes = await _codes(conn, world)
    today = date.today()
    release, parole = today + timedelta(days=200), today + timedelta(days=100)
    moved_on, released_on, back_on = today - timedelta(days=40), today - timedelta(days=20), today - timedelta(days=3)
    before = await stats_row(conn)
    feed_server.pages["/sdp"] = {
        None: {
            "items": [
                {"delta_id": "D-1", "registration_number": number, "type": "dates", "occurred_on": str(today),
                 "expected_release_date": str(release), "pb_date": str(parole)},
                {"delta_id": "D-2", "registration_number": number, "type": "transfer", "occurred_on": str(moved_on),
                 "facility_code": codes["other_lapas"]},
            ],
            "next_cursor": "s1",
        },
        "s1": {
            "items": [
                {"delta_id": "D-3", "registration_number": number, "type": "release", "occurred_on": str(released_on)},
                {"delta_id": "D-4", "registration_number": number, "type": "readmission",
                 "occurred_on": str(back_on), "facility_code": codes["lapas"]},
                {"delta_id": "D-1", "registration_number": number, "type": "dates", "occurred_on": str(today),
                 "expected_release_date": str(release), "pb_date": str(parole)},  # served again: skipped
            ],
            "next_cursor": "s2",
        },
    }  # fmt: skip
    cid = await connector(conn, world, "sdp_delta", feed_server.url("/sdp"))
    first = await run(conn, cid, encoder)
    assert (first.status, first.records_seen, first.records_applied, first.cursor_after) == ("ok", 5, 4, "s2")
    person = await conn.fetchrow(
        "SELECT status, facility_id, bapas_id, expected_release_date, pb_date FROM inmates WHERE id = $1",
        world.ids["welder"],
    )
    assert person["status"] == "detained" and person["facility_id"] == world.ids["lapas"]
    assert person["bapas_id"] == world.ids["bapas"] and person["expected_release_date"] is None
    events = await FeedRepo(conn).events_of(world.ids["welder"])
    assert [(k, d) for k, d, _, _ in events] == [
        ("transfer", moved_on), ("release", released_on), ("readmission", back_on),
    ]  # fmt: skip
    transfer = next(e for e in events if e[0] == "transfer")
    assert (transfer[2], transfer[3]) == (world.ids["other_lapas"], world.ids["lapas"])
    readmission = next(e for e in events if e[0] == "readmission")
    assert (readmission[2], readmission[3]) == (world.ids["lapas"], world.ids["other_lapas"])

    # the Kemnaker dashboard counts the re-admission next to retention
    after = await stats_row(conn)
    assert after["readmissions"] == before["readmissions"] + 1
    month = released_on.strftime("%Y-%m")
    rate = next(r for r in (await national_stats(conn))["readmission_rate_by_release_month"] if r.label == month)
    assert rate.readmitted >= 1 and rate.released >= 1

    # replaying the whole feed changes nothing and records no event twice
    await FeedRepo(conn).set_cursor(cid, None)
    replay = await run(conn, cid, encoder)
    assert (replay.status, replay.records_seen, replay.records_applied) == ("ok", 5, 0)
    assert len(await FeedRepo(conn).events_of(world.ids["welder"])) == 3
    audited = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'inmate.feed.update' AND subject_inmate_id = $1",
        world.ids["welder"],
    )
    assert audited == 2  # one per batch that changed the person


async def stats_row(conn: asyncpg.Connection) -> dict[str, int]:
    s = await national_stats(conn)
    return {"readmissions": sum(r.value for r in s["readmissions_by_month"])}


async def test_sdp_batch_with_one_bad_delta_changes_nothing(
    conn: asyncpg.Connection, world: World, feed_server: FeedServer
) -> None:
    number, codes = await _codes(conn, world)
    stored = await conn.fetchrow("SELECT status, facility_id, expected_release_date FROM inmates WHERE id = $1",
                                 world.ids["welder"])  # fmt: skip
    feed_server.pages["/sdp"] = {
        None: {
            "items": [
                {"delta_id": "D-1", "registration_number": number, "type": "transfer", "occurred_on": "2026-11-01",
                 "facility_code": codes["other_lapas"]},
                # a person still inside cannot be re-admitted
                {"delta_id": "D-2", "registration_number": number, "type": "readmission", "occurred_on": "2026-11-02",
                 "facility_code": codes["lapas"]},
            ],
            "next_cursor": "s1",
        },
    }  # fmt: skip
    cid = await connector(conn, world, "sdp_delta", feed_server.url("/sdp"))
    failed = await run(conn, cid)
    assert failed.status == "failed" and failed.cursor_after is None and failed.records_applied == 0
    (error,) = failed.errors
    assert (error["record"], error["id"], error["field"]) == (2, "D-2", "type")
    assert "hanya untuk orang yang sudah bebas" in error["message"]
    now = await conn.fetchrow("SELECT status, facility_id, expected_release_date FROM inmates WHERE id = $1",
                              world.ids["welder"])  # fmt: skip
    assert dict(now) == dict(stored)  # the valid transfer before it was rolled back too
    assert await FeedRepo(conn).events_of(world.ids["welder"]) == []
    assert await conn.fetchval("SELECT count(*) FROM feed_deltas WHERE connector_id = $1", cid) == 0

    for bad, field_name, words in (
        ({"delta_id": "D-9", "registration_number": "TIDAK-ADA", "type": "release", "occurred_on": "2026-11-01"},
         "registration_number", "tidak dikenal"),
        ({"delta_id": "D-9", "registration_number": number, "type": "dates", "occurred_on": "2026-11-01",
          "pb_date": "01-11-2026"}, "pb_date", "YYYY-MM-DD"),
        ({"delta_id": "D-9", "registration_number": number, "type": "status", "occurred_on": "2026-11-01",
          "status": "kabur"}, "status", "harus salah satu dari"),
        ({"delta_id": "D-9", "registration_number": number, "type": "release"}, "occurred_on", "wajib"),
        ({"delta_id": "D-9", "registration_number": number, "type": "transfer", "occurred_on": "2026-11-01",
          "facility_code": codes["bapas"]}, "facility_code", "bukan lapas"),
        ({"delta_id": "D-9", "registration_number": number, "type": "release", "occurred_on": "2026-11-01",
          "nama": "x"}, "nama", "tidak dikenal"),
    ):  # fmt: skip
        feed_server.pages["/sdp"][None] = {"items": [bad], "next_cursor": "s1"}
        failed = await run(conn, cid)
        (error,) = failed.errors
        assert (error["record"], error["field"]) == (1, field_name), error
        assert words in error["message"], error


async def test_sdp_facility_scope(conn: asyncpg.Connection, world: World, feed_server: FeedServer) -> None:
    number, _ = await _codes(conn, world)
    feed_server.pages["/sdp"] = {None: {"items": [
        {"delta_id": "D-1", "registration_number": number, "type": "release", "occurred_on": "2026-11-01"},
    ], "next_cursor": "s1"}}  # fmt: skip
    cid = await connector(conn, world, "sdp_delta", feed_server.url("/sdp"),
                          facility_id=str(world.ids["other_lapas"]))  # fmt: skip
    failed = await run(conn, cid)
    assert failed.errors[0]["field"] == "registration_number" and "lingkup" in failed.errors[0]["message"]


# --- settings, scheduling ---------------------------------------------------------------------------


async def test_token_is_encrypted_and_settings_validated(conn: asyncpg.Connection, world: World) -> None:
    cid = await connector(conn, world, "vacancy_portal", "https://portal.example/api/lowongan")
    raw = await conn.fetchval("SELECT token_enc FROM feed_connectors WHERE id = $1", cid)
    assert raw is not None and TOKEN.encode() not in bytes(raw)
    assert service.decrypt_token(CIPHER, await FeedRepo(conn).get_connector(cid)) == TOKEN
    problems = rules.connector_problems(ConnectorInput("X", "ftp", "ftp://x", "", "0", "", "", True))
    assert set(problems) == {"name", "kind", "url", "interval_minutes"}
    assert rules.connector_problems(ConnectorInput("sdp", "vacancy_portal", "https://x.id/f", "", "60", "", "", True)) \
        == {"employer_id": "feed lowongan memerlukan pemberi kerja tujuan"}  # fmt: skip


async def test_due_connectors_run_and_inactive_ones_do_not(
    conn: asyncpg.Connection, world: World, feed_server: FeedServer
) -> None:
    feed_server.pages["/lowongan"] = {None: {"items": [posting("KH-1", "Tukang Las")], "next_cursor": "c1"}}
    due = await connector(conn, world, "vacancy_portal", feed_server.url("/lowongan"))
    idle = await connector(conn, world, "vacancy_portal", feed_server.url("/lowongan"))
    await service.set_active(conn, SYSTEM, idle, False)
    now = datetime.now(UTC)
    runs = await service.run_due(conn, SYSTEM, now, cipher=CIPHER, allow_private=True)
    assert [r.connector_id for r in runs if r.connector_id in (due, idle)] == [due]
    again = await service.run_due(conn, SYSTEM, now, cipher=CIPHER, allow_private=True)
    assert [r for r in again if r.connector_id == due] == []
    later = await service.run_due(conn, SYSTEM, now + timedelta(minutes=16), cipher=CIPHER, allow_private=True)
    assert [r.connector_id for r in later if r.connector_id in (due, idle)] == [due]


# --- pages and routes ------------------------------------------------------------------------------


async def test_admin_pages_roles_and_run_now(
    client: httpx.AsyncClient, world: World, feed_server: FeedServer, conn: asyncpg.Connection
) -> None:
    for who in ("employer", "bapas_officer", "lsp_assessor"):
        client.cookies.clear()
        await sign_in(client, world.emails[who])
        assert (await client.get("/admin/feed")).status_code == 403, who
        assert (await client.get("/api/v1/feeds", headers=world.auth(who))).status_code == 403, who

    client.cookies.clear()
    await sign_in(client, world.emails["kemnaker_staff"])
    page = await client.get("/admin/feed")
    assert page.status_code == 200 and "Konektor baru" not in page.text  # read-only
    r = await client.post("/admin/feed", data={"csrf_token": csrf_from(page.text), "name": "x", "kind": "sdp_delta",
                                               "url": "http://x.id", "interval_minutes": "5"})  # fmt: skip
    assert r.status_code == 403

    client.cookies.clear()
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/feed")
    token = csrf_from(page.text)
    form = {
        "csrf_token": token,
        "name": "karirhub-baja",
        "kind": "vacancy_portal",
        "url": "bukan-url",
        "token": TOKEN,
        "interval_minutes": "30",
        "employer_id": str(world.ids["emp_a"]),
        "active": "true",
    }
    bad = await client.post("/admin/feed", data=form)
    assert bad.status_code == 422 and 'id="f-url-error"' in bad.text and 'value="karirhub-baja"' in bad.text
    assert TOKEN not in bad.text  # the token is never echoed
    # SSRF: without BINAKERJA_OUTBOUND_ALLOW_PRIVATE the metadata address and loopback are refused
    metadata = await client.post("/admin/feed", data=form | {"url": "http://169.254.169.254/latest/meta-data"})
    assert metadata.status_code == 422 and 'id="f-url-error"' in metadata.text and "link-local" in metadata.text
    local = await client.post("/admin/feed", data=form | {"url": feed_server.url("/lowongan")})
    assert local.status_code == 422 and "loopback" in local.text  # the test feed server is on 127.0.0.1
    api_refused = await client.post(
        "/api/v1/feeds",
        headers=world.auth("admin"),
        json={"name": "meta", "kind": "sdp_delta", "url": "http://[::ffff:169.254.169.254]/", "interval_minutes": 5},
    )
    assert api_refused.status_code == 422 and api_refused.json()["field"] == "url", api_refused.text
    client.app.state.settings = dataclasses.replace(client.app.state.settings, outbound_allow_private=True)
    feed_server.pages["/lowongan"] = {None: {"items": [posting("KH-1", "Tukang Las")], "next_cursor": "c1"}}
    made = await client.post("/admin/feed", data=form | {"url": feed_server.url("/lowongan")})
    assert made.status_code == 303
    detail_url = made.headers["location"]
    cid = int(detail_url.rsplit("/", 1)[1])
    ran = await client.post(f"{detail_url}/jalankan", data={"csrf_token": token})
    assert ran.status_code == 303
    detail = await client.get(detail_url)
    assert detail.status_code == 200 and "berhasil" in detail.text and "c1" in detail.text
    english = await client.get(detail_url, params={"lang": "en"})
    assert "Run history" in english.text and "succeeded" in english.text
    await client.post(f"{detail_url}/aktif", data={"csrf_token": token})
    assert not (await FeedRepo(conn).get_connector(cid)).active

    # the same through /api/v1 with the admin's key; staff may read
    api = world.auth("admin")
    listed = await client.get("/api/v1/feeds", headers=world.auth("kemnaker_staff"))
    assert listed.status_code == 200 and any(c["name"] == "karirhub-baja" for c in listed.json())
    assert all("token" not in c and "token_enc" not in c for c in listed.json())
    body = {"name": "sdp-bandung", "kind": "sdp_delta", "url": feed_server.url("/sdp"), "interval_minutes": 10}
    created = await client.post("/api/v1/feeds", json=body, headers=api)
    assert created.status_code == 201, created.text
    sdp = created.json()["id"]
    refused = await client.post("/api/v1/feeds", json=body | {"name": "Bad Name"}, headers=api)
    assert refused.status_code == 422 and refused.json()["field"] == "name"
    assert (await client.post(f"/api/v1/feeds/{sdp}/run", headers=world.auth("kemnaker_staff"))).status_code == 403
    feed_server.pages["/sdp"] = {}  # served, but nothing new
    run_now = await client.post(f"/api/v1/feeds/{sdp}/run", headers=api)
    assert run_now.status_code == 200 and run_now.json()["status"] == "ok"  # no /sdp pages: nothing new
    got = await client.get(f"/api/v1/feeds/{sdp}", headers=api)
    assert got.json()["runs"][0]["id"] == run_now.json()["id"]
    changed = await client.put(f"/api/v1/feeds/{sdp}", json=body | {"interval_minutes": 120, "active": False},
                               headers=api)  # fmt: skip
    assert (
        changed.status_code == 200
        and changed.json()["interval_minutes"] == 120
        and changed.json()["has_token"] is False
    )
    assert (await client.put(f"/api/v1/feeds/{sdp}", json=body | {"kind": "vacancy_portal"},
                             headers=api)).status_code == 422  # fmt: skip
    actions = {r["action"] for r in await conn.fetch(
        "SELECT action FROM audit_events WHERE object_type = 'feed_connector' AND object_id = ANY($1::text[])",
        [str(cid), str(sdp)])}  # fmt: skip
    assert {"feed.create", "feed.run", "feed.deactivate", "feed.update", "feed.read"} <= actions


class PassCounter:
    """The test's database, counting the scheduler's finished passes (each acquires one connection),
    so the test touches the shared connection only between passes."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.passes = 0

    def acquire(self) -> Any:
        inner, outer = self.db.acquire(), self

        class Ctx:
            async def __aenter__(self) -> Any:
                return await inner.__aenter__()

            async def __aexit__(self, *exc: object) -> None:
                await inner.__aexit__(*exc)
                outer.passes += 1

        return Ctx()


async def test_scheduler_runs_due_connectors_in_the_background(
    conn: asyncpg.Connection, db: Any, world: World, feed_server: FeedServer
) -> None:
    import asyncio

    from api.feeds import scheduler

    feed_server.pages["/lowongan"] = {None: {"items": [posting("KH-1", "Tukang Las")], "next_cursor": "c1"}}
    cid = await connector(conn, world, "vacancy_portal", feed_server.url("/lowongan"))
    counted = PassCounter(db)
    # a pass, then 0.2 s of sleep in which the test looks (every 0.01 s) and stops the loop
    async with scheduler.running(counted, cipher=CIPHER, tick=0.2, allow_private=True) as task:
        for _ in range(2000):  # two whole passes: the first runs the connector, the second finds it not due
            if counted.passes >= 2:
                break
            await asyncio.sleep(0.01)
        assert counted.passes >= 2 and not task.done()
    runs = await FeedRepo(conn).list_runs(cid)
    assert len(runs) == 1 and runs[0].status == "ok" and runs[0].trigger == "schedule"  # once: then not due
    assert len(await feed_vacancies(conn, cid)) == 1


def test_scheduler_is_off_unless_enabled() -> None:
    from api.config import Settings

    assert Settings().feeds_scheduler is False
    assert Settings.from_env({}).feeds_scheduler is True  # `binakerja serve`
    assert Settings.from_env({"BINAKERJA_FEEDS_SCHEDULER": "0"}).feeds_scheduler is False


async def test_a_stored_private_url_is_never_fetched_without_the_setting(
    conn: asyncpg.Connection, world: World, feed_server: FeedServer
) -> None:
    """DNS rebinding / a URL stored while allowed: the fetch resolves and checks again, so a run
    without BINAKERJA_OUTBOUND_ALLOW_PRIVATE contacts nothing and fails with a clear message."""
    feed_server.pages["/lowongan"] = {None: {"items": [posting("KH-9", "Tukang Las")], "next_cursor": "c1"}}
    cid = await connector(conn, world, "vacancy_portal", feed_server.url("/lowongan"))
    failed = await service.run_connector(conn, SYSTEM, cid, cipher=CIPHER, trigger="schedule")
    assert failed.status == "failed" and failed.records_seen == 0
    assert "tidak boleh dihubungi" in failed.errors[0]["message"] and "loopback" in failed.errors[0]["message"]
    assert (await FeedRepo(conn).get_connector(cid)).last_cursor is None
    ok = await run(conn, cid)  # the same connector with the setting on (as every other test here)
    assert ok.status == "ok" and ok.records_applied == 1

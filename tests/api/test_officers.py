"""Bapas officer API and pages: own caseload only, consent, matches, plan, placements."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from tests.api.conftest import World, csrf_from, sign_in


async def test_caseload_is_own_bapas_only(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    r = await client.get("/api/v1/clients", headers=world.auth("bapas_officer"))
    assert r.status_code == 200
    ids = {c["id"] for c in r.json()["items"]}
    assert ids == {world.ids["welder"], world.ids["baker"], world.ids["refuser"]} and r.json()["total"] == 3
    other = await client.get("/api/v1/clients", headers=world.auth("officer_b"))
    assert {c["id"] for c in other.json()["items"]} == {world.ids["other"]}
    reads = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'client.list' AND actor_user_id = $1",
        world.ids["user_bapas_officer"],
    )
    assert reads == 3


async def test_officer_cannot_open_another_bapas_client(client: httpx.AsyncClient, world: World) -> None:
    for suffix in ("", "/vacancies", "/gaps"):
        r = await client.get(f"/api/v1/clients/{world.ids['other']}{suffix}", headers=world.auth("bapas_officer"))
        assert r.status_code == 404, suffix
    r = await client.put(f"/api/v1/clients/{world.ids['other']}/consent", json={"employer_matching": False},
                         headers=world.auth("bapas_officer"))  # fmt: skip
    assert r.status_code == 404
    mine = await client.get(f"/api/v1/clients/{world.ids['welder']}", headers=world.auth("bapas_officer"))
    assert mine.status_code == 200 and mine.json()["name"] == "Budi Santoso"


async def test_vacancies_and_gaps_for_a_client(client: httpx.AsyncClient, world: World) -> None:
    r = await client.get(f"/api/v1/clients/{world.ids['welder']}/vacancies", headers=world.auth("bapas_officer"))
    assert r.status_code == 200
    assert r.json()[0]["vacancy_id"] == world.ids["vac_a"] and r.json()[0]["explanation"]
    g = await client.get(f"/api/v1/clients/{world.ids['baker']}/gaps", headers=world.auth("bapas_officer"))
    assert g.status_code == 200 and "missing_units" in g.json()


async def test_consent_withdrawal_hides_candidate_from_employers(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"
    before = [c["candidate"] for c in (await client.get(url, headers=world.auth("employer"))).json()["items"]]
    assert world.pseudonyms["welder"] in before
    r = await client.put(f"/api/v1/clients/{world.ids['welder']}/consent",
                         json={"employer_matching": False, "note": "klien menarik persetujuan"},
                         headers=world.auth("bapas_officer"))  # fmt: skip
    assert r.status_code == 200, r.text
    after = [c["candidate"] for c in (await client.get(url, headers=world.auth("employer"))).json()["items"]]
    assert world.pseudonyms["welder"] not in after
    r = await client.get(f"/api/v1/candidates/{world.pseudonyms['welder']}", headers=world.auth("employer"))
    assert r.status_code == 404


async def test_placement_and_followups(client: httpx.AsyncClient, world: World) -> None:
    h = world.auth("bapas_officer")
    start = date.today() - timedelta(days=200)
    r = await client.post(f"/api/v1/clients/{world.ids['welder']}/placements",
                          json={"employer_id": world.ids["emp_a"], "position_title": "Juru Las",
                                "started_on": start.isoformat()}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    ok = await client.post(f"/api/v1/placements/{pid}/followups", json={"month": 3, "still_employed": True}, headers=h)
    assert ok.status_code == 201
    dup = await client.post(f"/api/v1/placements/{pid}/followups", json={"month": 3, "still_employed": True}, headers=h)
    assert dup.status_code == 409
    bad = await client.post(f"/api/v1/placements/{pid}/followups", json={"month": 4, "still_employed": True}, headers=h)
    assert bad.status_code == 422 and bad.json()["field"] == "month"
    other = await client.post(f"/api/v1/placements/{pid}/followups", json={"month": 6, "still_employed": True},
                              headers=world.auth("officer_b"))  # fmt: skip
    assert other.status_code == 404
    profile = (await client.get(f"/api/v1/clients/{world.ids['welder']}", headers=h)).json()
    assert profile["placements"][0]["followups"][0]["month"] == 3
    bad_emp = await client.post(f"/api/v1/clients/{world.ids['welder']}/placements",
                                json={"employer_id": 999999, "position_title": "X", "started_on": "2026-01-01"},
                                headers=h)  # fmt: skip
    assert bad_emp.status_code == 422 and bad_emp.json()["field"] == "employer_id"


async def test_a_placement_starts_at_most_two_years_back_or_six_months_ahead(
    client: httpx.AsyncClient, world: World
) -> None:
    """1990-01-01 (before the client was born) and 2030-01-01 were both stored, with follow-ups due in 1990."""
    h = world.auth("bapas_officer")
    url = f"/api/v1/clients/{world.ids['welder']}/placements"
    today = date.today()
    before = len((await client.get(f"/api/v1/clients/{world.ids['welder']}", headers=h)).json()["placements"])
    for started, message in (
        ("1990-01-01", "paling awal"),
        ((today + timedelta(days=400)).isoformat(), "paling lambat"),
    ):
        r = await client.post(url, headers=h, json={
            "employer_id": world.ids["emp_a"], "position_title": "Juru Las", "started_on": started})  # fmt: skip
        assert r.status_code == 422 and r.json()["field"] == "started_on" and message in r.json()["detail"], r.text
    recent = (today - timedelta(days=60)).isoformat()
    ok = await client.post(url, headers=h, json={
        "employer_id": world.ids["emp_a"], "position_title": "Juru Las", "started_on": recent})  # fmt: skip
    assert ok.status_code == 201, ok.text
    after = len((await client.get(f"/api/v1/clients/{world.ids['welder']}", headers=h)).json()["placements"])
    assert after == before + 1


async def test_officer_pages_client_plan_and_consent_form(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["bapas_officer"])
    home = await client.get("/klien")
    assert home.status_code == 200 and "Budi Santoso" in home.text and "Joko Surabaya" not in home.text
    page = await client.get(f"/klien/{world.ids['welder']}")
    assert page.status_code == 200 and "Tukang Las SMAW" in page.text
    plan = await client.get(f"/klien/{world.ids['welder']}/rencana")
    assert plan.status_code == 200 and "Rencana reintegrasi" in plan.text and "Juru Las SMAW" in plan.text
    assert (await client.get(f"/klien/{world.ids['other']}")).status_code == 404
    form = {"csrf_token": csrf_from(page.text), "employer_matching": "true", "note": "setuju"}
    r = await client.post(f"/klien/{world.ids['refuser']}/persetujuan", data=form)
    assert r.status_code == 303
    after = await client.get(f"/api/v1/candidates/{world.pseudonyms['refuser']}", headers=world.auth("employer"))
    assert after.status_code == 200 and "name" not in after.json()

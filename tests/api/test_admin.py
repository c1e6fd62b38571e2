"""Dashboards, users and keys, audit search, API docs and CSV export."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.conftest import PASSWORD, World, csrf_from, sign_in


async def test_stats_and_dashboard_charts(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await conn.execute(
        "INSERT INTO placements (inmate_id, employer_id, position_title, started_on) "
        "VALUES ($1, $2, 'Las', current_date)",
        world.ids["welder"], world.ids["emp_a"],
    )  # fmt: skip
    await conn.execute("UPDATE inmates SET status = 'released' WHERE id = ANY($1::bigint[])",
                       [world.ids["welder"], world.ids["baker"]])  # fmt: skip
    r = await client.get("/api/v1/stats", headers=world.auth("kemnaker_staff"))
    assert r.status_code == 200
    s = r.json()
    schemes = {x["label"]: x["value"] for x in s["certificates_by_scheme"]}
    assert schemes["Juru Las SMAW"] >= 1 and schemes["Pembuat Roti"] >= 1
    facility = {x["label"]: x for x in s["placement_rate_by_facility"]}["Lapas Kelas I Sukamiskin"]
    assert facility["placed"] == 1 and facility["eligible"] == 2 and facility["rate"] == 0.5
    assert s["placements_by_month"][-1]["value"] >= 1 and len(s["vacancies_by_month"]) == 12
    assert len(s["readmissions_by_month"]) == 12 and set(s["readmission_rate_by_release_month"][0]) == {
        "label",
        "released",
        "readmitted",
        "rate",
    }  # re-admission next to retention (api/feeds)
    await sign_in(client, world.emails["kemnaker_staff"])
    page = await client.get("/dasbor")
    assert page.status_code == 200 and page.text.count('<figure class="chart">') == 8 and "50% (1/2)" in page.text
    assert "Budi" not in page.text


async def test_admin_users_and_keys_api(client: httpx.AsyncClient, world: World) -> None:
    h = world.auth("admin")
    bad = await client.post("/api/v1/users", json={"email": "pk@x.id", "name": "PK", "role": "bapas_officer",
                                                   "password": PASSWORD}, headers=h)  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "bapas_id"
    body = {"email": "pk@x.id", "name": "PK", "role": "bapas_officer", "password": PASSWORD}
    r = await client.post("/api/v1/users", json=body | {"bapas_id": world.ids["bapas"]}, headers=h)
    assert r.status_code == 201, r.text
    uid = r.json()["id"]
    dup = await client.post("/api/v1/users", json={"email": "PK@x.id", "name": "PK", "role": "admin",
                                                   "password": PASSWORD}, headers=h)  # fmt: skip
    assert dup.status_code == 409
    key = (await client.post(f"/api/v1/users/{uid}/keys", json={"label": "uji"}, headers=h)).json()
    new = {"Authorization": f"Bearer {key['key']}"}
    assert (await client.get("/api/v1/clients", headers=new)).status_code == 200
    listed = (await client.get(f"/api/v1/users/{uid}/keys", headers=h)).json()
    assert listed[0]["key"] is None and listed[0]["prefix"] == key["prefix"]
    assert (await client.delete(f"/api/v1/keys/{key['id']}", headers=h)).status_code == 200
    assert (await client.get("/api/v1/clients", headers=new)).status_code == 401
    users = (await client.get("/api/v1/users?role=bapas_officer", headers=h)).json()
    assert users["total"] == 3


async def test_audit_search_finds_reads_of_a_person(client: httpx.AsyncClient, world: World) -> None:
    await client.get(f"/api/v1/candidates/{world.pseudonyms['baker']}", headers=world.auth("employer"))
    r = await client.get(f"/api/v1/audit?subject_inmate_id={world.ids['baker']}&action=candidate.view",
                         headers=world.auth("admin"))  # fmt: skip
    items = r.json()["items"]
    assert len(items) == 1 and items[0]["actor_user_id"] == world.ids["user_employer"]
    csv = await client.get("/api/v1/audit?format=csv", headers=world.auth("admin"))
    assert csv.text.startswith("id,at,actor_user_id")
    await sign_in(client, world.emails["admin"])
    page = await client.get(f"/admin/audit?subject={world.ids['baker']}")
    assert page.status_code == 200 and "candidate.view" in page.text


async def test_admin_page_shows_a_new_key_once(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/pengguna")
    assert page.status_code == 200 and world.emails["employer"] in page.text
    r = await client.post(f"/admin/pengguna/{world.ids['user_employer']}/kunci",
                          data={"csrf_token": csrf_from(page.text), "label": "hr"})  # fmt: skip
    assert r.status_code == 200 and 'id="new-key">bk_' in r.text
    again = await client.get("/admin/pengguna")
    assert 'id="new-key"' not in again.text


async def test_docs_are_local_and_list_the_api(client: httpx.AsyncClient) -> None:
    r = await client.get("/docs")
    assert r.status_code == 200 and "/api/v1/vacancies/{vacancy_id}/candidates" in r.text
    assert "cdn" not in r.text.lower() and "Juru Las SMAW" in r.text  # request example
    assert (await client.get("/redoc")).status_code == 404
    assert (await client.get("/openapi.json")).json()["info"]["title"] == "binakerja"


async def test_language_switch(client: httpx.AsyncClient) -> None:
    r = await client.get("/masuk?lang=en")
    assert "Sign in" in r.text and 'lang="en"' in r.text
    r = await client.get("/masuk")  # remembered by cookie
    assert "Password" in r.text
    r = await client.get("/masuk?lang=id")
    assert "Kata sandi" in r.text

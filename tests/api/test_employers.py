"""Employer API and pages: own vacancies only, consenting candidates only, stages with locking."""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories as f
from tests.api.conftest import World, csrf_from, sign_in


async def test_candidates_ranked_consenting_only_with_explanations(client: httpx.AsyncClient, world: World) -> None:
    r = await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/candidates", headers=world.auth("employer"))
    assert r.status_code == 200, r.text
    body = r.json()
    names = [c["candidate"] for c in body["items"]]
    assert names[0] == world.pseudonyms["welder"]
    assert world.pseudonyms["refuser"] not in names
    assert body["total"] == len(names)
    top = body["items"][0]
    assert top["explanation"] and top["covered_units"] == [f.WELDING_UNITS[1].code]
    assert "Budi" not in r.text and "Sukamiskin" not in r.text


async def test_candidate_filters_and_paging(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"
    everyone = (await client.get(url, headers=world.auth("employer"))).json()
    assert everyone["total"] >= 2
    page2 = (await client.get(url + "?limit=1&offset=1", headers=world.auth("employer"))).json()
    assert [c["candidate"] for c in page2["items"]] == [everyone["items"][1]["candidate"]]
    east = (await client.get(url + "?province=35", headers=world.auth("employer"))).json()
    assert [c["candidate"] for c in east["items"]] == [world.pseudonyms["other"]]
    bad = await client.get(url + "?month=2027-13", headers=world.auth("employer"))
    assert bad.status_code == 422 and bad.json()["field"] == "month"
    csv = await client.get(url + "?format=csv", headers=world.auth("employer"))
    assert csv.headers["content-type"].startswith("text/csv") and world.pseudonyms["welder"] in csv.text


async def test_employer_cannot_touch_another_employers_vacancy(client: httpx.AsyncClient, world: World) -> None:
    for url in (f"/api/v1/vacancies/{world.ids['vac_a']}", f"/api/v1/vacancies/{world.ids['vac_a']}/candidates",
                f"/api/v1/vacancies/{world.ids['vac_a']}/applications"):  # fmt: skip
        assert (await client.get(url, headers=world.auth("employer_b"))).status_code == 404
    r = await client.post(
        f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
        json={"candidate": world.pseudonyms["welder"]},
        headers=world.auth("employer_b"),
    )
    assert r.status_code == 404
    listed = (await client.get("/api/v1/vacancies", headers=world.auth("employer_b"))).json()
    assert [v["id"] for v in listed["items"]] == [world.ids["vac_b"]] and listed["total"] == 1


async def test_non_consenting_candidate_is_invisible(client: httpx.AsyncClient, world: World) -> None:
    r = await client.get(f"/api/v1/candidates/{world.pseudonyms['refuser']}", headers=world.auth("employer"))
    assert r.status_code == 404
    r = await client.post(
        f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
        json={"candidate": world.pseudonyms["refuser"]},
        headers=world.auth("employer"),
    )
    assert r.status_code == 404


async def test_candidate_profile_reveals_only_what_was_consented(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder = (
        await client.get(f"/api/v1/candidates/{world.pseudonyms['welder']}", headers=world.auth("employer"))
    ).json()
    assert "name" not in welder and "facility" not in welder and welder["certificates"]
    baker = (await client.get(f"/api/v1/candidates/{world.pseudonyms['baker']}", headers=world.auth("employer"))).json()
    assert baker["name"] == "Siti Aminah" and baker["facility"] == "Lapas Kelas I Sukamiskin"
    seen = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'candidate.view' AND actor_user_id = $1",
        world.ids["user_employer"],
    )
    assert seen == 2


async def test_shortlist_and_stages_with_optimistic_locking(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h = world.auth("employer")
    r = await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                          json={"candidate": world.pseudonyms["welder"]}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    app = r.json()
    again = await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                              json={"candidate": world.pseudonyms["welder"]}, headers=h)  # fmt: skip
    assert again.status_code == 409
    move = f"/api/v1/applications/{app['id']}/stage"
    skip = await client.post(move, json={"stage": "hired", "version": app["version"]}, headers=h)
    assert skip.status_code == 409  # shortlisted -> hired skips stages
    r = await client.post(move, json={"stage": "interview", "version": app["version"]}, headers=h)
    assert r.status_code == 200 and r.json()["stage"] == "interview"
    stale = await client.post(move, json={"stage": "offer", "version": app["version"]}, headers=h)
    assert stale.status_code == 409 and "sudah diubah orang lain" in stale.json()["detail"]
    v = r.json()["version"]
    r = await client.post(move, json={"stage": "offer", "version": v}, headers=h)
    r = await client.post(move, json={"stage": "hired", "version": r.json()["version"]}, headers=h)
    assert r.status_code == 200 and r.json()["stage"] == "hired"
    placed = await conn.fetchval("SELECT count(*) FROM placements WHERE inmate_id = $1", world.ids["welder"])
    assert placed == 1
    other = await client.post(move, json={"stage": "rejected", "version": r.json()["version"]},
                              headers=world.auth("employer_b"))  # fmt: skip
    assert other.status_code == 404


async def test_rejection_needs_reason(client: httpx.AsyncClient, world: World) -> None:
    h = world.auth("employer")
    app = (await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                             json={"candidate": world.pseudonyms["other"]}, headers=h)).json()  # fmt: skip
    move = f"/api/v1/applications/{app['id']}/stage"
    r = await client.post(move, json={"stage": "rejected", "version": app["version"]}, headers=h)
    assert r.status_code == 409 and "alasan" in r.json()["detail"]
    r = await client.post(
        move, json={"stage": "rejected", "reason": "jarak terlalu jauh", "version": app["version"]}, headers=h
    )
    assert r.status_code == 200 and r.json()["stage_reason"] == "jarak terlalu jauh"


async def test_create_and_edit_vacancy_via_api(client: httpx.AsyncClient, world: World) -> None:
    h = world.auth("employer")
    bad = await client.post("/api/v1/vacancies", json={"title": "X", "required_units": ["NOPE.1"]}, headers=h)
    assert bad.status_code == 422 and bad.json()["field"] == "required_units"
    body = {"title": "Asisten Pembuat Roti", "requirements": ["membuat roti tawar"], "regency_code": "32.73",
            "required_units": [f.BAKERY_UNITS[1].code]}  # fmt: skip
    r = await client.post("/api/v1/vacancies", json=body, headers=h)
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["province_code"] == "32"
    ranked = (await client.get(f"/api/v1/vacancies/{v['id']}/candidates", headers=h)).json()
    assert ranked["items"][0]["candidate"] == world.pseudonyms["baker"]  # embedded at once
    r = await client.put(
        f"/api/v1/vacancies/{v['id']}", json=body | {"positions": 3, "version": v["version"]}, headers=h
    )
    assert r.status_code == 200 and r.json()["positions"] == 3
    stale = await client.put(f"/api/v1/vacancies/{v['id']}", json=body | {"version": v["version"]}, headers=h)
    assert stale.status_code == 409


async def test_units_search(client: httpx.AsyncClient, world: World) -> None:
    r = await client.get("/api/v1/units?q=rot00", headers=world.auth("employer"))
    assert r.status_code == 200 and {u["code"] for u in r.json()} == {u.code for u in f.BAKERY_UNITS}


async def test_employer_pages_post_vacancy_and_shortlist(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    form = await client.get("/lowongan/baru")
    token = csrf_from(form.text)
    r = await client.post("/lowongan/baru", data={
        "csrf_token": token, "title": "Juru Las Pipa", "description": "Las pipa baja", "requirements": "las SMAW",
        "required_units": f.WELDING_UNITS[1].code, "regency_code": "32.73", "start_date": "", "positions": "2",
        "status": "open"})  # fmt: skip
    assert r.status_code == 303, r.text
    page = await client.get(r.headers["location"])
    assert page.status_code == 200 and world.pseudonyms["welder"] in page.text
    assert world.pseudonyms["refuser"] not in page.text and "Budi" not in page.text
    vid = int(r.headers["location"].split("/")[2])
    r = await client.post(
        f"/lowongan/{vid}/daftar-pendek", data={"csrf_token": token, "candidate": world.pseudonyms["welder"]}
    )
    assert r.status_code == 303
    shortlist = await client.get(r.headers["location"])
    assert world.pseudonyms["welder"] in shortlist.text and '<td class="stage">daftar pendek' in shortlist.text
    bad = await client.post(
        "/lowongan/baru", data={"csrf_token": token, "title": "", "positions": "1", "status": "open"}
    )
    assert bad.status_code == 422 and "judul" in bad.text


async def test_units_on_an_expired_certificate_are_counted_and_named(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    """A candidate whose required units are only on an expired certificate: the card said "unit wajib
    0/0" and the certificate "aktif"; it says 0 of the required units, names them as expired, and the
    certificate as expired, in the page, the API and the CSV."""
    await conn.execute(
        "UPDATE certificates SET issued_on = current_date - 1200, valid_until = current_date - 30 WHERE inmate_id = $1",
        world.ids["welder"],
    )
    url = f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"
    body = (await client.get(url, headers=world.auth("employer"))).json()
    (welder,) = [c for c in body["items"] if c["candidate"] == world.pseudonyms["welder"]]
    assert welder["covered_units"] == [] and welder["expired_units"] == [f.WELDING_UNITS[1].code]
    assert {c["status"] for c in welder["certificates"]} == {"expired"}
    csv = (await client.get(url + "?format=csv", headers=world.auth("employer"))).text
    assert "expired_units" in csv.splitlines()[0] and f.WELDING_UNITS[1].code in csv
    await sign_in(client, world.emails["employer"])
    page = (await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat")).text
    assert "unit wajib 0/0" not in page and "kedaluwarsa" in page


async def test_an_edit_conflict_keeps_the_input_and_a_second_save_goes_through(
    client: httpx.AsyncClient, world: World
) -> None:
    """Two tabs on one vacancy: the second save got 409 with the input kept but the old version, so
    every later save failed the same way; now it carries the stored version and says so in Indonesian."""
    import re

    await sign_in(client, world.emails["employer"])
    url = f"/lowongan/{world.ids['vac_a']}/ubah"
    page = (await client.get(url)).text
    token, version = csrf_from(page), re.search(r'name="version" value="(\d+)"', page).group(1)
    form = {"csrf_token": token, "version": version, "title": "Juru Las Pipa", "description": "Las pipa baja",
            "requirements": "las SMAW", "required_units": "", "regency_code": "32.73", "start_date": "",
            "positions": "2", "status": "open"}  # fmt: skip
    assert (await client.post(url, data=form)).status_code == 303  # tab 1
    second = await client.post(url, data=form | {"title": "Juru Las Pipa Senior"})  # tab 2, stale version
    assert second.status_code == 409 and "sudah diubah orang lain" in second.text
    assert "Juru Las Pipa Senior" in second.text and "someone else" not in second.text
    fresh = re.search(r'name="version" value="(\d+)"', second.text).group(1)
    assert int(fresh) > int(version)
    again = await client.post(url, data=form | {"title": "Juru Las Pipa Senior", "version": fresh})
    assert again.status_code == 303
    body = (await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}", headers=world.auth("employer"))).json()
    assert body["title"] == "Juru Las Pipa Senior"


async def test_explanations_follow_the_page_language(client: httpx.AsyncClient, world: World) -> None:
    """With English chosen, the candidate cards explained each match in Indonesian ("Kecocokan
    keseluruhan sedang (skor 69 dari 100)."); the API keeps Bahasa Indonesia."""
    await sign_in(client, world.emails["employer"])
    url = f"/lowongan/{world.ids['vac_a']}/kandidat"
    english = (await client.get(url, params={"lang": "en"})).text
    assert "Overall match" in english and "Kecocokan keseluruhan" not in english
    indonesian = (await client.get(url, params={"lang": "id"})).text
    assert "Kecocokan keseluruhan" in indonesian and "Overall match" not in indonesian
    near = (await client.get(url, params={"lang": "en", "near": "1"})).text
    assert "Berdomisili" not in near
    api = await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/candidates", headers=world.auth("employer"))
    assert api.json()["items"][0]["explanation"][0].startswith("Kecocokan keseluruhan")
    await sign_in(client, world.emails["bapas_officer"])
    officer = (await client.get(f"/klien/{world.ids['welder']}", params={"lang": "en"})).text
    assert "Kecocokan keseluruhan" not in officer and "Overall match" in officer

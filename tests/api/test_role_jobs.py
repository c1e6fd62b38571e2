"""Each role's main job as a person in that job expects it: employer vacancy form, candidate
paging and inline shortlist; officer caseload search/filters and follow-ups only when due."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

import httpx

from tests import factories as f
from tests.api.conftest import World, csrf_from, sign_in


def vacancy_form(token: str, **changes: str) -> dict[str, str]:
    form = {
        "csrf_token": token, "title": "Juru Las Pipa", "description": "Las pipa baja", "requirements": "las SMAW",
        "required_units": f.WELDING_UNITS[1].code, "regency_code": "32.73", "start_date": "", "positions": "2",
        "status": "open",
    }  # fmt: skip
    return form | changes


async def test_vacancy_start_date_in_the_past_is_refused_next_to_the_field(
    client: httpx.AsyncClient, world: World
) -> None:
    await sign_in(client, world.emails["employer"])
    token = csrf_from((await client.get("/lowongan/baru")).text)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    r = await client.post("/lowongan/baru", data=vacancy_form(token, start_date=yesterday))
    assert r.status_code == 422
    assert 'id="start_date-error"' in r.text and "tanggal mulai tidak boleh sebelum hari ini" in r.text
    field = re.search(r'<input id="start_date"[^>]*>', r.text)
    assert field and f'value="{yesterday}"' in field.group(0) and 'aria-invalid="true"' in field.group(0)
    assert 'value="Juru Las Pipa"' in r.text and "<code>start_date</code>" not in r.text
    assert "Masuk" not in r.text.split("</header>")[0]  # still signed in
    api = await client.post("/api/v1/vacancies", headers=world.auth("employer"), json={
        "title": "Juru Las", "start_date": yesterday})  # fmt: skip
    assert api.status_code == 422 and api.json()["field"] == "start_date"
    ok = await client.post("/lowongan/baru", data=vacancy_form(token, start_date=date.today().isoformat()))
    assert ok.status_code == 303


async def test_editing_keeps_an_unchanged_past_start_date(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    past = date.today() - timedelta(days=30)
    await conn.execute("UPDATE vacancies SET start_date = $1 WHERE id = $2", past, world.ids["vac_a"])
    await sign_in(client, world.emails["employer"])
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/ubah")
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    form = vacancy_form(csrf_from(page.text), title="Tukang Las SMAW", start_date=past.isoformat(),
                        version=version.group(1))  # fmt: skip
    r = await client.post(f"/lowongan/{world.ids['vac_a']}/ubah", data=form)
    assert r.status_code == 303, r.text


async def test_candidate_total_does_not_change_while_paging(client: httpx.AsyncClient, world: World) -> None:
    url = f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"
    first = await client.get(url, params={"limit": 1, "offset": 0}, headers=world.auth("employer"))
    client.app.state.matcher.pool, pool = 1, client.app.state.matcher.pool  # type: ignore[attr-defined]
    try:
        totals = []
        for offset in range(3):
            r = await client.get(url, params={"limit": 1, "offset": offset}, headers=world.auth("employer"))
            assert r.status_code == 200, r.text
            totals.append(r.json()["total"])
    finally:
        client.app.state.matcher.pool = pool  # type: ignore[attr-defined]
    assert totals == [first.json()["total"]] * 3 and totals[0] >= 3


async def test_inline_shortlist_stays_on_the_list_and_marks_the_card(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    url = f"/lowongan/{world.ids['vac_a']}/kandidat"
    page = await client.get(url)
    welder = world.pseudonyms["welder"]
    assert page.status_code == 200 and "<details" in page.text
    form = re.search(r'name="back" value="([^"]*)"', page.text)
    assert form is not None
    token, back = csrf_from(page.text), html.unescape(form.group(1))
    r = await client.post(f"/lowongan/{world.ids['vac_a']}/daftar-pendek",
                          data={"csrf_token": token, "candidate": welder, "back": back})  # fmt: skip
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith(url + "?") and location.endswith(f"#c-{welder}")
    after = await client.get(location)
    card = after.text.split(f'id="c-{welder}"', 1)[1].split("</li>", 1)[0]
    assert "sudah dalam daftar pendek" in card and "daftar-pendek" not in card
    assert "dimasukkan ke daftar pendek" in after.text
    # again (e.g. a second tab): no error, still marked
    again = await client.post(f"/lowongan/{world.ids['vac_a']}/daftar-pendek",
                              data={"csrf_token": token, "candidate": welder, "back": "page=1"})  # fmt: skip
    assert again.status_code == 303 and "page=1" in again.headers["location"]
    shortlist = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar")
    assert "daftar pendek" in shortlist.text and ">shortlisted<" not in shortlist.text
    assert '<option value="interview">wawancara</option>' in shortlist.text
    en = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar", params={"lang": "en"})
    assert '<option value="interview">interview</option>' in en.text


async def test_caseload_search_filters_and_order(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    today = date.today()
    dates = {"welder": today + timedelta(days=200), "baker": today + timedelta(days=20),
             "refuser": today - timedelta(days=300)}  # fmt: skip
    for who, d in dates.items():
        await conn.execute("UPDATE inmates SET expected_release_date = $1, status = 'sentenced' WHERE id = $2",
                           d, world.ids[who])  # fmt: skip
    await sign_in(client, world.emails["bapas_officer"])

    async def names(**params: str) -> list[str]:
        r = await client.get("/klien", params=params)
        assert r.status_code == 200
        table = r.text.split('<table class="table">', 1)[1]
        return re.findall(r'<a href="/klien/\d+">([^<]+)</a>', table)

    assert await names() == ["Siti Aminah", "Budi Santoso", "Rahasia Tertutup"]  # upcoming first, past last
    assert await names(q="budi") == ["Budi Santoso"]
    assert await names(q=world.pseudonyms["baker"].lower()) == ["Siti Aminah"]
    external = await conn.fetchval("SELECT external_id FROM inmates WHERE id = $1", world.ids["refuser"])
    assert await names(q=external) == ["Rahasia Tertutup"]
    assert await names(bebas="30") == ["Siti Aminah"]
    assert await names(bebas="365") == ["Siti Aminah", "Budi Santoso"]
    assert await names(bebas="lewat") == ["Rahasia Tertutup"]
    assert await names(persetujuan="tidak") == ["Rahasia Tertutup"]
    assert await names(status="released") == []
    assert await names(q="%") == []  # a wildcard is a character, not "everything"
    r = await client.get("/klien", params={"q": "budi", "bebas": "365"})
    assert 'value="budi"' in r.text and '<option value="365" selected>' in r.text
    assert "Joko Surabaya" not in (await client.get("/klien", params={"q": "Joko"})).text


async def test_followups_offered_and_accepted_only_when_due(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h = world.auth("bapas_officer")
    start = date.today() - timedelta(days=100)  # 3 months have passed, 6 have not
    r = await client.post(f"/api/v1/clients/{world.ids['welder']}/placements",
                          json={"employer_id": world.ids["emp_a"], "position_title": "Juru Las",
                                "started_on": start.isoformat()}, headers=h)  # fmt: skip
    pid = r.json()["id"]
    early = await client.post(f"/api/v1/placements/{pid}/followups", json={"month": 6, "still_employed": True},
                              headers=h)  # fmt: skip
    assert early.status_code == 422 and early.json()["field"] == "month"
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{world.ids['welder']}")
    form = page.text.split(f'action="/penempatan/{pid}/tindak-lanjut"', 1)[1].split("</form>", 1)[0]
    assert re.findall(r'<option value="(\d+)"', form) == ["3"]
    token = csrf_from(page.text)
    refused = await client.post(f"/penempatan/{pid}/tindak-lanjut", data={"csrf_token": token, "month": "6"})
    assert refused.status_code == 422
    done = await client.post(f"/penempatan/{pid}/tindak-lanjut",
                             data={"csrf_token": token, "month": "3", "still_employed": "true"})  # fmt: skip
    assert done.status_code == 303
    page = await client.get(f"/klien/{world.ids['welder']}")
    assert f'action="/penempatan/{pid}/tindak-lanjut"' not in page.text
    from api.caseload.rules import followup_due

    assert f"6 bulan, mulai {followup_due(start, 6).isoformat()}" in page.text
    started_today = await client.post(f"/api/v1/clients/{world.ids['baker']}/placements",
                                      json={"employer_id": world.ids["emp_a"], "position_title": "Pembuat Roti",
                                            "started_on": date.today().isoformat()}, headers=h)  # fmt: skip
    bid = started_today.json()["id"]
    for month in (3, 6, 12):
        r = await client.post(f"/api/v1/placements/{bid}/followups", json={"month": month, "still_employed": True},
                              headers=h)  # fmt: skip
        assert r.status_code == 422, month


async def test_refused_stage_move_is_shown_next_to_its_row(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat")
    token = csrf_from(page.text)
    await client.post(f"/lowongan/{world.ids['vac_a']}/daftar-pendek",
                      data={"csrf_token": token, "candidate": world.pseudonyms["welder"]})  # fmt: skip
    shortlist = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar")
    app_id = re.search(r'<tr id="app-(\d+)">', shortlist.text)
    version = re.search(r'name="version" value="(\d+)"', shortlist.text)
    assert app_id and version
    form = {"csrf_token": token, "stage": "rejected", "reason": "  ", "version": version.group(1)}
    r = await client.post(f"/lamaran/{app_id.group(1)}/tahap", data=form)
    assert r.status_code == 409
    row = r.text.split(f'<tr id="app-{app_id.group(1)}">', 1)[1].split("</tr>", 1)[0]
    assert "penolakan memerlukan alasan" in row and 'aria-invalid="true"' in row
    assert "Masuk" not in r.text.split("</header>")[0]

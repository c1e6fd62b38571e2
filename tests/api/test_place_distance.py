"""Place as a fact (issue #15 item 3): regency distance in the ranking, the explanation and a
`within_km` filter on the employer's candidate search, on the real database and model.

The vacancy of the API world is in Kota Bandung (32.73). Seats (migration 0830; the test
factories place 32.73 and 32.04 themselves): Kabupaten Bandung 32.04 ~15 km, Kabupaten Cirebon
32.09 ~98 km (same province), Kota Surabaya 35.78 ~568 km.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_inmates, reindex_vacancies
from models.records import NewVacancy
from models.repositories.vacancies import VacancyRepo
from tests import factories as f
from tests.api.conftest import World, sign_in

SKILLS = ("pengelasan SMAW", "membaca gambar teknik")
WORK = ("3 tahun di bengkel las konstruksi baja",)


def _url(world: World) -> str:
    return f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"


async def _twins(conn: Any, world: World, encoder: Any) -> tuple[str, str]:
    """Two certified welders with the same profile: one ~98 km away (created first, so it would
    win a tie), one ~15 km away; both in the vacancy's province (Jawa Barat)."""
    ids = []
    for regency, name in (("32.09", "Dedi Cirebon"), ("32.04", "Asep Soreang")):
        person = await f.inmate(conn, world.ids["lapas"], world.ids["bapas"], skills=SKILLS, work_history=WORK,
                                regency=regency, province="32", name=name)  # fmt: skip
        await f.certificate(conn, person, world.ids["welding"], world.ids["lsp"], [u.code for u in f.WELDING_UNITS])
        ids.append(person)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    far, near = [str(await conn.fetchval("SELECT pseudonym FROM inmates WHERE id = $1", i)) for i in ids]
    return far, near


async def test_a_nearby_certified_candidate_ranks_above_an_equally_matched_distant_one(
    client: httpx.AsyncClient, world: World, conn: Any, encoder: Any
) -> None:
    far, near = await _twins(conn, world, encoder)
    body = (await client.get(_url(world) + "?limit=50", headers=world.auth("employer"))).json()
    names = [c["candidate"] for c in body["items"]]
    assert names.index(near) < names.index(far)
    by_name = {c["candidate"]: c for c in body["items"]}
    assert by_name[near]["score"] > by_name[far]["score"]  # the same profile: only place differs
    near_why = " ".join(by_name[near]["explanation"])
    assert "Domisili 15 km dari lokasi lowongan (Kota Bandung)." in near_why  # factories: Kota Bandung 32.73
    assert "Domisili 98 km dari lokasi lowongan (Kota Bandung)." in " ".join(by_name[far]["explanation"])
    assert (by_name[near]["distance_km"], by_name[far]["distance_km"]) == (15.1, 97.8)
    assert by_name[world.pseudonyms["welder"]]["distance_km"] == 0.0  # the vacancy's own regency


async def test_within_km_keeps_only_people_within_the_radius(
    client: httpx.AsyncClient, world: World, conn: Any, encoder: Any
) -> None:
    far, near = await _twins(conn, world, encoder)
    h = world.auth("employer")
    everyone = (await client.get(_url(world) + "?limit=50", headers=h)).json()
    close = (await client.get(_url(world) + "?within_km=25&limit=50", headers=h)).json()
    names = [c["candidate"] for c in close["items"]]
    assert near in names and world.pseudonyms["welder"] in names  # 15 km, and the vacancy's own regency
    assert far not in names and world.pseudonyms["other"] not in names  # 98 km, 568 km
    assert {c["regency_code"] for c in close["items"]} == {"32.73", "32.04"}
    assert close["total"] == len(names) < everyone["total"]
    wide = (await client.get(_url(world) + "?within_km=500&limit=50", headers=h)).json()
    wide_names = {c["candidate"] for c in wide["items"]}
    assert far in wide_names and world.pseudonyms["other"] not in wide_names
    # a filter decides who is listed, not the score
    before = {c["candidate"]: c["score"] for c in everyone["items"]}
    assert all(before[c["candidate"]] == c["score"] for c in close["items"] + wide["items"])
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?within_km=25", headers=h)
    assert page.status_code == 200 and near in page.text and far not in page.text
    assert '<option value="25" selected>dalam radius 25 km</option>' in page.text
    english = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?within_km=50&lang=en", headers=h)
    assert "Distance from the vacancy" in english.text and '<option value="50" selected>within 50 km' in english.text


async def test_bad_within_km_is_422_naming_the_field(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h = world.auth("employer")
    for value in ("abc", "0", "501", "-5", "2.5", "' OR '1'='1", "9" * 40):
        r = await client.get(_url(world), params={"within_km": value}, headers=h)
        assert r.status_code == 422 and r.json()["field"] == "within_km", (value, r.text)
        assert "radius" in r.json()["detail"]
    for query in ("within_km=50&regency=32.73", "within_km=50&near=1"):
        r = await client.get(_url(world) + "?" + query, headers=h)
        assert r.status_code == 422 and r.json()["field"] == "within_km", (query, r.text)
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?within_km=abc&month=2027-01", headers=h)
    assert page.status_code == 422
    assert 'id="within_km-error"' in page.text and "radius harus bilangan bulat" in page.text
    assert 'value="abc" selected' in page.text and 'value="2027-01"' in page.text  # the input is kept
    assert '<li class="candidate' not in page.text
    # a vacancy whose regency has no seat in the table: said, not silently narrowed to the regency
    await conn.execute("UPDATE regencies SET lat = NULL, lon = NULL WHERE code = '32.73'")
    r = await client.get(_url(world) + "?within_km=50", headers=h)
    assert r.status_code == 422 and r.json()["field"] == "within_km" and "koordinat" in r.json()["detail"]


async def _vacancy_in(conn: Any, world: World, encoder: Any, regency: str, province: str, title: str) -> int:
    new = NewVacancy(
        external_id=f.uid("VAC"), employer_external_id="", title=title,
        description="Bengkel baja membutuhkan juru las.", requirements=("mengelas SMAW",),
        required_units=(), regency_code=regency, start_date=date.today() + timedelta(days=90),
    )  # fmt: skip
    vid = await VacancyRepo(conn).upsert(new, world.ids["emp_a"], province)
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    return vid


async def test_officer_vacancies_within_km_of_the_domicile(
    client: httpx.AsyncClient, world: World, conn: Any, encoder: Any
) -> None:
    near = await _vacancy_in(conn, world, encoder, "32.04", "32", "Tukang Las SMAW Soreang")  # ~15 km
    far = await _vacancy_in(conn, world, encoder, "32.09", "32", "Tukang Las SMAW Cirebon")  # ~98 km
    welder = world.ids["welder"]  # lives in Kota Bandung (32.73)
    url, auth = f"/api/v1/clients/{welder}/vacancies", world.auth("bapas_officer")
    everywhere = {v["vacancy_id"] for v in (await client.get(url, headers=auth, params={"k": 50})).json()}
    assert {near, far} <= everywhere
    close = (await client.get(url, headers=auth, params={"k": 50, "within_km": "25"})).json()
    ids = {v["vacancy_id"] for v in close}
    assert near in ids and world.ids["vac_a"] in ids and far not in ids
    assert any("Domisili 15 km dari lokasi lowongan" in " ".join(v["explanation"]) for v in close)
    for value in ("x", "0", "1000"):
        r = await client.get(url, headers=auth, params={"within_km": value})
        assert r.status_code == 422 and r.json()["field"] == "within_km", (value, r.text)

    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{welder}", params={"within_km": "25", "wilayah": "semua"})
    listed = page.text.split("place-scope", 1)[1].split("</ol>", 1)[0]
    assert page.status_code == 200 and "Tukang Las SMAW Soreang" in listed and "Cirebon" not in listed
    assert '<option value="25" selected>dalam radius 25 km</option>' in page.text
    bad = await client.get(f"/klien/{welder}", params={"within_km": "abc"})
    assert bad.status_code == 422 and 'id="within_km-error"' in bad.text and 'value="abc" selected' in bad.text

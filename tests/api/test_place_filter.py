"""Employer candidate search by place: a regency filter and a "nearby" view (issue #15 item 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_inmates
from tests import factories as f
from tests.api.conftest import World


def _url(world: World) -> str:
    return f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"


async def _neighbour(conn: Any, world: World, encoder: Any) -> str:
    """A consenting welder in Kabupaten Bandung (32.04): same province as the vacancy, other regency."""
    person = await f.inmate(conn, world.ids["lapas"], world.ids["bapas"], skills=("pengelasan SMAW",),
                            regency="32.04", province="32", name="Asep Tetangga")  # fmt: skip
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    return str(await conn.fetchval("SELECT pseudonym FROM inmates WHERE id = $1", person))


async def test_regency_filter_keeps_scores_and_totals(client: httpx.AsyncClient, world: World) -> None:
    h = world.auth("employer")
    everyone = (await client.get(_url(world), headers=h)).json()
    here = (await client.get(_url(world) + "?regency=32.73", headers=h)).json()
    names = [c["candidate"] for c in here["items"]]
    assert world.pseudonyms["welder"] in names and world.pseudonyms["other"] not in names
    assert {c["regency_code"] for c in here["items"]} == {"32.73"}
    assert here["total"] == len(names) < everyone["total"]
    # the same person gets the same calibrated score with and without the filter
    before = {c["candidate"]: c["score"] for c in everyone["items"]}
    assert all(before[c["candidate"]] == c["score"] for c in here["items"])
    # pages under the filter: the same total on each, and together they are the whole list
    pages = [(await client.get(_url(world) + f"?regency=32.73&limit=1&offset={o}", headers=h)).json()
             for o in range(len(names))]  # fmt: skip
    assert {p["total"] for p in pages} == {here["total"]}
    assert [p["items"][0]["candidate"] for p in pages] == names


async def test_invalid_regency_is_422_naming_the_field(client: httpx.AsyncClient, world: World) -> None:
    h = world.auth("employer")
    for query in ("regency=99.99", "regency=abc", "province=35&regency=32.73"):
        r = await client.get(_url(world) + "?" + query, headers=h)
        assert r.status_code == 422 and r.json()["field"] == "regency", (query, r.text)
    bad_province = await client.get(_url(world) + "?province=99", headers=h)
    assert bad_province.status_code == 422 and bad_province.json()["field"] == "province"
    for value in ("' OR '1'='1", "a" * 5000, "😀" * 50):  # hostile values are data: a clean 422
        r = await client.get(_url(world), params={"regency": value}, headers=h)
        assert r.status_code == 422 and r.json()["field"] == "regency"
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?regency=99.99&month=2027-01", headers=h)
    assert page.status_code == 422
    assert 'id="regency-error"' in page.text and "kabupaten/kota" in page.text.lower()
    assert 'value="99.99"' in page.text and 'value="2027-01"' in page.text  # the input is kept
    assert '<li class="candidate' not in page.text


async def test_page_offers_the_regencies_of_the_province(client: httpx.AsyncClient, world: World) -> None:
    h = world.auth("employer")
    page = (await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat", headers=h)).text
    assert 'value="32.73"' in page and 'value="32.04"' in page and 'value="35.78"' not in page  # vacancy's province
    east = (await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?province=35", headers=h)).text
    assert 'value="35.78"' in east and 'value="32.04"' not in east
    chosen = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?province=32&regency=32.73", headers=h)
    assert chosen.status_code == 200 and '<option value="32.73" selected' in chosen.text
    assert world.pseudonyms["other"] not in chosen.text and world.pseudonyms["welder"] in chosen.text
    english = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?lang=en&regency=99.99", headers=h)
    assert "Regency/city" in english.text and "Near the vacancy" in english.text
    assert "unknown regency/city" in english.text


async def test_nearby_same_regency_first_then_province(
    client: httpx.AsyncClient, world: World, conn: Any, encoder: Any
) -> None:
    neighbour = await _neighbour(conn, world, encoder)
    h = world.auth("employer")
    everyone = (await client.get(_url(world), headers=h)).json()
    near = (await client.get(_url(world) + "?near=1", headers=h)).json()
    names = [c["candidate"] for c in near["items"]]
    assert neighbour in names and world.pseudonyms["other"] not in names
    tiers = [c["location"] for c in near["items"]]
    assert tiers == sorted(tiers, key=lambda t: t != "same_regency") and tiers[-1] == "same_province"
    assert near["total"] == len(names)
    for c in near["items"]:
        why = " ".join(c["explanation"]).lower()
        if c["location"] == "same_regency":
            assert "berdomisili di kabupaten/kota yang sama" in why
        else:
            assert "di provinsi yang sama" in why and "kabupaten/kota yang sama" not in why
    before = {c["candidate"]: c["score"] for c in everyone["items"]}
    assert all(before[c["candidate"]] == c["score"] for c in near["items"])
    pages = [(await client.get(_url(world) + f"?near=1&limit=1&offset={o}", headers=h)).json()
             for o in range(len(names))]  # fmt: skip
    assert {p["total"] for p in pages} == {near["total"]}
    assert [p["items"][0]["candidate"] for p in pages] == names
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat?near=1", headers=h)
    assert page.status_code == 200 and neighbour in page.text and world.pseudonyms["other"] not in page.text
    assert 'name="near" value="1" checked' in page.text

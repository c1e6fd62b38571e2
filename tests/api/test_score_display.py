"""The score people see is the calibrated 0-100 score, written as such (not a raw float)."""

from __future__ import annotations

import re

import httpx

from tests.api.conftest import World, sign_in

SHOWN = re.compile(r"Skor (\d{1,3})/100")
RAW = re.compile(r"Skor -?\d+\.\d")


async def test_employer_and_officer_pages_show_scores_out_of_100(client: httpx.AsyncClient, world: World) -> None:
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat", headers=world.auth("employer"))
    assert page.status_code == 200
    api = await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/candidates", headers=world.auth("employer"))
    scores = [round(item["score"]) for item in api.json()["items"]]
    assert [int(s) for s in SHOWN.findall(page.text)] == scores and not RAW.search(page.text)

    await sign_in(client, world.emails["bapas_officer"])
    client_page = await client.get(f"/klien/{world.ids['welder']}")
    assert client_page.status_code == 200 and SHOWN.search(client_page.text) and not RAW.search(client_page.text)

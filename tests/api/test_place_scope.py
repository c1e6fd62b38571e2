"""A client on parole sees vacancies in the Bapas area by default, with the reason on the page; the
officer can lift the limit or choose a regency."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_vacancies
from models.records import NewVacancy
from models.repositories.vacancies import VacancyRepo
from tests.api.conftest import World, sign_in


async def _surabaya_welding(conn, world: World, encoder) -> int:
    new = NewVacancy(
        external_id="VAC-SBY-LAS", employer_external_id="", title="Tukang Las SMAW Surabaya",
        description="Bengkel baja di Surabaya membutuhkan juru las.", requirements=("mengelas SMAW",),
        required_units=(), regency_code="35.78", start_date=date.today() + timedelta(days=90),
    )  # fmt: skip
    vid = await VacancyRepo(conn).upsert(new, world.ids["emp_a"], "35")
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    return vid


async def test_parole_client_matches_stay_in_the_bapas_area_unless_lifted(client: httpx.AsyncClient, world: World,
                                                                         conn, encoder) -> None:  # fmt: skip
    far = await _surabaya_welding(conn, world, encoder)
    welder = world.ids["welder"]
    url, auth = f"/api/v1/clients/{welder}/vacancies", world.auth("bapas_officer")
    before = {v["vacancy_id"] for v in (await client.get(url, headers=auth)).json()}
    assert far in before  # sentenced: no limit
    await conn.execute("UPDATE inmates SET status = 'parole' WHERE id = $1", welder)
    default = {v["vacancy_id"] for v in (await client.get(url, headers=auth)).json()}
    assert far not in default and world.ids["vac_a"] in default
    lifted = {v["vacancy_id"] for v in (await client.get(url, headers=auth, params={"area": "semua"})).json()}
    assert far in lifted
    regency = {v["vacancy_id"] for v in (await client.get(url, headers=auth, params={"area": "35.78"})).json()}
    assert regency == {far}

    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{welder}")
    assert "wajib lapor ke" in page.text and "lowongan dibatasi ke wilayah Bapas" in page.text
    assert "Tukang Las SMAW Surabaya" not in page.text.split("place-scope", 1)[1].split("</ol>", 1)[0]
    lifted_page = await client.get(f"/klien/{welder}", params={"wilayah": "semua"})
    assert "Batas wilayah Bapas dilepas" in lifted_page.text and "Tukang Las SMAW Surabaya" in lifted_page.text

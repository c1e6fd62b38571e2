"""Findings of the code review, each pinned by a test: certificate numbers only with consent,
pseudonyms not derived from registration numbers, officer pages for people not yet indexed."""

from __future__ import annotations

from typing import Any

import httpx

from models.records import NewInmate
from models.repositories.inmates import InmateRepo
from tests import factories as f
from tests.api.conftest import World, sign_in


async def test_employer_sees_certificate_numbers_only_with_name_and_facility_consent(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    h = world.auth("employer")
    ranked = (await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/candidates", headers=h)).json()
    by = {c["candidate"]: c for c in ranked["items"]}
    welder = by[world.pseudonyms["welder"]]  # consented to matching only
    assert welder["certificates"] and all(c["number"] is None for c in welder["certificates"])
    baker = (await client.get(f"/api/v1/candidates/{world.pseudonyms['baker']}", headers=h)).json()
    assert baker["certificates"] and all(c["number"] for c in baker["certificates"])  # reveal name + facility
    page = await client.get(f"/kandidat/{world.pseudonyms['welder']}", headers=h)
    assert page.status_code == 200 and world.pseudonyms["welder"] in page.text
    rows = await conn.fetch("SELECT number FROM certificates WHERE inmate_id = $1", world.ids["welder"])
    numbers = [r["number"] for r in rows]
    assert numbers and not any(n in page.text for n in numbers)


async def test_pseudonyms_are_random_not_derived_from_the_registration_number(conn: Any, world: World) -> None:
    fac = world.ids
    repo = InmateRepo(conn)
    one = await repo.upsert(NewInmate("SDP-3273-000001", "A", 1990, "L", ""), fac["lapas"], fac["bapas"], "32")
    first = (await repo.get(one)).pseudonym
    await repo.upsert(NewInmate("SDP-3273-000001", "A B", 1990, "L", ""), fac["lapas"], fac["bapas"], "32")
    assert (await repo.get(one)).pseudonym == first  # stable once made
    # the same registration number in another database gets another pseudonym
    await conn.execute("DELETE FROM consent_events WHERE inmate_id = $1", one)
    await conn.execute("DELETE FROM inmates WHERE id = $1", one)
    again = await repo.upsert(NewInmate("SDP-3273-000001", "A", 1990, "L", ""), fac["lapas"], fac["bapas"], "32")
    assert (await repo.get(again)).pseudonym != first


async def test_officer_client_page_works_before_the_person_is_indexed(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    fresh = await f.inmate(conn, world.ids["lapas"], world.ids["bapas"], skills=("menjahit",), name="Belum Terindeks")
    assert await conn.fetchval("SELECT count(*) FROM inmate_embeddings WHERE inmate_id = $1", fresh) == 0
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{fresh}")
    assert page.status_code == 200 and "Belum Terindeks" in page.text
    plan = await client.get(f"/klien/{fresh}/rencana")
    assert plan.status_code == 200
    gaps = await client.get(f"/api/v1/clients/{fresh}/gaps", headers=world.auth("bapas_officer"))
    assert gaps.status_code == 200
    audited = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'client.gaps' AND subject_inmate_id = $1", fresh
    )
    assert audited >= 1

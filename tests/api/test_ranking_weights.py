"""Kemnaker staff see the ranking weights in use and the evidence of every fit; searches are logged."""

from __future__ import annotations

import httpx

from models.repositories.impressions import RankingWeightsRepo
from tests.api.conftest import World, sign_in


async def test_staff_see_defaults_then_adopted_weights_with_evidence(client: httpx.AsyncClient, world: World,
                                                                      conn) -> None:  # fmt: skip
    await sign_in(client, world.emails["kemnaker_staff"])
    page = await client.get("/dasbor/bobot-peringkat")
    assert page.status_code == 200 and "bobot bawaan yang terdokumentasi" in page.text
    evidence = {"impressions": 900, "lists": 60, "lists_with_outcomes": 41, "propensity": "p(rank r examined) = r^-1",
                "folds": [{"fold": 0, "train_lists": 48, "test_lists": 12, "current": 0.61, "learned": 0.66,
                           "current_ndcg": 0.5, "learned_ndcg": 0.55}]}  # fmt: skip
    saved = await RankingWeightsRepo(conn).add(
        {"embedding": 1.0, "region": 1.7}, {"embedding": 1.0, "region": 0.5}, adopted=True,
        reason="held-out AUC +0.05", evidence=evidence, created_by="system",
    )  # fmt: skip
    page = await client.get("/dasbor/bobot-peringkat")
    assert f"#{saved.id}" in page.text and "held-out AUC +0.05" in page.text and "0.6600" in page.text
    assert "1.700" in page.text  # the adopted region weight is the one in use
    english = await client.get("/dasbor/bobot-peringkat", params={"lang": "en"})
    assert "Ranking weights" in english.text and "Learned weight" in english.text
    api = (await client.get("/api/v1/stats/ranking-weights")).json()
    assert api["in_use"] == {"embedding": 1.0, "region": 1.7} and api["source"]["evidence"]["lists"] == 60


async def test_other_roles_do_not_see_the_weights(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    assert (await client.get("/dasbor/bobot-peringkat")).status_code in (403, 404)
    r = await client.get("/api/v1/stats/ranking-weights", headers=world.auth("bapas_officer"))
    assert r.status_code in (403, 404)


async def test_employer_search_and_officer_matches_are_logged_once_per_list(client: httpx.AsyncClient,
                                                                           world: World, conn) -> None:  # fmt: skip
    before = await conn.fetchval("SELECT count(*) FROM result_searches")
    r = await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/candidates", headers=world.auth("employer"))
    assert r.status_code == 200 and r.json()["items"]
    await sign_in(client, world.emails["bapas_officer"])
    assert (await client.get(f"/klien/{world.ids['welder']}")).status_code == 200
    rows = await conn.fetch("SELECT view, count(*) AS n FROM result_searches WHERE id > 0 GROUP BY view")
    views = {r["view"]: r["n"] for r in rows}
    assert await conn.fetchval("SELECT count(*) FROM result_searches") == before + 2
    assert views.get("employer", 0) >= 1 and views.get("officer", 0) >= 1
    shown = await conn.fetchval(
        """SELECT count(*) FROM result_impressions i JOIN result_searches s ON s.id = i.search_id
           WHERE s.view = 'employer'"""
    )
    assert shown == len(r.json()["items"])

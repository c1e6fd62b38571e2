"""Learning from outcomes on the real database: shown results are logged (one list per search, with
features and positions), outcomes are joined from applications and placements, fits are stored
with their evidence, and the matcher ranks with the adopted weights."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from api.demo.outcomes import simulate_outcomes
from api.hiring.ranking import CandidateFilters, rank_for_vacancy
from api.stats.learning import adopted_weights, learn_weights, weights_overview
from api.web.stores import PgMatcherStores
from matcher.features import FEATURE_NAMES, REGION
from matcher.indexing import reindex_inmates, reindex_vacancies
from matcher.scoring import DEFAULT_WEIGHTS
from matcher.service import Matcher
from models.records import SYSTEM
from models.repositories.applications import ApplicationRepo
from models.repositories.impressions import ImpressionRepo, RankingWeightsRepo
from models.repositories.placements import PlacementRepo
from models.repositories.vacancies import VacancyRepo
from tests import factories as f

TODAY = date.today()


async def _world(conn: asyncpg.Connection, encoder) -> dict[str, int]:
    ids = await f.welding_world(conn)
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, TODAY)
    return ids


async def test_a_search_logs_one_list_with_positions_and_features(conn, encoder) -> None:
    ids = await _world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores, weights=adopted_weights)
    vacancy = await VacancyRepo(conn).get(ids["vacancy"])
    cards, _ = await rank_for_vacancy(conn, matcher, vacancy, CandidateFilters(), today=TODAY, limit=20, offset=0)
    rows = await conn.fetch(
        """SELECT s.view, s.vacancy_id AS anchor, s.feature_names, s.weights_id, i.position, i.inmate_id,
                  i.score, i.features
           FROM result_impressions i JOIN result_searches s ON s.id = i.search_id ORDER BY i.position"""
    )
    assert [r["inmate_id"] for r in rows] == [c.inmate_id for c in cards]
    assert [r["position"] for r in rows] == list(range(1, len(cards) + 1))
    assert all(r["view"] == "employer" and r["anchor"] == ids["vacancy"] for r in rows)
    assert all(tuple(r["feature_names"]) == FEATURE_NAMES and len(r["features"]) == len(FEATURE_NAMES) for r in rows)
    assert rows[0]["weights_id"] is None  # the defaults ranked it
    assert abs(rows[0]["score"] - cards[0].score) < 1e-3
    assert len({r["features"][0] for r in rows}) == len(rows)  # each result its own features


async def test_outcomes_are_joined_from_applications_and_placements(conn, encoder) -> None:
    ids = await _world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores)
    vacancy = await VacancyRepo(conn).get(ids["vacancy"])
    await rank_for_vacancy(conn, matcher, vacancy, CandidateFilters(), today=TODAY, limit=20, offset=0)
    await rank_for_vacancy(conn, matcher, vacancy, CandidateFilters(), today=TODAY, limit=20, offset=0)  # reload
    apps = ApplicationRepo(conn)
    app = await apps.add(vacancy.id, ids["welder"], None)
    for stage in ("interview", "offer", "hired"):
        app = await apps.move(app.id, app.version, stage, None, None)
    p = await PlacementRepo(conn).add(ids["welder"], ids["employer"], vacancy.id, "Juru las", TODAY, None)
    await PlacementRepo(conn).add_followup(p.id, 3, True, "", None)
    await PlacementRepo(conn).add_followup(p.id, 6, False, "", None)
    baker = await apps.add(vacancy.id, ids["baker"], None)
    await apps.move(baker.id, baker.version, "rejected", "tidak cocok", None)
    shown = {r.inmate_id: r for r in await ImpressionRepo(conn).shown_outcomes()}
    assert set(shown) == {ids["welder"], ids["baker"]}  # each pair once (its first impression)
    assert shown[ids["welder"]].furthest_stage == "hired" and shown[ids["welder"]].retained_months == (3,)
    assert shown[ids["baker"]].furthest_stage == "shortlisted"  # a rejection keeps the furthest stage


async def test_learn_weights_stores_its_evidence_and_refuses_without_enough_outcomes(conn, encoder) -> None:
    ids = await _world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores)
    vacancy = await VacancyRepo(conn).get(ids["vacancy"])
    await rank_for_vacancy(conn, matcher, vacancy, CandidateFilters(), today=TODAY, limit=20, offset=0)
    await ApplicationRepo(conn).add(vacancy.id, ids["welder"], None)
    decision, saved = await learn_weights(conn, SYSTEM)
    assert not decision.adopted and "too few" in decision.reason
    assert saved.adopted is False and saved.evidence["impressions"] == 2 and saved.previous == dict(DEFAULT_WEIGHTS)
    assert await adopted_weights(conn) is None
    overview = await weights_overview(conn)
    assert overview.source is None and overview.in_use == dict(DEFAULT_WEIGHTS) and overview.recent[0].id == saved.id
    audit = await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'ranking.learn_weights'")
    assert audit == 1


async def test_the_matcher_ranks_with_the_adopted_weights(conn, encoder) -> None:
    ids = await _world(conn, encoder)
    place_only = {name: 0.0 for name in FEATURE_NAMES} | {REGION: 1.0, "embedding": 0.01}
    saved = await RankingWeightsRepo(conn).add(
        place_only, DEFAULT_WEIGHTS, adopted=True, reason="test", evidence={}, created_by="test"
    )
    matcher = Matcher(encoder, PgMatcherStores, weights=adopted_weights)
    vacancy = await VacancyRepo(conn).get(ids["vacancy"])
    await rank_for_vacancy(conn, matcher, vacancy, CandidateFilters(), today=TODAY, limit=20, offset=0)
    assert matcher.weights_id == saved.id and matcher.weights == place_only
    assert await conn.fetchval("SELECT DISTINCT weights_id FROM result_searches") == saved.id
    assert (await weights_overview(conn)).in_use == place_only


async def test_the_demo_simulation_logs_searches_and_writes_outcomes(conn, encoder) -> None:
    await _world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores)
    await simulate_outcomes(conn, matcher, TODAY, searches=5)
    lists, shown = await ImpressionRepo(conn).count()
    assert lists == 1 and shown == 2  # one open vacancy, two consenting candidates who can start
    placed = await conn.fetch("SELECT started_on FROM placements")
    assert all(p["started_on"] < TODAY - timedelta(days=365) for p in placed)


async def test_the_simulation_skips_people_already_on_the_vacancy(conn, encoder) -> None:
    """The demo's own history already shortlists people; the simulation must not fail on them
    (it did: `make run` stopped at start-up with "already on the shortlist")."""
    await _world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores)
    first = await simulate_outcomes(conn, matcher, TODAY, searches=5)
    again = await simulate_outcomes(conn, matcher, TODAY, searches=5)  # same seed: same people, same vacancy
    assert first >= 1 and again == 0

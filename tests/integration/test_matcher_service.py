"""Ranking service on the real PostgreSQL and the real model: order, filters, explanations,
both directions, gap analysis."""

from __future__ import annotations

from datetime import date

import asyncpg
import pytest

from api.web.stores import PgMatcherStores
from matcher.explain import render_id
from matcher.indexing import reindex_inmates, reindex_vacancies
from matcher.service import Matcher, location_tier
from models.records import Consent
from models.repositories.inmates import InmateRepo
from tests import factories as f

TODAY = date.today()


async def _indexed_world(conn: asyncpg.Connection, encoder) -> dict[str, int]:
    ids = await f.welding_world(conn)
    english = await f.vacancy(
        conn,
        ids["employer"],
        "Welder (SMAW)",
        "Steel fabrication workshop hiring a welder.",
        ("weld steel plates with SMAW", "follow welding safety rules"),
        required_units=("C.25LAS00.002.1",),
    )
    bakery = await f.vacancy(
        conn,
        ids["employer"],
        "Pembuat Roti",
        "Toko roti mencari tenaga produksi.",
        ("membuat adonan roti",),
        required_units=("C.10ROT00.001.1", "C.10ROT00.002.1"),
    )
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, TODAY)
    return {**ids, "english": english, "bakery_vacancy": bakery}


@pytest.mark.parametrize("which", ["vacancy", "english"])
async def test_welder_ranks_above_baker_in_indonesian_and_english(conn, encoder, which: str) -> None:
    ids = await _indexed_world(conn, encoder)
    _, matches = await Matcher(encoder, PgMatcherStores).candidates_for_vacancy(conn, ids[which], as_of=TODAY)
    order = [m.inmate_id for m in matches]
    assert order.index(ids["welder"]) < order.index(ids["baker"])


async def test_filters_never_return_refusers_or_late_people(conn, encoder) -> None:
    ids = await _indexed_world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores)
    for vid in (ids["vacancy"], ids["english"], ids["bakery_vacancy"]):
        _, matches = await matcher.candidates_for_vacancy(conn, vid, as_of=TODAY, k=50)
        returned = {m.inmate_id for m in matches}
        assert ids["refuser"] not in returned and ids["late"] not in returned
        assert returned == {ids["welder"], ids["baker"]}
    # withdrawing consent removes the person from results at once
    await InmateRepo(conn).set_consent(ids["welder"], Consent(), recorded_by=None, note="ditarik")
    _, matches = await matcher.candidates_for_vacancy(conn, ids["vacancy"], as_of=TODAY)
    assert ids["welder"] not in {m.inmate_id for m in matches}


async def test_explanations_name_matched_units_and_missing_ones(conn, encoder) -> None:
    ids = await _indexed_world(conn, encoder)
    _, matches = await Matcher(encoder, PgMatcherStores).candidates_for_vacancy(conn, ids["english"], as_of=TODAY)
    by_id = {m.inmate_id: m for m in matches}
    welder, baker = by_id[ids["welder"]].explanation, by_id[ids["baker"]].explanation
    assert welder.units_covered == ("C.25LAS00.002.1",) and welder.units_missing == ()
    assert baker.units_missing == ("C.25LAS00.002.1",)
    assert welder.available is True
    best = max(welder.matches, key=lambda m: m.similarity)
    assert best.item is not None and best.similarity > 0.3
    text = " ".join(render_id(welder))
    assert "C.25LAS00.002.1" in text
    assert by_id[ids["welder"]].location == "same_regency"


async def test_candidate_to_vacancies_for_officers(conn, encoder) -> None:
    ids = await _indexed_world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores)
    welder_view = await matcher.vacancies_for_candidate(conn, ids["welder"], as_of=TODAY)
    assert welder_view[0].vacancy.id in (ids["vacancy"], ids["english"])
    baker_view = await matcher.vacancies_for_candidate(conn, ids["baker"], as_of=TODAY)
    assert baker_view[0].vacancy.id == ids["bakery_vacancy"]


async def test_gap_analysis_recommends_the_scheme_that_completes_the_vacancy(conn, encoder) -> None:
    ids = await _indexed_world(conn, encoder)
    report = await Matcher(encoder, PgMatcherStores).gaps(conn, ids["baker"], as_of=TODAY, vacancy_id=ids["english"])
    assert report.missing_units == ("C.25LAS00.002.1",)
    welding_code = await conn.fetchval("SELECT code FROM schemes WHERE id = $1", ids["welding"])
    assert report.schemes[0].scheme == welding_code
    assert report.schemes[0].vacancies_completed == (str(ids["english"]),)
    home = await Matcher(encoder, PgMatcherStores).gaps(conn, ids["welder"], as_of=TODAY)
    assert "C.10ROT00.002.1" in home.missing_units  # the bakery vacancy in the home province


def test_location_tiers() -> None:
    assert location_tier("32.73", "32.73") == "same_regency"
    assert location_tier("32.73", "32.04") == "same_province"
    assert location_tier("32.73", "35.78") == "elsewhere"
    assert location_tier(None, "35.78") == "unknown"


class _NoAnalyzer:
    def transform(self, texts):  # pragma: no cover - fails the test if reached
        raise AssertionError(f"analyzer ran on the query path for {len(texts)} texts")


async def test_ranking_reads_stored_term_counts_instead_of_running_analyzers(conn, encoder) -> None:
    ids = await _indexed_world(conn, encoder)
    docs = await conn.fetchval("SELECT count(*) FROM text_terms")
    assert docs >= 4 + 3  # every indexed profile and vacancy text
    matcher = Matcher(encoder, PgMatcherStores)
    matcher.counter._word = matcher.counter._char = _NoAnalyzer()
    _, matches = await matcher.candidates_for_vacancy(conn, ids["vacancy"], as_of=TODAY)
    assert matches[0].inmate_id == ids["welder"]
    plain = Matcher(encoder, PgMatcherStores)  # same order as when the analyzers run
    _, again = await plain.candidates_for_vacancy(conn, ids["vacancy"], as_of=TODAY)
    assert [m.inmate_id for m in again] == [m.inmate_id for m in matches]
    assert [round(m.score, 4) for m in again] == [round(m.score, 4) for m in matches]


async def test_languages_are_stored_at_index_time_and_read_by_the_ranking(conn, encoder, monkeypatch) -> None:
    """Every indexed document text's language is stored with its counts (migration 0836), so ranking
    first-seen profiles detects none; counts stored before languages were get theirs on the next reindex."""
    import matcher.features as features

    ids = await _indexed_world(conn, encoder)
    assert await conn.fetchval("SELECT count(*) FROM text_terms WHERE language IS NULL") == 0
    assert {r[0] for r in await conn.fetch("SELECT DISTINCT language FROM text_terms")} <= {"id", "en", ""}
    plain = Matcher(encoder, PgMatcherStores)
    _, want = await plain.candidates_for_vacancy(conn, ids["vacancy"], as_of=TODAY)

    def no_detection(text: str) -> str:  # pragma: no cover - fails the test if reached
        raise AssertionError(f"language detected on the query path: {text[:60]!r}")

    monkeypatch.setattr(features, "_language", no_detection)
    _, got = await Matcher(encoder, PgMatcherStores).candidates_for_vacancy(conn, ids["vacancy"], as_of=TODAY)
    assert [(m.inmate_id, round(m.score, 4)) for m in got] == [(m.inmate_id, round(m.score, 4)) for m in want]
    monkeypatch.undo()

    before = await conn.fetch("SELECT text_hash, char_idx, language FROM text_terms ORDER BY text_hash")
    await conn.execute("UPDATE text_terms SET language = NULL")  # as stored before migration 0836
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, TODAY)
    after = await conn.fetch("SELECT text_hash, char_idx, language FROM text_terms ORDER BY text_hash")
    assert [tuple(r) for r in after] == [tuple(r) for r in before]  # languages back, counts untouched


async def test_the_start_up_warm_up_ranks_for_the_newest_and_fills_the_process_caches(conn, encoder) -> None:
    from api.web.warmup import warm_up

    ids = await _indexed_world(conn, encoder)
    matcher = Matcher(encoder, PgMatcherStores)
    done = await warm_up(conn, matcher, 20, TODAY)  # 20 walks -> 4 vacancies' rankings, 1 person's
    assert done.pages is not None and done.pages.walks > 0
    assert done.vacancy_ids == (ids["bakery_vacancy"], ids["english"], ids["vacancy"])  # newest first, all 3 open
    assert len(done.inmate_ids) == 1 and done.rankings == 4
    # what a first search would have read is now in the process: item vectors, n-gram counts
    assert len(matcher.item_vectors._rows) > 0 and len(matcher.counter._cache) > 0
    nothing = await warm_up(conn, Matcher(encoder, PgMatcherStores), 0, TODAY)
    assert (nothing.rankings, nothing.vacancy_ids, nothing.inmate_ids) == (0, (), ())

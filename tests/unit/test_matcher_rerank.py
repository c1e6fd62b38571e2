"""The service entry point: re-rank a pool, both directions, with explanations."""

from __future__ import annotations

from datetime import date

from matcher.documents import parse_candidate, parse_vacancy
from matcher.rerank import candidates_for_vacancy, vacancies_for_candidate
from tests.unit.test_matcher_scoring import BagOfWords

TODAY = date(2026, 11, 25)
WELD = parse_vacancy({"id": "w", "title": "welder", "requirements": ["welding pipes"], "start_date": "2027-01-01"})
BAKE = parse_vacancy({"id": "b", "title": "baker", "requirements": ["bake bread"], "start_date": "2027-01-01"})
WELDER = parse_candidate({"id": "cw", "skills": ["welding pipes"], "available_from": "2026-12-01"})
LATE_WELDER = parse_candidate({"id": "late", "skills": ["welding pipes", "welder"], "available_from": "2027-02-01"})
BAKER = parse_candidate({"id": "cb", "skills": ["bake bread"]})


def test_candidates_for_vacancy_orders_explains_and_cuts() -> None:
    ranked = candidates_for_vacancy(WELD, [BAKER, LATE_WELDER, WELDER], BagOfWords(), as_of=TODAY, top=2)
    assert [r.id for r in ranked] == ["cw", "cb"]  # the late welder is below every available one
    assert ranked[0].available and ranked[0].explanation.candidate_id == "cw"
    assert ranked[0].explanation.matches[0].item == "welding pipes"
    assert candidates_for_vacancy(WELD, [], BagOfWords(), as_of=TODAY) == []


def test_vacancies_for_candidate() -> None:
    ranked = vacancies_for_candidate(BAKER, [WELD, BAKE], BagOfWords(), as_of=TODAY)
    assert [r.id for r in ranked] == ["b", "w"]
    assert ranked[0].explanation.vacancy_id == "b" and ranked[0].score > ranked[1].score


def test_a_ranking_into_reused_buffers_is_the_ranking_into_fresh_arrays() -> None:
    from matcher.service import ScratchRows, StoredVectors

    texts = ["welder", "welding pipes", "bake bread", "baker"]
    known = dict(zip(texts, BagOfWords().encode(texts), strict=True))
    scratch = ScratchRows()
    pool = [BAKER, LATE_WELDER, WELDER]
    fresh = candidates_for_vacancy(WELD, pool, StoredVectors(BagOfWords(), dict(known)), as_of=TODAY, top=3)
    for vacancy in (BAKE, WELD, BAKE, WELD):  # the buffers of one ranking are the next one's
        with scratch.lease() as rows:
            reused = candidates_for_vacancy(
                vacancy, pool, StoredVectors(BagOfWords(), dict(known), rows), as_of=TODAY, top=3
            )
        if vacancy is WELD:
            assert reused == fresh


def test_scratch_rows_are_distinct_within_a_lease_and_reused_after_it() -> None:
    import numpy as np

    from matcher.service import ScratchRows

    scratch = ScratchRows(keep=2)
    with scratch.lease() as rows:
        a, b = rows(3, 4), rows(2, 4)
        assert (a.shape, b.shape, a.dtype) == ((3, 4), (2, 4), np.float32)
        assert not np.shares_memory(a, b)  # a vacancy's vectors and its pool's are alive together
    with scratch.lease() as rows:
        c = rows(2, 4)
        assert np.shares_memory(c, a) or np.shares_memory(c, b)
        d = rows(10, 4)  # larger than any kept: a new buffer
        assert not (np.shares_memory(d, a) or np.shares_memory(d, b) or np.shares_memory(d, c))


def test_a_pools_tfidf_rows_are_reused_within_a_ranking_and_never_for_another_pool() -> None:
    from matcher.features import TermCounts, embed_candidates, embed_vacancies
    from matcher.reference import Reference

    counter = TermCounts()
    reference = Reference().fit(
        embed_vacancies([WELD, BAKE], BagOfWords()), embed_candidates([BAKER, WELDER], BagOfWords(), TODAY), counter
    )
    one = embed_candidates([WELDER, LATE_WELDER], BagOfWords(), TODAY)
    other = embed_candidates([BAKER, LATE_WELDER], BagOfWords(), TODAY)
    first = reference.lexical_rows(one, counter)
    again = reference.lexical_rows(one, counter)
    assert again[0] is first[0] and again[1] is first[1]  # the same pool: the same matrices
    second = reference.lexical_rows(other, counter)
    expected = reference.lexical_rows_of(other.texts, TermCounts())
    for got, want in zip(second, expected, strict=True):
        assert (got != want).nnz == 0


def test_a_full_cache_of_item_statistics_never_loses_what_the_same_call_reads() -> None:
    from matcher.features import TermCounts, embed_candidates, embed_vacancies
    from matcher.reference import _CACHE_LIMIT, Reference

    counter = TermCounts()
    reference = Reference().fit(
        embed_vacancies([WELD, BAKE], BagOfWords()), embed_candidates([BAKER], BagOfWords(), TODAY), counter
    )
    pool = embed_candidates([WELDER, LATE_WELDER], BagOfWords(), TODAY)  # items: welding pipes, welder
    expected = reference.item_hubness(pool)
    reference.item_cache_ = {"welding pipes": reference.item_cache_["welding pipes"]}  # the oldest entry...
    reference.item_cache_.update((f"filler {n}", 0.0) for n in range(_CACHE_LIMIT - 1))  # ...of a full cache
    assert (reference.item_hubness(pool) == expected).all()  # "welder" is new: adding it evicts "welding pipes"
    assert "welding pipes" not in reference.item_cache_ and "welder" in reference.item_cache_
    vacancies = embed_vacancies([WELD], BagOfWords())
    stats = reference.requirement_stats(vacancies)
    oldest = next(iter(reference.requirement_cache_))
    reference.requirement_cache_ = {oldest: reference.requirement_cache_[oldest]}
    reference.requirement_cache_.update((f"filler {n}", (0.0, 1.0)) for n in range(_CACHE_LIMIT - 1))
    again = reference.requirement_stats(vacancies)
    assert all((a == b).all() for a, b in zip(again, stats, strict=True))

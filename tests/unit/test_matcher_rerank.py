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

"""A served process's start-up warm-up (issue 17): the first searches after a start or a deploy
should wait as long as the later ones.

Two kinds of cold state make them slower. The database's buffer pool starts empty (one worker per
server reads the search's pages in: ``EmbeddingRepo.warm_search_pages``), and each process's matcher
starts with empty caches of item vectors, n-gram counts and statistics against the reference (each
worker ranks for the newest open vacancies and people once, and throws the results away: nothing
is shown, logged or stored). At 300,000 profiles the second part took a fresh process's vacancy ->
candidates p95 from 34.7 ms (its first 200 searches) toward the 27.8 ms of one that has served 200.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from matcher.errors import NotIndexed
from matcher.heap import settle
from models.errors import NotFound
from models.repositories.embeddings import EmbeddingRepo, Warmed

RANKINGS_PER_SEARCH = 5
"""One ranking for every this many graph walks of the page warm-up (1,000 -> 200 vacancies'
candidate lists and 50 people's vacancy lists, ~6 s of one core at 300,000 profiles)."""


@dataclass(frozen=True)
class WarmUp:
    """What one process's warm-up did: the page warm-up (None: another worker did it), the rankings
    made, the ids they were made for, and the seconds it took."""

    pages: Warmed | None
    rankings: int
    vacancy_ids: tuple[int, ...]
    inmate_ids: tuple[int, ...]
    seconds: float


async def warm_up(conn: Any, matcher: Any, searches: int, today: date) -> WarmUp:
    """The page warm-up with ``searches`` graph walks, then this process's matcher ranks once for the
    newest open vacancies and people (``searches // RANKINGS_PER_SEARCH`` and a quarter as many)."""
    started = time.perf_counter()
    repo = EmbeddingRepo(conn)
    pages = await repo.warm_search_pages(searches)
    rankings = max(0, searches) // RANKINGS_PER_SEARCH
    vacancy_ids, inmate_ids = await repo.newest_indexed(rankings, rankings // 4)
    made = 0
    for vacancy_id in vacancy_ids:
        try:
            await matcher.candidates_for_vacancy(conn, vacancy_id, as_of=today, k=20)
            made += 1
        except (NotIndexed, NotFound):  # changed since it was listed
            continue
    for inmate_id in inmate_ids:
        try:
            await matcher.vacancies_for_candidate(conn, inmate_id, as_of=today, k=20)
            made += 1
        except (NotIndexed, NotFound):
            continue
    settle()  # the caches it filled live on: out of the full collections (``matcher.heap``)
    return WarmUp(pages, made, tuple(vacancy_ids), tuple(inmate_ids), round(time.perf_counter() - started, 2))

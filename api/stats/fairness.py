"""The ranking fairness report over the database (``binakerja fairness-report``).

Reads the audited population and the open vacancies, ranks each vacancy with the service's own
matcher, and hands the results to the pure computations of ``matcher.fairness`` (exposure by
group, invariance under changed protected attributes).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from matcher.errors import NotIndexed
from matcher.fairness import MIN_GROUP, THRESHOLD, FairnessReport, group_exposure, invariance, population
from matcher.profiles import vacancy_doc
from matcher.service import Matcher
from models.records import Inmate
from models.repositories.certificates import CertificateRepo
from models.repositories.embeddings import EmbeddingRepo
from models.repositories.inmates import InmateRepo
from models.repositories.places import PlacesRepo
from models.repositories.vacancies import VacancyRepo


async def audited_people(conn: Any) -> list[Inmate]:
    """People who consent to employer matching, are not erased and have a stored vector."""
    people: list[Inmate] = []
    last = 0
    repo = InmateRepo(conn)
    while page := await repo.list_after(last, 5000):
        last = page[-1].id
        people.extend(i for i in page if i.consent.employer_matching and i.anonymised_at is None)
    indexed = await EmbeddingRepo(conn).inmate_hashes([i.id for i in people])
    return [i for i in people if i.id in indexed]


async def run_report(
    conn: Any,
    matcher: Matcher[Any],
    today: date,
    *,
    k: int = 20,
    vacancies: int = 200,
    invariance_vacancies: int = 10,
) -> FairnessReport:
    """Rank open vacancies with the service's matcher and measure exposure by group."""
    facilities = {f.id: f for f in await PlacesRepo(conn).list_facilities()}
    people = await audited_people(conn)
    audited = population(people, {i: f.name for i, f in facilities.items()}, today)
    open_vacancies = await VacancyRepo(conn).list(status="open", limit=vacancies)
    results: list[list[str]] = []
    skipped = 0
    for v in open_vacancies:
        try:
            _, matches = await matcher.candidates_for_vacancy(conn, v.id, as_of=today, k=k)
        except NotIndexed:  # a vacancy without an embedding yet is left out
            skipped += 1
            continue
        results.append([str(m.inmate_id) for m in matches])
    groups = group_exposure(audited, results)

    # invariance on a bounded sample: the pool a few vacancies retrieved
    sample = open_vacancies[:invariance_vacancies]
    pool_ids = {int(pid) for ranked in results[:invariance_vacancies] for pid in ranked}
    pool = [i for i in people if i.id in pool_ids]
    certs = await CertificateRepo(conn).views_for_inmates([i.id for i in pool])
    other = sorted(facilities)
    check = invariance(
        [vacancy_doc(v) for v in sample],
        pool,
        certs,
        matcher.encoder,
        today,
        other_facility=lambda i: next((f for f in other if f != i.facility_id), i.facility_id),
        top=k,
    )
    return FairnessReport(
        as_of=today,
        k=k,
        vacancies=len(results),
        population=len(audited),
        threshold=THRESHOLD,
        min_group=MIN_GROUP,
        groups=tuple(groups),
        invariance=check,
        notes=(f"{skipped} open vacancies without an embedding were left out",) if skipped else (),
    )

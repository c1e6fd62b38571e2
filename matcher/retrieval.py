"""First stage of ranking: pgvector nearest neighbours under hard SQL filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matcher.errors import NotIndexed
from models.records import CandidateHit, CertificateView, Vacancy
from models.repositories.certificates import CertificateRepo
from models.repositories.embeddings import CandidateFilter, EmbeddingRepo
from models.repositories.vacancies import VacancyRepo


@dataclass(frozen=True)
class RetrievedCandidate:
    hit: CandidateHit
    certificates: tuple[CertificateView, ...]


def filter_for_vacancy(vacancy: Vacancy, *, province_only: bool = False) -> CandidateFilter:
    """Employers only see consenting people who can start by the vacancy's start date."""
    return CandidateFilter(
        for_employer=True,
        available_by=vacancy.start_date,
        province_code=vacancy.province_code if province_only else None,
    )


async def nearest_candidates(
    conn: Any, vacancy_id: int, k: int = 20
) -> tuple[Vacancy, list[RetrievedCandidate]]:
    """The k consenting, available people closest to a vacancy, with their certificates."""
    vacancy = await VacancyRepo(conn).get(vacancy_id)
    vector = await EmbeddingRepo(conn).vacancy_vector(vacancy_id)
    if vector is None:
        raise NotIndexed(f"vacancy {vacancy_id} has no embedding yet; run `binakerja reindex`")
    hits = await EmbeddingRepo(conn).nearest_inmates(vector, k, filter_for_vacancy(vacancy))
    certs = await CertificateRepo(conn).views_for_inmates([h.inmate_id for h in hits])
    return vacancy, [RetrievedCandidate(h, tuple(certs.get(h.inmate_id, ()))) for h in hits]

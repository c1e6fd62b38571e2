"""Employer-facing JSON API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from api import deps
from api.schemas import CandidateListOut, CandidateOut, CertificateOut
from matcher.retrieval import RetrievedCandidate, nearest_candidates

router = APIRouter(prefix="/api/v1", tags=["employers"])


def candidate_out(c: RetrievedCandidate) -> CandidateOut:
    return CandidateOut(
        candidate=c.hit.pseudonym,
        similarity=round(c.hit.similarity, 4),
        certificates=[
            CertificateOut(
                number=v.number,
                scheme_code=v.scheme_code,
                scheme_title=v.scheme_title,
                issued_on=v.issued_on,
                valid_until=v.valid_until,
                status=v.status,
                units=[f"{u.code} {u.title}" for u in v.units],
            )
            for v in c.certificates
        ],
    )


@router.get("/vacancies/{vacancy_id}/candidates", response_model=CandidateListOut)
async def vacancy_candidates(
    vacancy_id: int, k: int = Query(20, ge=1, le=100), conn: Any = Depends(deps.connection)
) -> CandidateListOut:
    """Top candidates for a vacancy by embedding similarity: consenting and available people only,
    shown by pseudonym with the certificates behind each match."""
    vacancy, found = await nearest_candidates(conn, vacancy_id, k)
    return CandidateListOut(
        vacancy_id=vacancy.id, vacancy_title=vacancy.title, items=[candidate_out(c) for c in found]
    )

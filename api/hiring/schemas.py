"""Pydantic models at the HTTP edge only."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class CertificateOut(BaseModel):
    number: str | None  # only when the person consented to reveal name and facility
    scheme_code: str
    scheme_title: str
    issued_on: date
    valid_until: date
    status: str
    units: list[str]


class CandidateOut(BaseModel):
    candidate: str  # pseudonym, never the name
    similarity: float
    certificates: list[CertificateOut]


class CandidateListOut(BaseModel):
    vacancy_id: int
    vacancy_title: str
    items: list[CandidateOut]

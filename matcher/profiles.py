"""Stored records -> matcher documents (the same documents the offline format gives).

Only what matching needs crosses over: no name, no offence, no facility.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from matcher.documents import CandidateDoc, Certificate, Unit, VacancyDoc
from models.records import CertificateView, Inmate, Vacancy

# Regency code -> (latitude, longitude) of its seat (``regencies.lat/lon``, migration 0830).
Points = Mapping[str, tuple[float, float]]

# Certificates that no longer stand for the person's competence.
_DROPPED_STATUSES = frozenset({"revoked", "renewed"})


def available_from(inmate: Inmate) -> date | None:
    """The first day the person can start work: now if already out, else the expected release."""
    if inmate.status in ("released", "parole", "assimilation"):
        return None
    return inmate.expected_release_date


def certificate_doc(view: CertificateView, as_of: date) -> Certificate | None:
    """A stored certificate as the matcher sees it; a suspended one counts like an expired one."""
    if view.status in _DROPPED_STATUSES:
        return None
    valid_until = view.valid_until if view.status == "active" else min(view.valid_until, as_of - timedelta(days=1))
    return Certificate(
        scheme=view.scheme_title,
        units=tuple(Unit(u.code, u.title) for u in view.units),
        valid_until=valid_until,
    )


def candidate_doc(
    inmate: Inmate, certificates: Sequence[CertificateView], as_of: date, points: Points | None = None
) -> CandidateDoc:
    """The person as the matcher sees it; with ``points``, the domicile regency's seat too."""
    certs = tuple(c for c in (certificate_doc(v, as_of) for v in certificates) if c is not None)
    return CandidateDoc(
        id=str(inmate.id),
        skills=tuple(inmate.skills) + tuple(inmate.trainings),
        certificates=certs,
        experience=tuple(inmate.work_history),
        education=inmate.education,
        region=inmate.domicile_regency_code,
        # someone already out (released, parole, assimilation) can start today
        available_from=available_from(inmate) or (None if inmate.expected_release_date is None else as_of),
        point=_point(points, inmate.domicile_regency_code),
    )


def _point(points: Points | None, regency_code: str | None) -> tuple[float, float] | None:
    return points.get(regency_code) if points is not None and regency_code is not None else None


def vacancy_doc(vacancy: Vacancy, points: Points | None = None) -> VacancyDoc:
    return VacancyDoc(
        id=str(vacancy.id),
        title=vacancy.title,
        description=vacancy.description,
        requirements=tuple(vacancy.requirements),
        required_units=tuple(vacancy.required_units),
        region=vacancy.regency_code,
        start_date=vacancy.start_date,
        point=_point(points, vacancy.regency_code),
    )

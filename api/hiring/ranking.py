"""Ranked candidates for a vacancy, as employers see them: the one place ranking is called.

Delegates to the matcher's service (pgvector retrieval under hard SQL filters, then re-ranking
with explanations). This module only turns filters into the service's arguments and results
into cards that carry nothing an employer may not see.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from api.privacy.service import (
    availability_month,
    certificate_for_employer,
    explanation_for_employer,
    scheme_filter_allowed,
)
from matcher.explain import render
from matcher.features import FEATURE_NAMES
from matcher.service import Matcher
from models.errors import NotFound
from models.records import CandidateFilter, CertificateView, Vacancy
from models.repositories.catalogue import CatalogueRepo
from models.repositories.embeddings import EmbeddingRepo
from models.repositories.impressions import ImpressionRepo, ShownResult
from models.repositories.places import PlacesRepo

# The ranked list's size is counted up to this many ("lebih dari 1.000 kandidat" beyond): an exact
# count of everyone passing the employer filter scans the whole table on every search.
COUNT_CAP = 1000


@dataclass(frozen=True)
class CandidateFilters:
    province_code: str | None = None
    available_month: str | None = None  # 'YYYY-MM': available by the end of that month
    scheme_code: str | None = None
    regency_code: str | None = None
    near: bool = False  # the vacancy's own regency first, then the rest of its province
    within_km: int | None = None  # lives within this many km of the vacancy's regency (seat to seat)


@dataclass(frozen=True)
class CandidateCard:
    """What an employer sees in a ranked list: no name, no facility, no offence."""

    inmate_id: int  # internal, for shortlisting and audit; never rendered
    pseudonym: str
    score: float
    location: str  # same_regency | same_province | elsewhere | unknown
    available: str  # 'sekarang' or 'YYYY-MM'
    regency_code: str | None
    certificates: tuple[CertificateView, ...]
    covered_units: tuple[str, ...]
    missing_units: tuple[str, ...]
    explanation: tuple[str, ...]  # Indonesian sentences, most useful first
    distance_km: float | None = None  # from the vacancy's regency, seat to seat; 0 in the same one; None unknown
    expired_units: tuple[str, ...] = ()  # required units held only on an expired certificate


async def log_shown(
    conn: Any, matcher: Matcher, view: str, anchor_id: int, shown: Sequence[tuple[int, int, Any]], offset: int = 0
) -> None:
    """Log one shown list (one INSERT): (inmate id, vacancy id, match) per result, in shown order,
    with the match's score and normalised features, so weights can be learned from what follows."""
    results = [
        ShownResult(offset + k + 1, vacancy_id, inmate_id, m.score, m.features)
        for k, (inmate_id, vacancy_id, m) in enumerate(shown)
        if m.features
    ]
    await ImpressionRepo(conn).log_search(view, anchor_id, FEATURE_NAMES, results, matcher.weights_id)


def month_end(month: str) -> date:
    """'2027-03' -> 2027-03-31; raises ValueError on anything else."""
    year, mon = (int(p) for p in month.split("-", 1))
    return date(year, mon, calendar.monthrange(year, mon)[1])


async def rank_for_vacancy(
    conn: Any,
    matcher: Matcher,
    vacancy: Vacancy,
    filters: CandidateFilters,
    *,
    today: date,
    limit: int,
    offset: int,
    lang: str = "id",
) -> tuple[list[CandidateCard], int]:
    """One page of consenting, available candidates, best first, and how many the ranked pool holds
    (counted up to just above ``COUNT_CAP``: a total above it means "more than ``COUNT_CAP``")."""
    scheme_id = None
    if filters.scheme_code:
        catalogue = CatalogueRepo(conn)
        try:
            scheme = await catalogue.get_scheme_by_code(filters.scheme_code)
        except NotFound:
            return [], 0
        if not scheme_filter_allowed(await catalogue.get_lsp(scheme.lsp_id)):
            return [], 0  # a P1 scheme would list one prison's people: answered like an unknown scheme
        scheme_id = scheme.id
    available_by = month_end(filters.available_month) if filters.available_month else None
    by = min(d for d in (vacancy.start_date, available_by) if d) if (vacancy.start_date or available_by) else None
    count = functools.partial(EmbeddingRepo(conn).count_inmates, cap=COUNT_CAP)
    within = (vacancy.regency_code, float(filters.within_km)) if filters.within_km and vacancy.regency_code else None
    if filters.near and vacancy.regency_code:
        ranked, total = await _nearby(conn, matcher, vacancy, today=today, available_by=available_by, by=by,
                                      scheme_id=scheme_id, limit=limit, offset=offset)  # fmt: skip
    else:
        _, ranked, _ = await matcher.candidates_page(
            conn,
            vacancy.id,
            vacancy=vacancy,
            as_of=today,
            k=limit,
            offset=offset,
            province_code=filters.province_code,
            regency_code=filters.regency_code,
            available_by=available_by,
            scheme_id=scheme_id,
            within_km_of=within,
        )
        # The total counts everyone the filters let through (the matcher's pool grows with the page).
        total = await count(CandidateFilter(for_employer=True, available_by=by, province_code=filters.province_code,
                                            regency_code=filters.regency_code, scheme_id=scheme_id,
                                            within_km_of=within))  # fmt: skip
    await log_shown(conn, matcher, "employer", vacancy.id, [(m.inmate_id, vacancy.id, m) for m in ranked], offset)
    places = await PlacesRepo(conn).place_names()
    cards = []
    for m in ranked:
        shown = [certificate_for_employer(c, m.inmate.consent) for c in m.certificates]
        explanation = explanation_for_employer(m.explanation, m.certificates, shown,
                                               hide_facility=not m.inmate.consent.reveal_facility)  # fmt: skip
        cards.append(
            CandidateCard(
                inmate_id=m.inmate_id,
                pseudonym=m.pseudonym,
                score=m.score,
                location=m.location,
                available=availability_month(m.inmate, today),
                regency_code=m.inmate.domicile_regency_code,
                certificates=tuple(shown),
                covered_units=explanation.units_covered,
                missing_units=explanation.units_missing,
                expired_units=explanation.units_expired,
                explanation=tuple(
                    _with_place(render(explanation, places, lang), m.location, m.inmate, places, lang)
                    if filters.near
                    else render(explanation, places, lang)
                ),  # fmt: skip
                distance_km=0.0 if m.location == "same_regency" else explanation.distance_km,
            )
        )
    return cards, total


async def _nearby(conn: Any, matcher: Matcher, vacancy: Vacancy, *, today: date, available_by: date | None,
                  by: date | None, scheme_id: int | None, limit: int, offset: int,
                  ) -> tuple[list[Any], int]:  # fmt: skip
    """The "nearby" list: people of the vacancy's regency, best first, then the rest of its province,
    best first. Two ranked lists one after the other, so a page is a slice of a fixed order and
    each score is the calibrated one (the same as without the filter)."""
    regency = vacancy.regency_code
    province = vacancy.province_code
    count = functools.partial(EmbeddingRepo(conn).count_inmates, cap=COUNT_CAP)
    here = await count(CandidateFilter(for_employer=True, available_by=by, regency_code=regency, scheme_id=scheme_id))
    rest = await count(CandidateFilter(for_employer=True, available_by=by, province_code=province,
                                       other_than_regency=regency, scheme_id=scheme_id))  # fmt: skip
    ranked: list[Any] = []
    if offset < here:
        _, ranked, _ = await matcher.candidates_page(conn, vacancy.id, vacancy=vacancy, as_of=today, k=limit,
                                                     offset=offset, regency_code=regency, available_by=available_by,
                                                     scheme_id=scheme_id)  # fmt: skip
    wanted = limit - len(ranked)
    if wanted > 0 and rest:
        _, wider, _ = await matcher.candidates_page(conn, vacancy.id, vacancy=vacancy, as_of=today, k=wanted,
                                                    offset=max(0, offset - here), province_code=province,
                                                    other_than_regency=regency, available_by=available_by,
                                                    scheme_id=scheme_id)  # fmt: skip
        ranked += wider
    return ranked, here + rest


def _with_place(lines: list[str], location: str, inmate: Any, places: dict[str, str], lang: str = "id") -> list[str]:
    """The nearby view says first why a person is in it: the vacancy's own regency or its
    province (replacing the generic place sentence)."""
    code = inmate.domicile_regency_code or ""
    name = places.get(code, code)
    if lang == "en":
        place = (f"Lives in the vacancy's own regency/city ({name})." if location == "same_regency"
                 else f"Lives in another regency/city of the vacancy's province ({name}).")  # fmt: skip
    elif location == "same_regency":
        place = f"Berdomisili di kabupaten/kota yang sama dengan lowongan ({name})."
    else:
        place = f"Berdomisili di kabupaten/kota lain di provinsi yang sama dengan lowongan ({name})."
    generic = ("Lives in", "Lives ") if lang == "en" else ("Berdomisili di",)
    kept = [line for line in lines if not line.startswith(generic)]
    return [place, *kept]  # first: it is why the person is this high in the nearby list

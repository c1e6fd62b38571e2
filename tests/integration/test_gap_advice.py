"""Gap advice that fits the person (issue 15): with the real model and the demo's catalogue, a
carpenter is advised a woodworking scheme first (not bakery, which completes more of the region's
vacancies), a coir craftsman a coir/craft scheme; units and vacancies are named by title."""

from __future__ import annotations

from datetime import date

import numpy as np

from api.demo.catalogue import SCHEMES
from api.demo.trades import TRADE_BY_KEY
from matcher.documents import CandidateDoc, VacancyDoc, candidate_text, vacancy_text
from matcher.gaps import analyse_gaps, scheme_fit, scheme_text

TODAY = date(2026, 12, 1)
TITLES = {code: title for t in TRADE_BY_KEY.values() for code, title in t.units}


def vacancy(key: str, n: int, units: tuple[str, ...]) -> VacancyDoc:
    t = TRADE_BY_KEY[key]
    return VacancyDoc(f"{key}-{n}", t.titles[n % len(t.titles)], t.duties[n % len(t.duties)], t.requirements[:2], units)


def advise(encoder, person: CandidateDoc, vacancies: list[VacancyDoc]):
    texts = [scheme_text(s.title, [TITLES.get(c, "") for c in s.unit_codes]) for s in SCHEMES]
    vectors = encoder.encode([*texts, candidate_text(person, TODAY), *[vacancy_text(v) for v in vacancies]])
    k = len(texts)
    fit = scheme_fit(vectors[:k], vectors[k], vectors[k + 1 :], 1.0 / np.arange(1, len(vacancies) + 1))
    return analyse_gaps(
        [],
        {v.id: v.required_units for v in vacancies},
        {s.code: s.unit_codes for s in SCHEMES},
        fit={s.code: float(f) for s, f in zip(SCHEMES, fit, strict=True)},
        unit_titles=TITLES,
        vacancy_titles={v.id: v.title for v in vacancies},
        scheme_titles={s.code: s.title for s in SCHEMES},
    )


def units(key: str, *picks: int) -> tuple[str, ...]:
    return tuple(TRADE_BY_KEY[key].units[i][0] for i in picks)


def test_a_carpenter_is_advised_woodworking_before_bakery(encoder) -> None:
    carpenter = CandidateDoc(
        "c", skills=TRADE_BY_KEY["carpentry"].skills[:4], experience=("tukang kayu di bengkel mebel Jepara",)
    )
    # His best vacancies are carpentry; they also ask for a masonry K3 unit, so the woodworking scheme
    # completes none of them, while the bakery scheme completes both bakery vacancies in the region.
    k3 = units("masonry", 0)
    region = [
        vacancy("carpentry", 0, units("carpentry", 0, 1, 2) + k3),
        vacancy("carpentry", 1, units("carpentry", 1, 3) + k3),
        vacancy("bakery", 0, units("bakery", 0, 1)),
        vacancy("bakery", 1, units("bakery", 0, 2)),
        vacancy("masonry", 0, units("masonry", 0, 1)),
    ]
    report = advise(encoder, carpenter, region)
    first = report.schemes[0]
    assert first.scheme == TRADE_BY_KEY["carpentry"].scheme_code, [(s.scheme, s.fit) for s in report.schemes]
    assert first.fits_trade and first.title == TRADE_BY_KEY["carpentry"].scheme_title
    bakery = [s for s in report.schemes if s.scheme == TRADE_BY_KEY["bakery"].scheme_code][0]
    assert len(bakery.vacancies_completed) == 2 and not bakery.fits_trade  # more use, no fit: later
    assert first.covers_titles[0] == TITLES[first.covers_missing[0]]  # units are named
    assert set(first.vacancies_helped) == {"carpentry-0", "carpentry-1"}
    assert bakery.completed_titles == (region[2].title, region[3].title)  # vacancies are named
    assert report.unit_title(report.missing_units[0])


def test_a_coir_craftsman_gets_a_related_scheme(encoder) -> None:
    craftsman = CandidateDoc("s", skills=TRADE_BY_KEY["coir"].skills[:4], experience=("perajin sabut kelapa",))
    region = [
        vacancy("coir", 0, units("coir", 0, 1, 2) + units("sewing", 0)),
        vacancy("bakery", 0, units("bakery", 0, 1)),
        vacancy("barista", 0, units("barista", 0, 1)),
        vacancy("masonry", 0, units("masonry", 0, 1)),
    ]
    report = advise(encoder, craftsman, region)
    assert report.schemes[0].scheme == TRADE_BY_KEY["coir"].scheme_code, [(s.scheme, s.fit) for s in report.schemes]
    assert report.schemes[0].vacancies_helped == ("coir-0",)


def test_without_fit_the_old_order_stands(encoder) -> None:
    report = analyse_gaps([], {"v": units("bakery", 0, 1)}, {s.code: s.unit_codes for s in SCHEMES})
    assert all(s.fits_trade for s in report.schemes)
    assert report.schemes[0].vacancies_completed == ("v",)

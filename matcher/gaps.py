"""Gap analysis: which units a candidate lacks for target vacancies, and which certification
schemes would close the gap best.

Set arithmetic over unit codes decides what a scheme *brings* (missing units it certifies, target
vacancies it completes); how well it *fits* the person decides the order first. A carpenter whose
best vacancies are carpentry must not be told to take bakery because one bakery vacancy in the
region asks for four bakery units: the scheme's text (title and unit titles) is compared with the
person's own trade (certificates, skills, work history: the candidate document) and with the
target vacancies (``scheme_fit``), and schemes within one ``FIT_BAND`` of the best fit come first.
Only then units covered and vacancies completed decide. The caller chooses the targets (one
vacancy, or the top vacancies in the candidate's home province) and supplies the catalogue, unit
titles and vacancy titles, so the advice can name them.

Result records only ever gain fields (other layers add lines, such as the training class that
prepares for a scheme): add fields with defaults, never rename.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.documents import normalise_code

# Schemes whose fit is within this much (cosine) of the best scheme's fit count as fitting equally;
# among them, units covered and vacancies completed decide.
FIT_BAND = 0.08
# How much the person's own trade counts in the fit, against their target vacancies.
PERSON_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class TargetGap:
    """What one target vacancy asks that the candidate does not hold."""

    vacancy_id: str
    required: tuple[str, ...]
    missing: tuple[str, ...]
    title: str = ""  # the vacancy's title, to name it

    @property
    def covered(self) -> bool:
        return not self.missing


@dataclass(frozen=True, slots=True)
class SchemeOption:
    """A catalogue scheme and what taking it would bring."""

    scheme: str
    units: tuple[str, ...]
    covers_missing: tuple[str, ...]  # missing units this scheme certifies
    extra_units: tuple[str, ...]  # scheme units neither held nor needed by any target
    vacancies_completed: tuple[str, ...]  # targets fully covered after taking it (not before)
    fit: float = 0.0  # cosine fit to the person's trade and targets (``scheme_fit``); 0 when unknown
    fits_trade: bool = False  # within FIT_BAND of the best-fitting scheme
    title: str = ""
    covers_titles: tuple[str, ...] = ()  # titles of ``covers_missing``, same order
    completed_titles: tuple[str, ...] = ()  # titles of ``vacancies_completed``, same order
    vacancies_helped: tuple[str, ...] = ()  # targets with at least one missing unit it certifies


@dataclass(frozen=True, slots=True)
class GapReport:
    targets: tuple[TargetGap, ...]
    missing_units: tuple[str, ...]  # union over targets, most requested first
    schemes: tuple[SchemeOption, ...]  # best first
    unit_titles: Mapping[str, str] = field(default_factory=dict)  # code -> title (missing and scheme units)

    def unit_title(self, code: str) -> str:
        return self.unit_titles.get(code, "")


TARGETS_AT_LEAST = 3


def gap_targets(labels: Sequence[str], at_least: int = TARGETS_AT_LEAST) -> list[int]:
    """Which of the best vacancies (their match labels, best first) the advice works towards: those that
    match at least "partial" (sedang), or the first ``at_least`` when fewer do. A weak match's units are
    not a gap worth training for: a barista's list of missing units held poultry and garment units
    from the weak end of his top 10."""
    good = [i for i, label in enumerate(labels) if label in ("strong", "partial")]
    return good if len(good) >= at_least else list(range(min(at_least, len(labels))))


def _codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Normalised, de-duplicated codes in first-seen order."""
    return tuple(dict.fromkeys(normalise_code(c) for c in codes if c and c.strip()))


def scheme_text(title: str, unit_titles: Sequence[str]) -> str:
    """What a scheme is about, for the fit: its title and its units' titles."""
    return ". ".join([title, *[t for t in unit_titles if t]])


def scheme_fit(
    schemes: np.ndarray, person: np.ndarray, targets: np.ndarray, target_weights: np.ndarray | None = None
) -> np.ndarray:
    """Fit of each scheme (rows of L2-normalised ``schemes``) to a person: ``PERSON_SHARE`` x cosine
    with the person's document + the rest x the (weighted) mean cosine with the target vacancies'
    documents. Without targets, the person alone."""
    own = schemes @ person
    if not len(targets):
        return np.asarray(own, dtype=np.float64)
    w = np.ones(len(targets)) if target_weights is None else np.asarray(target_weights, dtype=np.float64)
    towards = (schemes @ targets.T) @ (w / w.sum())
    return np.asarray(PERSON_SHARE * own + (1 - PERSON_SHARE) * towards, dtype=np.float64)


def analyse_gaps(
    held_units: Iterable[str],
    targets: Mapping[str, Sequence[str]],
    catalogue: Mapping[str, Sequence[str]],
    *,
    fit: Mapping[str, float] | None = None,
    unit_titles: Mapping[str, str] | None = None,
    vacancy_titles: Mapping[str, str] | None = None,
    scheme_titles: Mapping[str, str] | None = None,
    own_trade: bool = True,
) -> GapReport:
    """Missing units for ``targets`` and the schemes of ``catalogue`` ranked by fit, then by use.

    ``held_units``: unit codes the candidate is certified in (valid certificates; the caller
    decides whether expired ones count). ``targets``: vacancy id -> required unit codes.
    ``catalogue``: scheme code -> unit codes. ``fit``: scheme code -> ``scheme_fit`` (absent: all
    schemes fit equally, so use alone decides). Titles are only carried for display.

    Order: schemes fitting the person's trade and targets (within ``FIT_BAND`` of the best fit)
    first, then by how many more target vacancies would be fully covered after taking the scheme,
    then by how many missing units it covers, then by fewest extra units (less training for
    nothing), then by fit, then by code. "Fitting" is measured against the best fit of the whole
    catalogue, so an unrelated scheme is not called fitting because nothing better covers a missing
    unit. Schemes that cover no missing unit are left out, except, when ``fit`` is known and
    ``own_trade``, a fitting scheme whose units the person does not all hold: certification in their
    own trade (a barista whose barista vacancies ask no unit was otherwise advised office work only).
    """
    fit = fit or {}
    unit_titles = {normalise_code(c): t for c, t in (unit_titles or {}).items()}
    vacancy_titles = vacancy_titles or {}
    scheme_titles = scheme_titles or {}
    held = set(_codes(held_units))
    gaps = []
    demand: dict[str, int] = {}
    for vacancy_id, required in targets.items():
        req = _codes(required)
        missing = tuple(c for c in req if c not in held)
        for code in missing:
            demand[code] = demand.get(code, 0) + 1
        gaps.append(TargetGap(vacancy_id, req, missing, vacancy_titles.get(vacancy_id, "")))
    missing_units = tuple(sorted(demand, key=lambda c: (-demand[c], c)))
    needed = set(missing_units) | {c for g in gaps for c in g.required}

    best_fit = max((fit.get(s, 0.0) for s in catalogue), default=0.0)
    useful = []
    for scheme, units in catalogue.items():
        codes = _codes(units)
        unit_set = set(codes)
        brings = tuple(c for c in missing_units if c in unit_set)
        trade = own_trade and bool(fit) and best_fit - fit.get(scheme, 0.0) <= FIT_BAND and not unit_set <= held
        if brings or trade:
            useful.append((scheme, codes, unit_set, brings))
    options = []
    for scheme, codes, unit_set, brings in useful:
        completed = tuple(g.vacancy_id for g in gaps if g.missing and set(g.missing) <= unit_set)
        helped = tuple(g.vacancy_id for g in gaps if set(g.missing) & unit_set)
        extra = tuple(c for c in codes if c not in held and c not in needed)
        f = float(fit.get(scheme, 0.0))
        options.append(
            SchemeOption(
                scheme, codes, brings, extra, completed,
                fit=round(f, 4) if math.isfinite(f) else 0.0,
                fits_trade=best_fit - f <= FIT_BAND,
                title=scheme_titles.get(scheme, ""),
                covers_titles=tuple(unit_titles.get(c, "") for c in brings),
                completed_titles=tuple(vacancy_titles.get(v, "") for v in completed),
                vacancies_helped=helped,
            )
        )  # fmt: skip
    options.sort(
        key=lambda o: (
            not o.fits_trade,
            -len(o.vacancies_completed),
            -len(o.covers_missing),
            len(o.extra_units),
            -o.fit,
            o.scheme,
        )
    )
    return GapReport(tuple(gaps), missing_units, tuple(options), unit_titles)

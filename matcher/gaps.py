"""Gap analysis: which units a candidate lacks for target vacancies, and which
certification schemes would close the gap best.

Pure set arithmetic over unit codes; the caller chooses the targets (one vacancy,
or the top vacancies in the candidate's home province) and supplies the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from matcher.documents import normalise_code


@dataclass(frozen=True, slots=True)
class TargetGap:
    """What one target vacancy asks that the candidate does not hold."""

    vacancy_id: str
    required: tuple[str, ...]
    missing: tuple[str, ...]

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


@dataclass(frozen=True, slots=True)
class GapReport:
    targets: tuple[TargetGap, ...]
    missing_units: tuple[str, ...]  # union over targets, most requested first
    schemes: tuple[SchemeOption, ...]  # best first


def _codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Normalised, de-duplicated codes in first-seen order."""
    return tuple(dict.fromkeys(normalise_code(c) for c in codes if c and c.strip()))


def analyse_gaps(
    held_units: Iterable[str],
    targets: Mapping[str, Sequence[str]],
    catalogue: Mapping[str, Sequence[str]],
) -> GapReport:
    """Missing units for ``targets`` and the schemes of ``catalogue`` ranked by use.

    ``held_units``: unit codes the candidate is certified in (valid certificates;
    the caller decides whether expired ones count). ``targets``: vacancy id ->
    required unit codes. ``catalogue``: scheme code/title -> unit codes.

    Schemes are ranked by how many more target vacancies would be fully covered
    after taking the scheme, then by how many missing units it covers, then by
    fewest extra units (less training for nothing), then by name. Schemes that
    cover no missing unit are left out.
    """
    held = set(_codes(held_units))
    gaps = []
    demand: dict[str, int] = {}
    for vacancy_id, required in targets.items():
        req = _codes(required)
        missing = tuple(c for c in req if c not in held)
        for code in missing:
            demand[code] = demand.get(code, 0) + 1
        gaps.append(TargetGap(vacancy_id, req, missing))
    missing_units = tuple(sorted(demand, key=lambda c: (-demand[c], c)))
    needed = set(missing_units) | {c for g in gaps for c in g.required}

    options = []
    for scheme, units in catalogue.items():
        codes = _codes(units)
        unit_set = set(codes)
        brings = tuple(c for c in missing_units if c in unit_set)
        if not brings:
            continue
        completed = tuple(g.vacancy_id for g in gaps if g.missing and set(g.missing) <= unit_set)
        extra = tuple(c for c in codes if c not in held and c not in needed)
        options.append(SchemeOption(scheme, codes, brings, extra, completed))
    options.sort(key=lambda o: (-len(o.vacancies_completed), -len(o.covers_missing), len(o.extra_units), o.scheme))
    return GapReport(tuple(gaps), missing_units, tuple(options))

"""Ranking fairness audit: exposure of groups in employer results, and a check that
protected attributes cannot change a ranking.

Exposure of a person = sum over the audited vacancies of ``1 / log2(1 + rank)`` for
each result list (top ``k``) they appear in (position-discounted, as in DCG: first
place counts 1, tenth 0.29). Group exposure = mean exposure of the group's members in
the audited population (consenting, indexed, not erased). A group is **flagged** when
its mean exposure is below ``THRESHOLD`` (0.8, the "four-fifths rule" of adverse-impact
analysis) times the best-exposed group of the same attribute, among groups with at least
``MIN_GROUP`` members. A flag is a prompt for a human look, not proof of bias: exposure
also follows legitimate facts (certificates held, release date before the vacancy starts,
the regions where vacancies are open).

Protected attributes (gender, birth year/age, facility) are not part of the candidate
document the ranking sees; ``invariance`` proves it on real data by re-building every
document from records whose protected attributes were changed and re-ranking.

Everything here is pure; ``api/stats/fairness.py`` reads the people and vacancies, ranks
them with the service's matcher and assembles the ``FairnessReport``.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from matcher.documents import CandidateDoc, VacancyDoc
from matcher.ports import Embedder
from matcher.profiles import candidate_doc
from matcher.rerank import candidates_for_vacancy
from models.records import CertificateView, Inmate

THRESHOLD = 0.8
MIN_GROUP = 20
ATTRIBUTES = ("facility", "province", "gender", "age_band")


def position_weight(rank: int) -> float:
    """DCG discount of a 1-based rank."""
    if rank < 1:
        raise ValueError("ranks start at 1")
    return 1.0 / math.log2(1 + rank)


def age_band(birth_year: int, today: date) -> str:
    age = today.year - birth_year
    if age < 25:
        return "<25"
    if age < 35:
        return "25-34"
    if age < 45:
        return "35-44"
    if age < 55:
        return "45-54"
    return "55+"


def exposure(results: Sequence[Sequence[str]]) -> dict[str, tuple[float, int]]:
    """Person id -> (position-discounted exposure, number of lists appeared in)."""
    out: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for ranked in results:
        for rank, pid in enumerate(ranked, start=1):
            out[pid][0] += position_weight(rank)
            out[pid][1] += 1
    return {pid: (v[0], int(v[1])) for pid, v in out.items()}


@dataclass(frozen=True)
class GroupExposure:
    attribute: str
    group: str
    members: int
    mean_exposure: float
    appearance_rate: float  # share of members in at least one result list
    ratio: float  # mean exposure / best group's mean exposure (same attribute)
    flagged: bool


def group_exposure(
    population: Mapping[str, Mapping[str, str]],
    results: Sequence[Sequence[str]],
    *,
    threshold: float = THRESHOLD,
    min_group: int = MIN_GROUP,
) -> list[GroupExposure]:
    """Exposure per group for each attribute of ``population`` (person id -> {attribute: group}).

    People in results but not in the population are ignored; population members who
    never appear count with zero exposure.
    """
    exp = exposure(results)
    attributes = sorted({a for attrs in population.values() for a in attrs})
    out: list[GroupExposure] = []
    for attribute in attributes:
        groups: dict[str, list[str]] = defaultdict(list)
        for pid, attrs in population.items():
            groups[attrs.get(attribute, "?")].append(pid)
        means = {g: sum(exp.get(p, (0.0, 0))[0] for p in ids) / len(ids) for g, ids in groups.items()}
        eligible = [g for g, ids in groups.items() if len(ids) >= min_group]
        best = max((means[g] for g in eligible), default=0.0)
        for g in sorted(groups):
            ids = groups[g]
            ratio = means[g] / best if best > 0 else 1.0
            out.append(
                GroupExposure(
                    attribute=attribute,
                    group=g,
                    members=len(ids),
                    mean_exposure=round(means[g], 4),
                    appearance_rate=round(sum(1 for p in ids if p in exp) / len(ids), 4),
                    ratio=round(ratio, 4),
                    flagged=len(ids) >= min_group and ratio < threshold,
                )
            )
    return out


def counterfactual(inmate: Inmate, facility_id: int) -> Inmate:
    """The same person with every protected attribute changed."""
    return replace(
        inmate,
        gender="P" if inmate.gender == "L" else "L",
        birth_year=inmate.birth_year - 17 if inmate.birth_year > 1950 else inmate.birth_year + 17,
        facility_id=facility_id,
        full_name="Nama Lain",
    )


@dataclass(frozen=True)
class InvarianceCheck:
    vacancies: int
    candidates: int
    documents_changed: int
    rankings_changed: int

    @property
    def passed(self) -> bool:
        return self.documents_changed == 0 and self.rankings_changed == 0


def invariance(
    vacancies: Sequence[VacancyDoc],
    inmates: Sequence[Inmate],
    certificates: Mapping[int, Sequence[CertificateView]],
    embedder: Embedder,
    as_of: date,
    *,
    other_facility: Callable[[Inmate], int],
    top: int = 20,
) -> InvarianceCheck:
    """Rank every vacancy over the same pool twice: from the records as they are and from
    records whose gender, birth year, facility and name were changed; count differences."""
    docs = [candidate_doc(i, certificates.get(i.id, ()), as_of) for i in inmates]
    alt = [candidate_doc(counterfactual(i, other_facility(i)), certificates.get(i.id, ()), as_of) for i in inmates]
    changed_docs = sum(1 for a, b in zip(docs, alt, strict=True) if a != b)
    changed_rankings = 0
    for vacancy in vacancies:
        first = [r.id for r in candidates_for_vacancy(vacancy, docs, embedder, as_of=as_of, top=top)]
        second = [r.id for r in candidates_for_vacancy(vacancy, alt, embedder, as_of=as_of, top=top)]
        changed_rankings += first != second
    return InvarianceCheck(len(vacancies), len(inmates), changed_docs, changed_rankings)


@dataclass(frozen=True)
class FairnessReport:
    as_of: date
    k: int
    vacancies: int
    population: int
    threshold: float
    min_group: int
    groups: tuple[GroupExposure, ...]
    invariance: InvarianceCheck
    notes: tuple[str, ...] = field(default=())

    @property
    def flags(self) -> tuple[GroupExposure, ...]:
        return tuple(g for g in self.groups if g.flagged)

    def to_json(self) -> str:
        body: dict[str, Any] = asdict(self)
        body["as_of"] = self.as_of.isoformat()
        body["flags"] = [asdict(g) for g in self.flags]
        body["invariance"]["passed"] = self.invariance.passed
        return json.dumps(body, indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        lines = [
            f"Fairness report {self.as_of.isoformat()}: top {self.k} of {self.vacancies} open vacancies, "
            f"population {self.population} consenting indexed people",
            f"Exposure = sum of 1/log2(1+rank); flagged when < {self.threshold:.2f} x best group "
            f"(groups of >= {self.min_group})",
        ]
        for attribute in ATTRIBUTES:
            rows = [g for g in self.groups if g.attribute == attribute]
            if not rows:
                continue
            lines.append(f"\n{attribute}:")
            lines.append(f"  {'group':<32} {'members':>7} {'exposure':>9} {'appears':>8} {'ratio':>6}")
            for g in rows:
                mark = "  << GAP" if g.flagged else ""
                lines.append(
                    f"  {g.group[:32]:<32} {g.members:>7} {g.mean_exposure:>9.3f} "
                    f"{g.appearance_rate:>8.1%} {g.ratio:>6.2f}{mark}"
                )
        inv = self.invariance
        lines.append(
            f"\nprotected attributes (gender, birth year, facility, name) changed for {inv.candidates} people "
            f"over {inv.vacancies} vacancies: {inv.documents_changed} candidate documents and "
            f"{inv.rankings_changed} rankings changed -> {'PASS' if inv.passed else 'FAIL'}"
        )
        lines.append(f"flags: {len(self.flags)}")
        lines.extend(self.notes)
        return "\n".join(lines) + "\n"


def population(people: Sequence[Inmate], facility_names: Mapping[int, str], today: date) -> dict[str, dict[str, str]]:
    """Person id -> {attribute: group} for the audited people (``ATTRIBUTES``); a facility
    without a name is shown by its id."""
    return {
        str(i.id): {
            "facility": facility_names.get(i.facility_id, str(i.facility_id)),
            "province": i.domicile_province_code or "?",
            "gender": i.gender,
            "age_band": age_band(i.birth_year, today),
        }
        for i in people
    }


def doc_fields(doc: CandidateDoc) -> tuple[str, ...]:
    """The fields a candidate document carries (for the record: no protected attribute)."""
    return tuple(doc.__dataclass_fields__)

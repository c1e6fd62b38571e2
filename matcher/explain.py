"""Why a candidate was ranked where they were: structured, then in Bahasa Indonesia.

``explain_pair`` returns plain data for the API (each requirement with the unit,
skill or experience line that answers it best and how strongly, required units
covered/missing, availability and place); ``render_id`` turns it into short
Indonesian sentences for the web pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.documents import EXPIRED_WEIGHT, CandidateDoc, VacancyDoc, certified_codes, normalise_code
from matcher.features import EmbeddedDocs, PairFeatures, km_apart, normalise_region

# Cosine thresholds for the words "strong"/"partial". Calibrated by eye on the
# default model (USE multilingual v3: paraphrases across languages ~0.6-0.8,
# unrelated trades ~0.1-0.3); another model may need other values.
STRONG = 0.6
PARTIAL = 0.4


@dataclass(frozen=True, slots=True)
class RequirementMatch:
    """One vacancy requirement (or the title) and the candidate item closest to it."""

    requirement: str
    requirement_kind: str  # "requirement" | "title"
    item: str | None  # None when the candidate has nothing to compare
    item_kind: str | None  # "unit" | "scheme" | "skill" | "experience"
    unit_code: str | None
    similarity: float  # weighted cosine (expired certificate items count less)
    strength: str  # "strong" | "partial" | "weak"


@dataclass(frozen=True, slots=True)
class Explanation:
    vacancy_id: str
    candidate_id: str
    score: float  # calibrated 0-100: the same for this pair in every view, filter and page
    matches: tuple[RequirementMatch, ...]
    units_covered: tuple[str, ...]  # required units on a valid certificate
    units_expired: tuple[str, ...]  # required units only on an expired certificate
    units_missing: tuple[str, ...]
    available: bool | None  # None: a date is unknown
    available_from: date | None
    start_date: date | None
    same_region: bool | None  # None: a region is unknown
    candidate_region: str | None
    vacancy_region: str | None
    features: dict[str, float]
    label: str = ""  # "strong" | "partial" | "weak" by ``score`` (kuat/sedang/lemah); "" unknown
    distance_km: float | None = None  # seat to seat, when both are known and the regencies differ


def strength_of(similarity: float) -> str:
    if similarity >= STRONG:
        return "strong"
    if similarity >= PARTIAL:
        return "partial"
    return "weak"


def requirement_matches(
    vac: EmbeddedDocs, vi: int, cand: EmbeddedDocs, ci: int, item_sim: np.ndarray | None = None
) -> tuple[RequirementMatch, ...]:
    """Best candidate item for each item of vacancy ``vi`` (same weighting as the feature);
    ``item_sim``: the batch's weighted item cosines when the features kept them."""
    v_items = vac.item_lists[vi]
    c_items = cand.item_lists[ci]
    if not c_items:
        return tuple(RequirementMatch(r.text, r.kind, None, None, None, 0.0, "weak") for r in v_items)
    lo, hi = cand.offsets[ci], cand.offsets[ci + 1]
    if item_sim is not None:
        sim = item_sim[vac.offsets[vi] : vac.offsets[vi + 1], lo:hi]
    else:
        sim = np.clip(vac.item_vectors(vi) @ cand.items[lo:hi].T, 0.0, None) * cand.item_weights[lo:hi][None, :]
    best = sim.argmax(axis=1)
    values = sim[np.arange(len(best)), best].tolist()  # plain floats: no numpy scalar per requirement
    out = []
    for r, item_index, value in zip(v_items, best.tolist(), values, strict=True):
        item = c_items[item_index]
        out.append(
            RequirementMatch(r.text, r.kind, item.text, item.kind, item.code, round(value, 3), strength_of(value))
        )
    return tuple(out)


def explain_pair(
    vacancy: VacancyDoc,
    candidate: CandidateDoc,
    vac: EmbeddedDocs,
    vi: int,
    cand: EmbeddedDocs,
    ci: int,
    features: PairFeatures,
    score: float,
    as_of: date,
    label: str = "",
) -> Explanation:
    """Structured explanation of one ranked pair (``vi``/``ci`` index the embedded batches)."""
    codes = certified_codes(candidate, as_of)
    covered: list[str] = []
    expired: list[str] = []
    missing: list[str] = []
    for code in vacancy.required_units:
        credit = codes.get(normalise_code(code), 0.0)
        (covered if credit >= 1.0 else expired if credit >= EXPIRED_WEIGHT else missing).append(code)
    if vacancy.start_date is None or candidate.available_from is None:
        available = None
    else:
        available = candidate.available_from <= vacancy.start_date
    v_region, c_region = normalise_region(vacancy.region), normalise_region(candidate.region)
    same_region = None if v_region is None or c_region is None else v_region == c_region
    distance = None
    if same_region is False and vacancy.point is not None and candidate.point is not None:
        km = km_apart(vacancy.point, candidate.point)
        # two regencies that share one point (DKI Jakarta's cities) are near, but not 0 km apart
        distance = round(km, 1) if km >= 0.5 else None
    pair_values = features.values[:, vi, ci].tolist()
    return Explanation(
        vacancy_id=vacancy.id,
        candidate_id=candidate.id,
        score=round(score, 4),
        matches=requirement_matches(vac, vi, cand, ci, features.item_sim),
        units_covered=tuple(covered),
        units_expired=tuple(expired),
        units_missing=tuple(missing),
        available=available,
        available_from=candidate.available_from,
        start_date=vacancy.start_date,
        same_region=same_region,
        candidate_region=candidate.region,
        vacancy_region=vacancy.region,
        features={name: round(v, 4) for name, v in zip(features.names, pair_values, strict=True)},
        label=label,
        distance_km=distance,
    )


# ---------------------------------------------------------------------------
# Bahasa Indonesia

_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
_ITEM_KIND = {
    "unit": "unit kompetensi bersertifikat",
    "scheme": "skema sertifikasi",
    "skill": "keterampilan",
    "experience": "pengalaman kerja",
}
_STRENGTH = {"strong": "kuat", "partial": "sedang", "weak": "lemah"}


def tanggal(day: date) -> str:
    """A date the Indonesian way: ``4 Juni 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _codes(codes: tuple[str, ...]) -> str:
    return ", ".join(codes)


@dataclass(frozen=True)
class _Words:
    """One language's sentences of an explanation (``str.format`` templates)."""

    overall: str
    not_met_empty: str
    not_met: str
    matches: str
    title: str
    requirement: str
    kinds: Mapping[str, str]
    profile: str
    strength: Mapping[str, str]
    holds: str
    expired: str
    missing: str
    available: str
    late: str
    unknown_dates: str
    same_area: str
    distance: str
    elsewhere: str
    day: Callable[[date], str]
    number: Callable[[float], str]


_ID = _Words(
    overall="Kecocokan keseluruhan {label} (skor {score:.0f} dari 100).",
    not_met_empty="{subject} “{req}” belum terpenuhi: profil belum berisi keterampilan.",
    not_met="{subject} “{req}” belum terpenuhi. Paling dekat: {what} “{item}” ({sim}).",
    matches="{subject} “{req}” cocok dengan {what} “{item}” (kecocokan {strength}, {sim}).",
    title="Jabatan", requirement="Persyaratan", kinds=_ITEM_KIND, profile="profil", strength=_STRENGTH,
    holds="Memiliki {held} dari {total} unit kompetensi yang diminta{codes}.",
    expired="Sertifikat untuk unit {codes} sudah kedaluwarsa.",
    missing="Belum memiliki unit {codes}.",
    available="Tersedia mulai {free}, sebelum tanggal mulai kerja {start}.",
    late="Baru tersedia {free}, setelah tanggal mulai kerja {start}.",
    unknown_dates="Tanggal ketersediaan atau tanggal mulai kerja belum diketahui.",
    same_area="Berdomisili di wilayah lowongan ({c}).",
    distance="Domisili {km:.0f} km dari lokasi lowongan ({v}).",
    elsewhere="Berdomisili di {c}, lowongan di {v}.",
    day=tanggal, number=_number,
)  # fmt: skip


def render_id(explanation: Explanation, places: Mapping[str, str] | None = None) -> list[str]:
    """Short Indonesian sentences, most useful first; ``places`` maps region codes to names."""
    return _render(explanation, places or {}, _ID)


def _render(explanation: Explanation, names: Mapping[str, str], w: _Words) -> list[str]:
    lines: list[str] = []
    if explanation.label:
        lines.append(w.overall.format(label=w.strength[explanation.label], score=explanation.score))
    for m in explanation.matches:
        subject = w.title if m.requirement_kind == "title" else w.requirement
        if m.item is None:
            lines.append(w.not_met_empty.format(subject=subject, req=m.requirement))
            continue
        what = w.kinds.get(m.item_kind or "", w.profile) + (f" {m.unit_code}" if m.unit_code else "")
        template = w.not_met if m.strength == "weak" else w.matches
        lines.append(template.format(subject=subject, req=m.requirement, what=what, item=m.item,
                                     strength=w.strength[m.strength], sim=w.number(m.similarity)))  # fmt: skip
    total = len(explanation.units_covered) + len(explanation.units_expired) + len(explanation.units_missing)
    if total:
        held = f" ({_codes(explanation.units_covered)})" if explanation.units_covered else ""
        lines.append(w.holds.format(held=len(explanation.units_covered), total=total, codes=held))
        if explanation.units_expired:
            lines.append(w.expired.format(codes=_codes(explanation.units_expired)))
        if explanation.units_missing:
            lines.append(w.missing.format(codes=_codes(explanation.units_missing)))
    free, start = explanation.available_from, explanation.start_date
    if explanation.available is not None and free and start:
        template = w.available if explanation.available else w.late
        lines.append(template.format(free=w.day(free), start=w.day(start)))
    else:
        lines.append(w.unknown_dates)
    c_region = names.get(explanation.candidate_region or "", explanation.candidate_region)
    v_region = names.get(explanation.vacancy_region or "", explanation.vacancy_region)
    if explanation.same_region is True:
        lines.append(w.same_area.format(c=c_region))
    elif explanation.same_region is False and explanation.distance_km is not None:
        lines.append(w.distance.format(km=explanation.distance_km, v=v_region))
    elif explanation.same_region is False:
        lines.append(w.elsewhere.format(c=c_region, v=v_region))
    return lines


# ---------------------------------------------------------------------------
# English (the pages' language switch)

_ITEM_KIND_EN = {
    "unit": "certified competency unit",
    "scheme": "certification scheme",
    "skill": "skill",
    "experience": "work experience",
}
_STRENGTH_EN = {"strong": "strong", "partial": "medium", "weak": "weak"}


_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date_en(day: date) -> str:
    """A date the English way, whatever the process locale: ``4 June 2026``."""
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


_EN = _Words(
    overall="Overall match {label} (score {score:.0f} of 100).",
    not_met_empty="{subject} “{req}” not met: the profile lists no skills yet.",
    not_met="{subject} “{req}” not met. Closest: {what} “{item}” ({sim}).",
    matches="{subject} “{req}” matches {what} “{item}” ({strength} match, {sim}).",
    title="Job title", requirement="Requirement", kinds=_ITEM_KIND_EN, profile="profile", strength=_STRENGTH_EN,
    holds="Holds {held} of the {total} competency units asked for{codes}.",
    expired="The certificate for units {codes} has expired.",
    missing="Does not hold units {codes} yet.",
    available="Available from {free}, before the job's start on {start}.",
    late="Available only from {free}, after the job's start on {start}.",
    unknown_dates="The availability date or the job's start date is not known.",
    same_area="Lives in the vacancy's area ({c}).",
    distance="Lives {km:.0f} km from the vacancy ({v}).",
    elsewhere="Lives in {c}; the vacancy is in {v}.",
    day=date_en, number=lambda value: f"{value:.2f}",
)  # fmt: skip


def render_en(explanation: Explanation, places: Mapping[str, str] | None = None) -> list[str]:
    """The sentences of ``render_id``, in English."""
    return _render(explanation, places or {}, _EN)


def render(explanation: Explanation, places: Mapping[str, str] | None = None, lang: str = "id") -> list[str]:
    """The explanation in the page's language (``id`` or ``en``)."""
    return render_en(explanation, places) if lang == "en" else render_id(explanation, places)

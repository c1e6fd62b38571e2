"""Candidate and vacancy documents: the offline record format and the texts we embed.

Records are parsed from the JSONL lines of DESIGN.md §5 into frozen dataclasses.
Parsing is strict about types (a wrong type is a clear ``DocumentError`` naming the
line and field) and lenient about absence (every field but ``id``, and ``title`` for
vacancies, is optional). From a record we build

* one *document text* per candidate / vacancy, embedded and matched as a whole, and
* a list of *items* (each certified unit, each skill, each experience line; each
  requirement and the title) used to align requirements one by one.

Certificate validity is judged on a date passed in by the caller (no clock read here).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from matcher.errors import DocumentError

# Weight of an item from an expired certificate relative to a valid one. An expired
# certificate still shows the person once had the competence, so it counts, but a
# current one is what an employer can verify.
EXPIRED_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Unit:
    """One SKKNI competency unit on a certificate (code may be unknown)."""

    code: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Certificate:
    """A competency certificate: scheme name, certified units, end of validity."""

    scheme: str
    units: tuple[Unit, ...] = ()
    valid_until: date | None = None

    def is_valid_on(self, day: date) -> bool:
        """True when the certificate has no recorded end or ends on/after ``day``."""
        return self.valid_until is None or self.valid_until >= day


@dataclass(frozen=True, slots=True)
class CandidateDoc:
    """A candidate as the matcher sees it (no name, no offence, no facility)."""

    id: str
    skills: tuple[str, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    experience: tuple[str, ...] = ()
    education: str | None = None
    region: str | None = None
    available_from: date | None = None
    # (latitude, longitude) of the region's seat, when known (the service sets it from the
    # regency table; the offline format has none): place is then measured in kilometres.
    point: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class VacancyDoc:
    """A vacancy as the matcher sees it."""

    id: str
    title: str
    description: str = ""
    requirements: tuple[str, ...] = ()
    required_units: tuple[str, ...] = ()
    region: str | None = None
    start_date: date | None = None
    point: tuple[float, float] | None = None  # (latitude, longitude) of the region's seat, when known


@dataclass(frozen=True, slots=True)
class Item:
    """A short text aligned on its own: a unit, skill, experience line or requirement.

    ``weight`` scales its similarities (expired certificate units weigh less);
    ``kind`` and ``code`` feed the explanations.
    """

    text: str
    kind: str
    weight: float = 1.0
    code: str | None = None


# ---------------------------------------------------------------------------
# parsing


def _opt_str(obj: Mapping[str, Any], key: str, line: int | None, prefix: str = "") -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DocumentError(f"expected a string or null, got {type(value).__name__}", line=line, field=prefix + key)
    return value.strip() or None


def _str_list(obj: Mapping[str, Any], key: str, line: int | None) -> tuple[str, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DocumentError(f"expected a list of strings, got {type(value).__name__}", line=line, field=key)
    out = []
    for i, entry in enumerate(value):
        if not isinstance(entry, str):
            raise DocumentError(f"expected a string, got {type(entry).__name__}", line=line, field=f"{key}[{i}]")
        if entry.strip():
            out.append(entry.strip())
    return tuple(out)


def _opt_date(obj: Mapping[str, Any], key: str, line: int | None, prefix: str = "") -> date | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DocumentError(
            f"expected a date YYYY-MM-DD or null, got {type(value).__name__}", line=line, field=prefix + key
        )
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise DocumentError(f"not a date YYYY-MM-DD: {value!r}", line=line, field=prefix + key) from None


def _id(obj: Mapping[str, Any], line: int | None) -> str:
    value = obj.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DocumentError("missing or not a string", line=line, field="id")
    text = str(value).strip()
    if not text:
        raise DocumentError("must not be empty", line=line, field="id")
    return text


def _object(raw: Any, line: int | None) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise DocumentError(f"expected a JSON object, got {type(raw).__name__}", line=line)
    return raw


def parse_candidate(raw: Any, line: int | None = None) -> CandidateDoc:
    """Build a ``CandidateDoc`` from one decoded JSON object, validating types."""
    obj = _object(raw, line)
    certs_raw = obj.get("certificates")
    if certs_raw is None:
        certs_raw = []
    if not isinstance(certs_raw, list):
        raise DocumentError("expected a list of certificates", line=line, field="certificates")
    certificates = []
    for i, cert in enumerate(certs_raw):
        prefix = f"certificates[{i}]."
        if not isinstance(cert, dict):
            raise DocumentError("expected an object", line=line, field=f"certificates[{i}]")
        units_raw = cert.get("units")
        if units_raw is None:
            units_raw = []
        if not isinstance(units_raw, list):
            raise DocumentError("expected a list of units", line=line, field=prefix + "units")
        units = []
        for j, unit in enumerate(units_raw):
            uprefix = f"{prefix}units[{j}]."
            if not isinstance(unit, dict):
                raise DocumentError("expected an object", line=line, field=f"{prefix}units[{j}]")
            title = _opt_str(unit, "title", line, uprefix) or ""
            code = _opt_str(unit, "code", line, uprefix)
            if title or code:
                units.append(Unit(code=code, title=title))
        certificates.append(
            Certificate(
                scheme=_opt_str(cert, "scheme", line, prefix) or "",
                units=tuple(units),
                valid_until=_opt_date(cert, "valid_until", line, prefix),
            )
        )
    return CandidateDoc(
        id=_id(obj, line),
        skills=_str_list(obj, "skills", line),
        certificates=tuple(certificates),
        experience=_str_list(obj, "experience", line),
        education=_opt_str(obj, "education", line),
        region=_opt_str(obj, "region", line),
        available_from=_opt_date(obj, "available_from", line),
    )


def parse_vacancy(raw: Any, line: int | None = None) -> VacancyDoc:
    """Build a ``VacancyDoc`` from one decoded JSON object, validating types."""
    obj = _object(raw, line)
    title = _opt_str(obj, "title", line)
    if not title:
        raise DocumentError("missing or empty", line=line, field="title")
    return VacancyDoc(
        id=_id(obj, line),
        title=title,
        description=_opt_str(obj, "description", line) or "",
        requirements=_str_list(obj, "requirements", line),
        required_units=_str_list(obj, "required_units", line),
        region=_opt_str(obj, "region", line),
        start_date=_opt_date(obj, "start_date", line),
    )


T = TypeVar("T", CandidateDoc, VacancyDoc)


def iter_jsonl(path: str | Path, parse: Callable[[Any, int | None], T]) -> Iterator[T]:
    """Stream records from a JSONL file; blank lines are skipped, ids must be unique."""
    seen: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                raise DocumentError(f"invalid JSON: {exc.msg} (column {exc.colno})", line=number) from None
            record = parse(raw, number)
            if record.id in seen:
                raise DocumentError(f"duplicate id {record.id!r}", line=number, field="id")
            seen.add(record.id)
            yield record


def read_candidates(path: str | Path) -> list[CandidateDoc]:
    """All candidates of a JSONL file (DESIGN.md §5 format)."""
    return list(iter_jsonl(path, parse_candidate))


def read_vacancies(path: str | Path) -> list[VacancyDoc]:
    """All vacancies of a JSONL file (DESIGN.md §5 format)."""
    return list(iter_jsonl(path, parse_vacancy))


# ---------------------------------------------------------------------------
# texts and items


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?;:" else text + "."


def _certificate_text(cert: Certificate) -> str:
    parts = [cert.scheme] if cert.scheme else []
    parts.extend(u.title for u in cert.units if u.title)
    return " ".join(_sentence(p) for p in parts)


def candidate_text(candidate: CandidateDoc, as_of: date) -> str:
    """The whole-profile text that is embedded and matched lexically.

    Valid certificates come first (certified competence is the strongest evidence
    and the embedding of a long text leans towards its beginning), then skills and
    experience, then expired certificates, then education (least specific).
    Nothing is repeated: repeating certificates also amplifies unrelated ones a
    person happens to hold, which measurably blurred the profile.
    """
    valid = [c for c in candidate.certificates if c.is_valid_on(as_of)]
    expired = [c for c in candidate.certificates if not c.is_valid_on(as_of)]
    parts = [_certificate_text(c) for c in valid]
    parts.extend(_sentence(s) for s in candidate.skills)
    parts.extend(_sentence(e) for e in candidate.experience)
    parts.extend(_certificate_text(c) for c in expired)
    if candidate.education:
        parts.append(_sentence(candidate.education))
    return " ".join(p for p in parts if p)


def vacancy_text(vacancy: VacancyDoc) -> str:
    """The whole-vacancy text: title, requirements, then the free description.

    The description is last because it often carries boilerplate (pay, insurance,
    fair-chance notes) that says little about the work itself.
    """
    parts = [_sentence(vacancy.title)]
    parts.extend(_sentence(r) for r in vacancy.requirements)
    if vacancy.description:
        parts.append(_sentence(vacancy.description))
    return " ".join(parts)


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
# Shorter pieces of a split line are dropped ("dll.", initials), not made items.
MIN_SENTENCE = 3


def sentences(text: str) -> list[str]:
    """The sentences of a line of free text (split after ``.!?;``), stripped; the line itself
    when it has one sentence. Work history written as prose ("5 tahun sebagai operator.
    Sehari-hari saya ...") then answers requirements sentence by sentence, as a skill list does."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    parts = [p for p in parts if len(p.strip(" .!?;")) >= MIN_SENTENCE]
    return parts if len(parts) > 1 else [text]


def candidate_items(candidate: CandidateDoc, as_of: date) -> list[Item]:
    """Short texts that can answer a requirement: certified units, skills, experience.

    Certified units carry ``EXPIRED_WEIGHT`` when their certificate has ended;
    a certificate without unit titles contributes its scheme name instead. A work-history
    line of several sentences gives one item per sentence (``sentences``): a long paragraph
    embedded whole matches no single requirement well.
    """
    items: list[Item] = []
    for cert in candidate.certificates:
        weight = 1.0 if cert.is_valid_on(as_of) else EXPIRED_WEIGHT
        titled = [u for u in cert.units if u.title]
        for unit in titled:
            items.append(Item(unit.title, "unit", weight, unit.code))
        if cert.scheme:
            items.append(Item(cert.scheme, "scheme", weight))
    items.extend(Item(s, "skill") for s in candidate.skills)
    items.extend(Item(part, "experience") for e in candidate.experience for part in sentences(e))
    return items


def vacancy_items(vacancy: VacancyDoc) -> list[Item]:
    """What a candidate must answer: each requirement, and the title.

    The title is an item too, so a vacancy without listed requirements still
    aligns on the occupation it names.
    """
    items = [Item(r, "requirement") for r in vacancy.requirements]
    items.append(Item(vacancy.title, "title"))
    return items


def certified_codes(candidate: CandidateDoc, as_of: date) -> dict[str, float]:
    """Unit code -> credit (1 if on a valid certificate, ``EXPIRED_WEIGHT`` if only expired)."""
    codes: dict[str, float] = {}
    for cert in candidate.certificates:
        weight = 1.0 if cert.is_valid_on(as_of) else EXPIRED_WEIGHT
        for unit in cert.units:
            if unit.code:
                key = normalise_code(unit.code)
                codes[key] = max(codes.get(key, 0.0), weight)
    return codes


def normalise_code(code: str) -> str:
    """SKKNI codes compared without case or surrounding/embedded spaces."""
    return "".join(code.split()).upper()

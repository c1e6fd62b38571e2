"""Training rules as pure functions: what a programme, class, session or completion needs, and
who may act on which class. No I/O, no clock read: callers pass ``today`` and the records.

Problems are returned as field -> message code (api/training/messages.py), so forms can show each
one next to its field in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

Problems = dict[str, str]

PROVIDER_KINDS = ("blk", "bpvp", "lpk", "lapas_workshop")
PROVIDER_NAMES = {"blk": "BLK", "bpvp": "BPVP", "lpk": "LPK", "lapas_workshop": "Bengkel kerja lapas"}
CLASS_STATUSES = ("open", "running", "finished", "cancelled")
OPEN_STATUSES = frozenset({"open", "running"})
PROGRAMME_AUTHORS = frozenset({"training_staff", "kemnaker_staff"})
ENROLLERS = frozenset({"training_staff", "bapas_officer"})
MAX_HOURS = 2000
MAX_SEATS = 500
MAX_DAYS = 365
BACKDATE_DAYS = 30  # a class already under way may be entered late, up to this many days
# Words that name a correctional facility: a programme title travels to employers with the
# person's trainings (DESIGN §7: never a field from which the facility can be derived).
FACILITY_WORDS = ("lapas", "rutan", "lpka", "bapas", "pemasyarakatan", "penjara", "tahanan", "prison")


@dataclass(frozen=True)
class ProgrammeDraft:
    title: str
    provider_kind: str
    provider_name: str
    hours: int
    description: str
    unit_codes: tuple[str, ...]


@dataclass(frozen=True)
class ClassDraft:
    starts_on: date
    ends_on: date
    seats: int
    instructor_name: str


def _int(raw: str | int | None) -> int | None:
    if isinstance(raw, int):
        return raw
    text = (raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 7 else None


def _date(raw: str | date | None) -> date | None:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


# Words of facility names that say nothing about which facility it is ("Lapas Kelas IIA ...").
_GENERIC = frozenset({*FACILITY_WORDS, "kelas", "i", "ii", "iia", "iib", "iii", "anak", "perempuan", "wanita",
                      "narkotika", "khusus", "terbuka", "lpp", "lpka", "upt", "cabang"})  # fmt: skip


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).split()


def names_facility(title: str, facility_names: Iterable[str]) -> bool:
    """True when ``title`` contains a facility word, a registered facility's name or code, or the
    distinctive part of a facility's name ("Sukamiskin" of "Lapas Kelas I Sukamiskin")."""
    folded = " " + " ".join(_words(title)) + " "
    if any(f" {w} " in folded for w in FACILITY_WORDS):
        return True
    for name in facility_names:
        words = _words(name)
        key = " ".join(words)
        distinctive = " ".join(w for w in words if w not in _GENERIC)
        for phrase in (key, distinctive):
            if len(phrase) >= 4 and f" {phrase} " in folded:
                return True
    return False


def unit_codes(raw: str | Iterable[str]) -> tuple[str, ...]:
    """Unit codes from a form (comma, space or line separated) or a list, de-duplicated in order."""
    parts = re.split(r"[\s,;]+", raw) if isinstance(raw, str) else list(raw)
    return tuple(dict.fromkeys(p.strip().upper() for p in parts if p and p.strip()))


def check_programme(
    *, title: str, provider_kind: str, provider_name: str, hours: str | int | None, description: str,
    units: str | Iterable[str], facility_names: Iterable[str],
) -> tuple[ProgrammeDraft, Problems]:  # fmt: skip
    p: Problems = {}
    clean_title = " ".join((title or "").split())
    if not 3 <= len(clean_title) <= 200:
        p["title"] = "title_required"
    elif names_facility(clean_title, facility_names):
        p["title"] = "title_names_facility"
    kind = (provider_kind or "").strip()
    if kind not in PROVIDER_KINDS:
        p["provider_kind"] = "provider_kind_invalid"
    provider = " ".join((provider_name or "").split())
    if not 2 <= len(provider) <= 200:
        p["provider_name"] = "provider_name_required"
    n = _int(hours)
    if n is None or not 1 <= n <= MAX_HOURS:
        p["hours"] = "hours_invalid"
    text = (description or "").strip()
    if len(text) > 2000:
        p["description"] = "description_too_long"
    draft = ProgrammeDraft(clean_title, kind, provider, n or 0, text, unit_codes(units))
    return draft, p


def check_class(
    *, starts_on: str | date | None, ends_on: str | date | None, seats: str | int | None, instructor_name: str,
    today: date,
) -> tuple[ClassDraft, Problems]:  # fmt: skip
    p: Problems = {}
    start, end = _date(starts_on), _date(ends_on)
    if start is None:
        p["starts_on"] = "starts_on_invalid"
    elif start < today - timedelta(days=BACKDATE_DAYS):
        p["starts_on"] = "starts_on_past"
    if end is None:
        p["ends_on"] = "ends_on_invalid"
    elif start is not None and end < start:
        p["ends_on"] = "ends_before_start"
    elif start is not None and (end - start).days > MAX_DAYS:
        p["ends_on"] = "ends_too_late"
    n = _int(seats)
    if n is None or not 1 <= n <= MAX_SEATS:
        p["seats"] = "seats_invalid"
    instructor = " ".join((instructor_name or "").split())
    if not 2 <= len(instructor) <= 200:
        p["instructor_name"] = "instructor_required"
    draft = ClassDraft(start or today, end or today, n or 0, instructor)
    return draft, p


def session_problem(
    raw: str | date | None, starts_on: date, ends_on: date, today: date
) -> tuple[date | None, str | None]:
    """The session date, or the code of what is wrong with it (outside the class or in the future)."""
    day = _date(raw)
    if day is None:
        return None, "session_invalid"
    if not starts_on <= day <= min(ends_on, today):
        return day, "session_outside"
    return day, None


def may_run_class(role: str, own_facility_id: int | None, class_facility_id: int) -> bool:
    """Attendance, completion and the class roster: the class's own facility's training staff."""
    return role == "training_staff" and own_facility_id is not None and own_facility_id == class_facility_id


def may_enrol(
    role: str, *, own_facility_id: int | None, own_bapas_id: int | None, class_facility_id: int,
    person_facility_id: int, person_bapas_id: int | None,
) -> bool:  # fmt: skip
    """Training staff enrol people held at their own facility into its classes; a Bapas officer
    enrols own clients into a class at the facility where the client is held."""
    if person_facility_id != class_facility_id:
        return False
    if role == "training_staff":
        return own_facility_id is not None and own_facility_id == class_facility_id
    if role == "bapas_officer":
        return own_bapas_id is not None and own_bapas_id == person_bapas_id
    return False


def completion_problem(status: str, sessions_present: int) -> str | None:
    """A participant completes once, from 'enrolled', after being present at least once."""
    if status != "enrolled":
        return "not_open"
    if sessions_present < 1:
        return "no_attendance"
    return None


def best_offers(offers: Collection[tuple[str, int, date, int]], facility_id: int) -> dict[str, int]:
    """Per scheme, the class to advise: (scheme, class id, start, facility) -> the earliest start at
    the person's own facility, then the lowest id. A class in another prison is not advised: a warga
    binaan cannot go there (a client in Makassar was told to take a class in Abepura, Papua)."""
    out: dict[str, tuple[date, int]] = {}
    for scheme, class_id, start, fac in offers:
        if fac != facility_id:
            continue
        key = (start, class_id)
        if scheme not in out or key < out[scheme]:
            out[scheme] = key
    return {s: k[1] for s, k in out.items()}

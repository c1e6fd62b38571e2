"""Pure certification rules: no database, no clock, no I/O. Callers pass records and "today".

Every refusal raises a domain error from certification.errors naming the field at fault.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from certification.errors import (
    AssessorInactive,
    AssessorNotInLsp,
    DuplicateUnit,
    FutureDate,
    IncompleteAssessment,
    InvalidInput,
    InvalidNumberFormat,
    InvalidTransition,
    LicenceLapsed,
    TukNotInLsp,
    UnitAlreadyCompetent,
    UnitNotInScheme,
)
from models.records import (
    Assessment,
    Assessor,
    Certificate,
    Lsp,
    Scheme,
    Tuk,
    UnitResult,
    certificate_state_on,
)

RESULTS = ("K", "BK")
DEFAULT_VALIDITY_YEARS = 3


# --- assessments -------------------------------------------------------------------------------
def open_assessments(assessments: Iterable[Assessment], consumed_up_to: int | None) -> list[Assessment]:
    """Assessments not yet used by a certificate: ids above the last one a certificate consumed.

    A certificate records the newest assessment it was issued from; anything recorded later
    starts a new cycle (reassessment after revocation, or for renewal).
    """
    return [a for a in assessments if consumed_up_to is None or a.id > consumed_up_to]


def latest_results(assessments: Iterable[Assessment]) -> dict[str, UnitResult]:
    """The latest result per unit across assessments (by assessment date, then record order)."""
    latest: dict[str, UnitResult] = {}
    for a in sorted(assessments, key=lambda a: (a.assessed_on, a.id)):
        for r in a.results:
            latest[r.unit_code] = r
    return latest


@dataclass(frozen=True)
class UnitProgress:
    """One unit of a scheme for one person: the latest result of the open cycle, if any."""

    unit_code: str
    result: str | None  # K | BK | None (not assessed in this cycle)
    assessed_on: date | None = None
    evidence: str = ""

    @property
    def open(self) -> bool:
        """Still to be assessed (BK or never assessed): the form asks for it; K units are done."""
        return self.result != "K"


def unit_progress(scheme: Scheme, assessments: Iterable[Assessment]) -> tuple[UnitProgress, ...]:
    """Each unit of the scheme, in scheme order, with its latest result across ``assessments``
    (the open ones: those no certificate has consumed yet)."""
    latest: dict[str, tuple[UnitResult, date]] = {}
    for a in sorted(assessments, key=lambda a: (a.assessed_on, a.id)):
        for r in a.results:
            latest[r.unit_code] = (r, a.assessed_on)
    out = []
    for code in scheme.unit_codes:
        if code in latest:
            r, on = latest[code]
            out.append(UnitProgress(code, r.result, on, r.evidence))
        else:
            out.append(UnitProgress(code, None))
    return tuple(out)


def check_assessment(
    *,
    scheme: Scheme,
    assessor: Assessor,
    tuk: Tuk | None,
    assessed_on: date,
    results: Sequence[UnitResult],
    today: date,
    prior_latest: Mapping[str, UnitResult],
) -> None:
    """Refuse an assessment that may not be recorded.

    ``prior_latest`` is the latest result per unit from the person's open assessments of the
    scheme: a reassessment may cover BK units (and units not yet assessed), not units already K.
    """
    if assessed_on > today:
        raise FutureDate(f"assessment date {assessed_on.isoformat()} is in the future")
    if assessor.lsp_id != scheme.lsp_id:
        raise AssessorNotInLsp(
            f"assessor {assessor.registration_number} is not registered with the LSP of scheme {scheme.code}"
        )
    if not assessor.active_from <= assessed_on <= assessor.active_until:
        raise AssessorInactive(
            f"assessor {assessor.registration_number} is active {assessor.active_from.isoformat()}"
            f" to {assessor.active_until.isoformat()}, not on {assessed_on.isoformat()}"
        )
    if tuk is not None and tuk.lsp_id != scheme.lsp_id:
        raise TukNotInLsp(f"TUK {tuk.code} does not belong to the LSP of scheme {scheme.code}")
    if not results:
        raise InvalidInput("an assessment needs at least one unit result", "results")
    in_scheme = set(scheme.unit_codes)
    seen: set[str] = set()
    for i, r in enumerate(results):
        where = f"results[{i}]"
        if r.result not in RESULTS:
            raise InvalidInput(f"result must be K or BK, got {r.result!r}", f"{where}.result")
        if r.unit_code not in in_scheme:
            raise UnitNotInScheme(f"unit {r.unit_code} is not part of scheme {scheme.code}", f"{where}.unit_code")
        if r.unit_code in seen:
            raise DuplicateUnit(f"unit {r.unit_code} appears twice", f"{where}.unit_code")
        seen.add(r.unit_code)
        prior = prior_latest.get(r.unit_code)
        if prior is not None and prior.result == "K":
            raise UnitAlreadyCompetent(
                f"unit {r.unit_code} is already K; only BK units can be reassessed", f"{where}.unit_code"
            )


# --- issuing -----------------------------------------------------------------------------------
def check_issuable(scheme: Scheme, latest: Mapping[str, UnitResult]) -> tuple[str, ...]:
    """The scheme's units if every one has a latest result of K; else IncompleteAssessment."""
    if not scheme.unit_codes:
        raise IncompleteAssessment(f"scheme {scheme.code} has no units", (), ())
    missing = tuple(c for c in scheme.unit_codes if c not in latest)
    not_competent = tuple(c for c in scheme.unit_codes if c in latest and latest[c].result != "K")
    if missing or not_competent:
        parts = []
        if missing:
            parts.append("not assessed: " + ", ".join(missing))
        if not_competent:
            parts.append("Belum Kompeten (BK): " + ", ".join(not_competent))
        raise IncompleteAssessment(f"scheme {scheme.code} is not complete; " + "; ".join(parts), missing, not_competent)
    return scheme.unit_codes


def check_licence(lsp: Lsp, on: date) -> None:
    if lsp.licence_valid_until < on:
        raise LicenceLapsed(
            f"licence {lsp.licence_number} of {lsp.code} lapsed on {lsp.licence_valid_until.isoformat()}"
        )


def valid_until(issued_on: date, years: int = DEFAULT_VALIDITY_YEARS) -> date:
    """Same day ``years`` later (29 February becomes 28 February)."""
    if years < 1:
        raise InvalidInput("validity must be at least one year", "validity_years")
    try:
        return issued_on.replace(year=issued_on.year + years)
    except ValueError:
        return issued_on.replace(year=issued_on.year + years, day=28)


# --- numbering ---------------------------------------------------------------------------------
NUMBER_FIELDS = frozenset({"lsp", "scheme", "year", "seq"})


def validate_number_format(fmt: str) -> frozenset[str]:
    """The placeholders used by an LSP's number format; refuses unknown ones and a missing {seq}."""
    used: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        raise InvalidNumberFormat(f"number format {fmt!r} is malformed: {exc}") from exc
    for _, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in NUMBER_FIELDS or conv:
            raise InvalidNumberFormat(f"number format {fmt!r}: unknown placeholder {{{name}}}")
        if name != "seq" and spec:
            raise InvalidNumberFormat(f"number format {fmt!r}: only {{seq}} takes a format spec")
        used.add(name)
    if "seq" not in used:
        raise InvalidNumberFormat(f"number format {fmt!r} must contain {{seq}}")
    return frozenset(used)


def sequence_scope(fmt: str, scheme_id: int, year: int) -> tuple[int, int]:
    """(scheme id, year) the counter runs over; 0 where the format does not show that part,
    so numbers stay unique when, e.g., the format has no {scheme}."""
    used = validate_number_format(fmt)
    return (scheme_id if "scheme" in used else 0, year if "year" in used else 0)


def format_number(fmt: str, *, lsp_code: str, scheme_code: str, year: int, seq: int) -> str:
    validate_number_format(fmt)
    if seq < 1:
        raise InvalidInput("sequence starts at 1", "seq")
    try:
        return fmt.format(lsp=lsp_code, scheme=scheme_code, year=year, seq=seq)
    except (ValueError, TypeError) as exc:
        raise InvalidNumberFormat(f"number format {fmt!r} cannot format a number: {exc}") from exc


# --- lifecycle ---------------------------------------------------------------------------------
ACTIVE, SUSPENDED, EXPIRED, REVOKED, RENEWED = "active", "suspended", "expired", "revoked", "renewed"

# action -> states it may start from
TRANSITIONS: dict[str, frozenset[str]] = {
    "suspend": frozenset({ACTIVE}),
    "unsuspend": frozenset({SUSPENDED}),
    "revoke": frozenset({ACTIVE, SUSPENDED, EXPIRED}),
    "renew": frozenset({ACTIVE, EXPIRED}),
}
RENEWAL_KINDS = ("surveillance", "recertification")


@dataclass(frozen=True)
class Status:
    """The state a certificate is in today, with why and since/until when."""

    state: str  # active | suspended | expired | revoked | renewed
    reason: str | None = None
    at: datetime | None = None
    by: int | None = None
    until: date | None = None  # suspended until / valid until


def normalise_number(typed: str) -> str:
    """A certificate number as people type it (lower case, stray or inner spaces) in its stored
    form: numbers are made of LSP and scheme codes, digits and separators, all upper case."""
    return "".join(typed.split()).upper()


def derive_status(cert: Certificate, today: date) -> Status:
    """Stored status + dates -> what the certificate is today.

    Revoked and renewed are final. A suspension ends by itself after ``suspended_until``;
    a live certificate past ``valid_until`` is expired.
    """
    state = certificate_state_on(cert.status, cert.valid_until, cert.suspended_until, today)
    if state in (REVOKED, RENEWED):
        return Status(state, cert.status_reason, cert.status_at, cert.status_by)
    if state == EXPIRED:
        return Status(EXPIRED, f"masa berlaku berakhir {cert.valid_until.isoformat()}", until=cert.valid_until)
    if state == SUSPENDED:
        return Status(SUSPENDED, cert.status_reason, cert.status_at, cert.status_by, cert.suspended_until)
    return Status(ACTIVE, until=cert.valid_until)


def check_transition(cert: Certificate, action: str, today: date) -> Status:
    """The current status if ``action`` is allowed from it, else InvalidTransition."""
    if action not in TRANSITIONS:
        raise InvalidInput(f"unknown action {action!r}", "action")
    current = derive_status(cert, today)
    if current.state not in TRANSITIONS[action]:
        allowed = ", ".join(sorted(TRANSITIONS[action]))
        raise InvalidTransition(
            f"cannot {action} certificate {cert.number}: it is {current.state} (allowed from: {allowed})"
        )
    return current


def check_reason(reason: str | None, field: str = "reason") -> str:
    text = (reason or "").strip()
    if len(text) < 3:
        raise InvalidInput("a reason is required", field)
    if len(text) > 1000:
        raise InvalidInput("reason is longer than 1000 characters", field)
    return text


def check_suspension(until: date | None, today: date, valid_until_: date) -> None:
    if until is not None and until <= today:
        raise InvalidInput("suspension end must be after today", "until")
    if until is not None and until > valid_until_:
        raise InvalidInput("suspension end is after the certificate expires", "until")


# --- holder ------------------------------------------------------------------------------------
def initials(full_name: str) -> str:
    """'Budi Santoso' -> 'B. S.': all the public verify page shows of the holder."""
    parts = [p for p in full_name.replace(".", " ").split() if p[:1].isalpha()]
    # upper() of one letter can be two ('ß' -> 'SS'); keep one letter so initials are idempotent
    return " ".join(p[0].upper()[0] + "." for p in parts)


def person_in_lsp_scope(lsp: Lsp, person_facility_id: int, enrolled: bool) -> bool:
    """Whether the LSP may look up, assess and certify the person.

    A first-party LSP inside a Lapas (``home_facility_id`` set) serves exactly that facility's
    people, enrolled automatically; any other LSP serves only people enrolled with it (by their
    facility or Bapas officer), never "anyone": otherwise an assessor could learn any person's
    name by recording an assessment for them.
    """
    if lsp.home_facility_id is not None:
        return lsp.home_facility_id == person_facility_id
    return enrolled

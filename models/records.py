"""Typed records for every table: frozen dataclasses, stdlib only.

Repositories return these, never ``asyncpg.Record``. Fields mirror the columns of
models/migrations; encrypted columns stay bytes here (decryption is a service concern).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Province:
    code: str
    name: str


@dataclass(frozen=True)
class Regency:
    code: str
    name: str
    province_code: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Facility:
    id: int
    code: str
    name: str
    kind: str  # lapas | rutan | lpka | bapas
    kanwil: str
    province_code: str
    regency_code: str
    bapas_id: int | None = None


@dataclass(frozen=True)
class Consent:
    """What the person agreed to; employers see nothing without ``employer_matching``."""

    employer_matching: bool = False
    reveal_name: bool = False
    reveal_facility: bool = False
    reveal_offence: bool = False


@dataclass(frozen=True)
class ConsentEvent:
    id: int
    inmate_id: int
    consent: Consent
    recorded_by: int | None
    note: str | None
    created_at: datetime


@dataclass(frozen=True)
class Inmate:
    id: int
    external_id: str
    pseudonym: str
    full_name: str
    birth_year: int
    gender: str  # L | P
    facility_id: int
    bapas_id: int | None
    domicile_regency_code: str | None
    domicile_province_code: str | None
    education: str | None
    skills: tuple[str, ...]
    work_history: tuple[str, ...]
    trainings: tuple[str, ...]
    status: str
    expected_release_date: date | None
    asimilasi_date: date | None = None
    pb_date: date | None = None
    cb_date: date | None = None
    cmb_date: date | None = None
    consent: Consent = field(default_factory=Consent)
    national_id_enc: bytes | None = None
    offence_enc: bytes | None = None
    anonymised_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class NewInmate:
    """An inmate to insert or upsert (import, demo, officer form)."""

    external_id: str
    full_name: str
    birth_year: int
    gender: str
    facility_code: str
    domicile_regency_code: str | None = None
    education: str | None = None
    skills: tuple[str, ...] = ()
    work_history: tuple[str, ...] = ()
    trainings: tuple[str, ...] = ()
    status: str = "sentenced"
    expected_release_date: date | None = None
    asimilasi_date: date | None = None
    pb_date: date | None = None
    cb_date: date | None = None
    cmb_date: date | None = None
    consent: Consent = field(default_factory=Consent)


@dataclass(frozen=True)
class CompetencyUnit:
    code: str
    title: str
    sector: str
    kkni_level: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Lsp:
    id: int
    code: str
    name: str
    kind: str  # P1 | P2 | P3
    licence_number: str
    licence_valid_until: date
    number_format: str
    home_facility_id: int | None = None  # a P1 LSP inside a Lapas: the one facility it serves


@dataclass(frozen=True)
class Scheme:
    id: int
    code: str
    title: str
    kind: str  # occupation | cluster | kkni
    lsp_id: int
    kkni_level: int | None
    validity_years: int
    unit_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessor:
    id: int
    registration_number: str
    name: str
    lsp_id: int
    active_from: date
    active_until: date


@dataclass(frozen=True)
class Tuk:
    id: int
    code: str
    name: str
    lsp_id: int
    facility_id: int | None
    regency_code: str | None


@dataclass(frozen=True)
class UnitResult:
    unit_code: str
    result: str  # K | BK
    evidence: str = ""


@dataclass(frozen=True)
class Assessment:
    id: int
    inmate_id: int
    scheme_id: int
    assessor_id: int
    tuk_id: int | None
    assessed_on: date
    results: tuple[UnitResult, ...] = ()
    created_by: int | None = None


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    lsp_id: int
    public_key: bytes
    created_at: datetime
    retired_at: datetime | None = None


@dataclass(frozen=True)
class LspKey:
    """A signing key with the LSP it belongs to, as published."""

    key: SigningKey
    lsp_code: str
    lsp_name: str


@dataclass(frozen=True)
class Certificate:
    id: int
    number: str
    inmate_id: int
    scheme_id: int
    lsp_id: int
    assessment_id: int | None
    issued_on: date
    valid_until: date
    status: str  # active | suspended | revoked | renewed (expired is derived from the date)
    unit_codes: tuple[str, ...] = ()
    status_reason: str | None = None
    status_by: int | None = None
    status_at: datetime | None = None
    suspended_until: date | None = None
    renewed_from_id: int | None = None
    key_id: str | None = None
    signature: str | None = None


@dataclass(frozen=True)
class CertificateDetail:
    """A certificate with everything needed to sign, verify, show or export it."""

    certificate: Certificate
    lsp_code: str
    lsp_name: str
    scheme_code: str
    scheme_title: str
    holder_id: str  # the person's pseudonym
    holder_name: str
    units: tuple[CompetencyUnit, ...]
    renewal_kind: str | None = None
    renewed_from_number: str | None = None
    renewed_to_number: str | None = None


def certificate_state_on(stored: str, valid_until: date, suspended_until: date | None, today: date) -> str:
    """What a certificate is on ``today`` from its stored status and dates: revoked and renewed are final;
    a live one past ``valid_until`` is expired; a suspension ends by itself after ``suspended_until``.
    The stored status never changes when a date passes, so everything shown goes through this."""
    if stored in ("revoked", "renewed"):
        return stored
    if today > valid_until:
        return "expired"
    if stored == "suspended" and suspended_until is not None and today > suspended_until:
        return "active"
    return stored


@dataclass(frozen=True)
class CertificateView:
    """A certificate with the titles needed to show or embed it, and its issuing LSP (a P1 LSP with a
    home facility names the prison: ``api.privacy.rules.certificate_for_employer`` hides it)."""

    number: str
    scheme_code: str
    scheme_title: str
    issued_on: date
    valid_until: date
    status: str
    units: tuple[CompetencyUnit, ...]
    lsp_code: str = ""
    lsp_name: str = ""
    lsp_kind: str = ""  # P1 | P2 | P3
    lsp_home_facility_id: int | None = None


@dataclass(frozen=True)
class CertificateStatusEntry:
    """Where a certificate's credential keeps its status bits (its LSP's Bitstring Status Lists),
    and the salt of its holder identity hash; fixed once drawn."""

    certificate_id: int
    lsp_id: int
    list_no: int
    status_index: int
    holder_salt: str


@dataclass(frozen=True)
class RegistryEntry:
    """A certificate's facility-free credential issued by the deployment as registry: its opaque
    public id, its position in the registry's status lists and its holder-hash salt."""

    certificate_id: int
    public_id: str
    list_no: int
    status_index: int
    holder_salt: str


@dataclass(frozen=True)
class RegistryKey:
    """A public signing key of the deployment's own did:web (the registry)."""

    key_id: str
    public_key: bytes
    created_at: datetime
    retired_at: datetime | None = None


@dataclass(frozen=True)
class StatusListMember:
    """One certificate in a status list: its index and what decides its bits."""

    status_index: int
    certificate: Certificate


@dataclass(frozen=True)
class Employer:
    id: int
    external_id: str
    name: str
    sector: str
    province_code: str | None
    regency_code: str | None
    partner_status: str
    contact_email: str | None = None


@dataclass(frozen=True)
class Vacancy:
    id: int
    external_id: str
    employer_id: int
    title: str
    description: str
    requirements: tuple[str, ...]
    required_units: tuple[str, ...]
    province_code: str | None
    regency_code: str | None
    positions: int
    start_date: date | None
    fair_chance: bool
    status: str  # draft | open | closed
    version: int = 1


@dataclass(frozen=True)
class NewVacancy:
    external_id: str
    employer_external_id: str
    title: str
    description: str = ""
    requirements: tuple[str, ...] = ()
    required_units: tuple[str, ...] = ()
    regency_code: str | None = None
    positions: int = 1
    start_date: date | None = None
    fair_chance: bool = True
    status: str = "open"


@dataclass(frozen=True)
class Application:
    id: int
    vacancy_id: int
    inmate_id: int
    stage: str
    stage_reason: str | None
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ApplicationEvent:
    id: int
    application_id: int
    from_stage: str | None
    to_stage: str
    reason: str | None
    created_by: int | None
    created_at: datetime


@dataclass(frozen=True)
class Placement:
    id: int
    inmate_id: int
    employer_id: int
    vacancy_id: int | None
    position_title: str
    started_on: date


@dataclass(frozen=True)
class PlacementFollowup:
    placement_id: int
    month: int
    still_employed: bool
    note: str


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str
    employer_id: int | None = None
    bapas_id: int | None = None
    lsp_id: int | None = None
    assessor_id: int | None = None
    active: bool = True
    facility_id: int | None = None  # training staff: the Lapas/Rutan/LPKA they work at


@dataclass(frozen=True)
class ApiKey:
    id: int
    user_id: int
    prefix: str
    label: str
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    actor_user_id: int | None
    actor_role: str
    action: str
    object_type: str
    object_id: str | None
    subject_inmate_id: int | None
    reason: str | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Actor:
    """Who is acting: recorded on every audit event."""

    user_id: int | None
    role: str  # a users.role, or 'system' / 'public'


SYSTEM = Actor(user_id=None, role="system")


@dataclass(frozen=True)
class CandidateHit:
    """A candidate returned by vector retrieval, with the cosine similarity."""

    inmate_id: int
    pseudonym: str
    similarity: float
    # the profile's stored (model, text hash, vector) when retrieval read it anyway; else None
    vector: tuple[str, str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class VacancyHit:
    """An open vacancy returned by vector retrieval, with the cosine similarity."""

    vacancy_id: int
    similarity: float
    # the vacancy's stored (model, text hash, vector), read by the same statement; else None
    vector: tuple[str, str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CandidateFilter:
    """Hard filters applied in SQL before ranking candidates for a vacancy.

    Consent to employer matching is always required when ``for_employer`` is set;
    ``available_by`` keeps people whose expected release is on or before that date
    (people already released or on parole/assimilation count as available).
    """

    for_employer: bool = True
    available_by: date | None = None
    province_code: str | None = None
    regency_code: str | None = None
    bapas_id: int | None = None
    scheme_id: int | None = None  # holds a live (active) certificate of this scheme
    other_than_regency: str | None = None  # lives anywhere but this regency (the "nearby" view's second tier)
    # (regency code, km): lives in that regency or in one whose seat is within km of its seat
    within_km_of: tuple[str, float] | None = None

    @property
    def narrow(self) -> bool:
        """True when a filter that usually keeps few rows (region, Bapas, scheme) is set."""
        return self.province_code is not None or self.narrower_than_province

    @property
    def narrower_than_province(self) -> bool:
        """True when a filter that keeps part of a province at most (regency, radius, Bapas, scheme) is set."""
        return any(v is not None for v in (self.regency_code, self.bapas_id, self.scheme_id, self.within_km_of))


@dataclass(frozen=True)
class VacancyFilter:
    """Open vacancies that start on or after the person is free, optionally in one province or regency."""

    available_from: date | None = None
    province_code: str | None = None
    regency_code: str | None = None
    within_km_of: tuple[str, float] | None = None  # (regency code, km), as in ``CandidateFilter``

    @property
    def narrow(self) -> bool:
        """True when a filter that may keep few open vacancies is set: a region, or a start date (someone
        released late: few vacancies start that late, and an HNSW scan of the nearest few hundred finds
        too few of them; the filtered set is counted first and, small, searched exactly, issue 17)."""
        filters = (self.available_from, self.province_code, self.regency_code, self.within_km_of)
        return any(v is not None for v in filters)


@dataclass(frozen=True)
class OffenceDisclosure:
    """Offence details released to one employer for one application at the offer stage."""

    id: int
    application_id: int
    inmate_id: int
    employer_id: int
    released_by: int
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class HumanReview:
    """An objection to an automated ranking and the human review that answers it."""

    id: int
    inmate_id: int
    vacancy_id: int | None
    requested_by: int | None
    objection: str
    status: str  # requested | completed
    outcome: str | None
    reviewed_by: int | None
    reviewed_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class PartnerProfile:
    """An employer partner: the company data it applied with and where it is in its lifecycle
    (pending -> active -> suspended -> active; or rejected). History is in the audit log."""

    employer: Employer
    nib: str | None  # Nomor Induk Berusaha, 13 digits
    kbli: str | None  # KBLI 2020 code, 5 digits
    address: str | None
    contact_name: str | None
    contact_phone: str | None
    fair_chance_policy: str | None
    applied_at: datetime | None
    status_reason: str | None
    status_changed_at: datetime | None
    status_changed_by: int | None


@dataclass(frozen=True)
class AssessorEntry:
    """An assessor as its LSP's list shows it: the registration and whether it was deactivated."""

    assessor: Assessor
    deactivated_at: datetime | None = None
    deactivation_reason: str | None = None


@dataclass(frozen=True)
class Invitation:
    """An invitation to join one organisation with a fixed role and scope (the code is never stored)."""

    id: int
    email: str
    name: str
    role: str
    employer_id: int | None
    bapas_id: int | None
    lsp_id: int | None
    assessor_id: int | None
    org_admin: bool
    invited_by: int | None
    expires_at: datetime
    accepted_at: datetime | None
    user_id: int | None
    created_at: datetime
    facility_id: int | None = None  # training staff invitations: the facility


@dataclass(frozen=True)
class CertificateClaim:
    """A certificate's holder access: claim code (plain, it is printed) and the PIN's hash."""

    id: int
    certificate_id: int
    code: str
    pin_hash: str
    failed_attempts: int
    locked_until: datetime | None
    pin_set_at: datetime


@dataclass(frozen=True)
class CertificateShare:
    """A holder's share link (only the token's SHA-256 is kept)."""

    id: int
    claim_id: int
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime
    kind: str = "full"  # full | facility_free (certification.registry)

"""Certification use cases over small in-memory fakes of certification.ports: the service's own
logic (order of checks, what is written, what is audited) without a database."""

from __future__ import annotations

import copy
import inspect
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certification import rules, service
from certification.errors import (
    ActiveCertificateExists,
    CertificateNotFound,
    IncompleteAssessment,
    InvalidInput,
    InvalidTransition,
    OutOfScope,
    UnitAlreadyCompetent,
)
from certification.ports import (
    AssessmentStore,
    AuditStore,
    CatalogueStore,
    CertificateStore,
    CertificationStores,
    EnrolmentStore,
    InmateStore,
    SigningKeyStore,
)
from certification.service import NewAssessment
from certification.signing import key_id_for, number_hash
from models.errors import Conflict, NotFound
from models.records import (
    Actor,
    Assessment,
    Assessor,
    Certificate,
    CertificateDetail,
    CompetencyUnit,
    Inmate,
    Lsp,
    LspKey,
    Scheme,
    SigningKey,
    Tuk,
    UnitResult,
)

TODAY = date(2025, 6, 2)
ASSESSOR = Actor(user_id=7, role="lsp_assessor")
UNITS = ("LAS.01", "LAS.02", "LAS.03")
LSP_ID, OTHER_LSP_ID, SCHEME_ID, ASSESSOR_ID, PERSON_ID, FACILITY_ID = 1, 2, 10, 20, 30, 40


# --- fakes -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Logged:
    actor: Actor
    action: str
    object_type: str
    object_id: object
    subject_inmate_id: int | None
    reason: str | None
    detail: dict[str, object]


@dataclass
class Tables:
    """Everything the fakes hold; copied on ``transaction()`` entry and restored on error."""

    lsps: dict[int, Lsp] = field(default_factory=dict)
    schemes: dict[int, Scheme] = field(default_factory=dict)
    units: dict[str, CompetencyUnit] = field(default_factory=dict)
    assessors: dict[int, Assessor] = field(default_factory=dict)
    tuks: dict[int, Tuk] = field(default_factory=dict)
    inmates: dict[int, Inmate] = field(default_factory=dict)
    assessments: list[Assessment] = field(default_factory=list)
    certificates: dict[int, Certificate] = field(default_factory=dict)
    renewal_kinds: dict[int, str] = field(default_factory=dict)
    sequences: dict[tuple[int, int, int], int] = field(default_factory=dict)
    keys: dict[str, SigningKey] = field(default_factory=dict)
    audit: list[Logged] = field(default_factory=list)
    enrolments: set[tuple[int, int]] = field(default_factory=set)  # (lsp id, inmate id)
    verification_counts: dict[tuple[int, date], int] = field(default_factory=dict)

    def actions(self) -> list[str]:
        return [e.action for e in self.audit]


class FakeCertificates:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def lock_pair(self, inmate_id: int, scheme_id: int) -> None:
        return None

    async def find_by_number(self, number: str, *, for_update: bool = False) -> Certificate | None:
        return next((c for c in self.t.certificates.values() if c.number == number), None)

    async def live_for(self, inmate_id: int, scheme_id: int) -> Certificate | None:
        return next(
            (
                c
                for c in self.t.certificates.values()
                if (c.inmate_id, c.scheme_id) == (inmate_id, scheme_id) and c.status in ("active", "suspended")
            ),
            None,
        )

    async def last_consumed_assessment(self, inmate_id: int, scheme_id: int) -> int | None:
        used = [
            c.assessment_id
            for c in self.t.certificates.values()
            if (c.inmate_id, c.scheme_id) == (inmate_id, scheme_id) and c.assessment_id is not None
        ]
        return max(used, default=None)

    async def next_sequence(self, lsp_id: int, scheme_scope: int, year: int) -> int:
        key = (lsp_id, scheme_scope, year)
        self.t.sequences[key] = self.t.sequences.get(key, 0) + 1
        return self.t.sequences[key]

    async def number_taken(self, number: str) -> bool:
        return any(c.number == number for c in self.t.certificates.values())

    async def add(
        self,
        *,
        number: str,
        inmate_id: int,
        scheme_id: int,
        lsp_id: int,
        unit_codes: Sequence[str],
        issued_on: date,
        valid_until: date,
        assessment_id: int | None,
        renewed_from_id: int | None,
    ) -> int:
        if await self.number_taken(number) or await self.live_for(inmate_id, scheme_id) is not None:
            raise Conflict("certificate conflicts with an existing one")
        cert_id = len(self.t.certificates) + 1
        self.t.certificates[cert_id] = Certificate(
            id=cert_id,
            number=number,
            inmate_id=inmate_id,
            scheme_id=scheme_id,
            lsp_id=lsp_id,
            assessment_id=assessment_id,
            issued_on=issued_on,
            valid_until=valid_until,
            status="active",
            unit_codes=tuple(unit_codes),
            renewed_from_id=renewed_from_id,
        )
        return cert_id

    def _get(self, cert_id: int) -> Certificate:
        if cert_id not in self.t.certificates:
            raise NotFound("certificate", cert_id)
        return self.t.certificates[cert_id]

    async def set_status(
        self,
        cert_id: int,
        *,
        status: str,
        reason: str | None,
        by: int | None,
        suspended_until: date | None = None,
        renewal_kind: str | None = None,
    ) -> Certificate:
        updated = replace(
            self._get(cert_id),
            status=status,
            status_reason=reason,
            status_by=by,
            status_at=datetime(2025, 6, 2, 12, tzinfo=UTC),
            suspended_until=suspended_until,
        )
        self.t.certificates[cert_id] = updated
        if renewal_kind is not None:
            self.t.renewal_kinds[cert_id] = renewal_kind
        return updated

    async def set_renewal_kind(self, cert_id: int, kind: str) -> None:
        self.t.renewal_kinds[cert_id] = kind

    async def set_signature(self, cert_id: int, key_id: str, signature: str) -> None:
        self.t.certificates[cert_id] = replace(self._get(cert_id), key_id=key_id, signature=signature)

    async def unsigned_ids(self) -> Sequence[int]:
        return sorted(i for i, c in self.t.certificates.items() if c.signature is None)

    async def revoked_numbers(self) -> Sequence[str]:
        return sorted(c.number for c in self.t.certificates.values() if c.status == "revoked")

    async def detail(self, cert_id: int) -> CertificateDetail:
        c = self._get(cert_id)
        lsp, scheme, person = self.t.lsps[c.lsp_id], self.t.schemes[c.scheme_id], self.t.inmates[c.inmate_id]
        prev = None if c.renewed_from_id is None else self.t.certificates[c.renewed_from_id].number
        nxt = [n.number for n in self.t.certificates.values() if n.renewed_from_id == c.id]
        return CertificateDetail(
            certificate=c,
            lsp_code=lsp.code,
            lsp_name=lsp.name,
            scheme_code=scheme.code,
            scheme_title=scheme.title,
            holder_id=person.pseudonym,
            holder_name=person.full_name,
            units=tuple(self.t.units[u] for u in c.unit_codes),
            renewal_kind=self.t.renewal_kinds.get(cert_id),
            renewed_from_number=prev,
            renewed_to_number=nxt[-1] if nxt else None,
        )


class FakeAssessments:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(
        self,
        *,
        inmate_id: int,
        scheme_id: int,
        assessor_id: int,
        tuk_id: int | None,
        assessed_on: date,
        results: Sequence[UnitResult],
        created_by: int | None,
    ) -> Assessment:
        a = Assessment(
            len(self.t.assessments) + 1,
            inmate_id,
            scheme_id,
            assessor_id,
            tuk_id,
            assessed_on,
            tuple(results),
            created_by,
        )
        self.t.assessments.append(a)
        return a

    async def list_for(self, inmate_id: int, scheme_id: int) -> Sequence[Assessment]:
        found = [a for a in self.t.assessments if (a.inmate_id, a.scheme_id) == (inmate_id, scheme_id)]
        return sorted(found, key=lambda a: (a.assessed_on, a.id))


K = TypeVar("K")
V = TypeVar("V")


def _get(table: dict[K, V], key: K, what: str) -> V:
    if key not in table:
        raise NotFound(what, key)
    return table[key]


class FakeCatalogue:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get_lsp(self, lsp_id: int) -> Lsp:
        return _get(self.t.lsps, lsp_id, "lsp")

    async def get_scheme(self, scheme_id: int) -> Scheme:
        return _get(self.t.schemes, scheme_id, "scheme")

    async def list_schemes(self, lsp_id: int) -> Sequence[Scheme]:
        return sorted((s for s in self.t.schemes.values() if s.lsp_id == lsp_id), key=lambda s: s.code)

    async def get_assessor(self, assessor_id: int) -> Assessor:
        return _get(self.t.assessors, assessor_id, "assessor")

    async def get_tuk(self, tuk_id: int) -> Tuk:
        return _get(self.t.tuks, tuk_id, "tuk")


class FakeInmates:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get(self, inmate_id: int) -> Inmate:
        return _get(self.t.inmates, inmate_id, "inmate")


class FakeEnrolments:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def is_enrolled(self, lsp_id: int, inmate_id: int) -> bool:
        return (lsp_id, inmate_id) in self.t.enrolments


class FakeSigningKeys:
    def __init__(self, t: Tables) -> None:
        self.t = t
        self.clock = datetime(2025, 1, 1, tzinfo=UTC)

    async def lock_lsp(self, lsp_id: int) -> None:
        return None

    async def active_for_lsp(self, lsp_id: int) -> SigningKey | None:
        return next((k for k in self.t.keys.values() if k.lsp_id == lsp_id and k.retired_at is None), None)

    async def add(self, key_id: str, lsp_id: int, public_key: bytes) -> SigningKey:
        self.clock += timedelta(days=1)
        key = SigningKey(key_id, lsp_id, public_key, self.clock)
        self.t.keys[key_id] = key
        return key

    async def retire(self, key_id: str) -> SigningKey:
        key = replace(_get(self.t.keys, key_id, "signing key"), retired_at=datetime(2025, 6, 1, tzinfo=UTC))
        self.t.keys[key_id] = key
        return key

    async def get(self, key_id: str) -> SigningKey:
        return _get(self.t.keys, key_id, "signing key")

    async def list_published(self) -> Sequence[LspKey]:
        return [LspKey(k, self.t.lsps[k.lsp_id].code, self.t.lsps[k.lsp_id].name) for k in self.t.keys.values()]


class FakeAudit:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(
        self,
        actor: Actor,
        action: str,
        object_type: str,
        object_id: object = None,
        *,
        subject_inmate_id: int | None = None,
        reason: str | None = None,
        detail: dict[str, object] | None = None,
    ) -> None:
        self.t.audit.append(Logged(actor, action, object_type, object_id, subject_inmate_id, reason, detail or {}))


class FakeVerificationCounts:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def count(self, certificate_id: int, day: date) -> None:
        key = (certificate_id, day)
        self.t.verification_counts[key] = self.t.verification_counts.get(key, 0) + 1


class FakeEvents:
    """The notification outbox: (change, facts) recorded."""

    def __init__(self) -> None:
        self.recorded: list[tuple[str, dict[str, object]]] = []

    async def record(self, change: str, facts: dict[str, object]) -> None:
        self.recorded.append((change, facts))


class FakeStores:
    """``CertificationStores`` in memory; a transaction that raises puts every table back."""

    def __init__(self, t: Tables) -> None:
        self.t = t
        self.certificates = FakeCertificates(t)
        self.assessments = FakeAssessments(t)
        self.catalogue = FakeCatalogue(t)
        self.inmates = FakeInmates(t)
        self.enrolments = FakeEnrolments(t)
        self.signing_keys = FakeSigningKeys(t)
        self.audit = FakeAudit(t)
        self.verification_counts = FakeVerificationCounts(t)
        self.events = FakeEvents()
        self.opened = 0

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        self.opened += 1
        saved = copy.deepcopy(vars(self.t))
        try:
            yield self
        except BaseException:
            vars(self.t).update(saved)
            raise


class FakeKeyStore:
    def __init__(self) -> None:
        self.private: dict[str, Ed25519PrivateKey] = {}

    def create(self, lsp_code: str) -> tuple[str, bytes]:
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        key_id = key_id_for(lsp_code, public)
        self.private[key_id] = private
        return key_id, public

    def has(self, key_id: str) -> bool:
        return key_id in self.private

    def sign(self, key_id: str, message: bytes) -> bytes:
        return self.private[key_id].sign(message)


class FixedClock:
    def __init__(self, today: date = TODAY) -> None:
        self.day = today

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC)


# --- fixtures ----------------------------------------------------------------------------------
def person(inmate_id: int = PERSON_ID, facility_id: int = FACILITY_ID) -> Inmate:
    return Inmate(
        id=inmate_id,
        external_id=f"REG-{inmate_id}",
        pseudonym=f"WB-{inmate_id:04d}",
        full_name="Budi Santoso",
        birth_year=1990,
        gender="L",
        facility_id=facility_id,
        bapas_id=None,
        domicile_regency_code=None,
        domicile_province_code=None,
        education=None,
        skills=(),
        work_history=(),
        trainings=(),
        status="sentenced",
        expected_release_date=None,
    )


def world() -> Tables:
    lsp = Lsp(
        LSP_ID, "LSP-PAS", "LSP Pemasyarakatan", "P2", "BNSP-1", date(2030, 1, 1), "{lsp}/{scheme}/{year}/{seq:06d}"
    )
    other = Lsp(OTHER_LSP_ID, "LSP-LAIN", "LSP Lain", "P3", "BNSP-2", date(2030, 1, 1), "{seq}")
    return Tables(
        lsps={lsp.id: lsp, other.id: other},
        schemes={SCHEME_ID: Scheme(SCHEME_ID, "SKM-LAS", "Juru Las", "occupation", LSP_ID, 2, 3, UNITS)},
        units={c: CompetencyUnit(c, f"Unit {c}", "manufaktur") for c in UNITS},
        assessors={ASSESSOR_ID: Assessor(ASSESSOR_ID, "MET.1", "Asesor", LSP_ID, date(2024, 1, 1), date(2029, 1, 1))},
        inmates={PERSON_ID: person()},
        enrolments={(LSP_ID, PERSON_ID)},
    )


@dataclass
class Env:
    t: Tables
    stores: FakeStores
    keys: FakeKeyStore
    clock: FixedClock


@pytest.fixture
def env() -> Env:
    t = world()
    return Env(t, FakeStores(t), FakeKeyStore(), FixedClock())


def all_k() -> tuple[UnitResult, ...]:
    return tuple(UnitResult(c, "K") for c in UNITS)


async def assess(env: Env, res: Sequence[UnitResult], *, on: date = TODAY - timedelta(days=3)) -> Assessment:
    new = NewAssessment(PERSON_ID, SCHEME_ID, ASSESSOR_ID, on, tuple(res))
    return await service.record_assessment(env.stores, ASSESSOR, new, clock=env.clock)


async def issue(env: Env, *, lsp_scope: int | None = None) -> CertificateDetail:
    return await service.issue_certificate(
        env.stores, ASSESSOR, PERSON_ID, SCHEME_ID, clock=env.clock, keystore=env.keys, lsp_scope=lsp_scope
    )


@pytest.mark.parametrize(
    ("port", "fake"),
    [
        (CertificateStore, FakeCertificates),
        (AssessmentStore, FakeAssessments),
        (CatalogueStore, FakeCatalogue),
        (InmateStore, FakeInmates),
        (EnrolmentStore, FakeEnrolments),
        (SigningKeyStore, FakeSigningKeys),
        (AuditStore, FakeAudit),
    ],
)
def test_fakes_match_the_ports(port: type, fake: type) -> None:
    """Same methods with the same signatures, so the tests exercise what the service really calls
    (mypy checks the same structurally; this keeps a fake from drifting when a port changes)."""
    methods = {n for n, v in vars(port).items() if callable(v) and not n.startswith("_")}
    assert methods
    for name in methods:
        assert inspect.signature(getattr(fake, name)) == inspect.signature(getattr(port, name)), name
    stores: CertificationStores = FakeStores(world())
    assert all(
        hasattr(stores, n)
        for n in ("certificates", "assessments", "catalogue", "inmates", "enrolments", "signing_keys", "audit")
    )


# --- assessments -------------------------------------------------------------------------------
async def test_record_assessment_stores_results_and_audits(env: Env) -> None:
    a = await assess(env, all_k())
    assert [r.unit_code for r in a.results] == list(UNITS) and a.created_by == ASSESSOR.user_id
    assert env.t.assessments == [a]
    [event] = env.t.audit
    assert (event.action, event.object_id, event.subject_inmate_id) == ("assessment.record", a.id, PERSON_ID)
    assert event.detail["results"] == {c: "K" for c in UNITS}


async def test_reassessing_a_k_unit_is_refused_and_nothing_written(env: Env) -> None:
    await assess(env, [UnitResult(UNITS[0], "K"), UnitResult(UNITS[1], "BK")])
    with pytest.raises(UnitAlreadyCompetent):
        await assess(env, [UnitResult(UNITS[0], "K")])
    assert len(env.t.assessments) == 1 and env.t.actions() == ["assessment.record"]
    await assess(env, [UnitResult(UNITS[1], "K")])  # a BK unit may be reassessed
    assert len(env.t.assessments) == 2


async def test_first_party_lsp_does_not_see_people_of_other_facilities(env: Env) -> None:
    env.t.lsps[LSP_ID] = replace(env.t.lsps[LSP_ID], home_facility_id=FACILITY_ID + 1)
    with pytest.raises(NotFound):
        await assess(env, all_k())
    assert env.t.assessments == [] and env.t.actions() == ["assessee.refused"]  # refused, and on record


async def test_lsp_assesses_and_certifies_only_people_enrolled_with_it(env: Env) -> None:
    env.t.enrolments.clear()
    with pytest.raises(NotFound) as refused:
        await assess(env, all_k())
    assert str(refused.value) == str(NotFound("inmate", PERSON_ID))  # same words as an unknown person
    with pytest.raises(NotFound):
        await issue(env)
    with pytest.raises(NotFound):
        await service.assessment_progress(env.stores, ASSESSOR, PERSON_ID, lsp_id=LSP_ID, clock=env.clock)
    assert env.t.assessments == [] and env.t.certificates == {}
    assert env.t.actions() == ["assessee.refused"] * 3
    assert [e.detail["attempt"] for e in env.t.audit] == ["assessment.record", "certificate.issue",
                                                          "assessment.progress"]  # fmt: skip
    assert all(e.subject_inmate_id == PERSON_ID and e.actor == ASSESSOR for e in env.t.audit)
    env.t.enrolments.add((OTHER_LSP_ID, PERSON_ID))  # enrolled elsewhere is not enrolled here
    with pytest.raises(NotFound):
        await assess(env, all_k())
    env.t.enrolments.add((LSP_ID, PERSON_ID))
    await assess(env, all_k())
    assert (await issue(env)).certificate.status == "active"


async def test_unknown_or_erased_person_is_the_same_not_found(env: Env) -> None:
    env.t.inmates[PERSON_ID] = replace(person(), anonymised_at=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(NotFound) as erased:
        await assess(env, all_k())
    new = NewAssessment(999, SCHEME_ID, ASSESSOR_ID, TODAY, all_k())
    with pytest.raises(NotFound) as unknown:
        await service.record_assessment(env.stores, ASSESSOR, new, clock=env.clock)
    assert type(erased.value) is type(unknown.value) and env.t.actions() == ["assessee.refused"] * 2


async def test_progress_shows_latest_result_per_unit_and_what_is_open(env: Env) -> None:
    [before] = await service.assessment_progress(env.stores, ASSESSOR, PERSON_ID, lsp_id=LSP_ID, clock=env.clock)
    assert before.open_units == UNITS and not before.assessed and not before.issuable
    await assess(env, [UnitResult(UNITS[0], "K"), UnitResult(UNITS[1], "BK"), UnitResult(UNITS[2], "K")])
    [p] = await service.assessment_progress(
        env.stores, ASSESSOR, PERSON_ID, lsp_id=LSP_ID, scheme_id=SCHEME_ID, clock=env.clock, lsp_scope=LSP_ID
    )
    assert [(u.unit_code, u.result) for u in p.units] == [(UNITS[0], "K"), (UNITS[1], "BK"), (UNITS[2], "K")]
    assert p.open_units == (UNITS[1],) and not p.issuable
    await assess(env, [UnitResult(UNITS[1], "K")], on=TODAY)  # the BK unit re-assessed
    [p] = await service.assessment_progress(env.stores, ASSESSOR, PERSON_ID, lsp_id=LSP_ID, clock=env.clock)
    assert p.open_units == () and p.issuable and p.units[1].assessed_on == TODAY
    issued = await issue(env)
    [p] = await service.assessment_progress(env.stores, ASSESSOR, PERSON_ID, lsp_id=LSP_ID, clock=env.clock)
    assert p.live is not None and p.live.number == issued.certificate.number and not p.issuable
    assert p.open_units == UNITS  # a new cycle (renewal) starts from scratch
    assert env.t.actions().count("assessment.progress") == 4
    with pytest.raises(OutOfScope):
        await service.assessment_progress(env.stores, ASSESSOR, PERSON_ID, lsp_id=LSP_ID, clock=env.clock,
                                          lsp_scope=OTHER_LSP_ID)  # fmt: skip


# --- issuing -----------------------------------------------------------------------------------
async def test_issue_refuses_when_a_unit_is_bk(env: Env) -> None:
    await assess(env, [UnitResult(UNITS[0], "K"), UnitResult(UNITS[1], "BK"), UnitResult(UNITS[2], "K")])
    with pytest.raises(IncompleteAssessment) as refused:
        await issue(env)
    assert refused.value.not_competent == (UNITS[1],) and refused.value.missing == ()
    assert env.t.certificates == {} and env.t.sequences == {} and env.t.keys == {}
    assert "certificate.issue" not in env.t.actions()


async def test_issue_refuses_when_a_unit_is_not_assessed(env: Env) -> None:
    await assess(env, [UnitResult(UNITS[0], "K"), UnitResult(UNITS[1], "K")])
    with pytest.raises(IncompleteAssessment) as refused:
        await issue(env)
    assert refused.value.missing == (UNITS[2],)
    assert env.t.certificates == {}


async def test_issue_when_all_units_k_numbers_signs_and_audits(env: Env) -> None:
    a = await assess(env, all_k())
    detail = await issue(env)
    c = detail.certificate
    assert c.number == "LSP-PAS/SKM-LAS/2025/000001"
    assert (c.status, c.unit_codes, c.issued_on, c.valid_until) == ("active", UNITS, TODAY, date(2028, 6, 2))
    assert c.assessment_id == a.id and c.inmate_id == PERSON_ID
    [key] = env.t.keys.values()
    assert c.key_id == key.key_id and service.check_signature(detail, key) is None
    issued = [e for e in env.t.audit if e.action == "certificate.issue"]
    assert len(issued) == 1 and issued[0].detail["number"] == c.number and issued[0].subject_inmate_id == PERSON_ID


async def test_a_k_unit_reassessed_bk_later_blocks_issue(env: Env) -> None:
    await assess(env, [UnitResult(UNITS[0], "BK"), UnitResult(UNITS[1], "K"), UnitResult(UNITS[2], "K")])
    await assess(env, [UnitResult(UNITS[0], "K")])  # latest result per unit counts
    detail = await issue(env)
    assert detail.certificate.unit_codes == UNITS


async def test_second_live_certificate_is_refused(env: Env) -> None:
    await assess(env, all_k())
    await issue(env)
    with pytest.raises(ActiveCertificateExists):
        await issue(env)
    assert len(env.t.certificates) == 1


async def test_issue_outside_own_lsp_is_out_of_scope(env: Env) -> None:
    await assess(env, all_k())
    with pytest.raises(OutOfScope):
        await issue(env, lsp_scope=OTHER_LSP_ID)
    assert env.t.certificates == {}


async def test_numbers_taken_by_hand_made_certificates_are_skipped(env: Env) -> None:
    env.t.inmates[PERSON_ID + 1] = person(PERSON_ID + 1)
    await env.stores.certificates.add(
        number="LSP-PAS/SKM-LAS/2025/000001", inmate_id=PERSON_ID + 1, scheme_id=SCHEME_ID, lsp_id=LSP_ID,
        unit_codes=UNITS, issued_on=TODAY, valid_until=date(2028, 6, 2), assessment_id=None, renewed_from_id=None,
    )  # fmt: skip
    await assess(env, all_k())
    assert (await issue(env)).certificate.number == "LSP-PAS/SKM-LAS/2025/000002"


# --- lifecycle ---------------------------------------------------------------------------------
async def test_revoke_writes_an_audit_event(env: Env) -> None:
    await assess(env, all_k())
    number = (await issue(env)).certificate.number
    revoked = await service.revoke(env.stores, ASSESSOR, number, "  data palsu  ", clock=env.clock)
    assert (revoked.status, revoked.status_reason, revoked.status_by) == ("revoked", "data palsu", ASSESSOR.user_id)
    event = env.t.audit[-1]
    assert (event.action, event.object_type, event.subject_inmate_id) == (
        "certificate.revoke",
        "certificate",
        PERSON_ID,
    )
    assert event.reason == "data palsu" and event.actor == ASSESSOR
    assert event.detail["from"] == "active" and event.detail["to"] == "revoked" and event.detail["number"] == number


async def test_revoke_without_reason_or_twice_is_refused_without_audit(env: Env) -> None:
    await assess(env, all_k())
    number = (await issue(env)).certificate.number
    before = len(env.t.audit)
    with pytest.raises(InvalidInput):
        await service.revoke(env.stores, ASSESSOR, number, " ", clock=env.clock)
    await service.revoke(env.stores, ASSESSOR, number, "dicabut", clock=env.clock)
    with pytest.raises(InvalidTransition):
        await service.revoke(env.stores, ASSESSOR, number, "lagi", clock=env.clock)
    assert env.t.actions()[before:] == ["certificate.revoke"]


async def test_suspend_then_unsuspend_and_scope(env: Env) -> None:
    await assess(env, all_k())
    number = (await issue(env)).certificate.number
    with pytest.raises(CertificateNotFound):  # another LSP's certificate reads as an unknown number
        await service.suspend(env.stores, ASSESSOR, number, "cek", None, clock=env.clock, lsp_scope=OTHER_LSP_ID)
    until = TODAY + timedelta(days=30)
    s = await service.suspend(env.stores, ASSESSOR, number, "pemeriksaan", until, clock=env.clock)
    assert rules.derive_status(s, TODAY).state == "suspended" and s.suspended_until == until
    u = await service.unsuspend(env.stores, ASSESSOR, number, "selesai", clock=env.clock)
    assert rules.derive_status(u, TODAY).state == "active"
    assert env.t.actions()[-2:] == ["certificate.suspend", "certificate.unsuspend"]


async def test_renew_needs_new_assessments_and_links_the_old_certificate(env: Env) -> None:
    await assess(env, all_k())
    old = (await issue(env)).certificate
    with pytest.raises(IncompleteAssessment):  # the old certificate consumed those assessments
        await service.renew(env.stores, ASSESSOR, old.number, "surveillance", clock=env.clock, keystore=env.keys)
    assert env.t.certificates[old.id].status == "active"  # the failed renewal was rolled back
    await assess(env, all_k(), on=TODAY)
    new = await service.renew(env.stores, ASSESSOR, old.number, "surveillance", clock=env.clock, keystore=env.keys)
    assert new.renewed_from_number == old.number and new.renewal_kind == "surveillance"
    assert env.t.certificates[old.id].status == "renewed"
    assert env.t.actions()[-1] == "certificate.renew"


# --- verification and keys ---------------------------------------------------------------------
async def test_verify_checks_the_signature_against_stored_facts(env: Env) -> None:
    await assess(env, all_k())
    c = (await issue(env)).certificate
    v = await service.verify_by_number(env.stores, c.number, clock=env.clock)
    assert v.signature_valid and v.holder_initials == "B. S." and v.status.state == "active"
    assert "certificate.verify" not in env.t.actions()  # anonymous: counted per day, not audited
    assert env.t.verification_counts == {(c.id, env.clock.today()): 1}
    await service.verify_by_number(env.stores, c.number, clock=env.clock, actor=ASSESSOR)
    assert env.t.actions()[-1] == "certificate.verify"  # signed in: an audit event
    env.t.certificates[c.id] = replace(c, valid_until=date(2035, 1, 1), signature=env.t.certificates[c.id].signature)
    tampered = await service.verify_by_number(env.stores, c.number, clock=env.clock)
    assert not tampered.signature_valid and tampered.signature_problem


async def test_verify_unknown_number_is_not_found(env: Env) -> None:
    from certification.errors import CertificateNotFound

    with pytest.raises(CertificateNotFound):
        await service.verify_by_number(env.stores, "NOPE/1", clock=env.clock)


async def test_rotate_key_keeps_old_key_published_and_audits(env: Env) -> None:
    await assess(env, all_k())
    c = (await issue(env)).certificate
    await service.revoke(env.stores, ASSESSOR, c.number, "dicabut", clock=env.clock)
    new = await service.rotate_key(env.stores, ASSESSOR, LSP_ID, keystore=env.keys)
    assert new.key_id != c.key_id and env.t.keys[c.key_id or ""].retired_at is not None
    assert env.t.audit[-1].action == "key.rotate" and env.t.audit[-1].detail["retired"] == c.key_id
    doc = await service.published_keys(env.stores)
    assert doc["revoked_sha256"] == [number_hash(c.number)]
    published = doc["keys"]
    assert isinstance(published, list) and [k["status"] for k in published] == ["retired", "active"]


async def test_sign_unsigned_signs_each_once(env: Env) -> None:
    await env.stores.certificates.add(
        number="IMPOR/1", inmate_id=PERSON_ID, scheme_id=SCHEME_ID, lsp_id=LSP_ID, unit_codes=UNITS,
        issued_on=TODAY, valid_until=date(2028, 6, 2), assessment_id=None, renewed_from_id=None,
    )  # fmt: skip
    assert await service.sign_unsigned(env.stores, ASSESSOR, keystore=env.keys) == 1
    assert await service.sign_unsigned(env.stores, ASSESSOR, keystore=env.keys) == 0
    assert env.t.actions() == ["certificate.sign_unsigned"]
    v = await service.verify_by_number(env.stores, "IMPOR/1", clock=env.clock)
    assert v.signature_valid

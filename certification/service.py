"""Certification use cases: record assessments, issue, suspend, unsuspend, revoke, renew, verify,
and export as Verifiable Credentials with the DID documents and status lists that check them.

Every use case takes ``stores`` (``certification.ports.CertificationStores``: the stores of one
database connection, built by the caller; api/certificates/stores.py adapts the repositories).
Each write runs in one ``stores.transaction()`` (a savepoint when the caller already has one)
together with its audit event. Rules live in certification.rules; SQL lives in the repositories
behind the stores, never here.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from certification import credentials, dids, proofs, rules, status_lists
from certification.errors import (
    ActiveCertificateExists,
    CertificateNotFound,
    InvalidInput,
    OutOfScope,
)
from certification.ports import CertificateStore, CertificationStores, Clock, KeyStore
from certification.signing import (
    PublishedKey,
    b64url,
    canonical_json,
    certificate_facts,
    keys_document,
    verify_signature,
)
from models.errors import Conflict, NotFound
from models.records import (
    Actor,
    Assessment,
    Certificate,
    CertificateDetail,
    CertificateStatusEntry,
    Inmate,
    LspKey,
    Scheme,
    SigningKey,
    UnitResult,
)

PUBLIC = Actor(user_id=None, role="public")


class SystemClock:
    """The real clock; tests pass their own."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class NewAssessment:
    inmate_id: int
    scheme_id: int
    assessor_id: int
    assessed_on: date
    results: tuple[UnitResult, ...]
    tuk_id: int | None = None


def _check_scope(lsp_id: int, lsp_scope: int | None) -> None:
    if lsp_scope is not None and lsp_id != lsp_scope:
        raise OutOfScope("this scheme or certificate belongs to another LSP")


# --- assessments -------------------------------------------------------------------------------
class OutOfReach(NotFound):
    """The person is unknown, erased, or not enrolled with the LSP: one 'not found' for all three,
    so an assessor learns nothing about people outside the own LSP."""

    def __init__(self, inmate_id: int, lsp_id: int) -> None:
        super().__init__("inmate", inmate_id)
        self.lsp_id = lsp_id


async def _assessable_person(stores: CertificationStores, inmate_id: int, lsp_id: int) -> Inmate:
    """The person, if within the LSP's reach (``rules.person_in_lsp_scope``); else OutOfReach."""
    try:
        person = await stores.inmates.get(inmate_id)
    except NotFound:
        raise OutOfReach(inmate_id, lsp_id) from None
    lsp = await stores.catalogue.get_lsp(lsp_id)
    enrolled = lsp.home_facility_id is None and await stores.enrolments.is_enrolled(lsp_id, inmate_id)
    if person.anonymised_at is not None or not rules.person_in_lsp_scope(lsp, person.facility_id, enrolled):
        raise OutOfReach(inmate_id, lsp_id)
    return person


async def _audit_refusal(stores: CertificationStores, actor: Actor, exc: OutOfReach, attempt: str) -> None:
    """Record a refused attempt on a person outside the LSP's reach. Called after the attempt's
    transaction rolled back, so the refusal itself stays on record."""
    await stores.audit.add(
        actor,
        "assessee.refused",
        "inmate",
        exc.key,
        subject_inmate_id=exc.key if isinstance(exc.key, int) else None,
        reason="not enrolled with this LSP",
        detail={"attempt": attempt, "lsp_id": exc.lsp_id},
    )


async def record_assessment(
    stores: CertificationStores,
    actor: Actor,
    new: NewAssessment,
    *,
    clock: Clock,
    lsp_scope: int | None = None,
    for_renewal_of: Certificate | None = None,
) -> Assessment:
    """Record one assessment of one person against one scheme, after checking every rule.

    The person must be within the scheme's LSP's reach (enrolled, or in a P1 LSP's own facility);
    otherwise ``OutOfReach`` (a ``NotFound``), and the refusal is audited. ``for_renewal_of``: a
    certificate of this person, scheme and LSP that the holder's claim code opened
    (certification.holder_service.assess_for_renewal): its holder is within reach even when the
    profile was erased, so the certificate can be renewed during its validity.
    """
    if for_renewal_of is not None and (
        for_renewal_of.inmate_id != new.inmate_id or for_renewal_of.scheme_id != new.scheme_id
    ):
        raise OutOfReach(new.inmate_id, for_renewal_of.lsp_id)
    try:
        return await _record_assessment(stores, actor, new, clock=clock, lsp_scope=lsp_scope,
                                        by_certificate=for_renewal_of is not None)  # fmt: skip
    except OutOfReach as exc:
        await _audit_refusal(stores, actor, exc, "assessment.record")
        raise


async def _record_assessment(
    stores: CertificationStores,
    actor: Actor,
    new: NewAssessment,
    *,
    clock: Clock,
    lsp_scope: int | None,
    by_certificate: bool = False,
) -> Assessment:
    cat = stores.catalogue
    async with stores.transaction():
        scheme = await cat.get_scheme(new.scheme_id)
        _check_scope(scheme.lsp_id, lsp_scope)
        if not by_certificate:
            await _assessable_person(stores, new.inmate_id, scheme.lsp_id)
        assessor = await cat.get_assessor(new.assessor_id)
        tuk = None if new.tuk_id is None else await cat.get_tuk(new.tuk_id)
        certs = stores.certificates
        await certs.lock_pair(new.inmate_id, new.scheme_id)
        prior = await _open_latest(stores, new.inmate_id, new.scheme_id)
        rules.check_assessment(
            scheme=scheme,
            assessor=assessor,
            tuk=tuk,
            assessed_on=new.assessed_on,
            results=new.results,
            today=clock.today(),
            prior_latest=prior,
        )
        assessment = await stores.assessments.add(
            inmate_id=new.inmate_id,
            scheme_id=new.scheme_id,
            assessor_id=new.assessor_id,
            tuk_id=new.tuk_id,
            assessed_on=new.assessed_on,
            results=new.results,
            created_by=actor.user_id,
        )
        await stores.audit.add(
            actor,
            "assessment.record",
            "assessment",
            assessment.id,
            subject_inmate_id=new.inmate_id,
            detail={
                "scheme": scheme.code,
                "assessor_id": new.assessor_id,
                "results": {r.unit_code: r.result for r in new.results},
            },
        )
        return assessment


async def _open_assessments(stores: CertificationStores, inmate_id: int, scheme_id: int) -> list[Assessment]:
    consumed = await stores.certificates.last_consumed_assessment(inmate_id, scheme_id)
    return rules.open_assessments(await stores.assessments.list_for(inmate_id, scheme_id), consumed)


async def _open_latest(stores: CertificationStores, inmate_id: int, scheme_id: int) -> dict[str, UnitResult]:
    return rules.latest_results(await _open_assessments(stores, inmate_id, scheme_id))


@dataclass(frozen=True)
class SchemeProgress:
    """Where one person stands in one scheme: each unit's latest open result and any live certificate."""

    scheme: Scheme
    units: tuple[rules.UnitProgress, ...]
    live: Certificate | None = None  # active or suspended certificate for the scheme
    live_status: rules.Status | None = None  # its status today (an expired one can be re-issued)

    @property
    def open_units(self) -> tuple[str, ...]:
        """Units still to assess (BK or not yet assessed in this cycle)."""
        return tuple(u.unit_code for u in self.units if u.open)

    @property
    def assessed(self) -> bool:
        """Any unit has a result in this cycle."""
        return any(u.result is not None for u in self.units)

    @property
    def issuable(self) -> bool:
        """Every unit K and no certificate in force: ``issue_certificate`` would issue."""
        blocked = self.live_status is not None and self.live_status.state != rules.EXPIRED
        return bool(self.units) and not self.open_units and not blocked


async def assessment_progress(
    stores: CertificationStores,
    actor: Actor,
    inmate_id: int,
    *,
    lsp_id: int,
    scheme_id: int | None = None,
    clock: Clock,
    lsp_scope: int | None = None,
) -> tuple[SchemeProgress, ...]:
    """The person's progress in one scheme of the LSP, or in each of its schemes: what the
    assessment form and the asesi page show.

    Refused (``OutOfReach``, audited) unless the person is within the LSP's reach; the read is
    one audit event.
    """
    _check_scope(lsp_id, lsp_scope)
    try:
        async with stores.transaction():
            await _assessable_person(stores, inmate_id, lsp_id)
            if scheme_id is None:
                schemes = list(await stores.catalogue.list_schemes(lsp_id))
            else:
                schemes = [await stores.catalogue.get_scheme(scheme_id)]
                _check_scope(schemes[0].lsp_id, lsp_id)
            out = []
            for scheme in schemes:
                opened = await _open_assessments(stores, inmate_id, scheme.id)
                live = await stores.certificates.live_for(inmate_id, scheme.id)
                status = None if live is None else rules.derive_status(live, clock.today())
                out.append(SchemeProgress(scheme, rules.unit_progress(scheme, opened), live, status))
            await stores.audit.add(
                actor,
                "assessment.progress",
                "inmate",
                inmate_id,
                subject_inmate_id=inmate_id,
                detail={"schemes": [p.scheme.code for p in out]},
            )
            return tuple(out)
    except OutOfReach as exc:
        await _audit_refusal(stores, actor, exc, "assessment.progress")
        raise


# --- signing -----------------------------------------------------------------------------------
async def _signing_key(stores: CertificationStores, keystore: KeyStore, lsp_id: int, lsp_code: str) -> SigningKey:
    """The LSP's active key, generated on first use (serialised per LSP)."""
    keys = stores.signing_keys
    key = await keys.active_for_lsp(lsp_id)
    if key is None:
        await keys.lock_lsp(lsp_id)
        key = await keys.active_for_lsp(lsp_id)
        if key is None:
            key_id, public = keystore.create(lsp_code)
            key = await keys.add(key_id, lsp_id, public)
    return key


def facts_of(detail: CertificateDetail, key_id: str) -> dict[str, object]:
    c = detail.certificate
    return certificate_facts(
        number=c.number,
        lsp_code=detail.lsp_code,
        scheme_code=detail.scheme_code,
        scheme_title=detail.scheme_title,
        unit_codes=c.unit_codes,
        holder_id=detail.holder_id,
        holder_name=detail.holder_name,
        issued_on=c.issued_on,
        valid_until=c.valid_until,
        key_id=key_id,
    )


async def _sign(stores: CertificationStores, keystore: KeyStore, cert_id: int) -> CertificateDetail:
    certs = stores.certificates
    detail = await certs.detail(cert_id)
    key = await _signing_key(stores, keystore, detail.certificate.lsp_id, detail.lsp_code)
    signature = b64url(keystore.sign(key.key_id, canonical_json(facts_of(detail, key.key_id))))
    await certs.set_signature(cert_id, key.key_id, signature)
    return await certs.detail(cert_id)


def check_signature(detail: CertificateDetail, key: SigningKey | None) -> str | None:
    """None when the stored signature matches the stored facts; else a plain reason."""
    c = detail.certificate
    if not c.signature or not c.key_id:
        return "sertifikat belum ditandatangani"
    if key is None:
        return "kunci penandatangan tidak dikenal"
    if not verify_signature(key.public_key, canonical_json(facts_of(detail, key.key_id)), c.signature):
        return "tanda tangan tidak cocok dengan data sertifikat"
    if key.retired_at is not None and c.issued_on > key.retired_at.date():
        return "kunci tidak berlaku pada tanggal terbit"
    return None


async def sign_unsigned(stores: CertificationStores, actor: Actor, *, keystore: KeyStore) -> int:
    """Sign every certificate that has no signature yet (e.g. after loading demo data)."""
    async with stores.transaction():
        ids = await stores.certificates.unsigned_ids()
        for cert_id in ids:
            await _sign(stores, keystore, cert_id)
        if ids:
            await stores.audit.add(actor, "certificate.sign_unsigned", "certificate", None, detail={"count": len(ids)})
        return len(ids)


async def rotate_key(stores: CertificationStores, actor: Actor, lsp_id: int, *, keystore: KeyStore) -> SigningKey:
    """Retire the LSP's active key (it stays published and keeps verifying) and start a new one."""
    async with stores.transaction():
        lsp = await stores.catalogue.get_lsp(lsp_id)
        keys = stores.signing_keys
        await keys.lock_lsp(lsp_id)
        old = await keys.active_for_lsp(lsp_id)
        if old is not None:
            await keys.retire(old.key_id)
        key_id, public = keystore.create(lsp.code)
        new = await keys.add(key_id, lsp_id, public)
        await stores.audit.add(
            actor, "key.rotate", "signing_key", key_id, detail={"lsp": lsp.code, "retired": old and old.key_id}
        )
        return new


# --- issuing -----------------------------------------------------------------------------------
async def _new_number(stores: CertificationStores, scheme: Scheme, lsp_id: int, issued_on: date) -> str:
    cat = stores.catalogue
    certs = stores.certificates
    lsp = await cat.get_lsp(lsp_id)
    scope = rules.sequence_scope(lsp.number_format, scheme.id, issued_on.year)
    for _ in range(1000):  # skip numbers taken by hand-made or imported certificates
        seq = await certs.next_sequence(lsp_id, *scope)
        number = rules.format_number(
            lsp.number_format, lsp_code=lsp.code, scheme_code=scheme.code, year=issued_on.year, seq=seq
        )
        if not await certs.number_taken(number):
            return number
    raise Conflict("could not find a free certificate number")


async def _issue_from_open_results(
    stores: CertificationStores,
    actor: Actor,
    *,
    inmate_id: int,
    scheme: Scheme,
    today: date,
    keystore: KeyStore,
    renewed_from: Certificate | None,
    renewal_kind: str | None,
) -> CertificateDetail:
    opened = await _open_assessments(stores, inmate_id, scheme.id)
    unit_codes = rules.check_issuable(scheme, rules.latest_results(opened))
    certs = stores.certificates
    if renewed_from is not None:
        reason = f"diperbarui ({renewal_kind})"
        await certs.set_status(
            renewed_from.id, status=rules.RENEWED, reason=reason, by=actor.user_id, renewal_kind=None
        )
    number = await _new_number(stores, scheme, scheme.lsp_id, today)
    try:
        async with stores.transaction():
            cert_id = await certs.add(
                number=number,
                inmate_id=inmate_id,
                scheme_id=scheme.id,
                lsp_id=scheme.lsp_id,
                unit_codes=unit_codes,
                issued_on=today,
                valid_until=rules.valid_until(today, scheme.validity_years),
                assessment_id=max(a.id for a in opened),
                renewed_from_id=None if renewed_from is None else renewed_from.id,
            )
    except Conflict as exc:
        raise ActiveCertificateExists(f"a live certificate for scheme {scheme.code} already exists") from exc
    if renewal_kind is not None:
        await certs.set_renewal_kind(cert_id, renewal_kind)
    detail = await _sign(stores, keystore, cert_id)
    await stores.audit.add(
        actor,
        "certificate.renew" if renewed_from is not None else "certificate.issue",
        "certificate",
        cert_id,
        subject_inmate_id=inmate_id,
        detail={
            "number": number,
            "scheme": scheme.code,
            "renewed_from": None if renewed_from is None else renewed_from.number,
            "kind": renewal_kind,
        },
    )
    facts: dict[str, object] = {"certificate_id": cert_id, "number": number, "scheme": scheme.code}
    await stores.events.record("issued", {**facts, "inmate_id": inmate_id})
    return detail


async def issue_certificate(
    stores: CertificationStores,
    actor: Actor,
    inmate_id: int,
    scheme_id: int,
    *,
    clock: Clock,
    keystore: KeyStore,
    lsp_scope: int | None = None,
) -> CertificateDetail:
    """Issue when every unit of the scheme has a latest result of K; nothing is written otherwise.

    A live certificate that has only expired by date is renewed (linked) rather than duplicated.
    A person outside the LSP's reach is ``OutOfReach`` (audited), as for assessments.
    """
    try:
        return await _issue_certificate(stores, actor, inmate_id, scheme_id, clock=clock, keystore=keystore,
                                        lsp_scope=lsp_scope)  # fmt: skip
    except OutOfReach as exc:
        await _audit_refusal(stores, actor, exc, "certificate.issue")
        raise


async def _issue_certificate(
    stores: CertificationStores,
    actor: Actor,
    inmate_id: int,
    scheme_id: int,
    *,
    clock: Clock,
    keystore: KeyStore,
    lsp_scope: int | None,
) -> CertificateDetail:
    today = clock.today()
    async with stores.transaction():
        certs = stores.certificates
        cat = stores.catalogue
        scheme = await cat.get_scheme(scheme_id)
        _check_scope(scheme.lsp_id, lsp_scope)
        await _assessable_person(stores, inmate_id, scheme.lsp_id)
        await certs.lock_pair(inmate_id, scheme_id)
        rules.check_licence(await cat.get_lsp(scheme.lsp_id), today)
        live = await certs.live_for(inmate_id, scheme_id)
        if live is not None and rules.derive_status(live, today).state != rules.EXPIRED:
            raise ActiveCertificateExists(
                f"certificate {live.number} for scheme {scheme.code} is still {live.status}", "scheme_id"
            )
        return await _issue_from_open_results(
            stores,
            actor,
            inmate_id=inmate_id,
            scheme=scheme,
            today=today,
            keystore=keystore,
            renewed_from=live,
            renewal_kind="recertification" if live is not None else None,
        )


async def renew(
    stores: CertificationStores,
    actor: Actor,
    number: str,
    kind: str,
    *,
    clock: Clock,
    keystore: KeyStore,
    lsp_scope: int | None = None,
) -> CertificateDetail:
    """A new certificate linked to the old one, from assessments recorded since the old one.

    ``kind`` is surveillance or recertification; either way every unit of the scheme must have a
    K result from an assessment recorded after the old certificate was issued.
    """
    if kind not in rules.RENEWAL_KINDS:
        raise InvalidInput(f"renewal kind must be one of {', '.join(rules.RENEWAL_KINDS)}", "kind")
    try:
        return await _renew(stores, actor, number, kind, clock=clock, keystore=keystore, lsp_scope=lsp_scope)
    except ElsewhereCertificate as exc:
        await audit_elsewhere(stores, actor, exc, "certificate.renew")
        raise


async def _renew(
    stores: CertificationStores, actor: Actor, number: str, kind: str, *, clock: Clock, keystore: KeyStore,
    lsp_scope: int | None,
) -> CertificateDetail:  # fmt: skip
    today = clock.today()
    async with stores.transaction():
        certs = stores.certificates
        old = await _locked(certs, number, lsp_scope)
        await certs.lock_pair(old.inmate_id, old.scheme_id)
        rules.check_transition(old, "renew", today)
        cat = stores.catalogue
        scheme = await cat.get_scheme(old.scheme_id)
        rules.check_licence(await cat.get_lsp(scheme.lsp_id), today)
        return await _issue_from_open_results(
            stores,
            actor,
            inmate_id=old.inmate_id,
            scheme=scheme,
            today=today,
            keystore=keystore,
            renewed_from=old,
            renewal_kind=kind,
        )


# --- lifecycle ---------------------------------------------------------------------------------
class ElsewhereCertificate(CertificateNotFound):
    """Another LSP's certificate: answered exactly like an unknown number (issue 13 row 11: one
    "not found" for "not yours" and "does not exist"), and the attempt is audited."""

    def __init__(self, number: str, cert: Certificate) -> None:
        super().__init__(number)
        self.cert = cert


def _in_scope(cert: Certificate, number: str, lsp_scope: int | None) -> Certificate:
    if lsp_scope is not None and cert.lsp_id != lsp_scope:
        raise ElsewhereCertificate(number, cert)
    return cert


async def audit_elsewhere(stores: CertificationStores, actor: Actor, exc: ElsewhereCertificate, attempt: str) -> None:
    """Record a refused attempt on another LSP's certificate, after its transaction rolled back."""
    await stores.audit.add(actor, "certificate.refused", "certificate", exc.cert.id, reason="another LSP's certificate",
                           detail={"attempt": attempt})  # fmt: skip


async def _locked(certs: CertificateStore, number: str, lsp_scope: int | None) -> Certificate:
    cert = await certs.find_by_number(number, for_update=True)
    if cert is None:
        raise CertificateNotFound(number)
    return _in_scope(cert, number, lsp_scope)


async def _change(
    stores: CertificationStores,
    actor: Actor,
    number: str,
    action: str,
    reason: str | None,
    *,
    clock: Clock,
    lsp_scope: int | None,
    until: date | None = None,
) -> Certificate:
    try:
        return await _change_in_scope(stores, actor, number, action, reason, clock=clock, lsp_scope=lsp_scope,
                                      until=until)  # fmt: skip
    except ElsewhereCertificate as exc:
        await audit_elsewhere(stores, actor, exc, f"certificate.{action}")
        raise


async def _change_in_scope(
    stores: CertificationStores,
    actor: Actor,
    number: str,
    action: str,
    reason: str | None,
    *,
    clock: Clock,
    lsp_scope: int | None,
    until: date | None = None,
) -> Certificate:
    today = clock.today()
    text = rules.check_reason(reason)
    async with stores.transaction():
        certs = stores.certificates
        cert = await _locked(certs, number, lsp_scope)
        before = rules.check_transition(cert, action, today)
        if action == "suspend":
            rules.check_suspension(until, today, cert.valid_until)
        status = {"suspend": rules.SUSPENDED, "unsuspend": rules.ACTIVE, "revoke": rules.REVOKED}[action]
        updated = await certs.set_status(cert.id, status=status, reason=text, by=actor.user_id, suspended_until=until)
        await stores.audit.add(
            actor,
            f"certificate.{action}",
            "certificate",
            cert.id,
            subject_inmate_id=cert.inmate_id,
            reason=text,
            detail={"number": number, "from": before.state, "to": status, "until": until},
        )
        scheme_code = (await stores.catalogue.get_scheme(cert.scheme_id)).code
        change = {"suspend": "suspended", "unsuspend": "unsuspended", "revoke": "revoked"}[action]
        await stores.events.record(change, {"certificate_id": cert.id, "number": number, "scheme": scheme_code,
                                            "inmate_id": cert.inmate_id})  # fmt: skip
        return updated


async def suspend(
    stores: CertificationStores,
    actor: Actor,
    number: str,
    reason: str,
    until: date | None,
    *,
    clock: Clock,
    lsp_scope: int | None = None,
) -> Certificate:
    """Dibekukan: reversible; ends by itself after ``until`` when given."""
    return await _change(stores, actor, number, "suspend", reason, clock=clock, lsp_scope=lsp_scope, until=until)


async def unsuspend(
    stores: CertificationStores, actor: Actor, number: str, reason: str, *, clock: Clock, lsp_scope: int | None = None
) -> Certificate:
    return await _change(stores, actor, number, "unsuspend", reason, clock=clock, lsp_scope=lsp_scope)


async def revoke(
    stores: CertificationStores, actor: Actor, number: str, reason: str, *, clock: Clock, lsp_scope: int | None = None
) -> Certificate:
    """Final: the certificate stays visible as revoked, with reason, who and when."""
    return await _change(stores, actor, number, "revoke", reason, clock=clock, lsp_scope=lsp_scope)


# --- reading and verification ------------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    """What the public verify page and JSON show: no name, only initials."""

    number: str
    status: rules.Status
    scheme_code: str
    scheme_title: str
    units: tuple[tuple[str, str], ...]
    lsp_code: str
    lsp_name: str
    issued_on: date
    valid_until: date
    holder_initials: str
    signature_valid: bool
    signature_problem: str | None
    key_id: str | None
    renewed_from: str | None
    renewed_to: str | None


async def verify_by_number(
    stores: CertificationStores, number: str, *, clock: Clock, actor: Actor = PUBLIC
) -> Verification:
    """Live status and signature check of one certificate; CertificateNotFound if unknown.

    A public (anonymous) check adds one to the certificate's count of the day; a signed-in
    ``actor``'s check is an audit event."""
    async with stores.transaction():
        certs = stores.certificates
        cert = await certs.find_by_number(number)
        if cert is None and rules.normalise_number(number) != number:
            cert = await certs.find_by_number(rules.normalise_number(number))
        if cert is None:
            raise CertificateNotFound(number)
        detail = await certs.detail(cert.id)
        key = None
        if cert.key_id:
            try:
                key = await stores.signing_keys.get(cert.key_id)
            except NotFound:
                key = None
        problem = check_signature(detail, key)
        if actor.user_id is None:  # anonymous: a count per certificate per day, not an audit row each
            await stores.verification_counts.count(cert.id, clock.today())
        else:  # a signed-in read of the certificate stays an individual audit event
            await stores.audit.add(
                actor, "certificate.verify", "certificate", cert.id, subject_inmate_id=cert.inmate_id
            )
    return Verification(
        number=cert.number,
        status=rules.derive_status(cert, clock.today()),
        scheme_code=detail.scheme_code,
        scheme_title=detail.scheme_title,
        units=tuple((u.code, u.title) for u in detail.units),
        lsp_code=detail.lsp_code,
        lsp_name=detail.lsp_name,
        issued_on=cert.issued_on,
        valid_until=cert.valid_until,
        holder_initials=rules.initials(detail.holder_name),
        signature_valid=problem is None,
        signature_problem=problem,
        key_id=cert.key_id,
        renewed_from=detail.renewed_from_number,
        renewed_to=detail.renewed_to_number,
    )


async def get_certificate(
    stores: CertificationStores, actor: Actor, number: str, *, purpose: str = "view", lsp_scope: int | None = None
) -> CertificateDetail:
    """Full certificate (with the holder's name) for its LSP's staff; the read is audited.
    Another LSP's certificate is ``ElsewhereCertificate``, a plain "not found" (audited)."""
    try:
        async with stores.transaction():
            certs = stores.certificates
            cert = await certs.find_by_number(number)
            if cert is None:
                raise CertificateNotFound(number)
            _in_scope(cert, number, lsp_scope)
            detail = await certs.detail(cert.id)
            await stores.audit.add(
                actor, f"certificate.{purpose}", "certificate", cert.id, subject_inmate_id=cert.inmate_id
            )
            return detail
    except ElsewhereCertificate as exc:
        await audit_elsewhere(stores, actor, exc, f"certificate.{purpose}")
        raise


async def published_keys(stores: CertificationStores) -> dict[str, object]:
    """The well-known keys document: every LSP public key with its validity, revoked number hashes."""
    rows = await stores.signing_keys.list_published()
    revoked = await stores.certificates.revoked_numbers()
    keys: Sequence[PublishedKey] = [
        PublishedKey(r.key.key_id, r.lsp_code, r.lsp_name, r.key.public_key, r.key.created_at, r.key.retired_at)
        for r in rows
    ]
    return keys_document(keys, revoked)


# --- verifiable credentials (W3C VC 2.0 / Open Badges 3.0) --------------------------------------
async def _status_entry(stores: CertificationStores, cert: Certificate) -> CertificateStatusEntry:
    """The certificate's position in its LSP's status lists, drawn at random on first use.

    A list that keeps answering "taken" is crowded: after 16 draws in a row the next list opens.
    """
    entries = stores.certificate_status
    entry = await entries.get(cert.id)
    if entry is not None:
        return entry
    list_no = await entries.current_list(cert.lsp_id)
    for attempt in range(1, 65):
        entry = await entries.add(
            certificate_id=cert.id,
            lsp_id=cert.lsp_id,
            list_no=list_no,
            status_index=secrets.randbelow(status_lists.LIST_SIZE),
            holder_salt=secrets.token_urlsafe(16),
        )
        if entry is None:
            entry = await entries.get(cert.id)  # a concurrent export drew it first
        if entry is not None:
            return entry
        if attempt % 16 == 0:
            list_no += 1
    raise Conflict(f"no free status list position for certificate {cert.number}")


async def status_entry(stores: CertificationStores, cert: Certificate) -> CertificateStatusEntry:
    """The certificate's status list position and holder salt (drawn on first use)."""
    return await _status_entry(stores, cert)


def _signed(doc: dict[str, Any], did: str, key: SigningKey, keystore: KeyStore, clock: Clock) -> dict[str, Any]:
    return proofs.add_proof(
        doc,
        verification_method=dids.verification_method_id(did, key.key_id),
        created=clock.now(),
        sign=lambda message: keystore.sign(key.key_id, message),
    )


async def export_credential(
    stores: CertificationStores,
    actor: Actor,
    number: str,
    *,
    keystore: KeyStore,
    clock: Clock,
    base_url: str,
    lsp_scope: int | None = None,
    holder_name: str | None = None,
) -> dict[str, Any]:
    """The certificate as an OpenBadgeCredential signed now (``eddsa-jcs-2022``) by its LSP's
    active key, with its status list entries; the read is audited like any full-name read.
    ``holder_name``: the full name kept for the holder after an erasure (holder_service)."""
    try:
        return await _export_credential(stores, actor, number, keystore=keystore, clock=clock, base_url=base_url,
                                        lsp_scope=lsp_scope, holder_name=holder_name)  # fmt: skip
    except ElsewhereCertificate as exc:  # the refusal audited inside was rolled back with the rest
        await audit_elsewhere(stores, actor, exc, "certificate.export")
        raise


async def _export_credential(
    stores: CertificationStores, actor: Actor, number: str, *, keystore: KeyStore, clock: Clock, base_url: str,
    lsp_scope: int | None, holder_name: str | None,
) -> dict[str, Any]:  # fmt: skip
    async with stores.transaction():
        detail = await get_certificate(stores, actor, number, purpose="export", lsp_scope=lsp_scope)
        if holder_name:
            detail = replace(detail, holder_name=holder_name)
        cert = detail.certificate
        entry = await _status_entry(stores, cert)
        key = await _signing_key(stores, keystore, cert.lsp_id, detail.lsp_code)
    doc = credentials.build_credential(detail, base_url, entry)
    return _signed(doc, dids.lsp_did(base_url, detail.lsp_code), key, keystore, clock)


async def _lsp_keys(stores: CertificationStores, lsp_code: str) -> list[LspKey]:
    """Every key the LSP ever had, oldest first; NotFound for an LSP that never signed."""
    rows = [r for r in await stores.signing_keys.list_published() if r.lsp_code == lsp_code]
    if not rows:
        raise NotFound("lsp", lsp_code)
    return rows


async def lsp_did_document(stores: CertificationStores, base_url: str, lsp_code: str) -> dict[str, Any]:
    """The LSP's DID document: all its keys, active and retired, as assertion methods."""
    rows = await _lsp_keys(stores, lsp_code)
    keys = [dids.DidKey(r.key.key_id, r.key.public_key) for r in rows]
    return dids.lsp_did_document(dids.lsp_did(base_url, lsp_code), keys)


async def deployment_did_document(stores: CertificationStores, base_url: str) -> dict[str, Any]:
    """The deployment's DID document, naming the DID of every LSP that signs here."""
    codes = {r.lsp_code for r in await stores.signing_keys.list_published()}
    return dids.deployment_did_document(dids.deployment_did(base_url), [dids.lsp_did(base_url, c) for c in codes])


async def status_list_credential(
    stores: CertificationStores,
    base_url: str,
    lsp_code: str,
    list_no: int,
    purpose: str,
    *,
    keystore: KeyStore,
    clock: Clock,
) -> dict[str, Any]:
    """One of the LSP's Bitstring Status List credentials as of now, signed by its active key.

    NotFound for an unknown LSP, purpose or list number.
    """
    if purpose not in status_lists.PURPOSES:
        raise NotFound("status list", purpose)
    rows = await _lsp_keys(stores, lsp_code)
    lsp_id = rows[0].key.lsp_id
    async with stores.transaction():
        if not 0 <= list_no <= await stores.certificate_status.current_list(lsp_id):
            raise NotFound("status list", list_no)
        members = await stores.certificate_status.members(lsp_id, list_no)
        key = await _signing_key(stores, keystore, lsp_id, lsp_code)
    today = clock.today()
    did = dids.lsp_did(base_url, lsp_code)
    doc = status_lists.status_list_credential(
        status_lists.list_url(base_url, lsp_code, list_no, purpose),
        did,
        purpose,
        [m.status_index for m in members if purpose in status_lists.flags(m.certificate, today)],
        clock.now(),
    )
    return _signed(doc, did, key, keystore, clock)

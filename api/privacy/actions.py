"""Privacy use cases: consent, offence release, human review, export, erasure (NIK and offence
entry: ``api.privacy.sensitive``).

Each function takes a connection, checks the rule in ``api.privacy.rules``, writes in one
transaction and records an audit event in the same transaction (so a write without
its audit trail cannot exist). ``actor`` is who acts; the CLI acts as ``SYSTEM``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from api.privacy.crypto import DataCipher
from api.privacy.rules import ERASED_NAME, Offence, decode_offence, due_for_erasure, initials, offence_release_refusal
from api.privacy.scope import OFFICER as _OFFICER
from api.privacy.scope import OFFICER_OR_ADMIN as _OFFICER_OR_ADMIN
from api.privacy.scope import in_scope as _in_scope

# NIK and offence entry, reads and key rotation live in api.privacy.sensitive; named here too.
from api.privacy.sensitive import KEEP as KEEP
from api.privacy.sensitive import SensitiveData as SensitiveData
from api.privacy.sensitive import read_sensitive as read_sensitive
from api.privacy.sensitive import read_sensitive_data as read_sensitive_data
from api.privacy.sensitive import rotate_data_key as rotate_data_key
from api.privacy.sensitive import store_sensitive as store_sensitive
from api.privacy.sensitive import update_sensitive as update_sensitive
from models.errors import Conflict, Denied, NotFound
from models.records import Actor, Consent, ConsentEvent, HumanReview, Inmate, OffenceDisclosure
from models.repositories.applications import ApplicationRepo, ClosedApplication
from models.repositories.audit import AuditRepo
from models.repositories.inmates import InmateRepo
from models.repositories.privacy import PrivacyRepo

EXPORT_FORMAT = "binakerja-subject-export/1"


# Stage reason of the applications closed when consent to employer matching is withdrawn.
CONSENT_WITHDRAWN = "persetujuan dicabut"


@dataclass(frozen=True)
class ConsentChange:
    """A recorded consent and the open applications it closed (what the officer is shown)."""

    event: ConsentEvent
    closed: tuple[ClosedApplication, ...] = ()


async def set_consent(
    conn: asyncpg.Connection, actor: Actor, inmate_id: int, consent: Consent, note: str | None = None
) -> ConsentEvent:
    """Record the person's consent (as told to their officer); the history keeps every change."""
    return (await change_consent(conn, actor, inmate_id, consent, note)).event


async def change_consent(
    conn: asyncpg.Connection, actor: Actor, inmate_id: int, consent: Consent, note: str | None = None
) -> ConsentChange:
    """Record the person's consent; without consent to employer matching every open application
    (shortlisted, interview, offer) is closed in the same transaction, stage 'withdrawn' with reason
    "persetujuan dicabut": employers no longer see it and cannot make an offer or hire."""
    async with conn.transaction():
        inmate = await InmateRepo(conn).get(inmate_id)
        if inmate.anonymised_at is not None:
            raise NotFound("inmate", inmate_id)
        await _in_scope(conn, actor, inmate, _OFFICER)
        event = await InmateRepo(conn).set_consent(inmate_id, consent, actor.user_id, note)
        await AuditRepo(conn).add(
            actor,
            "consent.withdraw" if not consent.employer_matching and inmate.consent.employer_matching else "consent.set",
            "inmate",
            inmate_id,
            subject_inmate_id=inmate_id,
            # the note itself stays in consent_events (cleared on erasure); the append-only log
            # must not keep free text about the person
            detail={
                "before": inmate.consent.__dict__,
                "after": consent.__dict__,
            },
        )
        closed: list[ClosedApplication] = []
        if not consent.employer_matching:
            closed = await ApplicationRepo(conn).withdraw_open(inmate_id, CONSENT_WITHDRAWN, actor.user_id)
            for c in closed:
                await AuditRepo(conn).add(
                    actor, "application.withdraw", "application", c.application_id, subject_inmate_id=inmate_id,
                    reason=CONSENT_WITHDRAWN,
                    detail={"from": c.from_stage, "to": "withdrawn", "vacancy_id": c.vacancy_id},
                )  # fmt: skip
        return ConsentChange(event, tuple(closed))


async def withdraw_consent(
    conn: asyncpg.Connection, actor: Actor, inmate_id: int, note: str | None = None
) -> ConsentEvent:
    """Withdraw every consent at once: from the commit on, no employer result contains the person."""
    return await set_consent(conn, actor, inmate_id, Consent(), note or "consent withdrawn")


async def release_offence(
    conn: asyncpg.Connection, actor: Actor, application_id: int, reason: str
) -> OffenceDisclosure:
    """The person's Bapas officer releases the offence to the employer of one application.

    Allowed only at the conditional-offer stage, with the person's consent to reveal
    the offence, by an officer of the person's own Bapas (``policy.offence_release_refusal``).
    """
    if actor.role != "bapas_officer" or actor.user_id is None:
        raise Denied("only the person's Bapas officer may release offence details")
    if not reason.strip():
        raise Denied("a reason is required to release offence details")
    async with conn.transaction():
        repo = PrivacyRepo(conn)
        app = await repo.application_context(application_id, for_update=True)
        inmate = await InmateRepo(conn).get(app.inmate_id)
        scope = await repo.user_scope(actor.user_id)
        refusal = offence_release_refusal(app.stage, inmate.consent, scope.bapas_id if scope.active else None, inmate)
        if refusal is None:
            disclosure = await repo.add_disclosure(application_id, inmate.id, app.employer_id, actor.user_id, reason)
            await AuditRepo(conn).add(
                actor,
                "offence.release",
                "application",
                application_id,
                subject_inmate_id=inmate.id,
                reason=reason,
                detail={"employer_id": app.employer_id, "disclosure_id": disclosure.id},
            )
            return disclosure
        # The refused attempt is itself logged (and committed) before the error is raised.
        await AuditRepo(conn).add(
            actor, "offence.release.refused", "application", application_id, subject_inmate_id=inmate.id, reason=refusal
        )
    if refusal.startswith("offence details are released only"):
        raise Conflict(refusal)
    raise Denied(refusal)


async def refuse_release(
    conn: asyncpg.Connection, actor: Actor, application_id: int, inmate_id: int, refusal: str
) -> None:
    """Audit a release refused before it reached ``release_offence`` (the person is not in the
    officer's caseload, or the application is not the person's): refused attempts are audited too.
    The subject is named only when such a person exists."""
    async with conn.transaction():
        try:
            subject: int | None = (await InmateRepo(conn).get(inmate_id)).id
        except NotFound:
            subject = None
        await AuditRepo(conn).add(
            actor, "offence.release.refused", "application", application_id, subject_inmate_id=subject, reason=refusal,
            detail={"inmate_id": inmate_id},
        )  # fmt: skip


async def offence_for_employer(conn: asyncpg.Connection, actor: Actor, cipher: DataCipher, application_id: int) -> str:
    """The offence as released to this employer for this application, as one line; every read is logged."""
    return (await released_offence_for_employer(conn, actor, cipher, application_id)).display()


async def released_offence_for_employer(
    conn: asyncpg.Connection, actor: Actor, cipher: DataCipher, application_id: int
) -> Offence:
    """The offence (category and text) as released to this employer for this application; every
    read is logged.

    ``NotFound`` for another employer's application (no hint that it exists), ``Denied``
    when nothing was released or the person has since withdrawn consent to reveal it.
    """
    if actor.role != "employer" or actor.user_id is None:
        raise Denied("only the employer of the application reads released offence details")
    async with conn.transaction():
        repo = PrivacyRepo(conn)
        scope = await repo.user_scope(actor.user_id)
        app = await repo.application_context(application_id)
        if scope.employer_id != app.employer_id:
            raise NotFound("application", application_id)
        inmate = await InmateRepo(conn).get(app.inmate_id)
        disclosure = await repo.disclosure_for(application_id)
        if disclosure is None or not inmate.consent.reveal_offence or inmate.offence_enc is None:
            raise Denied("offence details have not been released for this application")
        if app.stage not in ("offer", "hired"):  # a rejected or withdrawn application sees it no more
            raise Denied("offence details are shown only while the application is at offer or hired")
        await AuditRepo(conn).add(actor, "offence.read", "application", application_id, subject_inmate_id=inmate.id)
        return decode_offence(cipher.decrypt(bytes(inmate.offence_enc), "offence"))


async def object_to_ranking(
    conn: asyncpg.Connection, actor: Actor, inmate_id: int, vacancy_id: int | None, objection: str
) -> HumanReview:
    """The person (through their officer) objects to an automated ranking: a human review is opened."""
    if not objection.strip():
        raise Denied("the objection must say what is wrong")
    async with conn.transaction():
        inmate = await InmateRepo(conn).get(inmate_id)
        await _in_scope(conn, actor, inmate, _OFFICER)
        review = await PrivacyRepo(conn).add_review(inmate_id, vacancy_id, actor.user_id, objection.strip())
        await AuditRepo(conn).add(
            actor,
            "review.request",
            "human_review",
            review.id,
            subject_inmate_id=inmate_id,
            detail={"vacancy_id": vacancy_id},  # the objection text stays in human_reviews
        )
        return review


async def complete_review(conn: asyncpg.Connection, actor: Actor, review_id: int, outcome: str) -> HumanReview:
    """A person (not the ranking) decides and writes down the outcome of a review."""
    if actor.role == "system" or actor.user_id is None:
        raise Denied("a human review must be completed by a named person")
    if not outcome.strip():
        raise Denied("the outcome of a review must be written down")
    async with conn.transaction():
        repo = PrivacyRepo(conn)
        review = await repo.get_review(review_id)
        inmate = await InmateRepo(conn).get(review.inmate_id)
        await _in_scope(conn, actor, inmate, _OFFICER)
        done = await repo.complete_review(review_id, actor.user_id, outcome.strip())
        await AuditRepo(conn).add(
            actor, "review.complete", "human_review", review_id, subject_inmate_id=review.inmate_id
        )  # the outcome text stays in human_reviews (cleared on erasure)
        return done


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def export_subject(
    conn: asyncpg.Connection, actor: Actor, cipher: DataCipher, inmate_id: int, reason: str
) -> dict[str, Any]:
    """Everything stored about one person as JSON-ready data, sensitive fields decrypted.

    For the person's access request (UU PDP art. 7), handed over by their officer. The
    export itself is logged (before it is read, so it appears in its own audit list).
    """
    async with conn.transaction():
        inmate = await InmateRepo(conn).get(inmate_id)
        await _in_scope(conn, actor, inmate, _OFFICER_OR_ADMIN)
        await AuditRepo(conn).add(
            actor, "subject.export", "inmate", inmate_id, subject_inmate_id=inmate_id, reason=reason
        )
        data = await PrivacyRepo(conn).subject_data(inmate_id)
    person = dict(data.inmate)
    person.pop("national_id_enc", None)
    person.pop("offence_enc", None)
    person["national_id"] = cipher.decrypt_optional(inmate.national_id_enc, "national_id")
    offence = cipher.decrypt_optional(inmate.offence_enc, "offence")
    decoded = None if offence is None else decode_offence(offence)
    person["offence"] = None if decoded is None else decoded.text
    person["offence_category"] = None if decoded is None else decoded.category
    return _jsonable(
        {
            "format": EXPORT_FORMAT,
            "person": person,
            "consent_history": data.consent_events,
            "assessments": data.assessments,
            "certificates": data.certificates,
            "applications": data.applications,
            "placements": data.placements,
            "offence_disclosures": data.offence_disclosures,
            "human_reviews": data.human_reviews,
            "audit_events": data.audit_events,
        }
    )


async def erase_subject(conn: asyncpg.Connection, actor: Actor, inmate_id: int, reason: str) -> bool:
    """Anonymise one person; certificates stay verifiable (initials kept). False if already erased."""
    if not reason.strip():
        raise Denied("a reason is required to erase a person")
    async with conn.transaction():
        inmate = await InmateRepo(conn).get(inmate_id)
        await _in_scope(conn, actor, inmate, _OFFICER_OR_ADMIN)
        return await _erase(conn, actor, inmate, reason)


async def _erase(conn: asyncpg.Connection, actor: Actor, inmate: Inmate, reason: str) -> bool:
    erased = await PrivacyRepo(conn).anonymise(inmate.id, initials(inmate.full_name), ERASED_NAME)
    if erased:
        await AuditRepo(conn).add(
            actor, "subject.erase", "inmate", inmate.id, subject_inmate_id=inmate.id, reason=reason
        )
    return erased


@dataclass(frozen=True)
class RetentionRun:
    years: int
    today: date
    due: tuple[int, ...]
    erased: int


async def apply_retention(
    conn: asyncpg.Connection, actor: Actor, today: date, years: int, *, apply: bool
) -> RetentionRun:
    """Find (and with ``apply`` erase) released people whose release is ``years`` or more ago.

    The SQL pre-selects; ``policy.due_for_erasure`` decides each row. All erasures of one
    run commit together or not at all.
    """
    if years < 1:
        raise ValueError("retention years must be at least 1")
    async with conn.transaction():
        candidates = await PrivacyRepo(conn).released_due(today, years)
        people = await InmateRepo(conn).get_many(candidates)
        due = tuple(i for i in candidates if due_for_erasure(people[i], today, years))
        erased = 0
        if apply:
            for inmate_id in due:
                erased += await _erase(conn, actor, people[inmate_id], f"retention: released {years}+ years ago")
            await AuditRepo(conn).add(
                actor, "retention.run", "inmates", None, detail={"years": years, "due": len(due), "erased": erased}
            )
        return RetentionRun(years, today, due, erased)

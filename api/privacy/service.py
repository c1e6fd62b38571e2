"""Privacy actions over HTTP: NIK and offence entry and read, offence release, the employer's read
of a released offence, objections to automated ranking and their human review, data-subject export
and erasure.

Thin wrappers over ``api.privacy.actions`` and ``api.privacy.sensitive`` (which hold the rules and
write the audit trail in the same transaction) that add object scope as the web sees it: an officer
asking about a client of another Bapas, or an employer about another employer's application, gets
404 so nothing leaks. NIK and offence entries are validated here (every field at once).

Who may do what (DESIGN.md §7, UU PDP 27/2022):
- record, correct or read the NIK and offence: the person's own Bapas officer (reads need a reason;
  both are audited, the values never enter the log);
- release offence details: the person's own Bapas officer, at the 'offer' stage, with consent;
- read released offence details: the employer of that application only, while consent lasts;
- object to a ranking / complete the human review: the person's own Bapas officer;
- export everything stored about a person: the own Bapas officer only (admins work with
  accounts, not personal data; the officer hands the export to the person);
- erase (anonymise, certificates stay verifiable): the own Bapas officer, or an admin for
  people no officer handles any more (e.g. a closed Bapas, a request sent to the controller).
  Both must type the person's pseudonym to confirm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api.caseload import service as caseload
from api.privacy import actions as privacy
from api.privacy.actions import KEEP, ConsentChange, SensitiveData, change_consent, set_consent
from api.privacy.errors import FormInvalid
from api.privacy.rules import (
    OFFENCE_CATEGORIES,
    OFFENCE_RELEASE_STAGE,
    Offence,
    availability_month,
    certificate_for_employer,
    encode_offence,
    explanation_for_employer,
    nik_problem,
    normalise_nik,
    offence_problems,
    scheme_filter_allowed,
    visible_profile,
)
from api.web.auth import Principal
from api.web.errors import InvalidInput
from models.errors import Conflict, Denied, NotFound
from models.records import HumanReview, OffenceDisclosure
from models.repositories.applications import ApplicationRepo, ShortlistEntry
from models.repositories.inmates import InmateRepo
from models.repositories.places import PlacesRepo
from models.repositories.privacy import PrivacyRepo
from models.repositories.vacancies import VacancyRepo

# What other capabilities use of privacy: the least-data rules, consent recording, and the NIK and
# offence rules (the SDP import validates and encrypts those columns with them).
__all__ = [
    "OFFENCE_CATEGORIES",
    "ConsentChange",
    "FormInvalid",
    "Offence",
    "SensitiveData",
    "SensitiveEntry",
    "encode_offence",
    "nik_problem",
    "normalise_nik",
    "offence_problems",
    "availability_month",
    "change_consent",
    "certificate_for_employer",
    "explanation_for_employer",
    "scheme_filter_allowed",
    "set_consent",
    "visible_profile",
    "matching_consented",
]


async def matching_consented(conn: Any, pseudonyms: list[str]) -> set[str]:
    """Of ``pseudonyms``, those whose person still consents to employer matching and was not
    erased: what may still reach an employer (the notification worker asks right before sending)."""
    if not pseudonyms:
        return set()
    return await PrivacyRepo(conn).matching_consented(pseudonyms)


@dataclass(frozen=True)
class ClientPrivacy:
    """What the client page shows about offence releases and reviews."""

    applications: tuple[tuple[ShortlistEntry, OffenceDisclosure | None], ...]
    reviews: tuple[HumanReview, ...]
    national_id_recorded: bool = False
    offence_recorded: bool = False
    release_stage: str = OFFENCE_RELEASE_STAGE
    offence_categories: tuple[tuple[str, str], ...] = tuple(OFFENCE_CATEGORIES.items())


async def client_privacy(conn: Any, principal: Principal, inmate_id: int) -> ClientPrivacy:
    """What the client page shows: whether an NIK and an offence are on record (never the values:
    reading them is a separate, audited request with a reason), releases and reviews."""
    person = await caseload.own_client(conn, principal, inmate_id)
    repo = PrivacyRepo(conn)
    apps = [
        (e, await repo.disclosure_for(e.application.id)) for e in await ApplicationRepo(conn).list_for_inmate(inmate_id)
    ]
    return ClientPrivacy(
        tuple(apps), tuple(await repo.list_reviews(inmate_id=inmate_id)),
        national_id_recorded=person.national_id_enc is not None, offence_recorded=person.offence_enc is not None,
    )  # fmt: skip


@dataclass(frozen=True)
class SensitiveEntry:
    """What an officer enters about a client's NIK and offence (form or API), before validation.

    ``nik`` / ``offence_category`` ``None`` means "keep what is stored" (a form left blank);
    ``clear_nik`` / ``clear_offence`` remove the stored value. ``offence_text`` goes with the category.
    """

    reason: str
    nik: str | None = None
    offence_category: str | None = None
    offence_text: str | None = None
    clear_nik: bool = False
    clear_offence: bool = False


async def record_sensitive(
    conn: Any, principal: Principal, cipher: Any, inmate_id: int, entry: SensitiveEntry
) -> tuple[str, ...]:
    """Validate and store (encrypted) the client's NIK and/or offence; returns the fields written.

    Every problem is reported at once (``FormInvalid``, one message per field, Bahasa Indonesia);
    nothing is stored unless all fields are valid. The write is audited with its reason.
    """
    person = await caseload.own_client(conn, principal, inmate_id)
    problems: dict[str, str] = {}
    nik = normalise_nik(entry.nik or "")
    national_id: Any = KEEP
    if entry.clear_nik:
        if nik:
            problems["nik"] = "kosongkan NIK atau batalkan pilihan hapus NIK, jangan keduanya"
        national_id = None
    elif nik:
        provinces = {p.code for p in await PlacesRepo(conn).list_provinces()}
        problem = nik_problem(nik, provinces, person.birth_year)
        if problem:
            problems["nik"] = problem
        national_id = nik
    category = (entry.offence_category or "").strip()
    text = (entry.offence_text or "").strip()
    offence: Any = KEEP
    if entry.clear_offence:
        if category or text:
            problems["offence_category"] = "kosongkan isian atau batalkan pilihan hapus tindak pidana, jangan keduanya"
        offence = None
    elif category or text:
        problems.update(offence_problems(category, text))
        offence = Offence(category, text)
    if not entry.reason or len(entry.reason.strip()) < 3:
        problems["reason"] = "alasan wajib diisi (minimal 3 huruf)"
    if national_id is KEEP and offence is KEEP and not problems:
        problems["nik"] = "isi NIK atau tindak pidana (atau pilih hapus) sebelum menyimpan"
    if problems:
        raise FormInvalid(problems)
    return await privacy.update_sensitive(
        conn, principal.actor, cipher, inmate_id, reason=entry.reason.strip(), national_id=national_id, offence=offence
    )


async def read_sensitive(conn: Any, principal: Principal, cipher: Any, inmate_id: int, reason: str) -> SensitiveData:
    """The client's NIK and offence, decrypted for the own officer; the read is audited with its reason."""
    reason = _reason("reason", reason, "alasan")
    await caseload.own_client(conn, principal, inmate_id)
    return await privacy.read_sensitive_data(conn, principal.actor, cipher, inmate_id, reason)


def _reason(field: str, text: str | None, what: str) -> str:
    if not text or len(text.strip()) < 3:
        raise InvalidInput(field, f"{what} wajib diisi (minimal 3 huruf)")
    return text.strip()


async def release_offence(
    conn: Any, principal: Principal, inmate_id: int, application_id: int, reason: str
) -> OffenceDisclosure:
    """Release the client's offence to the employer of one of the client's applications."""
    reason = _reason("reason", reason, "alasan")
    try:
        await caseload.own_client(conn, principal, inmate_id)
    except NotFound:  # another Bapas' client (or nobody): refused like a missing one, and audited
        await privacy.refuse_release(conn, principal.actor, application_id, inmate_id, "not in the officer's caseload")
        raise
    try:
        app = await PrivacyRepo(conn).application_context(application_id)
        if app.inmate_id != inmate_id:
            raise NotFound("application", application_id)
    except NotFound:
        await privacy.refuse_release(conn, principal.actor, application_id, inmate_id, "not this person's application")
        raise
    return await privacy.release_offence(conn, principal.actor, application_id, reason)


async def released_offence(conn: Any, principal: Principal, cipher: Any, application_id: int) -> Offence:
    """The offence (category and text) released for an own application; 404 when nothing is
    released (or consent ended)."""
    try:
        return await privacy.released_offence_for_employer(conn, principal.actor, cipher, application_id)
    except Denied as exc:
        raise NotFound("released offence for application", application_id) from exc


async def released_offences(
    conn: Any, principal: Principal, cipher: Callable[[], Any], entries: list[ShortlistEntry]
) -> dict[int, str]:
    """Offences released for the shortlist's applications (each read audited); ``cipher`` is
    called only when there is something released, so most pages never touch a key."""
    repo = PrivacyRepo(conn)
    out: dict[int, str] = {}
    for e in entries:
        if e.application.stage in (OFFENCE_RELEASE_STAGE, "hired") and await repo.disclosure_for(e.application.id):
            try:
                out[e.application.id] = await privacy.offence_for_employer(
                    conn, principal.actor, cipher(), e.application.id
                )
            except Denied:
                continue
    return out


async def object_to_ranking(
    conn: Any, principal: Principal, inmate_id: int, vacancy_id: int | None, objection: str
) -> HumanReview:
    objection = _reason("objection", objection, "keberatan")
    await caseload.own_client(conn, principal, inmate_id)
    if vacancy_id is not None:
        try:
            await VacancyRepo(conn).get(vacancy_id)
        except NotFound as exc:
            raise InvalidInput("vacancy_id", "lowongan tidak dikenal") from exc
    return await privacy.object_to_ranking(conn, principal.actor, inmate_id, vacancy_id, objection)


async def complete_review(conn: Any, principal: Principal, review_id: int, outcome: str) -> HumanReview:
    outcome = _reason("outcome", outcome, "hasil tinjauan")
    review = await PrivacyRepo(conn).get_review(review_id)
    try:
        await caseload.own_client(conn, principal, review.inmate_id)
    except NotFound as exc:
        raise NotFound("human review", review_id) from exc
    if review.status != "requested":
        raise Conflict(f"human review {review_id} is already {review.status}")
    return await privacy.complete_review(conn, principal.actor, review_id, outcome)


async def export(conn: Any, principal: Principal, cipher: Any, inmate_id: int, reason: str) -> dict[str, Any]:
    reason = _reason("reason", reason, "alasan")
    await caseload.own_client(conn, principal, inmate_id)
    return await privacy.export_subject(conn, principal.actor, cipher, inmate_id, reason)


async def erase(conn: Any, principal: Principal, inmate_id: int, reason: str, confirm: str) -> bool:
    """Anonymise one person after the caller typed their pseudonym; False if already erased (admin)."""
    reason = _reason("reason", reason, "alasan")
    if principal.role == "bapas_officer":
        person = await caseload.own_client(conn, principal, inmate_id)
    else:
        person = await InmateRepo(conn).get(inmate_id)
    if confirm.strip() != person.pseudonym:
        raise InvalidInput("confirm", "ketik pseudonim orang ini untuk mengonfirmasi penghapusan")
    return await privacy.erase_subject(conn, principal.actor, inmate_id, reason)

"""Employer use cases: vacancies, ranked candidates, the shortlist and hiring stages.

Every function takes the caller's ``Principal`` and checks object scope: an employer only ever
touches its own vacancies (others look like 404, so their existence does not leak) and only
consenting candidates. Reads of personal data and every write go to the audit log.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from api.hiring import rules
from api.hiring.ranking import CandidateCard, CandidateFilters, month_end, rank_for_vacancy
from api.notifications import service as notifications
from api.privacy.service import certificate_for_employer, scheme_filter_allowed, visible_profile
from api.web.auth import Principal
from api.web.errors import InvalidInput
from matcher.documents import vacancy_text
from matcher.embedding import text_hash
from matcher.profiles import vacancy_doc
from models.errors import NotFound
from models.records import Application, CertificateView, NewVacancy, Scheme, Vacancy
from models.repositories.applications import ApplicationNote, ApplicationRepo, ShortlistEntry, StageStep
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.embeddings import EmbeddingRepo
from models.repositories.inmates import InmateRepo
from models.repositories.placements import PlacementRepo
from models.repositories.places import PlacesRepo
from models.repositories.vacancies import VacancyRepo

VACANCY_STATUSES = ("draft", "open", "closed")


@dataclass(frozen=True)
class VacancyInput:
    title: str
    description: str = ""
    requirements: tuple[str, ...] = ()
    required_units: tuple[str, ...] = ()
    regency_code: str | None = None
    start_date: date | None = None
    positions: int = 1
    status: str = "open"
    fair_chance: bool = True


def lines(text: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (text or "").replace("\r", "").split("\n") if s.strip())


def codes(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in (text or "").replace("\n", ",").split(",") if c.strip()))


async def _checked(
    conn: Any, data: VacancyInput, *, today: date | None = None, current_start: date | None = None
) -> tuple[VacancyInput, str | None]:
    """Validate against the catalogue and places; returns the input and the regency's province."""
    if not data.title.strip():
        raise InvalidInput("title", "judul lowongan wajib diisi")
    if too_long := rules.vacancy_size_problem(data.title, data.description, data.requirements, data.required_units):
        raise InvalidInput(*too_long)
    if not rules.start_date_allowed(data.start_date, today or date.today(), current_start):
        raise InvalidInput("start_date", "tanggal mulai tidak boleh sebelum hari ini")
    if not 1 <= data.positions <= 1000:
        raise InvalidInput("positions", "jumlah posisi harus 1 sampai 1000")
    if data.status not in VACANCY_STATUSES:
        raise InvalidInput("status", "status harus draf (draft), dibuka (open) atau ditutup (closed)")
    known = await CatalogueRepo(conn).get_units(list(data.required_units))
    unknown = [c for c in data.required_units if c not in known]
    if unknown:
        raise InvalidInput("required_units", f"unit kompetensi tidak dikenal: {', '.join(unknown)}")
    province = None
    if data.regency_code:
        try:
            province = (await PlacesRepo(conn).get_regency(data.regency_code)).province_code
        except NotFound as exc:
            raise InvalidInput(
                "regency_code", f"kabupaten/kota dengan kode “{data.regency_code}” tidak dikenal"
            ) from exc
    return data, province


def _new(data: VacancyInput, external_id: str) -> NewVacancy:
    return NewVacancy(
        external_id=external_id, employer_external_id="", title=data.title.strip(),
        description=data.description.strip(), requirements=data.requirements, required_units=data.required_units,
        regency_code=data.regency_code or None, positions=data.positions, start_date=data.start_date,
        fair_chance=data.fair_chance, status=data.status,
    )  # fmt: skip


async def _index(conn: Any, matcher: Any, vacancy: Vacancy, today: date | None = None) -> None:
    """Embed the vacancy now with the process's ``matcher``'s encoder, so its candidates can be ranked straight
    away, and store its statistics against the pinned reference (``Matcher.store_document_stats``), so no
    worker computes them at its first search."""
    encoder = matcher.encoder
    text = vacancy_text(vacancy_doc(vacancy))
    vector = (await asyncio.to_thread(encoder.encode_uncached, [text]))[0]  # the event loop keeps serving
    await EmbeddingRepo(conn).upsert_vacancies([(vacancy.id, encoder.model_name, text_hash(text), vector)])
    await matcher.store_document_stats(conn, today or date.today(), vacancy_ids=[vacancy.id])


async def own_vacancy(conn: Any, principal: Principal, vacancy_id: int) -> Vacancy:
    vacancy = await VacancyRepo(conn).get(vacancy_id)
    if principal.role == "employer" and vacancy.employer_id != principal.employer_id:
        raise NotFound("vacancy", vacancy_id)
    return vacancy


async def list_vacancies(conn: Any, principal: Principal, *, limit: int, offset: int) -> tuple[list[Vacancy], int]:
    employer = principal.employer_id if principal.role == "employer" else None
    repo = VacancyRepo(conn)
    return await repo.list(employer_id=employer, limit=limit, offset=offset), await repo.count(employer_id=employer)


async def create_vacancy(
    conn: Any, principal: Principal, matcher: Any, data: VacancyInput, *, today: date | None = None
) -> Vacancy:
    data, province = await _checked(conn, data, today=today)
    assert principal.employer_id is not None
    async with conn.transaction():
        repo = VacancyRepo(conn)
        vid = await repo.upsert(_new(data, "WEB-" + secrets.token_hex(6)), principal.employer_id, province)
        vacancy = await repo.get(vid)
        await _index(conn, matcher, vacancy, today)
        await AuditRepo(conn).add(principal.actor, "vacancy.create", "vacancy", vid, detail={"title": vacancy.title})
    return vacancy


async def update_vacancy(
    conn: Any,
    principal: Principal,
    matcher: Any,
    vacancy_id: int,
    version: int,
    data: VacancyInput,
    *,
    today: date | None = None,
) -> Vacancy:
    current = await own_vacancy(conn, principal, vacancy_id)
    data, province = await _checked(conn, data, today=today, current_start=current.start_date)
    async with conn.transaction():
        vacancy = await VacancyRepo(conn).update(vacancy_id, version, _new(data, current.external_id), province)
        await _index(conn, matcher, vacancy, today)
        await AuditRepo(conn).add(principal.actor, "vacancy.update", "vacancy", vacancy_id, detail={"version": version})
    return vacancy


# The distance filter (``within_km``): the page offers these radii; the API takes any whole number
# of kilometres up to the maximum (regency seat to seat, migration 0830).
RADIUS_CHOICES = (25, 50, 100)
MAX_RADIUS_KM = 500


def parse_radius(value: str | None) -> int | None:
    """``within_km`` as given: empty = no radius; else a whole number of km, 1 to ``MAX_RADIUS_KM``."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_RADIUS_KM:
        raise InvalidInput("within_km", f"radius harus bilangan bulat kilometer, 1 sampai {MAX_RADIUS_KM}")
    return int(text)


def parse_filters(province: str | None, month: str | None, scheme: str | None, regency: str | None = None,
                  near: bool = False, within_km: str | None = None) -> CandidateFilters:  # fmt: skip
    if month:
        try:
            month_end(month)
        except ValueError as exc:
            raise InvalidInput("month", "bulan harus berformat YYYY-MM") from exc
    if near and (province or regency):
        raise InvalidInput("near", "pilih salah satu: provinsi/kabupaten/kota, atau sekitar lokasi lowongan")
    radius = parse_radius(within_km)
    if radius is not None and (near or regency):
        raise InvalidInput("within_km", "pilih salah satu: kabupaten/kota, sekitar lokasi lowongan, atau radius")
    return CandidateFilters(province or None, month or None, scheme or None, regency or None, near, radius)


async def _check_place(conn: Any, filters: CandidateFilters, vacancy: Vacancy) -> None:
    """A regency filter names a known kabupaten/kota (of the chosen province, when one is chosen);
    the nearby view needs the vacancy's own kabupaten/kota."""
    if filters.province_code is not None and filters.province_code not in {
        p.code for p in await PlacesRepo(conn).list_provinces()
    }:
        raise InvalidInput("province", "provinsi tidak dikenal; pilih dari daftar")
    if filters.regency_code is not None:
        try:
            regency = await PlacesRepo(conn).get_regency(filters.regency_code)
        except NotFound as exc:
            raise InvalidInput("regency", "kabupaten/kota tidak dikenal; pilih dari daftar") from exc
        if filters.province_code is not None and regency.province_code != filters.province_code:
            raise InvalidInput("regency", "kabupaten/kota ini tidak berada di provinsi yang dipilih")
    if filters.near and not vacancy.regency_code:
        raise InvalidInput("near", "lowongan belum mencantumkan kabupaten/kota; isi lokasi lowongan dulu")
    if filters.within_km is not None:
        if not vacancy.regency_code:
            raise InvalidInput("within_km", "lowongan belum mencantumkan kabupaten/kota; isi lokasi lowongan dulu")
        if (await PlacesRepo(conn).get_regency(vacancy.regency_code)).lat is None:
            raise InvalidInput(
                "within_km", "kabupaten/kota lowongan belum punya koordinat; pakai filter provinsi atau kabupaten/kota"
            )


async def filterable_schemes(conn: Any) -> list[Scheme]:
    """The schemes an employer may filter candidates by: none of a first-party (P1) LSP, whose
    holders are the people of one prison."""
    catalogue = CatalogueRepo(conn)
    lsps = {lsp.id: lsp for lsp in await catalogue.list_lsps()}
    return [s for s in await catalogue.list_schemes() if scheme_filter_allowed(lsps[s.lsp_id])]


async def candidates(
    conn: Any,
    matcher: Any,
    principal: Principal,
    vacancy_id: int,
    filters: CandidateFilters,
    *,
    today: date,
    limit: int,
    offset: int,
    lang: str = "id",
) -> tuple[Vacancy, list[CandidateCard], int]:
    vacancy = await own_vacancy(conn, principal, vacancy_id)
    await _check_place(conn, filters, vacancy)
    cards, total = await rank_for_vacancy(
        conn, matcher, vacancy, filters, today=today, limit=limit, offset=offset, lang=lang
    )
    await AuditRepo(conn).add_reads(
        principal.actor, "candidate.list", [c.inmate_id for c in cards], f"vacancy {vacancy_id}"
    )
    return vacancy, cards, total


@dataclass(frozen=True)
class CandidateProfile:
    fields: dict[str, Any]  # exactly what api.privacy.rules.visible_profile allows this employer
    certificates: tuple[CertificateView, ...]
    applications: tuple[ShortlistEntry, ...]  # this employer's applications for the person


async def candidate_profile(conn: Any, principal: Principal, pseudonym: str, *, today: date) -> CandidateProfile:
    """The anonymised profile of a consenting candidate; a non-consenting one does not exist here."""
    try:
        person = await InmateRepo(conn).get_by_pseudonym(pseudonym)
    except NotFound:
        person = None
    # the facility's name is shown only with consent (visible_profile), and without it is cut from
    # free text that names it
    facility = None if person is None else (await PlacesRepo(conn).get_facility(person.facility_id)).name
    fields = visible_profile(person, "employer", today=today, facility_name=facility) if person else None
    if person is None or fields is None:
        raise NotFound("candidate", pseudonym)
    views = (await CertificateRepo(conn).views_for_inmates([person.id])).get(person.id, [])
    certs = [certificate_for_employer(c, person.consent) for c in views]
    apps = [  # an application closed when the person once withdrew consent stays closed and unseen
        a
        for a in await ApplicationRepo(conn).list_for_inmate(person.id, principal.employer_id)
        if rules.employer_may_see(a.application.stage, True, False)
    ]
    await AuditRepo(conn).add_reads(principal.actor, "candidate.view", [person.id])
    return CandidateProfile(fields, tuple(certs), tuple(apps))


async def shortlist(conn: Any, principal: Principal, vacancy_id: int, pseudonym: str) -> Application:
    vacancy = await own_vacancy(conn, principal, vacancy_id)
    try:
        person = await InmateRepo(conn).get_by_pseudonym(pseudonym)
    except NotFound:
        person = None
    if person is None or not person.consent.employer_matching or person.anonymised_at is not None:
        raise NotFound("candidate", pseudonym)
    async with conn.transaction():
        app = await ApplicationRepo(conn).add(vacancy.id, person.id, principal.user_id)
        await AuditRepo(conn).add(
            principal.actor, "application.create", "application", app.id, subject_inmate_id=person.id,
            detail={"vacancy_id": vacancy.id},
        )  # fmt: skip
        await notifications.application_stage_changed(conn, app, vacancy, None)  # the officer hears, as for moves
    return app


async def stages_among(conn: Any, principal: Principal, vacancy_id: int, inmate_ids: Sequence[int]) -> dict[int, str]:
    """Which of these candidates are already on the vacancy's shortlist, and at what stage."""
    vacancy = await own_vacancy(conn, principal, vacancy_id)
    return await ApplicationRepo(conn).stages_for(vacancy.id, inmate_ids)


async def applications(
    conn: Any, principal: Principal, vacancy_id: int, *, limit: int = 100, offset: int = 0
) -> tuple[Vacancy, list[ShortlistEntry], int]:
    vacancy = await own_vacancy(conn, principal, vacancy_id)
    repo = ApplicationRepo(conn)
    # the employer's shortlist: nobody who withdrew consent (their applications are closed, see
    # api.privacy.actions.set_consent) and nobody erased
    mine = principal.role == "employer"
    entries = await repo.list_for_vacancy(vacancy_id, limit=limit, offset=offset, consenting_only=mine)
    await AuditRepo(conn).add_reads(principal.actor, "application.list", [e.application.inmate_id for e in entries])
    return vacancy, entries, await repo.count_for_vacancy(vacancy_id, consenting_only=mine)


async def application_vacancy(conn: Any, principal: Principal, application_id: int) -> int:
    """The vacancy id of one of the employer's own applications (else "not found")."""
    try:
        current = await ApplicationRepo(conn).get(application_id)
        return (await own_vacancy(conn, principal, current.vacancy_id)).id
    except NotFound:
        raise NotFound("application", application_id) from None


async def move_application(
    conn: Any, principal: Principal, application_id: int, stage: str, reason: str | None, version: int, *, today: date
) -> Application:
    """Move one stage on (optimistic lock on version); 'hired' also records the placement.

    Another employer's application, a withdrawn one, or one of a person who no longer consents to
    employer matching is "not found", like one that does not exist: no offer or hire after consent
    is withdrawn (a withdrawal racing this move bumps the version, so the move fails on it)."""
    repo = ApplicationRepo(conn)
    try:
        current = await repo.get(application_id)
        vacancy = await own_vacancy(conn, principal, current.vacancy_id)
    except NotFound:
        raise NotFound("application", application_id) from None
    person = await InmateRepo(conn).get(current.inmate_id)
    if not rules.employer_may_see(current.stage, person.consent.employer_matching, person.anonymised_at is not None):
        raise NotFound("application", application_id)
    reason = (reason or "").strip() or None
    if current.version == version:  # a stale version is the repository's Conflict, checked under the row lock
        rules.check_move(current.stage, stage, reason)
    async with conn.transaction():
        app = await repo.move(application_id, version, stage, reason, principal.user_id)
        if stage == "hired":
            start = vacancy.start_date if vacancy.start_date and vacancy.start_date > today else today
            p = await PlacementRepo(conn).add(
                app.inmate_id, vacancy.employer_id, vacancy.id, vacancy.title, start, principal.user_id
            )
            await AuditRepo(conn).add(
                principal.actor, "placement.create", "placement", p.id, subject_inmate_id=app.inmate_id
            )
        await AuditRepo(conn).add(
            principal.actor, "application.move", "application", application_id, subject_inmate_id=app.inmate_id,
            reason=app.stage_reason, detail={"from": current.stage, "to": stage},
        )  # fmt: skip
        await notifications.application_stage_changed(conn, app, vacancy, current.stage)  # the officer hears
    return app


@dataclass(frozen=True)
class ApplicationDetail:
    """One application as its employer reads it: stage, every stage step and every note."""

    vacancy: Vacancy
    entry: ShortlistEntry
    history: tuple[StageStep, ...]
    notes: tuple[ApplicationNote, ...]


async def _own_application(conn: Any, principal: Principal, application_id: int) -> tuple[Vacancy, ShortlistEntry]:
    """An application the employer may see (own vacancy, consenting person), else "not found"."""
    try:
        entry = await ApplicationRepo(conn).entry(application_id)
        vacancy = await own_vacancy(conn, principal, entry.application.vacancy_id)
    except NotFound:
        raise NotFound("application", application_id) from None
    person = await InmateRepo(conn).get(entry.application.inmate_id)
    seen = rules.employer_may_see(
        entry.application.stage, person.consent.employer_matching, person.anonymised_at is not None
    )
    if principal.role == "employer" and not seen:
        raise NotFound("application", application_id)
    return vacancy, entry


async def application_detail(conn: Any, principal: Principal, application_id: int) -> ApplicationDetail:
    """The application page: its stage history (who, when, why) and its notes."""
    vacancy, entry = await _own_application(conn, principal, application_id)
    repo = ApplicationRepo(conn)
    history, notes = await repo.history(application_id), await repo.notes(application_id)
    await AuditRepo(conn).add_reads(
        principal.actor, "application.view", [entry.application.inmate_id], f"application {application_id}"
    )
    return ApplicationDetail(vacancy, entry, tuple(history), tuple(notes))


async def add_note(conn: Any, principal: Principal, application_id: int, body: str) -> ApplicationNote:
    """Keep one more note on an application; earlier notes are never changed."""
    _, entry = await _own_application(conn, principal, application_id)
    try:
        text = rules.check_note(body)
    except rules.NoteError as exc:
        raise InvalidInput("note", str(exc)) from exc
    async with conn.transaction():
        note = await ApplicationRepo(conn).add_note(application_id, text, principal.user_id)
        await AuditRepo(conn).add(
            principal.actor, "application.note", "application", application_id,
            subject_inmate_id=entry.application.inmate_id, detail={"note_id": note.id},
        )  # fmt: skip
    return note

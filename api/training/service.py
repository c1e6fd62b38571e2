"""Training use cases: programmes, classes at a facility, enrolment, attendance, completion, the
class advice shown with gap analysis, and the training funnel.

Scope (DESIGN §7): training staff work on the classes of their own facility and see only people
held there, with the least data enrolment needs (name, registration number, pseudonym; never an
offence or NIK). A Bapas officer may enrol own clients into a class at the facility where the
client is held and sees only own clients on a class. Kemnaker staff (and training staff) create
programmes; Kemnaker staff read the national funnel. A class out of scope looks like "not found",
and the refused attempt is audited. Every write is one transaction with its audit event; every
list of people shown is an audited read.

Completion adds the programme's title to the person's trainings (the list the candidate document
reads, so titles never name a facility: ``rules.names_facility``), re-embeds the person's
document, and registers the person with the LSP of the programme's scheme (through
``api.certificates.service``) so that LSP's assessors may assess them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from api.certificates import service as certificates
from api.training import rules
from api.training.errors import TrainingConflict, TrainingInvalid, refuse
from api.training.messages import FORM
from api.web.auth import Principal
from api.web.stores import embed_inmate_now
from models.errors import Denied, NotFound
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.places import PlacesRepo
from models.repositories.training import (
    ClassFull,
    ClassOffer,
    Duplicate,
    FunnelRow,
    Participant,
    Person,
    Programme,
    TrainingClass,
    TrainingRepo,
)


# --- programmes ---------------------------------------------------------------------------------------
async def _facility_words(conn: Any) -> list[str]:
    facilities = await PlacesRepo(conn).list_facilities()
    return [f.name for f in facilities] + [f.code for f in facilities]


async def create_programme(
    conn: Any, principal: Principal, *, title: str, provider_kind: str, provider_name: str,
    scheme_id: int | None, hours: str | int | None, description: str = "", units: Any = "",
) -> Programme:  # fmt: skip
    """A programme; with a scheme and no units given, it covers the scheme's units."""
    if principal.role not in rules.PROGRAMME_AUTHORS:
        raise Denied("hanya staf pelatihan dan staf Kemnaker yang dapat membuat program")
    draft, problems = rules.check_programme(
        title=title, provider_kind=provider_kind, provider_name=provider_name, hours=hours,
        description=description, units=units, facility_names=await _facility_words(conn),
    )  # fmt: skip
    catalogue = CatalogueRepo(conn)
    codes = draft.unit_codes
    if scheme_id is not None:
        try:
            scheme = await catalogue.get_scheme(scheme_id)
            codes = codes or scheme.unit_codes
        except NotFound:
            problems["scheme_id"] = "scheme_unknown"
    if codes and len(await catalogue.get_units(list(codes))) != len(codes):
        problems["units"] = "units_unknown"
    refuse(problems)
    async with conn.transaction():
        try:
            programme = await TrainingRepo(conn).add_programme(
                title=draft.title, provider_kind=draft.provider_kind, provider_name=draft.provider_name,
                scheme_id=scheme_id, hours=draft.hours, description=draft.description, unit_codes=codes,
                created_by=principal.user_id,
            )  # fmt: skip
        except Duplicate:
            raise TrainingConflict("title", "title_taken") from None
        await AuditRepo(conn).add(principal.actor, "training.programme.create", "training_programme", programme.id,
                                  detail={"title": programme.title, "scheme_id": scheme_id})  # fmt: skip
    return programme


def title_names_facility(title: str, facility_names: list[str]) -> bool:
    """The programme-title rule, for writers that bypass ``create_programme`` (the demo loader)."""
    return rules.names_facility(title, facility_names)


async def list_programmes(conn: Any) -> list[Programme]:
    return await TrainingRepo(conn).list_programmes()


# --- classes ------------------------------------------------------------------------------------------
async def _refused(conn: Any, principal: Principal, what: str, key: object, inmate_id: int | None = None) -> None:
    await AuditRepo(conn).add(principal.actor, "training.refused", what, key, subject_inmate_id=inmate_id,
                              reason="out of scope", detail={"facility_id": principal.facility_id,
                                                             "bapas_id": principal.bapas_id})  # fmt: skip


async def create_class(
    conn: Any, principal: Principal, *, programme_id: int | None, starts_on: Any, ends_on: Any, seats: Any,
    instructor_name: str, today: date,
) -> TrainingClass:  # fmt: skip
    """A class of a programme at the training staff's own facility."""
    if principal.role != "training_staff":
        raise Denied("hanya staf pelatihan yang membuka kelas di UPT-nya")
    if principal.facility_id is None:
        raise TrainingInvalid({FORM: "no_facility"})
    draft, problems = rules.check_class(starts_on=starts_on, ends_on=ends_on, seats=seats,
                                        instructor_name=instructor_name, today=today)  # fmt: skip
    repo = TrainingRepo(conn)
    if programme_id is None:
        problems = {"programme_id": "programme_required"} | problems
    else:
        try:
            await repo.get_programme(programme_id)
        except NotFound:
            problems = {"programme_id": "programme_required"} | problems
    refuse(problems)
    assert programme_id is not None
    async with conn.transaction():
        try:
            made = await repo.add_class(
                programme_id=programme_id, facility_id=principal.facility_id, starts_on=draft.starts_on,
                ends_on=draft.ends_on, seats=draft.seats, instructor_name=draft.instructor_name,
                created_by=principal.user_id,
            )  # fmt: skip
        except Duplicate:
            raise TrainingConflict("starts_on", "class_taken") from None
        await AuditRepo(conn).add(principal.actor, "training.class.create", "training_class", made.id,
                                  detail={"programme_id": programme_id, "facility_id": principal.facility_id,
                                          "seats": draft.seats})  # fmt: skip
    return made


@dataclass(frozen=True)
class Overview:
    programmes: list[Programme]
    classes: list[TrainingClass]
    facility_name: str | None


async def overview(conn: Any, principal: Principal, *, today: date) -> Overview:
    """Programmes, and the classes the caller works with: training staff their facility's, Kemnaker
    staff every class, a Bapas officer the classes not finished yet (to enrol clients)."""
    repo = TrainingRepo(conn)
    name = None
    if principal.role == "training_staff":
        if principal.facility_id is None:
            return Overview(await repo.list_programmes(), [], None)
        classes = await repo.list_classes(facility_id=principal.facility_id)
        name = (await PlacesRepo(conn).get_facility(principal.facility_id)).name
    elif principal.role == "bapas_officer":
        classes = await repo.list_classes(current_on=today)
    else:
        classes = await repo.list_classes()
    return Overview(await repo.list_programmes(), classes, name)


@dataclass(frozen=True)
class ClassPage:
    klass: TrainingClass
    participants: list[Participant]
    attendance: dict[tuple[int, date], bool]
    sessions: list[date]  # recorded session dates, oldest first
    candidates: list[Person]  # people who may still be enrolled (not in the class yet)
    can_run: bool  # may record attendance and completion

    def present_count(self, enrolment_id: int) -> int:
        return sum(1 for (eid, _), flag in self.attendance.items() if eid == enrolment_id and flag)


async def _class_in_scope(conn: Any, principal: Principal, class_id: int, *, lock: bool = False) -> TrainingClass:
    """The class when the caller works with it: its facility's training staff, or a Bapas officer."""
    try:
        klass = await TrainingRepo(conn).get_class(class_id, lock=lock)
    except NotFound:
        raise NotFound("class", class_id) from None
    if principal.role == "bapas_officer" or rules.may_run_class(principal.role, principal.facility_id,
                                                                 klass.facility_id):  # fmt: skip
        return klass
    await _refused(conn, principal, "training_class", class_id)
    raise NotFound("class", class_id)


async def class_page(conn: Any, principal: Principal, class_id: int) -> ClassPage:
    klass = await _class_in_scope(conn, principal, class_id)
    repo = TrainingRepo(conn)
    officer_bapas = principal.bapas_id if principal.role == "bapas_officer" else None
    if principal.role == "bapas_officer" and officer_bapas is None:
        raise NotFound("class", class_id)
    participants = await repo.participants(class_id, bapas_id=officer_bapas)
    attendance = await repo.attendance(class_id) if officer_bapas is None else {}
    taken = {p.inmate_id for p in participants}
    people = [] if klass.status not in rules.OPEN_STATUSES else [
        p for p in await repo.people_at(klass.facility_id, bapas_id=officer_bapas) if p.id not in taken
    ]  # fmt: skip
    shown = sorted({p.inmate_id for p in participants} | {p.id for p in people})
    await AuditRepo(conn).add_reads(principal.actor, "training.class.view", shown)
    sessions = sorted({day for _, day in attendance})
    can_run = rules.may_run_class(principal.role, principal.facility_id, klass.facility_id)
    return ClassPage(klass, participants, attendance, sessions, people, can_run)


async def enrol(
    conn: Any, principal: Principal, class_id: int, *, inmate_id: int | None = None, person: str = ""
) -> Participant:
    """Enrol one person (by id, or pseudonym/registration number) into the class."""
    repo = TrainingRepo(conn)
    klass = await _class_in_scope(conn, principal, class_id)
    found: Person | None = None
    if inmate_id is not None:
        found = await repo.person(inmate_id)
    elif person.strip():
        found = await repo.find_person(person.strip()[:100])
    else:
        raise TrainingInvalid({"inmate_id": "person_required"})
    allowed = found is not None and rules.may_enrol(
        principal.role, own_facility_id=principal.facility_id, own_bapas_id=principal.bapas_id,
        class_facility_id=klass.facility_id, person_facility_id=found.facility_id, person_bapas_id=found.bapas_id,
    )  # fmt: skip
    if not allowed:
        await _refused(conn, principal, "training_class", class_id, found.id if found else None)
        raise TrainingInvalid({"inmate_id": "person_not_here"})
    assert found is not None
    if klass.status not in rules.OPEN_STATUSES:
        raise TrainingConflict("inmate_id", "class_closed")
    async with conn.transaction():
        klass = await repo.get_class(class_id, lock=True)  # seats counted under the class's lock
        if class_id in await repo.enrolments_of(found.id):
            raise TrainingConflict("inmate_id", "already_enrolled")
        if klass.free <= 0:
            raise TrainingConflict("inmate_id", "class_full", seats=klass.seats)
        try:
            made = await repo.add_enrolment(class_id, found.id, principal.user_id)
        except Duplicate:
            raise TrainingConflict("inmate_id", "already_enrolled") from None
        except ClassFull:
            raise TrainingConflict("inmate_id", "class_full", seats=klass.seats) from None
        await AuditRepo(conn).add(principal.actor, "training.enrol", "training_enrolment", made.id,
                                  subject_inmate_id=found.id, detail={"class_id": class_id})  # fmt: skip
    return made


async def record_attendance(
    conn: Any, principal: Principal, class_id: int, *, session_on: Any, present: set[int], today: date
) -> int:
    """Present/absent of every participant still enrolled for one session date; returns how many
    were recorded. ``present`` holds the enrolment ids ticked present; the others are absent."""
    klass = await _class_in_scope(conn, principal, class_id)
    if not rules.may_run_class(principal.role, principal.facility_id, klass.facility_id):
        await _refused(conn, principal, "training_class", class_id)
        raise NotFound("class", class_id)
    day, problem = rules.session_problem(session_on, klass.starts_on, klass.ends_on, today)
    if problem:
        raise TrainingInvalid({"session_on": problem})
    assert day is not None
    if klass.status == "cancelled":
        raise TrainingConflict("session_on", "class_closed")
    repo = TrainingRepo(conn)
    roster = [p for p in await repo.participants(class_id) if p.status != "dropped"]
    if not roster:
        raise TrainingInvalid({"session_on": "nobody_enrolled"})
    marks = {p.id: p.id in present for p in roster}
    async with conn.transaction():
        await repo.record_attendance(day, marks, principal.user_id)
        await AuditRepo(conn).add(principal.actor, "training.attendance", "training_class", class_id,
                                  detail={"session_on": day, "present": sum(marks.values()),
                                          "absent": len(marks) - sum(marks.values())})  # fmt: skip
    return len(marks)


async def complete(
    conn: Any, principal: Principal, enrolment_id: int, *, encoder: Any, today: date, matcher: Any = None
) -> Participant:
    """Mark a participant as having completed the class (present at least once)."""
    repo = TrainingRepo(conn)
    try:
        found = await repo.get_participant(enrolment_id)
    except NotFound:
        raise NotFound("enrolment", enrolment_id) from None
    klass = await repo.get_class(found.class_id)
    if not rules.may_run_class(principal.role, principal.facility_id, klass.facility_id):
        await _refused(conn, principal, "training_enrolment", enrolment_id, found.inmate_id)
        raise NotFound("enrolment", enrolment_id)
    attendance = await repo.attendance(klass.id)
    present = sum(1 for (eid, _), flag in attendance.items() if eid == enrolment_id and flag)
    problem = rules.completion_problem(found.status, present)
    if problem:
        raise TrainingConflict("enrolment_id", problem)
    programme = klass.programme
    async with conn.transaction():
        done = await repo.complete(enrolment_id)
        added = await repo.add_training(found.inmate_id, programme.title)
        lsp_enrolment = None
        if programme.scheme_lsp_id is not None:
            lsp_enrolment = await certificates.enrol_from_training(conn, principal.actor, inmate_id=found.inmate_id,
                                                                   lsp_id=programme.scheme_lsp_id)  # fmt: skip
        if added and encoder is not None:
            await embed_inmate_now(conn, encoder, found.inmate_id, today, matcher)
        await AuditRepo(conn).add(principal.actor, "training.complete", "training_enrolment", enrolment_id,
                                  subject_inmate_id=found.inmate_id,
                                  detail={"class_id": klass.id, "programme_id": programme.id,
                                          "lsp_enrolment_id": lsp_enrolment.id if lsp_enrolment else None})  # fmt: skip
    return done


# --- gap advice (called by api.caseload) ----------------------------------------------------------------
@dataclass(frozen=True)
class ClassAdvice:
    """The class to advise for a scheme: "take class X at F, starting D, then assessment for Y"."""

    offer: ClassOffer
    status: str | None  # the person's enrolment status in that class, if any

    def text(self, lang: str = "id") -> str:
        o = self.offer
        if lang == "en":
            line = (f"Take the class {o.programme_title} at {o.facility_name}, starting {o.starts_on.isoformat()}, "
                    f"then the assessment for scheme {o.scheme_title}.")  # fmt: skip
            note = {"enrolled": " (enrolled)", "completed": " (completed)"}.get(self.status or "", "")
        else:
            line = (f"Ikuti kelas {o.programme_title} di {o.facility_name}, mulai {o.starts_on.isoformat()}, "
                    f"lalu asesmen skema {o.scheme_title}.")  # fmt: skip
            note = {"enrolled": " (sudah terdaftar)", "completed": " (sudah lulus)"}.get(self.status or "", "")
        return line + note


async def class_advice(
    conn: Any, *, inmate_id: int, facility_id: int, scheme_codes: list[str], today: date
) -> dict[str, ClassAdvice]:
    """Per advised scheme (code), the earliest open class at the person's own facility that prepares
    for it. Schemes without such a class are absent."""
    if not scheme_codes:
        return {}
    repo = TrainingRepo(conn)
    offers = await repo.offers(scheme_codes, today)
    if not offers:
        return {}
    by_id = {o.class_id: o for o in offers}
    mine = await repo.enrolments_of(inmate_id)
    usable = [o for o in offers if o.free > 0 or o.class_id in mine]
    chosen = rules.best_offers([(o.scheme_code, o.class_id, o.starts_on, o.facility_id) for o in usable], facility_id)
    return {scheme: ClassAdvice(by_id[cid], mine.get(cid)) for scheme, cid in chosen.items()}


# --- the funnel ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Funnel:
    rows: list[FunnelRow]
    facility_id: int | None
    programme_id: int | None

    @property
    def totals(self) -> tuple[int, int, int, int]:
        return (sum(r.enrolled for r in self.rows), sum(r.completed for r in self.rows),
                sum(r.certified for r in self.rows), sum(r.placed for r in self.rows))  # fmt: skip


async def funnel(
    conn: Any, principal: Principal, *, facility_id: int | None = None, programme_id: int | None = None
) -> Funnel:
    """Enrolled, completed, certified and placed per programme and facility: training staff their
    own facility (whatever filter they send), Kemnaker staff every facility or the one chosen."""
    if principal.role == "training_staff":
        facility_id = principal.facility_id if principal.facility_id is not None else -1
    elif principal.role != "kemnaker_staff":
        raise Denied("hanya staf pelatihan dan staf Kemnaker yang melihat corong pelatihan")
    rows = await TrainingRepo(conn).funnel(facility_id=facility_id, programme_id=programme_id)
    await AuditRepo(conn).add(principal.actor, "training.funnel", "training_funnel", None,
                              detail={"facility_id": facility_id, "programme_id": programme_id})  # fmt: skip
    return Funnel(rows, facility_id, programme_id)


async def training_facilities(conn: Any) -> list[Any]:
    """Facilities that hold people (Lapas, Rutan, LPKA): where classes run."""
    return [f for f in await PlacesRepo(conn).list_facilities() if f.kind != "bapas"]


async def schemes(conn: Any) -> list[Any]:
    return await CatalogueRepo(conn).list_schemes()

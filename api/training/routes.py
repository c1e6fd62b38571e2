"""JSON API of training: programmes, classes, enrolment, attendance, completion and the funnel.

Errors have the shape of every ``/api/`` error: 422 names the field with an Indonesian message,
409 for a full or closed class or a duplicate, 404 for a class outside the caller's scope.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from api.training import service as training
from api.web import deps
from api.web.auth import Principal, require_role
from models.repositories.training import FunnelRow, Participant, Programme, TrainingClass

router = APIRouter(prefix="/api/v1/training", tags=["training"])
readers = require_role("training_staff", "kemnaker_staff", "bapas_officer")
authors = require_role("training_staff", "kemnaker_staff")
staff = require_role("training_staff")
enrollers = require_role("training_staff", "bapas_officer")
funnel_readers = require_role("training_staff", "kemnaker_staff")


class ProgrammeIn(BaseModel):
    title: str = Field(..., max_length=300, examples=["Pengelasan SMAW Dasar"])
    provider_kind: str = Field(..., description="blk | bpvp | lpk | lapas_workshop", examples=["blk"])
    provider_name: str = Field(..., max_length=300, examples=["BLK Bandung"])
    scheme_id: int | None = Field(None, description="the certification scheme the programme prepares for")
    units: list[str] = Field(default_factory=list, max_length=100, description="unit codes; default: the scheme's")
    hours: int = Field(..., examples=[160])
    description: str = Field("", max_length=5000)


class ProgrammeOut(BaseModel):
    id: int
    title: str
    provider_kind: str
    provider_name: str
    scheme_id: int | None
    scheme_code: str | None
    units: list[str]
    hours: int
    description: str


class ClassIn(BaseModel):
    programme_id: int
    starts_on: date
    ends_on: date
    seats: int = Field(..., examples=[20])
    instructor_name: str = Field(..., max_length=300)


class ClassOut(BaseModel):
    id: int
    programme_id: int
    programme_title: str
    facility_id: int
    facility_name: str
    starts_on: date
    ends_on: date
    seats: int
    taken: int
    instructor_name: str
    status: str


class EnrolmentIn(BaseModel):
    inmate_id: int | None = None
    person: str = Field("", max_length=100, description="pseudonym (WB-…) or registration number")


class ParticipantOut(BaseModel):
    id: int
    class_id: int
    inmate_id: int
    pseudonym: str
    registration_number: str
    name: str
    status: str
    completed_at: datetime | None
    sessions_present: int | None = None


class ClassDetail(ClassOut):
    participants: list[ParticipantOut]
    sessions: list[date]


class AttendanceIn(BaseModel):
    session_on: date
    present: list[int] = Field(default_factory=list, description="enrolment ids present; the others are absent")


class AttendanceOut(BaseModel):
    session_on: date
    recorded: int


class FunnelRowOut(BaseModel):
    programme_id: int
    programme_title: str
    scheme_code: str | None
    facility_id: int
    facility_name: str
    enrolled: int
    completed: int
    certified: int
    placed: int


def programme_out(p: Programme) -> ProgrammeOut:
    return ProgrammeOut(id=p.id, title=p.title, provider_kind=p.provider_kind, provider_name=p.provider_name,
                        scheme_id=p.scheme_id, scheme_code=p.scheme_code, units=list(p.unit_codes), hours=p.hours,
                        description=p.description)  # fmt: skip


def class_out(c: TrainingClass) -> ClassOut:
    return ClassOut(id=c.id, programme_id=c.programme.id, programme_title=c.programme.title,
                    facility_id=c.facility_id, facility_name=c.facility_name, starts_on=c.starts_on,
                    ends_on=c.ends_on, seats=c.seats, taken=c.taken, instructor_name=c.instructor_name,
                    status=c.status)  # fmt: skip


def participant_out(p: Participant, present: int | None = None) -> ParticipantOut:
    return ParticipantOut(id=p.id, class_id=p.class_id, inmate_id=p.inmate_id, pseudonym=p.pseudonym,
                          registration_number=p.external_id, name=p.full_name, status=p.status,
                          completed_at=p.completed_at, sessions_present=present)  # fmt: skip


def funnel_out(r: FunnelRow) -> FunnelRowOut:
    return FunnelRowOut(**r.__dict__)


@router.get("/programmes", response_model=list[ProgrammeOut])
async def list_programmes(_: Principal = Depends(readers), conn: Any = Depends(deps.connection)) -> Any:
    """Every training programme (no personal data)."""
    return [programme_out(p) for p in await training.list_programmes(conn)]


@router.post("/programmes", response_model=ProgrammeOut, status_code=201)
async def create_programme(
    body: ProgrammeIn, principal: Principal = Depends(authors), conn: Any = Depends(deps.connection)
) -> Any:
    """Create a programme. The title must not name a facility (it is shown to employers among the
    person's trainings once completed); 422 names the wrong field, 409 a duplicate title."""
    made = await training.create_programme(
        conn, principal, title=body.title, provider_kind=body.provider_kind, provider_name=body.provider_name,
        scheme_id=body.scheme_id, hours=body.hours, description=body.description, units=body.units,
    )  # fmt: skip
    return programme_out(made)


@router.get("/classes", response_model=list[ClassOut])
async def list_classes(principal: Principal = Depends(readers), conn: Any = Depends(deps.connection)) -> Any:
    """Classes: training staff their own facility's, Bapas officers those not finished, Kemnaker all."""
    return [class_out(c) for c in (await training.overview(conn, principal, today=date.today())).classes]


@router.post("/classes", response_model=ClassOut, status_code=201)
async def create_class(
    body: ClassIn, principal: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    """Open a class of a programme at the caller's own facility."""
    made = await training.create_class(
        conn, principal, programme_id=body.programme_id, starts_on=body.starts_on, ends_on=body.ends_on,
        seats=body.seats, instructor_name=body.instructor_name, today=date.today(),
    )  # fmt: skip
    return class_out(made)


@router.get("/classes/{class_id}", response_model=ClassDetail)
async def get_class(
    class_id: int, principal: Principal = Depends(enrollers), conn: Any = Depends(deps.connection)
) -> Any:
    """A class and its participants (a Bapas officer sees only own clients); an audited read."""
    page = await training.class_page(conn, principal, class_id)
    people = [participant_out(p, page.present_count(p.id) if page.can_run else None) for p in page.participants]
    return ClassDetail(**class_out(page.klass).model_dump(), participants=people, sessions=page.sessions)


@router.post("/classes/{class_id}/enrolments", response_model=ParticipantOut, status_code=201)
async def enrol(
    class_id: int, body: EnrolmentIn, principal: Principal = Depends(enrollers), conn: Any = Depends(deps.connection)
) -> Any:
    """Enrol a person held at the class's facility (training staff of that facility, or the
    person's own Bapas officer); 409 when the class is full, closed, or the person is in it."""
    made = await training.enrol(conn, principal, class_id, inmate_id=body.inmate_id, person=body.person)
    return participant_out(made)


@router.put("/classes/{class_id}/attendance", response_model=AttendanceOut)
async def attendance(
    class_id: int, body: AttendanceIn, principal: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    """Record one session: every participant still enrolled is present (listed) or absent."""
    n = await training.record_attendance(conn, principal, class_id, session_on=body.session_on,
                                         present=set(body.present), today=date.today())  # fmt: skip
    return AttendanceOut(session_on=body.session_on, recorded=n)


@router.post("/enrolments/{enrolment_id}/complete", response_model=ParticipantOut)
async def complete(
    enrolment_id: int, principal: Principal = Depends(staff), conn: Any = Depends(deps.connection),
    encoder: Any = Depends(deps.encoder), matcher: Any = Depends(deps.matcher),
) -> Any:  # fmt: skip
    """Mark completion: the programme title joins the person's trainings (re-embedded for matching)
    and the person is registered with the LSP of the programme's scheme."""
    return participant_out(
        await training.complete(conn, principal, enrolment_id, encoder=encoder, today=date.today(), matcher=matcher)
    )


@router.get("/funnel", response_model=list[FunnelRowOut])
async def funnel(
    facility_id: int | None = Query(None), programme_id: int | None = Query(None),
    principal: Principal = Depends(funnel_readers), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Enrolled, completed, certified (in the programme's scheme after enrolment) and placed (after
    completion) per programme and facility; training staff always get their own facility."""
    result = await training.funnel(conn, principal, facility_id=facility_id, programme_id=programme_id)
    return [funnel_out(r) for r in result.rows]

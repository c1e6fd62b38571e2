"""Employer JSON API: vacancies, ranked candidates, the shortlist and hiring stages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from api.hiring import service as hiring
from api.hiring.ranking import COUNT_CAP, CandidateCard
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.downloads import csv_response, wants_csv
from models.records import Application, CertificateView, Vacancy
from models.repositories.applications import ApplicationNote, ShortlistEntry
from models.repositories.catalogue import CatalogueRepo

router = APIRouter(prefix="/api/v1", tags=["employers"])
employer = require_role("employer")
reader = require_role("employer", "kemnaker_staff", "admin")
anyone = require_role("employer", "bapas_officer", "lsp_assessor", "kemnaker_staff", "admin")


class CertificateOut(BaseModel):
    number: str | None  # only when the person consented to reveal name and facility
    scheme_code: str | None  # None: a first-party (P1) LSP's scheme would name the facility
    scheme_title: str  # the scheme, or the occupation when the scheme would name the facility
    issuer: str  # the LSP's name, or "LSP berlisensi BNSP" when it would name the facility
    issued_on: date
    valid_until: date
    status: str
    units: list[str]


class UnitOut(BaseModel):
    code: str
    title: str
    sector: str
    kkni_level: int | None


class VacancyIn(BaseModel):
    title: str = Field(..., min_length=1, max_length=200, examples=["Juru Las SMAW"])
    description: str = Field("", max_length=5000, examples=["Bengkel fabrikasi baja membutuhkan juru las."])
    requirements: list[str] = Field(default_factory=list, examples=[["mampu mengelas pelat baja SMAW"]])
    required_units: list[str] = Field(default_factory=list, examples=[["C.25LAS00.002.1"]])
    regency_code: str | None = Field(None, examples=["32.73"])
    start_date: date | None = None
    positions: int = Field(1, ge=1, le=1000)
    status: str = Field("open", pattern="^(draft|open|closed)$")
    fair_chance: bool = True
    version: int | None = Field(None, description="the version you read; required when updating")

    def to_input(self) -> hiring.VacancyInput:
        return hiring.VacancyInput(
            self.title, self.description, tuple(self.requirements), tuple(self.required_units), self.regency_code,
            self.start_date, self.positions, self.status, self.fair_chance,
        )  # fmt: skip


class VacancyOut(BaseModel):
    id: int
    title: str
    description: str
    requirements: list[str]
    required_units: list[str]
    province_code: str | None
    regency_code: str | None
    positions: int
    start_date: date | None
    status: str
    fair_chance: bool
    version: int


class VacancyPage(BaseModel):
    items: list[VacancyOut]
    total: int
    limit: int
    offset: int


class CandidateOut(BaseModel):
    candidate: str = Field(..., description="pseudonym; never the name")
    score: float
    location: str = Field(..., description="same_regency | same_province | elsewhere | unknown")
    available: str = Field(..., description="'sekarang' or the release month YYYY-MM")
    regency_code: str | None
    distance_km: float | None = Field(
        None,
        description="km from the vacancy's kabupaten/kota, seat to seat "
        "(0 in the same one); null when a seat is unknown",
    )
    covered_units: list[str]
    missing_units: list[str]
    expired_units: list[str] = Field(..., description="required units held only on an expired certificate")
    explanation: list[str] = Field(..., description="why this candidate, in Bahasa Indonesia")
    certificates: list[CertificateOut]


class CandidatePage(BaseModel):
    vacancy_id: int
    vacancy_title: str
    items: list[CandidateOut]
    total: int = Field(..., description=f"candidates passing the filters, counted up to {COUNT_CAP:,}")
    more: bool = Field(False, description=f"more than `total` pass the filters (counting stops at {COUNT_CAP:,})")
    limit: int
    offset: int


class ShortlistIn(BaseModel):
    candidate: str = Field(..., examples=["WB-1A2B3C4D5E"])


class StageIn(BaseModel):
    stage: str = Field(..., examples=["interview"])
    reason: str | None = Field(None, max_length=1000)
    version: int = Field(..., description="the application version you read (optimistic locking)")


class ApplicationOut(BaseModel):
    id: int
    vacancy_id: int
    candidate: str | None = None
    stage: str
    stage_reason: str | None
    version: int


class NoteIn(BaseModel):
    note: str = Field(..., max_length=2000, examples=["Wawancara dijadwalkan ulang ke Senin."])


class NoteOut(BaseModel):
    id: int
    note: str
    author: str | None
    created_at: datetime


class StepOut(BaseModel):
    from_stage: str | None
    to_stage: str
    reason: str | None
    author: str | None
    created_at: datetime


class ApplicationDetailOut(ApplicationOut):
    history: list[StepOut]
    notes: list[NoteOut]


class ApplicationPage(BaseModel):
    items: list[ApplicationOut]
    total: int
    limit: int
    offset: int


def vacancy_out(v: Vacancy) -> VacancyOut:
    return VacancyOut(
        id=v.id, title=v.title, description=v.description, requirements=list(v.requirements),
        required_units=list(v.required_units), province_code=v.province_code, regency_code=v.regency_code,
        positions=v.positions, start_date=v.start_date, status=v.status, fair_chance=v.fair_chance, version=v.version,
    )  # fmt: skip


def cert_out(v: CertificateView) -> CertificateOut:
    return CertificateOut(
        number=v.number or None, scheme_code=v.scheme_code or None, scheme_title=v.scheme_title, issuer=v.lsp_name,
        issued_on=v.issued_on, valid_until=v.valid_until, status=v.status,
        units=[f"{u.code} {u.title}" for u in v.units],
    )  # fmt: skip


def candidate_out(c: CandidateCard) -> CandidateOut:
    return CandidateOut(
        candidate=c.pseudonym, score=round(c.score, 4), location=c.location, available=c.available,
        regency_code=c.regency_code, distance_km=c.distance_km,
        covered_units=list(c.covered_units), missing_units=list(c.missing_units),
        expired_units=list(c.expired_units), explanation=list(c.explanation),
        certificates=[cert_out(v) for v in c.certificates],
    )  # fmt: skip


def application_out(a: Application, pseudonym: str | None = None) -> ApplicationOut:
    return ApplicationOut(
        id=a.id, vacancy_id=a.vacancy_id, candidate=pseudonym, stage=a.stage, stage_reason=a.stage_reason,
        version=a.version,
    )  # fmt: skip


def entry_out(e: ShortlistEntry) -> ApplicationOut:
    return application_out(e.application, e.pseudonym)


@router.get("/units", response_model=list[UnitOut])
async def search_units(
    q: str = Query("", max_length=100), limit: int = Query(20, ge=1, le=50),
    _: Principal = Depends(anyone), conn: Any = Depends(deps.connection),
) -> list[UnitOut]:  # fmt: skip
    """Search the SKKNI unit catalogue by code or title (search-as-you-type)."""
    units = await CatalogueRepo(conn).search_units(q.strip(), limit) if q.strip() else []
    return [UnitOut(code=u.code, title=u.title, sector=u.sector, kkni_level=u.kkni_level) for u in units]


@router.get("/vacancies", response_model=VacancyPage)
async def list_vacancies(
    request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    format: str | None = Query(None, pattern="^(json|csv)$"),
    principal: Principal = Depends(reader), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Vacancies: an employer's own, or all for Kemnaker staff and admins. `?format=csv` downloads CSV."""
    items, total = await hiring.list_vacancies(conn, principal, limit=limit, offset=offset)
    if wants_csv(request, format):
        cols = ["id", "title", "regency_code", "positions", "start_date", "status"]
        return csv_response(
            cols, ([v.id, v.title, v.regency_code, v.positions, v.start_date, v.status] for v in items), "vacancies.csv"
        )
    return VacancyPage(items=[vacancy_out(v) for v in items], total=total, limit=limit, offset=offset)


@router.post("/vacancies", response_model=VacancyOut, status_code=201)
async def create_vacancy(
    body: VacancyIn, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection),
    matcher: Any = Depends(deps.matcher),
) -> VacancyOut:  # fmt: skip
    """Post a vacancy. Unit codes must exist in the catalogue; the vacancy is embedded at once."""
    return vacancy_out(await hiring.create_vacancy(conn, principal, matcher, body.to_input()))


@router.get("/vacancies/{vacancy_id}", response_model=VacancyOut)
async def get_vacancy(
    vacancy_id: int, principal: Principal = Depends(reader), conn: Any = Depends(deps.connection)
) -> VacancyOut:
    """One vacancy (an employer's own only)."""
    return vacancy_out(await hiring.own_vacancy(conn, principal, vacancy_id))


@router.put("/vacancies/{vacancy_id}", response_model=VacancyOut)
async def update_vacancy(
    vacancy_id: int, body: VacancyIn, principal: Principal = Depends(employer),
    conn: Any = Depends(deps.connection), matcher: Any = Depends(deps.matcher),
) -> VacancyOut:  # fmt: skip
    """Edit a vacancy. Send the `version` you read: 409 if someone changed it since."""
    if body.version is None:
        from api.web.errors import InvalidInput

        raise InvalidInput("version", "version is required when updating")
    return vacancy_out(await hiring.update_vacancy(conn, principal, matcher, vacancy_id, body.version, body.to_input()))


@router.get("/vacancies/{vacancy_id}/candidates", response_model=CandidatePage)
async def vacancy_candidates(
    request: Request, vacancy_id: int, limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0),
    province: str | None = None,
    regency: str | None = Query(None, description="lives in this kabupaten/kota (BPS code PP.RR, e.g. 32.73)"),
    near: bool = Query(False, description="nearby: the vacancy's kabupaten/kota first, then the rest of its province"),
    within_km: str | None = Query(None, description="lives within this many km (1-500, whole number) of the "
                                  "vacancy's kabupaten/kota, seat to seat; not with `regency` or `near`"),
    month: str | None = Query(None, description="available by the end of this month, YYYY-MM"),
    scheme: str | None = Query(None, description="holds a valid certificate of this scheme code"),
    format: str | None = Query(None, pattern="^(json|csv)$"),
    principal: Principal = Depends(employer), conn: Any = Depends(deps.connection),
    matcher: Any = Depends(deps.matcher),
) -> Any:  # fmt: skip
    """Ranked candidates for an own vacancy: consenting and available people only, by pseudonym,
    with the certificates and required units behind each match."""
    filters = hiring.parse_filters(province, month, scheme, regency, near, within_km)
    vacancy, cards, total = await hiring.candidates(
        conn, matcher, principal, vacancy_id, filters, today=date.today(), limit=limit, offset=offset
    )
    if wants_csv(request, format):
        rows = ([c.pseudonym, round(c.score, 4), c.available, c.regency_code, " ".join(c.covered_units),
                 " ".join(c.expired_units), " ".join(c.missing_units)] for c in cards)  # fmt: skip
        cols = ["candidate", "score", "available", "regency_code", "covered_units", "expired_units", "missing_units"]
        return csv_response(cols, rows, f"vacancy-{vacancy_id}-candidates.csv")
    return CandidatePage(
        vacancy_id=vacancy.id, vacancy_title=vacancy.title, items=[candidate_out(c) for c in cards],
        total=min(total, COUNT_CAP), more=total > COUNT_CAP, limit=limit, offset=offset,
    )  # fmt: skip


@router.get("/candidates/{pseudonym}")
async def candidate(
    pseudonym: str, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> dict[str, Any]:
    """An anonymised candidate profile: name, facility only if the person consented to reveal them."""
    profile = await hiring.candidate_profile(conn, principal, pseudonym, today=date.today())
    return profile.fields | {"certificates": [cert_out(c).model_dump(mode="json") for c in profile.certificates]}


@router.get("/vacancies/{vacancy_id}/applications", response_model=ApplicationPage)
async def list_applications(
    request: Request, vacancy_id: int, limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0),
    format: str | None = Query(None, pattern="^(json|csv)$"),
    principal: Principal = Depends(employer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """The shortlist of an own vacancy with each application's stage."""
    _, entries, total = await hiring.applications(conn, principal, vacancy_id, limit=limit, offset=offset)
    if wants_csv(request, format):
        rows = ([e.application.id, e.pseudonym, e.application.stage, e.application.stage_reason] for e in entries)
        return csv_response(["id", "candidate", "stage", "reason"], rows, f"vacancy-{vacancy_id}-shortlist.csv")
    return ApplicationPage(items=[entry_out(e) for e in entries], total=total, limit=limit, offset=offset)


@router.post("/vacancies/{vacancy_id}/applications", response_model=ApplicationOut, status_code=201)
async def add_application(
    vacancy_id: int, body: ShortlistIn, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> ApplicationOut:
    """Shortlist a consenting candidate (by pseudonym) for an own vacancy; 409 if already there."""
    app = await hiring.shortlist(conn, principal, vacancy_id, body.candidate)
    return application_out(app, body.candidate)


@router.post("/applications/{application_id}/stage", response_model=ApplicationOut)
async def move_application(
    application_id: int, body: StageIn, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> ApplicationOut:
    """Move an application: shortlisted → interview → offer → hired, or → rejected (with a reason);
    back one stage (offer → interview → shortlisted, with a reason); or → candidate_withdrew (the
    candidate withdrew) from any open stage. Send the `version` you read: 409 if it changed since.
    Hiring records a placement."""
    app = await hiring.move_application(
        conn, principal, application_id, body.stage, body.reason, body.version, today=date.today()
    )
    return application_out(app)


def note_out(n: ApplicationNote) -> NoteOut:
    return NoteOut(id=n.id, note=n.body, author=n.author, created_at=n.created_at)


@router.get("/applications/{application_id}", response_model=ApplicationDetailOut)
async def get_application(
    application_id: int, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> ApplicationDetailOut:
    """One own application with every stage step (from, to, reason, who, when) and every note."""
    d = await hiring.application_detail(conn, principal, application_id)
    steps = [StepOut(from_stage=s.event.from_stage, to_stage=s.event.to_stage, reason=s.event.reason,
                     author=s.author, created_at=s.event.created_at) for s in d.history]  # fmt: skip
    return ApplicationDetailOut(**entry_out(d.entry).model_dump(), history=steps, notes=[note_out(n) for n in d.notes])


@router.post("/applications/{application_id}/notes", response_model=NoteOut, status_code=201)
async def add_note(
    application_id: int, body: NoteIn, principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)
) -> NoteOut:
    """Add a note to an own application; notes are kept, never overwritten (422 if empty)."""
    return note_out(await hiring.add_note(conn, principal, application_id, body.note))

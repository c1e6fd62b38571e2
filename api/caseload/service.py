"""Bapas officer use cases: caseload, client profile, matches, gaps, consent, plan, placements.

An officer only ever sees clients of the own Bapas (others look like 404). Every profile read is
an audit event; every write goes through a transaction with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from api.caseload.rules import (
    FOLLOWUP_MONTHS,
    MATCH_WORDS,
    PlaceScope,
    due_months,
    followup_due,
    place_scope,
    placement_start_problem,
    plan_lines,
)
from api.privacy import service as privacy
from api.training import service as training
from api.web.auth import Principal
from api.web.errors import InvalidInput
from api.web.i18n import date_words
from matcher.errors import NotIndexed
from matcher.explain import render
from matcher.features import FEATURE_NAMES
from matcher.gaps import GapReport
from matcher.service import Matcher, VacancyMatch
from models.errors import NotFound
from models.records import CertificateView, Consent, ConsentEvent, Facility, Inmate, Placement, PlacementFollowup
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.impressions import ImpressionRepo, ShownResult
from models.repositories.inmates import CaseloadFilter, InmateRepo
from models.repositories.officers import EmployerActivity, OfficerRepo, ReleaseWithoutPlan
from models.repositories.placements import PlacementRepo, PlacementView
from models.repositories.places import PlacesRepo
from models.repositories.vacancies import EmployerRepo, VacancyRepo

CALENDAR_MONTHS = 6
CONSENT_NOTE_MAX = 1000
FOLLOWUP_NOTE_MAX = 2000


@dataclass(frozen=True)
class Caseload:
    clients: list[Inmate]
    total: int
    releases: dict[str, list[Inmate]]  # 'YYYY-MM' -> clients released that month (next 6 months)


@dataclass(frozen=True)
class ClientFile:
    inmate: Inmate
    facility: Facility
    certificates: tuple[CertificateView, ...]
    placements: tuple[PlacementView, ...]
    consent_history: tuple[ConsentEvent, ...]
    due_followups: tuple[tuple[int, int, date], ...]  # (placement id, month, due date) not yet recorded


def _scoped(principal: Principal, inmate: Inmate) -> Inmate:
    if principal.role != "bapas_officer" or inmate.bapas_id != principal.bapas_id or inmate.anonymised_at:
        raise NotFound("client", inmate.id)
    return inmate


async def own_client(conn: Any, principal: Principal, inmate_id: int) -> Inmate:
    return _scoped(principal, await InmateRepo(conn).get(inmate_id))


def month_keys(today: date, months: int = CALENDAR_MONTHS) -> list[str]:
    keys, y, m = [], today.year, today.month
    for _ in range(months):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return keys


async def caseload(
    conn: Any, principal: Principal, *, today: date, limit: int, offset: int, where: CaseloadFilter | None = None
) -> Caseload:
    """The officer's own clients matching ``where``, upcoming release first, and the release calendar."""
    assert principal.bapas_id is not None
    repo = InmateRepo(conn)
    clients = await repo.list_caseload(principal.bapas_id, limit=limit, offset=offset, today=today, where=where)
    keys = month_keys(today)
    soon = await repo.list_releasing(principal.bapas_id, today, today + timedelta(days=31 * CALENDAR_MONTHS))
    releases: dict[str, list[Inmate]] = {k: [] for k in keys}
    for c in soon:
        key = c.expected_release_date.strftime("%Y-%m") if c.expected_release_date else ""
        if key in releases:
            releases[key].append(c)
    seen = {c.id for c in clients} | {c.id for c in soon}
    await AuditRepo(conn).add_reads(principal.actor, "client.list", sorted(seen))
    return Caseload(clients, await repo.count_caseload(principal.bapas_id, where), releases)


def due_followups(placements: list[PlacementView], today: date) -> list[tuple[int, int, date]]:
    """Follow-ups whose day has come and that are not recorded yet."""
    out = []
    for p in placements:
        done = {f.month for f in p.followups}
        for month in FOLLOWUP_MONTHS:
            due = followup_due(p.placement.started_on, month)
            if month not in done and due <= today:
                out.append((p.placement.id, month, due))
    return out


async def client_file(conn: Any, principal: Principal, inmate_id: int, *, today: date) -> ClientFile:
    inmate = await own_client(conn, principal, inmate_id)
    certs = (await CertificateRepo(conn).views_for_inmates([inmate_id])).get(inmate_id, [])
    placements = await PlacementRepo(conn).list_for_inmate(inmate_id)
    history = await InmateRepo(conn).consent_history(inmate_id)
    await AuditRepo(conn).add_reads(principal.actor, "client.view", [inmate_id])
    return ClientFile(
        inmate, await PlacesRepo(conn).get_facility(inmate.facility_id), tuple(certs), tuple(placements),
        tuple(history), tuple(due_followups(placements, today)),
    )  # fmt: skip


@dataclass(frozen=True)
class VacancyOption:
    match: VacancyMatch
    employer_name: str
    explanation: tuple[str, ...]


async def vacancy_scope(conn: Any, principal: Principal, inmate_id: int, requested: str | None = None) -> PlaceScope:
    """Where the client's vacancies are searched: the Bapas area by default for people on parole or
    assimilation (``rules.place_scope``), or the province/regency the officer chose, or everywhere."""
    inmate = await own_client(conn, principal, inmate_id)
    places = PlacesRepo(conn)
    bapas = await places.get_facility(inmate.bapas_id) if inmate.bapas_id is not None else None
    return place_scope(
        inmate.status, requested, bapas_name=bapas.name if bapas else "",
        bapas_province_code=bapas.province_code if bapas else None, place_names=await places.place_names(),
    )  # fmt: skip


def radius_choices() -> tuple[int, ...]:
    """The radii the client page offers: those of the employer's candidate search."""
    from api.hiring.service import RADIUS_CHOICES  # not at import: hiring -> privacy -> this module

    return RADIUS_CHOICES


async def vacancy_radius(conn: Any, principal: Principal, inmate_id: int, requested: str | None) -> int | None:
    """``within_km`` for the client's vacancies (km from the domicile regency's seat), checked: a whole
    number 1-500 (as on the employer's search), and a domicile regency with a seat (migration 0830)."""
    from api.hiring.service import parse_radius  # not at import: hiring -> privacy -> this module

    radius = parse_radius(requested)
    if radius is None:
        return None
    inmate = await own_client(conn, principal, inmate_id)
    if not inmate.domicile_regency_code:
        raise InvalidInput("within_km", "domisili klien belum mencantumkan kabupaten/kota")
    if (await PlacesRepo(conn).get_regency(inmate.domicile_regency_code)).lat is None:
        raise InvalidInput("within_km", "kabupaten/kota domisili belum punya koordinat; pakai pilihan wilayah")
    return radius


async def best_vacancies(
    conn: Any, matcher: Matcher, principal: Principal, inmate_id: int, *, today: date, k: int = 10,
    scope: PlaceScope | None = None, within_km: int | None = None, lang: str = "id",
) -> list[VacancyOption]:  # fmt: skip
    """The client's best open vacancies within ``scope`` (default: ``vacancy_scope``'s default), and
    within ``within_km`` of the domicile regency's seat when given (``vacancy_radius``)."""
    inmate = await own_client(conn, principal, inmate_id)
    scope = scope or await vacancy_scope(conn, principal, inmate_id)
    near = (inmate.domicile_regency_code, float(within_km)) if within_km and inmate.domicile_regency_code else None
    try:
        matches = await matcher.vacancies_for_candidate(
            conn, inmate_id, as_of=today, k=k, province_code=scope.province_code, regency_code=scope.regency_code,
            within_km_of=near,
        )  # fmt: skip
    except NotIndexed:  # imported but not embedded yet (`binakerja reindex`): the page still works
        matches = []
    shown = [ShownResult(k + 1, m.vacancy.id, inmate_id, m.score, m.features) for k, m in enumerate(matches)]
    await ImpressionRepo(conn).log_search(  # one INSERT: what was shown, for learning from outcomes
        "officer", inmate_id, FEATURE_NAMES, [r for r in shown if r.features], matcher.weights_id
    )
    names = await EmployerRepo(conn).names([m.vacancy.employer_id for m in matches])
    places = await PlacesRepo(conn).place_names()
    await AuditRepo(conn).add_reads(principal.actor, "client.matches", [inmate_id])
    return [VacancyOption(m, names[m.vacancy.employer_id], tuple(render(m.explanation, places, lang))) for m in matches]


async def gaps(conn: Any, matcher: Matcher, principal: Principal, inmate_id: int, *, today: date) -> GapReport:
    await own_client(conn, principal, inmate_id)
    await AuditRepo(conn).add_reads(principal.actor, "client.gaps", [inmate_id])
    try:
        return await matcher.gaps(conn, inmate_id, as_of=today)
    except NotIndexed:  # no embedding yet, so no target vacancies to measure the gap against
        return GapReport((), (), ())


async def scheme_titles(conn: Any) -> dict[str, str]:
    return {s.code: s.title for s in await CatalogueRepo(conn).list_schemes()}


async def set_consent(
    conn: Any, principal: Principal, inmate_id: int, consent: Consent, note: str | None
) -> privacy.ConsentChange:
    """Record the client's consent; withdrawing employer matching also closes the open applications
    (returned, so the officer sees which)."""
    await own_client(conn, principal, inmate_id)
    if note is not None and len(note) > CONSENT_NOTE_MAX:
        raise InvalidInput("note", f"catatan paling banyak {CONSENT_NOTE_MAX} karakter")
    return await privacy.change_consent(conn, principal.actor, inmate_id, consent, note)


async def record_placement(
    conn: Any, principal: Principal, inmate_id: int, *, employer_id: int, position_title: str, started_on: date,
    vacancy_id: int | None = None, today: date | None = None,
) -> Placement:  # fmt: skip
    await own_client(conn, principal, inmate_id)
    if not position_title.strip():
        raise InvalidInput("position_title", "jabatan wajib diisi")
    if problem := placement_start_problem(started_on, today or date.today()):
        raise InvalidInput("started_on", problem)
    try:
        await EmployerRepo(conn).get(employer_id)
    except NotFound as exc:
        raise InvalidInput("employer_id", "pemberi kerja tidak dikenal") from exc
    if vacancy_id is not None and (await VacancyRepo(conn).get(vacancy_id)).employer_id != employer_id:
        raise InvalidInput("vacancy_id", "lowongan bukan milik pemberi kerja ini")
    async with conn.transaction():
        p = await PlacementRepo(conn).add(
            inmate_id, employer_id, vacancy_id, position_title.strip(), started_on, principal.user_id
        )
        await AuditRepo(conn).add(principal.actor, "placement.create", "placement", p.id, subject_inmate_id=inmate_id)
    return p


async def record_followup(
    conn: Any, principal: Principal, placement_id: int, *, month: int, still_employed: bool, note: str,
    today: date | None = None,
) -> PlacementFollowup:  # fmt: skip
    """Record the ``month``-month follow-up of a placement; refused before it is due
    (``followup_due``: the job's start plus ``month`` months)."""
    placement = await PlacementRepo(conn).get(placement_id)
    try:
        await own_client(conn, principal, placement.inmate_id)
    except NotFound as exc:
        raise NotFound("placement", placement_id) from exc
    if month not in FOLLOWUP_MONTHS:
        raise InvalidInput("month", "bulan tindak lanjut harus 3, 6 atau 12")
    if len(note) > FOLLOWUP_NOTE_MAX:
        raise InvalidInput("note", f"catatan paling banyak {FOLLOWUP_NOTE_MAX} karakter")
    due = followup_due(placement.started_on, month)
    if due > (today or date.today()):
        raise InvalidInput("month", f"tindak lanjut {month} bulan baru dapat dicatat mulai {due.isoformat()}")
    async with conn.transaction():
        f = await PlacementRepo(conn).add_followup(placement_id, month, still_employed, note.strip(), principal.user_id)
        await AuditRepo(conn).add(
            principal.actor, "placement.followup", "placement", placement_id, subject_inmate_id=placement.inmate_id,
            detail={"month": month, "still_employed": still_employed},
        )  # fmt: skip
    return f


@dataclass(frozen=True)
class Plan:
    file: ClientFile
    vacancies: list[VacancyOption]
    gaps: GapReport
    scheme_titles: dict[str, str]
    today: date


async def reintegration_plan(conn: Any, matcher: Matcher, principal: Principal, inmate_id: int, *, today: date) -> Plan:
    """Everything the printable plan shows: profile, certificates, best vacancies, gaps, follow-ups."""
    file = await client_file(conn, principal, inmate_id, today=today)
    vacancies = await best_vacancies(conn, matcher, principal, inmate_id, today=today, k=5)
    report = await gaps(conn, matcher, principal, inmate_id, today=today)
    await AuditRepo(conn).add(principal.actor, "client.plan", "inmate", inmate_id, subject_inmate_id=inmate_id)
    return Plan(file, vacancies, report, await scheme_titles(conn), today)


async def gap_classes(conn: Any, inmate: Inmate, report: GapReport, *, today: date) -> dict[str, training.ClassAdvice]:
    """Per advised scheme of ``report`` (code), the open training class that prepares for it, at
    the client's own facility first: "take class X at F, starting D, then assessment for Y"."""
    codes = [s.scheme for s in report.schemes[:5]]
    return await training.class_advice(conn, inmate_id=inmate.id, facility_id=inmate.facility_id, scheme_codes=codes,
                                       today=today)  # fmt: skip


# --- the officer's task list ------------------------------------------------------------------
RELEASE_PLAN_DAYS = 90  # a client released within this many days should have a plan
ACTIVITY_DAYS = 14  # employers' stage changes on my clients shown for this many days


@dataclass(frozen=True)
class FollowupTask:
    inmate_id: int
    full_name: str
    placement_id: int
    position_title: str
    employer_name: str
    month: int
    due: date


@dataclass(frozen=True)
class Tasks:
    followups: tuple[FollowupTask, ...]  # due and not recorded, oldest due first
    releases: tuple[ReleaseWithoutPlan, ...]  # released within RELEASE_PLAN_DAYS, no plan drawn up yet
    activity: tuple[EmployerActivity, ...]  # employers' stage changes in the last ACTIVITY_DAYS days

    @property
    def count(self) -> int:
        return len(self.followups) + len(self.releases) + len(self.activity)


async def tasks(conn: Any, principal: Principal, *, today: date, now: datetime) -> Tasks:
    """What the officer should do next, for the own Bapas's clients only (each read audited)."""
    assert principal.bapas_id is not None
    repo = OfficerRepo(conn)
    followups = sorted(
        (
            FollowupTask(p.inmate_id, p.full_name, p.placement_id, p.position_title, p.employer_name, month, due)
            for p in await repo.placements(principal.bapas_id)
            for month, due in due_months(p.started_on, p.done_months, today)
        ),
        key=lambda t: (t.due, t.placement_id, t.month),
    )
    releases = await repo.releases_without_plan(principal.bapas_id, today, today + timedelta(days=RELEASE_PLAN_DAYS))
    activity = await repo.employer_activity(principal.bapas_id, now - timedelta(days=ACTIVITY_DAYS))
    seen = {t.inmate_id for t in followups} | {r.inmate_id for r in releases} | {a.inmate_id for a in activity}
    if seen:
        await AuditRepo(conn).add_reads(principal.actor, "client.tasks", sorted(seen))
    return Tasks(tuple(followups), tuple(releases), tuple(activity))


# --- the printed plan ---------------------------------------------------------------------------
MINISTRY = "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA"
DIRECTORATE = "DIREKTORAT JENDERAL PEMASYARAKATAN"


@dataclass(frozen=True)
class PlanPaper:
    """What the printed plan adds to the page: letterhead, signatory and wording without scores."""

    letterhead: tuple[str, ...]  # ministry, directorate, regional office, Bapas
    office: Facility
    place: str  # the Bapas's city
    dated: str  # "Bandung, 2 Desember 2026"
    officer_name: str
    officer_nip: str | None
    vacancy_lines: dict[int, tuple[str, ...]]  # vacancy id -> why it suits, in words
    vacancy_fit: dict[int, str]  # vacancy id -> "sangat sesuai" / "cukup sesuai" / "kurang sesuai"


def _town(regency: str) -> str:
    for prefix in ("Kota Administrasi ", "Kabupaten ", "Kota ", "Kab. "):
        if regency.startswith(prefix):
            return regency[len(prefix) :]
    return regency


async def plan_paper(conn: Any, principal: Principal, plan: Plan, *, lang: str = "id") -> PlanPaper:
    """The letterhead and signatory of the officer's Bapas for a plan the officer may read; its date as it
    reads in ``lang`` (the printed PDF is the Bapas's letter, in Indonesian)."""
    assert principal.bapas_id is not None and principal.user_id is not None
    office = await PlacesRepo(conn).get_facility(principal.bapas_id)
    regency = (await PlacesRepo(conn).place_names()).get(office.regency_code, office.regency_code)
    letterhead = (MINISTRY, DIRECTORATE, office.kanwil.upper(), office.name.upper())
    lines = {o.match.vacancy.id: tuple(plan_lines(o.match.explanation)) for o in plan.vacancies}
    fit = {o.match.vacancy.id: MATCH_WORDS.get(o.match.explanation.label, "") for o in plan.vacancies}
    nip = await OfficerRepo(conn).nip(principal.user_id)
    place = _town(regency)
    dated = f"{place}, {date_words(lang)(plan.today)}"
    return PlanPaper(letterhead, office, place, dated, principal.name, nip, lines, fit)

"""Load the demo data set: reference data, then people streamed with COPY in chunks, in one transaction."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

import asyncpg

from api.demo import catalogue, employers, history, places
from api.demo.inmates import DemoPopulation, InmateBundle
from api.demo.trades import TRADES
from models.errors import Conflict
from models.repositories.bulk import BulkRepo
from models.repositories.enrolments import EnrolmentRepo
from models.repositories.inmates import InmateRepo

CHUNK = 10_000
EMPLOYERS = 120
VACANCIES = 360


@dataclass(frozen=True)
class DemoSummary:
    provinces: int
    regencies: int
    facilities: int
    units: int
    schemes: int
    lsps: int
    assessors: int
    tuks: int
    inmates: int
    assessments: int
    certificates: int
    employers: int
    vacancies: int
    seconds: float
    applications: int = 0
    placements: int = 0
    offences: int = 0

    def __str__(self) -> str:
        rate = self.inmates / self.seconds if self.seconds else 0.0
        return (
            f"demo loaded: {self.inmates} inmates ({rate:,.0f}/s), {self.certificates} certificates "
            f"from {self.assessments} assessments, {self.facilities} UPT in {self.provinces} provinces, "
            f"{self.schemes} schemes / {self.units} units, {self.lsps} LSPs, {self.assessors} assessors, "
            f"{self.tuks} TUK, {self.employers} employers, {self.vacancies} vacancies, {self.applications} "
            f"applications, {self.placements} placements, {self.offences} offences on record "
            f"in {self.seconds:.1f}s"
        )


async def load_demo_if_empty(
    conn: asyncpg.Connection, *, inmates: int = 2000, seed: int = 7, cipher: Any = None
) -> bool:
    """Load the demo only into a database without people (and without the demo's UPT); returns whether it loaded."""
    if await InmateRepo(conn).count() > 0:
        return False
    if await BulkRepo(conn).facilities_exist([f.code for f in places.FACILITIES]):
        return False
    await load_demo(conn, inmates=inmates, seed=seed, cipher=cipher)
    return True


async def load_demo(
    conn: asyncpg.Connection,
    *,
    inmates: int = 2000,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
    cipher: Any = None,
) -> DemoSummary:
    """Write the deterministic demo data set (same seed and day, same data) in one transaction.

    Dates (release, programme eligibility, certificates, vacancy start, 15 months of hiring history)
    are relative to ``today`` so the demo always looks current. With the service's ``cipher``, a
    share of the people get a NIK and an offence on record (encrypted like any other). Raises
    ``Conflict`` when the demo's UPT are already present.
    """
    if inmates < 0:
        raise ValueError("inmates must be >= 0")
    today = today or date.today()
    started = time.perf_counter()
    rng = random.Random(seed)
    repo = BulkRepo(conn)
    async with conn.transaction():
        if await repo.facilities_exist([f.code for f in places.FACILITIES]):
            raise Conflict("demo data is already loaded (its UPT exist); use an empty database")
        ref = await _reference_data(repo, rng, today)
        ref |= {"seed": seed, "cipher": cipher, "workers": []}
        population = DemoPopulation(
            random.Random(rng.random()), today, list(places.FACILITIES), ref["assessor_specs"], ref["tuk_specs"]
        )
        counts = {"assessments": 0, "certificates": 0, "offences": 0}
        chunk: list[InmateBundle] = []
        for bundle in population.generate(inmates):
            chunk.append(bundle)
            if len(chunk) >= CHUNK:
                await _write_chunk(repo, chunk, ref, today, counts)
                if progress:
                    progress(len(chunk))
                chunk = []
        if chunk:
            await _write_chunk(repo, chunk, ref, today, counts)
            if progress:
                progress(len(chunk))
        # Registered for certification: with each P2/P3 LSP, the people it assessed and the people
        # held where it runs a TUK (a P1 LSP takes its own Lapas' people without a row).
        await EnrolmentRepo(conn).enrol_assessed_and_local(source="demo")
        emp_rng = random.Random(rng.random())
        emp_specs = employers.employers(emp_rng, EMPLOYERS)
        emp_ids = await repo.add_employers(
            [
                (e.external_id, e.name, e.sector, e.province_code, e.regency_code, e.partner_status, e.contact_email)
                for e in emp_specs
            ]
        )
        vac_specs = employers.vacancies(emp_rng, emp_specs, VACANCIES, today)
        await repo.copy_vacancies(
            [
                (
                    v.external_id,
                    emp_ids[v.employer_external_id],
                    v.title,
                    v.description,
                    list(v.requirements),
                    list(v.required_units),
                    v.province_code,
                    v.regency_code,
                    v.positions,
                    v.start_date,
                    v.fair_chance,
                    v.status,
                )
                for v in vac_specs
            ]
        )
        await _partners_and_history(repo, random.Random(f"{seed}:history"), today, emp_specs, emp_ids, vac_specs,
                                    ref["workers"], counts)  # fmt: skip
        await __import__("api.demo.training", fromlist=["load"]).load(conn, today)  # programmes, classes
        await repo.analyze()
    return DemoSummary(
        provinces=len(places.PROVINCES),
        regencies=len(places.REGENCIES),
        facilities=len(places.FACILITIES),
        units=sum(len(t.units) for t in TRADES),
        schemes=len(catalogue.SCHEMES),
        lsps=len(catalogue.LSPS),
        assessors=len(ref["assessor_specs"]),
        tuks=len(ref["tuk_specs"]),
        inmates=inmates,
        assessments=counts["assessments"],
        certificates=counts["certificates"],
        employers=len(emp_specs),
        vacancies=len(vac_specs),
        seconds=time.perf_counter() - started,
        applications=counts["applications"],
        placements=counts["placements"],
        offences=counts["offences"],
    )


async def _reference_data(repo: BulkRepo, rng: random.Random, today: date) -> dict[str, Any]:
    await repo.add_provinces([(code, name) for code, name, _ in places.PROVINCES])
    await repo.add_regencies([(code, name, code.split(".")[0], lat, lon) for code, name, lat, lon in places.REGENCIES])
    bapas_of = {f.province_code: f.code for f in places.FACILITIES if f.kind == "bapas"}
    facility_ids = await repo.add_facilities(
        [
            (
                f.code,
                f.name,
                f.kind,
                places.kanwil_for(f.province_code),
                f.province_code,
                f.regency_code,
                None if f.kind == "bapas" else bapas_of[f.province_code],
            )
            for f in places.FACILITIES
        ]
    )
    await repo.add_units(
        [
            (code, title, t.sector, t.kkni_level, f"Unit kompetensi skema {t.scheme_title}.")
            for t in TRADES
            for code, title in t.units
        ]
    )
    lsp_ids = await repo.add_lsps(
        [
            (
                lsp.code,
                lsp.name,
                lsp.kind,
                lsp.licence_number,
                lsp.licence_valid_until,
                lsp.number_format,
                facility_ids[lsp.home_facility] if lsp.home_facility else None,
            )
            for lsp in catalogue.LSPS
        ]
    )
    scheme_ids = await repo.add_schemes(
        [
            (s.code, s.title, s.kind, lsp_ids[s.lsp_code], s.kkni_level, s.validity_years, s.unit_codes)
            for s in catalogue.SCHEMES
        ]
    )
    assessor_specs = catalogue.assessors(rng, today)
    assessor_ids = await repo.add_assessors(
        [(a.registration_number, a.name, lsp_ids[a.lsp_code], a.active_from, a.active_until) for a in assessor_specs]
    )
    custodial = [(f.code, f.name, f.regency_code) for f in places.FACILITIES if f.kind != "bapas"]
    tuk_specs = catalogue.tuks(rng, custodial)
    tuk_ids = await repo.add_tuks(
        [
            (
                t.code,
                t.name,
                lsp_ids[t.lsp_code],
                facility_ids[t.facility_code] if t.facility_code else None,
                t.regency_code,
            )
            for t in tuk_specs
        ]
    )
    return {
        "facility_ids": facility_ids,
        "bapas_ids": {f.code: facility_ids[bapas_of[f.province_code]] for f in places.FACILITIES},
        "lsp_ids": lsp_ids,
        "scheme_ids": scheme_ids,
        "assessor_ids": assessor_ids,
        "tuk_ids": tuk_ids,
        "assessor_specs": assessor_specs,
        "tuk_specs": tuk_specs,
    }


async def _write_chunk(
    repo: BulkRepo, chunk: list[InmateBundle], ref: dict[str, Any], today: date, counts: dict[str, int]
) -> None:
    inmate_ids = await repo.reserve_ids("inmates", len(chunk))
    n_assess = sum(len(b.assessments) for b in chunk)
    n_cert = sum(1 for b in chunk for a in b.assessments if a.certificate)
    assessment_ids = iter(await repo.reserve_ids("assessments", n_assess))
    certificate_ids = iter(await repo.reserve_ids("certificates", n_cert))
    status_at = datetime.combine(today, dtime(9, 0), tzinfo=UTC)
    fac_ids, bapas_ids = ref["facility_ids"], ref["bapas_ids"]
    inmates, consents, assessments, results, certs, cert_units = [], [], [], [], [], []
    for inmate_id, b in zip(inmate_ids, chunk):
        inmates.append(
            (
                inmate_id,
                b.external_id,
                b.pseudonym,
                b.full_name,
                b.birth_year,
                b.gender,
                fac_ids[b.facility.code],
                bapas_ids[b.facility.code],
                b.domicile_regency_code,
                b.domicile_regency_code.split(".")[0],
                b.education,
                b.skills,
                b.work_history,
                b.trainings,
                b.status,
                b.expected_release_date,
                b.asimilasi_date,
                b.pb_date,
                b.cb_date,
                b.cmb_date,
                *b.consent,
            )
        )
        consents.append((inmate_id, *b.consent, None, "Persetujuan awal dicatat saat registrasi (data demo)"))
        for a in b.assessments:
            assessment_id = next(assessment_ids)
            scheme_id = ref["scheme_ids"][a.scheme.code]
            assessments.append(
                (
                    assessment_id,
                    inmate_id,
                    scheme_id,
                    ref["assessor_ids"][a.assessor],
                    ref["tuk_ids"][a.tuk] if a.tuk else None,
                    a.assessed_on,
                )
            )
            results.extend((assessment_id, code, result, evidence) for code, result, evidence in a.results)
            c = a.certificate
            if c is not None:
                cert_id = next(certificate_ids)
                lsp_id = ref["lsp_ids"][a.scheme.lsp_code]
                certs.append(
                    (
                        cert_id,
                        c.number,
                        inmate_id,
                        scheme_id,
                        lsp_id,
                        assessment_id,
                        c.issued_on,
                        c.valid_until,
                        c.status,
                        c.status_reason,
                        status_at if c.status_reason else None,
                        c.suspended_until,
                    )
                )
                cert_units.extend((cert_id, code) for code in a.scheme.unit_codes)
    await repo.copy_inmates(inmates)
    await repo.copy_consent_events(consents)
    counts["offences"] += await _sensitive(repo, list(zip(inmate_ids, chunk)), ref)
    for inmate_id, b in zip(inmate_ids, chunk):
        available = _available_on(b, today)
        if available is not None and b.consent[0] and b.trade_keys:
            ref["workers"].append(
                history.Worker(inmate_id, b.trade_keys[0], b.domicile_regency_code.split(".")[0], available)
            )
    if assessments:
        await repo.copy_assessments(assessments)
        await repo.copy_assessment_results(results)
    if certs:
        await repo.copy_certificates(certs)
        await repo.copy_certificate_units(cert_units)
    counts["assessments"] += n_assess
    counts["certificates"] += n_cert


def _moment(day: date, hour: int, today: date) -> datetime:
    """A time of day for a history date; the load day's own moves at midnight, never later than now."""
    return datetime.combine(day, dtime(hour if day < today else 0, 0), tzinfo=UTC)


async def _partners_and_history(
    repo: BulkRepo, rng: random.Random, today: date, emp_specs: list[employers.EmployerSpec],
    emp_ids: dict[str, int], vac_specs: list[employers.VacancySpec], workers: list[history.Worker],
    counts: dict[str, int],
) -> None:  # fmt: skip
    """Partner applications (every state), when vacancies were posted, and the hiring history."""
    await repo.set_partner_details(
        [
            (e.external_id, e.nib, e.kbli, e.address, e.contact_name, e.contact_phone, e.fair_chance_policy,
             _moment(today - timedelta(days=e.applied_days_ago), 10, today), e.status_reason)
            for e in emp_specs
        ]
    )  # fmt: skip
    await repo.date_vacancies([(v.external_id, _moment(v.created_on or today, 8, today)) for v in vac_specs])
    vacancy_ids = await repo.vacancy_ids()
    hired_before = {e.external_id for e in emp_specs if e.partner_status in ("active", "suspended")}
    openings = [
        history.Opening(vacancy_ids[v.external_id], emp_ids[v.employer_external_id], v.title, v.trade_key,
                        v.province_code, v.created_on or today, v.start_date, v.status, v.positions)
        for v in vac_specs if v.employer_external_id in hired_before
    ]  # fmt: skip
    apps, placements = history.hiring_history(rng, today, openings, workers)
    app_ids = await repo.reserve_ids("applications", len(apps))
    rows, events = [], []
    for app_id, a in zip(app_ids, apps):
        last = a.moves[-1]
        rows.append((app_id, a.vacancy_id, a.inmate_id, last.stage, last.reason, len(a.moves),
                     _moment(a.moves[0].on, 9, today), _moment(last.on, 9, today)))  # fmt: skip
        previous = None
        for m in a.moves:
            events.append((app_id, previous, m.stage, m.reason, _moment(m.on, 9, today)))
            previous = m.stage
    placement_ids = await repo.reserve_ids("placements", len(placements))
    placed, followups = [], []
    for placement_id, p in zip(placement_ids, placements):
        placed.append((placement_id, p.inmate_id, p.employer_id, p.vacancy_id, p.position_title, p.started_on,
                       _moment(p.started_on, 11, today)))  # fmt: skip
        followups.extend((placement_id, f.month, f.still_employed, f.note, _moment(f.recorded_on, 14, today))
                         for f in p.followups)  # fmt: skip
    if rows:
        await repo.copy_applications(rows)
        await repo.copy_application_events(events)
    if placed:
        await repo.copy_placements(placed)
    if followups:
        await repo.copy_placement_followups(followups)
    counts["applications"], counts["placements"] = len(rows), len(placed)


def _available_on(b: InmateBundle, today: date) -> date | None:
    """The day this person could start work outside (release, parole or assimilation), if it has come."""
    if b.status == "released":
        return b.expected_release_date
    if b.status == "parole":
        return min(d for d in (b.pb_date, b.cb_date, b.cmb_date) if d is not None and d <= today)
    if b.status == "assimilation":
        return b.asimilasi_date
    return None


async def _sensitive(repo: BulkRepo, chunk: list[tuple[int, InmateBundle]], ref: dict[str, Any]) -> int:
    """NIK and offence for a share of this chunk's people, encrypted with the service's cipher."""
    from api.privacy.service import Offence, encode_offence

    cipher = ref["cipher"]
    if cipher is None or not chunk:
        return 0
    rng = random.Random(f"{ref['seed']}:sensitive:{chunk[0][1].external_id}")
    people = [(i, b.domicile_regency_code, b.birth_year, b.gender) for i, b in chunk]
    rows = [
        (inmate_id, cipher.encrypt(nik, "national_id"), cipher.encrypt(encode_offence(Offence(cat, text)), "offence"))
        for inmate_id, nik, cat, text in history.sensitive_for(rng, people)
    ]
    if rows:
        await repo.set_sensitive(rows)
    return len(rows)

"""Load the demo data set: reference data, then people streamed with COPY in chunks, in one transaction."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as dtime
from typing import Any

import asyncpg

from api.demo import catalogue, employers, places
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

    def __str__(self) -> str:
        rate = self.inmates / self.seconds if self.seconds else 0.0
        return (
            f"demo loaded: {self.inmates} inmates ({rate:,.0f}/s), {self.certificates} certificates "
            f"from {self.assessments} assessments, {self.facilities} UPT in {self.provinces} provinces, "
            f"{self.schemes} schemes / {self.units} units, {self.lsps} LSPs, {self.assessors} assessors, "
            f"{self.tuks} TUK, {self.employers} employers, {self.vacancies} vacancies in {self.seconds:.1f}s"
        )


async def load_demo_if_empty(conn: asyncpg.Connection, *, inmates: int = 2000, seed: int = 7) -> bool:
    """Load the demo only into a database without people (and without the demo's UPT); returns whether it loaded."""
    if await InmateRepo(conn).count() > 0:
        return False
    if await BulkRepo(conn).facilities_exist([f.code for f in places.FACILITIES]):
        return False
    await load_demo(conn, inmates=inmates, seed=seed)
    return True


async def load_demo(
    conn: asyncpg.Connection,
    *,
    inmates: int = 2000,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Write the deterministic demo data set (same seed and day, same data) in one transaction.

    Dates (release, programme eligibility, certificates, vacancy start) are relative to ``today``
    so the demo always looks current. Raises ``Conflict`` when the demo's UPT are already present.
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
        population = DemoPopulation(
            random.Random(rng.random()), today, list(places.FACILITIES), ref["assessor_specs"], ref["tuk_specs"]
        )
        counts = {"assessments": 0, "certificates": 0}
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
    if assessments:
        await repo.copy_assessments(assessments)
        await repo.copy_assessment_results(results)
    if certs:
        await repo.copy_certificates(certs)
        await repo.copy_certificate_units(cert_units)
    counts["assessments"] += n_assess
    counts["certificates"] += n_cert

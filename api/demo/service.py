"""Load the demo data set: reference data, then people streamed with COPY in chunks, in one transaction.

The people's rows are built (``api.demo.rows``) in a second process (``api.demo.worker``) while
this one writes the previous chunk; every id comes from the sequences here. Into empty tables the
session owns, indexes and foreign keys are re-created once after the rows instead of checked per
row (``BulkRepo.defer_checks``). The same seed and day give the same rows on every path
(``tests/integration/test_demo_bulk.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import random
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

import asyncpg

from api.demo import catalogue, employers, history, places
from api.demo.draws import DemoRandom
from api.demo.inmates import DemoPopulation
from api.demo.rows import (
    ChunkRows,
    IdMaps,
    WorkerPool,
    certificate_unit_rows,
    chunks,
    consent_rows,
    derived,
    enrolment_rows,
    result_rows,
)
from api.demo.trades import TRADES
from api.demo.worker import FRAME, Job
from matcher import heap
from models.errors import Conflict
from models.repositories.bulk import BULK_TABLES, BulkRepo
from models.repositories.inmates import InmateRepo

# People per COPY round (a divisor of rows.SENSITIVE_BLOCK): two chunks are in flight, so it bounds the
# memory of both processes. At 300,000 people 1,250 against 2,500: loader + worker 43 against 50 MB,
# 13,074-14,337 against 13,780-15,594 people/s (the host's noise; issue 17, session 12).
CHUNK = 1_250
# From FAST_MIN people, into empty tables this session owns: their secondary indexes and foreign
# keys are dropped for the load and re-created (checked once, set-wise) before it commits
# (BulkRepo.defer_checks). Below it the DDL costs more than it saves, and the tables stay unlocked.
FAST_MIN = 10_000
# Rows are built in a second process (api.demo.worker) while this one writes the previous chunk;
# below WORKER_MIN people starting it (~0.3 s: a fresh interpreter) costs about what it saves.
WORKER_PROCESS = True
WORKER_MIN = 10_000
EMPLOYERS = 120
VACANCIES = 360
_END = object()  # the worker's last message


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
    with heap.bulk_thresholds():
        async with conn.transaction():
            if await repo.facilities_exist([f.code for f in places.FACILITIES]):
                raise Conflict("demo data is already loaded (its UPT exist); use an empty database")
            ref = await _reference_data(repo, rng, today)
            ref |= {"seed": seed, "cipher": cipher, "workers": WorkerPool()}
            ref["derived"] = derived(ref["ids"], ref["tuk_specs"])
            population = DemoPopulation(
                DemoRandom(rng.random()), today, list(places.FACILITIES), ref["assessor_specs"], ref["tuk_specs"]
            )
            counts = {"assessments": 0, "certificates": 0, "offences": 0}
            deferred = await repo.defer_checks(BULK_TABLES) if inmates >= FAST_MIN else None
            job = Job(population, inmates, CHUNK, ref["ids"], seed, sensitive=cipher is not None)
            async with _produce(job, WORKER_PROCESS and inmates >= WORKER_MIN) as next_chunk:
                while (chunk := await next_chunk()) is not None:
                    await _write_chunk(repo, chunk, ref, counts)
                    if progress:
                        progress(chunk.people)
            if deferred is not None:
                await repo.restore_checks(deferred)
            emp_rng = random.Random(rng.random())
            emp_specs = employers.employers(emp_rng, EMPLOYERS)
            emp_ids = await repo.add_employers(
                [
                    (
                        e.external_id,
                        e.name,
                        e.sector,
                        e.province_code,
                        e.regency_code,
                        e.partner_status,
                        e.contact_email,
                    )
                    for e in emp_specs
                ]
            )
            vac_specs = employers.vacancies(emp_rng, emp_specs, VACANCIES, today)
            await repo.copy_vacancies([v.copy_row(emp_ids[v.employer_external_id]) for v in vac_specs])
            await _partners_and_history(repo, random.Random(f"{seed}:history"), today, emp_specs, emp_ids, vac_specs,
                                        ref["workers"].workers(), counts)  # fmt: skip
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
        "ids": IdMaps(
            facilities=facility_ids,
            bapas={f.code: facility_ids[bapas_of[f.province_code]] for f in places.FACILITIES},
            lsps=lsp_ids,
            schemes=scheme_ids,
            assessors=assessor_ids,
            tuks=tuk_ids,
        ),
        "assessor_specs": assessor_specs,
        "tuk_specs": tuk_specs,
    }


async def _write_chunk(repo: BulkRepo, chunk: ChunkRows, ref: dict[str, Any], counts: dict[str, int]) -> None:
    """Take ids for the chunk's people, assessments and certificates, then COPY every table."""
    pid = await repo.reserve_ids("inmates", chunk.people)
    aid = await repo.reserve_ids("assessments", len(chunk.assessments))
    cid = await repo.reserve_ids("certificates", len(chunk.certificates))
    await repo.copy_inmates([(pid[r[0]], *r[1:]) for r in chunk.inmates])
    await repo.copy_consent_events(consent_rows(chunk, pid))
    counts["offences"] += await _sensitive(repo, [(pid[p], *rest) for p, *rest in chunk.sensitive], ref["cipher"])
    if chunk.assessments:
        await repo.copy_assessments([(aid[r[0]], pid[r[1]], *r[2:]) for r in chunk.assessments])
        await repo.copy_assessment_results(result_rows(chunk, aid))
    if chunk.certificates:
        await repo.copy_certificates(
            [(cid[r[0]], r[1], pid[r[2]], r[3], r[4], aid[r[5]], *r[6:]) for r in chunk.certificates]
        )
        await repo.copy_certificate_units(certificate_unit_rows(chunk, cid, ref["derived"]))
    # Registered for certification: with each P2/P3 LSP, the people it assessed and the people
    # held where it runs a TUK (a P1 LSP takes its own Lapas' people without a row).
    enrolments = enrolment_rows(chunk, pid, ref["derived"])
    if enrolments:
        await repo.copy_lsp_enrolments(enrolments)
    ref["workers"].add(chunk, pid)
    counts["assessments"] += len(chunk.assessments)
    counts["certificates"] += len(chunk.certificates)


@asynccontextmanager
async def _produce(job: Job, in_worker: bool) -> AsyncIterator[Callable[[], Awaitable[ChunkRows | None]]]:
    """``next_chunk()`` over the job's chunks: built in this process, or (``in_worker``) in a second
    Python process (``api.demo.worker``) that builds chunk k+1 while this one writes chunk k."""
    if not in_worker:
        produced = chunks(job.population, job.count, job.chunk_size, job.ids, seed=job.seed, sensitive=job.sensitive)

        async def local() -> ChunkRows | None:
            return next(produced, None)

        yield local
        return
    root = str(Path(__file__).resolve().parents[2])  # the checkout, also when it is not installed
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "api.demo.worker", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env
    )
    assert proc.stdin is not None and proc.stdout is not None
    stdout = proc.stdout

    loop = asyncio.get_running_loop()

    async def receive() -> Any:
        """The next message; unpickled in a thread, so it overlaps the server's work on a COPY."""
        (size,) = FRAME.unpack(await stdout.readexactly(FRAME.size))
        if not size:
            return _END
        data = await stdout.readexactly(size)
        return await loop.run_in_executor(None, pickle.loads, data)  # from the worker this process started

    ahead: asyncio.Future[Any] | None = None
    try:
        proc.stdin.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        await proc.stdin.drain()
        proc.stdin.close()
        ahead = asyncio.ensure_future(receive())

        async def remote() -> ChunkRows | None:
            nonlocal ahead
            assert ahead is not None
            message = await ahead
            if message is _END:
                return None
            if isinstance(message, BaseException):
                raise RuntimeError("building the demo rows failed in the worker process") from message
            ahead = asyncio.ensure_future(receive())  # the next chunk arrives while this one is written
            chunk: ChunkRows = message
            return chunk

        yield remote
    finally:
        ended = ahead is not None and ahead.done() and not ahead.cancelled() and ahead.exception() is None
        if proc.returncode is None and not (ended and ahead is not None and ahead.result() is _END):
            proc.kill()  # stopped before the end: its rows are not wanted
        if ahead is not None:
            if not ahead.done():
                ahead.cancel()
            with contextlib.suppress(BaseException):
                await ahead
        await proc.wait()


def _moment(day: date, hour: int, today: date) -> datetime:
    """A time of day for a history date; the load day's own moves at midnight, never later than now."""
    return datetime.combine(day, dtime(hour if day < today else 0, 0), tzinfo=UTC)


async def _partners_and_history(
    repo: BulkRepo, rng: random.Random, today: date, emp_specs: list[employers.EmployerSpec],
    emp_ids: dict[str, int], vac_specs: list[employers.VacancySpec], workers: Sequence[history.Worker],
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


async def _sensitive(repo: BulkRepo, people: list[tuple[int, str, str, str]], cipher: Any) -> int:
    """(inmate id, NIK, offence category, article) encrypted with the service's cipher and written."""
    if cipher is None or not people:
        return 0
    from api.privacy.service import Offence, encode_offence  # only a load with a cipher needs it

    encrypt = cipher.encrypt
    await repo.set_sensitive(
        [
            (inmate_id, encrypt(nik, "national_id"), encrypt(encode_offence(Offence(cat, text)), "offence"))
            for inmate_id, nik, cat, text in people
        ]
    )
    return len(people)

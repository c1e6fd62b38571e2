"""Small builders that write realistic rows through the real repositories."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import asyncpg

from models.records import CompetencyUnit, Consent, NewInmate, NewVacancy, Province, Regency
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.enrolments import EnrolmentRepo
from models.repositories.inmates import InmateRepo
from models.repositories.places import PlacesRepo
from models.repositories.vacancies import EmployerRepo, VacancyRepo

_seq = itertools.count(1)

WELDING_UNITS = [
    CompetencyUnit("C.25LAS00.001.1", "Menerapkan keselamatan kerja pengelasan", "Manufaktur", 2),
    CompetencyUnit("C.25LAS00.002.1", "Mengelas pelat baja dengan proses las busur manual (SMAW)", "Manufaktur", 2),
    CompetencyUnit("C.25LAS00.003.1", "Membaca gambar kerja pengelasan", "Manufaktur", 2),
]
BAKERY_UNITS = [
    CompetencyUnit("C.10ROT00.001.1", "Menerapkan sanitasi dan keamanan pangan", "Makanan", 2),
    CompetencyUnit("C.10ROT00.002.1", "Membuat adonan roti manis dan roti tawar", "Makanan", 2),
]


def uid(prefix: str) -> str:
    return f"{prefix}-{next(_seq):05d}"


async def places(conn: asyncpg.Connection) -> dict[str, int]:
    """Two provinces, three regencies, one Bapas and two Lapas; returns facility ids by role."""
    repo = PlacesRepo(conn)
    await repo.add_provinces([Province("32", "Jawa Barat"), Province("35", "Jawa Timur")])
    await repo.add_regencies(
        [
            Regency("32.73", "Kota Bandung", "32", -6.91, 107.61),
            Regency("32.04", "Kabupaten Bandung", "32", -7.02, 107.53),
            Regency("35.78", "Kota Surabaya", "35", -7.25, 112.75),
        ]
    )
    bapas = await repo.add_facility(uid("BPS"), "Bapas Kelas I Bandung", "bapas", "Kanwil Jawa Barat", "32", "32.73")
    lapas = await repo.add_facility(
        uid("LPS"), "Lapas Kelas I Sukamiskin", "lapas", "Kanwil Jawa Barat", "32", "32.73", bapas.id
    )
    other_bapas = await repo.add_facility(
        uid("BPS"), "Bapas Kelas I Surabaya", "bapas", "Kanwil Jawa Timur", "35", "35.78"
    )
    other_lapas = await repo.add_facility(
        uid("LPS"), "Lapas Kelas I Surabaya", "lapas", "Kanwil Jawa Timur", "35", "35.78", other_bapas.id
    )
    return {
        "bapas": bapas.id,
        "lapas": lapas.id,
        "other_bapas": other_bapas.id,
        "other_lapas": other_lapas.id,
    }


async def catalogue(conn: asyncpg.Connection) -> dict[str, int]:
    """An LSP with a welding and a bakery scheme; returns ids."""
    repo = CatalogueRepo(conn)
    await repo.upsert_units(WELDING_UNITS + BAKERY_UNITS)
    lsp = await repo.add_lsp(
        uid("LSP"),
        "LSP Pemasyarakatan",
        "P2",
        "BNSP-LSP-0001-ID",
        date(2030, 1, 1),
        "{lsp}/{scheme}/{year}/{seq:06d}",
    )
    welding = await repo.add_scheme(
        uid("SKM-LAS"), "Juru Las SMAW", "occupation", lsp.id, 2, [u.code for u in WELDING_UNITS]
    )
    bakery = await repo.add_scheme(
        uid("SKM-ROT"), "Pembuat Roti", "occupation", lsp.id, 2, [u.code for u in BAKERY_UNITS]
    )
    assessor = await repo.add_assessor(uid("MET.000.0"), "Asesor Satu", lsp.id, date(2024, 1, 1), date(2029, 1, 1))
    return {"lsp": lsp.id, "welding": welding.id, "bakery": bakery.id, "assessor": assessor.id}


async def inmate(
    conn: asyncpg.Connection,
    facility_id: int,
    bapas_id: int | None,
    *,
    skills: tuple[str, ...] = (),
    work_history: tuple[str, ...] = (),
    consent: Consent = Consent(employer_matching=True),
    release_in_days: int = 60,
    regency: str = "32.73",
    province: str = "32",
    name: str = "Budi Santoso",
) -> int:
    repo = InmateRepo(conn)
    new = NewInmate(
        external_id=uid("WBP"),
        full_name=name,
        birth_year=1990,
        gender="L",
        facility_code="",
        domicile_regency_code=regency,
        skills=skills,
        work_history=work_history,
        expected_release_date=date.today() + timedelta(days=release_in_days),
        consent=consent,
    )
    return await repo.upsert(new, facility_id, bapas_id, province)


async def certificate(
    conn: asyncpg.Connection, inmate_id: int, scheme_id: int, lsp_id: int, unit_codes: list[str]
) -> int:
    return await CertificateRepo(conn).add(
        number=uid("CERT"),
        inmate_id=inmate_id,
        scheme_id=scheme_id,
        lsp_id=lsp_id,
        unit_codes=unit_codes,
        issued_on=date.today() - timedelta(days=30),
        valid_until=date.today() + timedelta(days=3 * 365),
    )


async def enrol(conn: asyncpg.Connection, lsp_id: int, *inmate_ids: int) -> None:
    """Register people with an LSP for certification (its assessors may then assess them)."""
    await EnrolmentRepo(conn).add_many([(lsp_id, i) for i in inmate_ids], source="officer", enrolled_by=None)


async def employer(conn: asyncpg.Connection, name: str = "PT Baja Sejahtera") -> int:
    return (await EmployerRepo(conn).add(uid("EMP"), name, "Manufaktur", "32", "32.73")).id


async def vacancy(
    conn: asyncpg.Connection,
    employer_id: int,
    title: str,
    description: str = "",
    requirements: tuple[str, ...] = (),
    required_units: tuple[str, ...] = (),
    start_in_days: int = 120,
) -> int:
    new = NewVacancy(
        external_id=uid("VAC"),
        employer_external_id="",
        title=title,
        description=description,
        requirements=requirements,
        required_units=required_units,
        regency_code="32.73",
        start_date=date.today() + timedelta(days=start_in_days),
    )
    return await VacancyRepo(conn).upsert(new, employer_id, "32")


async def welding_world(conn: asyncpg.Connection) -> dict[str, int]:
    """A welder, a baker, a welder who refused consent, one released too late, a welding vacancy."""
    fac = await places(conn)
    cat = await catalogue(conn)
    welder = await inmate(
        conn,
        fac["lapas"],
        fac["bapas"],
        skills=("pengelasan SMAW", "membaca gambar teknik"),
        work_history=("3 tahun di bengkel las konstruksi baja",),
    )
    await certificate(conn, welder, cat["welding"], cat["lsp"], [u.code for u in WELDING_UNITS])
    baker = await inmate(conn, fac["lapas"], fac["bapas"], skills=("membuat roti", "menghias kue"))
    await certificate(conn, baker, cat["bakery"], cat["lsp"], [u.code for u in BAKERY_UNITS])
    refuser = await inmate(
        conn, fac["lapas"], fac["bapas"], skills=("pengelasan SMAW", "las listrik"), consent=Consent()
    )
    late = await inmate(conn, fac["lapas"], fac["bapas"], skills=("pengelasan SMAW",), release_in_days=900)
    emp = await employer(conn)
    vac = await vacancy(
        conn,
        emp,
        "Tukang Las SMAW",
        "Bengkel fabrikasi baja membutuhkan juru las.",
        ("mampu mengelas pelat baja SMAW", "memahami K3 pengelasan"),
    )
    return {
        "welder": welder,
        "baker": baker,
        "refuser": refuser,
        "late": late,
        "vacancy": vac,
        "employer": emp,
        **cat,
        **fac,
    }

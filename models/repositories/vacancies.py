"""Employers and their vacancies."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

import asyncpg

from models.errors import NotFound
from models.records import Employer, NewVacancy, Vacancy

_EMPLOYER_COLS = "id, external_id, name, sector, province_code, regency_code, partner_status, contact_email"
VACANCY_COLS = """
    id, external_id, employer_id, title, description, requirements, required_units, province_code,
    regency_code, positions, start_date, fair_chance, status, version
"""


def _employer(r: asyncpg.Record) -> Employer:
    return Employer(
        r["id"],
        r["external_id"],
        r["name"],
        r["sector"],
        r["province_code"],
        r["regency_code"],
        r["partner_status"],
        r["contact_email"],
    )


def vacancy_from_row(r: asyncpg.Record) -> Vacancy:
    return Vacancy(
        id=r["id"],
        external_id=r["external_id"],
        employer_id=r["employer_id"],
        title=r["title"],
        description=r["description"],
        requirements=tuple(r["requirements"]),
        required_units=tuple(r["required_units"]),
        province_code=r["province_code"],
        regency_code=r["regency_code"],
        positions=r["positions"],
        start_date=r["start_date"],
        fair_chance=r["fair_chance"],
        status=r["status"],
        version=r["version"],
    )


class EmployerRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(
        self,
        external_id: str,
        name: str,
        sector: str,
        province_code: str | None,
        regency_code: str | None,
        contact_email: str | None = None,
        partner_status: str = "active",
    ) -> Employer:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO employers (external_id, name, sector, province_code, regency_code, contact_email,
                                   partner_status)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_EMPLOYER_COLS}
            """,
            external_id,
            name,
            sector,
            province_code,
            regency_code,
            contact_email,
            partner_status,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _employer(r)

    async def get(self, employer_id: int) -> Employer:
        r = await self.conn.fetchrow(f"SELECT {_EMPLOYER_COLS} FROM employers WHERE id = $1", employer_id)
        if r is None:
            raise NotFound("employer", employer_id)
        return _employer(r)

    async def names(self, ids: list[int]) -> dict[int, str]:
        rows = await self.conn.fetch("SELECT id, name FROM employers WHERE id = ANY($1::bigint[])", ids)
        return {r["id"]: r["name"] for r in rows}

    async def list(self, limit: int = 100, offset: int = 0) -> list[Employer]:
        rows = await self.conn.fetch(
            f"SELECT {_EMPLOYER_COLS} FROM employers ORDER BY name LIMIT $1 OFFSET $2", limit, offset
        )
        return [_employer(r) for r in rows]


class VacancyRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def get(self, vacancy_id: int) -> Vacancy:
        r = await self.conn.fetchrow(f"SELECT {VACANCY_COLS} FROM vacancies WHERE id = $1", vacancy_id)
        if r is None:
            raise NotFound("vacancy", vacancy_id)
        return vacancy_from_row(r)

    async def get_many(self, ids: Sequence[int]) -> dict[int, Vacancy]:
        rows = await self.conn.fetch(f"SELECT {VACANCY_COLS} FROM vacancies WHERE id = ANY($1::bigint[])", list(ids))
        return {r["id"]: vacancy_from_row(r) for r in rows}

    async def list(
        self, *, employer_id: int | None = None, status: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[Vacancy]:
        rows = await self.conn.fetch(
            f"""
            SELECT {VACANCY_COLS} FROM vacancies
            WHERE ($1::bigint IS NULL OR employer_id = $1) AND ($2::text IS NULL OR status = $2)
            ORDER BY id LIMIT $3 OFFSET $4
            """,
            employer_id,
            status,
            limit,
            offset,
        )
        return [vacancy_from_row(r) for r in rows]

    async def list_after(self, last_id: int, limit: int) -> builtins.list[Vacancy]:  # `list` is a method here
        """Keyset page in id order (resumable batch jobs)."""
        rows = await self.conn.fetch(
            f"SELECT {VACANCY_COLS} FROM vacancies WHERE id > $1 ORDER BY id LIMIT $2", last_id, limit
        )
        return [vacancy_from_row(r) for r in rows]

    async def upsert(self, new: NewVacancy, employer_id: int, province_code: str | None) -> int:
        """Insert or update by external id; unchanged rows are left alone (version kept)."""
        vid = await self.conn.fetchval(
            """
            INSERT INTO vacancies (external_id, employer_id, title, description, requirements, required_units,
                                   province_code, regency_code, positions, start_date, fair_chance, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (external_id) DO UPDATE SET
                employer_id = EXCLUDED.employer_id, title = EXCLUDED.title, description = EXCLUDED.description,
                requirements = EXCLUDED.requirements, required_units = EXCLUDED.required_units,
                province_code = EXCLUDED.province_code, regency_code = EXCLUDED.regency_code,
                positions = EXCLUDED.positions, start_date = EXCLUDED.start_date,
                fair_chance = EXCLUDED.fair_chance, status = EXCLUDED.status,
                version = vacancies.version + 1, updated_at = now()
            WHERE (vacancies.employer_id, vacancies.title, vacancies.description, vacancies.requirements,
                   vacancies.required_units, vacancies.regency_code, vacancies.positions, vacancies.start_date,
                   vacancies.fair_chance, vacancies.status)
              IS DISTINCT FROM
                  (EXCLUDED.employer_id, EXCLUDED.title, EXCLUDED.description, EXCLUDED.requirements,
                   EXCLUDED.required_units, EXCLUDED.regency_code, EXCLUDED.positions, EXCLUDED.start_date,
                   EXCLUDED.fair_chance, EXCLUDED.status)
            RETURNING id
            """,
            new.external_id,
            employer_id,
            new.title,
            new.description,
            list(new.requirements),
            list(new.required_units),
            province_code,
            new.regency_code,
            new.positions,
            new.start_date,
            new.fair_chance,
            new.status,
        )
        if vid is None:
            vid = await self.conn.fetchval("SELECT id FROM vacancies WHERE external_id = $1", new.external_id)
        return int(vid)

    async def count(self, *, employer_id: int | None = None, status: str | None = None) -> int:
        return int(
            await self.conn.fetchval(
                """
                SELECT count(*) FROM vacancies
                WHERE ($1::bigint IS NULL OR employer_id = $1) AND ($2::text IS NULL OR status = $2)
                """,
                employer_id,
                status,
            )
        )

    async def update(
        self, vacancy_id: int, expected_version: int, new: NewVacancy, province_code: str | None
    ) -> Vacancy:
        """Replace the editable fields if the row is still at ``expected_version`` (optimistic lock)."""
        from models.errors import Conflict

        r = await self.conn.fetchrow(
            f"""
            UPDATE vacancies SET title = $3, description = $4, requirements = $5, required_units = $6,
                   province_code = $7, regency_code = $8, positions = $9, start_date = $10,
                   fair_chance = $11, status = $12, version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2
            RETURNING {VACANCY_COLS}
            """,
            vacancy_id,
            expected_version,
            new.title,
            new.description,
            list(new.requirements),
            list(new.required_units),
            province_code,
            new.regency_code,
            new.positions,
            new.start_date,
            new.fair_chance,
            new.status,
        )
        if r is None:
            await self.get(vacancy_id)  # NotFound when it does not exist at all
            raise Conflict(f"lowongan {vacancy_id} sudah diubah orang lain; muat ulang lalu coba lagi")
        return vacancy_from_row(r)

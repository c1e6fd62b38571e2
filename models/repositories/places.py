"""Provinces, regencies and correctional facilities (UPT)."""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg

from models.errors import NotFound
from models.records import Facility, Province, Regency

_FACILITY_COLS = "id, code, name, kind, kanwil, province_code, regency_code, bapas_id"


def _facility(r: asyncpg.Record) -> Facility:
    return Facility(
        id=r["id"],
        code=r["code"],
        name=r["name"],
        kind=r["kind"],
        kanwil=r["kanwil"],
        province_code=r["province_code"],
        regency_code=r["regency_code"],
        bapas_id=r["bapas_id"],
    )


class PlacesRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add_provinces(self, provinces: Iterable[Province]) -> None:
        await self.conn.executemany(
            "INSERT INTO provinces (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = $2",
            [(p.code, p.name) for p in provinces],
        )

    async def add_regencies(self, regencies: Iterable[Regency]) -> None:
        await self.conn.executemany(
            """
            INSERT INTO regencies (code, name, province_code, lat, lon) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (code) DO UPDATE SET name = $2, province_code = $3, lat = $4, lon = $5
            """,
            [(r.code, r.name, r.province_code, r.lat, r.lon) for r in regencies],
        )

    async def list_provinces(self) -> list[Province]:
        rows = await self.conn.fetch("SELECT code, name FROM provinces ORDER BY name")
        return [Province(r["code"], r["name"]) for r in rows]

    async def list_regencies(self) -> list[Regency]:
        rows = await self.conn.fetch(
            "SELECT code, name, province_code, lat, lon FROM regencies ORDER BY province_code, name"
        )
        return [Regency(r["code"], r["name"], r["province_code"], r["lat"], r["lon"]) for r in rows]

    async def get_regency(self, code: str) -> Regency:
        r = await self.conn.fetchrow("SELECT code, name, province_code, lat, lon FROM regencies WHERE code = $1", code)
        if r is None:
            raise NotFound("regency", code)
        return Regency(r["code"], r["name"], r["province_code"], r["lat"], r["lon"])

    async def regency_points(self) -> dict[str, tuple[float, float]]:
        """Regency code -> (latitude, longitude) of its seat, for the regencies that have one
        (migration 0830; 514 rows at most)."""
        rows = await self.conn.fetch("SELECT code, lat, lon FROM regencies WHERE lat IS NOT NULL AND lon IS NOT NULL")
        return {r["code"]: (float(r["lat"]), float(r["lon"])) for r in rows}

    async def place_names(self) -> dict[str, str]:
        """Display names of every regency and province by BPS code (a few hundred rows)."""
        rows = await self.conn.fetch("SELECT code, name FROM regencies UNION ALL SELECT code, name FROM provinces")
        return {r["code"]: r["name"] for r in rows}

    async def add_facility(
        self,
        code: str,
        name: str,
        kind: str,
        kanwil: str,
        province_code: str,
        regency_code: str,
        bapas_id: int | None = None,
    ) -> Facility:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO facilities (code, name, kind, kanwil, province_code, regency_code, bapas_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING {_FACILITY_COLS}
            """,
            code,
            name,
            kind,
            kanwil,
            province_code,
            regency_code,
            bapas_id,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _facility(r)

    async def get_facility(self, facility_id: int) -> Facility:
        r = await self.conn.fetchrow(f"SELECT {_FACILITY_COLS} FROM facilities WHERE id = $1", facility_id)
        if r is None:
            raise NotFound("facility", facility_id)
        return _facility(r)

    async def list_facilities(self, kind: str | None = None) -> list[Facility]:
        rows = await self.conn.fetch(
            f"SELECT {_FACILITY_COLS} FROM facilities WHERE ($1::text IS NULL OR kind = $1) ORDER BY code",
            kind,
        )
        return [_facility(r) for r in rows]

"""Regency seats (migration 0830): every regency of migration 0610 has coordinates or is counted
as missing, the points lie in Indonesia, and known distances come out right in SQL and in numpy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher.features import km_between
from models.records import CandidateFilter
from models.repositories.embeddings import _regencies_within
from models.repositories.places import PlacesRepo

MIGRATIONS = Path(__file__).resolve().parents[2] / "models" / "migrations"
# Stated in migration 0830: 472 of the 514 regencies have a seat; these 42 have none in the source
# (GeoNames cities500 lacks their seat and too few of their districts), and are placed by province only.
WITH_POINT = 472
MISSING = 42


def _seeded_codes() -> list[str]:
    text = (MIGRATIONS / "0610_seed_provinces_regencies.sql").read_text(encoding="utf-8")
    return re.findall(r"\('(\d\d\.\d\d)', '", text)


def _listed_missing() -> set[str]:
    text = (MIGRATIONS / "0830_add_regency_coordinates.sql").read_text(encoding="utf-8")
    tail = text.split("-- Without a point", 1)[1]
    return set(re.findall(r"\b(\d\d\.\d\d)\b", tail))


async def test_every_regency_of_0610_has_a_seat_or_is_counted_missing(conn: Any) -> None:
    codes = _seeded_codes()
    assert len(codes) == 514
    rows = await conn.fetch("SELECT code, lat, lon FROM regencies WHERE code = ANY($1::text[])", codes)
    points = {r["code"]: (r["lat"], r["lon"]) for r in rows if r["lat"] is not None and r["lon"] is not None}
    missing = set(codes) - set(points)
    assert (len(points), len(missing)) == (WITH_POINT, MISSING)
    assert missing == _listed_missing()  # the migration names exactly the ones without a point
    lat = np.array([p[0] for p in points.values()])
    lon = np.array([p[1] for p in points.values()])
    assert lat.min() > -11.1 and lat.max() < 6.2 and lon.min() > 94.9 and lon.max() < 141.1  # Indonesia
    # shared points, as the migration says: DKI Jakarta's five cities, and six kabupaten with the kota
    # that was their seat
    assert len(set(points.values())) == WITH_POINT - 4 - 6
    assert (await PlacesRepo(conn).regency_points()).keys() >= points.keys()


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [("35.15", "35.78", 22.4), ("32.75", "31.75", 16.1), ("35.15", "35.10", 200.6), ("12.71", "35.78", 1973.2)],
)
async def test_distances_in_sql_match_numpy(conn: Any, a: str, b: str, km: float) -> None:
    """Sidoarjo-Surabaya, Bekasi-Jakarta Timur, Sidoarjo-Banyuwangi, Medan-Surabaya."""
    pts = await PlacesRepo(conn).regency_points()
    assert float(km_between(np.array([pts[a]]), np.array([pts[b]]))[0, 0]) == pytest.approx(km, rel=0.01)
    inside = await conn.fetch(f"SELECT code FROM {_regencies_within('$1', '$2')} AS w", a, km + 1.0)
    outside = await conn.fetch(f"SELECT code FROM {_regencies_within('$1', '$2')} AS w", a, km - 1.0)
    assert b in {r["code"] for r in inside} and b not in {r["code"] for r in outside}
    assert a in {r["code"] for r in outside}  # a regency is always within any radius of itself


async def test_a_regency_without_a_seat_is_near_only_itself(conn: Any) -> None:
    no_seat = sorted(_listed_missing())[0]
    rows = await conn.fetch(f"SELECT code FROM {_regencies_within('$1', '$2')} AS w", no_seat, 1000.0)
    assert [r["code"] for r in rows] == [no_seat]
    assert CandidateFilter(within_km_of=(no_seat, 50.0)).narrow

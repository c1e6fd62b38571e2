"""National statistics use cases (aggregates only, no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from api.stats.rules import DEFAULT_MONTHS, PERIODS, period_start
from api.web.errors import InvalidInput
from models.records import Facility, Province, Scheme
from models.repositories.catalogue import CatalogueRepo
from models.repositories.places import PlacesRepo
from models.repositories.stats import StatsFilter, StatsRepo


async def national_stats(conn: Any, f: StatsFilter | None = None) -> dict[str, Any]:
    """Every dashboard figure under the filters ``f`` (all data when None)."""
    repo = StatsRepo(conn)
    f = f or StatsFilter()
    m = f.months
    return {
        "totals": await repo.totals(f),
        "certificates_by_scheme": await repo.certificates_by_scheme(f=f),
        "certificates_by_province": await repo.certificates_by_province(f=f),
        "vacancies_by_month": await repo.vacancies_by_month(m, f),
        "placements_by_month": await repo.placements_by_month(m, f),
        "placement_rate_by_facility": await repo.placement_rate_by_facility(f=f),
        "placement_rate_by_scheme": await repo.placement_rate_by_scheme(f=f),
        # re-admission of released people (recorded from SDP deltas, api/feeds), next to retention
        "readmissions_by_month": await repo.readmissions_by_month(m, f),
        "readmission_rate_by_release_month": await repo.readmission_rate_by_release_month(m, f),
    }


@dataclass(frozen=True)
class FilterChoices:
    provinces: list[Province]
    facilities: list[Facility]  # Lapas, Rutan, LPKA (not Bapas: people are counted where they are held)
    schemes: list[Scheme]


async def filter_choices(conn: Any) -> FilterChoices:
    places = PlacesRepo(conn)
    facilities = sorted((x for x in await places.list_facilities() if x.kind != "bapas"), key=lambda x: x.name)
    return FilterChoices(await places.list_provinces(), facilities, await CatalogueRepo(conn).list_schemes())


async def parse_filter(
    conn: Any, *, period: str, province: str, facility: str, scheme: str, today: date
) -> StatsFilter:
    """The filters from a query string; a value that names nothing is an error on that field
    (empty means "all")."""
    months = DEFAULT_MONTHS
    since = None
    if period:
        if not period.isdigit() or int(period) not in PERIODS:
            raise InvalidInput("period", "periode harus 3, 6, 12 atau 24 bulan")
        months = int(period)
        since = period_start(today, months)
    choices = await filter_choices(conn)
    if province and province not in {p.code for p in choices.provinces}:
        raise InvalidInput("province", "provinsi tidak dikenal")
    facility_id = _id(facility, {x.id for x in choices.facilities}, "facility", "lapas/rutan tidak dikenal")
    scheme_id = _id(scheme, {x.id for x in choices.schemes}, "scheme", "skema tidak dikenal")
    return StatsFilter(since, months, province or None, facility_id, scheme_id)


def _id(text: str, known: set[int], field: str, message: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) not in known:
        raise InvalidInput(field, message)
    return int(text)


STATS_CSV_COLUMNS = ("figure", "label", "value", "numerator", "denominator", "rate")


def stats_rows(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every figure as CSV rows: counts in ``value``; rates as numerator/denominator and ``rate``."""
    rows: list[tuple[Any, ...]] = [("totals", key, value, None, None, None) for key, value in data["totals"].items()]
    for figure, items in data.items():
        if figure == "totals":
            continue
        for r in items:
            if hasattr(r, "value"):
                rows.append((figure, r.label, r.value, None, None, None))
            elif hasattr(r, "readmitted"):
                rows.append((figure, r.label, None, r.readmitted, r.released, round(r.rate, 4)))
            else:
                rows.append((figure, r.label, None, r.placed, r.eligible, round(r.rate, 4)))
    return rows

"""National aggregates for dashboards: counts only, never a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import asyncpg


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class Rate:
    label: str
    placed: int
    eligible: int

    @property
    def rate(self) -> float:
        return self.placed / self.eligible if self.eligible else 0.0


@dataclass(frozen=True)
class Readmissions:
    """People released in a period and how many of them were re-admitted since (SDP deltas)."""

    label: str
    released: int
    readmitted: int

    @property
    def rate(self) -> float:
        return self.readmitted / self.released if self.released else 0.0


# People who can work now: out, on parole or on assimilation (work outside).
_AVAILABLE = "i.status IN ('released', 'parole', 'assimilation')"


@dataclass(frozen=True)
class StatsFilter:
    """The dashboard's filters; None means "all". ``since`` (the first day of the period) limits
    certificates to those issued, placements to those started and events to those on or after it;
    ``months`` is how many months the per-month figures show. Province is the person's domicile
    (the vacancy's own province for vacancies); facility and scheme select people (in a facility,
    holding a certificate of the scheme) and do not apply to vacancies."""

    since: date | None = None
    months: int = 12
    province_code: str | None = None
    facility_id: int | None = None
    scheme_id: int | None = None


class _Args:
    """Positional SQL parameters collected while the WHERE conditions are built."""

    def __init__(self, *first: object) -> None:
        self.values: list[object] = list(first)

    def __call__(self, value: object) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def _people(f: StatsFilter, a: _Args, alias: str = "i") -> str:
    """Conditions on person ``alias`` for the province, facility and scheme filters ("TRUE" if none)."""
    cond = []
    if f.province_code:
        cond.append(f"{alias}.domicile_province_code = {a(f.province_code)}")
    if f.facility_id:
        cond.append(f"{alias}.facility_id = {a(f.facility_id)}")
    if f.scheme_id:
        cond.append(f"EXISTS (SELECT 1 FROM certificates fc WHERE fc.inmate_id = {alias}.id AND fc.scheme_id = "
                    f"{a(f.scheme_id)} AND fc.status IN ('active', 'renewed', 'suspended'))")  # fmt: skip
    return " AND ".join(cond) or "TRUE"


def _certs(f: StatsFilter, a: _Args) -> str:
    """Conditions on certificate ``c`` of person ``i``: its scheme, issued in the period, the person."""
    cond = [_people(StatsFilter(province_code=f.province_code, facility_id=f.facility_id), a)]
    if f.scheme_id:
        cond.append(f"c.scheme_id = {a(f.scheme_id)}")
    if f.since:
        cond.append(f"c.issued_on >= {a(f.since)}")
    return " AND ".join(cond)


def _placed(f: StatsFilter, a: _Args, alias: str = "i") -> str:
    """ "This person has a placement" (started in the period, when one is chosen)."""
    since = f" AND p.started_on >= {a(f.since)}" if f.since else ""
    return f"EXISTS (SELECT 1 FROM placements p WHERE p.inmate_id = {alias}.id{since})"


class StatsRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def certificates_by_scheme(self, limit: int = 15, f: StatsFilter = StatsFilter()) -> list[Count]:
        a = _Args(limit)
        rows = await self.conn.fetch(
            f"""
            SELECT s.title AS label, count(*) AS value FROM certificates c JOIN schemes s ON s.id = c.scheme_id
            JOIN inmates i ON i.id = c.inmate_id
            WHERE c.status = 'active' AND c.valid_until >= current_date AND {_certs(f, a)}
            GROUP BY s.title ORDER BY value DESC, label LIMIT $1
            """,
            *a.values,
        )
        return [Count(r["label"], r["value"]) for r in rows]

    async def certificates_by_province(self, limit: int = 40, f: StatsFilter = StatsFilter()) -> list[Count]:
        a = _Args(limit)
        rows = await self.conn.fetch(
            f"""
            SELECT coalesce(p.name, '-') AS label, count(*) AS value
            FROM certificates c JOIN inmates i ON i.id = c.inmate_id
            LEFT JOIN provinces p ON p.code = i.domicile_province_code
            WHERE c.status = 'active' AND c.valid_until >= current_date AND {_certs(f, a)}
            GROUP BY label ORDER BY value DESC, label LIMIT $1
            """,
            *a.values,
        )
        return [Count(r["label"], r["value"]) for r in rows]

    async def vacancies_by_month(self, months: int = 12, f: StatsFilter = StatsFilter()) -> list[Count]:
        return await self._per_month("vacancies", "created_at", months, f)

    async def placements_by_month(self, months: int = 12, f: StatsFilter = StatsFilter()) -> list[Count]:
        return await self._per_month("placements", "started_on", months, f)

    async def _per_month(self, table: str, column: str, months: int, f: StatsFilter = StatsFilter()) -> list[Count]:
        """Rows of ``table`` per calendar month of ``column`` over the last ``months`` months
        (zero-filled). ``table``/``column`` come from the two callers above, never from input."""
        assert (table, column) in {("vacancies", "created_at"), ("placements", "started_on")}
        a = _Args(months)
        if table == "vacancies":  # a vacancy has a province of its own and no facility or scheme
            where = f"t.province_code = {a(f.province_code)}" if f.province_code else "TRUE"
        else:
            where = f"EXISTS (SELECT 1 FROM inmates i WHERE i.id = t.inmate_id AND {_people(f, a)})"
        rows = await self.conn.fetch(
            f"""
            SELECT to_char(m, 'YYYY-MM') AS label,
                   (SELECT count(*) FROM {table} t WHERE date_trunc('month', t.{column}) = m AND {where}) AS value
            FROM generate_series(date_trunc('month', now()) - make_interval(months => $1 - 1),
                                 date_trunc('month', now()), interval '1 month') AS m
            ORDER BY m
            """,
            *a.values,
        )
        return [Count(r["label"], r["value"]) for r in rows]

    async def placement_rate_by_facility(self, limit: int = 20, f: StatsFilter = StatsFilter()) -> list[Rate]:
        a = _Args(limit)
        rows = await self.conn.fetch(
            f"""
            SELECT f.name AS label, count(*) AS eligible,
                   count(*) FILTER (WHERE {_placed(f, a)}) AS placed
            FROM inmates i JOIN facilities f ON f.id = i.facility_id
            WHERE {_AVAILABLE} AND i.anonymised_at IS NULL AND {_people(f, a)}
            GROUP BY f.name ORDER BY eligible DESC, label LIMIT $1
            """,
            *a.values,
        )
        return [Rate(r["label"], r["placed"], r["eligible"]) for r in rows]

    async def placement_rate_by_scheme(self, limit: int = 20, f: StatsFilter = StatsFilter()) -> list[Rate]:
        a = _Args(limit)
        scheme = f" AND c.scheme_id = {a(f.scheme_id)}" if f.scheme_id else ""
        rows = await self.conn.fetch(
            f"""
            SELECT s.title AS label, count(DISTINCT i.id) AS eligible,
                   count(DISTINCT i.id) FILTER (WHERE {_placed(f, a)}) AS placed
            FROM certificates c JOIN schemes s ON s.id = c.scheme_id JOIN inmates i ON i.id = c.inmate_id
            WHERE {_AVAILABLE} AND i.anonymised_at IS NULL AND c.status IN ('active', 'renewed')
              AND {_people(StatsFilter(province_code=f.province_code, facility_id=f.facility_id), a)}{scheme}
            GROUP BY s.title ORDER BY eligible DESC, label LIMIT $1
            """,
            *a.values,
        )
        return [Rate(r["label"], r["placed"], r["eligible"]) for r in rows]

    async def readmissions_by_month(self, months: int = 12, f: StatsFilter = StatsFilter()) -> list[Count]:
        """Re-admissions of released people (``inmate_events``) per month over the last ``months``."""
        a = _Args(months)
        rows = await self.conn.fetch(
            f"""
            SELECT to_char(m, 'YYYY-MM') AS label,
                   (SELECT count(*) FROM inmate_events e JOIN inmates i ON i.id = e.inmate_id
                    WHERE e.kind = 'readmission' AND date_trunc('month', e.occurred_on) = m AND {_people(f, a)})
                       AS value
            FROM generate_series(date_trunc('month', now()) - make_interval(months => $1 - 1),
                                 date_trunc('month', now()), interval '1 month') AS m
            ORDER BY m
            """,
            *a.values,
        )
        return [Count(r["label"], r["value"]) for r in rows]

    async def readmission_rate_by_release_month(
        self, months: int = 12, f: StatsFilter = StatsFilter()
    ) -> list[Readmissions]:
        """Per month of release (last ``months``): people released then, and how many of them have
        been re-admitted after that release (so far: recent months have had less time)."""
        a = _Args(months)
        people = _people(f, a)
        rows = await self.conn.fetch(
            f"""
            SELECT to_char(m, 'YYYY-MM') AS label,
                   count(DISTINCT r.inmate_id) AS released,
                   count(DISTINCT r.inmate_id) FILTER (WHERE EXISTS (
                       SELECT 1 FROM inmate_events a WHERE a.inmate_id = r.inmate_id AND a.kind = 'readmission'
                         AND a.occurred_on >= r.occurred_on)) AS readmitted
            FROM generate_series(date_trunc('month', now()) - make_interval(months => $1 - 1),
                                 date_trunc('month', now()), interval '1 month') AS m
            LEFT JOIN inmate_events r ON r.kind = 'release' AND date_trunc('month', r.occurred_on) = m
              AND EXISTS (SELECT 1 FROM inmates i WHERE i.id = r.inmate_id AND {people})
            GROUP BY m ORDER BY m
            """,
            *a.values,
        )
        return [Readmissions(r["label"], r["released"], r["readmitted"]) for r in rows]

    async def totals(self, f: StatsFilter = StatsFilter()) -> dict[str, int]:
        a = _Args()
        people = _people(f, a)
        certs = _certs(f, a)
        vacancies = f"province_code = {a(f.province_code)}" if f.province_code else "TRUE"
        started = f" AND p.started_on >= {a(f.since)}" if f.since else ""
        r = await self.conn.fetchrow(
            f"""
            SELECT (SELECT count(*) FROM inmates i WHERE anonymised_at IS NULL AND {people}) AS inmates,
                   (SELECT count(*) FROM certificates c JOIN inmates i ON i.id = c.inmate_id
                    WHERE c.status = 'active' AND c.valid_until >= current_date AND {certs}) AS certificates,
                   (SELECT count(*) FROM vacancies WHERE status = 'open' AND {vacancies}) AS open_vacancies,
                   (SELECT count(*) FROM placements p JOIN inmates i ON i.id = p.inmate_id
                    WHERE {people}{started}) AS placements,
                   (SELECT count(*) FROM employers WHERE partner_status = 'active') AS employers
            """,
            *a.values,
        )
        assert r is not None  # one row always
        return dict(r)

"""Feed connectors, their runs, applied SDP deltas and the person events the deltas record.

Everything runs inside the caller's transaction; a run's batches are committed one by one by
``api/feeds/service.py``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from models.errors import Conflict, NotFound

_CONNECTOR_COLS = (
    "c.id, c.name, c.kind, c.url, c.token_enc, c.interval_minutes, c.employer_id, c.facility_id, c.active, "
    "c.last_cursor, c.last_run_at, c.last_status, c.created_at, c.updated_at, e.external_id AS employer_external_id, "
    "e.name AS employer_name, f.code AS facility_code, f.name AS facility_name"
)
_CONNECTOR_FROM = (
    "feed_connectors c LEFT JOIN employers e ON e.id = c.employer_id LEFT JOIN facilities f ON f.id = c.facility_id"
)
_RUN_COLS = (
    "id, connector_id, started_at, finished_at, status, trigger, records_seen, records_applied, cursor_before, "
    "cursor_after, errors, started_by"
)
# a per-connector advisory lock (first key: "feed" in ASCII), held for a whole run
_LOCK_SPACE = 0x66656564


@dataclass(frozen=True)
class FeedConnector:
    id: int
    name: str
    kind: str
    url: str
    token_enc: bytes | None
    interval_minutes: int
    employer_id: int | None
    facility_id: int | None
    active: bool
    last_cursor: str | None
    last_run_at: datetime | None
    last_status: str | None
    created_at: datetime
    updated_at: datetime
    employer_external_id: str | None = None
    employer_name: str | None = None
    facility_code: str | None = None
    facility_name: str | None = None

    @property
    def has_token(self) -> bool:
        return self.token_enc is not None


@dataclass(frozen=True)
class FeedRun:
    id: int
    connector_id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    trigger: str
    records_seen: int
    records_applied: int
    cursor_before: str | None
    cursor_after: str | None
    errors: tuple[dict[str, Any], ...]
    started_by: int | None


@dataclass(frozen=True)
class PersonState:
    """What an SDP delta may change about a person (read before a batch is applied)."""

    id: int
    registration_number: str
    status: str
    facility_id: int
    bapas_id: int | None
    expected_release_date: date | None
    asimilasi_date: date | None
    pb_date: date | None
    cb_date: date | None
    cmb_date: date | None


@dataclass(frozen=True)
class FacilityRef:
    id: int
    code: str
    kind: str
    bapas_id: int | None


def _connector(r: asyncpg.Record) -> FeedConnector:
    data = dict(r)
    if data["token_enc"] is not None:
        data["token_enc"] = bytes(data["token_enc"])
    return FeedConnector(**data)


def _run(r: asyncpg.Record) -> FeedRun:
    data = dict(r)
    errors = data["errors"]
    data["errors"] = tuple(json.loads(errors) if isinstance(errors, str) else errors or ())
    return FeedRun(**data)


class FeedRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    # --- connectors ------------------------------------------------------------------------------

    async def list_connectors(self, *, active_only: bool = False) -> list[FeedConnector]:
        rows = await self.conn.fetch(
            f"SELECT {_CONNECTOR_COLS} FROM {_CONNECTOR_FROM} WHERE (NOT $1 OR c.active) ORDER BY c.name", active_only
        )
        return [_connector(r) for r in rows]

    async def get_connector(self, connector_id: int) -> FeedConnector:
        r = await self.conn.fetchrow(f"SELECT {_CONNECTOR_COLS} FROM {_CONNECTOR_FROM} WHERE c.id = $1", connector_id)
        if r is None:
            raise NotFound("feed connector", connector_id)
        return _connector(r)

    async def find_connector(self, name: str) -> FeedConnector | None:
        r = await self.conn.fetchrow(f"SELECT {_CONNECTOR_COLS} FROM {_CONNECTOR_FROM} WHERE c.name = $1", name)
        return None if r is None else _connector(r)

    async def add_connector(
        self, *, name: str, kind: str, url: str, token_enc: bytes | None, interval_minutes: int,
        employer_id: int | None, facility_id: int | None, active: bool, created_by: int | None,
    ) -> int:  # fmt: skip
        try:
            cid = await self.conn.fetchval(
                """
                INSERT INTO feed_connectors (name, kind, url, token_enc, interval_minutes, employer_id, facility_id,
                                             active, created_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
                """,
                name, kind, url, token_enc, interval_minutes, employer_id, facility_id, active, created_by,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise Conflict(f"konektor feed {name} sudah ada") from exc
        return int(cid)

    async def update_connector(
        self, connector_id: int, *, name: str, url: str, token_enc: bytes | None, keep_token: bool,
        interval_minutes: int, employer_id: int | None, facility_id: int | None, active: bool,
    ) -> None:  # fmt: skip
        """Change the settings; ``keep_token`` leaves the stored token as it is (the form left it empty)."""
        try:
            done = await self.conn.execute(
                """
                UPDATE feed_connectors SET name = $2, url = $3,
                    token_enc = CASE WHEN $4 THEN token_enc ELSE $5::bytea END,
                    interval_minutes = $6, employer_id = $7, facility_id = $8, active = $9, updated_at = now()
                WHERE id = $1
                """,
                connector_id, name, url, keep_token, token_enc, interval_minutes, employer_id, facility_id, active,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise Conflict(f"konektor feed {name} sudah ada") from exc
        if done.endswith(" 0"):
            raise NotFound("feed connector", connector_id)

    async def set_active(self, connector_id: int, active: bool) -> None:
        done = await self.conn.execute(
            "UPDATE feed_connectors SET active = $2, updated_at = now() WHERE id = $1", connector_id, active
        )
        if done.endswith(" 0"):
            raise NotFound("feed connector", connector_id)

    async def set_cursor(self, connector_id: int, cursor: str | None) -> None:
        await self.conn.execute("UPDATE feed_connectors SET last_cursor = $2 WHERE id = $1", connector_id, cursor)

    async def finish_connector(self, connector_id: int, started_at: datetime, status: str) -> None:
        await self.conn.execute(
            "UPDATE feed_connectors SET last_run_at = $2, last_status = $3 WHERE id = $1",
            connector_id,
            started_at,
            status,
        )

    async def due(self, now: datetime) -> list[FeedConnector]:
        """Active connectors never run, or last run at least their interval before ``now``."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_CONNECTOR_COLS} FROM {_CONNECTOR_FROM}
            WHERE c.active AND (c.last_run_at IS NULL
                                OR c.last_run_at + make_interval(mins => c.interval_minutes) <= $1)
            ORDER BY c.last_run_at NULLS FIRST, c.id
            """,
            now,
        )
        return [_connector(r) for r in rows]

    # --- locking: one run of a connector at a time, across processes ------------------------------

    async def try_lock(self, connector_id: int) -> bool:
        return bool(await self.conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", _LOCK_SPACE, connector_id))

    async def unlock(self, connector_id: int) -> None:
        await self.conn.execute("SELECT pg_advisory_unlock($1, $2)", _LOCK_SPACE, connector_id)

    # --- runs ------------------------------------------------------------------------------------

    async def start_run(self, connector_id: int, cursor: str | None, trigger: str, started_by: int | None) -> FeedRun:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO feed_runs (connector_id, cursor_before, cursor_after, trigger, started_by)
            VALUES ($1, $2, $2, $3, $4) RETURNING {_RUN_COLS}
            """,
            connector_id,
            cursor,
            trigger,
            started_by,
        )
        assert r is not None
        return _run(r)

    async def progress_run(self, run_id: int, seen: int, applied: int, cursor: str | None) -> None:
        """A batch was committed: add its counts and move the run's cursor."""
        await self.conn.execute(
            """
            UPDATE feed_runs SET records_seen = records_seen + $2, records_applied = records_applied + $3,
                                 cursor_after = $4
            WHERE id = $1
            """,
            run_id,
            seen,
            applied,
            cursor,
        )

    async def finish_run(self, run_id: int, status: str, errors: Sequence[dict[str, Any]], seen_extra: int) -> FeedRun:
        """``seen_extra``: records of a failed batch (seen, none applied)."""
        r = await self.conn.fetchrow(
            f"""
            UPDATE feed_runs SET status = $2, errors = $3::jsonb, finished_at = now(),
                                 records_seen = records_seen + $4
            WHERE id = $1 RETURNING {_RUN_COLS}
            """,
            run_id,
            status,
            json.dumps(list(errors), ensure_ascii=False, default=str),
            seen_extra,
        )
        assert r is not None
        return _run(r)

    async def get_run(self, run_id: int) -> FeedRun:
        r = await self.conn.fetchrow(f"SELECT {_RUN_COLS} FROM feed_runs WHERE id = $1", run_id)
        if r is None:
            raise NotFound("feed run", run_id)
        return _run(r)

    async def list_runs(self, connector_id: int, limit: int = 20) -> list[FeedRun]:
        rows = await self.conn.fetch(
            f"SELECT {_RUN_COLS} FROM feed_runs WHERE connector_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2",
            connector_id,
            limit,
        )
        return [_run(r) for r in rows]

    async def latest_runs(self) -> dict[int, FeedRun]:
        """The newest run of every connector, in one query."""
        rows = await self.conn.fetch(
            f"SELECT DISTINCT ON (connector_id) {_RUN_COLS} FROM feed_runs"
            " ORDER BY connector_id, started_at DESC, id DESC"
        )
        return {r["connector_id"]: _run(r) for r in rows}

    # --- vacancy feeds ---------------------------------------------------------------------------

    async def vacancy_ids(self, external_ids: Sequence[str]) -> list[int]:
        rows = await self.conn.fetch(
            "SELECT id FROM vacancies WHERE external_id = ANY($1::text[]) ORDER BY id", list(external_ids)
        )
        return [r["id"] for r in rows]

    # --- SDP delta feeds -------------------------------------------------------------------------

    async def people(self, registration_numbers: Sequence[str]) -> dict[str, PersonState]:
        rows = await self.conn.fetch(
            """
            SELECT id, external_id AS registration_number, status, facility_id, bapas_id, expected_release_date,
                   asimilasi_date, pb_date, cb_date, cmb_date
            FROM inmates WHERE external_id = ANY($1::text[]) AND anonymised_at IS NULL
            """,
            list(registration_numbers),
        )
        return {r["registration_number"]: PersonState(**dict(r)) for r in rows}

    async def facilities(self, codes: Sequence[str]) -> dict[str, FacilityRef]:
        rows = await self.conn.fetch(
            "SELECT id, code, kind, bapas_id FROM facilities WHERE code = ANY($1::text[])", list(codes)
        )
        return {r["code"]: FacilityRef(**dict(r)) for r in rows}

    async def facility(self, facility_id: int) -> FacilityRef:
        r = await self.conn.fetchrow("SELECT id, code, kind, bapas_id FROM facilities WHERE id = $1", facility_id)
        if r is None:
            raise NotFound("facility", facility_id)
        return FacilityRef(**dict(r))

    async def applied_deltas(self, connector_id: int, delta_ids: Sequence[str]) -> set[str]:
        rows = await self.conn.fetch(
            "SELECT delta_id FROM feed_deltas WHERE connector_id = $1 AND delta_id = ANY($2::text[])",
            connector_id,
            list(delta_ids),
        )
        return {r["delta_id"] for r in rows}

    async def update_people(self, people: Sequence[PersonState]) -> None:
        """Write status, facility, Bapas and dates of each person (only those whose values changed)."""
        if not people:
            return
        await self.conn.execute(
            """
            UPDATE inmates i SET status = s.status, facility_id = s.facility_id, bapas_id = s.bapas_id,
                   expected_release_date = s.expected_release_date, asimilasi_date = s.asimilasi_date,
                   pb_date = s.pb_date, cb_date = s.cb_date, cmb_date = s.cmb_date,
                   version = i.version + 1, updated_at = now()
            FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::date[], $6::date[], $7::date[],
                        $8::date[], $9::date[])
                 AS s(id, status, facility_id, bapas_id, expected_release_date, asimilasi_date, pb_date, cb_date,
                      cmb_date)
            WHERE i.id = s.id
              AND (i.status, i.facility_id, i.bapas_id, i.expected_release_date, i.asimilasi_date, i.pb_date,
                   i.cb_date, i.cmb_date)
                  IS DISTINCT FROM
                  (s.status, s.facility_id, s.bapas_id, s.expected_release_date, s.asimilasi_date, s.pb_date,
                   s.cb_date, s.cmb_date)
            """,
            [p.id for p in people], [p.status for p in people], [p.facility_id for p in people],
            [p.bapas_id for p in people], [p.expected_release_date for p in people],
            [p.asimilasi_date for p in people], [p.pb_date for p in people], [p.cb_date for p in people],
            [p.cmb_date for p in people],
        )  # fmt: skip

    async def add_events(
        self, rows: Sequence[tuple[int, str, date, int | None, int | None, int | None, str | None]]
    ) -> None:
        """(inmate id, kind, occurred on, facility id, from facility id, run id, delta id)."""
        if rows:
            await self.conn.executemany(
                """
                INSERT INTO inmate_events (inmate_id, kind, occurred_on, facility_id, from_facility_id, run_id,
                                           delta_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                list(rows),
            )

    async def add_deltas(self, connector_id: int, run_id: int, rows: Sequence[tuple[str, int | None]]) -> None:
        """(delta id, inmate id) of the deltas a batch applied."""
        if rows:
            await self.conn.executemany(
                "INSERT INTO feed_deltas (connector_id, delta_id, run_id, inmate_id) VALUES ($1, $2, $3, $4)",
                [(connector_id, d, run_id, i) for d, i in rows],
            )

    async def events_of(self, inmate_id: int) -> list[tuple[str, date, int | None, int | None]]:
        """(kind, occurred on, facility id, from facility id) of one person, oldest first."""
        rows = await self.conn.fetch(
            "SELECT kind, occurred_on, facility_id, from_facility_id FROM inmate_events WHERE inmate_id = $1"
            " ORDER BY occurred_on, id",
            inmate_id,
        )
        return [(r["kind"], r["occurred_on"], r["facility_id"], r["from_facility_id"]) for r in rows]

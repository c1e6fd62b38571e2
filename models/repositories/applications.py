"""Applications: a candidate shortlisted for a vacancy, moved through hiring stages.

Stage moves use optimistic locking on ``applications.version``: the caller says which version it
saw; if someone moved the application since, the move is refused with ``Conflict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from models.errors import Conflict, NotFound
from models.records import Application, ApplicationEvent

# The enums the SQL filters on (the stage rules are api.hiring.rules; a unit test keeps them equal).
STAGES = ("shortlisted", "interview", "offer", "hired", "rejected", "withdrawn", "candidate_withdrew")
OPEN_STAGES = ("shortlisted", "interview", "offer")
_COLS = "a.id, a.vacancy_id, a.inmate_id, a.stage, a.stage_reason, a.version, a.created_at, a.updated_at"


@dataclass(frozen=True)
class ShortlistEntry:
    """An application with the only handle employers see for the person."""

    application: Application
    pseudonym: str
    vacancy_title: str


@dataclass(frozen=True)
class ApplicationNote:
    """One note on an application, kept as written, with its author's name (None once deleted)."""

    id: int
    application_id: int
    body: str
    author: str | None
    created_at: datetime


@dataclass(frozen=True)
class StageStep:
    """One stage event with the name of the user who made it (None for the system)."""

    event: ApplicationEvent
    author: str | None


@dataclass(frozen=True)
class ClosedApplication:
    """An application closed because the person withdrew consent: what the officer is told."""

    application_id: int
    vacancy_id: int
    vacancy_title: str
    employer_name: str
    from_stage: str


def _app(r: asyncpg.Record) -> Application:
    return Application(
        r["id"], r["vacancy_id"], r["inmate_id"], r["stage"], r["stage_reason"], r["version"],
        r["created_at"], r["updated_at"],
    )  # fmt: skip


class ApplicationRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(self, vacancy_id: int, inmate_id: int, created_by: int | None) -> Application:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO applications AS a (vacancy_id, inmate_id, created_by) VALUES ($1, $2, $3)
            ON CONFLICT (vacancy_id, inmate_id) DO UPDATE
                SET stage = 'shortlisted', stage_reason = NULL, version = a.version + 1, updated_at = now(),
                    created_by = EXCLUDED.created_by
                WHERE a.stage = 'withdrawn'  -- closed when consent was withdrawn: shortlisted afresh
            RETURNING {_COLS}
            """,
            vacancy_id,
            inmate_id,
            created_by,
        )
        if r is None:
            raise Conflict("kandidat ini sudah ada di daftar pendek lowongan ini")
        await self.conn.execute(
            """
            INSERT INTO application_events (application_id, from_stage, to_stage, created_by)
            VALUES ($1, $2, 'shortlisted', $3)
            """,
            r["id"],
            "withdrawn" if r["version"] > 1 else None,  # a later version is a reopened withdrawn one
            created_by,
        )
        return _app(r)

    async def get(self, application_id: int) -> Application:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM applications a WHERE a.id = $1", application_id)
        if r is None:
            raise NotFound("application", application_id)
        return _app(r)

    async def list_for_vacancy(
        self,
        vacancy_id: int,
        *,
        stage: str | None = None,
        limit: int = 100,
        offset: int = 0,
        consenting_only: bool = False,
    ) -> list[ShortlistEntry]:
        """The vacancy's applications; ``consenting_only`` (the employer's view) leaves out withdrawn
        ones and those of people who no longer consent to employer matching or were erased."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS}, i.pseudonym, v.title AS vacancy_title
            FROM applications a JOIN inmates i ON i.id = a.inmate_id JOIN vacancies v ON v.id = a.vacancy_id
            WHERE a.vacancy_id = $1 AND ($2::text IS NULL OR a.stage = $2)
              AND (NOT $6 OR (a.stage <> 'withdrawn' AND i.consent_matching AND i.anonymised_at IS NULL))
            ORDER BY array_position($5::text[], a.stage), a.updated_at DESC, a.id
            LIMIT $3 OFFSET $4
            """,
            vacancy_id,
            stage,
            limit,
            offset,
            list(STAGES),
            consenting_only,
        )
        return [ShortlistEntry(_app(r), r["pseudonym"], r["vacancy_title"]) for r in rows]

    async def count_for_vacancy(
        self, vacancy_id: int, *, stage: str | None = None, consenting_only: bool = False
    ) -> int:
        return int(
            await self.conn.fetchval(
                """
                SELECT count(*) FROM applications a JOIN inmates i ON i.id = a.inmate_id
                WHERE a.vacancy_id = $1 AND ($2::text IS NULL OR a.stage = $2)
                  AND (NOT $3 OR (a.stage <> 'withdrawn' AND i.consent_matching AND i.anonymised_at IS NULL))
                """,
                vacancy_id,
                stage,
                consenting_only,
            )
        )

    async def stages_for(self, vacancy_id: int, inmate_ids: Sequence[int]) -> dict[int, str]:
        """Current stage by inmate id for those of ``inmate_ids`` with a (not withdrawn) application."""
        rows = await self.conn.fetch(
            """
            SELECT inmate_id, stage FROM applications
            WHERE vacancy_id = $1 AND inmate_id = ANY($2::bigint[]) AND stage <> 'withdrawn'
            """,
            vacancy_id,
            list(inmate_ids),
        )
        return {int(r["inmate_id"]): str(r["stage"]) for r in rows}

    async def withdraw_open(self, inmate_id: int, reason: str, by: int | None) -> list[ClosedApplication]:
        """Close every open application of the person (stage 'withdrawn', with ``reason``) and append
        a stage event to each; returns what was closed. Rows are locked, so a concurrent stage move
        by the employer either lands first (and is then closed, unless it hired) or fails its version."""
        rows = await self.conn.fetch(
            """
            WITH open AS (
                SELECT id, stage FROM applications
                WHERE inmate_id = $1 AND stage = ANY($2::text[]) ORDER BY id FOR UPDATE
            ), closed AS (
                UPDATE applications a SET stage = 'withdrawn', stage_reason = $3, version = a.version + 1,
                       updated_at = now()
                FROM open WHERE a.id = open.id
                RETURNING a.id, a.vacancy_id, open.stage AS from_stage
            ), events AS (
                INSERT INTO application_events (application_id, from_stage, to_stage, reason, created_by)
                SELECT id, from_stage, 'withdrawn', $3, $4 FROM closed
            )
            SELECT c.id, c.vacancy_id, c.from_stage, v.title AS vacancy_title, e.name AS employer_name
            FROM closed c JOIN vacancies v ON v.id = c.vacancy_id JOIN employers e ON e.id = v.employer_id
            ORDER BY c.id
            """,
            inmate_id,
            list(OPEN_STAGES),
            reason,
            by,
        )
        return [
            ClosedApplication(r["id"], r["vacancy_id"], r["vacancy_title"], r["employer_name"], r["from_stage"])
            for r in rows
        ]

    async def list_for_inmate(self, inmate_id: int, employer_id: int | None = None) -> list[ShortlistEntry]:
        """A person's applications, newest first; only one employer's when ``employer_id`` is given."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS}, i.pseudonym, v.title AS vacancy_title
            FROM applications a JOIN inmates i ON i.id = a.inmate_id JOIN vacancies v ON v.id = a.vacancy_id
            WHERE a.inmate_id = $1 AND ($2::bigint IS NULL OR v.employer_id = $2)
            ORDER BY a.updated_at DESC, a.id
            """,
            inmate_id,
            employer_id,
        )
        return [ShortlistEntry(_app(r), r["pseudonym"], r["vacancy_title"]) for r in rows]

    async def move(
        self, application_id: int, expected_version: int, stage: str, reason: str | None, by: int | None
    ) -> Application:
        """Move to ``stage`` if the row is still at ``expected_version``; appends a stage event.
        The caller has checked the move against the stage rules (``api.hiring.rules``)."""
        current = await self.get(application_id)
        if current.version != expected_version:
            raise Conflict(
                f"lamaran {application_id} sudah diubah orang lain (versi {current.version}, "
                f"Anda melihat versi {expected_version}); muat ulang lalu coba lagi"
            )
        r = await self.conn.fetchrow(
            f"""
            UPDATE applications AS a SET stage = $3, stage_reason = $4, version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2 RETURNING {_COLS}
            """,
            application_id,
            expected_version,
            stage,
            reason,
        )
        if r is None:
            raise Conflict(f"lamaran {application_id} sudah diubah orang lain; muat ulang lalu coba lagi")
        await self.conn.execute(
            """
            INSERT INTO application_events (application_id, from_stage, to_stage, reason, created_by)
            VALUES ($1, $2, $3, $4, $5)
            """,
            application_id,
            current.stage,
            stage,
            reason,
            by,
        )
        return _app(r)

    async def events(self, application_id: int) -> list[ApplicationEvent]:
        rows = await self.conn.fetch(
            """
            SELECT id, application_id, from_stage, to_stage, reason, created_by, created_at
            FROM application_events WHERE application_id = $1 ORDER BY created_at, id
            """,
            application_id,
        )
        return [
            ApplicationEvent(
                r["id"],
                r["application_id"],
                r["from_stage"],
                r["to_stage"],
                r["reason"],
                r["created_by"],
                r["created_at"],
            )  # fmt: skip
            for r in rows
        ]

    async def entry(self, application_id: int) -> ShortlistEntry:
        """One application with the person's pseudonym and the vacancy's title."""
        r = await self.conn.fetchrow(
            f"""
            SELECT {_COLS}, i.pseudonym, v.title AS vacancy_title
            FROM applications a JOIN inmates i ON i.id = a.inmate_id JOIN vacancies v ON v.id = a.vacancy_id
            WHERE a.id = $1
            """,
            application_id,
        )
        if r is None:
            raise NotFound("application", application_id)
        return ShortlistEntry(_app(r), r["pseudonym"], r["vacancy_title"])

    async def history(self, application_id: int) -> list[StageStep]:
        """The application's stage events, oldest first, each with its author's name."""
        rows = await self.conn.fetch(
            """
            SELECT e.id, e.application_id, e.from_stage, e.to_stage, e.reason, e.created_by, e.created_at,
                   u.name AS author
            FROM application_events e LEFT JOIN users u ON u.id = e.created_by
            WHERE e.application_id = $1 ORDER BY e.created_at, e.id
            """,
            application_id,
        )
        return [
            StageStep(
                ApplicationEvent(
                    r["id"],
                    r["application_id"],
                    r["from_stage"],
                    r["to_stage"],
                    r["reason"],
                    r["created_by"],
                    r["created_at"],
                ),
                r["author"],
            )  # fmt: skip
            for r in rows
        ]

    async def add_note(self, application_id: int, body: str, by: int | None) -> ApplicationNote:
        r = await self.conn.fetchrow(
            """
            WITH n AS (
                INSERT INTO application_notes (application_id, body, created_by) VALUES ($1, $2, $3)
                RETURNING id, application_id, body, created_by, created_at
            )
            SELECT n.id, n.application_id, n.body, n.created_at, u.name AS author
            FROM n LEFT JOIN users u ON u.id = n.created_by
            """,
            application_id,
            body,
            by,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return ApplicationNote(r["id"], r["application_id"], r["body"], r["author"], r["created_at"])

    async def notes(self, application_id: int) -> list[ApplicationNote]:
        """Every note on the application, oldest first."""
        rows = await self.conn.fetch(
            """
            SELECT n.id, n.application_id, n.body, n.created_at, u.name AS author
            FROM application_notes n LEFT JOIN users u ON u.id = n.created_by
            WHERE n.application_id = $1 ORDER BY n.created_at, n.id
            """,
            application_id,
        )
        return [ApplicationNote(r["id"], r["application_id"], r["body"], r["author"], r["created_at"]) for r in rows]

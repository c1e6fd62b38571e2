"""Training programmes, classes, enrolment, attendance and the training funnel.

A class is one programme run at one facility; a person takes at most one place in a class (a
dropped place frees the seat). Seats are also enforced by a trigger (migration 0800), so two
enrolments at once cannot overfill a class: ``ClassFull`` is raised either way. People are read
here with the least data training needs: name, registration number and pseudonym.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from models.errors import Conflict, NotFound


class ClassFull(Conflict):
    """Every seat of the class is taken."""


class Duplicate(Conflict):
    """A unique key is taken; ``key`` says which (programme, class or enrolment)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"{key} already exists")
        self.key = key


@dataclass(frozen=True)
class Programme:
    id: int
    title: str
    provider_kind: str  # blk | bpvp | lpk | lapas_workshop
    provider_name: str
    scheme_id: int | None
    scheme_code: str | None
    scheme_title: str | None
    scheme_lsp_id: int | None
    hours: int
    description: str
    unit_codes: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class TrainingClass:
    id: int
    programme: Programme
    facility_id: int
    facility_name: str
    starts_on: date
    ends_on: date
    seats: int
    instructor_name: str
    status: str  # open | running | finished | cancelled
    taken: int  # places held (enrolled or completed)

    @property
    def free(self) -> int:
        return max(self.seats - self.taken, 0)


@dataclass(frozen=True)
class Participant:
    """One enrolment in a class, with the person as training staff see them."""

    id: int
    class_id: int
    inmate_id: int
    pseudonym: str
    external_id: str  # registration number
    full_name: str
    bapas_id: int | None
    status: str  # enrolled | completed | dropped
    completed_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Person:
    """A person as training staff pick them: name and registration number, nothing else."""

    id: int
    pseudonym: str
    external_id: str
    full_name: str
    facility_id: int
    bapas_id: int | None


@dataclass(frozen=True)
class ClassOffer:
    """An open class preparing for a scheme (gap advice)."""

    class_id: int
    programme_title: str
    scheme_code: str
    scheme_title: str
    facility_id: int
    facility_name: str
    starts_on: date
    free: int


@dataclass(frozen=True)
class FunnelRow:
    programme_id: int
    programme_title: str
    scheme_code: str | None
    facility_id: int
    facility_name: str
    enrolled: int
    completed: int
    certified: int
    placed: int


_PROGRAMME_COLS = """
    p.id, p.title, p.provider_kind, p.provider_name, p.scheme_id, s.code AS scheme_code, s.title AS scheme_title,
    s.lsp_id AS scheme_lsp_id, p.hours, p.description, p.created_at,
    ARRAY(SELECT u.unit_code FROM training_programme_units u WHERE u.programme_id = p.id ORDER BY u.position)
        AS unit_codes
"""
_PROGRAMME_FROM = "training_programmes p LEFT JOIN schemes s ON s.id = p.scheme_id"
_CLASS_COLS = f"""
    c.id AS class_id, c.facility_id, f.name AS facility_name, c.starts_on, c.ends_on, c.seats, c.instructor_name,
    c.status AS class_status,
    (SELECT count(*) FROM training_enrolments e WHERE e.class_id = c.id AND e.status <> 'dropped') AS taken,
    {_PROGRAMME_COLS}
"""
_CLASS_FROM = (
    f"training_classes c JOIN facilities f ON f.id = c.facility_id JOIN {_PROGRAMME_FROM} ON p.id = c.programme_id"
)
_PARTICIPANT_COLS = """
    e.id, e.class_id, e.inmate_id, i.pseudonym, i.external_id, i.full_name, i.bapas_id, e.status, e.completed_at,
    e.created_at
"""


def _programme(r: asyncpg.Record) -> Programme:
    return Programme(
        id=r["id"], title=r["title"], provider_kind=r["provider_kind"], provider_name=r["provider_name"],
        scheme_id=r["scheme_id"], scheme_code=r["scheme_code"], scheme_title=r["scheme_title"],
        scheme_lsp_id=r["scheme_lsp_id"], hours=r["hours"], description=r["description"],
        unit_codes=tuple(r["unit_codes"]), created_at=r["created_at"],
    )  # fmt: skip


def _class(r: asyncpg.Record) -> TrainingClass:
    return TrainingClass(
        id=r["class_id"], programme=_programme(r), facility_id=r["facility_id"], facility_name=r["facility_name"],
        starts_on=r["starts_on"], ends_on=r["ends_on"], seats=r["seats"], instructor_name=r["instructor_name"],
        status=r["class_status"], taken=r["taken"],
    )  # fmt: skip


def _participant(r: asyncpg.Record) -> Participant:
    return Participant(
        id=r["id"], class_id=r["class_id"], inmate_id=r["inmate_id"], pseudonym=r["pseudonym"],
        external_id=r["external_id"], full_name=r["full_name"], bapas_id=r["bapas_id"], status=r["status"],
        completed_at=r["completed_at"], created_at=r["created_at"],
    )  # fmt: skip


def _person(r: asyncpg.Record) -> Person:
    return Person(r["id"], r["pseudonym"], r["external_id"], r["full_name"], r["facility_id"], r["bapas_id"])


class TrainingRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    # --- programmes ---------------------------------------------------------------------------------
    async def add_programme(
        self, *, title: str, provider_kind: str, provider_name: str, scheme_id: int | None, hours: int,
        description: str, unit_codes: Sequence[str], created_by: int | None,
    ) -> Programme:  # fmt: skip
        try:
            pid = await self.conn.fetchval(
                """
                INSERT INTO training_programmes (title, provider_kind, provider_name, scheme_id, hours, description,
                                                 created_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """,
                title, provider_kind, provider_name, scheme_id, hours, description, created_by,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise Duplicate("programme") from exc
        await self.conn.executemany(
            "INSERT INTO training_programme_units (programme_id, unit_code, position) VALUES ($1, $2, $3)",
            [(pid, code, n) for n, code in enumerate(unit_codes)],
        )
        return await self.get_programme(pid)

    async def get_programme(self, programme_id: int) -> Programme:
        r = await self.conn.fetchrow(f"SELECT {_PROGRAMME_COLS} FROM {_PROGRAMME_FROM} WHERE p.id = $1", programme_id)
        if r is None:
            raise NotFound("programme", programme_id)
        return _programme(r)

    async def list_programmes(self) -> builtins.list[Programme]:
        rows = await self.conn.fetch(f"SELECT {_PROGRAMME_COLS} FROM {_PROGRAMME_FROM} ORDER BY lower(p.title), p.id")
        return [_programme(r) for r in rows]

    # --- classes ------------------------------------------------------------------------------------
    async def add_class(
        self, *, programme_id: int, facility_id: int, starts_on: date, ends_on: date, seats: int,
        instructor_name: str, created_by: int | None,
    ) -> TrainingClass:  # fmt: skip
        try:
            cid = await self.conn.fetchval(
                """
                INSERT INTO training_classes (programme_id, facility_id, starts_on, ends_on, seats, instructor_name,
                                              created_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """,
                programme_id, facility_id, starts_on, ends_on, seats, instructor_name, created_by,
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            raise Duplicate("class") from exc
        return await self.get_class(cid)

    async def get_class(self, class_id: int, *, lock: bool = False) -> TrainingClass:
        """The class; ``lock`` holds its row until the caller's transaction ends (seat counting)."""
        if lock:
            await self.conn.execute("SELECT 1 FROM training_classes WHERE id = $1 FOR UPDATE", class_id)
        r = await self.conn.fetchrow(f"SELECT {_CLASS_COLS} FROM {_CLASS_FROM} WHERE c.id = $1", class_id)
        if r is None:
            raise NotFound("class", class_id)
        return _class(r)

    async def list_classes(
        self, *, facility_id: int | None = None, current_on: date | None = None
    ) -> list[TrainingClass]:
        """Classes of one facility (or all), newest start first; ``current_on`` keeps only classes
        not finished or cancelled that end on or after that day."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_CLASS_COLS} FROM {_CLASS_FROM}
            WHERE ($1::bigint IS NULL OR c.facility_id = $1)
              AND ($2::date IS NULL OR (c.ends_on >= $2 AND c.status IN ('open', 'running')))
            ORDER BY c.starts_on DESC, c.id DESC LIMIT 500
            """,
            facility_id,
            current_on,
        )
        return [_class(r) for r in rows]

    # --- people and enrolment -----------------------------------------------------------------------
    async def person(self, inmate_id: int) -> Person | None:
        """A person who is not erased, with the least data training needs."""
        r = await self.conn.fetchrow(
            """
            SELECT id, pseudonym, external_id, full_name, facility_id, bapas_id FROM inmates
            WHERE id = $1 AND anonymised_at IS NULL
            """,
            inmate_id,
        )
        return None if r is None else _person(r)

    async def find_person(self, handle: str) -> Person | None:
        """By pseudonym (WB-…) or registration number; erased people are not found."""
        r = await self.conn.fetchrow(
            """
            SELECT id, pseudonym, external_id, full_name, facility_id, bapas_id FROM inmates
            WHERE (pseudonym = upper($1) OR external_id = $1) AND anonymised_at IS NULL
            """,
            handle,
        )
        return None if r is None else _person(r)

    async def people_at(self, facility_id: int, *, bapas_id: int | None = None, limit: int = 500) -> list[Person]:
        """People held at a facility (of one Bapas' caseload when ``bapas_id``), by name."""
        rows = await self.conn.fetch(
            """
            SELECT id, pseudonym, external_id, full_name, facility_id, bapas_id FROM inmates
            WHERE facility_id = $1 AND anonymised_at IS NULL AND ($2::bigint IS NULL OR bapas_id = $2)
              AND status <> 'released'
            ORDER BY full_name, id LIMIT $3
            """,
            facility_id,
            bapas_id,
            limit,
        )
        return [_person(r) for r in rows]

    async def add_enrolment(self, class_id: int, inmate_id: int, enrolled_by: int | None) -> Participant:
        """Enrol; ``Duplicate`` when already in the class, ``ClassFull`` when no seat is free."""
        try:
            eid = await self.conn.fetchval(
                "INSERT INTO training_enrolments (class_id, inmate_id, enrolled_by) VALUES ($1, $2, $3) RETURNING id",
                class_id,
                inmate_id,
                enrolled_by,
            )
        except asyncpg.UniqueViolationError as exc:
            raise Duplicate("enrolment") from exc
        except asyncpg.CheckViolationError as exc:
            if getattr(exc, "constraint_name", None) == "training_enrolments_seats":
                raise ClassFull(f"class {class_id} is full") from exc
            raise
        return await self.get_participant(eid)

    async def get_participant(self, enrolment_id: int) -> Participant:
        r = await self.conn.fetchrow(
            f"""
            SELECT {_PARTICIPANT_COLS} FROM training_enrolments e JOIN inmates i ON i.id = e.inmate_id
            WHERE e.id = $1
            """,
            enrolment_id,
        )
        if r is None:
            raise NotFound("enrolment", enrolment_id)
        return _participant(r)

    async def participants(self, class_id: int, *, bapas_id: int | None = None) -> list[Participant]:
        """The class's enrolments (only one Bapas' clients when ``bapas_id``), by name; erased people left out."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_PARTICIPANT_COLS} FROM training_enrolments e JOIN inmates i ON i.id = e.inmate_id
            WHERE e.class_id = $1 AND i.anonymised_at IS NULL AND ($2::bigint IS NULL OR i.bapas_id = $2)
            ORDER BY i.full_name, e.id
            """,
            class_id,
            bapas_id,
        )
        return [_participant(r) for r in rows]

    async def complete(self, enrolment_id: int) -> Participant:
        status = await self.conn.execute(
            """
            UPDATE training_enrolments SET status = 'completed', completed_at = now()
            WHERE id = $1 AND status = 'enrolled'
            """,
            enrolment_id,
        )
        if status == "UPDATE 0":
            raise Conflict(f"pendaftaran {enrolment_id} tidak terbuka")
        return await self.get_participant(enrolment_id)

    async def add_training(self, inmate_id: int, title: str) -> bool:
        """Add a completed programme's title to the person's trainings (the free-text list the
        candidate document reads); False when it is already there."""
        status = await self.conn.execute(
            """
            UPDATE inmates SET trainings = array_append(trainings, $2), version = version + 1, updated_at = now()
            WHERE id = $1 AND NOT ($2 = ANY(trainings))
            """,
            inmate_id,
            title,
        )
        return status != "UPDATE 0"

    # --- attendance ---------------------------------------------------------------------------------
    async def keep_completed_in_import(self) -> int:
        """Inside an inmate import, before its staging table ``import_inmates`` is merged: append to
        each staged person's trainings the titles of their completed programmes the file does not
        list (in completion order), so a re-import from a system that does not know them keeps them
        in the candidate document; an unchanged file still changes nothing. Returns rows touched."""
        done = await self.conn.execute(
            """
            WITH done AS (
                SELECT s.line, p.title, min(e.completed_at) AS at
                FROM import_inmates s
                JOIN inmates i ON i.external_id = s.external_id
                JOIN training_enrolments e ON e.inmate_id = i.id AND e.status = 'completed'
                JOIN training_classes c ON c.id = e.class_id
                JOIN training_programmes p ON p.id = c.programme_id
                WHERE NOT (p.title = ANY (s.trainings))
                GROUP BY s.line, p.title
            ), missing AS (
                SELECT line, array_agg(title ORDER BY at, title) AS titles FROM done GROUP BY line
            )
            UPDATE import_inmates s SET trainings = s.trainings || m.titles FROM missing m WHERE m.line = s.line
            """
        )
        return int(done.split()[-1])

    async def record_attendance(self, session_on: date, present: Mapping[int, bool], recorded_by: int | None) -> None:
        """Present/absent per enrolment for one session date (a second recording replaces the first)."""
        await self.conn.executemany(
            """
            INSERT INTO training_attendance (enrolment_id, session_on, present, recorded_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (enrolment_id, session_on)
            DO UPDATE SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
            """,
            [(eid, session_on, flag, recorded_by) for eid, flag in present.items()],
        )

    async def attendance(self, class_id: int) -> dict[tuple[int, date], bool]:
        """(enrolment id, session date) -> present, for every recorded session of the class."""
        rows = await self.conn.fetch(
            """
            SELECT a.enrolment_id, a.session_on, a.present FROM training_attendance a
            JOIN training_enrolments e ON e.id = a.enrolment_id WHERE e.class_id = $1
            """,
            class_id,
        )
        return {(r["enrolment_id"], r["session_on"]): r["present"] for r in rows}

    # --- gap advice and the funnel ------------------------------------------------------------------
    async def offers(self, scheme_codes: Sequence[str], today: date) -> list[ClassOffer]:
        """Classes not finished or cancelled, ending today or later, whose programme prepares for
        one of ``scheme_codes``; earliest start first."""
        rows = await self.conn.fetch(
            """
            SELECT c.id, p.title, s.code, s.title AS scheme_title, c.facility_id, f.name, c.starts_on,
                   c.seats - (SELECT count(*) FROM training_enrolments e
                              WHERE e.class_id = c.id AND e.status <> 'dropped') AS free
            FROM training_classes c JOIN training_programmes p ON p.id = c.programme_id
            JOIN schemes s ON s.id = p.scheme_id JOIN facilities f ON f.id = c.facility_id
            WHERE s.code = ANY($1::text[]) AND c.status IN ('open', 'running') AND c.ends_on >= $2
            ORDER BY c.starts_on, c.id
            """,
            list(scheme_codes),
            today,
        )
        return [ClassOffer(r["id"], r["title"], r["code"], r["scheme_title"], r["facility_id"], r["name"],
                           r["starts_on"], r["free"]) for r in rows]  # fmt: skip

    async def enrolments_of(self, inmate_id: int) -> dict[int, str]:
        """class id -> enrolment status, for one person."""
        rows = await self.conn.fetch("SELECT class_id, status FROM training_enrolments WHERE inmate_id = $1", inmate_id)
        return {r["class_id"]: r["status"] for r in rows}

    async def funnel(self, *, facility_id: int | None = None, programme_id: int | None = None) -> list[FunnelRow]:
        """Per programme and facility: people enrolled (ever), completed, certified in the
        programme's scheme on or after their enrolment, and placed in work on or after completing."""
        rows = await self.conn.fetch(
            """
            SELECT p.id AS programme_id, p.title, s.code AS scheme_code, c.facility_id, f.name AS facility_name,
                   count(DISTINCT e.inmate_id) AS enrolled,
                   count(DISTINCT e.inmate_id) FILTER (WHERE e.status = 'completed') AS completed,
                   count(DISTINCT e.inmate_id) FILTER (WHERE p.scheme_id IS NOT NULL AND EXISTS (
                       SELECT 1 FROM certificates x WHERE x.inmate_id = e.inmate_id AND x.scheme_id = p.scheme_id
                          AND x.issued_on >= e.created_at::date)) AS certified,
                   count(DISTINCT e.inmate_id) FILTER (WHERE e.status = 'completed' AND EXISTS (
                       SELECT 1 FROM placements pl WHERE pl.inmate_id = e.inmate_id
                          AND pl.started_on >= e.completed_at::date)) AS placed
            FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id
            JOIN training_programmes p ON p.id = c.programme_id LEFT JOIN schemes s ON s.id = p.scheme_id
            JOIN facilities f ON f.id = c.facility_id
            WHERE ($1::bigint IS NULL OR c.facility_id = $1) AND ($2::bigint IS NULL OR p.id = $2)
            GROUP BY p.id, p.title, s.code, c.facility_id, f.name
            ORDER BY lower(p.title), f.name
            """,
            facility_id,
            programme_id,
        )
        return [FunnelRow(r["programme_id"], r["title"], r["scheme_code"], r["facility_id"], r["facility_name"],
                          r["enrolled"], r["completed"], r["certified"], r["placed"]) for r in rows]  # fmt: skip

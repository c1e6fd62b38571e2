"""What a Bapas officer's task list and printed plan read: due follow-ups, releases without a plan,
employers' stage changes on the office's clients, and the officer's NIP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import asyncpg


@dataclass(frozen=True)
class PlacementDue:
    """A placement of a client with the follow-up months already recorded."""

    inmate_id: int
    full_name: str
    placement_id: int
    position_title: str
    employer_name: str
    started_on: date
    done_months: tuple[int, ...]


@dataclass(frozen=True)
class ReleaseWithoutPlan:
    inmate_id: int
    full_name: str
    expected_release_date: date


@dataclass(frozen=True)
class EmployerActivity:
    """One stage change an employer made on a client's application."""

    inmate_id: int
    full_name: str
    application_id: int
    employer_name: str
    vacancy_title: str
    from_stage: str | None
    to_stage: str
    at: datetime


class OfficerRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def nip(self, user_id: int) -> str | None:
        return await self.conn.fetchval("SELECT nip FROM users WHERE id = $1", user_id)  # type: ignore[no-any-return]

    async def set_nip(self, user_id: int, nip: str | None) -> None:
        await self.conn.execute("UPDATE users SET nip = $2 WHERE id = $1", user_id, nip)

    async def placements(self, bapas_id: int) -> list[PlacementDue]:
        """Every placement of the office's (not erased) clients with its recorded follow-up months."""
        rows = await self.conn.fetch(
            """
            SELECT p.id, p.inmate_id, i.full_name, p.position_title, e.name AS employer_name, p.started_on,
                   coalesce((SELECT array_agg(f.month ORDER BY f.month) FROM placement_followups f
                             WHERE f.placement_id = p.id), '{}') AS done
            FROM placements p JOIN inmates i ON i.id = p.inmate_id JOIN employers e ON e.id = p.employer_id
            WHERE i.bapas_id = $1 AND i.anonymised_at IS NULL
            ORDER BY p.started_on, p.id
            """,
            bapas_id,
        )
        return [
            PlacementDue(
                r["inmate_id"],
                r["full_name"],
                r["id"],
                r["position_title"],
                r["employer_name"],
                r["started_on"],
                tuple(r["done"]),
            )  # fmt: skip
            for r in rows
        ]

    async def releases_without_plan(self, bapas_id: int, start: date, end: date) -> list[ReleaseWithoutPlan]:
        """Clients released between ``start`` and ``end`` (inclusive) for whom no reintegration plan
        was drawn up yet (no ``client.plan`` audit event), soonest first."""
        rows = await self.conn.fetch(
            """
            SELECT i.id, i.full_name, i.expected_release_date FROM inmates i
            WHERE i.bapas_id = $1 AND i.anonymised_at IS NULL AND i.expected_release_date BETWEEN $2 AND $3
              AND NOT EXISTS (SELECT 1 FROM audit_events a
                              WHERE a.subject_inmate_id = i.id AND a.action = 'client.plan')
            ORDER BY i.expected_release_date, i.id
            """,
            bapas_id,
            start,
            end,
        )
        return [ReleaseWithoutPlan(r["id"], r["full_name"], r["expected_release_date"]) for r in rows]

    async def employer_activity(self, bapas_id: int, since: datetime, limit: int = 50) -> list[EmployerActivity]:
        """Stage changes made by employers' users on the office's clients since ``since``, newest
        first (consent withdrawals and the officer's own changes are not employer activity)."""
        rows = await self.conn.fetch(
            """
            SELECT a.inmate_id, i.full_name, a.id AS application_id, e.name AS employer_name,
                   v.title AS vacancy_title, ev.from_stage, ev.to_stage, ev.created_at
            FROM application_events ev
            JOIN applications a ON a.id = ev.application_id
            JOIN inmates i ON i.id = a.inmate_id
            JOIN vacancies v ON v.id = a.vacancy_id
            JOIN employers e ON e.id = v.employer_id
            JOIN users u ON u.id = ev.created_by AND u.role = 'employer'
            WHERE i.bapas_id = $1 AND i.anonymised_at IS NULL AND ev.created_at >= $2
            ORDER BY ev.created_at DESC, ev.id DESC
            LIMIT $3
            """,
            bapas_id,
            since,
            limit,
        )
        return [
            EmployerActivity(
                r["inmate_id"],
                r["full_name"],
                r["application_id"],
                r["employer_name"],
                r["vacancy_title"],
                r["from_stage"],
                r["to_stage"],
                r["created_at"],
            )  # fmt: skip
            for r in rows
        ]

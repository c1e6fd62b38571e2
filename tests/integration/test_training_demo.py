"""The demo's training data: programmes for demo schemes, finished and upcoming classes at a few
Lapas, attendance, completions that reached the people's trainings and the schemes' LSPs."""

from __future__ import annotations

from datetime import date

import asyncpg

from api.demo import load_demo
from api.training import rules

TODAY = date(2025, 6, 2)


async def test_demo_has_programmes_classes_and_completions(conn: asyncpg.Connection) -> None:
    await load_demo(conn, inmates=400, seed=7, today=TODAY)
    count = conn.fetchval
    assert await count("SELECT count(*) FROM training_programmes WHERE scheme_id IS NOT NULL") == 3
    facilities = [r["name"] for r in await conn.fetch("SELECT name FROM facilities")]
    for (title,) in await conn.fetch("SELECT title FROM training_programmes"):
        assert not rules.names_facility(title, facilities), title
    assert await count("SELECT count(DISTINCT facility_id) FROM training_classes") >= 2
    assert await count("SELECT count(*) FROM training_classes WHERE starts_on > $1", TODAY) >= 2  # upcoming
    completed = await conn.fetch(
        """
        SELECT e.inmate_id, p.title, s.lsp_id FROM training_enrolments e
        JOIN training_classes c ON c.id = e.class_id JOIN training_programmes p ON p.id = c.programme_id
        JOIN schemes s ON s.id = p.scheme_id WHERE e.status = 'completed'
        """
    )
    assert completed, "some participants completed"
    for row in completed:
        trainings = await count("SELECT trainings FROM inmates WHERE id = $1", row["inmate_id"])
        assert row["title"] in trainings
        assert await count(
            "SELECT count(*) FROM lsp_enrolments WHERE inmate_id = $1 AND lsp_id = $2 AND withdrawn_at IS NULL",
            row["inmate_id"], row["lsp_id"],
        ) == 1  # fmt: skip
    # seats held: never more places than seats; attendance only for participants
    assert not await count(
        """SELECT count(*) FROM training_classes c WHERE c.seats <
           (SELECT count(*) FROM training_enrolments e WHERE e.class_id = c.id AND e.status <> 'dropped')"""
    )
    assert await count("SELECT count(*) FROM training_attendance") > 0

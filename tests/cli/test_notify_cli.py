"""`binakerja partner suspend` then `binakerja notify-worker --once`: the partner's user finds
the suspension, with its reason, in the inbox (a committed copy of the API world)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from api.cli import main
from tests.conftest import WorldTemplate, clone_database, drop_database, run_in_thread, with_db


@pytest.fixture
def world_db(
    pg_uri: str, world_template: WorldTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    name = "binakerja_cli_notify_" + secrets.token_hex(4)
    run_in_thread(clone_database(pg_uri, world_template.database, name))
    monkeypatch.setenv("DATABASE_URL", with_db(pg_uri, name))
    monkeypatch.setenv("BINAKERJA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BINAKERJA_SMTP_HOST", raising=False)
    monkeypatch.delenv("BINAKERJA_GATEWAY_URL", raising=False)
    try:
        yield with_db(pg_uri, name)
    finally:
        run_in_thread(drop_database(pg_uri, name))


async def _inbox(uri: str, user_id: int) -> list[Any]:
    conn = await asyncpg.connect(uri)
    try:
        return await conn.fetch(
            "SELECT e.kind, e.payload::text AS payload FROM notification_inbox n "
            "JOIN notification_outbox e ON e.id = n.event_id WHERE n.user_id = $1",
            user_id,
        )
    finally:
        await conn.close()


def test_partner_suspension_reaches_the_employer_inbox(
    world_db: str, world_template: WorldTemplate, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = world_template.world.ids
    assert main(["partner", "suspend", str(ids["emp_a"]), "--reason", "dokumen NIB kedaluwarsa"]) == 0
    capsys.readouterr()
    assert main(["notify-worker", "--once", "--no-digest"]) == 0
    out = capsys.readouterr().out
    assert "events fanned out: 1; notifications sent: 1, failed attempts: 0" in out
    assert "followups_due" in out  # the daily scan ran once
    rows = run_in_thread(_inbox(world_db, ids["user_employer"]))
    assert [r["kind"] for r in rows] == ["partner.suspended"] and "dokumen NIB kedaluwarsa" in rows[0]["payload"]
    assert run_in_thread(_inbox(world_db, ids["user_employer_b"])) == []  # another partner hears nothing
    assert main(["notify-worker", "--once", "--no-digest"]) == 0
    assert "events fanned out: 0; notifications sent: 0" in capsys.readouterr().out

"""`binakerja feeds run [--connector NAME]` against a committed database of its own and a local feed server."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from tests.conftest import create_database, drop_database, run_in_thread, with_db
from tests.feed_server import FeedServer, serving


async def _connectors(uri: str, rows: list[tuple[str, str]]) -> None:
    """Migrate the new database and add SDP connectors (name, url) without a token."""
    import asyncpg

    from models.migrate import migrate

    conn = await asyncpg.connect(uri)
    try:
        await migrate(conn)
        await conn.executemany("INSERT INTO feed_connectors (name, kind, url) VALUES ($1, 'sdp_delta', $2)", rows)
    finally:
        await conn.close()


@pytest.fixture
def database(pg_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = "binakerja_cli_" + secrets.token_hex(4)
    run_in_thread(create_database(pg_uri, name))
    monkeypatch.setenv("DATABASE_URL", with_db(pg_uri, name))
    monkeypatch.setenv("BINAKERJA_DATA_DIR", str(tmp_path / "data"))
    try:
        yield with_db(pg_uri, name)
    finally:
        run_in_thread(drop_database(pg_uri, name))


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serving() as server:
        yield server


def test_feeds_run_command(
    database: str, feed_server: FeedServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BINAKERJA_OUTBOUND_ALLOW_PRIVATE", "true")  # the feed server is on 127.0.0.1
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    feed_server.pages["/sdp"] = {None: {"items": [], "next_cursor": "s0"}}
    run_in_thread(_connectors(database, [("sdp-up", feed_server.url("/sdp")),
                                         ("sdp-down", f"http://127.0.0.1:{closed}/sdp")]))  # fmt: skip

    assert main(["feeds", "run", "--connector", "sdp-up", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert ": ok, 0 of 0 records applied, cursor - -> s0" in out

    assert main(["feeds", "run", "--connector", "sdp-down", "--no-index"]) == 1
    out = capsys.readouterr().out
    assert ": failed" in out and "tidak dapat dihubungi" in out

    assert main(["feeds", "run", "--connector", "tidak-ada", "--no-index"]) == 2
    assert "no feed connector named 'tidak-ada'" in capsys.readouterr().err

    # due ones only: both just ran, so nothing is due
    assert main(["feeds", "run", "--no-index"]) == 0
    assert "no feed connector is due" in capsys.readouterr().out

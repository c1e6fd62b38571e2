"""`binakerja setup`: the first admin with a password the operator chose, once only, against a
committed database of its own."""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from tests.conftest import create_database, drop_database, run_in_thread, with_db


@pytest.fixture
def database(pg_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = "binakerja_setup_" + secrets.token_hex(4)
    run_in_thread(create_database(pg_uri, name))
    uri = with_db(pg_uri, name)
    monkeypatch.setenv("DATABASE_URL", uri)
    monkeypatch.setenv("BINAKERJA_DATA_DIR", str(tmp_path / "data"))
    try:
        yield uri
    finally:
        run_in_thread(drop_database(pg_uri, name))


def _users(uri: str) -> list[tuple[str, str, str]]:
    async def fetch() -> list[tuple[str, str, str]]:
        import asyncpg

        conn = await asyncpg.connect(uri)
        try:
            rows = await conn.fetch("SELECT email, role, password_hash FROM users ORDER BY id")
            return [(r["email"], r["role"], r["password_hash"]) for r in rows]
        except asyncpg.UndefinedTableError:  # refused before the database was even opened
            return []
        finally:
            await conn.close()

    return run_in_thread(fetch())


def _audit(uri: str, action: str) -> int:
    async def fetch() -> int:
        import asyncpg

        conn = await asyncpg.connect(uri)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = $1", action))
        finally:
            await conn.close()

    return run_in_thread(fetch())


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_setup_creates_the_first_admin_once(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from argon2 import PasswordHasher

    _stdin(monkeypatch, "pendek\n")
    assert main(["setup", "--email", "ops@kemnaker.go.id", "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert "password" in err and "minimal 10 karakter" in err and "Tidak ada yang dibuat" in err
    assert _users(database) == []

    _stdin(monkeypatch, "bukan-email\n")
    assert main(["setup", "--email", "bukan-email", "--password-stdin"]) == 2
    assert "email" in capsys.readouterr().err
    assert _users(database) == []

    _stdin(monkeypatch, "kata-sandi-operator-2026\n")
    assert main(["setup", "--email", "Ops@Kemnaker.go.id", "--name", "Operator", "--password-stdin"]) == 0
    out = capsys.readouterr().out
    assert "admin pertama dibuat: ops@kemnaker.go.id" in out
    assert "langkah berikutnya" in out and "/masuk" in out and "/admin/organisasi" in out and "/mitra" in out
    [(email, role, hashed)] = _users(database)
    assert (email, role) == ("ops@kemnaker.go.id", "admin")
    assert PasswordHasher().verify(hashed, "kata-sandi-operator-2026")  # the typed password, not a default
    assert _audit(database, "setup.first_admin") == 1

    _stdin(monkeypatch, "kata-sandi-kedua-2026\n")
    assert main(["setup", "--email", "lain@kemnaker.go.id", "--password-stdin"]) == 3
    assert "sudah ada admin" in capsys.readouterr().err
    assert len(_users(database)) == 1


def test_setup_interactive_asks_twice_and_needs_an_email_for_scripts(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "kata-sandi-operator-2026\n")
    assert main(["setup", "--password-stdin"]) == 2  # a script must name the email
    assert "--email" in capsys.readouterr().err

    typed = iter(["kata-sandi-operator-2026", "kata-sandi-LAIN-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["setup", "--email", "ops@kemnaker.go.id"]) == 2
    assert "tidak sama" in capsys.readouterr().err
    assert _users(database) == []

    typed = iter(["kata-sandi-operator-2026", "kata-sandi-operator-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["setup", "--email", "ops@kemnaker.go.id"]) == 0
    assert [u[:2] for u in _users(database)] == [("ops@kemnaker.go.id", "admin")]

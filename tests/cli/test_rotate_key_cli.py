"""`binakerja rotate-data-key` against a committed database of its own and a key folder: every
encrypted column is re-encrypted, then the old key file can be deleted and everything still reads."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from api.privacy.crypto import CryptoError, load_cipher, split
from tests.conftest import create_database, drop_database, run_in_thread, with_db


async def _seed(uri: str, feed_token: bytes, webhook_secret: bytes) -> None:
    import asyncpg

    from models.migrate import migrate

    conn = await asyncpg.connect(uri)
    try:
        await migrate(conn)
        await conn.execute(
            "INSERT INTO feed_connectors (name, kind, url, token_enc) VALUES ('sdp-rotasi', 'sdp_delta', "
            "'https://sdp.example.id', $1)",
            feed_token,
        )
        emp = await conn.fetchval(
            "INSERT INTO employers (external_id, name) VALUES ('EMP-ROT', 'PT Rotasi') RETURNING id"
        )
        await conn.execute(
            "INSERT INTO webhook_subscriptions (employer_id, url, secret_enc, event_kinds) "
            "VALUES ($1, 'https://hooks.example.id', $2, ARRAY['vacancy.applied'])",
            emp,
            webhook_secret,
        )
    finally:
        await conn.close()


async def _stored(uri: str) -> tuple[bytes, bytes]:
    import asyncpg

    conn = await asyncpg.connect(uri)
    try:
        token = await conn.fetchval("SELECT token_enc FROM feed_connectors WHERE name = 'sdp-rotasi'")
        secret = await conn.fetchval("SELECT secret_enc FROM webhook_subscriptions")
        return bytes(token), bytes(secret)
    finally:
        await conn.close()


@pytest.fixture
def database(pg_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = "binakerja_cli_" + secrets.token_hex(4)
    run_in_thread(create_database(pg_uri, name))
    monkeypatch.setenv("DATABASE_URL", with_db(pg_uri, name))
    monkeypatch.setenv("BINAKERJA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BINAKERJA_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("BINAKERJA_DATA_KEY", raising=False)
    try:
        yield with_db(pg_uri, name)
    finally:
        run_in_thread(drop_database(pg_uri, name))


def test_rotate_then_delete_the_old_key(database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys"
    old = load_cipher("", keys)
    run_in_thread(
        _seed(database, old.encrypt("token-sdp-789", "feed_token"), old.encrypt("rahasia-hook", "webhook_secret"))
    )

    assert main(["rotate-data-key"]) == 0
    out = capsys.readouterr().out
    assert "feed_connectors 1" in out and "webhook_subscriptions 1" in out

    (keys / f"data-{old.current}.key").unlink()  # the old key leaves the key ring
    new = load_cipher("", keys, create=False)
    assert new.key_ids == (new.current,) and new.current != old.current
    token, secret = run_in_thread(_stored(database))
    assert {split(token)[0], split(secret)[0]} == {new.current}
    assert new.decrypt(token, "feed_token") == "token-sdp-789"
    assert new.decrypt(secret, "webhook_secret") == "rahasia-hook"
    with pytest.raises(CryptoError):
        old.decrypt(token, "feed_token")

"""Backup and restore round-trip on a separate embedded server: a signed certificate still
verifies after restore, later changes are gone, and a bad archive changes nothing."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import asyncpg
import pytest

from api.certificates.stores import PgCertificationStores
from api.cli import main as cli_main
from api.ops.backup import BackupError, backup, restore
from certification import service
from certification.service import NewAssessment
from certification.signing import FileKeyStore
from models.db import start_embedded
from models.migrate import migrate
from models.records import Actor, UnitResult
from tests import factories as f

ASSESSOR = Actor(user_id=None, role="lsp_assessor")


class Clock:
    def today(self) -> date:
        return date.today()

    def now(self):  # noqa: ANN201
        from datetime import UTC, datetime

        return datetime.now(UTC)


@pytest.fixture(scope="module")
def own_server() -> Iterator[str]:
    """A private embedded PostgreSQL: restore swaps databases, never do that to the shared one."""
    folder = Path(tempfile.mkdtemp(prefix="binakerja-backup-"))
    uri, server = start_embedded(folder / "pg")
    try:
        yield uri
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


async def _snapshot(conn: asyncpg.Connection) -> dict[str, object]:
    return {
        "tables": {
            t: await conn.fetchval(f"SELECT count(*) FROM {t}")  # noqa: S608 - fixed names
            for t in ("inmates", "certificates", "certificate_units", "audit_events", "signing_keys", "employers")
        },
        "certs": [
            tuple(r)
            for r in await conn.fetch(
                "SELECT number, status, issued_on, valid_until, key_id, signature FROM certificates ORDER BY id"
            )
        ],
        "keys": [tuple(r) for r in await conn.fetch("SELECT key_id, public_key FROM signing_keys ORDER BY key_id")],
    }


async def test_backup_restore_round_trip_keeps_certificates_verifiable(own_server, tmp_path) -> None:
    keys = FileKeyStore(tmp_path / "keys")
    conn = await asyncpg.connect(own_server)
    try:
        await migrate(conn)
        fac = await f.places(conn)
        cat = await f.catalogue(conn)
        person = await f.inmate(conn, fac["lapas"], fac["bapas"], name="Budi Santoso")
        await f.enrol(conn, cat["lsp"], person)
        await service.record_assessment(
            PgCertificationStores(conn),
            ASSESSOR,
            NewAssessment(
                person,
                cat["welding"],
                cat["assessor"],
                date.today() - timedelta(days=2),
                tuple(UnitResult(u.code, "K") for u in f.WELDING_UNITS),
            ),
            clock=Clock(),
        )
        cert = await service.issue_certificate(
            PgCertificationStores(conn), ASSESSOR, person, cat["welding"], clock=Clock(), keystore=keys
        )
        number = cert.certificate.number
        before = await service.verify_by_number(PgCertificationStores(conn), number, clock=Clock())
        assert before.signature_valid and before.holder_initials == "B. S."
        snapshot = await _snapshot(conn)
    finally:
        await conn.close()

    archive = tmp_path / "binakerja.dump"
    result = backup(own_server, archive)
    assert result.bytes > 10_000 and archive.read_bytes().startswith(b"PGDMP")

    # change things after the backup: they must be gone after restore
    conn = await asyncpg.connect(own_server)
    try:
        await f.employer(conn, "PT Sesudah Cadangan")
        await conn.execute(
            "UPDATE certificates SET status = 'revoked', status_reason = 'uji' WHERE number = $1", number
        )
    finally:
        await conn.close()

    entries = await restore(own_server, archive)
    assert entries > 50

    conn = await asyncpg.connect(own_server)
    try:
        from pgvector.asyncpg import register_vector

        await register_vector(conn)
        assert await _snapshot(conn) == snapshot
        after = await service.verify_by_number(PgCertificationStores(conn), number, clock=Clock())
        assert after.signature_valid and after.status == before.status and after.holder_initials == "B. S."
        assert await conn.fetchval("SELECT count(*) FROM employers WHERE name = 'PT Sesudah Cadangan'") == 0
        # the append-only trigger came back with the schema
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute("DELETE FROM audit_events")
    finally:
        await conn.close()


async def test_bad_archive_is_refused_and_database_untouched(own_server, tmp_path) -> None:
    conn = await asyncpg.connect(own_server)
    try:
        await migrate(conn)
        marker = await f.employer(conn, "PT Penanda")
    finally:
        await conn.close()
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"PGDMP" + b"\x00" * 200)
    with pytest.raises(BackupError):
        await restore(own_server, junk)
    with pytest.raises(BackupError, match="no such file"):
        await restore(own_server, tmp_path / "missing.dump")
    conn = await asyncpg.connect(own_server)
    try:
        assert await conn.fetchval("SELECT name FROM employers WHERE id = $1", marker) == "PT Penanda"
        names = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
        assert not any("_restore_" in n or "_old_" in n for n in names)  # no staging left behind
    finally:
        await conn.close()


async def _migrated(uri: str) -> None:
    conn = await asyncpg.connect(uri)
    try:
        await migrate(conn)
    finally:
        await conn.close()


def test_cli_backup_and_restore(own_server, tmp_path, monkeypatch, capsys) -> None:
    # its own schema: under pytest-xdist the module's other tests may run on another worker's server
    asyncio.run(_migrated(own_server))
    monkeypatch.setenv("DATABASE_URL", own_server)
    archive = tmp_path / "cli.dump"
    assert cli_main(["backup", str(archive)]) == 0
    assert "backup written" in capsys.readouterr().out
    assert cli_main(["restore", str(archive)]) == 0
    assert "restored" in capsys.readouterr().out
    assert cli_main(["restore", str(tmp_path / "nope.dump")]) == 2
    assert "not changed" in capsys.readouterr().err

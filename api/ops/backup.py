"""Backup and restore of the whole database with pg_dump / pg_restore (custom format).

Works for the embedded server (pgserver ships the PostgreSQL 16 client tools) and for an
external one (``DATABASE_URL``; tools from ``BINAKERJA_PG_BIN``, pgserver or ``PATH``).

Restore never destroys data before it knows the new copy is good: the archive is checked,
restored into a fresh database in one transaction, and only then swapped in for the old
one by renaming (the old one is dropped last). Other connections to the target database
are closed first, so stop the service (or expect its requests to fail with 503 and its
pool to reconnect) while restoring.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import asyncpg

from models.repositories.databases import DatabaseAdminRepo


class BackupError(Exception):
    """A backup or restore could not be done; nothing was changed."""


@dataclass(frozen=True)
class DumpResult:
    path: Path
    bytes: int
    seconds: float


def find_tool(name: str) -> Path:
    """``pg_dump``/``pg_restore``: from BINAKERJA_PG_BIN, the pgserver package, or PATH."""
    folders = []
    if os.environ.get("BINAKERJA_PG_BIN"):
        folders.append(Path(os.environ["BINAKERJA_PG_BIN"]))
    try:
        import pgserver

        folders.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:  # pragma: no cover - pgserver is a dependency
        pass
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    found = shutil.which(name)
    if found:
        return Path(found)
    raise BackupError(f"{name} not found: install the PostgreSQL client tools or set BINAKERJA_PG_BIN")


def _split_password(dsn: str) -> tuple[str, dict[str, str]]:
    """The URI without its password (kept out of the process list) and the env carrying it."""
    parts = urlsplit(dsn)
    if parts.scheme not in ("postgres", "postgresql"):
        raise BackupError("DATABASE_URL must be a postgresql:// URI for backup and restore")
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
        netloc = parts.netloc.split("@", 1)[1]
        user = parts.username or ""
        netloc = f"{user}@{netloc}" if user else netloc
        dsn = urlunsplit(parts._replace(netloc=netloc))
    return dsn, env


def database_name(dsn: str) -> str:
    name = unquote(urlsplit(dsn).path.lstrip("/"))
    return name or (urlsplit(dsn).username or "postgres")


def with_database(dsn: str, name: str) -> str:
    """The same server and credentials, another database."""
    return urlunsplit(urlsplit(dsn)._replace(path="/" + name))


def _run(args: list[str], env: dict[str, str], what: str) -> str:
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        raise BackupError(f"{what} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout


def backup(dsn: str, file: str | os.PathLike[str]) -> DumpResult:
    """Dump the database to ``file`` (pg_dump custom format), atomically (temp file + rename)."""
    target = Path(file)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    uri, env = _split_password(dsn)
    started = time.perf_counter()
    try:
        _run([str(find_tool("pg_dump")), "--format=custom", "--no-owner", f"--file={tmp}", uri], env, "pg_dump")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return DumpResult(target, target.stat().st_size, time.perf_counter() - started)


def check_archive(file: str | os.PathLike[str]) -> int:
    """Number of entries in a custom-format archive; ``BackupError`` when it is not one."""
    path = Path(file)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    out = _run([str(find_tool("pg_restore")), "--list", str(path)], dict(os.environ), f"reading {path}")
    entries = [line for line in out.splitlines() if line and not line.startswith(";")]
    if not entries:
        raise BackupError(f"{path}: archive is empty")
    return len(entries)


async def _admin(dsn: str) -> asyncpg.Connection:
    """A connection to a maintenance database of the same server."""
    for name in ("postgres", "template1"):
        if name == database_name(dsn):
            continue
        try:
            return await asyncpg.connect(with_database(dsn, name))
        except asyncpg.InvalidCatalogNameError:
            continue
    raise BackupError("no maintenance database (postgres or template1) to connect to")


async def _rename_when_free(admin: asyncpg.Connection, name: str, new_name: str, timeout: float = 10.0) -> None:
    """Close every other session on ``name`` and rename it; terminated sessions take a moment to go."""
    deadline = time.monotonic() + timeout
    databases = DatabaseAdminRepo(admin)
    while True:
        await databases.close_other_sessions(name)
        try:
            await databases.rename(name, new_name)
            return
        except asyncpg.ObjectInUseError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


async def restore(dsn: str, file: str | os.PathLike[str]) -> int:
    """Replace the database of ``dsn`` with the archive ``file``; returns the archive's entry count.

    The archive is restored into a new database first (``--single-transaction
    --exit-on-error``); if that fails the current database is untouched.
    """
    entries = check_archive(file)
    target = database_name(dsn)
    staging = f"{target}_restore_{int(time.time())}"
    old = f"{target}_old_{int(time.time())}"
    admin = await _admin(dsn)
    databases = DatabaseAdminRepo(admin)
    try:
        await databases.create_empty(staging)
        uri, env = _split_password(with_database(dsn, staging))
        try:
            _run(
                [
                    str(find_tool("pg_restore")),
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={uri}",
                    str(file),
                ],
                env,
                "pg_restore",
            )
        except BackupError:
            await databases.drop(staging)
            raise
        # swap: close other sessions on the target, rename old away, rename new in
        await databases.allow_connections(target, False)
        try:
            await _rename_when_free(admin, target, old)
        except Exception:
            await databases.allow_connections(target, True)
            raise
        await databases.rename(staging, target)
        await databases.drop(old, force=True)
    finally:
        await admin.close()
    return entries

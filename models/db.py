"""Connection pool, pgvector codec and the embedded PostgreSQL (pgserver)."""

from __future__ import annotations

import logging
import os
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import numpy as np

from models.errors import PgvectorMissing

log = logging.getLogger(__name__)

PGVECTOR_HINT = (
    "PostgreSQL server has no pgvector extension. Install it (Debian/Ubuntu: "
    "`apt-get install postgresql-16-pgvector`, or see https://github.com/pgvector/pgvector#installation), "
    "or unset DATABASE_URL to use the embedded PostgreSQL 16 + pgvector."
)


def start_embedded(data_dir: str | os.PathLike[str]) -> tuple[str, Any]:
    """Start (or attach to) a private PostgreSQL 16 + pgvector in ``data_dir``.

    Returns the connection URI and the server handle; the server stops when the
    last process using it exits (pgserver's ``cleanup_mode='stop'``).
    """
    import pgserver

    path = Path(data_dir).resolve()
    path.mkdir(parents=True, exist_ok=True)
    fresh = not (path / "PG_VERSION").exists()
    with _start_lock():
        server = pgserver.get_server(str(path), cleanup_mode="stop")
        total = physical_memory()
        if total and _size_memory(server, path, memory_settings(total)) and fresh:
            server.cleanup()  # nobody else holds a server made just now: restart it with the settings
            server = pgserver.get_server(str(path), cleanup_mode="stop")
    return server.get_uri(), server


def memory_settings(total_bytes: int) -> dict[str, str]:
    """The embedded server's memory: shared_buffers a quarter of the machine's memory (128 MB to 8 GB),
    effective_cache_size half of it (PostgreSQL's usual starting point). initdb's 128 MB holds a
    twentieth of the vector indexes and embedding rows of 300,000 profiles (~2.4 GB), so every search
    then re-reads index pages from the operating system (issue 17)."""
    mb = total_bytes // 2**20
    return {
        "shared_buffers": f"{max(128, min(8192, mb // 4))}MB",
        "effective_cache_size": f"{max(512, mb // 2)}MB",
    }


def physical_memory() -> int:
    """Bytes of memory this process may use: the machine's, or its container's limit (cgroup v2) when
    lower; 0 when unknown (initdb's defaults stay)."""
    try:
        total = int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):  # not POSIX
        return 0
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text(encoding="ascii").strip()
    except OSError:
        return total
    return min(total, int(limit)) if limit.isdigit() else total


def _size_memory(server: Any, path: Path, settings: dict[str, str]) -> bool:
    """ALTER SYSTEM for each memory setting nobody has set in ``postgresql.auto.conf`` (a value set
    there by an operator is kept); True when something was set, which takes effect at the next start."""
    try:
        chosen = (path / "postgresql.auto.conf").read_text(encoding="utf-8")
    except OSError:
        return False
    missing = {name: value for name, value in settings.items() if f"{name} =" not in chosen}
    if not missing:
        return False
    server.psql("".join(f"ALTER SYSTEM SET {name} = '{value}';\n" for name, value in missing.items()))
    log.info("embedded PostgreSQL memory set to %s (from the next start)", missing)
    return True


@contextmanager
def _start_lock() -> Iterator[None]:
    """Serialise pgserver's set-up across processes on this machine. As root it creates a
    'pgserver' system user on first use and chowns/chmods shared folders; two pytest-xdist
    workers doing that at once on a new machine made one initdb fail ("could not change
    permissions of directory")."""
    if os.name != "posix":
        yield
        return
    import fcntl

    with open(Path(tempfile.gettempdir()) / "binakerja-pgserver-start.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def vector_from_binary(value: bytes) -> np.ndarray:
    """pgvector's binary ``vector`` (uint16 dim, uint16 unused, big-endian float32s) as a float32 array.

    Written here, not pgvector's ``Vector.from_binary``: that copies through ``array('f')`` into a
    ``Vector`` object, ~17 µs per 512-d vector, which was 1.7 ms of every 100-profile pool (issue 17)."""
    dim, unused = struct.unpack_from(">HH", value)
    if unused != 0 or len(value) != 4 + 4 * dim:
        raise ValueError("invalid pgvector binary value")
    return np.frombuffer(value, dtype=">f4", count=dim, offset=4).astype(np.float32)


def vector_to_binary(value: Any) -> bytes:
    """Any sequence of numbers (numpy array, list, pgvector ``Vector``) as pgvector's binary ``vector``."""
    to_numpy = getattr(value, "to_numpy", None)
    array = np.asarray(to_numpy() if to_numpy else value, dtype=">f4").reshape(-1)
    return struct.pack(">HH", len(array), 0) + array.tobytes()


async def _init_connection(conn: asyncpg.Connection) -> None:
    try:
        from pgvector.asyncpg import register_vector

        await register_vector(conn)  # halfvec and sparsevec; vector gets the faster codec below
        await conn.set_type_codec(
            "vector", schema="public", encoder=vector_to_binary, decoder=vector_from_binary, format="binary"
        )
    except ValueError as exc:  # raised when the 'vector' type does not exist
        raise PgvectorMissing(PGVECTOR_HINT) from exc


async def ensure_pgvector(conn: asyncpg.Connection) -> None:
    """Create the vector extension or fail with one clear error saying how to install it."""
    available = await conn.fetchval("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")
    if not available:
        raise PgvectorMissing(PGVECTOR_HINT)
    await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")


APP_ROLE = "binakerja_app"

# Data rights only: no DDL (no CREATE on the schema, owns nothing), the audit log and its chain
# head read and appended to only (the chain trigger is SECURITY DEFINER), migrations read-only.
_APP_GRANTS = """
GRANT USAGE ON SCHEMA public TO {role};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
"""
_AUDIT_GRANTS = """
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {role};
REVOKE ALL ON audit_chain_head, schema_migrations FROM {role};
GRANT SELECT ON audit_chain_head, schema_migrations TO {role};
"""


async def ensure_app_role(conn: asyncpg.Connection, role: str = APP_ROLE) -> bool:
    """Create the service's database role (first start) and give it data rights only, on this
    database; run by the owner after every migration run. False (with a warning) when the owner
    may not create roles (an external server whose administrator sets roles up instead)."""
    if not role.replace("_", "").isalnum():
        raise ValueError(f"bad role name {role!r}")
    try:
        async with conn.transaction():  # a savepoint when the caller has a transaction open
            if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
                try:
                    async with conn.transaction():
                        await conn.execute(
                            f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                        )
                except (asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError):  # made just now elsewhere
                    pass
            database = await conn.fetchval("SELECT current_database()")
            await conn.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {role}')
            await conn.execute(_APP_GRANTS.format(role=role))
            if await conn.fetchval("SELECT to_regclass('audit_chain_head') IS NOT NULL"):
                await conn.execute(_AUDIT_GRANTS.format(role=role))
    except asyncpg.InsufficientPrivilegeError as exc:
        log.warning("could not set up database role %s (%s); create it with data rights only", role, exc)
        return False
    return True


def role_dsn(dsn: str, role: str = APP_ROLE) -> str:
    """``dsn`` with its user replaced by ``role`` and no password: for the embedded server (local
    socket, trust), where the service is to connect as the app role that ``ensure_app_role`` made."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{role}@{host}", parts.path, parts.query, parts.fragment))


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10, ensure: bool = True) -> asyncpg.Pool:
    """One pool per process. Ensures pgvector first (unless ``ensure`` is False: the owner did it
    already and the pool's role may not create extensions) so the codec can be registered."""
    if ensure:
        conn = await asyncpg.connect(dsn)
        try:
            await ensure_pgvector(conn)
        finally:
            await conn.close()
    pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, init=_init_connection)
    assert pool is not None
    return pool


def service_dsn(owner_dsn: str, *, embedded: bool, app_dsn: str | None) -> str | None:
    """Where the service's pool connects: ``app_dsn`` when configured (an external server's
    ``BINAKERJA_APP_DATABASE_URL``, a login with the app role's rights), else for the embedded
    server the same socket as the owner with the app role (``role_dsn``). None: an external
    server without an app login configured (the caller falls back to the owner, with a warning)."""
    if app_dsn:
        return app_dsn
    return role_dsn(owner_dsn) if embedded else None


class Database:
    """Hands out connections from the process's one pool.

    ``acquire()`` is an async context manager; services open their own
    transaction on the connection (``async with conn.transaction()``).
    """

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    def acquire(self) -> Any:
        return self.pool.acquire()

    async def close(self) -> None:
        await self.pool.close()


class SingleConnectionDatabase:
    """A Database over one connection: used by tests that roll back at teardown.

    Transactions opened by callers become savepoints inside the test's transaction.
    """

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    def acquire(self) -> Any:
        conn = self.conn

        class _Ctx:
            async def __aenter__(self) -> asyncpg.Connection:
                return conn

            async def __aexit__(self, *exc: object) -> None:
                return None

        return _Ctx()

    async def close(self) -> None:
        return None

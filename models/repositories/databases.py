"""Whole-database administration for backup and restore: create, rename, drop, close sessions.

Runs on a maintenance connection (``postgres`` or ``template1``) as the owner; names are quoted as
identifiers, never interpolated raw.
"""

from __future__ import annotations

import asyncpg


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DatabaseAdminRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def create_empty(self, name: str) -> None:
        await self.conn.execute(f"CREATE DATABASE {_ident(name)} TEMPLATE template0 ENCODING 'UTF8'")

    async def drop(self, name: str, *, force: bool = False) -> None:
        await self.conn.execute(f"DROP DATABASE IF EXISTS {_ident(name)}" + (" WITH (FORCE)" if force else ""))

    async def allow_connections(self, name: str, allow: bool) -> None:
        await self.conn.execute(f"ALTER DATABASE {_ident(name)} WITH ALLOW_CONNECTIONS {'true' if allow else 'false'}")

    async def close_other_sessions(self, name: str) -> None:
        await self.conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )

    async def rename(self, name: str, new_name: str) -> None:
        """Raises ``asyncpg.ObjectInUseError`` while other sessions are still connected."""
        await self.conn.execute(f"ALTER DATABASE {_ident(name)} RENAME TO {_ident(new_name)}")

"""Public halves of the LSPs' Ed25519 signing keys (private keys never touch the database)."""

from __future__ import annotations

import asyncpg

from models.errors import NotFound
from models.records import LspKey, SigningKey

_COLS = "k.key_id, k.lsp_id, k.public_key, k.created_at, k.retired_at"


def _key(r: asyncpg.Record) -> SigningKey:
    return SigningKey(r["key_id"], r["lsp_id"], bytes(r["public_key"]), r["created_at"], r["retired_at"])


class SigningKeyRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def lock_lsp(self, lsp_id: int) -> None:
        """Serialise key creation and rotation for one LSP until the transaction ends."""
        await self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('signing_keys'), $1::int)", lsp_id)

    async def active_for_lsp(self, lsp_id: int) -> SigningKey | None:
        r = await self.conn.fetchrow(
            f"SELECT {_COLS} FROM signing_keys k WHERE k.lsp_id = $1 AND k.retired_at IS NULL", lsp_id
        )
        return None if r is None else _key(r)

    async def add(self, key_id: str, lsp_id: int, public_key: bytes) -> SigningKey:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO signing_keys AS k (key_id, lsp_id, public_key) VALUES ($1, $2, $3)
            RETURNING {_COLS}
            """,
            key_id,
            lsp_id,
            public_key,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _key(r)

    async def retire(self, key_id: str) -> SigningKey:
        r = await self.conn.fetchrow(
            f"""
            UPDATE signing_keys AS k SET retired_at = now() WHERE k.key_id = $1 AND k.retired_at IS NULL
            RETURNING {_COLS}
            """,
            key_id,
        )
        if r is None:
            raise NotFound("active signing key", key_id)
        return _key(r)

    async def get(self, key_id: str) -> SigningKey:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM signing_keys k WHERE k.key_id = $1", key_id)
        if r is None:
            raise NotFound("signing key", key_id)
        return _key(r)

    async def list_published(self) -> list[LspKey]:
        """Every key, active and retired, oldest first per LSP."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS}, l.code AS lsp_code, l.name AS lsp_name
            FROM signing_keys k JOIN lsps l ON l.id = k.lsp_id
            ORDER BY l.code, k.created_at, k.key_id
            """
        )
        return [LspKey(_key(r), r["lsp_code"], r["lsp_name"]) for r in rows]

"""Every column that holds data-cipher ciphertext (api/privacy/crypto.py), in one declared table,
and the SQL that key rotation (``binakerja rotate-data-key``) reads and rewrites them with.

tests/integration/test_encrypted_columns.py reads ``information_schema`` and fails on a bytea
``*_enc`` column missing here (or on a stored ``BK1`` value in an undeclared bytea column), so a
new encrypted column cannot be left out of rotation unnoticed. The caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class EncryptedTable:
    """A table's primary key column and, per ciphertext column, the cipher field bound into it."""

    key: str
    columns: dict[str, str]


@dataclass(frozen=True)
class EncryptedRow:
    """One row's primary key and its ciphertexts (column -> value, None when the column is empty)."""

    key: int
    values: dict[str, bytes | None]


# table -> (primary key, {column: cipher field}). The field is the associated data the value was
# sealed with (``DataCipher.encrypt(plaintext, field)``); it must be one of crypto.FIELDS.
ENCRYPTED_COLUMNS: dict[str, EncryptedTable] = {
    "inmates": EncryptedTable("id", {"national_id_enc": "national_id", "offence_enc": "offence"}),
    "certificate_holder_names": EncryptedTable("certificate_id", {"name_enc": "certificate_holder_name"}),
    "webhook_subscriptions": EncryptedTable("id", {"secret_enc": "webhook_secret"}),
    "feed_connectors": EncryptedTable("id", {"token_enc": "feed_token"}),
}


class EncryptedColumnRepo:
    """Keyset pages of one declared table's ciphertexts, and the rewrite of one row's values."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def page(self, table: str, last_key: int, limit: int) -> list[EncryptedRow]:
        """The rows after ``last_key`` (key order) holding any ciphertext, locked for the rewrite."""
        spec = ENCRYPTED_COLUMNS[table]  # only declared names reach the SQL below
        cols = list(spec.columns)
        rows = await self.conn.fetch(
            f"""
            SELECT {spec.key} AS k, {", ".join(cols)} FROM {table}
            WHERE {spec.key} > $1 AND ({" OR ".join(f"{c} IS NOT NULL" for c in cols)})
            ORDER BY {spec.key} LIMIT $2 FOR UPDATE
            """,
            last_key,
            limit,
        )
        return [EncryptedRow(r["k"], {c: None if r[c] is None else bytes(r[c]) for c in cols}) for r in rows]

    async def rewrite(self, table: str, key: int, values: dict[str, bytes | None]) -> None:
        """Replace the given ciphertext columns of one row (nothing else changes)."""
        spec = ENCRYPTED_COLUMNS[table]
        cols = [c for c in values if c in spec.columns]
        if len(cols) != len(values):
            raise ValueError(f"undeclared encrypted column in {sorted(values)} for {table}")
        sets = ", ".join(f"{c} = ${i}" for i, c in enumerate(cols, start=2))
        await self.conn.execute(f"UPDATE {table} SET {sets} WHERE {spec.key} = $1", key, *(values[c] for c in cols))

"""Append-only audit log: who did or saw what, when and why.

Each row is chained (migration 0714): the database sets ``seq`` and ``hash`` = sha256(previous
hash || the row's canonical payload) on insert; ``verify_chain`` recomputes the chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from models.records import Actor, AuditEvent

_COLS = "id, at, actor_user_id, actor_role, action, object_type, object_id, subject_inmate_id, reason, detail"


def _event(r: asyncpg.Record) -> AuditEvent:
    detail = r["detail"]
    return AuditEvent(
        id=r["id"],
        at=r["at"],
        actor_user_id=r["actor_user_id"],
        actor_role=r["actor_role"],
        action=r["action"],
        object_type=r["object_type"],
        object_id=r["object_id"],
        subject_inmate_id=r["subject_inmate_id"],
        reason=r["reason"],
        detail=json.loads(detail) if isinstance(detail, str) else dict(detail or {}),
    )


class AuditRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(
        self,
        actor: Actor,
        action: str,
        object_type: str,
        object_id: object = None,
        *,
        subject_inmate_id: int | None = None,
        reason: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        await self.conn.execute(
            """
            INSERT INTO audit_events (actor_user_id, actor_role, action, object_type, object_id,
                                      subject_inmate_id, reason, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
            """,
            actor.user_id,
            actor.role,
            action,
            object_type,
            None if object_id is None else str(object_id),
            subject_inmate_id,
            reason,
            json.dumps(detail or {}, default=str),
        )

    async def add_reads(self, actor: Actor, action: str, inmate_ids: list[int], reason: str | None = None) -> None:
        """One event per person seen: a list of results is a read of each profile in it."""
        if not inmate_ids:
            return
        await self.conn.execute(
            """
            INSERT INTO audit_events (actor_user_id, actor_role, action, object_type, object_id,
                                      subject_inmate_id, reason)
            SELECT $1, $2, $3, 'inmate', i::text, i, $5 FROM unnest($4::bigint[]) AS i
            """,
            actor.user_id,
            actor.role,
            action,
            inmate_ids,
            reason,
        )

    async def search(
        self,
        *,
        actor_user_id: int | None = None,
        subject_inmate_id: int | None = None,
        action: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[AuditEvent]:
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS} FROM audit_events
            WHERE ($1::bigint IS NULL OR actor_user_id = $1)
              AND ($2::bigint IS NULL OR subject_inmate_id = $2)
              AND ($3::text IS NULL OR action = $3)
              AND ($4::timestamptz IS NULL OR at >= $4)
            ORDER BY at DESC, id DESC
            LIMIT $5 OFFSET $6
            """,
            actor_user_id,
            subject_inmate_id,
            action,
            since,
            limit,
            offset,
        )
        return [_event(r) for r in rows]

    async def actions(self, limit: int = 500) -> list[str]:
        """The distinct actions recorded so far (for the audit page's action picker), sorted."""
        rows = await self.conn.fetch(
            "SELECT DISTINCT action FROM audit_events ORDER BY action LIMIT $1",
            limit,
        )
        return [str(r["action"]) for r in rows]

    async def actor_names(self, user_ids: Sequence[int]) -> dict[int, str]:
        """Names (with email) of the users who acted, by user id; deleted users are absent."""
        rows = await self.conn.fetch(
            "SELECT id, name, email FROM users WHERE id = ANY($1::bigint[])", list(set(user_ids))
        )
        return {int(r["id"]): f"{r['name']} <{r['email']}>" for r in rows}


GENESIS = "0" * 64

# The payload the chain covers, written out here rather than calling the database's own
# audit_event_payload(), so a replaced function cannot make a changed row verify.
_PAYLOAD = """jsonb_build_array(
    e.seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.actor_user_id,
    e.actor_role, e.action, e.object_type, e.object_id, e.subject_inmate_id, e.reason, e.detail
)::text"""


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of recomputing the audit chain: the first broken row, if any."""

    rows: int
    head_seq: int
    head_hash: str
    broken_id: int | None = None
    broken_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


async def verify_chain(conn: asyncpg.Connection, *, batch: int = 5000) -> ChainCheck:
    """Recompute every row's hash from the previous one, in ``seq`` order, in one snapshot; stop
    at the first row that does not follow (changed, removed before it, or out of order) and
    compare the last row with the chain head (rows removed at the end)."""
    if conn.is_in_transaction():
        return await _walk(conn, batch)
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        return await _walk(conn, batch)


async def _walk(conn: asyncpg.Connection, batch: int) -> ChainCheck:
    prev, expected, rows = GENESIS, 1, 0
    query = f"SELECT e.id, e.seq, e.hash, {_PAYLOAD} AS payload FROM audit_events e ORDER BY e.seq, e.id"
    async for r in conn.cursor(query, prefetch=batch):
        if r["seq"] != expected:
            return ChainCheck(
                rows, expected - 1, prev, r["id"], r["seq"],
                f"baris sebelum seq {r['seq']} hilang (seharusnya seq {expected})",
            )  # fmt: skip
        digest = hashlib.sha256((prev + r["payload"]).encode("utf-8")).hexdigest()
        if digest != r["hash"]:
            return ChainCheck(
                rows, expected - 1, prev, r["id"], r["seq"], "isi baris atau rantai sebelumnya telah diubah"
            )
        prev, expected, rows = r["hash"], expected + 1, rows + 1
    head = await conn.fetchrow("SELECT seq, hash FROM audit_chain_head")
    if head is None or head["seq"] != expected - 1 or head["hash"] != prev:
        head_seq = head["seq"] if head is not None else "?"
        problem = f"baris di akhir rantai hilang: kepala rantai seq {head_seq}, baris terakhir seq {expected - 1}"
        return ChainCheck(rows, expected - 1, prev, None, None, problem)
    return ChainCheck(rows, expected - 1, prev)

"""Append-only audit log: who did or saw what, when and why."""

from __future__ import annotations

import json
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

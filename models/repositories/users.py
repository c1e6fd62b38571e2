"""Users (role + scope), password hashes, sign-in bookkeeping and API keys."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from models.errors import Conflict, NotFound
from models.records import ApiKey, User

_USER_COLS = "id, email, name, role, employer_id, bapas_id, lsp_id, assessor_id, active, facility_id"
ROLES = ("admin", "kemnaker_staff", "lsp_assessor", "bapas_officer", "employer", "training_staff")
_U_COLS = ", ".join("u." + c.strip() for c in _USER_COLS.split(","))  # the same, from users u


def _user(r: asyncpg.Record) -> User:
    return User(
        id=r["id"],
        email=r["email"],
        name=r["name"],
        role=r["role"],
        employer_id=r["employer_id"],
        bapas_id=r["bapas_id"],
        lsp_id=r["lsp_id"],
        assessor_id=r["assessor_id"],
        active=r["active"],
        facility_id=r["facility_id"],
    )


@dataclass(frozen=True)
class ThrottleEntry:
    """Recent failed sign-ins under one throttle key (a digest; see ``api.partners.service``)."""

    key: str
    failures: int
    last_failure_at: datetime


def _key(r: asyncpg.Record) -> ApiKey:
    return ApiKey(r["id"], r["user_id"], r["prefix"], r["label"], r["created_at"], r["revoked_at"])


class UserRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(
        self,
        email: str,
        name: str,
        password_hash: str,
        role: str,
        *,
        employer_id: int | None = None,
        bapas_id: int | None = None,
        lsp_id: int | None = None,
        assessor_id: int | None = None,
        facility_id: int | None = None,
    ) -> User:
        try:
            r = await self.conn.fetchrow(
                f"""
                INSERT INTO users (email, name, password_hash, role, employer_id, bapas_id, lsp_id, assessor_id,
                                   facility_id)
                VALUES (lower($1), $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {_USER_COLS}
                """,
                email,
                name,
                password_hash,
                role,
                employer_id,
                bapas_id,
                lsp_id,
                assessor_id,
                facility_id,
            )
        except asyncpg.UniqueViolationError as exc:
            raise Conflict(f"a user with email {email!r} already exists") from exc
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _user(r)

    async def get(self, user_id: int) -> User:
        r = await self.conn.fetchrow(f"SELECT {_USER_COLS} FROM users WHERE id = $1", user_id)
        if r is None:
            raise NotFound("user", user_id)
        return _user(r)

    async def find_by_email(self, email: str) -> User | None:
        r = await self.conn.fetchrow(f"SELECT {_USER_COLS} FROM users WHERE email = lower($1)", email)
        return None if r is None else _user(r)

    async def credentials(self, email: str) -> tuple[User, str, int, datetime | None, int] | None:
        """(user, password hash, failed sign-ins, locked until, session epoch) for a sign-in attempt."""
        r = await self.conn.fetchrow(
            f"""
            SELECT {_USER_COLS}, password_hash, failed_logins, locked_until, session_epoch
            FROM users WHERE email = lower($1)
            """,
            email,
        )
        if r is None:
            return None
        return _user(r), r["password_hash"], r["failed_logins"], r["locked_until"], r["session_epoch"]

    async def session_state(self, user_id: int) -> tuple[User, int] | None:
        """The user and its current session epoch (cookies from older epochs are void)."""
        r = await self.conn.fetchrow(f"SELECT {_USER_COLS}, session_epoch FROM users WHERE id = $1", user_id)
        return None if r is None else (_user(r), r["session_epoch"])

    # --- sign-in throttle -------------------------------------------------------
    async def lock_throttle(
        self, keys: Sequence[str], *, forget_seconds: float = 86400
    ) -> tuple[datetime, builtins.list[ThrottleEntry]]:
        """The database's now() and the entries of ``keys`` (made at zero when missing), row-locked
        until the caller's transaction ends: concurrent attempts on a key queue here. Also drops a
        few entries idle for longer than ``forget_seconds``."""
        ordered = sorted(set(keys))  # one lock order for everyone: no deadlock between attempts
        await self.conn.execute(
            """
            DELETE FROM sign_in_throttle WHERE key IN (
                SELECT key FROM sign_in_throttle WHERE last_failure_at < now() - make_interval(secs => $1)
                ORDER BY last_failure_at LIMIT 100 FOR UPDATE SKIP LOCKED)
            """,
            float(forget_seconds),
        )
        await self.conn.execute(
            """
            INSERT INTO sign_in_throttle (key, failures, last_failure_at)
            SELECT k, 0, now() FROM unnest($1::text[]) AS k ORDER BY k
            ON CONFLICT (key) DO NOTHING
            """,
            ordered,
        )
        rows = await self.conn.fetch(
            """
            SELECT key, failures, last_failure_at, now() AS now FROM sign_in_throttle
            WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE
            """,
            ordered,
        )
        return rows[0]["now"], [ThrottleEntry(r["key"], r["failures"], r["last_failure_at"]) for r in rows]

    async def set_throttle(self, counts: Sequence[tuple[str, int]]) -> None:
        """Set each key's failure count, the last failure now."""
        await self.conn.execute(
            """
            UPDATE sign_in_throttle t SET failures = c.failures, last_failure_at = now()
            FROM unnest($1::text[], $2::int[]) AS c(key, failures) WHERE t.key = c.key
            """,
            [k for k, _ in counts],
            [n for _, n in counts],
        )

    async def undo_throttle(
        self, before: Sequence[ThrottleEntry], counted_at: datetime, *, reset: Sequence[str] = ()
    ) -> None:
        """Take back one counted attempt (it succeeded): each key one failure less, its last failure
        as ``before`` unless another failure came since; keys in ``reset`` (and empty ones) go."""
        await self.conn.execute(
            """
            UPDATE sign_in_throttle t SET failures = greatest(t.failures - 1, 0),
                   last_failure_at = CASE WHEN t.last_failure_at = $3 THEN b.last ELSE t.last_failure_at END
            FROM unnest($1::text[], $2::timestamptz[]) AS b(key, last) WHERE t.key = b.key
            """,
            [e.key for e in before],
            [e.last_failure_at for e in before],
            counted_at,
        )
        await self.conn.execute(
            "DELETE FROM sign_in_throttle WHERE key = ANY($1::text[]) AND (key = ANY($2::text[]) OR failures = 0)",
            [e.key for e in before],
            list(reset),
        )

    async def record_success(self, user_id: int) -> None:
        await self.conn.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1",
            user_id,
        )

    async def bump_session_epoch(self, user_id: int) -> None:
        """Void every session cookie issued so far (sign-out, password change, deactivation)."""
        await self.conn.execute("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1", user_id)

    async def set_active(self, user_id: int, active: bool) -> None:
        status = await self.conn.execute(
            "UPDATE users SET active = $2, session_epoch = session_epoch + 1 WHERE id = $1", user_id, active
        )
        if status == "UPDATE 0":
            raise NotFound("user", user_id)

    async def list(self, *, role: str | None = None, limit: int = 100, offset: int = 0) -> list[User]:
        rows = await self.conn.fetch(
            f"""
            SELECT {_USER_COLS} FROM users WHERE ($1::text IS NULL OR role = $1)
            ORDER BY role, email LIMIT $2 OFFSET $3
            """,
            role,
            limit,
            offset,
        )
        return [_user(r) for r in rows]

    async def count(self, *, role: str | None = None) -> int:
        return int(await self.conn.fetchval("SELECT count(*) FROM users WHERE ($1::text IS NULL OR role = $1)", role))

    async def lock_first_admin(self) -> None:
        """Serialise first-admin set-up until the caller's transaction ends (two operators at once
        cannot both create "the first" admin)."""
        await self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('binakerja.first_admin'))")

    # --- the caller of one request, in one query ------------------------------------
    async def session_caller(self, user_id: int) -> tuple[User, int, str | None] | None:
        """(user, session epoch, its employer's partner status) in one round trip: what every
        signed-in request needs (the status is read afresh, so a suspension acts at once)."""
        r = await self.conn.fetchrow(
            f"""
            SELECT {_U_COLS}, u.session_epoch, e.partner_status
            FROM users u LEFT JOIN employers e ON e.id = u.employer_id
            WHERE u.id = $1
            """,
            user_id,
        )
        return None if r is None else (_user(r), r["session_epoch"], r["partner_status"])

    async def key_caller(self, prefix: str) -> tuple[ApiKey, str, User, str | None, bool] | None:
        """(key, stored hash, its user, the user's partner status, whether ``last_used_at`` was set in
        the last minute) in one round trip: what every API-key request needs."""
        r = await self.conn.fetchrow(
            f"""
            SELECT k.id AS key_id, k.user_id, k.prefix, k.label, k.created_at, k.revoked_at, k.key_hash,
                   coalesce(k.last_used_at > now() - interval '60 seconds', false) AS recently_used,
                   {_U_COLS}, e.partner_status
            FROM api_keys k JOIN users u ON u.id = k.user_id LEFT JOIN employers e ON e.id = u.employer_id
            WHERE k.prefix = $1
            """,
            prefix,
        )
        if r is None:
            return None
        key = ApiKey(r["key_id"], r["user_id"], r["prefix"], r["label"], r["created_at"], r["revoked_at"])
        return key, r["key_hash"], _user(r), r["partner_status"], bool(r["recently_used"])

    # --- API keys ----------------------------------------------------------
    async def add_key(self, user_id: int, prefix: str, key_hash: str, label: str) -> ApiKey:
        r = await self.conn.fetchrow(
            """
            INSERT INTO api_keys (user_id, prefix, key_hash, label) VALUES ($1, $2, $3, $4)
            RETURNING id, user_id, prefix, label, created_at, revoked_at
            """,
            user_id,
            prefix,
            key_hash,
            label,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _key(r)

    async def key_by_prefix(self, prefix: str) -> tuple[ApiKey, str] | None:
        """The key record and its stored hash, or None."""
        r = await self.conn.fetchrow(
            "SELECT id, user_id, prefix, label, created_at, revoked_at, key_hash FROM api_keys WHERE prefix = $1",
            prefix,
        )
        return None if r is None else (_key(r), r["key_hash"])

    async def touch_key(self, key_id: int) -> None:
        await self.conn.execute("UPDATE api_keys SET last_used_at = now() WHERE id = $1", key_id)

    async def list_keys(self, user_id: int | None = None) -> builtins.list[ApiKey]:  # `list` is a method here
        rows = await self.conn.fetch(
            """
            SELECT id, user_id, prefix, label, created_at, revoked_at FROM api_keys
            WHERE ($1::bigint IS NULL OR user_id = $1) ORDER BY created_at DESC, id DESC
            """,
            user_id,
        )
        return [_key(r) for r in rows]

    async def revoke_key(self, key_id: int) -> ApiKey:
        r = await self.conn.fetchrow(
            """
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1
            RETURNING id, user_id, prefix, label, created_at, revoked_at
            """,
            key_id,
        )
        if r is None:
            raise NotFound("API key", key_id)
        return _key(r)

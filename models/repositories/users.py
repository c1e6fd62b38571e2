"""Users (role + scope), password hashes, sign-in bookkeeping and API keys."""

from __future__ import annotations

import builtins
from datetime import datetime

import asyncpg

from models.errors import Conflict, NotFound
from models.records import ApiKey, User

_USER_COLS = "id, email, name, role, employer_id, bapas_id, lsp_id, assessor_id, active"
ROLES = ("admin", "kemnaker_staff", "lsp_assessor", "bapas_officer", "employer")


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
    )


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
    ) -> User:
        try:
            r = await self.conn.fetchrow(
                f"""
                INSERT INTO users (email, name, password_hash, role, employer_id, bapas_id, lsp_id, assessor_id)
                VALUES (lower($1), $2, $3, $4, $5, $6, $7, $8) RETURNING {_USER_COLS}
                """,
                email,
                name,
                password_hash,
                role,
                employer_id,
                bapas_id,
                lsp_id,
                assessor_id,
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

    async def record_failure(self, user_id: int, max_failures: int, lock_seconds: int) -> datetime | None:
        """Count a failed sign-in; after ``max_failures`` in a row the account locks. Returns locked_until."""
        locked_until: datetime | None = await self.conn.fetchval(
            """
            UPDATE users SET failed_logins = failed_logins + 1,
                   locked_until = CASE WHEN failed_logins + 1 >= $2
                                       THEN now() + make_interval(secs => $3) ELSE locked_until END
            WHERE id = $1 RETURNING locked_until
            """,
            user_id,
            max_failures,
            float(lock_seconds),
        )
        return locked_until

    async def record_success(self, user_id: int) -> None:
        await self.conn.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1",
            user_id,
        )

    async def bump_session_epoch(self, user_id: int) -> None:
        """Void every session cookie issued so far (sign-out, password change, deactivation)."""
        await self.conn.execute("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1", user_id)

    async def set_password(self, user_id: int, password_hash: str) -> None:
        await self.conn.execute(
            """
            UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL,
                   session_epoch = session_epoch + 1 WHERE id = $1
            """,
            user_id,
            password_hash,
        )

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

    async def get_key(self, key_id: int) -> ApiKey:
        r = await self.conn.fetchrow(
            "SELECT id, user_id, prefix, label, created_at, revoked_at FROM api_keys WHERE id = $1", key_id
        )
        if r is None:
            raise NotFound("API key", key_id)
        return _key(r)

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

"""Account use cases: create users, sign in and out, issue and revoke API keys, demo users.

Passwords are hashed with argon2id (argon2-cffi defaults). Failed sign-ins count per account;
``MAX_FAILURES`` in a row lock it for ``LOCK_SECONDS`` (even the right password is refused then).
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.web.auth import Principal, new_api_key
from api.web.errors import InvalidInput
from models.records import SYSTEM, Actor, ApiKey, User
from models.repositories.audit import AuditRepo
from models.repositories.users import ROLES, UserRepo

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Verified against when the email is unknown, so timing does not reveal which emails exist.
_DUMMY_HASH = _hasher.hash("binakerja-no-such-user")

SCOPE_OF_ROLE = {"employer": "employer_id", "bapas_officer": "bapas_id", "lsp_assessor": "lsp_id"}
DEMO_PASSWORDS = {role: f"demo-{role.replace('_', '-')}-2026" for role in ROLES}


class SignInRefused(Exception):
    """Sign-in did not succeed; ``status`` 401 (wrong credentials) or 429 (locked/throttled)."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.status = status


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", f"kata sandi minimal {MIN_PASSWORD} karakter")
    return _hasher.hash(password)


def _verify_now(stored: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


# argon2 costs ~50 ms of CPU by design: run it in worker threads (argon2-cffi releases the GIL), at
# most one per core at a time, so a burst of sign-ins never stalls the event loop serving others.
_HASHING = asyncio.Semaphore(os.cpu_count() or 2)


async def _verify(stored: str, password: str) -> bool:
    async with _HASHING:
        return await asyncio.to_thread(_verify_now, stored, password)


async def _hash(password: str) -> str:
    async with _HASHING:
        return await asyncio.to_thread(hash_password, password)


async def create_user(
    conn: Any,
    actor: Actor,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    employer_id: int | None = None,
    bapas_id: int | None = None,
    lsp_id: int | None = None,
    assessor_id: int | None = None,
) -> User:
    """Validate and add a user; each scoped role needs exactly its own scope."""
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput("email", "alamat email tidak valid")
    if not name.strip():
        raise InvalidInput("name", "nama wajib diisi")
    if role not in ROLES:
        raise InvalidInput("role", f"peran harus salah satu dari {', '.join(ROLES)}")
    scopes = {"employer_id": employer_id, "bapas_id": bapas_id, "lsp_id": lsp_id}
    needed = SCOPE_OF_ROLE.get(role)
    for key, value in scopes.items():
        if key == needed and value is None:
            raise InvalidInput(key, f"peran {role} memerlukan {key}")
        if key != needed and value is not None:
            raise InvalidInput(key, f"peran {role} tidak memakai {key}")
    if assessor_id is not None and role != "lsp_assessor":
        raise InvalidInput("assessor_id", "hanya asesor LSP yang memakai assessor_id")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", f"kata sandi minimal {MIN_PASSWORD} karakter")
    hashed = await _hash(password)
    async with conn.transaction():
        user = await UserRepo(conn).add(
            email, name.strip(), hashed, role, employer_id=employer_id, bapas_id=bapas_id,
            lsp_id=lsp_id, assessor_id=assessor_id,
        )  # fmt: skip
        await AuditRepo(conn).add(actor, "user.create", "user", user.id, detail={"email": email, "role": role})
    return user


async def sign_in(conn: Any, email: str, password: str, *, client: str) -> tuple[User, int]:
    """Check credentials; returns the user and session epoch or raises ``SignInRefused``."""
    repo = UserRepo(conn)
    found = await repo.credentials(email.strip())
    if found is None:
        await _verify(_DUMMY_HASH, password)
        await AuditRepo(conn).add(SYSTEM, "sign_in.failed", "user", None, detail={"client": client})
        raise SignInRefused("Email atau kata sandi salah.")
    user, stored, _, locked_until, epoch = found
    if locked_until is not None and locked_until > datetime.now(UTC):
        raise SignInRefused("Akun dikunci sementara karena terlalu banyak percobaan. Coba lagi nanti.", 429)
    if not await _verify(stored, password) or not user.active:
        async with conn.transaction():
            locked = await repo.record_failure(user.id, MAX_FAILURES, LOCK_SECONDS)
            await AuditRepo(conn).add(
                Actor(user.id, user.role), "sign_in.failed", "user", user.id, detail={"client": client}
            )
        if locked is not None and locked > datetime.now(UTC):
            raise SignInRefused("Akun dikunci sementara karena terlalu banyak percobaan. Coba lagi nanti.", 429)
        raise SignInRefused("Email atau kata sandi salah.")
    async with conn.transaction():
        await repo.record_success(user.id)
        await AuditRepo(conn).add(Actor(user.id, user.role), "sign_in", "user", user.id, detail={"client": client})
    return user, epoch


async def sign_out(conn: Any, principal: Principal) -> None:
    """Void every session of this user (the cookie alone could be replayed until it expires)."""
    async with conn.transaction():
        await UserRepo(conn).bump_session_epoch(principal.user_id)
        await AuditRepo(conn).add(principal.actor, "sign_out", "user", principal.user_id)


async def issue_api_key(conn: Any, actor: Actor, user_id: int, label: str = "") -> tuple[ApiKey, str]:
    """A new key for ``user_id``; the full key is returned once and never stored."""
    full, prefix, digest = new_api_key()
    async with conn.transaction():
        await UserRepo(conn).get(user_id)
        key = await UserRepo(conn).add_key(user_id, prefix, digest, label.strip())
        await AuditRepo(conn).add(actor, "api_key.create", "api_key", key.id, detail={"user_id": user_id})
    return key, full


async def revoke_api_key(conn: Any, actor: Actor, key_id: int) -> ApiKey:
    """Revoke with immediate effect (the next request with it gets 401)."""
    async with conn.transaction():
        key = await UserRepo(conn).revoke_key(key_id)
        await AuditRepo(conn).add(actor, "api_key.revoke", "api_key", key_id, detail={"user_id": key.user_id})
    return key


async def set_user_active(conn: Any, actor: Actor, user_id: int, active: bool) -> None:
    async with conn.transaction():
        await UserRepo(conn).set_active(user_id, active)
        await AuditRepo(conn).add(actor, "user.activate" if active else "user.deactivate", "user", user_id)


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    role: str


async def _demo_scopes(conn: Any) -> dict[str, dict[str, int]]:
    """The first employer, the first Bapas with clients and the first LSP (with an assessor)."""
    employer = await conn.fetchval("SELECT min(id) FROM employers")
    bapas = await conn.fetchval("SELECT bapas_id FROM inmates WHERE bapas_id IS NOT NULL ORDER BY id LIMIT 1")
    lsp = await conn.fetchrow(
        "SELECT l.id, (SELECT min(a.id) FROM assessors a WHERE a.lsp_id = l.id) AS assessor "
        "FROM lsps l ORDER BY l.id LIMIT 1"
    )
    scopes: dict[str, dict[str, int]] = {"admin": {}, "kemnaker_staff": {}}
    if employer is not None:
        scopes["employer"] = {"employer_id": employer}
    if bapas is not None:
        scopes["bapas_officer"] = {"bapas_id": bapas}
    if lsp is not None:
        scopes["lsp_assessor"] = {"lsp_id": lsp["id"]} | ({"assessor_id": lsp["assessor"]} if lsp["assessor"] else {})
    return scopes


async def ensure_demo_users(conn: Any, passwords: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """One user per role on the demo data (idempotent): [(email, password, role)].

    Passwords are deterministic (``DEMO_PASSWORDS``) so the README can list them; never use the
    demo data set in production. Roles whose scope is missing from the data are skipped.
    """
    passwords = passwords or DEMO_PASSWORDS
    out: list[tuple[str, str, str]] = []
    for role, scope in (await _demo_scopes(conn)).items():
        email = f"{role.replace('_', '.')}@demo.binakerja.id"
        if await UserRepo(conn).find_by_email(email) is None:
            name = {"admin": "Admin Demo", "kemnaker_staff": "Staf Kemnaker Demo", "lsp_assessor": "Asesor Demo",
                    "bapas_officer": "PK Bapas Demo", "employer": "Pemberi Kerja Demo"}[role]  # fmt: skip
            await create_user(conn, SYSTEM, email=email, name=name, role=role, password=passwords[role], **scope)
        out.append((email, passwords[role], role))
    return out

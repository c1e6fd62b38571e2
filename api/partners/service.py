"""Account use cases: create users, sign in and out, issue and revoke API keys, demo users.

Passwords are hashed with argon2id (argon2-cffi defaults). Sign-in is throttled, never locked:
failures count per account at an address, per address and per account (``THROTTLES``); past a
number of free failures each key waits a delay that doubles with every further failure. Only
failures count, unknown and known accounts are treated alike, and the throttle decides (one locked
step in the database) before any password is hashed.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.partners import rules
from api.web.auth import Principal, new_api_key
from api.web.errors import InvalidInput
from models.errors import Conflict
from models.records import SYSTEM, Actor, ApiKey, User
from models.repositories.audit import AuditRepo
from models.repositories.bulk import BulkRepo
from models.repositories.officers import OfficerRepo
from models.repositories.users import ROLES, ThrottleEntry, UserRepo

MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Verified against when the email is unknown, so timing does not reveal which emails exist.
_DUMMY_HASH = _hasher.hash("binakerja-no-such-user")

SCOPE_OF_ROLE = {"employer": "employer_id", "bapas_officer": "bapas_id", "lsp_assessor": "lsp_id",
                 "training_staff": "facility_id"}  # fmt: skip
DEMO_PASSWORDS = {role: f"demo-{role.replace('_', '-')}-2026" for role in ROLES}


class SignInRefused(Exception):
    """Sign-in did not succeed; ``status`` 401 (wrong credentials) or 429 (throttled: try again in
    ``retry_after`` seconds). The same for unknown and known accounts."""

    def __init__(self, message: str, status: int = 401, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


# --- sign-in throttle (SECURITY.md row 7) --------------------------------------------------------------
@dataclass(frozen=True)
class Throttle:
    """``free`` failures within ``FORGET_SECONDS`` pass at once; from then on each attempt waits
    ``FIRST_DELAY`` seconds after the last failure, doubled per further failure, at most ``max_delay``."""

    free: int
    max_delay: float


FIRST_DELAY = 2.0
FORGET_SECONDS = 24 * 3600  # failures older than a day no longer count
FREE_FAILURES = 5  # one account from one address: a user who mistypes, or a guesser
THROTTLES = {
    "pair": Throttle(FREE_FAILURES, 15 * 60),
    # many accounts from one address (password spraying); an office behind one NAT stays usable
    "address": Throttle(20, 15 * 60),
    # one account from many addresses (a distributed guesser): high and short, so it never keeps
    # the real user out for more than a minute
    "account": Throttle(100, 60),
}
WRONG_CREDENTIALS = "Email atau kata sandi salah."


def throttle_keys(email: str, client: str) -> dict[str, str]:
    """The throttle's keys for one attempt, as digests (neither the email nor the address is stored).
    Derived from the typed email whether or not an account has it: unknown and known accounts are
    throttled alike, so the answers cannot tell which exist."""
    account = email.strip().lower()

    def digest(kind: str, value: str) -> str:
        return hashlib.sha256(f"binakerja.sign-in.{kind}\x00{value}".encode()).hexdigest()

    return {"pair": digest("pair", f"{account}\x00{client}"), "address": digest("address", client),
            "account": digest("account", account)}  # fmt: skip


def throttle_delay(failures: int, rule: Throttle) -> float:
    """Seconds an attempt must wait after the last of ``failures`` recent failures (0: free)."""
    if failures < rule.free:
        return 0.0
    return min(rule.max_delay, FIRST_DELAY * 2.0 ** (failures - rule.free))


def recent_failures(entry: ThrottleEntry, now: datetime) -> int:
    """The failures that still count (all of them, unless the last is older than ``FORGET_SECONDS``)."""
    return 0 if (now - entry.last_failure_at).total_seconds() >= FORGET_SECONDS else entry.failures


def throttle_wait(entry: ThrottleEntry, rule: Throttle, now: datetime) -> float:
    """Seconds until this key may try again (0: now)."""
    failures = recent_failures(entry, now)
    if failures < rule.free:
        return 0.0
    return max(0.0, throttle_delay(failures, rule) - (now - entry.last_failure_at).total_seconds())


async def _take_attempt(conn: Any, keys: dict[str, str], client: str) -> tuple[datetime, list[ThrottleEntry]]:
    """Check and count one attempt as one locked step: the keys' rows are locked, the wait decided,
    and the attempt counted as a failure before the caller checks the password (a success takes it
    back), so parallel attempts cannot all pass the check before any is counted. Raises
    ``SignInRefused`` (429, audited) when a key must still wait; returns when the attempt was counted
    and the entries as they were before."""
    repo = UserRepo(conn)
    async with conn.transaction():
        now, entries = await repo.lock_throttle(list(keys.values()), forget_seconds=FORGET_SECONDS)
        kinds = {digest: kind for kind, digest in keys.items()}
        wait = max(throttle_wait(e, THROTTLES[kinds[e.key]], now) for e in entries)
        if wait <= 0:
            await repo.set_throttle([(e.key, recent_failures(e, now) + 1) for e in entries])
            return now, entries
        await AuditRepo(conn).add(SYSTEM, "sign_in.throttled", "user", None, detail={"client": client})
    seconds = max(1, math.ceil(wait))
    raise SignInRefused(f"Terlalu banyak percobaan masuk. Coba lagi dalam {seconds} detik.", 429, float(seconds))


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


async def _check_scope(
    conn: Any, *, employer_id: int | None, bapas_id: int | None, lsp_id: int | None, assessor_id: int | None
) -> None:
    """The scope must be an organisation of the role's kind: an existing employer, a Bapas (not a
    Lapas), an existing LSP, and an assessor of that same LSP."""
    from models.errors import NotFound
    from models.repositories.catalogue import CatalogueRepo
    from models.repositories.places import PlacesRepo
    from models.repositories.vacancies import EmployerRepo

    try:
        if employer_id is not None:
            await EmployerRepo(conn).get(employer_id)
        if bapas_id is not None and (await PlacesRepo(conn).get_facility(bapas_id)).kind != "bapas":
            raise InvalidInput("bapas_id", f"UPT {bapas_id} bukan Bapas; PK Bapas dilingkupkan ke satu Bapas")
    except NotFound as exc:
        field = "employer_id" if employer_id is not None and exc.what == "employer" else "bapas_id"
        raise InvalidInput(field, f"{exc.what} {exc.key} tidak terdaftar") from exc
    if lsp_id is not None:
        try:
            await CatalogueRepo(conn).get_lsp(lsp_id)
        except NotFound as exc:
            raise InvalidInput("lsp_id", f"LSP {lsp_id} tidak terdaftar") from exc
        if assessor_id is not None:
            try:
                assessor = await CatalogueRepo(conn).get_assessor(assessor_id)
            except NotFound:
                assessor = None
            if assessor is None or assessor.lsp_id != lsp_id:
                raise InvalidInput("assessor_id", f"asesor {assessor_id} bukan asesor LSP {lsp_id}")


async def _check_facility(conn: Any, facility_id: int) -> None:
    """Training staff work at a Lapas, Rutan or LPKA (not a Bapas)."""
    from models.errors import NotFound
    from models.repositories.places import PlacesRepo

    try:
        facility = await PlacesRepo(conn).get_facility(facility_id)
    except NotFound as exc:
        raise InvalidInput("facility_id", f"UPT {facility_id} tidak terdaftar") from exc
    if facility.kind == "bapas":
        raise InvalidInput("facility_id", f"UPT {facility_id} adalah Bapas; staf pelatihan bekerja di lapas/rutan/LPKA")


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
    facility_id: int | None = None,
) -> User:
    """Validate and add a user; each scoped role needs exactly its own scope."""
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput("email", "alamat email tidak valid")
    if not name.strip():
        raise InvalidInput("name", "nama wajib diisi")
    if role not in ROLES:
        raise InvalidInput("role", f"peran harus salah satu dari {', '.join(ROLES)}")
    scopes = {"employer_id": employer_id, "bapas_id": bapas_id, "lsp_id": lsp_id, "facility_id": facility_id}
    needed = SCOPE_OF_ROLE.get(role)
    for key, value in scopes.items():
        if key == needed and value is None:
            raise InvalidInput(key, f"peran {role} memerlukan {key}")
        if key != needed and value is not None:
            raise InvalidInput(key, f"peran {role} tidak memakai {key}")
    if assessor_id is not None and role != "lsp_assessor":
        raise InvalidInput("assessor_id", "hanya asesor LSP yang memakai assessor_id")
    await _check_scope(conn, employer_id=employer_id, bapas_id=bapas_id, lsp_id=lsp_id, assessor_id=assessor_id)
    if facility_id is not None:
        await _check_facility(conn, facility_id)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", f"kata sandi minimal {MIN_PASSWORD} karakter")
    hashed = await _hash(password)
    async with conn.transaction():
        user = await UserRepo(conn).add(
            email, name.strip(), hashed, role, employer_id=employer_id, bapas_id=bapas_id,
            lsp_id=lsp_id, assessor_id=assessor_id, facility_id=facility_id,
        )  # fmt: skip
        await AuditRepo(conn).add(actor, "user.create", "user", user.id, detail={"email": email, "role": role})
    return user


class AdminExists(Conflict):
    """Set-up refused: the deployment already has an admin (the first-run path is one time only)."""


NEXT_STEPS = (
    "masuk di {base}/masuk dengan email dan kata sandi ini",
    "daftarkan organisasi di {base}/admin/organisasi: Bapas dulu, lalu Lapas/Rutan/LPKA, LSP dengan TUK dan asesornya",
    "undang pengguna dari halaman organisasinya (PK Bapas, asesor LSP) dan staf Kemnaker dari ringkasan organisasi",
    "minta pemberi kerja mendaftar di {base}/mitra/daftar; staf Kemnaker memverifikasinya di {base}/mitra",
)


async def admin_exists(conn: Any) -> bool:
    """Whether any admin account exists (active or not): the first-run path is closed once one does."""
    return await UserRepo(conn).count(role="admin") > 0


async def create_first_admin(conn: Any, *, email: str, name: str, password: str, via: str) -> User:
    """The deployment's first admin, with a password the operator chose (``binakerja setup`` or the
    first-run page). Refused with ``AdminExists`` once any admin exists; the password rule is the
    same as for every account. ``via`` ('cli' or 'page') is recorded in the audit event."""
    if await admin_exists(conn):
        raise AdminExists("sudah ada admin; admin berikutnya diundang oleh admin yang ada")
    problem = password_problem_text(password)
    if problem is not None:  # checked before hashing, so a bad password costs no argon2 round
        raise InvalidInput("password", problem)
    async with conn.transaction():
        await UserRepo(conn).lock_first_admin()
        if await admin_exists(conn):  # another set-up won the race while this one hashed
            raise AdminExists("sudah ada admin; admin berikutnya diundang oleh admin yang ada")
        user = await create_user(conn, SYSTEM, email=email, name=name, role="admin", password=password)
        await AuditRepo(conn).add(Actor(user.id, user.role), "setup.first_admin", "user", user.id,
                                  detail={"email": user.email, "via": via})  # fmt: skip
    return user


SETUP_TOKEN_WRONG = "token penyiapan salah: salin token yang dicetak di log server saat mulai"  # noqa: S105 - a message


async def first_run_setup(
    conn: Any, *, expected_token: str | None, token: str, email: str, name: str, password: str, client: str
) -> User:
    """The first-run page's use case: the setup token printed in the server log at start must match
    (so a stranger on the network cannot take an empty instance), then ``create_first_admin``. A
    wrong token is refused (audited) before anything else is looked at."""
    import hmac

    if not expected_token or not hmac.compare_digest(token.strip().encode(), expected_token.encode()):
        async with conn.transaction():
            await AuditRepo(conn).add(SYSTEM, "setup.refused", "user", None, detail={"client": client})
        raise InvalidInput("setup_token", SETUP_TOKEN_WRONG)
    return await create_first_admin(conn, email=email, name=name, password=password, via="page")


def password_problem_text(password: str) -> str | None:
    """The password rule (at least ``MIN_PASSWORD`` characters, not only spaces), as a message."""
    if len(password) < MIN_PASSWORD or not password.strip():
        return f"kata sandi minimal {MIN_PASSWORD} karakter"
    return None


async def sign_in(conn: Any, email: str, password: str, *, client: str) -> tuple[User, int]:
    """Check credentials; returns the user and session epoch or raises ``SignInRefused``.

    The throttle decides first (no password is hashed for a throttled attempt); an unknown email
    costs one hash too (against a dummy) and gets the same answers as a known one."""
    keys = throttle_keys(email, client)
    counted_at, before = await _take_attempt(conn, keys, client)
    repo = UserRepo(conn)
    found = await repo.credentials(email.strip())
    if found is None:
        await _verify(_DUMMY_HASH, password)
        await AuditRepo(conn).add(SYSTEM, "sign_in.failed", "user", None, detail={"client": client})
        raise SignInRefused(WRONG_CREDENTIALS)
    user, stored, _, _, epoch = found
    if not await _verify(stored, password) or not user.active:
        await AuditRepo(conn).add(
            Actor(user.id, user.role), "sign_in.failed", "user", user.id, detail={"client": client}
        )
        raise SignInRefused(WRONG_CREDENTIALS)
    async with conn.transaction():
        # a success takes its attempt back (only failures count) and clears this account at this address
        await repo.undo_throttle(before, counted_at, reset=[keys["pair"]])
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
    """The first active partner employer, the first Bapas with clients and the first LSP (with an assessor)."""
    employer, bapas, lsp, assessor = await BulkRepo(conn).demo_scopes()
    scopes: dict[str, dict[str, int]] = {"admin": {}, "kemnaker_staff": {}}
    if employer is not None:
        scopes["employer"] = {"employer_id": employer}
    if bapas is not None:
        scopes["bapas_officer"] = {"bapas_id": bapas}
    if lsp is not None:
        scopes["lsp_assessor"] = {"lsp_id": lsp} | ({"assessor_id": assessor} if assessor else {})
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


async def create_user_with_nip(conn: Any, actor: Actor, *, nip: str = "", **fields: Any) -> User:
    """``create_user`` plus the officer's NIP (for the printed plan), in one transaction; a bad NIP
    is refused before anything is written."""
    nip = nip.strip().replace(" ", "")
    if (problem := rules.nip_problem(nip, str(fields.get("role", "")))) is not None:
        raise InvalidInput("nip", problem)
    async with conn.transaction():
        user = await create_user(conn, actor, **fields)
        if nip:
            await OfficerRepo(conn).set_nip(user.id, nip)
            await AuditRepo(conn).add(actor, "user.nip", "user", user.id)
    return user

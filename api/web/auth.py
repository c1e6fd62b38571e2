"""Who is calling and may they: principals, sessions, API keys, CSRF and per-route role rules.

Every route declares its rule with a dependency: ``Depends(require_role("employer"))`` for signed-in
roles, or ``Depends(public)`` for pages anyone may open. The rule is attached to the dependency as
``__roles__`` so tests can walk ``app.routes`` and fail on a route that declares none.

Web sign-in keeps a signed cookie (itsdangerous) holding the user id, the user's session epoch
(bumped on sign-out, password change or deactivation, which voids older cookies) and a CSRF token
bound to the session. Partner systems send ``Authorization: Bearer bk_<prefix>_<secret>``; only the
sha256 of the secret is stored (keys are 256-bit random, so a slow hash adds nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.web import deps
from models.records import Actor
from models.repositories.audit import AuditRepo
from models.repositories.partners import PartnerRepo
from models.repositories.users import ROLES, UserRepo

SESSION_COOKIE = "bk_session"
SESSION_IDLE_SECONDS = 8 * 3600
SESSION_MAX_SECONDS = 24 * 3600
SESSION_REFRESH_SECONDS = 300
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC = frozenset({"public"})
KEY_PREFIX = "bk"


class SignInRequired(HTTPException):
    """No valid session or API key: 401 under /api/, a redirect to the sign-in page elsewhere."""

    def __init__(self) -> None:
        super().__init__(401, "Silakan masuk terlebih dahulu.", headers={"WWW-Authenticate": "Bearer"})


@dataclass(frozen=True)
class Principal:
    """The signed-in user as routes see it: role plus the one scope that role works in."""

    user_id: int
    email: str
    name: str
    role: str
    employer_id: int | None = None
    bapas_id: int | None = None
    lsp_id: int | None = None
    assessor_id: int | None = None
    via: str = "session"  # session | api_key
    partner_status: str | None = None  # employers: their partner's status, read on every request
    facility_id: int | None = None  # training staff: the Lapas/Rutan/LPKA they work at

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, role=self.role)


# --- sessions ---------------------------------------------------------------
class SessionCodec:
    """Signs and reads the session cookie; the signature's timestamp gives idle expiry."""

    def __init__(self, secret: str) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="binakerja.session")

    def new(self, user_id: int | None = None, epoch: int = 0) -> dict[str, Any]:
        return {"u": user_id, "e": epoch, "c": secrets.token_urlsafe(24), "t0": int(time.time()), "ts": 0}

    def dump(self, session: dict[str, Any]) -> str:
        return self._s.dumps({**session, "ts": int(time.time())})

    def load(self, raw: str | None) -> dict[str, Any] | None:
        """The session in the cookie, or None when missing, forged, idle too long or too old."""
        if not raw:
            return None
        try:
            data = self._s.loads(raw, max_age=SESSION_IDLE_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict) or time.time() - int(data.get("t0", 0)) > SESSION_MAX_SECONDS:
            return None
        return data

    @staticmethod
    def stale(session: dict[str, Any]) -> bool:
        """True when the cookie should be re-signed to keep the idle timer sliding."""
        return time.time() - int(session.get("ts", 0)) > SESSION_REFRESH_SECONDS


def session_of(request: Request) -> dict[str, Any]:
    return request.state.session  # set by api.web.middleware for every non-static request


def start_session(request: Request, user_id: int, epoch: int) -> None:
    """Replace the session (new CSRF token too: no fixation across sign-in)."""
    request.state.session = request.app.state.sessions.new(user_id, epoch)
    request.state.session_dirty = True


def end_session(request: Request) -> None:
    request.state.session = request.app.state.sessions.new()
    request.state.session_dirty = True


def csrf_token(request: Request) -> str:
    return str(session_of(request)["c"])


async def check_csrf(request: Request) -> None:
    """The form field ``csrf_token`` (or header ``X-CSRF-Token``) must equal the session's token."""
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = (await request.form()).get("csrf_token")  # cached by Starlette for the route's Form fields
    if not isinstance(sent, str) or not hmac.compare_digest(sent, csrf_token(request)):
        raise HTTPException(403, "Token CSRF tidak valid atau kedaluwarsa; muat ulang halaman lalu coba lagi.")


# --- API keys ---------------------------------------------------------------
def new_api_key() -> tuple[str, str, str]:
    """(full key shown once, prefix stored in clear, sha256 of the secret stored)."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    return f"{KEY_PREFIX}_{prefix}_{secret}", prefix, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_api_key(key: str) -> tuple[str, str] | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


# --- resolving the caller -----------------------------------------------------
def _principal(user: Any, via: str, partner_status: str | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        employer_id=user.employer_id,
        bapas_id=user.bapas_id,
        lsp_id=user.lsp_id,
        assessor_id=user.assessor_id,
        via=via,
        partner_status=partner_status,
        facility_id=getattr(user, "facility_id", None),
    )


async def _partner_status(conn: Any, user: Any) -> str | None:
    """An employer user's partner status, read afresh on every request, so a suspension (or a
    reactivation) by Kemnaker takes effect on the very next request of every session and API key."""
    if user.role != "employer" or user.employer_id is None:
        return None
    return await PartnerRepo(conn).status_of(user.employer_id)


def _employer_status(user: Any, status: str | None) -> str | None:
    """The partner status read with the user (``UserRepo.session_caller`` / ``key_caller``), for
    employer users only, as ``_partner_status`` gives it."""
    return status if user.role == "employer" and user.employer_id is not None else None


PARTNER_REFUSALS = {
    "pending": "Kemitraan perusahaan Anda masih menunggu verifikasi Kemnaker; lowongan dan kandidat terbuka "
    "setelah diverifikasi.",
    "suspended": "Kemitraan perusahaan Anda sedang dibekukan oleh Kemnaker; lowongan dan kandidat tidak dapat dibuka.",
    "rejected": "Permohonan kemitraan perusahaan Anda ditolak; lowongan dan kandidat tidak dapat dibuka.",
}


async def refuse_inactive_partner(request: Request, conn: Any, principal: Principal) -> None:
    """Only an ``active`` partner's users may use employer routes: others get 403, and the refused
    attempt is audited."""
    status = principal.partner_status
    await AuditRepo(conn).add(
        principal.actor, "partner.refused", "employer", principal.employer_id,
        detail={"partner_status": status, "method": request.method, "path": request.url.path, "via": principal.via},
    )  # fmt: skip
    raise HTTPException(403, PARTNER_REFUSALS.get(status or "", "Akun ini tidak terhubung dengan mitra yang aktif."))


async def authenticate(request: Request, conn: Any) -> Principal | None:
    """The caller from the Bearer key or the session cookie; None when anonymous.

    A present but invalid or revoked key is an error, never a silent fall-back to the cookie.
    """
    if hasattr(request.state, "principal"):
        return request.state.principal  # type: ignore[no-any-return]
    principal: Principal | None = None
    header = request.headers.get("authorization", "")
    repo = UserRepo(conn)
    if header:
        scheme, _, token = header.partition(" ")
        parts = split_api_key(token.strip()) if scheme.lower() == "bearer" else None
        # Key, user and partner status in one query (the status still read on every request).
        found = await repo.key_caller(parts[0]) if parts else None
        if parts is None or found is None:
            raise SignInRequired()
        key, stored, user, status, recently_used = found
        if key.revoked_at is not None or not hmac.compare_digest(stored, hash_secret(parts[1])):
            raise SignInRequired()
        if not user.active:
            raise SignInRequired()
        if not recently_used:  # last_used_at to the minute: no write on every request of a busy key
            await repo.touch_key(key.id)
        principal = _principal(user, "api_key", _employer_status(user, status))
    else:
        session = getattr(request.state, "session", None) or {}
        uid = session.get("u")
        if uid is not None:
            state = await repo.session_caller(int(uid))
            if state is not None and state[0].active and state[1] == session.get("e"):
                principal = _principal(state[0], "session", _employer_status(state[0], state[2]))
            else:
                end_session(request)
    request.state.principal = principal
    return principal


def require_role(*roles: str, inactive_partner: bool = False) -> Callable[..., Any]:
    """A dependency that admits only the given roles and returns the current ``Principal``.

    Anonymous callers get 401 (a sign-in redirect for pages), other roles 403. Unsafe methods
    authenticated by the session cookie must carry the session's CSRF token. Employers whose
    partner is not ``active`` get 403 too, unless ``inactive_partner`` (their own organisation's
    page, sign-out).
    """
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"require_role needs known roles, got {roles!r}")
    allowed = frozenset(roles)

    async def dependency(request: Request, conn: Any = Depends(deps.connection)) -> Principal:
        principal = await authenticate(request, conn)
        if principal is None:
            raise SignInRequired()
        if principal.role not in allowed:
            raise HTTPException(403, "Peran Anda tidak diizinkan membuka halaman ini.")
        if principal.via == "session" and request.method not in SAFE_METHODS:
            await check_csrf(request)
        if principal.role == "employer" and principal.partner_status != "active" and not inactive_partner:
            await refuse_inactive_partner(request, conn, principal)
        return principal

    dependency.__roles__ = allowed  # type: ignore[attr-defined]
    dependency.__name__ = "require_" + "_or_".join(sorted(allowed))
    return dependency


async def public(request: Request, conn: Any = Depends(deps.connection)) -> Principal | None:
    """Rule for pages anyone may open; returns the principal when signed in. Forms still need CSRF:
    every unsafe request needs it unless an API key (a valid ``Authorization: Bearer``) signed it, so
    a session, or no principal at all, is checked even when an empty Authorization header is sent."""
    principal = await authenticate(request, conn)
    if request.method not in SAFE_METHODS and (principal is None or principal.via == "session"):
        await check_csrf(request)
    return principal


public.__roles__ = PUBLIC  # type: ignore[attr-defined]


def route_rule(dependant: Any) -> frozenset[str] | None:
    """The roles a route admits (``PUBLIC`` for anyone), found in its dependency tree, or None."""
    for sub in dependant.dependencies:
        roles = getattr(sub.call, "__roles__", None)
        if roles is not None:
            return frozenset(roles)
        found = route_rule(sub)
        if found is not None:
            return found
    return None


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def iter_routes(app: Any) -> list[tuple[str, frozenset[str], Any]]:
    """Every HTTP route of the app as (path, methods, dependant or None), included routers flattened."""
    out: list[tuple[str, frozenset[str], Any]] = []
    for route in app.routes:
        contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
        for r in contexts:
            methods = frozenset(getattr(r, "methods", None) or ())
            out.append((r.path, methods, getattr(r, "dependant", None)))
    return out

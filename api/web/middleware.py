"""Per-request plumbing: the signed session cookie, the UI language and security headers.

Installed once by the composition root. The session is loaded before the route (so auth can read
it) and re-signed after it when it changed or is due a refresh (sliding idle expiry).
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response

from api.config import Settings
from api.web.auth import SESSION_COOKIE, SESSION_IDLE_SECONDS, SessionCodec
from api.web.i18n import LANG_COOKIE, LANGS, translator

log = logging.getLogger("binakerja")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def private_folder(folder: Path) -> None:
    """Create the key folder readable by the service's user only (0700), and tighten it when it
    exists looser: it holds the session secret, the data keys and the LSPs' signing keys."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        try:
            folder.chmod(0o700)
        except PermissionError:  # not ours (an operator-managed folder): say so, do not fail
            log.warning("key folder %s is readable by others; make it 0700", folder)


def stored_secret(path: Path) -> str:
    """The session secret kept in the key folder (mode 0600), made on first use.

    Shared by every worker and kept across restarts; created with O_EXCL so two
    workers starting at once agree on one secret.
    """
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            secret = path.read_text(encoding="ascii").strip()
            if secret:
                return secret
            time.sleep(0.02)  # another worker is writing it
        raise RuntimeError(f"session secret file {path} is empty") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        secret = secrets.token_urlsafe(32)
        handle.write(secret)
    log.info("created session secret %s", path)
    return secret


def install(app: FastAPI, settings: Settings) -> None:
    codec = SessionCodec(settings.secret_key or stored_secret(settings.key_dir / "session.secret"))
    app.state.sessions = codec
    env = app.state.templates.env
    env.globals["_"] = translator
    env.globals["LANGS"] = LANGS

    @app.middleware("http")
    async def session_language_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Any:
        path = request.url.path
        is_static = path.startswith("/static/")
        lang = request.query_params.get("lang")
        chosen = lang if lang in LANGS else None
        request.state.lang = chosen or (
            request.cookies.get(LANG_COOKIE) if request.cookies.get(LANG_COOKIE) in LANGS else "id"
        )
        session = None if is_static else codec.load(request.cookies.get(SESSION_COOKIE))
        request.state.session = session or codec.new()
        request.state.session_dirty = session is None
        response = await call_next(request)
        uses_cookie = not is_static and "authorization" not in request.headers
        if uses_cookie and (request.state.session_dirty or codec.stale(request.state.session)):
            response.set_cookie(
                SESSION_COOKIE,
                codec.dump(request.state.session),
                max_age=SESSION_IDLE_SECONDS,
                httponly=True,
                samesite="lax",
                secure=settings.https,
                path="/",
            )
        if chosen:
            response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", secure=settings.https)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if not is_static and request.state.session.get("u") is not None:
            headers.setdefault("Cache-Control", "no-store")  # personal pages never sit in shared caches
        if settings.https:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response

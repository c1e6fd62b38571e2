"""Per-request plumbing: the signed session cookie, the UI language and security headers.

Installed once by the composition root. The session is loaded before the route (so auth can read
it) and re-signed after it when it changed or is due a refresh (sliding idle expiry).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response

from api.auth import SESSION_COOKIE, SESSION_IDLE_SECONDS, SessionCodec, SignInLimiter
from api.config import Settings
from api.i18n import LANG_COOKIE, LANGS, translator

log = logging.getLogger("binakerja")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def install(app: FastAPI, settings: Settings) -> None:
    secret = settings.secret_key
    if not secret:
        secret = secrets.token_urlsafe(32)
        log.warning("BINAKERJA_SECRET_KEY is not set: sessions will not survive a restart")
    codec = SessionCodec(secret)
    app.state.sessions = codec
    app.state.sign_in_limiter = SignInLimiter()
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

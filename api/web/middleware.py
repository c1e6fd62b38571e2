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
from pathlib import Path

from fastapi import FastAPI, Request, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


def size_words(limit: int) -> str:
    """``limit`` bytes as people say it: 1 MB, 20 MB, 10 kB, 512 byte."""
    for unit, name in ((1_000_000, "MB"), (1_000, "kB")):
        if limit >= unit:
            value = limit / unit
            return f"{value:g} {name}".replace(".", ",")
    return f"{limit} byte"


class _TooLarge(Exception):
    pass


UPLOAD_SEGMENTS = ("import", "impor")  # CSV/file import routes (API and pages)


class SpreadConnections:
    """Pure ASGI: a worker with requests waiting asks the client to reconnect after this response
    (``Connection: close``), so the next request goes to whichever worker accepts first.

    Uvicorn's workers share one listening socket and a kept-alive connection stays with the worker
    that accepted it: under load, clients that connected in one burst stayed on one worker while the
    other idled (py-spy of both workers, 32 clients: 97% of one worker's samples waiting in epoll,
    issue 17). A busy worker is running a request, not accepting, so the reconnection lands on the
    idle one. Costs the client one loopback or proxy handshake, only while this worker is queueing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def spread_send(message: Message) -> None:
            if message["type"] == "http.response.start" and self.in_flight > 1:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        self.in_flight += 1
        try:
            await self.app(scope, receive, spread_send)
        finally:
            self.in_flight -= 1


class BodyLimit:
    """Pure ASGI: refuses a request body larger than its route class allows, before the app reads
    it. A declared Content-Length over the limit is answered at once without reading; a body
    without one (chunked) is counted as the app pulls it, and the pull that passes the limit ends
    the request with the same 413. Imports get the larger limit only when the request carries
    credentials (an Authorization header or the session cookie); anonymous requests never have
    more than the JSON limit read, whatever the route."""

    def __init__(self, app: ASGIApp, *, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    def limit_for(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        path = str(scope.get("path", "")).rstrip("/")
        credentials = b"authorization" in headers or SESSION_COOKIE.encode() + b"=" in headers.get(b"cookie", b"")
        if credentials and path.rsplit("/", 1)[-1] in UPLOAD_SEGMENTS:
            return max(self.upload_limit, self.json_limit)
        return self.json_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False  # the server refuses a malformed length itself
            if too_big:
                await self.refuse(scope, receive, send, limit)
                return
        seen = 0
        over = False  # the body passed the limit: whatever the app answers then is replaced
        started = False

        async def counted_receive() -> Message:
            nonlocal seen, over
            if over:
                raise _TooLarge
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # e.g. FastAPI turned the failed form read into a 400: dropped, 413 below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except Exception:
            if not over or started:
                raise
        if over and not started:
            await self.refuse(scope, receive, send, limit)

    async def refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        from api.web.errors import error_response

        detail = f"Isi permintaan terlalu besar: batasnya {size_words(limit)}."
        request = Request(scope, receive)
        request.state.lang = "id"
        request.state.session = {}
        try:
            response = error_response(request, 413, "payload_too_large", detail)
        except Exception:  # the error page itself failed: a plain one, never a 500
            log.exception("error page for 413 failed")
            from fastapi.responses import HTMLResponse

            response = HTMLResponse(f"<h1>413</h1><p>{detail}</p>", status_code=413)
        response.headers["Connection"] = "close"  # the rest of the body is not read
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        await response(scope, receive, send)


class SessionLanguageHeaders:
    """Pure ASGI: the session and the page language are put on the request's state before the route
    runs; on the response's start, the session cookie (when changed or due a refresh), the language
    cookie and the security headers are added.

    Pure ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs the route
    in a task group and streams its response through a memory channel, on every request (issue 17:
    the HTTP path against the in-process matcher)."""

    def __init__(self, app: ASGIApp, *, codec: SessionCodec, https: bool) -> None:
        self.app = app
        self.codec = codec
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        codec = self.codec
        request = Request(scope)
        path = request.url.path
        is_static = path.startswith("/static/")
        lang = request.query_params.get("lang")
        chosen = lang if lang in LANGS else None
        cookies = request.cookies
        state = request.state
        state.lang = chosen or (cookies.get(LANG_COOKIE) if cookies.get(LANG_COOKIE) in LANGS else "id")
        session = None if is_static else codec.load(cookies.get(SESSION_COOKIE))
        state.session = session or codec.new()
        state.session_dirty = session is None
        # Secure cookies and HSTS when configured, or when this request came over HTTPS: directly,
        # or through a proxy in BINAKERJA_TRUSTED_PROXIES whose X-Forwarded-Proto uvicorn believed
        # (api/cli.py: server_options); the header from anyone else never changes the scheme.
        https = self.https or scope.get("scheme") == "https"
        uses_cookie = not is_static and "authorization" not in request.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", []))}
                headers = MutableHeaders(scope=message)
                refresh = uses_cookie and (state.session_dirty or codec.stale(state.session))
                if refresh or chosen:
                    setter = Response()  # Starlette's own Set-Cookie formatting, as the route's responses use
                    if refresh:
                        setter.set_cookie(SESSION_COOKIE, codec.dump(state.session), max_age=SESSION_IDLE_SECONDS,
                                          httponly=True, samesite="lax", secure=https, path="/")  # fmt: skip
                    if chosen:
                        setter.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="lax", secure=https)
                    for name, value in setter.raw_headers:
                        if name == b"set-cookie":
                            headers.append("set-cookie", value.decode("latin-1"))
                headers.setdefault("Content-Security-Policy", CSP)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "same-origin"
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
                if not is_static and state.session.get("u") is not None:
                    headers.setdefault("Cache-Control", "no-store")  # personal pages never sit in shared caches
                if https:
                    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, settings: Settings) -> None:
    codec = SessionCodec(settings.secret_key or stored_secret(settings.key_dir / "session.secret"))
    app.state.sessions = codec
    env = app.state.templates.env
    env.globals["_"] = translator
    env.globals["LANGS"] = LANGS

    app.add_middleware(SessionLanguageHeaders, codec=codec, https=settings.https)
    # Added last, so it is the outermost of the app's middleware: nothing reads a body before it.
    app.add_middleware(BodyLimit, json_limit=settings.max_json_bytes, upload_limit=settings.max_upload_bytes)
    app.add_middleware(SpreadConnections)  # outermost: counts every request this worker holds

"""Delivery channels behind one interface: the in-app inbox, e-mail over SMTP, and a WhatsApp/SMS
gateway reached by HTTP. api/app.py builds the configured ones; the worker only sees ``Channel``.

Every send carries the delivery's idempotency key (inbox: the row's unique key; e-mail: the
Message-ID and ``X-Binakerja-Idempotency-Key``; gateway: the ``Idempotency-Key`` header and the
JSON body), so a retry after a crash between sending and marking can be recognised downstream.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, Protocol

import httpx

from api.notifications.rules import Message
from api.web import outbound
from models.repositories.notifications import Delivery, NotificationRepo


class DeliveryFailed(Exception):
    """The channel could not deliver (retried with back-off)."""


@dataclass(frozen=True)
class Outgoing:
    delivery: Delivery
    message: Message
    url: str  # the message's link, absolute (base URL + path)


class Channel(Protocol):
    name: str

    async def send(self, out: Outgoing) -> None:
        """Deliver once or raise (``DeliveryFailed`` or any error: the worker retries)."""
        ...


class InboxChannel:
    """The in-app inbox: one row per delivery key, so a repeated send writes nothing twice."""

    name = "inbox"

    def __init__(self, db: Any) -> None:
        self.db = db

    async def send(self, out: Outgoing) -> None:
        d = out.delivery
        async with self.db.acquire() as conn, conn.transaction():
            await NotificationRepo(conn).add_inbox(d.user_id, d.event_id, d.idempotency_key, datetime.now(UTC))


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "binakerja <noreply@binakerja.local>"
    starttls: bool = False
    timeout: float = 20.0


class EmailChannel:
    """E-mail over SMTP (stdlib ``smtplib`` in a worker thread, so the event loop never blocks)."""

    name = "email"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def compose(self, out: Outgoing) -> EmailMessage:
        d = out.delivery
        msg = EmailMessage()
        msg["Subject"] = f"[binakerja] {out.message.subject}"
        msg["From"] = self.settings.sender
        msg["To"] = d.address or ""
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = f"<{d.idempotency_key}@binakerja>"
        msg["X-Binakerja-Idempotency-Key"] = d.idempotency_key
        msg["X-Binakerja-Event"] = d.kind
        msg.set_content(f"{out.message.text}\n\n{out.url}\n\n-- \nbinakerja. Atur pemberitahuan: kotak masuk > "
                        "pengaturan.\n")  # fmt: skip
        return msg

    def _send_blocking(self, msg: EmailMessage) -> None:
        s = self.settings
        with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
            if s.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password)
            smtp.send_message(msg)

    async def send(self, out: Outgoing) -> None:
        if not out.delivery.address:
            raise DeliveryFailed("no e-mail address")
        try:
            await asyncio.to_thread(self._send_blocking, self.compose(out))
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"smtp: {exc}") from exc


class GatewayChannel:
    """A WhatsApp/SMS gateway: ``POST <url>`` with JSON ``{"to", "text", "idempotency_key",
    "event"}`` and ``Authorization: Bearer <token>``; any 2xx answer is delivered."""

    name = "gateway"

    def __init__(self, url: str, token: str, *, timeout: float = 10.0) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    async def send(self, out: Outgoing) -> None:
        d = out.delivery
        if not d.address:
            raise DeliveryFailed("no phone number")
        body = {"to": d.address, "text": f"{out.message.text} {out.url}", "idempotency_key": d.idempotency_key,
                "event": d.kind}  # fmt: skip
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": d.idempotency_key}
        try:
            async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as client:
                r = await client.post(self.url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"gateway: {exc.__class__.__name__}: {exc}") from exc
        if not 200 <= r.status_code < 300:
            raise DeliveryFailed(f"gateway answered {r.status_code}")


@dataclass(frozen=True)
class WebhookResult:
    code: int | None
    error: str | None


class WebhookSender:
    """POSTs a signed webhook body; never follows redirects, and reaches public addresses only
    (resolved and checked on every send, unless ``allow_private``: api/web/outbound.py). The
    answer's status is the result."""

    def __init__(self, *, timeout: float = 10.0, allow_private: bool = False) -> None:
        self.timeout = timeout
        self.allow_private = allow_private

    async def post(self, url: str, body: str, headers: dict[str, str]) -> WebhookResult:
        try:
            async with outbound.client(allow_private=self.allow_private, timeout=self.timeout) as client:
                r = await client.post(url, content=body.encode(), headers=headers)
        except httpx.HTTPError as exc:
            return WebhookResult(None, f"{exc.__class__.__name__}: {exc}"[:500])
        return WebhookResult(r.status_code, None if 200 <= r.status_code < 300 else f"HTTP {r.status_code}")

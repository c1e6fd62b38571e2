"""Outbound HTTP to addresses users typed (webhook URLs, feed connector URLs): only to the public
internet.

A URL is checked twice: when it is saved (``url_refusal``: an IP literal, or a name resolving to
a non-public address, is refused next to the ``url`` field), and on every request
(``GuardedTransport``: the host is resolved, every address checked, and the connection pinned to
the checked address, so a name that later resolves elsewhere (DNS rebinding) cannot reach
loopback, private networks, link-local addresses such as the cloud metadata service
169.254.169.254, multicast or reserved ranges). ``BINAKERJA_OUTBOUND_ALLOW_PRIVATE=true`` turns
both checks off, for tests with local servers only.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import httpx

RESOLVE_SECONDS = 5.0
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_refusal(address: str) -> str | None:
    """None for a public internet address, else the Indonesian reason it may not be reached.
    Pure: no I/O."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"alamat IP tidak sah ({address})"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    kind = (
        "loopback" if ip.is_loopback
        else "link-local" if ip.is_link_local
        else "multicast" if ip.is_multicast
        else "tak ditentukan" if ip.is_unspecified
        else "cadangan" if ip.is_reserved
        else "privat" if ip.is_private or not ip.is_global
        else None
    )  # fmt: skip
    if kind is None:
        return None
    return f"URL menuju alamat {kind} ({ip}); hanya alamat internet publik yang diizinkan"


class OutboundRefused(httpx.ConnectError):
    """The request's host is (or resolves to) an address outbound requests may not reach."""


async def resolve(host: str) -> list[str]:
    """The addresses ``host`` resolves to now (an IP literal is itself)."""
    loop = asyncio.get_running_loop()
    infos = await asyncio.wait_for(loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), RESOLVE_SECONDS)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


async def url_refusal(url: str, *, allow_private: bool) -> str | None:
    """At save time: None when ``url``'s host is public (or cannot be resolved now: it is checked
    again on every request), else the Indonesian reason (shown next to the ``url`` field)."""
    if allow_private:
        return None
    host = (urlsplit(url.strip()).hostname or "").strip("[]")
    if not host:
        return None  # the form's own URL check names this
    if host.rstrip(".").lower() == "localhost" or host.lower().endswith(".localhost"):
        return address_refusal("127.0.0.1")
    try:
        addresses = [host] if _literal(host) else await resolve(host)
    except (OSError, TimeoutError, UnicodeError):
        return None
    for address in addresses:
        problem = address_refusal(address)
        if problem:
            return problem
    return None


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that resolves the host itself, refuses non-public addresses
    (``OutboundRefused``) and connects to the address it checked (``Host`` header and TLS server
    name stay the URL's host, so certificates are verified against the name)."""

    def __init__(self, *, allow_private: bool = False, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.allow_private = allow_private
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.allow_private:
            return await self.inner.handle_async_request(request)
        host = request.url.host
        try:
            addresses = await resolve(host)
        except (OSError, TimeoutError, UnicodeError) as exc:
            raise httpx.ConnectError(f"nama host {host} tidak dapat di-resolve: {exc}", request=request) from None
        for address in addresses:
            problem = address_refusal(address)
            if problem:
                raise OutboundRefused(problem, request=request)
        if not _literal(host):
            request.url = request.url.copy_with(host=addresses[0])
            if request.url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def client(*, allow_private: bool, timeout: float = 10.0) -> httpx.AsyncClient:
    """An HTTP client for user-set URLs: guarded, and never following redirects (a redirect
    could point anywhere)."""
    return httpx.AsyncClient(transport=GuardedTransport(allow_private=allow_private), timeout=timeout,
                             follow_redirects=False)  # fmt: skip

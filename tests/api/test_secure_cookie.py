"""Issue 13 row 15 (rest): the session cookie is ``Secure`` when the request came over HTTPS through
a proxy the operator trusts (``BINAKERJA_TRUSTED_PROXIES``: uvicorn believes its
X-Forwarded-Proto, exactly as ``binakerja serve`` configures it), and never because an untrusted
client says so. The app is wrapped in uvicorn's own proxy-header middleware with the options
``api.cli.server_options`` gives uvicorn."""

from __future__ import annotations

from typing import Any

import httpx
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.app import create_app
from api.cli import server_options
from api.config import Settings
from tests.api.conftest import TEST_DATA_KEY

PROXY = "10.0.0.5"


async def _cookie(db: Any, encoder: Any, peer: str, headers: dict[str, str], **extra: Any) -> str:
    settings = Settings(secret_key="test-secret", data_key=TEST_DATA_KEY, trusted_proxies=PROXY, **extra)  # noqa: S106
    app = create_app(settings, embedder=encoder, db=db)
    served = ProxyHeadersMiddleware(app, trusted_hosts=server_options(settings)["forwarded_allow_ips"])
    transport = httpx.ASGITransport(app=served, client=(peer, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        r = await c.get("/masuk", headers=headers)
    assert r.status_code == 200
    cookie = r.headers.get("set-cookie", "")
    assert cookie.startswith("bk_session") or "session" in cookie, cookie
    return cookie + "|" + r.headers.get("strict-transport-security", "")


async def test_secure_cookie_behind_a_trusted_https_proxy_only(db: Any, encoder: Any) -> None:
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    trusted = await _cookie(db, encoder, PROXY, https)
    assert "secure" in trusted.lower() and "max-age=31536000" in trusted
    spoofed = await _cookie(db, encoder, "198.51.100.7", https)  # not a configured proxy
    assert "secure" not in spoofed.lower().split("|")[0] and spoofed.endswith("|")
    plain = await _cookie(db, encoder, PROXY, {"X-Forwarded-Proto": "http"})
    assert "secure" not in plain.lower().split("|")[0]
    configured = await _cookie(db, encoder, "198.51.100.7", {}, https=True)  # BINAKERJA_HTTPS still wins
    assert "secure" in configured.lower().split("|")[0]

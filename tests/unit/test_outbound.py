"""The outbound address guard (api/web/outbound.py): which addresses user-set URLs may reach, and
that the transport connects to the address it checked (DNS rebinding). Resolution is faked here;
tests/integration/test_notifications.py and tests/api/test_feeds.py run it against real sockets."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.web import outbound


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"), ("10.0.0.5", "privat"), ("192.168.1.1", "privat"), ("172.16.0.1", "privat"),
        ("100.64.0.1", "privat"), ("fd00::1", "privat"), ("::ffff:10.0.0.1", "privat"), ("224.0.0.1", "multicast"),
        ("0.0.0.0", "tak ditentukan"), ("240.0.0.1", "cadangan"),  # noqa: S104
    ],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    problem = outbound.address_refusal(address)
    assert problem is not None and f"alamat {kind}" in problem


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert outbound.address_refusal(address) is None


async def test_url_refusal_reads_literals_and_localhost_without_the_network() -> None:
    assert "link-local" in (await outbound.url_refusal("http://169.254.169.254/x", allow_private=False) or "")
    assert "loopback" in (await outbound.url_refusal("https://localhost:8443/h", allow_private=False) or "")
    assert "loopback" in (await outbound.url_refusal("https://[::1]/h", allow_private=False) or "")
    assert await outbound.url_refusal("http://127.0.0.1/x", allow_private=True) is None
    assert await outbound.url_refusal("https://93.184.216.34/h", allow_private=False) is None


class Recorder(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return httpx.Response(200)


async def test_transport_pins_the_checked_address(monkeypatch: pytest.MonkeyPatch) -> None:
    async def resolve(host: str) -> list[str]:
        return ["93.184.216.34"]

    monkeypatch.setattr(outbound, "resolve", resolve)
    inner = Recorder()
    async with httpx.AsyncClient(transport=outbound.GuardedTransport(inner=inner)) as c:
        assert (await c.post("https://hooks.partner.example/h?x=1", content=b"{}")).status_code == 200
    sent = inner.seen[0]
    assert sent.url.host == "93.184.216.34" and sent.url.path == "/h" and sent.url.query == b"x=1"
    assert sent.headers["host"] == "hooks.partner.example"
    assert sent.extensions["sni_hostname"] == "hooks.partner.example"  # TLS checks the name, not the IP


async def test_transport_refuses_a_name_that_now_resolves_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    answers: list[Any] = [["169.254.169.254"]]

    async def resolve(host: str) -> list[str]:
        return list(answers[0])

    monkeypatch.setattr(outbound, "resolve", resolve)
    inner = Recorder()
    async with httpx.AsyncClient(transport=outbound.GuardedTransport(inner=inner)) as c:
        with pytest.raises(outbound.OutboundRefused, match="link-local"):
            await c.get("https://rebind.partner.example/feed")
    assert inner.seen == []
    async with httpx.AsyncClient(transport=outbound.GuardedTransport(allow_private=True, inner=inner)) as c:
        await c.get("http://127.0.0.1:9/feed")
    assert len(inner.seen) == 1  # allowed explicitly: passed through untouched

"""A worker with requests waiting asks clients to reconnect (issue 17: kept-alive connections stayed
on one uvicorn worker while the other idled)."""

from __future__ import annotations

import asyncio
from typing import Any

from api.web.middleware import SpreadConnections


def _app(release: asyncio.Event) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["path"] == "/slow":
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


async def _call(app: Any, path: str) -> dict[bytes, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "path": path, "headers": []}, receive, send)
    return dict(sent[0]["headers"])


async def test_only_a_worker_with_requests_waiting_closes_the_connection() -> None:
    release = asyncio.Event()
    app = SpreadConnections(_app(release))
    assert b"connection" not in await _call(app, "/fast")  # alone: the connection is kept
    slow = asyncio.create_task(_call(app, "/slow"))
    await asyncio.sleep(0)
    assert (await _call(app, "/fast"))[b"connection"] == b"close"  # another request is in flight
    release.set()
    assert b"connection" not in await slow  # the last one out keeps its connection
    assert app.in_flight == 0

"""A partner feed server for tests: a real HTTP server on 127.0.0.1 in a thread, serving JSON pages
by path and ``?since=`` cursor (see ``FeedServer``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FeedServer:
    """Pages by path and cursor: ``pages["/lowongan"][None]`` is the first page, ``[c]`` the page
    asked for with ``?since=c``. Records the Authorization header of every request."""

    base: str = ""
    pages: dict[str, dict[str | None, Any]] = field(default_factory=dict)
    auth: list[str | None] = field(default_factory=list)
    status: int = 200

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serving() -> Iterator[FeedServer]:
    """A started server (stopped when the block ends); tests wrap it in a ``feed_server`` fixture."""
    state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            parts = urlsplit(self.path)
            since = parse_qs(parts.query).get("since", [None])[0]
            state.auth.append(self.headers.get("Authorization"))
            feed = state.pages.get(parts.path)
            if state.status != 200 or feed is None:
                self.send_response(state.status if state.status != 200 else 404)
                self.end_headers()
                return
            payload = feed.get(since, {"items": [], "next_cursor": since})
            body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

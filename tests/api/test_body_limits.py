"""Issue 13 row 9: a request-body limit in the app, before any parsing or authentication.

JSON and form bodies get the small limit, CSV/file imports with credentials the large one; too
big answers 413 naming the limit (JSON ``{type, detail, field}`` under /api/, a page elsewhere),
whether the client sent Content-Length or streamed the body without one, and the app stops
reading a streamed body once it passes the limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from api.app import create_app
from api.config import Settings
from tests.api.conftest import TEST_DATA_KEY, World

MB = 1_000_000


@pytest_asyncio.fixture(loop_scope="session")
async def small(db: Any, encoder: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The app with small limits (10 kB JSON, 50 kB imports), so big bodies stay cheap to send."""
    limits = {"max_json_bytes": 10_000, "max_upload_bytes": 50_000}
    settings = Settings(secret_key="test-secret", data_key=TEST_DATA_KEY, **limits)  # noqa: S106
    app = create_app(settings, embedder=encoder, db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


class Counted:
    """A streamed body (no Content-Length) that counts how much of it the server pulled."""

    def __init__(self, total: int, chunk: int = 1000) -> None:
        self.total, self.chunk, self.pulled = total, chunk, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.total:
            self.pulled += self.chunk
            yield b"x" * self.chunk


def test_limits_come_from_the_environment() -> None:
    s = Settings.from_env({"BINAKERJA_MAX_JSON_BYTES": "2048", "BINAKERJA_MAX_UPLOAD_BYTES": "4096"})
    assert (s.max_json_bytes, s.max_upload_bytes) == (2048, 4096)
    d = Settings.from_env({})
    assert (d.max_json_bytes, d.max_upload_bytes) == (1 * MB, 20 * MB)


async def test_default_json_limit_answers_413_before_authentication(client: httpx.AsyncClient) -> None:
    body = b'{"title": "' + b"a" * (1 * MB + 10) + b'"}'
    r = await client.post("/api/v1/vacancies", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json() == {
        "type": "payload_too_large",
        "detail": "Isi permintaan terlalu besar: batasnya 1 MB.",
        "field": None,
    }


async def test_streamed_body_without_length_is_cut_at_the_limit(small: httpx.AsyncClient) -> None:
    stream = Counted(5 * MB)
    r = await small.post("/api/v1/vacancies", content=stream, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "10 kB" in r.json()["detail"]
    assert stream.pulled <= 10_000 + 2 * stream.chunk  # stopped reading soon after the limit, not 5 MB


async def test_pages_get_an_error_page(small: httpx.AsyncClient) -> None:
    r = await small.post("/masuk", data={"email": "a@b.id", "password": "x" * 20_000, "csrf_token": "t"})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "batasnya 10 kB" in r.text
    streamed = await small.post(
        "/masuk", content=Counted(200_000), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert streamed.status_code == 413 and "batasnya 10 kB" in streamed.text


async def test_small_bodies_pass(small: httpx.AsyncClient, world: World) -> None:
    r = await small.post("/api/v1/vacancies", json={"title": "x"})
    assert r.status_code == 401  # reached the route and its authentication
    csv_h = world.auth("kemnaker_staff") | {"content-type": "text/csv"}
    ok = await small.post("/api/v1/catalogue/units/import", content=b"code,title\nX,Y\n", headers=csv_h)
    assert ok.status_code == 422 and ok.json()["field"] == "sector"


async def test_imports_get_the_larger_limit_only_with_credentials(small: httpx.AsyncClient, world: World) -> None:
    rows = b"code,title,sector,kkni_level,description\n" + b"".join(
        b"C.99TST%02d.%03d.1,Unit %d,Uji,2,%s\n" % (i // 1000, i % 1000, i, b"d" * 60) for i in range(300)
    )
    assert 10_000 < len(rows) < 50_000
    csv_h = {"content-type": "text/csv"}
    anonymous = await small.post("/api/v1/catalogue/units/import", content=rows, headers=csv_h)
    assert anonymous.status_code == 413 and "10 kB" in anonymous.json()["detail"]
    staff = await small.post(
        "/api/v1/catalogue/units/import", content=rows, headers=csv_h | world.auth("kemnaker_staff")
    )
    assert staff.status_code == 200 and staff.json()["rows"] == 300, staff.text
    too_big = rows + b"".join(
        b"C.98TST%02d.%03d.1,Unit %d,Uji,2,%s\n" % (i // 1000, i % 1000, i, b"d" * 60) for i in range(400)
    )
    r = await small.post(
        "/api/v1/catalogue/units/import", content=too_big, headers=csv_h | world.auth("kemnaker_staff")
    )
    assert r.status_code == 413 and r.json()["detail"] == "Isi permintaan terlalu besar: batasnya 50 kB."
    stream = Counted(2 * MB)
    r = await small.post("/api/v1/catalogue/units/import", content=stream, headers=csv_h | world.auth("kemnaker_staff"))
    assert r.status_code == 413 and stream.pulled <= 50_000 + 2 * stream.chunk

"""A real uvicorn server on 127.0.0.1 against its own database in the session's embedded
PostgreSQL (a copy of the session's committed world, ``world_template``), and Debian's headless
Chromium driven by Playwright."""

from __future__ import annotations

import copy
import secrets
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WorldTemplate, clone_database, drop_database, run_in_thread, with_db

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic"]  # fmt: skip


@dataclass
class Live:
    url: str
    world: Any  # tests.api.conftest.World


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live(pg_uri: str, encoder: Any, request: pytest.FixtureRequest) -> Iterator[Live]:
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (run `make browser`)")
    world_template: WorldTemplate = request.getfixturevalue("world_template")
    from api.app import create_app
    from api.config import Settings

    name = "binakerja_web_" + secrets.token_hex(4)
    run_in_thread(clone_database(pg_uri, world_template.database, name))
    world = copy.deepcopy(world_template.world)
    keys = Path(tempfile.mkdtemp(prefix="binakerja-web-keys-"))
    port = _free_port()
    # outbound_allow_private: feed and webhook test servers listen on 127.0.0.1 (api/web/outbound.py)
    settings = Settings(database_url=with_db(pg_uri, name), demo_on_empty=False, port=port,
                        secret_key=secrets.token_urlsafe(16), key_dir=keys, outbound_allow_private=True)  # fmt: skip
    try:
        with serving(create_app(settings, embedder=encoder), port):
            yield Live(f"http://127.0.0.1:{port}", world)
    finally:
        run_in_thread(drop_database(pg_uri, name))


@contextmanager
def serving(app: Any, port: int, *, start_within: float = 120) -> Iterator[None]:
    """Run ``app`` under uvicorn on 127.0.0.1:``port`` in a thread (lifespan on) until the block ends."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_within
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def chromium_browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright, closed when the block ends."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


# Module scope: Playwright's sync API keeps its own event loop current in this thread while it
# runs, so it must stop before any asyncio test (pytest-asyncio's session loop) runs after it.
@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[Any]:
    with chromium_browser() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="id-ID")
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def both(page: Any, name: str) -> None:
    """Full-page screenshots ``name-desktop`` and ``name-phone``; the page is left at desktop width."""
    for label, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        shot(page, f"{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page: Any, live: Live, who: str) -> None:
    from tests.api.conftest import PASSWORD

    page.goto(live.url + "/masuk")
    page.fill("#email", live.world.emails[who])
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()

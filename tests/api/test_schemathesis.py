"""Schemathesis against the running app (uvicorn on 127.0.0.1, real embedded PostgreSQL,
real model), signed in with API keys of two roles: zero 5xx and zero schema violations."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.config import Settings
from tests.conftest import WorldTemplate, clone_database, drop_database, run_in_thread, with_db

ROOT = Path(__file__).resolve().parents[2]
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance"
)
MAX_EXAMPLES = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(pg_uri: str, world_template: WorldTemplate, encoder: Any) -> Iterator[tuple[str, dict[str, str]]]:
    """The app on its own copy of the session's committed world (schemathesis writes to it)."""
    import uvicorn

    name = "binakerja_st_" + secrets.token_hex(4)
    run_in_thread(clone_database(pg_uri, world_template.database, name))
    uri = with_db(pg_uri, name)
    keys = dict(world_template.world.keys)
    port = _free_port()
    settings = Settings(database_url=uri, demo_on_empty=False, secret_key="st-secret", port=port)  # noqa: S106
    server = uvicorn.Server(uvicorn.Config(create_app(settings, embedder=encoder), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    try:
        yield base, keys
    finally:
        server.should_exit = True
        thread.join(30)
        run_in_thread(drop_database(pg_uri, name))


def _run(base: str, key: str, checks: str, report: Path) -> tuple[int, str]:
    proc = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "schemathesis"), "run", f"{base}/openapi.json",
            "-H", f"Authorization: Bearer {key}",
            "--checks", checks, "--max-examples", str(MAX_EXAMPLES), "--phases", "examples,fuzzing",
            "--seed", "7", "--workers", "1", "--request-timeout", "30",
            "--report", "ndjson", "--report-ndjson-path", str(report),
        ],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )  # fmt: skip
    summary = proc.stdout[-6000:]
    print(summary)
    assert report.exists() and report.read_text().strip(), "no schemathesis events recorded"
    return proc.returncode, summary


@pytest.mark.slow
@pytest.mark.parametrize("role", ["employer", "bapas_officer"])
def test_schemathesis_no_server_errors(served, role: str, tmp_path: Path) -> None:
    base, keys = served
    code, summary = _run(base, keys[role], "not_a_server_error", tmp_path / "report.ndjson")
    assert code == 0, summary
    assert "Tested: " in summary


@pytest.mark.slow
@pytest.mark.parametrize("role", ["employer", "bapas_officer"])
def test_schemathesis_responses_conform_to_schema(served, role: str, tmp_path: Path) -> None:
    base, keys = served
    code, summary = _run(base, keys[role], CHECKS, tmp_path / "report.ndjson")
    assert code == 0, summary

"""Serving safety that needs no database: forwarded headers and password hashing off the event loop."""

from __future__ import annotations

import asyncio

from api.cli import server_options
from api.config import Settings
from api.partners import service as accounts


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted() -> None:
    default = server_options(Settings.from_env({}))
    assert default["proxy_headers"] is False and default["forwarded_allow_ips"] == ""
    behind = server_options(Settings.from_env({"BINAKERJA_TRUSTED_PROXIES": "10.0.0.5"}), 9000)
    assert behind["proxy_headers"] is True and behind["forwarded_allow_ips"] == "10.0.0.5" and behind["port"] == 9000


async def test_password_checks_leave_the_event_loop_free() -> None:
    """While argon2 checks a password, other requests' coroutines keep running."""
    stored = accounts.hash_password("rahasia-sekali-123")
    done = asyncio.Event()
    ticks = 0

    async def other_requests() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0)

    async def check() -> bool:
        try:
            return await accounts._verify(stored, "salah-kata-sandi-1")
        finally:
            done.set()

    ok, _ = await asyncio.gather(check(), other_requests())
    assert ok is False
    assert ticks > 10, f"the event loop ran only {ticks} times during a password check"


def test_the_embedded_servers_memory_is_a_quarter_of_the_machine_within_bounds() -> None:
    from models.db import memory_settings

    gib = 2**30
    assert memory_settings(24 * gib) == {"shared_buffers": "6144MB", "effective_cache_size": "12288MB"}
    assert memory_settings(256 * gib)["shared_buffers"] == "8192MB"  # capped
    assert memory_settings(gib // 4) == {"shared_buffers": "128MB", "effective_cache_size": "512MB"}  # floors


def test_request_validation_messages_are_indonesian_and_name_the_field() -> None:
    from api.web.errors import validation_message

    assert validation_message({"type": "greater_than_equal", "loc": ("query", "page"), "ctx": {"ge": 1}}) == (
        "page: paling kecil 1"
    )
    assert validation_message({"type": "int_parsing", "loc": ("form", "employer_id")}) == (
        "employer_id: harus bilangan bulat"
    )
    assert validation_message({"type": "missing", "loc": ("form", "version")}) == "version: wajib diisi"
    assert validation_message({"type": "something_new", "loc": ("body",)}) == "nilai tidak valid"


def test_a_served_process_warms_the_search_pages_unless_told_not_to() -> None:
    assert Settings().warm_searches == 0  # tests' apps and one-off commands do not
    assert Settings.from_env({}).warm_searches == 1000
    assert Settings.from_env({"BINAKERJA_WARM_SEARCHES": "0"}).warm_searches == 0
    assert Settings.from_env({"BINAKERJA_WARM_SEARCHES": "250"}).warm_searches == 250

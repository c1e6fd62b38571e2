"""The embedded server sizes its memory to the machine on first start; an operator's value stays."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import asyncpg

from models.db import memory_settings, physical_memory, start_embedded


async def _setting(uri: str, name: str) -> str:
    conn = await asyncpg.connect(uri)
    try:
        return str(await conn.fetchval(f"SELECT current_setting('{name}')"))
    finally:
        await conn.close()


def test_a_new_server_runs_with_memory_sized_to_the_machine_and_keeps_an_operators_value() -> None:
    folder = Path(tempfile.mkdtemp(prefix="binakerja-memory-"))
    wanted = memory_settings(physical_memory())
    try:
        uri, server = start_embedded(folder / "pg")
        try:
            assert asyncio.run(_setting(uri, "shared_buffers")) == wanted["shared_buffers"]
            assert asyncio.run(_setting(uri, "effective_cache_size")) == wanted["effective_cache_size"]
            server.psql("ALTER SYSTEM SET shared_buffers = '200MB';")  # an operator's choice
        finally:
            server.cleanup()
        uri, server = start_embedded(folder / "pg")
        try:
            assert asyncio.run(_setting(uri, "shared_buffers")) == "200MB"
        finally:
            server.cleanup()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

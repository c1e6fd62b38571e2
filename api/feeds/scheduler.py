"""The background loop that runs due feed connectors, started in the app's lifespan.

Every ``tick`` seconds it asks for active connectors whose interval has passed since their last
run and runs them one after another on one pooled connection. A connector already running in
another process is skipped (its advisory lock), so several service processes may run the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from api.feeds import service
from models.records import SYSTEM

log = logging.getLogger("binakerja.feeds")


async def tick_once(
    db: Any, *, cipher: Any, encoder: Any = None, client: Any = None, allow_private: bool = False, matcher: Any = None
) -> int:
    """Run every due connector once; returns how many runs were recorded."""
    async with db.acquire() as conn:
        runs = await service.run_due(
            conn,
            SYSTEM,
            datetime.now(UTC),
            cipher=cipher,
            encoder=encoder,
            client=client,
            allow_private=allow_private,
            matcher=matcher,
        )
    for run in runs:
        log.info("feed run %d of connector %d: %s", run.id, run.connector_id, run.status)
    return len(runs)


async def loop(
    db: Any, *, cipher: Any, encoder: Any = None, tick: float = 60.0, allow_private: bool = False, matcher: Any = None
) -> None:
    """Forever: run due connectors, sleep ``tick`` seconds. A failing pass is logged, not fatal."""
    while True:
        try:
            await tick_once(db, cipher=cipher, encoder=encoder, allow_private=allow_private, matcher=matcher)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("feed scheduler pass failed; next pass in %.0f s", tick)
        await asyncio.sleep(tick)


@asynccontextmanager
async def running(
    db: Any, *, cipher: Any, encoder: Any = None, tick: float = 60.0, allow_private: bool = False, matcher: Any = None
) -> AsyncIterator[asyncio.Task[None]]:
    """The loop as a background task for the duration of the block (the app's lifespan)."""
    task = asyncio.create_task(
        loop(db, cipher=cipher, encoder=encoder, tick=tick, allow_private=allow_private, matcher=matcher),
        name="feed-scheduler",
    )
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task

"""Request-scoped dependencies: a database connection, the encoder, templates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request


async def connection(request: Request) -> AsyncIterator[Any]:
    """One pooled connection per request; writers open ``async with conn.transaction()``."""
    async with request.app.state.db.acquire() as conn:
        yield conn


def encoder(request: Request) -> Any:
    return request.app.state.encoder


def templates(request: Request) -> Any:
    return request.app.state.templates

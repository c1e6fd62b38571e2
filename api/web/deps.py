"""Request-scoped dependencies. Every collaborator is built once in ``api.app.create_app``;
these only hand out what the composition root put on ``app.state``."""

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


def matcher(request: Request) -> Any:
    """The process's one Matcher (it keeps the encoder and a term-count cache)."""
    return request.app.state.matcher


def templates(request: Request) -> Any:
    return request.app.state.templates


def cipher(request: Request) -> Any:
    """The data cipher for the encrypted national id and offence columns."""
    return request.app.state.cipher


def clock(request: Request) -> Any:
    """Where "today" comes from (tests set a fixed one)."""
    return request.app.state.clock


def keystore(request: Request) -> Any:
    """The LSPs' private signing keys (``BINAKERJA_KEY_DIR``)."""
    return request.app.state.keystore

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


def cipher(request: Request) -> Any:
    """The data cipher for encrypted columns (``BINAKERJA_DATA_KEY`` or the key folder), built on
    first use so requests that never touch encrypted data never read a key; tests set
    ``app.state.cipher``."""
    found = getattr(request.app.state, "cipher", None)
    if found is None:
        from api.privacy.crypto import load_cipher

        settings = request.app.state.settings
        found = request.app.state.cipher = load_cipher(settings.data_key, settings.key_dir)
    return found

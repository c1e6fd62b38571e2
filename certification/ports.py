"""Interfaces the certification services need, defined by their user (this package)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol


class Clock(Protocol):
    """Where "today" comes from: services never read the system clock themselves."""

    def today(self) -> date: ...

    def now(self) -> datetime: ...


class KeyStore(Protocol):
    """Holds the LSPs' private signing keys; only public halves ever leave it."""

    def create(self, lsp_code: str) -> tuple[str, bytes]:
        """Generate and store a new private key; returns (key id, raw 32-byte public key)."""
        ...

    def has(self, key_id: str) -> bool: ...

    def sign(self, key_id: str, message: bytes) -> bytes:
        """Ed25519 signature (64 bytes) of ``message`` with the stored key ``key_id``."""
        ...

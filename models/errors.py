"""Storage-level errors. They know nothing about HTTP; api/errors.py maps them."""

from __future__ import annotations


class StorageError(Exception):
    """Base class for errors raised by models/."""


class NotFound(StorageError):
    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} {key!r} not found")
        self.what = what
        self.key = key


class Conflict(StorageError):
    """A uniqueness or version conflict (optimistic locking)."""


class PgvectorMissing(StorageError):
    """The PostgreSQL server has no pgvector extension."""


class ImportRowError(StorageError):
    """A row of an import file is invalid; names the line and the field."""

    def __init__(self, line: int, field: str | None, message: str) -> None:
        where = f"baris {line}" + (f", kolom '{field}'" if field else "")  # shown to people: Indonesian
        super().__init__(f"{where}: {message}")
        self.line = line
        self.field = field
        self.message = message


class Denied(Exception):
    """A privacy or policy rule forbids the action; ``reason`` says which (for the audit log and
    the user). Raised by the pure rules of the capabilities; mapped to 403 by the web edge."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

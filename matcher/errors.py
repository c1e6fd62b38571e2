"""Errors raised by the matcher; they know nothing about HTTP or the CLI."""

from __future__ import annotations


class MatcherError(Exception):
    """Base class of matcher errors."""


class DocumentError(MatcherError, ValueError):
    """A profile or vacancy record is malformed.

    ``line`` is the 1-based line of the JSONL file (``None`` when the record did not
    come from a file) and ``field`` the offending field, so the message can point the
    user at the exact place to fix.
    """

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None) -> None:
        self.line = line
        self.field = field
        self.reason = message
        where = []
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class NotIndexed(MatcherError):
    """A record has no stored embedding yet (run `binakerja reindex`)."""

"""Errors of the partners capability (HTTP status chosen by ``api/web/errors.py``)."""

from __future__ import annotations

from api.web.errors import InvalidInput
from models.errors import Conflict


class FormInvalid(InvalidInput):
    """One or more fields are wrong: ``errors`` maps each field to its message (Bahasa Indonesia).

    A form shows every message next to its field; the API answers 422 naming the first field."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.errors = dict(errors)


def refuse(problems: dict[str, str]) -> None:
    """Raise ``FormInvalid`` when there is any problem."""
    if problems:
        raise FormInvalid(problems)


class Duplicate(Conflict):
    """The key (a code, a registration number, an NIB, an email) is taken; ``field`` names it, so a
    form can show the message next to that field (the API answers 409)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

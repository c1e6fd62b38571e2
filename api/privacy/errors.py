"""Errors of the privacy capability (HTTP status chosen by ``api/web/errors.py``)."""

from __future__ import annotations

from api.web.errors import InvalidInput


class FormInvalid(InvalidInput):
    """One or more fields are wrong: ``errors`` maps each field to its message (Bahasa Indonesia).

    A form shows every message next to its field; the API answers 422 naming the first field."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.errors = dict(errors)

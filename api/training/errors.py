"""Errors of the training capability; HTTP status chosen by ``api/web/errors.py`` (422, 409)."""

from __future__ import annotations

from typing import Any

from api.training.messages import message
from api.web.errors import InvalidInput
from models.errors import Conflict


class TrainingInvalid(InvalidInput):
    """One or more fields are wrong: ``codes`` maps each field to a message code
    (api/training/messages.py). The API answers 422 naming the first field in Indonesian; a form
    shows every message next to its field, in the page's language."""

    def __init__(self, codes: dict[str, str], **params: Any) -> None:
        field, code = next(iter(codes.items()))
        super().__init__(field, message(code, **params))
        self.codes = dict(codes)
        self.params = params

    def messages(self, lang: str) -> dict[str, str]:
        return {f: message(c, lang, **self.params) for f, c in self.codes.items()}


class TrainingConflict(Conflict):
    """A rule of the domain refuses the write (a full class, a duplicate, a closed class): 409,
    with the Indonesian message and the field it belongs next to."""

    def __init__(self, field: str, code: str, **params: Any) -> None:
        super().__init__(message(code, **params))
        self.field = field
        self.code = code
        self.params = params

    def messages(self, lang: str) -> dict[str, str]:
        return {self.field: message(self.code, lang, **self.params)}


def refuse(codes: dict[str, str]) -> None:
    if codes:
        raise TrainingInvalid(codes)

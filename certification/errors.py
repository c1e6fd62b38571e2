"""Domain errors of certification. They know nothing about HTTP; api/errors.py maps them.

Each carries ``field`` (the input field or CSV column at fault) where one applies.
"""

from __future__ import annotations


class CertificationError(Exception):
    """Base class: a request that the certification rules refuse."""

    field: str | None = None

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class InvalidInput(CertificationError):
    """A value is malformed or missing (422)."""


class AssessorNotInLsp(CertificationError):
    field = "assessor_id"


class AssessorInactive(CertificationError):
    field = "assessor_id"


class TukNotInLsp(CertificationError):
    field = "tuk_id"


class UnitNotInScheme(CertificationError):
    field = "results"


class DuplicateUnit(CertificationError):
    field = "results"


class UnitAlreadyCompetent(CertificationError):
    """A reassessment may only cover units whose latest result is BK (or not yet assessed)."""

    field = "results"


class FutureDate(CertificationError):
    field = "assessed_on"


class IncompleteAssessment(CertificationError):
    """Some units of the scheme are missing or BK: no certificate."""

    field = "results"

    def __init__(self, message: str, missing: tuple[str, ...], not_competent: tuple[str, ...]) -> None:
        super().__init__(message)
        self.missing = missing
        self.not_competent = not_competent


class ActiveCertificateExists(CertificationError):
    """The person already holds a live (active or suspended) certificate for the scheme (409)."""


class LicenceLapsed(CertificationError):
    """The LSP's BNSP licence is no longer valid (409)."""

    field = "lsp"


class OutOfScope(CertificationError):
    """The acting user's LSP does not run this scheme (403)."""


class CertificateNotFound(CertificationError):
    """Unknown certificate number: callers show a plain 'not found' and nothing else (404)."""

    def __init__(self, number: str) -> None:
        super().__init__("not found", "number")
        self.number = number


class InvalidTransition(CertificationError):
    """The certificate's state does not allow this change (409)."""

    field = "status"


class KeyUnavailable(CertificationError):
    """The private key for the LSP's active key id is missing from the key folder (503)."""

    field = "key_id"


class InvalidNumberFormat(CertificationError):
    """The LSP's number format string is unusable."""

    field = "number_format"

"""Interfaces the certification services need, defined by their user (this package).

The stores are what the use cases read and write through, one connection's worth at a time:
``api/certificates/stores.py`` adapts the PostgreSQL repositories to them, the unit tests use
small in-memory fakes. Each store lists only the methods the services call.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from typing import Protocol

from models.records import (
    Actor,
    Assessment,
    Assessor,
    Certificate,
    CertificateClaim,
    CertificateDetail,
    CertificateShare,
    CertificateStatusEntry,
    Inmate,
    Lsp,
    LspKey,
    RegistryEntry,
    RegistryKey,
    Scheme,
    SigningKey,
    StatusListMember,
    Tuk,
    UnitResult,
)


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


class CertificateStore(Protocol):
    """Certificates, their units, number counters and signatures."""

    async def lock_pair(self, inmate_id: int, scheme_id: int) -> None:
        """Serialise issuing for one person and scheme until the transaction ends."""
        ...

    async def find_by_number(self, number: str, *, for_update: bool = False) -> Certificate | None: ...

    async def live_for(self, inmate_id: int, scheme_id: int) -> Certificate | None:
        """The person's active or suspended certificate for the scheme, if any (at most one)."""
        ...

    async def last_consumed_assessment(self, inmate_id: int, scheme_id: int) -> int | None:
        """The newest assessment id any of the person's certificates for the scheme came from."""
        ...

    async def next_sequence(self, lsp_id: int, scheme_scope: int, year: int) -> int:
        """Draw the next number of the (LSP, scheme scope, year) counter."""
        ...

    async def number_taken(self, number: str) -> bool: ...

    async def add(
        self,
        *,
        number: str,
        inmate_id: int,
        scheme_id: int,
        lsp_id: int,
        unit_codes: Sequence[str],
        issued_on: date,
        valid_until: date,
        assessment_id: int | None,
        renewed_from_id: int | None,
    ) -> int:
        """Insert an issued certificate with its units; returns its id.

        Raises ``models.errors.Conflict`` for a second live certificate of the same person and
        scheme or a taken number.
        """
        ...

    async def set_status(
        self,
        cert_id: int,
        *,
        status: str,
        reason: str | None,
        by: int | None,
        suspended_until: date | None = None,
        renewal_kind: str | None = None,
    ) -> Certificate: ...

    async def set_renewal_kind(self, cert_id: int, kind: str) -> None: ...

    async def set_signature(self, cert_id: int, key_id: str, signature: str) -> None: ...

    async def unsigned_ids(self) -> Sequence[int]: ...

    async def revoked_numbers(self) -> Sequence[str]: ...

    async def detail(self, cert_id: int) -> CertificateDetail:
        """The certificate with LSP, scheme, holder and units; ``models.errors.NotFound`` if absent."""
        ...


class AssessmentStore(Protocol):
    async def add(
        self,
        *,
        inmate_id: int,
        scheme_id: int,
        assessor_id: int,
        tuk_id: int | None,
        assessed_on: date,
        results: Sequence[UnitResult],
        created_by: int | None,
    ) -> Assessment: ...

    async def list_for(self, inmate_id: int, scheme_id: int) -> Sequence[Assessment]:
        """A person's assessments of one scheme, oldest first."""
        ...


class CatalogueStore(Protocol):
    """Read-only look-ups; each raises ``models.errors.NotFound`` for an unknown id."""

    async def get_lsp(self, lsp_id: int) -> Lsp: ...

    async def get_scheme(self, scheme_id: int) -> Scheme: ...

    async def list_schemes(self, lsp_id: int) -> Sequence[Scheme]:
        """The LSP's schemes with their units, by code."""
        ...

    async def get_assessor(self, assessor_id: int) -> Assessor: ...

    async def get_tuk(self, tuk_id: int) -> Tuk: ...


class InmateStore(Protocol):
    async def get(self, inmate_id: int) -> Inmate:
        """The person; ``models.errors.NotFound`` if unknown."""
        ...


class EnrolmentStore(Protocol):
    """Who is registered with which LSP for certification (their *asesi*)."""

    async def is_enrolled(self, lsp_id: int, inmate_id: int) -> bool:
        """A live enrolment links the person to the LSP (a P1's own facility is a rule, not a row)."""
        ...


class SigningKeyStore(Protocol):
    """Public halves of the LSPs' signing keys (private halves stay in the ``KeyStore``)."""

    async def lock_lsp(self, lsp_id: int) -> None:
        """Serialise key creation and rotation for one LSP until the transaction ends."""
        ...

    async def active_for_lsp(self, lsp_id: int) -> SigningKey | None: ...

    async def add(self, key_id: str, lsp_id: int, public_key: bytes) -> SigningKey: ...

    async def retire(self, key_id: str) -> SigningKey: ...

    async def get(self, key_id: str) -> SigningKey:
        """The key; ``models.errors.NotFound`` if unknown."""
        ...

    async def list_published(self) -> Sequence[LspKey]:
        """Every key, active and retired, with its LSP."""
        ...


class CertificateStatusStore(Protocol):
    """Certificates' positions in their LSP's Bitstring Status Lists (certification.status_lists)."""

    async def get(self, certificate_id: int) -> CertificateStatusEntry | None: ...

    async def current_list(self, lsp_id: int) -> int:
        """The LSP's newest list number (0 before its first entry)."""
        ...

    async def add(
        self, *, certificate_id: int, lsp_id: int, list_no: int, status_index: int, holder_salt: str
    ) -> CertificateStatusEntry | None:
        """Insert the entry; None (nothing written) when the certificate already has one or the
        position is taken."""
        ...

    async def members(self, lsp_id: int, list_no: int) -> Sequence[StatusListMember]:
        """Every certificate in one list, with the fields that decide its bits."""
        ...


class AuditStore(Protocol):
    """Append-only log of who did or saw what."""

    async def add(
        self,
        actor: Actor,
        action: str,
        object_type: str,
        object_id: object = None,
        *,
        subject_inmate_id: int | None = None,
        reason: str | None = None,
        detail: dict[str, object] | None = None,
    ) -> None: ...


class VerificationCountStore(Protocol):
    """Anonymous verifications, counted per certificate per day instead of one audit row each."""

    async def count(self, certificate_id: int, day: date) -> None:
        """One more public verification of the certificate on ``day`` (an upsert)."""
        ...


class EventSink(Protocol):
    """Where lifecycle changes are told to people (the notification outbox), written on the same
    connection and so in the same transaction as the change itself."""

    async def record(self, change: str, facts: dict[str, object]) -> None:
        """``change``: issued | suspended | revoked | unsuspended; ``facts``: certificate_id, number,
        scheme, inmate_id."""
        ...


class CertificationStores(Protocol):
    """Every store of one connection, and that connection's transactions.

    ``transaction()`` nests: inside an open transaction it is a savepoint, so a failed inner
    block rolls back alone and the caller may carry on.
    """

    @property
    def certificates(self) -> CertificateStore: ...

    @property
    def assessments(self) -> AssessmentStore: ...

    @property
    def catalogue(self) -> CatalogueStore: ...

    @property
    def inmates(self) -> InmateStore: ...

    @property
    def enrolments(self) -> EnrolmentStore: ...

    @property
    def signing_keys(self) -> SigningKeyStore: ...

    @property
    def audit(self) -> AuditStore: ...

    @property
    def verification_counts(self) -> VerificationCountStore: ...

    @property
    def certificate_status(self) -> CertificateStatusStore: ...

    @property
    def events(self) -> EventSink: ...

    def transaction(self) -> AbstractAsyncContextManager[object]: ...


class ClaimStore(Protocol):
    """Holder access: claim codes with PIN hashes and attempt counts, share links, view counts."""

    async def for_certificate(self, certificate_id: int) -> CertificateClaim | None: ...

    async def get(self, claim_id: int) -> CertificateClaim | None: ...

    async def lock_by_code(self, code: str) -> CertificateClaim | None:
        """The claim, its row locked until the transaction ends: attempts are checked one at a time."""
        ...

    async def add(self, *, certificate_id: int, code: str, pin_hash: str, by: int | None) -> CertificateClaim | None:
        """Insert; None when the certificate already has a claim or the code is taken."""
        ...

    async def set_pin(self, claim_id: int, pin_hash: str, *, by: int | None, at: datetime) -> CertificateClaim: ...

    async def record_attempt(self, claim_id: int, *, failed_attempts: int, locked_until: datetime | None) -> None: ...

    async def add_share(
        self, claim_id: int, token_hash: str, expires_at: datetime, kind: str = "full"
    ) -> CertificateShare: ...

    async def shares(self, claim_id: int) -> Sequence[CertificateShare]:
        """Newest first."""
        ...

    async def share_by_token(self, token_hash: str) -> tuple[CertificateShare, int] | None:
        """The share and its certificate id."""
        ...

    async def revoke_share(self, claim_id: int, share_id: int, at: datetime) -> bool: ...

    async def add_wallet_link(self, claim_id: int, token_hash: str, kind: str, expires_at: datetime) -> None: ...

    async def wallet_link(self, token_hash: str) -> tuple[int, str, datetime] | None:
        """(claim id, kind, expiry) of a wallet link."""
        ...

    async def views_by_day(self, certificate_id: int, since: date) -> Sequence[tuple[date, int, int]]:
        """(day, public verifications, share-link views), oldest first."""
        ...


class RegistryStore(Protocol):
    """The deployment as registry (certification.registry): its keys and facility-free entries."""

    async def lock_keys(self) -> None: ...

    async def active_key(self) -> RegistryKey | None: ...

    async def add_key(self, key_id: str, public_key: bytes) -> RegistryKey: ...

    async def keys(self) -> Sequence[RegistryKey]:
        """Every key, active and retired, oldest first."""
        ...

    async def get(self, certificate_id: int) -> RegistryEntry | None: ...

    async def by_public_id(self, public_id: str) -> RegistryEntry | None: ...

    async def current_list(self) -> int: ...

    async def add(
        self, *, certificate_id: int, public_id: str, list_no: int, status_index: int, holder_salt: str
    ) -> RegistryEntry | None:
        """None (nothing written) when the certificate has an entry or the position is taken."""
        ...

    async def members(self, list_no: int) -> Sequence[StatusListMember]: ...


class HolderNameStore(Protocol):
    """The holder's full name kept (encrypted by the adapter) per certificate until its validity
    ends, so an erasure of the profile does not take the full-name document or renewal away."""

    async def keep(self, certificate_id: int, name: str, keep_until: date) -> None: ...

    async def get(self, certificate_id: int, today: date) -> str | None:
        """The name while kept; None when never kept, past ``keep_until`` or unreadable."""
        ...

    async def purge(self, today: date) -> int: ...


class HolderStores(CertificationStores, Protocol):
    """The certification stores plus holder access (certification.holder_service) and the
    registry's facility-free credentials (certification.registry_service)."""

    @property
    def claims(self) -> ClaimStore: ...

    @property
    def registry(self) -> RegistryStore: ...

    @property
    def holder_names(self) -> HolderNameStore: ...

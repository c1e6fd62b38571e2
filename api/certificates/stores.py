"""The certification stores over one PostgreSQL connection: the repositories behind the
``certification.ports.CertificationStores`` port. api/app.py puts the factory on ``app.state``."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import Any

from fastapi import Depends, Request

from api.notifications import service as notifications
from api.web import deps
from certification.ports import CertificationStores, HolderStores
from models.repositories.assessments import AssessmentRepo
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificate_status import CertificateStatusRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.claims import ClaimRepo
from models.repositories.enrolments import EnrolmentRepo
from models.repositories.holder_names import HolderNameRepo
from models.repositories.inmates import InmateRepo
from models.repositories.keys import SigningKeyRepo
from models.repositories.registry import RegistryRepo
from models.repositories.verification_counts import VerificationCountRepo


class SealedHolderNames:
    """``HolderNameStore`` over the repository: the name AES-256-GCM-encrypted with the data cipher
    (field ``certificate_holder_name``), the certificate id sealed in with it so a ciphertext
    moved to another certificate does not open. Without a cipher nothing is kept."""

    FIELD = "certificate_holder_name"

    def __init__(self, conn: Any, cipher: Any) -> None:
        self.repo = HolderNameRepo(conn)
        self.cipher = cipher

    async def keep(self, certificate_id: int, name: str, keep_until: date) -> None:
        if self.cipher is not None:
            blob = self.cipher.encrypt(f"{certificate_id}\n{name}", self.FIELD)
            await self.repo.keep(certificate_id, blob, keep_until)

    async def get(self, certificate_id: int, today: date) -> str | None:
        blob = None if self.cipher is None else await self.repo.get(certificate_id, today)
        if blob is None:
            return None
        try:
            bound, _, name = self.cipher.decrypt(blob, self.FIELD).partition("\n")
        except Exception:  # noqa: BLE001 - a key no longer configured or a tampered value: no name
            return None
        return name if bound == str(certificate_id) and name else None

    async def purge(self, today: date) -> int:
        return await self.repo.purge(today)


class PgCertificationStores:
    """The repositories of one asyncpg connection. ``transaction()`` is the connection's own: a
    savepoint inside an open transaction, as the use cases expect. ``cipher`` (the data cipher)
    seals the holder names kept for after an erasure."""

    def __init__(self, conn: Any, cipher: Any = None) -> None:
        self.conn = conn
        self.holder_names = SealedHolderNames(conn, cipher)
        self.certificates = CertificateRepo(conn)
        self.assessments = AssessmentRepo(conn)
        self.catalogue = CatalogueRepo(conn)
        self.inmates = InmateRepo(conn)
        self.enrolments = EnrolmentRepo(conn)
        self.signing_keys = SigningKeyRepo(conn)
        self.audit = AuditRepo(conn)
        self.certificate_status = CertificateStatusRepo(conn)
        self.verification_counts = VerificationCountRepo(conn)
        self.events = notifications.EventSink(conn)  # certificate events into the notification outbox
        self.claims = ClaimRepo(conn)
        self.registry = RegistryRepo(conn)

    def transaction(self) -> AbstractAsyncContextManager[object]:
        tx: AbstractAsyncContextManager[object] = self.conn.transaction()
        return tx


def certification_stores(request: Request, conn: Any = Depends(deps.connection)) -> CertificationStores:
    """The request's stores over its pooled connection (the same one ``deps.connection`` gives
    the route itself), made by the factory api/app.py wired in."""
    stores: CertificationStores = request.app.state.certification_stores(conn)
    return stores


def holder_stores(request: Request, conn: Any = Depends(deps.connection)) -> HolderStores:
    """The same stores, typed with the holder-access port (``claims``)."""
    stores: HolderStores = request.app.state.certification_stores(conn)
    return stores

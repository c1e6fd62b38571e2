"""The certification stores over one PostgreSQL connection: the repositories behind the
``certification.ports.CertificationStores`` port. api/app.py puts the factory on ``app.state``."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import Depends, Request

from api.web import deps
from certification.ports import CertificationStores, HolderStores
from models.repositories.assessments import AssessmentRepo
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificate_status import CertificateStatusRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.claims import ClaimRepo
from models.repositories.enrolments import EnrolmentRepo
from models.repositories.inmates import InmateRepo
from models.repositories.keys import SigningKeyRepo
from models.repositories.verification_counts import VerificationCountRepo


class PgCertificationStores:
    """The repositories of one asyncpg connection. ``transaction()`` is the connection's own: a
    savepoint inside an open transaction, as the use cases expect."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.certificates = CertificateRepo(conn)
        self.assessments = AssessmentRepo(conn)
        self.catalogue = CatalogueRepo(conn)
        self.inmates = InmateRepo(conn)
        self.enrolments = EnrolmentRepo(conn)
        self.signing_keys = SigningKeyRepo(conn)
        self.audit = AuditRepo(conn)
        self.certificate_status = CertificateStatusRepo(conn)
        self.verification_counts = VerificationCountRepo(conn)
        self.claims = ClaimRepo(conn)

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

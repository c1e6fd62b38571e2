"""The matcher's stores over one PostgreSQL connection: the repositories behind the
``matcher.ports.MatcherStores`` (ranking) and ``matcher.ports.IndexStores`` (indexing) ports.

Shared by every capability that ranks or indexes (hiring, caseload, stats, imports, the CLI);
api/app.py builds the process's ``Matcher(encoder, PgMatcherStores)``; indexing takes
``PgMatcherStores(conn)``.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificates import CertificateRepo
from models.repositories.embeddings import EmbeddingRepo
from models.repositories.inmates import InmateRepo
from models.repositories.vacancies import VacancyRepo


class PgMatcherStores:
    """The repositories of one asyncpg connection; one object serves both ports.

    ``transaction()`` is the connection's own: a savepoint inside an open transaction.
    """

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.inmates = InmateRepo(conn)
        self.vacancies = VacancyRepo(conn)
        self.certificates = CertificateRepo(conn)
        self.catalogue = CatalogueRepo(conn)
        self.vectors = EmbeddingRepo(conn)
        self.index = self.vectors

    def transaction(self) -> AbstractAsyncContextManager[object]:
        tx: AbstractAsyncContextManager[object] = self.conn.transaction()
        return tx

    async def schema_changed(self) -> None:
        # asyncpg caches prepared statements with their column types; a resized vector column
        # makes them fail until the cache is dropped
        await self.conn.reload_schema_state()

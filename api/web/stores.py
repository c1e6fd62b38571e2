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


async def regency_points(conn: Any) -> dict[str, tuple[float, float]]:
    """The matcher's ``PointSource``: regency seats (latitude, longitude) by code, from the regency
    table (migration 0830), so place is measured in kilometres."""
    from models.repositories.places import PlacesRepo

    return await PlacesRepo(conn).regency_points()


async def embed_inmate_now(conn: Any, encoder: Any, inmate_id: int, today: Any, matcher: Any = None) -> None:
    """Re-embed one person's candidate document now, because its text just changed (a new
    profile, a completed training, an issued certificate), so the next search ranks on it; item
    texts without a stored vector are embedded in the same call. The whole-index re-index
    (``matcher.indexing``) stays the way to catch up everything else. With the process's ``matcher``, the
    profile's statistics against the pinned reference are stored too (``Matcher.store_document_stats``), so
    no search computes them on the query."""
    from matcher.documents import candidate_items, candidate_text
    from matcher.embedding import text_hash
    from matcher.profiles import candidate_doc

    inmate = await InmateRepo(conn).get(inmate_id)
    certs = (await CertificateRepo(conn).views_for_inmates([inmate_id])).get(inmate_id, [])
    doc = candidate_doc(inmate, certs, today)
    text = candidate_text(doc, today)
    vectors = EmbeddingRepo(conn)
    items = {text_hash(it.text): it.text for it in candidate_items(doc, today)}
    missing = await vectors.missing_texts(encoder.model_name, list(items)) if items else []
    encoded = encoder.encode_uncached([text] + [items[h] for h in missing])
    async with conn.transaction():
        await vectors.upsert_inmates([(inmate_id, encoder.model_name, text_hash(text), encoded[0])])
        await vectors.add_texts(encoder.model_name, [(h, v) for h, v in zip(missing, encoded[1:], strict=True)])
    if matcher is not None:
        await matcher.store_document_stats(conn, today, inmate_ids=[inmate_id])

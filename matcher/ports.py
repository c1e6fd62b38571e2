"""Interfaces the matcher needs from the outside world, defined by their user.

Embedders turn texts into vectors. The stores are what ranking (``matcher.service``) and
indexing (``matcher.indexing``) read and write, one database connection's worth at a time:
``api/web/stores.py`` adapts the PostgreSQL repositories to them, unit tests use small
in-memory fakes. Each store lists only the methods the matcher calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import Any, Protocol

import numpy as np

from models.records import (
    CandidateFilter,
    CandidateHit,
    CertificateView,
    CompetencyUnit,
    Inmate,
    Scheme,
    Vacancy,
    VacancyFilter,
    VacancyHit,
)

# n-gram counts of one text: ((word column indices, counts), (char column indices, counts)),
# as ``matcher.features.TermCounts`` computes them and the index stores them.
TermRow = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
# A document text's stored n-gram counts and its language ('id', 'en', '' unknown; None: not detected yet).
StoredTerms = tuple[TermRow, str | None]

# A stored document vector with what it was made from: (model name, text hash, vector).
StoredVector = tuple[str, str, np.ndarray]
# A vacancy's feedback state stored against a reference: the rows of the reference profiles that stand
# for it, and the (mean, std) pairs of ``matcher.reference.FeedbackState`` flattened.
VacancyStats = tuple[Sequence[int], Sequence[float]]
# A stored reference (``matcher.snapshot``): (fingerprint, model, fitted on, documents as JSON, vectors).
StoredReference = tuple[str, str, date, Mapping[str, Any], bytes]

# A document vector to store: (inmate or vacancy id, model name, text hash, vector).
DocumentVector = tuple[int, str, str, np.ndarray]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text.

    ``matcher.embedding.Encoder`` is the production implementation; unit tests may
    pass a tiny fake. Implementations should cache: the scorer asks for the same
    short texts (skills, unit titles, requirements) many times.
    """

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class NamedEmbedder(Embedder, Protocol):
    """An embedder that says which model it runs: stored vectors of another model (or of
    another text) are never mixed with its own."""

    @property
    def model_name(self) -> str: ...


class IndexEmbedder(NamedEmbedder, Protocol):
    """What indexing needs besides: the vector size (to fit the columns) and raw, uncached
    encoding (index batches are seen once; caching them would only evict useful entries)."""

    @property
    def dim(self) -> int: ...

    def encode_uncached(self, texts: Sequence[str]) -> np.ndarray: ...


class InmateStore(Protocol):
    async def get(self, inmate_id: int) -> Inmate:
        """The person; ``models.errors.NotFound`` if unknown."""
        ...

    async def get_many(self, ids: Sequence[int]) -> Mapping[int, Inmate]:
        """The people found among ``ids`` (unknown ids are left out)."""
        ...

    async def list_after(self, last_id: int, limit: int) -> Sequence[Inmate]:
        """Up to ``limit`` people with ``id > last_id``, in id order (resumable batches)."""
        ...


class VacancyStore(Protocol):
    async def get(self, vacancy_id: int) -> Vacancy:
        """The vacancy; ``models.errors.NotFound`` if unknown."""
        ...

    async def get_many(self, ids: Sequence[int]) -> Mapping[int, Vacancy]: ...

    async def list_after(self, last_id: int, limit: int) -> Sequence[Vacancy]: ...


class CertificateStore(Protocol):
    async def views_for_inmates(self, inmate_ids: Sequence[int]) -> Mapping[int, Sequence[CertificateView]]:
        """Each person's certificates with scheme and unit titles (people without any left out)."""
        ...


class SchemeCatalogue(Protocol):
    async def list_schemes(self) -> Sequence[Scheme]:
        """Every certification scheme with its unit codes (for gap analysis)."""
        ...

    async def get_units(self, codes: Sequence[str]) -> Mapping[str, CompetencyUnit]:
        """The catalogue's units among ``codes`` (unknown codes left out), for their titles."""
        ...


class RankingReads(Protocol):
    """What one ranking reads besides its documents (``VectorStore.ranking_reads``), by text hash."""

    @property
    def terms(self) -> Mapping[str, StoredTerms]: ...

    @property
    def items(self) -> Mapping[str, np.ndarray]: ...

    @property
    def hubs(self) -> Mapping[str, float]: ...

    @property
    def states(self) -> Mapping[str, VacancyStats]: ...


class VectorStore(Protocol):
    """Stored vectors and n-gram counts, and filtered nearest-neighbour retrieval (query side)."""

    async def vacancy_vector(self, vacancy_id: int) -> np.ndarray | None: ...

    async def inmate_vector(self, inmate_id: int) -> np.ndarray | None: ...

    async def vacancy_vectors(self, vacancy_ids: Sequence[int]) -> Mapping[int, StoredVector]: ...

    async def inmate_vectors(self, inmate_ids: Sequence[int]) -> Mapping[int, StoredVector]: ...

    async def text_vectors(self, model: str, hashes: Sequence[str]) -> Mapping[str, np.ndarray]:
        """Item-text vectors of ``model`` by text hash (only those stored)."""
        ...

    async def terms(self, hashes: Sequence[str]) -> Mapping[str, StoredTerms]:
        """n-gram counts and language by text hash (only those stored)."""
        ...

    async def reference_stats(
        self, reference: str, profiles: Sequence[str], vacancies: Sequence[str] = ()
    ) -> tuple[Mapping[str, float], Mapping[str, VacancyStats]]:
        """Statistics stored at index time against the reference with this fingerprint
        (``matcher.reference.Reference.fingerprint_``), by document text hash (only those stored):
        profiles' feedback hubness, vacancies' feedback states."""
        ...

    async def ranking_reads(
        self,
        model: str,
        terms: Sequence[str],
        items: Sequence[str],
        reference: str,
        profiles: Sequence[str],
        vacancies: Sequence[str],
    ) -> RankingReads:
        """``terms`` (n-gram counts), ``text_vectors`` of ``model`` and ``reference_stats`` of those
        hashes together: what a ranking reads after its documents, in one round trip."""
        ...

    async def add_reference_stats(
        self,
        reference: str,
        profiles: Sequence[tuple[str, float]] = (),
        vacancies: Sequence[tuple[str, VacancyStats]] = (),
    ) -> None:
        """Store them (by text hash) measured against ``reference``; rows already stored are kept."""
        ...

    async def drop_reference_stats(self, keep: str) -> int:
        """Delete the statistics of every reference but ``keep``; how many rows went."""
        ...

    async def stored_reference(self) -> StoredReference | None:
        """The reference documents ``binakerja reindex`` fitted on (``matcher.snapshot``), if any."""
        ...

    async def store_reference(
        self, reference: StoredReference, inmate_ids: Sequence[int], vacancy_ids: Sequence[int]
    ) -> None:
        """Keep this reference (made from these people's and vacancies' documents) instead of any other."""
        ...

    async def nearest_inmates(self, query: np.ndarray, k: int, flt: CandidateFilter) -> Sequence[CandidateHit]:
        """The ``k`` profiles nearest ``query`` by cosine that pass ``flt``, nearest first
        (exactly ``k`` when at least ``k`` pass)."""
        ...

    async def nearest_vacancies(self, query: np.ndarray, k: int, flt: VacancyFilter) -> Sequence[VacancyHit]:
        """The ``k`` open vacancies nearest ``query`` that pass ``flt``, nearest first, each with its
        cosine and, when the store reads it with the hit, its stored vector."""
        ...


class VectorIndex(Protocol):
    """Writing stored vectors and n-gram counts (indexing side)."""

    async def dimension(self) -> int:
        """Size of the stored document vectors."""
        ...

    async def reset_dimension(self, dim: int) -> None:
        """Resize the document vector columns, dropping every stored document vector (they
        belong to another model). The caller owns the transaction."""
        ...

    async def vector_counts(self, kind: str) -> tuple[int, int]:
        """(rows, rows with a stored vector) of ``kind`` = "inmates" | "vacancies"."""
        ...

    async def may_build_graphs(self, kind: str) -> bool:
        """Whether this connection may drop and create ``kind``'s vector search indexes (the table's
        owner; the service's app role may not)."""
        ...

    async def drop_graphs(self, kind: str) -> None:
        """Drop the vector search indexes of ``kind`` before a bulk run."""
        ...

    async def build_missing_graphs(self, kind: str) -> int:
        """Build the vector search indexes of ``kind`` that do not exist; how many were built."""
        ...

    async def inmate_hashes(self, inmate_ids: Sequence[int]) -> Mapping[int, tuple[str, str]]:
        """inmate id -> (model name, text hash) of its stored vector."""
        ...

    async def vacancy_hashes(self, vacancy_ids: Sequence[int]) -> Mapping[int, tuple[str, str]]: ...

    async def upsert_inmates(self, rows: Sequence[DocumentVector]) -> None: ...

    async def upsert_vacancies(self, rows: Sequence[DocumentVector]) -> None: ...

    async def missing_texts(self, model: str, hashes: Sequence[str]) -> Sequence[str]:
        """The hashes with no stored item-text vector of ``model``, in the order given."""
        ...

    async def add_texts(self, model: str, rows: Sequence[tuple[str, np.ndarray]]) -> None:
        """Store (text hash, vector) pairs; a text already stored keeps its vector."""
        ...

    async def terms_to_fill(self, hashes: Sequence[str]) -> tuple[Sequence[str], Sequence[str]]:
        """(hashes with no stored counts, hashes whose counts are stored without a language): one question."""
        ...

    async def add_terms(self, rows: Sequence[tuple[str, TermRow, str]]) -> None:
        """Store (text hash, counts, language) triples; counts already stored are kept."""
        ...

    async def add_languages(self, rows: Sequence[tuple[str, str]]) -> None:
        """Fill in (text hash, language) pairs where no language is stored."""
        ...


class MatcherStores(Protocol):
    """What one ranking call reads, over one connection."""

    @property
    def inmates(self) -> InmateStore: ...

    @property
    def vacancies(self) -> VacancyStore: ...

    @property
    def certificates(self) -> CertificateStore: ...

    @property
    def catalogue(self) -> SchemeCatalogue: ...

    @property
    def vectors(self) -> VectorStore: ...


class IndexStores(Protocol):
    """What indexing reads and writes, over one connection, and that connection's transactions."""

    @property
    def inmates(self) -> InmateStore: ...

    @property
    def vacancies(self) -> VacancyStore: ...

    @property
    def certificates(self) -> CertificateStore: ...

    @property
    def index(self) -> VectorIndex: ...

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """One batch's writes commit together (a savepoint inside an open transaction)."""
        ...

    async def schema_changed(self) -> None:
        """Forget what the connection cached about column types (prepared statements), after
        ``VectorIndex.reset_dimension`` committed."""
        ...

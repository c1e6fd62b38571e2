"""Keep stored embeddings fresh: re-embed only rows whose document text (or model) changed.

Work goes in keyset batches, each committed on its own, so an interrupted run
resumes where it stopped: rows already current are skipped by their text hash.
Encoding of one batch overlaps the writes of the previous one (see ``_pipeline``).
Storage is reached through ``matcher.ports.IndexStores`` (one connection's stores).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from matcher.documents import candidate_items, candidate_text, vacancy_items, vacancy_text
from matcher.embedding import text_hash
from matcher.features import TermCounts
from matcher.language import detect
from matcher.ports import DocumentVector, IndexEmbedder, IndexStores, TermRow, VectorIndex
from matcher.profiles import candidate_doc, vacancy_doc

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ReindexStats:
    seen: int
    embedded: int
    items: int = 0  # item texts (skills, work lines, unit titles, requirements) newly embedded


def stale(current: Mapping[int, tuple[str, str]], key: int, model: str, digest: str) -> bool:
    """True when the stored vector is missing or was made from another text or model."""
    return current.get(key) != (model, digest)


@dataclass(frozen=True)
class _Batch:
    seen: int
    todo: list[tuple[int, str, str]]  # stale documents: (id, text, text hash)
    new_items: list[tuple[str, str]]  # item texts without a stored vector: (text hash, text)
    terms: list[tuple[str, TermRow, str]] = field(default_factory=list)  # n-gram counts of new document texts


# A run that is to store vectors for more than BULK_SHARE of a table's rows (and at least BULK_MIN of them:
# a first import, the demo's first start, a new model) drops the table's HNSW graphs first and builds them
# once at the end. Inserting each vector into the graphs (the global one and its province's) was 5.9 of the
# 6.4 CPU-seconds PostgreSQL spent embedding 3,000 new profiles, on the cores the model needs; one bulk
# build of the same graphs costs a fraction of that. Searches during such a run scan exactly (slower,
# complete). Every run ends by building any graph that is missing, so an interrupted run heals on the next.
BULK_SHARE = 0.2
BULK_MIN = 2000


# The first batch of a run is this small and each next one twice as large, up to the run's batch: the
# model waits for the first batch to be read and turned into texts and n-gram counts, and for nothing
# after (each next batch is read while the one before is encoded). Measured on 3,000 new profiles
# (6,741 texts): the model waited 0.28 s for a first batch of 512 before it started.
FIRST_BATCH = 32


def batch_sizes(batch: int) -> Iterator[int]:
    """FIRST_BATCH, twice that, ... up to ``batch``, then ``batch`` for ever."""
    size = max(1, min(FIRST_BATCH, batch))
    while True:
        yield size
        size = min(batch, size * 2)


def bulk_build(rows: int, embedded: int) -> bool:
    """True when so many rows lack a vector that building the graphs once beats inserting into them."""
    missing = rows - embedded
    return missing >= BULK_MIN and missing > BULK_SHARE * rows


@asynccontextmanager
async def _graphs(stores: IndexStores, kind: str) -> AsyncIterator[None]:
    """Around one run over ``kind``: graphs dropped first when ``bulk_build``, missing ones built after.
    A connection that may not (the service's app role) inserts into the live graphs instead."""
    repo = stores.index
    if not await repo.may_build_graphs(kind):
        yield
        return
    if bulk_build(*await repo.vector_counts(kind)):
        await repo.drop_graphs(kind)
    try:
        yield
    finally:
        await repo.build_missing_graphs(kind)


# Analyzers only (no cache): counts of document texts are computed once here and stored.
_ANALYZERS = TermCounts(cache_size=0)


async def _missing_terms(repo: VectorIndex, texts: list[str]) -> list[tuple[str, TermRow, str]]:
    """n-gram counts and language of the document texts that have none stored yet; texts whose counts
    were stored without a language (before migration 0836) get it now."""
    by_hash = {text_hash(t): t for t in texts}
    if not by_hash:
        return []
    missing, unknown = await repo.terms_to_fill(list(by_hash))
    if unknown:
        await repo.add_languages([(h, detect(by_hash[h])) for h in unknown])
    rows = _ANALYZERS.compute([by_hash[h] for h in missing])
    return [(h, rows[by_hash[h]], detect(by_hash[h])) for h in missing]


async def _missing_items(
    repo: VectorIndex, encoder: IndexEmbedder, texts: list[str], queued: set[str]
) -> list[tuple[str, str]]:
    """Item texts with no stored vector that no earlier, still unwritten batch is encoding."""
    by_hash: dict[str, str] = {}
    for t in texts:
        by_hash.setdefault(text_hash(t), t)
    missing = await repo.missing_texts(encoder.model_name, list(by_hash)) if by_hash else []
    return [(h, by_hash[h]) for h in missing if h not in queued]


async def _pipeline(
    encoder: IndexEmbedder,
    next_batch: Callable[[set[str]], Awaitable[_Batch | None]],
    write: Callable[[_Batch, np.ndarray], Awaitable[None]],
    progress: Progress | None,
) -> ReindexStats:
    """Encode batch i in a worker thread while batch i-1 is written and batch i+1 is read and
    turned into texts, so the model, Python and PostgreSQL (HNSW inserts) work at the same time.
    Statements stay sequential on the one connection.

    Documents and item texts (skills, work lines, unit titles, requirements) go through one encode
    call; storing item vectors here means ranking a query never runs the model.
    """
    seen = embedded = items = 0
    queued: set[str] = set()
    pending: tuple[_Batch, np.ndarray] | None = None
    b = await next_batch(queued)
    while b is not None:
        queued.update(h for h, _ in b.new_items)
        texts = [t for _, t, _ in b.todo] + [t for _, t in b.new_items]
        job = asyncio.ensure_future(asyncio.to_thread(encoder.encode_uncached, texts)) if texts else None
        try:
            if pending is not None:
                await write(*pending)
                queued.difference_update(h for h, _ in pending[0].new_items)
                pending = None
            following = await next_batch(queued)  # read ahead while the model works
        finally:
            vectors = await job if job is not None else None
        if vectors is not None:
            pending = (b, vectors)
        elif b.terms:  # nothing to encode, but n-gram counts to store
            pending = (b, np.zeros((0, 0), dtype=np.float32))
        seen += b.seen
        embedded += len(b.todo)
        items += len(b.new_items)
        if progress:
            progress(b.seen)
        b = following
    if pending is not None:
        await write(*pending)
    return ReindexStats(seen, embedded, items)


def _writer(
    stores: IndexStores, upsert_documents: Callable[[Sequence[DocumentVector]], Awaitable[None]], model: str
) -> Callable[[_Batch, np.ndarray], Awaitable[None]]:
    """Write one encoded batch in one transaction: document vectors (the first ``len(todo)``
    rows), item-text vectors (the rest) and n-gram counts."""
    repo = stores.index

    async def write(b: _Batch, vectors: np.ndarray) -> None:
        n = len(b.todo)
        async with stores.transaction():
            await upsert_documents([(k, model, h, v) for (k, _, h), v in zip(b.todo, vectors[:n])])
            await repo.add_texts(model, [(h, v) for (h, _), v in zip(b.new_items, vectors[n:])])
            await repo.add_terms(b.terms)

    return write


async def ensure_dimension(stores: IndexStores, encoder: IndexEmbedder) -> bool:
    """Fit the vector columns to the model's dimension; True when they had to change
    (another model was configured: every stored vector is then recomputed)."""
    repo = stores.index
    if await repo.dimension() == encoder.dim:
        return False
    async with stores.transaction():
        await repo.reset_dimension(encoder.dim)
    # statements this connection prepared against the old column type are now invalid
    await stores.schema_changed()
    return True


async def reindex_inmates(
    stores: IndexStores, encoder: IndexEmbedder, as_of: date, *, batch: int = 512, progress: Progress | None = None
) -> ReindexStats:
    """Embed every profile whose document text (or the model) changed since its vector was stored."""
    repo = stores.index
    await ensure_dimension(stores, encoder)
    last = 0
    sizes = batch_sizes(batch)

    async def next_batch(queued: set[str]) -> _Batch | None:
        nonlocal last
        inmates = await stores.inmates.list_after(last, next(sizes))
        if not inmates:
            return None
        last = inmates[-1].id
        certs = await stores.certificates.views_for_inmates([i.id for i in inmates])
        docs = {i.id: candidate_doc(i, certs.get(i.id, ()), as_of) for i in inmates}
        texts = {k: candidate_text(d, as_of) for k, d in docs.items()}
        current = await repo.inmate_hashes(list(texts))
        todo = [(k, t, text_hash(t)) for k, t in texts.items()]
        todo = [(k, t, h) for k, t, h in todo if stale(current, k, encoder.model_name, h)]
        item_texts = [it.text for d in docs.values() for it in candidate_items(d, as_of)]
        return _Batch(
            len(inmates),
            todo,
            await _missing_items(repo, encoder, item_texts, queued),
            await _missing_terms(repo, list(texts.values())),
        )

    async with _graphs(stores, "inmates"):
        return await _pipeline(encoder, next_batch, _writer(stores, repo.upsert_inmates, encoder.model_name), progress)


async def reindex_vacancies(
    stores: IndexStores, encoder: IndexEmbedder, *, batch: int = 512, progress: Progress | None = None
) -> ReindexStats:
    """Embed every vacancy whose document text (or the model) changed since its vector was stored."""
    repo = stores.index
    await ensure_dimension(stores, encoder)
    last = 0
    sizes = batch_sizes(batch)

    async def next_batch(queued: set[str]) -> _Batch | None:
        nonlocal last
        vacancies = await stores.vacancies.list_after(last, next(sizes))
        if not vacancies:
            return None
        last = vacancies[-1].id
        docs = {v.id: vacancy_doc(v) for v in vacancies}
        texts = {k: vacancy_text(d) for k, d in docs.items()}
        current = await repo.vacancy_hashes(list(texts))
        todo = [(k, t, text_hash(t)) for k, t in texts.items()]
        todo = [(k, t, h) for k, t, h in todo if stale(current, k, encoder.model_name, h)]
        item_texts = [it.text for d in docs.values() for it in vacancy_items(d)]
        return _Batch(
            len(vacancies),
            todo,
            await _missing_items(repo, encoder, item_texts, queued),
            await _missing_terms(repo, list(texts.values())),
        )

    async with _graphs(stores, "vacancies"):
        return await _pipeline(
            encoder, next_batch, _writer(stores, repo.upsert_vacancies, encoder.model_name), progress
        )

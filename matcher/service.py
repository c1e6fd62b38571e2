"""Ranking services over the database, both directions, plus gap analysis.

Retrieval (pgvector, SQL filters) narrows to a pool of a few hundred; the pool is
re-ranked by exactly the scoring code ``binakerja match-file`` uses
(``matcher.rerank``), and the top results carry explanations. Document vectors
come from the stored embeddings (no re-encoding on the hot path); short item
texts (unit titles, skills, requirements) go through the encoder's cache.

Storage is reached through ``matcher.ports.MatcherStores``: the ``Matcher`` is given a
factory that makes the stores of one connection, and each call takes the connection.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar

import numpy as np

from matcher.documents import (
    CandidateDoc,
    VacancyDoc,
    candidate_items,
    candidate_text,
    vacancy_items,
    vacancy_text,
)
from matcher.embedding import text_hash
from matcher.errors import NotIndexed
from matcher.explain import Explanation
from matcher.features import (
    FEATURE_NAMES,
    EmbeddedDocs,
    TermCounts,
    candidate_parts,
    documents_only,
    embed_candidates,
    embed_vacancies,
    province_of,
)
from matcher.gaps import GapReport, analyse_gaps, gap_targets, scheme_fit, scheme_text
from matcher.heap import settle
from matcher.ports import (
    Embedder,
    MatcherStores,
    NamedEmbedder,
    SchemeCatalogue,
    StoredTerms,
    StoredVector,
    VacancyStats,
    VectorStore,
)
from matcher.profiles import Points, available_from, candidate_doc, vacancy_doc
from matcher.reference import DocumentKey, Reference, state_from_stored, stored_state
from matcher.rerank import candidates_for_vacancy, vacancies_for_candidate
from matcher.snapshot import pack, renew, unpack
from matcher.threads import one_blas_thread
from models.records import CandidateFilter, CertificateView, Inmate, Vacancy, VacancyFilter

# Retrieval pool re-ranked per query (5x the 20 results a page shows): large enough that
# the re-ranker can lift a well-qualified person the whole-document cosine placed lower,
# small enough for the latency budget. On the public sample, re-ranking the cosine top
# 50/100/200/all gives NDCG@10 0.898/0.903/0.901/0.899 and Recall@50 0.71/0.80/0.82/0.82;
# at 300,000 profiles a 200 pool cost ~20 ms more per query than 100 (bench/scale.py).
DEFAULT_POOL = 100
# Reference sample (``matcher.reference``): this many profiles and vacancies of the index,
# in id order (deterministic, so every process computes the same statistics and scores).
# Large enough for stable means and spreads, small enough that item statistics of a query
# stay a few milliseconds (they are cached per text).
REFERENCE_SIZE = 200

Conn = TypeVar("Conn")  # whatever the stores factory makes one connection's stores from
Conn_contra = TypeVar("Conn_contra", contravariant=True)


class PointSource(Protocol[Conn_contra]):
    """Regency code -> (latitude, longitude) of its seat (``matcher.profiles.Points``), read over one connection."""

    def __call__(self, conn: Conn_contra, /) -> Awaitable[Points]: ...


class WeightSource(Protocol[Conn_contra]):
    """The adopted ranking weights, read over one connection: (id, weights), or None for the defaults."""

    def __call__(self, conn: Conn_contra, /) -> Awaitable[tuple[int, Mapping[str, float]] | None]: ...


@dataclass(frozen=True)
class CandidateMatch:
    inmate_id: int
    pseudonym: str
    score: float
    location: str  # same_regency | same_province | elsewhere | unknown
    explanation: Explanation
    certificates: tuple[CertificateView, ...]
    inmate: Inmate = field(repr=False)
    features: tuple[float, ...] = field(default=(), repr=False)  # normalised, FEATURE_NAMES order


@dataclass(frozen=True)
class VacancyMatch:
    vacancy: Vacancy
    score: float
    location: str
    explanation: Explanation
    features: tuple[float, ...] = field(default=(), repr=False)  # normalised, FEATURE_NAMES order


def location_tier(vacancy_regency: str | None, person_regency: str | None) -> str:
    """Same kabupaten/kota > same province > elsewhere (BPS codes ``PP.RR``)."""
    if not vacancy_regency or not person_regency:
        return "unknown"
    if vacancy_regency == person_regency:
        return "same_regency"
    if province_of(vacancy_regency) is not None and province_of(vacancy_regency) == province_of(person_regency):
        return "same_province"
    return "elsewhere"


RowsFor = Callable[[int, int], np.ndarray]
"""(rows, dimension) -> a float32 array of that shape to fill: one of ``ScratchRows.lease``'s buffers."""


class ScratchRows:
    """Float32 buffers reused from one ranking to the next for the rows of its vectors (documents and
    items: ~1,500 x 512 for a pool of 100, 3 MB). A fresh array that size cost 700 page faults and up to
    8-13 ms of kernel time on the benchmark's machine (1 query in 6 at 300,000 profiles, issue 17).

    A ranking takes the buffers it needs in ``lease`` and gives them back when the block ends: the
    block must be the synchronous ranking call, whose results hold no view of the vectors (``Ranked``
    keeps numbers and texts). One pool per thread; at most ``keep`` buffers are kept."""

    def __init__(self, keep: int = 4) -> None:
        self.keep = keep
        self._local = threading.local()

    def _free(self) -> list[np.ndarray]:
        free: list[np.ndarray] | None = getattr(self._local, "free", None)
        if free is None:
            free = self._local.free = []
        return free

    @contextmanager
    def lease(self) -> Iterator[RowsFor]:
        free = self._free()
        taken: list[np.ndarray] = []

        def rows(n: int, dim: int) -> np.ndarray:
            need = n * dim
            fits = [k for k, buffer in enumerate(free) if buffer.size >= need]
            buffer = free.pop(min(fits, key=lambda k: free[k].size)) if fits else np.empty(need, np.float32)
            taken.append(buffer)
            return buffer[:need].reshape(n, dim)

        try:
            yield rows
        finally:
            free.extend(taken)
            free.sort(key=lambda b: -b.size)
            del free[self.keep :]


class StoredVectors:
    """An Embedder that answers known texts from stored vectors and the rest from the encoder;
    with ``rows`` (``ScratchRows.lease``), its answers are written into reused buffers."""

    def __init__(self, encoder: Embedder, known: dict[str, np.ndarray], rows: RowsFor | None = None) -> None:
        self.encoder = encoder
        self.known = known
        self.rows = rows

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if missing:
            self.known.update(zip(missing, self.encoder.encode(missing)))
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        vectors = [self.known[t] for t in texts]
        if self.rows is None:
            return np.array(vectors, dtype=np.float32)
        out = self.rows(len(vectors), len(vectors[0]))
        np.stack(vectors, out=out, casting="same_kind")
        return out


class ItemVectors:
    """Stored item-text vectors read by this process, the most recently used ``limit`` of them
    (2 KB each: 100 MB at the default). A text's vector never changes for one model."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()

    def get(self, text: str) -> np.ndarray | None:
        row = self._rows.get(text)
        if row is not None:
            self._rows.move_to_end(text)
        return row

    def put(self, rows: Mapping[str, np.ndarray]) -> None:
        self._rows.update(rows)
        while len(self._rows) > self.limit:
            self._rows.popitem(last=False)


class Matcher(Generic[Conn]):
    """Long-lived per process: the encoder and the term-count cache are shared by requests.

    ``stores`` makes the stores of one connection (``api.web.stores.PgMatcherStores`` in the
    service); every ranking call takes the caller's connection and reads through them.
    """

    def __init__(
        self,
        encoder: NamedEmbedder,
        stores: Callable[[Conn], MatcherStores],
        *,
        pool: int = DEFAULT_POOL,
        weights: WeightSource[Conn] | None = None,
        points: PointSource[Conn] | None = None,
    ) -> None:
        self.encoder = encoder
        self.stores = stores
        self.counter = TermCounts()
        self.item_vectors = ItemVectors()
        self.scratch = ScratchRows()
        self.pool = pool
        self.weight_source = weights
        # Regency seats (place in km, ``matcher.features.region_match``): read once per day per process.
        self.point_source = points
        self._points: tuple[date, Points] | None = None
        # The weights in use: (id of the adopted ``ranking_weights`` row, weights); (None, None) =
        # the defaults. Read with the reference, once per day per process (``reference``).
        self.weights: Mapping[str, float] | None = None
        self.weights_id: int | None = None
        self._reference: tuple[date, Reference] | None = None
        self._pinned = False  # whether that reference is the kept one, which statistics are stored against
        self._lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None

    def _fresh(self, stored: Mapping[str, StoredVector | None]) -> dict[str, np.ndarray]:
        """Stored vectors that were made from exactly this text by this model (others are re-encoded)."""
        return {
            text: row[2]
            for text, row in stored.items()
            if row is not None and row[0] == self.encoder.model_name and row[1] == text_hash(text)
        }

    async def _stored_items(
        self, vectors: VectorStore, texts: Sequence[str], known: Mapping[str, np.ndarray]
    ) -> dict[str, np.ndarray]:
        """Item vectors stored at index time (``matcher.indexing``), so the query path does not run
        the model on skills, work lines, unit titles or requirements; absent ones are encoded later."""
        out, wanted = self._items_wanted(texts, known)
        if wanted:
            out.update(self._items_found(wanted, await vectors.text_vectors(self.encoder.model_name, list(wanted))))
        return out

    def _items_wanted(
        self, texts: Sequence[str], known: Mapping[str, np.ndarray]
    ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """(item vectors this process keeps, text hash -> text of those to read). Item texts repeat
        across profiles and queries (unit titles, common skills), so the vectors read are kept per
        process (``ItemVectors``): most queries read only a few."""
        out: dict[str, np.ndarray] = {}
        wanted: dict[str, str] = {}
        for t in dict.fromkeys(texts):
            if t in known:
                continue
            hit = self.item_vectors.get(t)
            if hit is not None:
                out[t] = hit
            else:
                wanted[text_hash(t)] = t
        return out, wanted

    def _items_found(self, wanted: Mapping[str, str], found: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The item vectors read (text -> vector), kept for later queries."""
        read = {wanted[h]: v for h, v in found.items()}
        self.item_vectors.put(read)
        return read

    async def _preload_terms(self, vectors: VectorStore, texts: Sequence[str]) -> None:
        """Stored n-gram counts and languages of document texts into the term cache, so the lexical
        features of a pool do not run the analyzers or the language detection (absent ones are
        computed on the fly)."""
        wanted = self._terms_wanted(texts)
        if wanted:
            self._terms_found(wanted, await vectors.terms(list(wanted)))

    def _terms_wanted(self, texts: Sequence[str]) -> dict[str, str]:
        """Text hash -> text of the document texts whose n-gram counts the term cache lacks."""
        return {text_hash(t): t for t in self.counter.missing(texts)}

    def _terms_found(self, wanted: Mapping[str, str], found: Mapping[str, StoredTerms]) -> None:
        self.counter.preload(
            {wanted[h]: row for h, (row, _) in found.items()},
            {wanted[h]: language for h, (_, language) in found.items() if language is not None},
        )

    def _stats_wanted(
        self,
        reference: Reference,
        profiles: Mapping[str, np.ndarray],
        vacancies: Mapping[str, np.ndarray],
    ) -> tuple[dict[str, DocumentKey], dict[str, DocumentKey]]:
        """Text hash -> document key of the profiles whose feedback hubness, and of the vacancies whose
        feedback state, the reference has not measured yet: statistics stored at index time against
        this very reference (its fingerprint), so a pool of first-seen profiles needs only its vacancy's
        few reference columns, a first-seen vacancy none of its features against the reference
        (``store_reference_stats``). Nothing when there is no feedback (a small index: none is stored)."""
        if reference.vac_states_ is None:
            return {}, {}
        hub_keys = reference.missing_feedback_hubness([reference.document_key(t, v) for t, v in profiles.items()])
        state_keys = reference.missing_feedback_states([reference.document_key(t, v) for t, v in vacancies.items()])
        return {text_hash(key[0]): key for key in hub_keys}, {text_hash(key[0]): key for key in state_keys}

    @staticmethod
    def _stats_found(
        reference: Reference,
        by_profile: Mapping[str, DocumentKey],
        by_vacancy: Mapping[str, DocumentKey],
        hubs: Mapping[str, float],
        states: Mapping[str, VacancyStats],
    ) -> None:
        reference.preload_feedback_hubness({by_profile[h]: v for h, v in hubs.items()})
        reference.preload_feedback_states({by_vacancy[h]: state_from_stored(*row) for h, row in states.items()})

    async def _ranking_reads(
        self,
        vectors: VectorStore,
        reference: Reference,
        known: Mapping[str, np.ndarray],
        item_texts: Sequence[str],
        profiles: Mapping[str, np.ndarray],
        vacancies: Mapping[str, np.ndarray],
    ) -> dict[str, np.ndarray]:
        """Everything a ranking reads after its documents, in one round trip (``VectorStore.ranking_reads``):
        the document texts' n-gram counts (``known``: text -> stored vector) into the term cache, the
        statistics the reference lacks into the reference, and the item vectors (returned: text -> vector)."""
        terms = self._terms_wanted(list(known))
        out, items = self._items_wanted(item_texts, known)
        by_profile, by_vacancy = self._stats_wanted(reference, profiles, vacancies)
        if not (terms or items or by_profile or by_vacancy):
            return out
        found = await vectors.ranking_reads(
            self.encoder.model_name,
            list(terms),
            list(items),
            reference.fingerprint_,
            list(by_profile),
            list(by_vacancy),
        )
        self._terms_found(terms, found.terms)
        self._stats_found(reference, by_profile, by_vacancy, found.hubs, found.states)
        out.update(self._items_found(items, found.items))
        return out

    async def store_reference_stats(
        self, conn: Conn, as_of: date, *, batch: int = 2000, progress: Callable[[int], None] | None = None
    ) -> int:
        """Compute and store every indexed document's statistics against the reference of ``as_of``, where
        its current text has none for this reference: each profile's feedback hubness
        (``Reference.feedback_hubness``: its similarity with every reference profile) and each vacancy's
        feedback state (``Reference.feedback_states``: all its features against the reference), the costly
        parts of ranking a first-seen document. Statistics of other references are deleted. Run after
        ``reindex`` (``binakerja reindex`` does); a document without them is still ranked, with the same
        values computed on the query. Returns how many documents got them."""
        stores = self.stores(conn)
        vectors = stores.vectors
        reference = await self.pin_reference(conn, as_of)
        await vectors.drop_reference_stats(reference.fingerprint_)
        if reference.vac_states_ is None:  # no feedback (a small index): nothing to store
            return 0
        written = last = 0
        while vacancies := await stores.vacancies.list_after(last, batch):
            last = vacancies[-1].id
            written += await self._store_vacancy_stats(vectors, reference, [v for v in vacancies if v.status == "open"])
            if progress is not None:
                progress(len(vacancies))
        last = 0
        while inmates := await stores.inmates.list_after(last, batch):
            last = inmates[-1].id
            written += await self._store_profile_stats(vectors, reference, await _profile_texts(stores, inmates, as_of))
            if progress is not None:
                progress(len(inmates))
        return written

    async def store_document_stats(
        self, conn: Conn, as_of: date, *, inmate_ids: Sequence[int] = (), vacancy_ids: Sequence[int] = ()
    ) -> int:
        """``store_reference_stats`` for these documents only, the ones just (re-)embedded: a registered or
        edited profile, a posted vacancy, a feed's changes. Without it, each search whose pool holds one
        computed its statistics on the query (in each worker, again after each restart): at 300,000 profiles
        a benchmark search in four met a profile the 1 % re-index had changed (issue 17). Only against a
        pinned reference (``binakerja reindex`` pins one); returns how many documents got them."""
        reference = await self.reference(conn, as_of)
        if not self._pinned or reference.vac_states_ is None:
            return 0
        stores = self.stores(conn)
        written = 0
        if vacancy_ids:
            found = await stores.vacancies.get_many(list(vacancy_ids))
            written += await self._store_vacancy_stats(
                stores.vectors, reference, [v for v in found.values() if v.status == "open"]
            )
        if inmate_ids:
            people = list((await stores.inmates.get_many(list(inmate_ids))).values())
            texts = await _profile_texts(stores, people, as_of)
            written += await self._store_profile_stats(stores.vectors, reference, texts)
        return written

    async def _store_vacancy_stats(
        self, vectors: VectorStore, reference: Reference, vacancies: Sequence[Vacancy]
    ) -> int:
        """The feedback states of those of ``vacancies`` whose current text and vector have none stored
        for ``reference``; how many were stored."""
        docs = {vacancy_text(d): d for d in (vacancy_doc(v) for v in vacancies)}  # one per text
        stored = await vectors.vacancy_vectors([int(d.id) for d in docs.values()])
        fresh = self._fresh({t: stored.get(int(d.id)) for t, d in docs.items()})  # stale vectors: after a reindex
        _, have = await vectors.reference_stats(reference.fingerprint_, (), [text_hash(t) for t in fresh])
        todo = [docs[t] for t in fresh if text_hash(t) not in have]
        if not todo:
            return 0
        await self._preload_terms(vectors, [vacancy_text(d) for d in todo])
        items = [it.text for d in todo for it in vacancy_items(d)]
        known = {**fresh, **await self._stored_items(vectors, items, fresh)}
        vac = embed_vacancies(todo, StoredVectors(self.encoder, known))
        with one_blas_thread():
            states = reference.feedback_states(vac, self.counter)
        rows = [(text_hash(t), stored_state(st)) for t, st in zip(vac.texts, states, strict=True)]
        await vectors.add_reference_stats(reference.fingerprint_, vacancies=rows)
        return len(rows)

    async def _store_profile_stats(self, vectors: VectorStore, reference: Reference, texts: Mapping[int, str]) -> int:
        """The feedback hubness of the profiles (inmate id -> document text) whose current text and vector
        have none stored for ``reference``; how many were stored."""
        stored = await vectors.inmate_vectors(list(texts))
        fresh = self._fresh({t: stored.get(k) for k, t in texts.items()})  # stale vectors: after a reindex
        hubs, _ = await vectors.reference_stats(reference.fingerprint_, [text_hash(t) for t in fresh])
        todo = [t for t in fresh if text_hash(t) not in hubs]
        if not todo:
            return 0
        await self._preload_terms(vectors, todo)
        cand = documents_only(todo, np.stack([fresh[t] for t in todo]))
        with one_blas_thread():
            hub = reference.feedback_hubness(cand, self.counter)
        rows = [(text_hash(t), float(v)) for t, v in zip(todo, hub, strict=True)]
        await vectors.add_reference_stats(reference.fingerprint_, rows)
        return len(rows)

    async def reference(self, conn: Conn, as_of: date) -> Reference:
        """The reference statistics of the index, fitted once per day (certificate validity moves
        with the date) and shared by every query: scores are measured against it, not the pool."""
        if self._reference is not None and self._reference[0] == as_of:
            return self._reference[1]
        # One fit per day per process: the requests that arrive meanwhile wait for it instead of
        # each fitting their own (under load, 16 concurrent fits per worker were most of its CPU).
        async with self._fit_lock():
            if self._reference is not None and self._reference[0] == as_of:
                return self._reference[1]
            return await self._fit_reference(conn, as_of)

    def _fit_lock(self) -> asyncio.Lock:
        """The lock of the running event loop (a Matcher may outlive one loop, e.g. in tests)."""
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock[0] is not loop:
            self._lock = (loop, asyncio.Lock())
        return self._lock[1]

    async def regency_points(self, conn: Conn, as_of: date) -> Points | None:
        """The regency seats documents carry (None without a source: place by regency and province only)."""
        if self.point_source is None:
            return None
        if self._points is None or self._points[0] != as_of:
            self._points = (as_of, await self.point_source(conn))
        return self._points[1]

    async def pin_reference(self, conn: Conn, as_of: date) -> Reference:
        """The reference the statistics are stored against: the kept one (``matcher.snapshot``), or, when
        there is none, it is of another model or ``MAX_AGE_DAYS`` old, a new one fitted on the live index
        and kept (``binakerja reindex`` calls this through ``store_reference_stats``)."""
        vectors = self.stores(conn).vectors
        kept = await vectors.stored_reference()
        if not renew(kept[2] if kept else None, kept[1] if kept else None, self.encoder.model_name, as_of):
            return await self.reference(conn, as_of)
        async with self._fit_lock():
            await self._read_weights(conn)
            reference, ids = await self._fit_live(conn, as_of)
            if reference.vac_states_ is not None:  # a small index has no feedback: nothing to pin
                documents, data = pack(reference.vac_, reference.cand_)
                await vectors.store_reference(
                    (reference.fingerprint_, self.encoder.model_name, as_of, documents, data), *ids
                )
            self._reference = (as_of, reference)
            self._pinned = reference.vac_states_ is not None
            settle()
        return reference

    async def _read_weights(self, conn: Conn) -> None:
        if self.weight_source is not None:
            adopted = await self.weight_source(conn)
            self.use_weights(*(adopted if adopted is not None else (None, None)))

    async def _fit_reference(self, conn: Conn, as_of: date) -> Reference:
        """The kept reference when there is one of this model (the statistics stored against it stay in use
        while its documents are edited), else one fitted on the live index."""
        await self._read_weights(conn)
        vectors = self.stores(conn).vectors
        kept = await vectors.stored_reference()
        if kept is not None and kept[1] == self.encoder.model_name:
            vac, cand = unpack(kept[3], kept[4])
            await self._preload_terms(vectors, [*vac.texts, *cand.texts])
            with one_blas_thread():
                reference = Reference().fit(vac, cand, self.counter)
        else:
            reference, _ = await self._fit_live(conn, as_of)
        self._reference = (as_of, reference)
        self._pinned = kept is not None and kept[1] == self.encoder.model_name
        settle()  # the reference and the caches it filled live until the next fit: out of full collections
        return reference

    async def _fit_live(self, conn: Conn, as_of: date) -> tuple[Reference, tuple[list[int], list[int]]]:
        """A reference fitted on the first ``REFERENCE_SIZE`` profiles and vacancies of the index, and their ids."""
        stores = self.stores(conn)
        inmates = list(await stores.inmates.list_after(0, REFERENCE_SIZE))
        vacancies = list(await stores.vacancies.list_after(0, REFERENCE_SIZE))
        certs = await stores.certificates.views_for_inmates([i.id for i in inmates])
        points = await self.regency_points(conn, as_of)
        cdocs = [candidate_doc(i, certs.get(i.id, ()), as_of, points) for i in inmates]
        vdocs = [vacancy_doc(v, points) for v in vacancies]
        vectors = stores.vectors
        stored_c = await vectors.inmate_vectors([i.id for i in inmates])
        stored_v = await vectors.vacancy_vectors([v.id for v in vacancies])
        known = self._fresh({candidate_text(d, as_of): stored_c.get(int(d.id)) for d in cdocs})
        known.update(self._fresh({vacancy_text(d): stored_v.get(int(d.id)) for d in vdocs}))
        await self._preload_terms(vectors, list(known) + [candidate_text(d, as_of) for d in cdocs])
        items = [it.text for d in cdocs for it in candidate_items(d, as_of)] + [
            it.text for d in vdocs for it in vacancy_items(d)
        ]
        known.update(await self._stored_items(vectors, items, known))
        embedder = StoredVectors(self.encoder, known)
        cand: EmbeddedDocs = embed_candidates(cdocs, embedder, as_of)
        vac: EmbeddedDocs = embed_vacancies(vdocs, embedder)
        with one_blas_thread():
            reference = Reference().fit(vac, cand, self.counter)
        return reference, ([i.id for i in inmates], [v.id for v in vacancies])

    def use_weights(self, weights_id: int | None, weights: Mapping[str, float] | None) -> None:
        """Rank with these weights from now on (None: the defaults); unknown feature names are refused."""
        if weights is not None:
            unknown = set(weights) - set(FEATURE_NAMES)
            if unknown:
                raise ValueError(f"weights for unknown features: {sorted(unknown)}")
        self.weights, self.weights_id = (dict(weights), weights_id) if weights is not None else (None, None)

    async def candidates_for_vacancy(
        self,
        conn: Conn,
        vacancy_id: int,
        *,
        as_of: date,
        k: int = 20,
        offset: int = 0,
        province_code: str | None = None,
        available_by: date | None = None,
        scheme_id: int | None = None,
    ) -> tuple[Vacancy, list[CandidateMatch]]:
        """Employers' view: consenting people who can start in time, best first, explained."""
        vacancy, matches, _ = await self.candidates_page(
            conn,
            vacancy_id,
            as_of=as_of,
            k=k,
            offset=offset,
            province_code=province_code,
            available_by=available_by,
            scheme_id=scheme_id,
        )
        return vacancy, matches

    async def candidates_page(
        self,
        conn: Conn,
        vacancy_id: int,
        *,
        as_of: date,
        k: int = 20,
        offset: int = 0,
        province_code: str | None = None,
        available_by: date | None = None,
        scheme_id: int | None = None,
        regency_code: str | None = None,
        other_than_regency: str | None = None,
        within_km_of: tuple[str, float] | None = None,
        vacancy: Vacancy | None = None,
    ) -> tuple[Vacancy, list[CandidateMatch], int]:
        """One page (``offset``, ``k``) of the ranked pool, explained, and the pool's size; ``vacancy``:
        the record of ``vacancy_id`` when the caller has read it already (one read less)."""
        stores = self.stores(conn)
        if vacancy is None or vacancy.id != vacancy_id:
            vacancy = await stores.vacancies.get(vacancy_id)
        embeddings = stores.vectors
        vector = await embeddings.vacancy_vector(vacancy_id)
        if vector is None:
            raise NotIndexed(f"vacancy {vacancy_id} has no embedding yet; run `binakerja reindex`")
        by = min(d for d in (vacancy.start_date, available_by) if d) if (vacancy.start_date or available_by) else None
        flt = CandidateFilter(for_employer=True, available_by=by, province_code=province_code,
                              regency_code=regency_code, scheme_id=scheme_id,
                              other_than_regency=other_than_regency, within_km_of=within_km_of)  # fmt: skip
        hits = await embeddings.nearest_inmates(vector, max(self.pool, offset + k), flt)
        if not hits:
            return vacancy, [], 0
        ids = [h.inmate_id for h in hits]
        inmates = await stores.inmates.get_many(ids)
        certs = await stores.certificates.views_for_inmates(ids)
        points = await self.regency_points(conn, as_of)
        docs = [candidate_doc(inmates[i], certs.get(i, ()), as_of, points) for i in ids]
        stored: dict[int, StoredVector] = {h.inmate_id: h.vector for h in hits if h.vector is not None}
        if len(stored) < len(ids):  # a store that does not return them with the hits
            stored.update(await embeddings.inmate_vectors([i for i in ids if i not in stored]))
        vdoc = vacancy_doc(vacancy, points)
        parts = [candidate_parts(d, as_of) for d in docs]  # text and items, cached per content
        known = self._fresh({text: stored.get(int(d.id)) for d, (text, _) in zip(docs, parts, strict=True)})
        known[vacancy_text(vdoc)] = vector
        item_texts = [it.text for _, items in parts for it in items]
        item_texts += [it.text for it in vacancy_items(vdoc)]
        reference = await self.reference(conn, as_of)
        profiles = {text: known[text] for text, _ in parts if text in known}
        known.update(
            await self._ranking_reads(embeddings, reference, known, item_texts, profiles, {vacancy_text(vdoc): vector})
        )
        with self.scratch.lease() as rows:  # the ranking is synchronous and keeps no view of its vectors
            ranked = candidates_for_vacancy(
                vdoc,
                docs,
                StoredVectors(self.encoder, known, rows),
                as_of=as_of,
                top=offset + k,
                weights=self.weights,
                counter=self.counter,
                reference=reference,
            )
        pseudonyms = {h.inmate_id: h.pseudonym for h in hits}
        out = []
        for r in ranked[offset:]:
            iid = int(r.id)
            out.append(
                CandidateMatch(
                    inmate_id=iid,
                    pseudonym=pseudonyms[iid],
                    score=r.score,
                    location=location_tier(vacancy.regency_code, inmates[iid].domicile_regency_code),
                    explanation=r.explanation,
                    certificates=tuple(certs.get(iid, ())),
                    inmate=inmates[iid],
                    features=r.features,
                )
            )
        return vacancy, out, len(hits)

    async def vacancies_for_candidate(
        self,
        conn: Conn,
        inmate_id: int,
        *,
        as_of: date,
        k: int = 20,
        province_code: str | None = None,
        regency_code: str | None = None,
        within_km_of: tuple[str, float] | None = None,
    ) -> list[VacancyMatch]:
        """Bapas officers' view: open vacancies the person could start, best first, explained;
        optionally only those in one province, one regency (kabupaten/kota), or within
        ``within_km_of`` = (regency code, km) of a regency's seat."""
        stores = self.stores(conn)
        inmate = await stores.inmates.get(inmate_id)
        embeddings = stores.vectors
        vector = await embeddings.inmate_vector(inmate_id)
        if vector is None:
            raise NotIndexed(f"inmate {inmate_id} has no embedding yet; run `binakerja reindex`")
        hits = await embeddings.nearest_vacancies(
            vector,
            self.pool,
            VacancyFilter(available_from(inmate), province_code, regency_code, within_km_of),
        )
        if not hits:
            return []
        ids = [h.vacancy_id for h in hits]
        vacancies = await stores.vacancies.get_many(ids)
        certs = await stores.certificates.views_for_inmates([inmate_id])
        points = await self.regency_points(conn, as_of)
        cdoc = candidate_doc(inmate, certs.get(inmate_id, ()), as_of, points)
        vdocs = [vacancy_doc(vacancies[i], points) for i in ids]
        stored: dict[int, StoredVector] = {h.vacancy_id: h.vector for h in hits if h.vector is not None}
        if len(stored) < len(ids):  # a store that does not return them with the hits
            stored.update(await embeddings.vacancy_vectors([i for i in ids if i not in stored]))
        known = self._fresh({vacancy_text(d): stored.get(int(d.id)) for d in vdocs})
        person = candidate_text(cdoc, as_of)
        known[person] = vector
        item_texts = [it.text for d in vdocs for it in vacancy_items(d)]
        item_texts += [it.text for it in candidate_items(cdoc, as_of)]
        reference = await self.reference(conn, as_of)
        pool = {text: known[text] for text in (vacancy_text(d) for d in vdocs) if text in known}
        known.update(await self._ranking_reads(embeddings, reference, known, item_texts, {person: vector}, pool))
        with self.scratch.lease() as rows:
            ranked = vacancies_for_candidate(
                cdoc,
                vdocs,
                StoredVectors(self.encoder, known, rows),
                as_of=as_of,
                top=k,
                weights=self.weights,
                counter=self.counter,
                reference=reference,
            )
        return [
            VacancyMatch(
                vacancy=vacancies[int(r.id)],
                score=r.score,
                location=location_tier(vacancies[int(r.id)].regency_code, inmate.domicile_regency_code),
                explanation=r.explanation,
                features=r.features,
            )
            for r in ranked
        ]

    async def gaps(
        self, conn: Conn, inmate_id: int, *, as_of: date, vacancy_id: int | None = None, top_n: int = 10
    ) -> GapReport:
        """Missing units for one vacancy, or for the top vacancies in the person's home province,
        and the catalogue schemes that fit the person's trade and targets, then close most of the
        gap (``matcher.gaps``); units and vacancies carry their titles."""
        stores = self.stores(conn)
        inmate = await stores.inmates.get(inmate_id)
        if vacancy_id is not None:
            vacancies = [await stores.vacancies.get(vacancy_id)]
        else:
            matches = await self.vacancies_for_candidate(
                conn, inmate_id, as_of=as_of, k=top_n, province_code=inmate.domicile_province_code
            )
            vacancies = [matches[i].vacancy for i in gap_targets([m.explanation.label for m in matches])]
        targets = {str(v.id): v.required_units for v in vacancies}
        certs = (await stores.certificates.views_for_inmates([inmate_id])).get(inmate_id, ())
        schemes = list(await stores.catalogue.list_schemes())
        units = await stores.catalogue.get_units(sorted({c for s in schemes for c in s.unit_codes}))
        titles = {code: u.title for code, u in units.items()}
        texts = [scheme_text(s.title, [titles.get(c, "") for c in s.unit_codes]) for s in schemes]
        person = candidate_text(candidate_doc(inmate, certs, as_of), as_of)
        wanted = [vacancy_text(vacancy_doc(v)) for v in vacancies]
        vectors = np.asarray(self.encoder.encode([*texts, person, *wanted]), dtype=np.float32)
        # targets are ranked best first: the first counts most (1, 1/2, 1/3, ...)
        rank_weights = 1.0 / np.arange(1, len(wanted) + 1)
        fit = scheme_fit(vectors[: len(texts)], vectors[len(texts)], vectors[len(texts) + 1 :], rank_weights)
        return analyse_gaps(
            held_units(certs, as_of),
            targets,
            {s.code: s.unit_codes for s in schemes},
            fit={s.code: float(f) for s, f in zip(schemes, fit, strict=True)},
            unit_titles=titles,
            vacancy_titles={str(v.id): v.title for v in vacancies},
            scheme_titles={s.code: s.title for s in schemes},
            own_trade=vacancy_id is None,  # for one named vacancy: only what that vacancy asks
        )


async def _profile_texts(stores: MatcherStores, inmates: Sequence[Inmate], as_of: date) -> dict[int, str]:
    """Inmate id -> candidate document text on ``as_of`` (certificates read in one query)."""
    certs = await stores.certificates.views_for_inmates([i.id for i in inmates])
    return {i.id: candidate_text(candidate_doc(i, certs.get(i.id, ()), as_of), as_of) for i in inmates}


def held_units(certificates: Sequence[CertificateView], as_of: date) -> list[str]:
    """Unit codes on certificates that are active and not expired on ``as_of``."""
    return [u.code for c in certificates if c.status == "active" and c.valid_until >= as_of for u in c.units]


async def scheme_catalogue(catalogue: SchemeCatalogue) -> dict[str, tuple[str, ...]]:
    """Scheme code -> its unit codes."""
    return {s.code: s.unit_codes for s in await catalogue.list_schemes()}


__all__ = ["CandidateDoc", "VacancyDoc", "Matcher", "CandidateMatch", "VacancyMatch", "location_tier"]

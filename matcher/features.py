"""Pair features for re-ranking: one matrix per feature over (vacancy, candidate) pairs.

Everything is vectorised: the vectors of all documents and items are stacked and
compared with one matrix product per feature, so scoring a few hundred retrieved
candidates costs a few milliseconds once their embeddings are cached.

Feature values are *raw* here (cosines, fractions, 0/1); ``matcher.scoring``
normalises and weighs them.
"""

from __future__ import annotations

import functools
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from matcher.documents import (
    CandidateDoc,
    Item,
    VacancyDoc,
    candidate_items,
    candidate_text,
    certified_codes,
    normalise_code,
    vacancy_items,
    vacancy_text,
)
from matcher.language import detect
from matcher.ngrams import char_wb_counts
from matcher.ports import Embedder, TermRow

if TYPE_CHECKING:
    from matcher.reference import Reference

# Feature names, in column order of ``PairFeatures.values``.
EMBEDDING = "embedding"  # cosine of the whole documents, less both documents' hubness
ALIGNMENT = "alignment"  # each requirement's best unit/skill/experience match, against how common it is
FOCUS = "focus"  # each profile item's best requirement match, less how well it matches any vacancy
LEXICAL_WORD = "lexical_word"  # TF-IDF cosine on words and word pairs (same language only)
LEXICAL_CHAR = "lexical_char"  # TF-IDF cosine on character 3-5-grams (same language only)
UNIT_COVERAGE = "unit_coverage"  # share of required SKKNI unit codes the candidate holds
REGION = "region"  # 1 same regency > nearby (km) > 0.5 same province (or unknown) > 0 elsewhere
FEEDBACK = "feedback"  # similarity to the best reference profiles for the vacancy (pseudo-relevance feedback)
FEATURE_NAMES = (EMBEDDING, ALIGNMENT, FOCUS, LEXICAL_WORD, LEXICAL_CHAR, FEEDBACK, UNIT_COVERAGE, REGION)
# Measured against the reference (``matcher.reference``) and z-scored on its statistics.
DIRECT_NAMES = (EMBEDDING, ALIGNMENT, FOCUS, LEXICAL_WORD, LEXICAL_CHAR)
SIMILARITY_NAMES = (*DIRECT_NAMES, FEEDBACK)
LEXICAL_NAMES = frozenset({LEXICAL_WORD, LEXICAL_CHAR})
# Lowest per-requirement z of the alignment (see ``raw_similarities``).
MISSING_FLOOR = -1.0


@dataclass(frozen=True, slots=True)
class EmbeddedDocs:
    """Vectors of a batch of documents and of their items.

    Items of document ``k`` are rows ``offsets[k]:offsets[k+1]`` of ``items``;
    ``item_weights`` scales their similarities.
    """

    texts: tuple[str, ...]
    item_lists: tuple[tuple[Item, ...], ...]
    doc: np.ndarray
    items: np.ndarray
    item_weights: np.ndarray
    offsets: np.ndarray

    def item_vectors(self, k: int) -> np.ndarray:
        return self.items[self.offsets[k] : self.offsets[k + 1]]


def documents_only(texts: Sequence[str], vectors: np.ndarray) -> EmbeddedDocs:
    """Documents with their vectors and no items (for statistics of whole documents only)."""
    return EmbeddedDocs(
        texts=tuple(texts),
        item_lists=tuple(() for _ in texts),
        doc=np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1),
        items=np.zeros((0, np.shape(vectors)[-1] if len(texts) else 0), dtype=np.float32),
        item_weights=np.zeros(0, dtype=np.float32),
        offsets=np.zeros(len(texts) + 1, dtype=np.int64),
    )


def subset(docs: EmbeddedDocs, rows: Sequence[int]) -> EmbeddedDocs:
    """The documents ``rows`` of ``docs`` (with their items), as their own batch."""
    if list(rows) == list(range(len(docs.texts))):
        return docs
    spans = [np.arange(docs.offsets[k], docs.offsets[k + 1]) for k in rows]
    items = np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)
    counts = np.array([len(x) for x in spans], dtype=np.int64)
    return EmbeddedDocs(
        texts=tuple(docs.texts[k] for k in rows),
        item_lists=tuple(docs.item_lists[k] for k in rows),
        doc=docs.doc[list(rows)],
        items=docs.items[items],
        item_weights=docs.item_weights[items],
        offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
    )


def _embed(embedder: Embedder, texts: Sequence[str], item_lists: Sequence[Sequence[Item]]) -> EmbeddedDocs:
    flat = [item for items in item_lists for item in items]
    # One encode call: the encoder batches and de-duplicates (skills repeat a lot).
    vectors = embedder.encode(list(texts) + [item.text for item in flat])
    vectors = np.asarray(vectors, dtype=np.float32)
    counts = np.array([len(items) for items in item_lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return EmbeddedDocs(
        texts=tuple(texts),
        item_lists=tuple(tuple(items) for items in item_lists),
        doc=vectors[: len(texts)],
        items=vectors[len(texts) :],
        item_weights=np.array([item.weight for item in flat], dtype=np.float32),
        offsets=offsets,
    )


@functools.lru_cache(maxsize=50_000)
def _candidate_parts(candidate: CandidateDoc, as_of: date) -> tuple[str, tuple[Item, ...]]:
    # Records are frozen and hashable; the service rebuilds equal records for
    # every query, so building their texts once per content saves milliseconds.
    return candidate_text(candidate, as_of), tuple(candidate_items(candidate, as_of))


def candidate_parts(candidate: CandidateDoc, as_of: date) -> tuple[str, tuple[Item, ...]]:
    """(``candidate_text``, ``candidate_items``) of a candidate on ``as_of``, cached per content."""
    return _candidate_parts(candidate, as_of)


def embed_candidates(candidates: Sequence[CandidateDoc], embedder: Embedder, as_of: date) -> EmbeddedDocs:
    """Embed candidate documents and items (certificate validity judged on ``as_of``)."""
    parts = [_candidate_parts(c, as_of) for c in candidates]
    return _embed(embedder, [p[0] for p in parts], [p[1] for p in parts])


def embed_vacancies(vacancies: Sequence[VacancyDoc], embedder: Embedder) -> EmbeddedDocs:
    """Embed vacancy documents and items (requirements and title)."""
    return _embed(embedder, [vacancy_text(v) for v in vacancies], [vacancy_items(v) for v in vacancies])


class TermCounts:
    """Hashed word (1-2) and char_wb (3-5) n-gram counts per text, cached by text.

    Running the analyzers is the slow part of TF-IDF (tens of ms for a few hundred
    profiles); counts of a text never change, so they are computed once per text
    and reused across ranking calls. Hashing (2^20 columns) needs no vocabulary,
    so counts from different calls are comparable. Share one instance per process.
    """

    def __init__(self, cache_size: int = 50_000) -> None:
        common = {"n_features": 2**20, "alternate_sign": False, "norm": None, "strip_accents": "unicode"}
        self._word = HashingVectorizer(analyzer="word", ngram_range=(1, 2), **common)
        # The same counts as HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common), 4x faster.
        self._char = char_wb_counts
        self._cache: OrderedDict[str, TermRow] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        # Detected language per text (``matcher.language.detect``), stored at index time with the counts.
        self._languages: OrderedDict[str, str] = OrderedDict()

    def _keep(self, cache: OrderedDict[str, Any], entries: Iterable[tuple[str, Any]]) -> None:
        """Add ``entries`` to one of the caches, dropping the oldest beyond ``cache_size`` (lock held)."""
        cache.update(entries)
        while len(cache) > self._cache_size:
            cache.popitem(last=False)

    def missing(self, texts: Sequence[str]) -> list[str]:
        """Texts whose counts are not in the cache (distinct, in order)."""
        with self._lock:
            return [t for t in dict.fromkeys(texts) if t not in self._cache]

    def compute(self, texts: Sequence[str]) -> dict[str, TermRow]:
        """Counts of ``texts`` without touching the cache (for storing at index time)."""
        distinct = list(dict.fromkeys(texts))
        if not distinct:
            return {}
        word = self._word.transform(distinct).tocsr()
        char = self._char(distinct)
        return {t: (_row(word, k), _row(char, k)) for k, t in enumerate(distinct)}

    def preload(self, rows: Mapping[str, TermRow], languages: Mapping[str, str] | None = None) -> None:
        """Put counts (and languages) computed elsewhere (stored at index time) into the cache."""
        with self._lock:
            self._keep(self._cache, rows.items())
            if languages:
                self._keep(self._languages, languages.items())

    def languages(self, texts: Sequence[str]) -> list[str]:
        """``matcher.language.detect`` of each text: as stored at index time when preloaded, else detected
        here (and kept, as many as counts are)."""
        with self._lock:
            found = [self._languages.get(t) for t in texts]
        if all(f is not None for f in found):
            return [f for f in found if f is not None]
        out = [f if f is not None else _language(t) for f, t in zip(found, texts, strict=True)]
        if self._cache_size:
            with self._lock:
                self._keep(
                    self._languages, ((t, lang) for f, t, lang in zip(found, texts, out, strict=True) if f is None)
                )
        return out

    def counts(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(word, char) count matrices, one row per text."""
        with self._lock:
            rows: list[TermRow | None] = [self._cache.get(t) for t in texts]
        missing = list(dict.fromkeys(t for t, r in zip(texts, rows, strict=True) if r is None))
        if missing:
            word = self._word.transform(missing).tocsr()
            char = self._char(missing)
            fresh = {t: (_row(word, k), _row(char, k)) for k, t in enumerate(missing)}
            with self._lock:
                self._keep(self._cache, fresh.items())
            rows = [r if r is not None else fresh[t] for r, t in zip(rows, texts, strict=True)]
        done = [r for r in rows if r is not None]
        return _stack([r[0] for r in done]), _stack([r[1] for r in done])


_WIDTH = 2**20


def _row(matrix: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = matrix.indptr[k], matrix.indptr[k + 1]
    return matrix.indices[lo:hi].copy(), matrix.data[lo:hi].copy()


def stack_rows(rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
    """One CSR matrix (2^20 columns) from (indices, data) rows."""
    return _stack(rows)


def _stack(rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
    """One CSR matrix from cached (indices, data) rows: far cheaper than ``sparse.vstack``."""
    if not rows:
        return sparse.csr_matrix((0, _WIDTH), dtype=np.float64)
    indptr = np.concatenate([[0], np.cumsum([len(r[0]) for r in rows])])
    indices = np.concatenate([r[0] for r in rows])
    data = np.concatenate([r[1] for r in rows])
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), _WIDTH))


_buffers = threading.local()


def scatter_buffer(width: int) -> np.ndarray:
    """A zeroed float64 vector of ``width``, one per thread (callers leave it zeroed)."""
    buffer: np.ndarray | None = getattr(_buffers, "dense", None)
    if buffer is None or len(buffer) != width:
        buffer = np.zeros(width, dtype=np.float64)
        _buffers.dense = buffer
    return buffer


def sparse_products(left: sparse.csr_matrix, right: sparse.csr_matrix) -> np.ndarray:
    """``(left @ right.T)`` as a dense float32 array, for rows in the hashed 2^20-wide space.

    scipy transposes one side into a 2^20-row matrix for every product (milliseconds each,
    most of the lexical features' cost); here each row of the side with fewer rows is
    scattered into a dense vector and multiplied by the other side (same sums)."""
    m, n = left.shape[0], right.shape[0]
    if not m or not n:
        return np.zeros((m, n), dtype=np.float32)
    small, big = (left, right) if m <= n else (right, left)
    if not small.has_canonical_format:
        small = small.copy()
        small.sum_duplicates()
    big = big.tocsr()
    dense = scatter_buffer(small.shape[1])
    out = np.empty((small.shape[0], big.shape[0]), dtype=np.float64)
    try:
        for k in range(small.shape[0]):
            lo, hi = small.indptr[k], small.indptr[k + 1]
            columns = small.indices[lo:hi]
            dense[columns] = small.data[lo:hi]
            out[k] = big @ dense
            dense[columns] = 0.0
    except BaseException:
        dense[:] = 0.0
        raise
    return np.asarray(out if m <= n else out.T, dtype=np.float32)


class LexicalSimilarity(BaseEstimator):  # type: ignore[misc]
    """TF-IDF cosine between texts, from term counts (see ``TermCounts``).

    ``fit`` learns the IDF from the corpus being ranked (the vacancies and the
    candidates of one ranking call), so what is common *in this pool* weighs
    little: boilerplate such as "dibutuhkan segera" or "BPJS". Fit once per call,
    never per pair. Same formula as scikit-learn's ``TfidfTransformer`` with
    ``smooth_idf=True, sublinear_tf=True``, rows L2-normalised.
    """

    def __init__(self, sublinear_tf: bool = True) -> None:
        self.sublinear_tf = sublinear_tf

    def fit(self, X: sparse.csr_matrix, y: object = None) -> LexicalSimilarity:
        # Only the columns present in the corpus are stored (hashed space is 2^20 wide).
        self.n_docs_ = X.shape[0]
        self.columns_, df = np.unique(X.indices, return_counts=True)
        self.idf_ = np.log((1.0 + self.n_docs_) / (1.0 + df)) + 1.0
        return self

    def tabulate(self) -> LexicalSimilarity:
        """Keep the IDF as one dense table over the hashed space (8 MB), for a model that
        transforms many rows over its life (the reference): a lookup instead of a binary search."""
        table = np.full(_WIDTH, np.log(1.0 + self.n_docs_) + 1.0)  # unseen columns: df = 0
        table[self.columns_] = self.idf_
        self.table_ = table
        return self

    def _idf(self, columns: np.ndarray) -> np.ndarray:
        table: np.ndarray | None = getattr(self, "table_", None)
        if table is not None:
            looked_up: np.ndarray = table[columns]
            return looked_up
        pos = np.searchsorted(self.columns_, columns)
        pos = np.minimum(pos, len(self.columns_) - 1) if len(self.columns_) else pos
        unseen_idf = np.log(1.0 + self.n_docs_) + 1.0  # df = 0
        if not len(self.columns_):
            return np.full(len(columns), unseen_idf)
        idf: np.ndarray = np.where(self.columns_[pos] == columns, self.idf_[pos], unseen_idf)
        return idf

    def transform(self, X: sparse.csr_matrix) -> sparse.csr_matrix:
        out = X.astype(np.float64, copy=True)
        if self.sublinear_tf:
            np.log(out.data, out=out.data)
            out.data += 1.0
        out.data *= self._idf(out.indices)
        # The routine ``sklearn.preprocessing.normalize`` runs, without its argument validation
        # (~40% of this method on a first-seen pool, issue 17): same result, bit for bit.
        inplace_csr_row_normalize_l2(out)
        return out

    def similarity(self, left: sparse.csr_matrix, right: sparse.csr_matrix) -> np.ndarray:
        """Cosine matrix (len(left), len(right)) of the TF-IDF vectors of two count matrices."""
        return np.asarray((self.transform(left) @ self.transform(right).T).toarray(), dtype=np.float32)


def lexical_similarity(
    left: Sequence[str], right: Sequence[str], counter: TermCounts | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(word, char) TF-IDF cosines, IDF fitted on ``left + right``."""
    word, char, _, _ = lexical_vectors(left, right, counter)
    return word, char


def lexical_vectors(
    left: Sequence[str], right: Sequence[str], counter: TermCounts | None = None
) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix, sparse.csr_matrix]:
    """(word cosines, char cosines, left char TF-IDF rows, right char TF-IDF rows).

    The char TF-IDF rows (L2-normalised, IDF fitted on ``left + right``) are kept
    for pseudo-relevance feedback (see ``matcher.scoring.feedback``).
    """
    counter = counter or TermCounts()
    lw, lc = counter.counts(left)
    rw, rc = counter.counts(right)
    out = []
    for lm, rm in ((lw, rw), (lc, rc)):
        model = LexicalSimilarity().fit(sparse.vstack([lm, rm]).tocsr())
        lt, rt = model.transform(lm), model.transform(rm)
        out.append((np.asarray((lt @ rt.T).toarray(), dtype=np.float32), lt, rt))
    return out[0][0], out[1][0], out[1][1], out[1][2]


def segment_max(sim: np.ndarray, offsets: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """Max over column segments: ``out[:, k] = sim[:, offsets[k]:offsets[k+1]].max(1)``.

    Documents without items get ``fill``.
    """
    n = len(offsets) - 1
    out = np.full((sim.shape[0], n), fill, dtype=np.float32)
    nonempty = np.flatnonzero(offsets[1:] > offsets[:-1])
    if len(nonempty) and sim.shape[0]:
        out[:, nonempty] = np.maximum.reduceat(sim, offsets[nonempty], axis=1)
    return out


def segment_mean(values: np.ndarray, offsets: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """Mean over row segments; empty segments get ``fill``. Shape (n_segments, n_cols)."""
    n = len(offsets) - 1
    out = np.full((n, values.shape[1]), fill, dtype=np.float32)
    nonempty = np.flatnonzero(offsets[1:] > offsets[:-1])
    if len(nonempty) and values.shape[1]:
        sums = np.add.reduceat(values, offsets[nonempty], axis=0)
        out[nonempty] = sums / np.diff(offsets)[nonempty, None]
    return out


def segment_mean_rows(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Mean over row segments (every segment must be non-empty)."""
    if np.any(np.diff(offsets) == 0):
        raise ValueError("every vacancy needs at least one item")
    return segment_mean(values, offsets)


def item_similarity(vac: EmbeddedDocs, cand: EmbeddedDocs) -> np.ndarray:
    """Cosine of every vacancy item with every candidate item, negatives cut to 0,
    scaled by the candidate item's weight (expired certificate units count less)."""
    sim = vac.items @ cand.items.T
    weighted: np.ndarray = np.clip(sim, 0.0, None) * cand.item_weights[None, :]
    return weighted


def alignment_parts(vac: EmbeddedDocs, cand: EmbeddedDocs) -> tuple[np.ndarray, np.ndarray]:
    """(coverage, focus), each (n_vacancies, n_candidates).

    coverage: mean over the vacancy's items (requirements, title) of the best
    candidate item -- is every requirement answered by some unit/skill?
    focus: mean over the candidate's items of the best vacancy item -- how much of
    the profile is about this work? Coverage alone is fooled by one stray skill or
    certificate in an unrelated profile (noisy skill lists); focus alone by a narrow
    profile that answers one requirement only.
    """
    sim = item_similarity(vac, cand)
    coverage = segment_mean_rows(segment_max(sim, cand.offsets), vac.offsets)
    best_for_item = segment_max(np.ascontiguousarray(sim.T), vac.offsets)  # (n_cand_items, n_vacancies)
    focus = segment_mean(best_for_item, cand.offsets).T
    return coverage, focus


def alignment(vac: EmbeddedDocs, cand: EmbeddedDocs) -> np.ndarray:
    """Harmonic mean of coverage and focus (like BERTScore's F1 over token matches)."""
    coverage, focus = alignment_parts(vac, cand)
    total = coverage + focus
    f1: np.ndarray = np.zeros_like(total)
    np.divide(2 * coverage * focus, total, out=f1, where=total > 0)
    return f1


def unit_coverage(vacancies: Sequence[VacancyDoc], candidates: Sequence[CandidateDoc], as_of: date) -> np.ndarray:
    """Share of each vacancy's required unit codes the candidate is certified in.

    A unit on an expired certificate gives partial credit. Vacancies without
    required units get 0 for every candidate (a constant, so it does not reorder).
    """
    index: dict[str, int] = {}
    required = [[index.setdefault(normalise_code(c), len(index)) for c in v.required_units] for v in vacancies]
    if not index:  # no vacancy asks for a unit: nothing to read from the candidates
        return np.zeros((len(vacancies), len(candidates)), np.float32)
    need = np.zeros((len(vacancies), len(index)), dtype=np.float32)
    for row, codes in enumerate(required):
        need[row, codes] = 1.0
    have = np.zeros((len(candidates), len(index)), dtype=np.float32)
    for row, cand in enumerate(candidates):
        for code, credit in certified_codes(cand, as_of).items():
            col = index.get(code)
            if col is not None:
                have[row, col] = credit
    counts = need.sum(axis=1, keepdims=True)
    share = np.zeros((len(vacancies), len(candidates)), np.float32)
    np.divide(need @ have.T, counts, out=share, where=counts > 0)
    return share


_REGION_PREFIXES = ("kabupaten ", "kab. ", "kab ", "kota ", "provinsi ")


def normalise_region(region: str | None) -> str | None:
    """Compare regions without case, spaces or the Kabupaten/Kota prefix."""
    if not region:
        return None
    text = " ".join(region.casefold().split())
    for prefix in _REGION_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text or None


def province_of(region: str) -> str | None:
    """The province part of a hierarchical BPS code (``"32.73"`` -> ``"32"``); None for a name."""
    head, dot, _ = region.partition(".")
    return head if dot and head.isdigit() else None


# Place in kilometres (regency seats, migration 0830): a person within commuting distance of the
# vacancy counts almost like one of its own regency, whatever the province; the value falls
# smoothly with distance, NEAR_MAX / (1 + (d / NEAR_HALF_KM) ** 4): flat over a daily commute
# (0.89 at 12 km, 0.86 at 25 km), 0.61 at 50 km, half of NEAR_MAX at 60 km, ~0.05 at 120 km.
# It is above the same-province value (0.5) up to ~57 km: same regency 1 > nearby > same
# province 0.5 > elsewhere 0. Beyond commuting distance the province still counts (people on
# parole report to their Bapas): the value is the larger of the two.
NEAR_MAX = 0.9
NEAR_HALF_KM = 60.0
EARTH_RADIUS_KM = 6371.0088


def km_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between every row of ``a`` and of ``b`` ((n, 2) and (m, 2)
    arrays of latitude, longitude in degrees; NaN rows give NaN): an (n, m) matrix."""
    la, lo = np.radians(a[:, 0])[:, None], np.radians(a[:, 1])[:, None]
    lb, lob = np.radians(b[:, 0])[None, :], np.radians(b[:, 1])[None, :]
    h = np.sin((lb - la) / 2) ** 2 + np.cos(la) * np.cos(lb) * np.sin((lob - lo) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def km_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    """``km_between`` of two single points (latitude, longitude), in plain floats: one pair of an
    explanation costs ~60 µs through 1x1 arrays, ~2 µs here; the same formula."""
    la, lb = math.radians(a[0]), math.radians(b[0])
    h = math.sin((lb - la) / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def nearby_value(km: np.ndarray) -> np.ndarray:
    """The region value of a person ``km`` from the vacancy, in another regency (see NEAR_MAX)."""
    return np.asarray(NEAR_MAX / (1.0 + (km / NEAR_HALF_KM) ** 4))


_NO_POINT = (float("nan"), float("nan"))


def _points(docs: Sequence[VacancyDoc] | Sequence[CandidateDoc]) -> np.ndarray:
    """(n, 2) latitude, longitude of each document's seat; NaN where unknown."""
    return np.array([x for d in docs for x in (d.point or _NO_POINT)], dtype=np.float64).reshape(-1, 2)


_REGION_IDS: dict[str, int] = {}
_REGION_IDS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=8192)
def _region_ids(region: str | None) -> tuple[int, int]:
    """(region id, province id) of a region as written, -1 where unknown: small integers that are
    equal exactly when the normalised regions (provinces) are, so pairs compare as arrays."""
    key = normalise_region(region)
    if key is None:
        return -1, -1
    province = province_of(key)
    with _REGION_IDS_LOCK:
        rid = _REGION_IDS.setdefault("r:" + key, len(_REGION_IDS))
        pid = -1 if province is None else _REGION_IDS.setdefault("p:" + province, len(_REGION_IDS))
    return rid, pid


def region_match(vacancies: Sequence[VacancyDoc], candidates: Sequence[CandidateDoc]) -> np.ndarray:
    """1 same region (kabupaten/kota), then by distance when both seats are known (``nearby_value``,
    at least the province value), else 0.5 same province, 0 elsewhere; 0.5 when either is unknown.

    Province is known only when regions are BPS codes (``PP.RR``), as in the service; the
    offline format's region names compare as whole names and carry no coordinates.
    """
    v = np.array([_region_ids(x.region) for x in vacancies], dtype=np.int64).reshape(-1, 2)
    c = np.array([_region_ids(x.region) for x in candidates], dtype=np.int64).reshape(-1, 2)
    vr, cr = v[:, :1], c[:, 0][None, :]
    vp, cp = v[:, 1:], c[:, 1][None, :]
    known = (vr >= 0) & (cr >= 0)
    same_province = (vp >= 0) & (vp == cp)
    out = np.where(known, np.where(same_province, 0.5, 0.0), 0.5)
    if any(x.point is not None for x in vacancies) and any(x.point is not None for x in candidates):
        km = km_between(_points(vacancies), _points(candidates))
        measured = known & ~np.isnan(km)
        out = np.where(measured, np.fmax(out, nearby_value(np.nan_to_num(km, nan=np.inf))), out)
    out = np.where(known & (vr == cr), 1.0, out)
    return out.astype(np.float32)


def availability(vacancies: Sequence[VacancyDoc], candidates: Sequence[CandidateDoc]) -> np.ndarray:
    """True where the candidate is available on or before the vacancy's start date.

    Unknown dates on either side count as available: the filter only removes
    people we *know* cannot start in time.
    """
    start = np.array([v.start_date.toordinal() if v.start_date else np.iinfo(np.int64).max for v in vacancies])
    free = np.array([c.available_from.toordinal() if c.available_from else 0 for c in candidates], dtype=np.int64)
    return free[None, :] <= start[:, None]


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """Raw features: ``values[f]`` is an (n_vacancies, n_candidates) matrix.

    ``same_language`` marks pairs whose texts may be compared word by word;
    ``reference`` holds the statistics the values are normalised against (None:
    values are used as they are, for tests of the combination alone).
    """

    names: tuple[str, ...]
    values: np.ndarray  # (n_features, n_vacancies, n_candidates)
    available: np.ndarray  # bool (n_vacancies, n_candidates)
    same_language: np.ndarray | None = None  # bool (n_vacancies, n_candidates); None = all
    reference: Reference | None = None
    # weighted item cosines (``item_similarity``), kept for the explanations of the shown pairs
    item_sim: np.ndarray | None = None  # (n_vacancy_items, n_candidate_items)

    def get(self, name: str) -> np.ndarray:
        column: np.ndarray = self.values[self.names.index(name)]
        return column


@functools.lru_cache(maxsize=100_000)
def _language(text: str) -> str:
    return detect(text)


def same_language(left: Sequence[str], right: Sequence[str], counter: TermCounts | None = None) -> np.ndarray:
    """(len(left), len(right)) bool: same detected language, or either unknown; ``counter``: where the
    languages stored at index time were preloaded (``TermCounts.languages``)."""
    detected = counter.languages if counter is not None else (lambda texts: [_language(t) for t in texts])
    a = np.array(detected(left), dtype=object)
    b = np.array(detected(right), dtype=object)
    return np.asarray((a[:, None] == b[None, :]) | (a[:, None] == "") | (b[None, :] == ""), dtype=bool)


def requirement_best(vac: EmbeddedDocs, cand: EmbeddedDocs) -> np.ndarray:
    """(n_vacancy_items, n_candidates): each requirement's best weighted match among each profile's items."""
    return segment_max(item_similarity(vac, cand), cand.offsets)


def raw_similarities(
    vac: EmbeddedDocs,
    cand: EmbeddedDocs,
    reference: Reference,
    counter: TermCounts | None = None,
    requirement_stats: tuple[np.ndarray, np.ndarray] | None = None,
    sim: np.ndarray | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """({similarity feature: (n_vac, n_cand)}, same-language mask), measured against ``reference``.

    ``requirement_stats`` (mean, spread of each vacancy item's best match over the
    reference candidates) is computed here when not given.
    """
    counter = counter or TermCounts()
    cos = vac.doc @ cand.doc.T
    hub_v = reference.vacancy_hubness(vac.doc)
    hub_c = reference.candidate_hubness(cand.doc)
    if sim is None:  # (n_vac_items, n_cand_items)
        own = cand is getattr(reference, "cand_", None) and hasattr(reference, "cand_distinct_")
        sim = reference.reference_item_similarity(vac) if own else item_similarity(vac, cand)
    best = segment_max(sim, cand.offsets)  # each requirement's best item per candidate
    if requirement_stats is None:  # against the reference's own candidates, ``best`` is what they are made of
        requirement_stats = reference.requirement_stats(vac, best if cand is reference.cand_ else None)
    mean, spread = requirement_stats
    # A match as good as most profiles have counts little; missing a requirement most
    # profiles meet costs at most one spread (MISSING_FLOOR), not a huge negative z.
    z = np.maximum((best - mean[:, None]) / spread[:, None], MISSING_FLOOR)
    coverage = segment_mean_rows(z, vac.offsets)
    best_item = segment_max(np.ascontiguousarray(sim.T), vac.offsets)  # (n_cand_items, n_vac)
    item_hub = reference.item_hubness(cand)
    focus = segment_mean(best_item - item_hub[:, None], cand.offsets).T
    word, char = reference.lexical_products(reference.lexical_rows_of(vac.texts, counter), cand, counter)
    values = {
        EMBEDDING: cos - (hub_v[:, None] + hub_c[None, :]) / 2,
        ALIGNMENT: coverage,
        FOCUS: focus,
        LEXICAL_WORD: word,
        LEXICAL_CHAR: char,
    }
    same = same_language(vac.texts, cand.texts, counter)
    return {k: np.asarray(v, dtype=np.float32) for k, v in values.items()}, same


def pair_features(
    vacancies: Sequence[VacancyDoc],
    candidates: Sequence[CandidateDoc],
    vac: EmbeddedDocs,
    cand: EmbeddedDocs,
    as_of: date,
    counter: TermCounts | None = None,
    reference: Reference | None = None,
) -> PairFeatures:
    """All raw features for every (vacancy, candidate) pair, measured against ``reference``.

    Without a reference, the documents of this call are the reference (offline
    ranking of whole files: the statistics are those of the files). Pass a
    long-lived ``counter`` to reuse term counts across calls.
    """
    counter = counter or TermCounts()
    if reference is None:
        from matcher.reference import Reference

        reference = Reference().fit(vac, cand, counter)
    if cand is reference.cand_:  # offline: the files are the reference
        sim = item_similarity(vac, cand)
        raw, same = raw_similarities(vac, cand, reference, counter, sim=sim)
        raw[FEEDBACK] = reference.feedback(vac, cand, raw, same, counter) - reference.feedback_hubness(cand, counter)
    else:  # each vacancy's part against the reference is computed once and cached
        # the profiles' feedback hubness first: those not stored at index time need their similarities
        # with every reference profile, which are then kept for the vacancy's feedback too
        hub = reference.feedback_hubness(cand, counter)
        feedback = reference.cached_feedback(vac, cand, counter)  # before raw_similarities: leaves requirement stats
        feedback = feedback - hub[None, :]
        sim = item_similarity(vac, cand)
        raw, same = raw_similarities(vac, cand, reference, counter, reference.requirement_stats(vac), sim)
        raw[FEEDBACK] = feedback
    values = {
        **raw,
        UNIT_COVERAGE: unit_coverage(vacancies, candidates, as_of),
        REGION: region_match(vacancies, candidates),
    }
    stacked = np.stack([np.asarray(values[name], dtype=np.float32) for name in FEATURE_NAMES])
    return PairFeatures(FEATURE_NAMES, stacked, availability(vacancies, candidates), same, reference, sim)

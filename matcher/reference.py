"""Reference statistics: what a feature value means, measured over the whole index.

A cosine of 0.55 is a strong match for one vacancy and a weak one for another, and
z-scoring within the pool of one query makes a person's score depend on who else
was retrieved (a filter or a page then changes it). So every similarity is
measured against a fixed *reference*: a sample of the index (in the service) or
all documents of the files being ranked (offline), fitted once:

* **hubness** (CSLS, Lample et al. 2018; "mean-neighbour" correction): broad
  profiles are close to every vacancy and would top many unrelated lists; each
  document's typical similarity -- the mean cosine with its ``neighbours`` nearest
  reference documents of the other side -- is subtracted;
* **generic requirements**: a requirement such as "Microsoft Office" or "mampu
  bekerja dalam tim" is met verbatim by many profiles; each requirement's best
  match is standardised against how well the reference candidates meet it
  (a rare match counts, a common one does not), and each profile item's match is
  reduced by how well it matches reference vacancies in general;
* **IDF** of words and character n-grams over the reference documents;
* **feature statistics**: mean and standard deviation of every similarity feature
  over all reference pairs, and their correlations, so features are z-scored on
  one fixed scale and a weighted sum can be mapped to a 0-100 score that means the
  same in every view, filter and page (``matcher.scoring.calibrated``).

The reference is an estimator in scikit-learn's sense: ``fit`` takes embedded
documents (``matcher.features.EmbeddedDocs``) and term counts, learned attributes
end in ``_``.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator

from matcher.features import (
    DIRECT_NAMES,
    EMBEDDING,
    FEEDBACK,
    LEXICAL_NAMES,
    SIMILARITY_NAMES,
    EmbeddedDocs,
    LexicalSimilarity,
    TermCounts,
    raw_similarities,
    scatter_buffer,
    segment_max,
    sparse_products,
    stack_rows,
    subset,
)

# Floor of a requirement's reference spread: a requirement that every reference
# profile meets equally (all 0, say) must not blow up into huge z-values.
MIN_SPREAD = 0.05
# Pseudo-relevance feedback: the FEEDBACK_DEPTH best reference profiles for a vacancy,
# chosen by the direct evidence with these weights, stand for the vacancy. Off for
# references smaller than FEEDBACK_MIN_REFERENCE (the top few would be most of it).
FEEDBACK_DEPTH = 5
FEEDBACK_MIN_REFERENCE = 20
# Feedback less each candidate's typical feedback (``Reference.feedback_hubness``).
FEEDBACK_HUBNESS = True
FEEDBACK_TERMS = ("char", "word")  # the TF-IDF analyzers whose centres count, besides the embedding's
SELECTION_WEIGHTS = {EMBEDDING: 1.0, **{n: 0.5 for n in DIRECT_NAMES if n != EMBEDDING}}
# Item statistics are cached per text (they depend only on the text and the reference).
_CACHE_LIMIT = 200_000
# TF-IDF rows of document texts (~1,000 non-zeros, ~12 KB each): far larger than a float, so
# far fewer are kept (at most ~120 MB per process). Per-vacancy feedback state is five
# indices and four floats.
_ROW_CACHE_LIMIT = 10_000
_FEEDBACK_CACHE_LIMIT = 200_000
_SIMILARITY_CACHE_LIMIT = 50_000  # per profile: its TF-IDF similarity with each reference profile (1.6 KB)
# Bumped whenever what a stored per-profile statistic means changes (``Reference.fingerprint_``).
STATS_VERSION = 1
V = TypeVar("V")
K = TypeVar("K", bound=Hashable)
SparseRow = tuple[np.ndarray, np.ndarray]
# Per-vacancy feedback state: (the reference profiles that stand for it, (mean, std) of their
# centre's similarities over the reference candidates: embedding, then each of FEEDBACK_TERMS).
FeedbackState = tuple[np.ndarray, tuple[tuple[float, float], ...]]
DocumentKey = tuple[str, bytes]  # a document's text and its vector's bytes (``Reference.document_key``)


def hubness(docs: np.ndarray, reference: np.ndarray, neighbours: int) -> np.ndarray:
    """Mean cosine of each row of ``docs`` with its ``neighbours`` nearest rows of ``reference``."""
    if not len(reference) or not len(docs):
        return np.zeros(len(docs), dtype=np.float32)
    sim = docs @ reference.T
    k = min(neighbours, sim.shape[1])
    top = -np.partition(-sim, k - 1, axis=1)[:, :k]
    return np.asarray(top.mean(axis=1), dtype=np.float32)


Distinct = tuple[np.ndarray, np.ndarray]  # (vectors of the distinct item texts, each item's row among them)


def distinct_items(docs: EmbeddedDocs) -> Distinct:
    """The distinct item texts of ``docs`` (a text has one vector) and where each item is among them:
    reference profiles share most items (unit titles, common skills: ~600 distinct of ~1,600), so
    comparing with the distinct ones and spreading the result is ~2.5x less work."""
    first: dict[str, int] = {}
    inverse = np.array(
        [first.setdefault(item.text, len(first)) for items in docs.item_lists for item in items], dtype=np.int64
    )
    rows = np.zeros(len(first), dtype=np.int64)
    rows[inverse] = np.arange(len(inverse))
    return np.ascontiguousarray(docs.items[rows]), inverse


def item_cosines(left: np.ndarray, right: EmbeddedDocs, distinct: Distinct | None = None) -> np.ndarray:
    """Cosines of ``left`` item vectors with every item of ``right``, negatives cut to 0."""
    sim: np.ndarray
    if distinct is None:
        sim = np.clip(left @ right.items.T, 0.0, None)
    else:
        sim = np.clip(left @ distinct[0].T, 0.0, None)[:, distinct[1]]
    return sim


def _best_per_document(
    left: np.ndarray, right: EmbeddedDocs, weights: np.ndarray | None, distinct: Distinct | None = None
) -> np.ndarray:
    """(len(left), n_right_docs): best (clipped, weighted) cosine of each left item with each right document's items."""
    sim = item_cosines(left, right, distinct)
    if weights is not None:
        sim = sim * weights[None, :]
    return segment_max(np.ascontiguousarray(sim, dtype=np.float32), right.offsets)


def column_products(left: sparse.csr_matrix, right: sparse.csr_matrix, columns: np.ndarray) -> np.ndarray:
    """``(left @ right[columns].T)`` as float32 (len(left), len(columns)), bit for bit the columns of the
    whole product scipy computes (``csr_matmat`` adds each column's terms in the order of the left row's
    entries, as a row-by-dense-vector product does; the absent terms add exact zeros): each chosen right
    row is scattered into a dense vector once and multiplied by ``left``."""
    out = np.empty((left.shape[0], len(columns)), dtype=np.float64)
    dense = scatter_buffer(right.shape[1])
    try:
        for n, j in enumerate(columns):
            lo, hi = right.indptr[j], right.indptr[j + 1]
            where = right.indices[lo:hi]
            dense[where] = right.data[lo:hi]
            out[:, n] = left @ dense
            dense[where] = 0.0
    except BaseException:
        dense[:] = 0.0
        raise
    return np.asarray(out, dtype=np.float32)


def fingerprint(vac: EmbeddedDocs, cand: EmbeddedDocs, neighbours: int) -> str:
    """What the reference's statistics are a function of: its documents (texts, vectors, items, item
    weights), the neighbourhood size and the constants of the feedback, as one SHA-256 hex digest. Two
    processes that fit on the same documents get the same one (``Reference.fingerprint_``)."""
    digest = hashlib.sha256()
    constants = (STATS_VERSION, neighbours, FEEDBACK_DEPTH, FEEDBACK_MIN_REFERENCE, FEEDBACK_HUBNESS, FEEDBACK_TERMS,
                 sorted(SELECTION_WEIGHTS.items()), MIN_SPREAD)  # fmt: skip
    digest.update(repr(constants).encode())
    for docs in (vac, cand):
        digest.update(b"\x00docs")
        for text, items in zip(docs.texts, docs.item_lists, strict=True):
            digest.update(text.encode() + b"\x00" + "\x01".join(i.text for i in items).encode() + b"\x00")
        for array in (docs.doc, docs.items, docs.item_weights):
            digest.update(np.ascontiguousarray(array, dtype=np.float32).tobytes())
    return digest.hexdigest()


def stored_state(state: FeedbackState) -> tuple[list[int], list[float]]:
    """A feedback state as stored (``matcher.ports.VacancyStats``): its rows, its (mean, std) pairs flat."""
    return [int(x) for x in state[0]], [float(x) for pair in state[1] for x in pair]


def state_from_stored(rows: Sequence[int], spreads: Sequence[float]) -> FeedbackState:
    """``stored_state`` undone: exactly the state that was stored (rows as intp, floats as computed)."""
    pairs = tuple((float(spreads[k]), float(spreads[k + 1])) for k in range(0, len(spreads), 2))
    return np.asarray(rows, dtype=np.intp), pairs


def _sparse_row(matrix: sparse.csr_matrix, k: int) -> SparseRow:
    lo, hi = matrix.indptr[k], matrix.indptr[k + 1]
    return matrix.indices[lo:hi].copy(), matrix.data[lo:hi].copy()


def _row_view(matrix: sparse.csr_matrix, k: int) -> SparseRow:
    """Row ``k`` of ``matrix`` as views of its arrays (they keep the matrix's arrays alive while cached)."""
    lo, hi = matrix.indptr[k], matrix.indptr[k + 1]
    return matrix.indices[lo:hi], matrix.data[lo:hi]


class Reference(BaseEstimator):  # type: ignore[misc]
    """Reference documents and the statistics features are measured against.

    ``fit(vac, cand, counter)``: ``vac`` and ``cand`` are the embedded reference
    vacancies and candidates (with their items); ``counter`` gives their term counts.
    """

    def __init__(self, neighbours: int = 10) -> None:
        self.neighbours = neighbours

    def fit(self, vac: EmbeddedDocs, cand: EmbeddedDocs, counter: TermCounts | None = None) -> Reference:
        counter = counter or TermCounts()
        self.vac_ = vac
        self.cand_ = cand
        self.fingerprint_ = fingerprint(vac, cand, self.neighbours)
        self.item_cache_: dict[str, float] = {}
        self.requirement_cache_: dict[str, tuple[float, float]] = {}
        self.lexical_cache_: dict[str, tuple[SparseRow, SparseRow]] = {}
        self.vacancy_hub_cache_: dict[bytes, float] = {}
        self.candidate_hub_cache_: dict[bytes, float] = {}
        self.feedback_cache_: dict[tuple[str, bytes], FeedbackState] = {}
        vw, vc = counter.counts(vac.texts)
        cw, cc = counter.counts(cand.texts)
        self.word_ = LexicalSimilarity().fit(sparse.vstack([vw, cw]).tocsr()).tabulate()
        self.char_ = LexicalSimilarity().fit(sparse.vstack([vc, cc]).tocsr()).tabulate()
        self.cand_word_ = self.word_.transform(cw)
        self.cand_char_ = self.char_.transform(cc)
        # Transposed once here, so products of any rows with the reference's own (vacancies against
        # the reference for their statistics, a pool against the feedback profiles) are plain sparse
        # products; and the reference's Gram matrices, so the spread of a feedback centre's
        # similarities over the reference candidates is a mean of rows (issue 17).
        self.cand_distinct_ = distinct_items(cand)
        self.vac_distinct_ = distinct_items(vac)
        self.cand_word_t_ = self.cand_word_.T.tocsr()
        self.cand_char_t_ = self.cand_char_.T.tocsr()
        self.rows_ = {"word": self.cand_word_, "char": self.cand_char_}
        self.transposed_ = {"word": self.cand_word_t_, "char": self.cand_char_t_}
        self.gram_doc_ = np.asarray(cand.doc @ cand.doc.T, dtype=np.float32)
        self.grams_ = {
            t: np.asarray((self.rows_[t] @ self.transposed_[t]).toarray(), dtype=np.float32) for t in FEEDBACK_TERMS
        }
        # Statistics of the reference's own candidates, used by every query (``raw_similarities``).
        self.cand_hub_ = hubness(cand.doc, vac.doc, self.neighbours)
        self.cand_item_hub_ = self.item_hubness(cand)
        raw, same = raw_similarities(vac, cand, self, counter)
        keep = same.reshape(-1)
        self.mean_: dict[str, float] = {}
        self.scale_: dict[str, float] = {}
        for name in DIRECT_NAMES:
            self._stats(name, raw[name].reshape(-1), keep if name in LEXICAL_NAMES else None)
        self.feedback_hub_cache_: dict[tuple[str, bytes], float] = {}
        self.reference_similarity_cache_: dict[tuple[str, bytes], np.ndarray] = {}
        self.vac_states_: list[FeedbackState] | None = None
        raw[FEEDBACK] = self.feedback(vac, cand, raw, same, counter)
        if FEEDBACK_HUBNESS and len(cand.doc) >= FEEDBACK_MIN_REFERENCE and len(vac.doc):
            self.vac_states_ = self._feedback_states(raw, same)  # the reference vacancies' own
        self.cand_feedback_hub_ = self._top_mean(raw[FEEDBACK]) if self.vac_states_ else np.zeros(len(cand.doc))
        raw[FEEDBACK] = raw[FEEDBACK] - self.cand_feedback_hub_[None, :].astype(np.float32)
        self._stats(FEEDBACK, raw[FEEDBACK].reshape(-1), None)
        self.names_ = SIMILARITY_NAMES
        z = np.stack([self.standardise(n, raw[n], same).reshape(-1) for n in self.names_]).astype(np.float64)
        self.correlation_ = np.atleast_2d(np.cov(z)) if z.shape[1] > 1 else np.eye(len(self.names_))
        return self

    def _stats(self, name: str, values: np.ndarray, keep: np.ndarray | None) -> None:
        if keep is not None and keep.any():
            values = values[keep]
        std = float(values.std()) if values.size else 0.0
        self.mean_[name] = float(values.mean()) if values.size else 0.0
        self.scale_[name] = std if std > 1e-6 else 1.0

    def standardise(self, name: str, values: np.ndarray, same: np.ndarray | None) -> np.ndarray:
        """``values`` of one feature z-scored on the reference; lexical ones 0 across languages."""
        z = (values - np.float32(self.mean_[name])) / np.float32(self.scale_[name])
        if name in LEXICAL_NAMES and same is not None:
            z = np.where(same, z, np.float32(0.0))
        return np.asarray(z, dtype=np.float32)

    def feedback(
        self,
        vac: EmbeddedDocs,
        cand: EmbeddedDocs,
        ref_raw: dict[str, np.ndarray],
        ref_same: np.ndarray,
        counter: TermCounts,
    ) -> np.ndarray:
        """Pseudo-relevance feedback (Rocchio; RM3 in classic retrieval), (n_vac, n_cand).

        For each vacancy the ``FEEDBACK_DEPTH`` reference profiles with the best direct
        evidence (``ref_raw``: the direct features of the vacancies against the reference
        candidates) are averaged, by embedding and by character TF-IDF, and every
        candidate gets its cosine with that average, each standardised over the
        reference candidates and summed. The chosen profiles describe the work in
        candidates' own words and language, so it carries an English vacancy over to
        Indonesian profiles and favours profiles that look like the best ones over
        profiles that share one stray word. It depends on the vacancy and the
        reference only, never on the pool being ranked.
        """
        n_ref = len(self.cand_.doc)
        if n_ref < FEEDBACK_MIN_REFERENCE or not len(vac.doc):
            return np.zeros((len(vac.doc), len(cand.doc)), dtype=np.float32)
        return self._feedback_scores(self._feedback_states(ref_raw, ref_same), cand, counter)

    def _top_mean(self, scores: np.ndarray) -> np.ndarray:
        """Per column (candidate): the mean of its ``neighbours`` best rows (vacancies)."""
        k = min(self.neighbours, scores.shape[0])
        return np.asarray(-np.partition(-scores, k - 1, axis=0)[:k].mean(axis=0), dtype=np.float32)

    def feedback_hubness(self, cand: EmbeddedDocs, counter: TermCounts) -> np.ndarray:
        """Each candidate's typical feedback: the mean over its ``neighbours`` best reference
        vacancies (CSLS, as the embedding feature gets). A broad profile resembles the best
        profiles of many vacancies; less this, its feedback counts only where it stands out.
        Depends on the candidate and the reference only (cached per profile)."""
        if cand is getattr(self, "cand_", None):
            return np.asarray(self.cand_feedback_hub_)
        states = self.vac_states_
        if states is None or not len(cand.doc):
            return np.zeros(len(cand.doc), dtype=np.float32)

        def compute(rows: list[int]) -> list[float]:
            return [float(x) for x in self._top_mean(self._feedback_scores(states, subset(cand, rows), counter))]

        keys = self.document_keys(cand)
        return np.array(self._per_key(self.feedback_hub_cache_, keys, compute, _CACHE_LIMIT), dtype=np.float32)

    @staticmethod
    def document_key(text: str, vector: np.ndarray) -> tuple[str, bytes]:
        """What a document's statistics against the reference are a function of: its text and vector."""
        return text, np.ascontiguousarray(vector, dtype=np.float32).tobytes()

    @classmethod
    def document_keys(cls, docs: EmbeddedDocs) -> list[tuple[str, bytes]]:
        """``document_key`` of every document of ``docs``: how the per-document caches are keyed."""
        return [cls.document_key(t, docs.doc[k]) for k, t in enumerate(docs.texts)]

    def missing_feedback_hubness(self, keys: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
        """Profiles (``document_key``) whose feedback hubness this reference has not computed or been given."""
        return [key for key in keys if key not in self.feedback_hub_cache_]

    def preload_feedback_hubness(self, values: Mapping[tuple[str, bytes], float]) -> None:
        """Feedback hubness measured earlier against this same reference (same ``fingerprint_``; stored at
        index time by ``matcher.service.Matcher.store_reference_stats``), by ``document_key``."""
        self._remember(self.feedback_hub_cache_, {key: float(v) for key, v in values.items()}, _CACHE_LIMIT)

    def missing_feedback_states(self, keys: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
        """Vacancies (``document_key``) whose feedback state this reference has not computed or been given."""
        return [key for key in keys if key not in self.feedback_cache_]

    def preload_feedback_states(self, states: Mapping[tuple[str, bytes], FeedbackState]) -> None:
        """Feedback states measured earlier against this same reference (``feedback_states``), by ``document_key``."""
        self._remember(self.feedback_cache_, dict(states), _FEEDBACK_CACHE_LIMIT)

    def feedback_states(self, vac: EmbeddedDocs, counter: TermCounts) -> list[FeedbackState]:
        """Each vacancy's part of the feedback that depends only on the vacancy and the reference (its direct
        features against the reference candidates, which profiles stand for it and their spreads), computed
        once per vacancy and cached. Only with feedback on (``vac_states_`` is not None)."""

        def compute(rows: list[int]) -> list[FeedbackState]:
            ref_raw, ref_same = raw_similarities(subset(vac, rows), self.cand_, self, counter)
            return self._feedback_states(ref_raw, ref_same)

        keys = self.document_keys(vac)
        return self._per_key(self.feedback_cache_, keys, compute, _FEEDBACK_CACHE_LIMIT)

    def cached_feedback(self, vac: EmbeddedDocs, cand: EmbeddedDocs, counter: TermCounts) -> np.ndarray:
        """``feedback`` of ``vac`` against ``cand``, with each vacancy's part that depends only on the
        vacancy and the reference (its direct features against the reference candidates, which
        profiles stand for it and their spreads) computed once per vacancy and cached."""
        n_ref = len(self.cand_.doc)
        if n_ref < FEEDBACK_MIN_REFERENCE or not len(vac.doc):
            return np.zeros((len(vac.doc), len(cand.doc)), dtype=np.float32)
        return self._feedback_scores(self.feedback_states(vac, counter), cand, counter)

    def _feedback_states(self, ref_raw: dict[str, np.ndarray], ref_same: np.ndarray) -> list[FeedbackState]:
        """Per vacancy (rows of ``ref_raw``, its direct features against the reference candidates):
        the ``FEEDBACK_DEPTH`` reference profiles with the best evidence, and (mean, std) over the
        reference candidates of their centre's similarities, embedding first, then each TF-IDF of
        ``FEEDBACK_TERMS`` (rows of the reference's Gram matrices: the centre is their mean)."""
        selection = sum(w * self.standardise(n, ref_raw[n], ref_same) for n, w in SELECTION_WEIGHTS.items())
        top = np.sort(np.argpartition(-np.asarray(selection), FEEDBACK_DEPTH - 1, axis=1)[:, :FEEDBACK_DEPTH], axis=1)
        grams = (self.gram_doc_, *(self.grams_[t] for t in FEEDBACK_TERMS))
        centres = [g[top].mean(axis=1) for g in grams]  # each (n_vac, n_ref): the centre's similarities
        means = [c.mean(axis=1).tolist() for c in centres]
        stds = [c.std(axis=1).tolist() for c in centres]
        return [(top[k], tuple((m[k], sd[k]) for m, sd in zip(means, stds, strict=True))) for k in range(len(top))]

    def _feedback_scores(self, states: Sequence[FeedbackState], cand: EmbeddedDocs, counter: TermCounts) -> np.ndarray:
        """Each candidate's similarity with each vacancy's feedback centre (embedding, then the
        TF-IDF of ``FEEDBACK_TERMS``), standardised over the reference candidates and summed:
        (n_vac, n_cand)."""
        top = np.stack([st[0] for st in states])  # (n_vac, FEEDBACK_DEPTH)
        centre = self.cand_.doc[top].mean(axis=1)  # (n_vac, dim)
        pools = [centre @ cand.doc.T]
        # a centre's TF-IDF similarity with a candidate is the mean of its profiles' (the centre is their mean);
        # only the reference profiles that stand for these vacancies are needed (5 for one query's vacancy)
        columns = np.unique(top)
        with_reference = self.reference_similarities(cand, counter, columns)  # (n_terms, n_cand, len(columns))
        at = np.searchsorted(columns, top)
        pools.extend(with_reference[t].T[at].mean(axis=1) for t in range(len(FEEDBACK_TERMS)))
        total = np.zeros((len(top), len(cand.doc)), dtype=np.float32)
        for part, pool in enumerate(pools):
            mean = np.array([[st[1][part][0]] for st in states], dtype=np.float32)
            std = np.array([[st[1][part][1]] for st in states], dtype=np.float32)
            total += (pool - mean) / np.maximum(std, 1e-6)
        return total

    def reference_similarities(
        self, cand: EmbeddedDocs, counter: TermCounts, columns: np.ndarray | None = None
    ) -> np.ndarray:
        """(n_terms, n_cand, n_ref): TF-IDF cosine of each candidate with each reference profile, per
        analyzer of ``FEEDBACK_TERMS``. Depends on the profile and the reference only: cached per profile
        (1.6 KB), so any vacancy's feedback, and a profile's feedback hubness, are means of its rows.

        ``columns`` (sorted reference rows): only those, (n_terms, n_cand, len(columns)); for profiles not
        cached they are computed alone, not cached (a query's vacancy needs 5 of the 200: the whole rows
        cost most of a first-seen pool), with exactly the values of the whole rows."""
        if cand is getattr(self, "cand_", None):
            full = np.stack([self.grams_[t] for t in FEEDBACK_TERMS])
            return full if columns is None else full[:, :, columns]
        keys = self.document_keys(cand)
        if columns is not None:
            cached = [self.reference_similarity_cache_.get(key) for key in keys]
            if all(c is not None for c in cached):
                found = [c[:, columns] for c in cached if c is not None]
                return np.stack(found, axis=1) if found else np.zeros((len(FEEDBACK_TERMS), 0, len(columns)))
            if len(columns) > len(self.cand_.doc) // 4:  # the whole rows cost little more, and are kept
                return self.reference_similarities(cand, counter)[:, :, columns]
        rows = dict(zip(("word", "char"), self.lexical_rows(cand, counter), strict=True))
        if columns is not None:
            return np.stack([column_products(rows[t], self.rows_[t], columns) for t in FEEDBACK_TERMS])

        def compute(todo: list[int]) -> list[np.ndarray]:
            parts = [
                np.asarray((rows[t][todo] @ self.transposed_[t]).toarray(), dtype=np.float32) for t in FEEDBACK_TERMS
            ]
            both = np.stack(parts, axis=1)  # (len(todo), n_terms, n_ref)
            return list(both)

        found = self._per_key(self.reference_similarity_cache_, keys, compute, _SIMILARITY_CACHE_LIMIT)
        return np.stack(found, axis=1) if found else np.zeros((len(FEEDBACK_TERMS), 0, len(self.cand_.doc)))

    def lexical_products(
        self, left: tuple[sparse.csr_matrix, sparse.csr_matrix], cand: EmbeddedDocs, counter: TermCounts
    ) -> tuple[np.ndarray, np.ndarray]:
        """(word, char) TF-IDF cosines of ``left`` rows (word, char) with the candidate documents:
        against the reference's own candidates through their transposes kept from ``fit``."""
        if cand is getattr(self, "cand_", None) and hasattr(self, "cand_word_t_"):
            return (
                np.asarray((left[0] @ self.cand_word_t_).toarray(), dtype=np.float32),
                np.asarray((left[1] @ self.cand_char_t_).toarray(), dtype=np.float32),
            )
        rw, rc = self.lexical_rows(cand, counter)
        return sparse_products(left[0], rw), sparse_products(left[1], rc)

    def lexical_rows(self, cand: EmbeddedDocs, counter: TermCounts) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(word, char) TF-IDF rows of candidate documents (the reference's own are kept from ``fit``)."""
        if cand is getattr(self, "cand_", None) and hasattr(self, "cand_word_"):
            return self.cand_word_, self.cand_char_
        # A ranking asks twice for its pool's rows (feedback, then the lexical features): the second
        # time they are these matrices again, not 100 cached rows stacked anew (~1 ms, issue 17).
        last: tuple[tuple[str, ...], tuple[sparse.csr_matrix, sparse.csr_matrix]] | None
        last = getattr(self, "last_pool_rows_", None)
        if last is not None and last[0] is cand.texts:
            word, char = last[1]
            return word, char
        rows = self.lexical_rows_of(cand.texts, counter)
        self.last_pool_rows_ = (cand.texts, rows)
        return rows

    def lexical_rows_of(self, texts: Sequence[str], counter: TermCounts) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(word, char) TF-IDF rows of ``texts`` on the reference's IDF, cached per text (a row
        depends only on its text and the reference; the same values as transforming them together)."""

        def transformed(some: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
            cw, cc = counter.counts(some)
            return self.word_.transform(cw).tocsr(), self.char_.transform(cc).tocsr()

        def compute(rows: list[int]) -> list[tuple[SparseRow, SparseRow]]:
            word, char = transformed([texts[k] for k in rows])
            return [(_sparse_row(word, k), _sparse_row(char, k)) for k in range(len(rows))]

        if len(set(texts)) == len(texts) and not any(t in self.lexical_cache_ for t in texts):
            # a pool of first-seen profiles (most queries at scale): transform them together and return those
            # matrices, keeping each row for later queries as a view of them (no copy per row, no re-stacking)
            word, char = transformed(texts)
            fresh = {t: (_row_view(word, k), _row_view(char, k)) for k, t in enumerate(texts)}
            self._remember(self.lexical_cache_, fresh, _ROW_CACHE_LIMIT)
            return word, char
        rows = self._per_key(self.lexical_cache_, list(texts), compute, _ROW_CACHE_LIMIT)
        return stack_rows([r[0] for r in rows]), stack_rows([r[1] for r in rows])

    def vacancy_hubness(self, docs: np.ndarray) -> np.ndarray:
        """Typical similarity of vacancy vectors to the reference candidates (cached per vector)."""
        return self._cached_hubness(self.vacancy_hub_cache_, docs, self.cand_.doc)

    def candidate_hubness(self, docs: np.ndarray) -> np.ndarray:
        """Typical similarity of candidate vectors to the reference vacancies (cached per vector)."""
        if docs is getattr(getattr(self, "cand_", None), "doc", None) and hasattr(self, "cand_hub_"):
            return np.asarray(self.cand_hub_)
        return self._cached_hubness(self.candidate_hub_cache_, docs, self.vac_.doc)

    def _cached_hubness(self, cache: dict[bytes, float], docs: np.ndarray, reference: np.ndarray) -> np.ndarray:
        if not len(reference) or not len(docs):
            return np.zeros(len(docs), dtype=np.float32)

        def compute(rows: list[int]) -> list[float]:
            return [float(x) for x in hubness(docs[rows], reference, self.neighbours)]

        keys = [row.tobytes() for row in docs]
        return np.array(self._per_key(cache, keys, compute, _CACHE_LIMIT), dtype=np.float32)

    def requirement_stats(self, vac: EmbeddedDocs, best: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(mean, spread) over the reference candidates of each vacancy item's best match; ``best``:
        those best matches when the caller has them already (n_vacancy_items, n_reference_candidates)."""
        texts = [item.text for items in vac.item_lists for item in items]
        found = [self.requirement_cache_.get(t) for t in texts]  # read before adding: adding may evict
        todo = [k for k, f in enumerate(found) if f is None]
        if todo:
            if best is not None:
                best = best[todo]
            else:
                best = _best_per_document(vac.items[todo], self.cand_, self.cand_.item_weights, self.cand_distinct_)
            if best.shape[1]:
                stats = zip(best.mean(axis=1), np.maximum(best.std(axis=1), MIN_SPREAD), strict=True)
            else:
                stats = zip(np.zeros(len(todo)), np.ones(len(todo)), strict=True)
            fresh = {texts[k]: (float(m), float(s)) for k, (m, s) in zip(todo, stats)}
            self._remember(self.requirement_cache_, fresh)
            found = [f if f is not None else fresh[t] for f, t in zip(found, texts, strict=True)]
        rows = [f for f in found if f is not None]
        return np.array([r[0] for r in rows], np.float32), np.array([r[1] for r in rows], np.float32)

    def reference_item_similarity(self, vac: EmbeddedDocs) -> np.ndarray:
        """``matcher.features.item_similarity`` of ``vac`` with the reference's own candidates."""
        sim: np.ndarray = item_cosines(vac.items, self.cand_, self.cand_distinct_) * self.cand_.item_weights[None, :]
        return sim

    def item_hubness(self, cand: EmbeddedDocs) -> np.ndarray:
        """Mean over the reference vacancies of each candidate item's best match with their items
        (scaled by the item's weight, as its matches are)."""
        if cand is getattr(self, "cand_", None) and hasattr(self, "cand_item_hub_"):
            return np.asarray(self.cand_item_hub_)
        texts = [item.text for items in cand.item_lists for item in items]
        found = [self.item_cache_.get(t) for t in texts]  # read before adding: adding may evict
        todo = [k for k, f in enumerate(found) if f is None]
        if todo:
            best = _best_per_document(cand.items[todo], self.vac_, None, self.vac_distinct_)
            means = best.mean(axis=1) if best.shape[1] else np.zeros(len(todo))
            fresh = {texts[k]: float(m) for k, m in zip(todo, means)}
            self._remember(self.item_cache_, fresh)
            found = [f if f is not None else fresh[t] for f, t in zip(found, texts, strict=True)]
        hub = np.array(found, dtype=np.float32)
        return np.asarray(hub * cand.item_weights, dtype=np.float32)

    @staticmethod
    def _remember(cache: dict[K, V], rows: dict[K, V], limit: int = _CACHE_LIMIT) -> None:
        """Add ``rows``; beyond ``limit`` the oldest entries go, as many as came in. (Clearing a full
        cache at once freed its 10,000 TF-IDF rows inside one query: a 10-20 ms pause every ~100
        first-seen pools at 300,000 profiles, issue 17.)"""
        cache.update(rows)
        excess = len(cache) - limit
        if excess > 0:
            for key in list(itertools.islice(cache, excess)):
                del cache[key]

    @classmethod
    def _per_key(
        cls, cache: dict[K, V], keys: Sequence[K], compute: Callable[[list[int]], Sequence[V]], limit: int
    ) -> list[V]:
        """Values of ``keys`` from ``cache``; the missing ones by ``compute(first positions)``."""
        found: list[V | None] = [cache.get(key) for key in keys]
        first: dict[K, int] = {}
        for k, (key, value) in enumerate(zip(keys, found, strict=True)):
            if value is None and key not in first:
                first[key] = k
        if not first:
            return [v for v in found if v is not None]
        fresh = dict(zip(first, compute(list(first.values())), strict=True))
        cls._remember(cache, fresh, limit)
        return [v if v is not None else fresh[key] for v, key in zip(found, keys, strict=True)]

    def scale_of(self, weights: Sequence[float]) -> float:
        """Standard deviation over reference pairs of a weighted sum of the z-scored similarity
        features (weights in ``names_`` order)."""
        w = np.asarray(weights, dtype=np.float64)
        variance = float(w @ self.correlation_ @ w)
        return float(np.sqrt(variance)) if variance > 1e-12 else 1.0

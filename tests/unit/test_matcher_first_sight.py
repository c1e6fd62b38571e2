"""First sight of a text (issue 17, 2nd pass): the faster language detection and TF-IDF rows give
exactly what the straightforward versions gave, so rankings cannot move."""

from __future__ import annotations

import random

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from matcher import language
from matcher.features import LexicalSimilarity, TermCounts

WORDS = [
    "dibutuhkan",
    "segera",
    "tukang",
    "las",
    "berpengalaman",
    "mampu",
    "membaca",
    "gambar",
    "teknik",
    "pengemudi",
    "bersertifikat",
    "menjahit",
    "pakaian",
    "welding",
    "experience",
    "required",
    "managing",
    "warehouse",
    "inventory",
    "shipping",
    "ability",
    "cooking",
    "kitchen",
    "helper",
    "position",
    "full",
    "time",
    "memasak",
    "dapur",
    "restoran",
    "operator",
    "forklift",
    "gudang",
]


def _plain_detect(text: str) -> str:
    """``language.detect`` as it was before the per-word cache."""
    words = language._WORD.findall(text.casefold())
    if not words:
        return language.UNKNOWN
    id_score = en_score = 0.0
    for w in words:
        if w in language._ID_WORDS:
            id_score += 1.0
        elif w in language._EN_WORDS:
            en_score += 1.0
        else:
            if language._ID_AFFIX.match(w):
                id_score += 0.5
            if language._EN_AFFIX.search(w):
                en_score += 0.5
    if id_score >= 1.0 and id_score >= 1.5 * en_score:
        return language.INDONESIAN
    if en_score >= 1.0 and en_score >= 1.5 * id_score:
        return language.ENGLISH
    return language.UNKNOWN


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30))) for _ in range(n)]


def test_cached_word_scores_detect_what_the_plain_loop_detects() -> None:
    texts = _texts(3000, 1) + ["", "123 --", "Welding, MIG/TIG.", "Mengelas; membaca gambar"]
    got = [language.detect(t) for t in texts]
    assert got == [_plain_detect(t) for t in texts]
    assert {language.INDONESIAN, language.ENGLISH, language.UNKNOWN} <= set(got)  # every outcome covered


def test_tf_idf_rows_are_bit_identical_to_sklearn_normalize() -> None:
    word, char = TermCounts().counts(_texts(200, 2))  # real n-gram counts, as the matcher makes them
    rows = [sparse.csr_matrix(word), sparse.csr_matrix(char)]
    assert all(x.nnz > 0 for x in rows)
    for x in rows:
        lex = LexicalSimilarity().fit(x)
        expected = x.astype(np.float64, copy=True)
        np.log(expected.data, out=expected.data)
        expected.data += 1.0
        expected.data *= lex._idf(expected.indices)
        expected = normalize(expected, copy=False)
        got = lex.transform(x)
        assert np.array_equal(got.indptr, expected.indptr)
        assert np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)  # exactly, not approximately
        empty = sparse.csr_matrix((2, x.shape[1]))  # rows without terms stay zero (no division by 0)
        assert lex.transform(empty).nnz == 0


def test_chosen_columns_of_the_reference_product_are_bit_identical_to_the_whole_product() -> None:
    from matcher.reference import column_products

    counter = TermCounts()
    for analyzer in (0, 1):  # word, char: TF-IDF rows as the reference keeps them
        reference_rows = counter.counts(_texts(200, 3))[analyzer]
        pool_rows = counter.counts(_texts(100, 4))[analyzer]
        lex = LexicalSimilarity().fit(sparse.vstack([reference_rows, pool_rows]).tocsr())
        ref, pool = lex.transform(reference_rows), lex.transform(pool_rows)
        whole = np.asarray((pool @ ref.T.tocsr()).toarray(), dtype=np.float32)  # the cached rows' way
        columns = np.array(sorted(random.Random(5).sample(range(200), 7)))
        got = column_products(pool, ref, columns)
        assert got.shape == (100, 7) and np.count_nonzero(got) > 100
        assert np.array_equal(got, whole[:, columns])  # exactly: a score may not depend on the cache


def test_a_full_statistics_cache_lets_its_oldest_entries_go_not_all_of_them() -> None:
    from matcher.reference import Reference

    cache: dict[str, int] = {}
    Reference._remember(cache, {"a": 1, "b": 2, "c": 3}, limit=3)
    Reference._remember(cache, {"d": 4}, limit=3)
    assert cache == {"b": 2, "c": 3, "d": 4}  # clearing it whole made one query pay for 10,000 rows
    Reference._remember(cache, {"e": 5, "f": 6, "g": 7, "h": 8}, limit=3)
    assert list(cache) == ["f", "g", "h"]

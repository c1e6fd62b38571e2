"""The array char n-gram counter equals scikit-learn's HashingVectorizer bit for bit (``matcher.ngrams``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from matcher import ngrams

COMMON = {"n_features": 2**20, "alternate_sign": False, "norm": None, "strip_accents": "unicode"}
CHAR = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **COMMON)
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "bench" / "sample"


def assert_same(ours, theirs) -> None:  # type: ignore[no-untyped-def]
    theirs = theirs.tocsr()
    assert ours.shape == theirs.shape
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)
    assert ours.indices.dtype == theirs.indices.dtype and ours.data.dtype == theirs.data.dtype


@pytest.mark.parametrize("length", range(1, 13))
def test_murmur3_equals_sklearn_for_every_length(length: int) -> None:
    rng = np.random.default_rng(length)
    keys = rng.integers(0, 256, size=(64, length), dtype=np.uint8)
    expected = [murmurhash3_32(bytes(row), positive=False) for row in keys]
    assert ngrams.murmur3([keys[:, j] for j in range(length)]).tolist() == expected


def test_the_one_hash_whose_absolute_value_overflows_gets_sklearns_column() -> None:
    assert ngrams.columns(np.array([-(2**31), -5, 7], dtype=np.int32)).tolist() == [
        (2**31 - 1 - (2**20 - 1)) % 2**20,
        5,
        7,
    ]


TEXTS = [
    "",
    "   ",
    "a",
    "Juru las SMAW, pengelasan pelat baja.",
    "Pembuat  roti\tdan kue;\n\nsanitasi pangan.",
    "Café crème brûlée — naïve façade",
    "Menerapkan K3 (keselamatan & kesehatan kerja) di bengkel",
    "日本語 テキスト 混在 mixed",
    "x y z ab cd",
    "ÅNGSTRÖM Ærø ß ﬁ ﬀ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fixed_texts(text: str) -> None:
    assert_same(ngrams.char_wb_counts([text]), CHAR.transform([text]))


def test_a_batch_equals_the_vectorizer_on_the_same_batch() -> None:
    assert_same(ngrams.char_wb_counts(TEXTS), CHAR.transform(TEXTS))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=60), min_size=1, max_size=6))
def test_any_text(texts: list[str]) -> None:
    assert_same(ngrams.char_wb_counts(texts), CHAR.transform(texts))


@pytest.mark.skipif(not SAMPLE.exists(), reason="the public sample is beside the project")
def test_every_text_of_the_sample() -> None:
    texts = []
    for name in ("candidates.jsonl", "vacancies.jsonl"):
        for line in (SAMPLE / name).read_text().splitlines():
            texts.append(" ".join(str(v) for v in json.loads(line).values()))
    assert_same(ngrams.char_wb_counts(texts), CHAR.transform(texts))

"""Character n-gram counts equal bit for bit to scikit-learn's ``HashingVectorizer(analyzer="char_wb",
ngram_range=(3, 5), n_features=2**20, alternate_sign=False, norm=None, strip_accents="unicode")``,
without a Python step per n-gram.

Why by hand: that vectorizer cuts its n-grams in Python (one slice and one generator step per n-gram,
~450 per profile text) and was most of the Python time of the indexing pipeline, where it competes with
the model for the same two cores. Here the text is preprocessed by scikit-learn's own function (lower
case, then ``strip_accents_unicode``), the padded words of all texts are laid end to end in one array
of code points, every n-gram is a window on it, and MurmurHash3 (x86, 32 bit, seed 0: the vectorizer's
hash) runs on whole columns of windows at once. A window with a non-ASCII character (whose UTF-8 bytes
are not its code points) is hashed by scikit-learn's ``murmurhash3_32``. The word counts stay with the
vectorizer (its word analyzer is a regular expression and costs a tenth as much).
``tests/unit/test_ngrams.py`` checks equality on generated texts (Hypothesis) and on the sample.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import strip_accents_unicode
from sklearn.utils import murmurhash3_32

N_FEATURES = 2**20
CHAR_RANGE = (3, 5)
_BITS = 20  # N_FEATURES == 1 << _BITS
_SPACE = 32

_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
_M5, _N1 = np.uint32(5), np.uint32(0xE6546B64)
_F1, _F2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _mix(k: np.ndarray) -> np.ndarray:
    return _rotl(k * _C1, 15) * _C2


def murmur3(key_bytes: Sequence[np.ndarray]) -> np.ndarray:
    """MurmurHash3_x86_32, seed 0, of keys given as byte columns (``key_bytes[j]``: the j-th byte of
    every key, values 0..255; all keys one length): the signed 32-bit hashes, as
    ``sklearn.utils.murmurhash3_32(key, positive=False)`` gives them."""
    length = len(key_bytes)
    cols = [c.astype(np.uint32, copy=False) for c in key_bytes]
    m = len(cols[0]) if cols else 0
    h = np.zeros(m, dtype=np.uint32)
    blocks = length // 4
    with np.errstate(over="ignore"):
        for b in range(blocks):
            k = cols[4 * b] | cols[4 * b + 1] << 8 | cols[4 * b + 2] << 16 | cols[4 * b + 3] << 24
            h ^= _mix(k)
            h = _rotl(h, 13) * _M5 + _N1
        if length % 4:
            k = np.zeros(m, dtype=np.uint32)
            for t in range(length % 4):
                k ^= cols[4 * blocks + t] << np.uint32(8 * t)
            h ^= _mix(k)
        h ^= np.uint32(length)
        h ^= h >> np.uint32(16)
        h *= _F1
        h ^= h >> np.uint32(13)
        h *= _F2
        h ^= h >> np.uint32(16)
    return h.view(np.int32)


def columns(hashes: np.ndarray) -> np.ndarray:
    """Column of each signed hash: ``abs(h) % N_FEATURES``, with scikit-learn's rule for -2**31."""
    h = hashes.astype(np.int64)
    out = np.abs(h) % N_FEATURES
    out[h == -(2**31)] = (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES
    return out


def padded_words(text: str) -> str:
    """The vectorizer's preprocessing and word split, each word padded with a space on both sides and
    the padded words laid end to end (words hold no whitespace, so the spaces mark them)."""
    return " " + "  ".join(strip_accents_unicode(text.lower()).split()) + " "


def char_wb_counts(texts: Sequence[str]) -> sparse.csr_matrix:
    """Counts of character 3-5-grams inside word boundaries, one row per text.

    The vectorizer takes every window of 3, 4 and 5 characters inside each padded word; a padded word
    shorter than n gives no n-gram (it was counted whole at its own length)."""
    pieces = [padded_words(t) for t in texts]
    big = "".join(pieces)
    points = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    text_end = np.cumsum([len(p) for p in pieces], dtype=np.int64)
    word = np.concatenate([[False], points != _SPACE, [False]])
    edges = np.flatnonzero(word[1:] != word[:-1])  # run starts and ends (exclusive), alternating
    seg_start = edges[0::2] - 1  # the padded word starts at the space before its first character
    seg_len = edges[1::2] - edges[0::2] + 2
    seg_owner = np.searchsorted(text_end, seg_start, side="right")
    keys = []
    for n in range(CHAR_RANGE[0], CHAR_RANGE[1] + 1):
        per_seg = np.maximum(seg_len - n + 1, 0)
        total = int(per_seg.sum())
        if not total:
            continue
        starts = np.repeat(seg_start - (np.cumsum(per_seg) - per_seg), per_seg) + np.arange(total)
        chars = [points[starts + j] for j in range(n)]
        wide = np.flatnonzero(np.bitwise_or.reduce(chars) >= 128)
        hashes = murmur3(chars)
        for i in wide:  # UTF-8 bytes differ from code points: scikit-learn's hash of the real bytes
            s = int(starts[i])
            hashes[i] = murmurhash3_32(big[s : s + n].encode("utf-8"), positive=False)
        keys.append(np.repeat(seg_owner, per_seg) << _BITS | columns(hashes))
    return _counts(np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64), len(texts))


def _counts(sorted_keys: np.ndarray, n_rows: int) -> sparse.csr_matrix:
    """CSR counts from sorted (row << 20 | column) keys, as the vectorizer returns them: float64 counts,
    int32 indices sorted within each row."""
    first = np.flatnonzero(np.concatenate([[len(sorted_keys) > 0], sorted_keys[1:] != sorted_keys[:-1]]))
    unique = sorted_keys[first]
    data = np.diff(np.append(first, len(sorted_keys))).astype(np.float64)
    rows = unique >> _BITS
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_rows))]).astype(np.int32)
    indices = (unique & (N_FEATURES - 1)).astype(np.int32)
    return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, N_FEATURES))

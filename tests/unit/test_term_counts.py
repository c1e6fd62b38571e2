"""Counts computed at index time and preloaded give the same matrices as computing them now."""

from __future__ import annotations

import numpy as np

from matcher.features import TermCounts

TEXTS = ["Juru las SMAW, pengelasan pelat baja.", "Pembuat roti dan kue; sanitasi pangan.", "Welder (SMAW)"]


def test_preloaded_counts_equal_computed_counts() -> None:
    fresh = TermCounts()
    word, char = fresh.counts(TEXTS)
    stored = TermCounts(cache_size=0).compute(TEXTS)
    # as read back from the database: int32 indices, float32 counts
    as_stored = {
        t: ((w[0].astype("<i4"), w[1].astype("<f4")), (c[0].astype("<i4"), c[1].astype("<f4")))
        for t, (w, c) in stored.items()
    }
    loaded = TermCounts()
    assert loaded.missing(TEXTS) == TEXTS
    loaded.preload(as_stored)
    assert loaded.missing(TEXTS + ["baru"]) == ["baru"]
    word2, char2 = loaded.counts(TEXTS)
    assert np.array_equal(word.toarray(), word2.toarray())
    assert np.array_equal(char.toarray(), char2.toarray())


def test_compute_leaves_the_cache_alone() -> None:
    counter = TermCounts()
    counter.compute(TEXTS)
    assert counter.missing(TEXTS) == TEXTS


def test_languages_come_from_what_was_preloaded_and_are_detected_otherwise() -> None:
    """A language stored at index time is used as given (here a wrong one, to see it is read, not
    detected); a text without one is detected once and kept."""
    from matcher.features import same_language
    from matcher.language import detect

    counter = TermCounts()
    indonesian, english = "Mengelas pipa dan memotong plat baja", "Welding pipes and cutting steel plates"
    assert detect(indonesian) == "id" and detect(english) == "en"
    counter.preload({}, {indonesian: "en"})
    assert counter.languages([indonesian, english]) == ["en", "en"]
    assert same_language([indonesian], [english], counter).tolist() == [[True]]
    assert same_language([indonesian], [english]).tolist() == [[False]]  # detected when no counter is given
    assert counter.languages([english]) == ["en"]

"""Pair features and ranking rules, with a tiny bag-of-words fake embedder."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.documents import CandidateDoc, parse_candidate, parse_vacancy
from matcher.features import (
    ALIGNMENT,
    EMBEDDING,
    UNIT_COVERAGE,
    Peers,
    TermCounts,
    alignment_parts,
    availability,
    embed_candidates,
    embed_vacancies,
    lexical_similarity,
    lexical_vectors,
    normalise_region,
    pair_features,
    region_match,
    segment_max,
    unit_coverage,
)
from matcher.scoring import (
    DEFAULT_WEIGHTS,
    FEEDBACK,
    FEEDBACK_DEPTH,
    FEEDBACK_MIN_POOL,
    combine,
    feedback,
    normalised,
    rank_candidates,
    rank_vacancies,
    score_pairs,
    standardise,
)

TODAY = date(2026, 11, 25)


class BagOfWords:
    """Fake embedder: hashed bag of words, L2-normalised (texts sharing words are close)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                out[row, zlib.crc32(word.encode()) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def cand(cid: str, skills: list[str], **extra: object) -> CandidateDoc:
    return parse_candidate({"id": cid, "skills": skills, **extra})


WELD = parse_vacancy(
    {
        "id": "v-weld",
        "title": "welder",
        "requirements": ["welding steel pipes", "read welding drawings"],
        "required_units": ["W.1", "W.2"],
        "start_date": "2027-01-10",
        "region": "Kota Batam",
    }
)
BAKE = parse_vacancy({"id": "v-bake", "title": "baker", "requirements": ["bake bread dough"]})


def features_for(vacancies: list, candidates: list) -> object:  # type: ignore[type-arg]
    emb = BagOfWords()
    return pair_features(
        vacancies,
        candidates,
        embed_vacancies(vacancies, emb),
        embed_candidates(candidates, emb, TODAY),
        TODAY,
    )


def test_welder_beats_baker_and_baker_wins_bakery() -> None:
    welder = cand("welder", ["welding steel pipes", "read welding drawings"])
    baker = cand("baker", ["bake bread dough", "cake decoration"])
    feats = features_for([WELD, BAKE], [baker, welder])
    _, orders = rank_candidates(feats)  # type: ignore[arg-type]
    assert [int(i) for i in orders[0]] == [1, 0]
    assert [int(i) for i in orders[1]] == [0, 1]
    assert feats.get(ALIGNMENT)[0, 1] > feats.get(ALIGNMENT)[0, 0]  # type: ignore[attr-defined]


def test_unavailable_candidate_ranks_below_every_available_one() -> None:
    perfect_but_late = cand(
        "late",
        ["welding steel pipes", "read welding drawings", "welder"],
        available_from="2027-01-11",
        certificates=[
            {"scheme": "welder", "units": [{"code": "W.1", "title": "welding"}, {"code": "W.2", "title": "x"}]}
        ],
    )
    weak_but_free = cand("free", ["bake bread dough"], available_from="2027-01-10")
    unknown_date = cand("unknown", ["cake decoration"])
    feats = features_for([WELD], [perfect_but_late, weak_but_free, unknown_date])
    scores, orders = rank_candidates(feats)  # type: ignore[arg-type]
    assert scores[0, 0] > scores[0, 1]  # it is the best match on skills ...
    assert int(orders[0][-1]) == 0  # ... and still last
    assert feats.available.tolist() == [[False, True, True]]  # type: ignore[attr-defined]


def test_availability_unknown_dates_count_as_available() -> None:
    no_start = parse_vacancy({"id": "v", "title": "t"})
    late = cand("c", [], available_from="2030-01-01")
    assert availability([no_start, WELD], [late, cand("d", [])]).tolist() == [[True, True], [False, True]]


def test_unit_coverage_counts_required_codes_with_partial_credit_for_expired() -> None:
    full = cand(
        "full",
        [],
        certificates=[{"scheme": "s", "units": [{"code": "w.1", "title": "a"}, {"code": "W.2", "title": "b"}]}],
    )
    half_expired = cand(
        "half",
        [],
        certificates=[
            {"scheme": "s", "units": [{"code": "W.1", "title": "a"}], "valid_until": "2027-06-30"},
            {"scheme": "s", "units": [{"code": "W.2", "title": "b"}], "valid_until": "2025-01-01"},
        ],
    )
    none = cand("none", ["welding"])
    cov = unit_coverage([WELD, BAKE], [full, half_expired, none], TODAY)
    assert cov[0].tolist() == pytest.approx([1.0, 0.75, 0.0])
    assert cov[1].tolist() == [0.0, 0.0, 0.0]  # no required units: constant, no effect


def test_region_same_elsewhere_unknown() -> None:
    assert normalise_region(" KOTA  Batam ") == normalise_region("batam") == "batam"
    m = region_match([WELD, BAKE], [cand("a", [], region="Batam"), cand("b", [], region="Medan"), cand("c", [])])
    assert m.tolist() == [[1.0, 0.0, 0.5], [0.5, 0.5, 0.5]]


def test_region_breaks_ties_only() -> None:
    same_skills = ["welding steel pipes", "read welding drawings"]
    far, near = cand("far", same_skills, region="Medan"), cand("near", same_skills, region="Batam")
    _, orders = rank_candidates(features_for([WELD], [far, near]))  # type: ignore[arg-type]
    assert int(orders[0][0]) == 1


def test_segment_max_handles_documents_without_items() -> None:
    sim = np.array([[0.1, 0.9, 0.3]], dtype=np.float32)
    offsets = np.array([0, 2, 2, 3])  # doc 1 has no items
    assert segment_max(sim, offsets, fill=-1.0)[0].tolist() == pytest.approx([0.9, -1.0, 0.3])


def test_alignment_coverage_and_focus() -> None:
    emb = BagOfWords()
    vac = embed_vacancies([BAKE], emb)
    narrow = cand("narrow", ["bake bread dough"])
    noisy = cand("noisy", ["bake bread dough", "fix engines", "paint walls", "drive trucks"])
    empty = cand("empty", [])
    coverage, focus = alignment_parts(vac, embed_candidates([narrow, noisy, empty], emb, TODAY))
    assert coverage[0, 0] == pytest.approx(coverage[0, 1])  # both answer the requirement
    assert focus[0, 0] > focus[0, 1]  # but one profile is about something else
    assert coverage[0, 2] == 0.0 and focus[0, 2] == 0.0


def test_lexical_similarity_equals_scikit_learn_tfidf() -> None:
    left = ["juru las pipa baja", "pembuat roti dan kue"]
    right = ["las pipa baja karbon", "roti manis", "mekanik motor", "las listrik dan las pipa"]
    word, _ = lexical_similarity(left, right, TermCounts())
    ref = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode").fit(left + right)
    expected = (ref.transform(left) @ ref.transform(right).T).toarray()
    assert word == pytest.approx(expected, abs=1e-6)


def test_term_counts_cache_gives_same_result() -> None:
    counter = TermCounts()
    first = lexical_similarity(["las pipa"], ["las pipa baja", "roti"], counter)
    second = lexical_similarity(["las pipa"], ["las pipa baja", "roti"], counter)
    assert np.array_equal(first[1], second[1]) and first[1][0, 0] > first[1][0, 1]


def test_standardise_and_combine() -> None:
    z = standardise(np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]), axis=1)
    assert z[0].mean() == pytest.approx(0.0) and z[0].std() == pytest.approx(1.0)
    assert z[1].tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="unknown"):
        combine(np.zeros((1, 1, 1)), ["a"], {"b": 1.0})
    assert set(DEFAULT_WEIGHTS) >= {EMBEDDING, ALIGNMENT, UNIT_COVERAGE}


def test_rank_vacancies_for_a_candidate() -> None:
    welder = cand("welder", ["welding steel pipes", "read welding drawings"], available_from="2027-01-01")
    feats = features_for([BAKE, WELD], [welder])
    scores, orders = rank_vacancies(feats)  # type: ignore[arg-type]
    assert scores.shape == (1, 2)
    assert [int(i) for i in orders[0]] == [1, 0]


def _peers(cand_doc: np.ndarray) -> Peers:
    chars = sparse.csr_matrix(cand_doc.astype(np.float64))  # stand-in char rows, also unit length
    return Peers(cand_doc[:1], cand_doc, chars[:1], chars)


def test_feedback_lifts_documents_like_the_best_ones() -> None:
    n = FEEDBACK_MIN_POOL + 4
    docs = np.zeros((n, 2), dtype=np.float32)
    docs[:, 1] = 1.0  # the pool is about something else ...
    docs[:FEEDBACK_DEPTH] = [1.0, 0.0]  # ... except the best-scored few
    docs[n - 1] = [1.0, 0.0]  # x: like the best, but scored low
    scores = np.zeros((1, n), dtype=np.float32)
    scores[0, :FEEDBACK_DEPTH] = 5.0
    fb = feedback(_peers(docs), scores)
    assert fb.shape == (1, n)
    assert fb[0, n - 1] > fb[0, n - 2]  # x gains over an equally scored unlike document
    assert fb[0, n - 1] == pytest.approx(fb[0, 0])


def test_feedback_is_off_for_small_pools_and_with_zero_weight() -> None:
    docs = np.eye(FEEDBACK_MIN_POOL - 1, dtype=np.float32)
    scores = np.arange(FEEDBACK_MIN_POOL - 1, dtype=np.float32)[None, :]
    assert not feedback(_peers(docs), scores).any()
    feats = features_for([WELD, BAKE], [cand(f"c{k}", ["welding steel pipes"]) for k in range(25)])
    assert feats.peers is not None  # type: ignore[attr-defined]
    plain = combine(normalised(feats), feats.names, DEFAULT_WEIGHTS)  # type: ignore[attr-defined]
    assert np.array_equal(score_pairs(feats, {**DEFAULT_WEIGHTS, FEEDBACK: 0.0}), plain)  # type: ignore[arg-type]


def test_feedback_over_vacancies_has_the_pair_shape() -> None:
    n = FEEDBACK_MIN_POOL
    vdocs = np.zeros((n, 2), dtype=np.float32)
    vdocs[:, 0] = 1.0
    vdocs[n // 2 :] = [0.0, 1.0]
    chars = sparse.csr_matrix(vdocs.astype(np.float64))
    peers = Peers(vdocs, vdocs[:1], chars, chars[:1])
    scores = np.zeros((n, 1), dtype=np.float32)
    scores[:FEEDBACK_DEPTH, 0] = 1.0  # vacancies of the first kind scored best for the one candidate
    fb = feedback(peers, scores, over="vacancies")
    assert fb.shape == (n, 1)
    assert fb[FEEDBACK_DEPTH, 0] > fb[n - 1, 0]
    with pytest.raises(ValueError, match="over"):
        feedback(peers, scores, over="both")


def test_lexical_vectors_rows_give_the_char_cosines() -> None:
    left, right = ["juru las pipa"], ["las pipa baja", "roti manis", "juru las"]
    word, char, lrows, rrows = lexical_vectors(left, right, TermCounts())
    assert (lrows @ rrows.T).toarray() == pytest.approx(char, abs=1e-6)
    assert np.asarray(rrows.multiply(rrows).sum(axis=1)).ravel() == pytest.approx([1.0, 1.0, 1.0])
    assert word.shape == char.shape == (1, 3)


def test_term_counts_mix_of_cached_and_new_texts_equals_a_fresh_count() -> None:
    counter = TermCounts()
    counter.counts(["las pipa", "roti"])
    word, char = counter.counts(["roti", "las listrik", "las pipa", "roti"])
    fresh_word, fresh_char = TermCounts().counts(["roti", "las listrik", "las pipa", "roti"])
    assert (word != fresh_word).nnz == 0 and (char != fresh_char).nnz == 0
    assert word.shape == (4, 2**20)
    empty_word, _ = counter.counts([])
    assert empty_word.shape == (0, 2**20)

"""Pair features and ranking rules, with a tiny bag-of-words fake embedder."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.documents import CandidateDoc, parse_candidate, parse_vacancy
from matcher.features import (
    ALIGNMENT,
    EMBEDDING,
    FEEDBACK,
    LEXICAL_CHAR,
    LEXICAL_WORD,
    UNIT_COVERAGE,
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
from matcher.reference import FEEDBACK_MIN_REFERENCE, Reference, hubness
from matcher.scoring import (
    DEFAULT_WEIGHTS,
    calibrated,
    combine,
    label_of,
    normalised,
    rank_candidates,
    rank_vacancies,
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


def features_for(vacancies: list, candidates: list, reference: Reference | None = None) -> object:  # type: ignore[type-arg]
    emb = BagOfWords()
    return pair_features(
        vacancies,
        candidates,
        embed_vacancies(vacancies, emb),
        embed_candidates(candidates, emb, TODAY),
        TODAY,
        reference=reference,
    )


def reference_of(vacancies: list, candidates: list) -> Reference:  # type: ignore[type-arg]
    emb = BagOfWords()
    return Reference().fit(embed_vacancies(vacancies, emb), embed_candidates(candidates, emb, TODAY))


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


def test_a_nearby_candidate_ranks_above_an_equally_matched_distant_one() -> None:
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


def test_combine_rejects_unknown_weights() -> None:
    with pytest.raises(ValueError, match="unknown"):
        combine(np.zeros((1, 1, 1)), ["a"], {"b": 1.0})
    assert set(DEFAULT_WEIGHTS) >= {EMBEDDING, ALIGNMENT, UNIT_COVERAGE}


def test_rank_vacancies_for_a_candidate() -> None:
    welder = cand("welder", ["welding steel pipes", "read welding drawings"], available_from="2027-01-01")
    feats = features_for([BAKE, WELD], [welder])
    scores, orders = rank_vacancies(feats)  # type: ignore[arg-type]
    assert scores.shape == (1, 2)
    assert [int(i) for i in orders[0]] == [1, 0]


def _crowd() -> list[CandidateDoc]:
    """Reference profiles: five welders, many office workers, a few bakers."""
    welders = [cand(f"w{k}", ["welding steel pipes", "read welding drawings"]) for k in range(5)]
    office = [cand(f"o{k}", ["microsoft office", "filing letters", f"typing {k}"]) for k in range(15)]
    bakers = [cand(f"b{k}", ["bake bread dough", "cake decoration", "microsoft office"]) for k in range(6)]
    return welders + office + bakers


def test_feedback_lifts_profiles_like_the_best_reference_ones() -> None:
    crowd = _crowd()
    reference = reference_of([WELD, BAKE], crowd)
    like_welders = cand("like", ["read welding drawings", "steel pipes"])  # shares the welders' words
    unlike = cand("unlike", ["cake decoration", "drawings"])
    feats = features_for([WELD], [like_welders, unlike], reference)
    fb = feats.get(FEEDBACK)  # type: ignore[attr-defined]
    assert fb[0, 0] > fb[0, 1]


def test_feedback_counts_shared_words_with_the_best_reference_profiles() -> None:
    crowd = _crowd()
    reference = reference_of([WELD, BAKE], crowd)
    # same embedding (bag of words over the same words), but only one shares the welders' exact words
    exact = cand("exact", ["welding steel pipes"])
    reordered = cand("reordered", ["steel welding pipes"])
    fb = features_for([WELD], [exact, reordered], reference).get(FEEDBACK)  # type: ignore[attr-defined]
    assert fb[0, 0] > fb[0, 1]  # word pairs ("steel pipes") of the welders count


def test_feedback_of_a_pool_equals_feedback_of_the_same_profiles_as_the_reference() -> None:
    crowd = _crowd()
    offline = features_for([WELD, BAKE], crowd)  # the files are the reference
    served = features_for([WELD, BAKE], crowd, reference_of([WELD, BAKE], crowd))  # cached per vacancy
    np.testing.assert_allclose(served.get(FEEDBACK), offline.get(FEEDBACK), atol=1e-4)  # type: ignore[attr-defined]


def test_feedback_is_off_for_a_small_reference() -> None:
    few = _crowd()[: FEEDBACK_MIN_REFERENCE - 1]
    feats = features_for([WELD], few)
    assert not feats.get(FEEDBACK).any()  # type: ignore[attr-defined]


def test_a_pair_scores_the_same_whatever_else_is_in_the_pool() -> None:
    crowd = _crowd()
    reference = reference_of([WELD, BAKE], crowd)
    welder = cand("welder", ["welding steel pipes", "read welding drawings"], region="Batam")
    alone, _ = rank_candidates(features_for([WELD], [welder], reference))  # type: ignore[arg-type]
    crowded, _ = rank_candidates(features_for([WELD], [*crowd[5:12], welder], reference))  # type: ignore[arg-type]
    assert alone[0, 0] == pytest.approx(crowded[0, -1], abs=1e-3)
    as_vacancy_view, _ = rank_vacancies(features_for([BAKE, WELD], [welder], reference))  # type: ignore[arg-type]
    assert as_vacancy_view[0, 1] == pytest.approx(alone[0, 0], abs=1e-3)  # the officer's view agrees
    assert 0.0 <= alone[0, 0] <= 100.0


def test_a_generic_requirement_met_by_many_counts_little() -> None:
    vacancy = parse_vacancy({"id": "v", "title": "welder", "requirements": ["welding steel pipes", "microsoft office"]})
    crowd = _crowd()
    reference = reference_of([vacancy, BAKE], crowd)
    generic = cand("generic", ["microsoft office"])
    specific = cand("specific", ["welding steel pipes"])
    feats = features_for([vacancy], [generic, specific], reference)
    assert feats.get(ALIGNMENT)[0, 1] > feats.get(ALIGNMENT)[0, 0]  # type: ignore[attr-defined]


def test_hubness_is_the_mean_similarity_of_the_nearest_reference_documents() -> None:
    docs = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    ref = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    assert hubness(docs, ref, 2).tolist() == pytest.approx([0.9, 0.8])


def test_lexical_features_are_neutral_across_languages() -> None:
    vacancy = parse_vacancy(
        {"id": "v", "title": "Juru las", "requirements": ["mampu mengelas pipa baja dengan las listrik"]}
    )
    english = cand("en", ["welding of steel pipes and reading drawings for the workshop"])
    indonesian = cand("id", ["pernah bekerja sebagai juru las pipa baja di bengkel"])
    feats = features_for([vacancy], [english, indonesian, *_crowd()])
    normal = normalised(feats)  # type: ignore[arg-type]
    for name in (LEXICAL_WORD, LEXICAL_CHAR):
        k = feats.names.index(name)  # type: ignore[attr-defined]
        assert normal[k, 0, 0] == 0.0 and normal[k, 0, 1] != 0.0


def test_calibrated_scores_and_labels() -> None:
    raw = np.array([[-3.0, 0.0, 2.5, 4.0, 10.0]])
    score = calibrated(raw, 1.0)[0]
    assert list(score) == sorted(score) and 0.0 < score[0] < 1.0 and score[-1] > 99.0
    assert score[2] == pytest.approx(50.0)
    assert [label_of(x) for x in (80.0, 50.0, 10.0)] == ["strong", "partial", "weak"]
    assert calibrated(raw * 2, 2.0) == pytest.approx(calibrated(raw, 1.0))  # measured in reference spreads


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


def test_feedback_is_less_each_profiles_typical_feedback() -> None:
    crowd = _crowd()
    reference = reference_of([WELD, BAKE], crowd)
    welder = cand("welder", ["welding steel pipes", "read welding drawings"])
    broad = cand("broad", ["welding steel pipes", "read welding drawings", "bake bread dough", "cake decoration"])
    counter = TermCounts()
    hub = reference.feedback_hubness(embed_candidates([welder, broad], BagOfWords(), TODAY), counter)
    assert hub[1] > hub[0]  # the broad profile looks like the best profiles of both vacancies
    fb = features_for([WELD], [welder, broad], reference).get(FEEDBACK)  # type: ignore[attr-defined]
    assert fb[0, 0] > fb[0, 1]  # so for the welding job the welder's feedback counts more


def test_tfidf_rows_of_a_first_seen_pool_equal_rows_of_a_mixed_one() -> None:
    """A pool of profiles the reference has not seen is transformed in one go and its matrices returned as they
    are; the rows kept for later are views of them. Both give exactly what the row-by-row path gives."""
    crowd = _crowd()
    texts = [f"profile {k}: " + " ".join(c.skills) for k, c in enumerate(crowd)]
    first_seen = reference_of([WELD, BAKE], crowd)
    mixed = reference_of([WELD, BAKE], crowd)
    mixed.lexical_rows_of(texts[:3], TermCounts())  # some rows cached: the row-by-row path
    for a, b in zip(first_seen.lexical_rows_of(texts, TermCounts()), mixed.lexical_rows_of(texts, TermCounts())):
        assert a.shape == b.shape and (a != b).nnz == 0
        assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    again = first_seen.lexical_rows_of(texts[::-1], TermCounts())  # from the kept views, in another order
    for a, b in zip(again, mixed.lexical_rows_of(texts[::-1], TermCounts())):
        assert (a != b).nnz == 0

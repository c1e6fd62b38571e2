"""Place as a fact (issue 15 item 3): the region feature graded by distance between regency seats."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.documents import CandidateDoc, VacancyDoc
from matcher.explain import explain_pair, render_id
from matcher.features import (
    NEAR_MAX,
    embed_candidates,
    embed_vacancies,
    km_between,
    nearby_value,
    pair_features,
    region_match,
)
from matcher.profiles import candidate_doc, vacancy_doc
from matcher.scoring import rank_candidates
from tests.unit.test_matcher_scoring import TODAY, BagOfWords

# Regency seats as migration 0830 gives them (GeoNames points).
SIDOARJO = ("35.15", (-7.4478, 112.7183))
SURABAYA = ("35.78", (-7.2492, 112.7508))
MOJOKERTO = ("35.16", (-7.4722, 112.4336))  # Kab. Mojokerto seat, ~32 km from Sidoarjo
BANYUWANGI = ("35.10", (-8.2191, 114.3691))  # same province, ~200 km
BEKASI = ("32.75", (-6.2349, 106.9896))
JAKARTA_TIMUR = ("31.75", (-6.2146, 106.8451))  # another province, ~16 km from Bekasi
MEDAN = ("12.71", (3.5833, 98.6667))


def vac(place: tuple[str, tuple[float, float]] | None, *, point: bool = True) -> VacancyDoc:
    return VacancyDoc(
        "v",
        "Tukang las",
        requirements=("mengelas pipa baja",),
        region=place[0] if place else None,
        point=place[1] if place and point else None,
    )


def doc(key: str, place: tuple[str, tuple[float, float]] | None, *, point: bool = True) -> CandidateDoc:
    return CandidateDoc(
        key,
        skills=("mengelas pipa baja", "membaca gambar las"),
        region=place[0] if place else None,
        point=place[1] if place and point else None,
    )


def test_km_between_known_pairs() -> None:
    a = np.array([SIDOARJO[1], BEKASI[1]])
    b = np.array([SURABAYA[1], JAKARTA_TIMUR[1], (np.nan, np.nan)])
    km = km_between(a, b)
    assert km[0, 0] == pytest.approx(22.3, abs=0.5)  # Sidoarjo - Surabaya
    assert km[1, 1] == pytest.approx(16.1, abs=0.5)  # Bekasi - Jakarta Timur
    assert np.isnan(km[0, 2])


def test_nearby_value_decays_smoothly_and_crosses_the_province_value_near_57_km() -> None:
    values = nearby_value(np.array([0.0, 12.0, 25.0, 50.0, 57.0, 60.0, 120.0]))
    assert values[0] == pytest.approx(NEAR_MAX)
    assert list(values) == sorted(values, reverse=True)
    assert values[4] == pytest.approx(0.5, abs=0.01)
    assert values[5] == pytest.approx(NEAR_MAX / 2)
    assert values[6] < 0.06


def test_same_regency_beats_nearby_beats_same_province_beats_elsewhere() -> None:
    people = [doc("same", SIDOARJO), doc("near", MOJOKERTO), doc("prov", BANYUWANGI), doc("far", MEDAN)]
    m = region_match([vac(SIDOARJO)], people)[0]
    assert m[0] == 1.0
    assert 0.5 < m[1] < 1.0  # ~32 km: nearby
    assert m[2] == pytest.approx(0.5)  # same province, beyond commuting distance
    assert m[3] == pytest.approx(0.0, abs=1e-4)  # another island
    assert m[0] > m[1] > m[2] > m[3]


def test_nearby_across_a_province_border_counts() -> None:
    m = region_match([vac(JAKARTA_TIMUR)], [doc("bekasi", BEKASI), doc("medan", MEDAN)])[0]
    assert m[0] > 0.8  # Kota Bekasi is in Jawa Barat but 16 km from Jakarta Timur
    assert m[1] == pytest.approx(0.0, abs=1e-4)


def test_without_points_the_tiers_stay_as_before() -> None:
    """A regency without a seat in the table (42 of 514), and the offline format (names, no
    coordinates): same regency 1, same province 0.5, elsewhere 0, unknown 0.5."""
    people = [doc("same", SIDOARJO), doc("prov", MOJOKERTO, point=False), doc("far", MEDAN, point=False),
              doc("unknown", None)]  # fmt: skip
    assert region_match([vac(SIDOARJO)], people)[0].tolist() == pytest.approx([1.0, 0.5, 0.0, 0.5])
    assert region_match([vac(None)], people)[0].tolist() == pytest.approx([0.5] * 4)
    assert region_match([vac(SIDOARJO, point=False)], [doc("near", MOJOKERTO)])[0].tolist() == [0.5]


def test_a_nearby_certified_candidate_ranks_above_an_equally_matched_distant_one() -> None:
    """The issue's Done-when: same profile, one 32 km away, one in the same province 200 km away."""
    emb = BagOfWords()
    vacancy = vac(SIDOARJO)
    far, near = doc("far", BANYUWANGI), doc("near", MOJOKERTO)
    features = pair_features(
        [vacancy], [far, near], embed_vacancies([vacancy], emb), embed_candidates([far, near], emb, TODAY), TODAY
    )
    _, orders = rank_candidates(features)
    assert int(orders[0][0]) == 1


def test_explanation_says_how_far_and_where() -> None:
    emb = BagOfWords()
    vacancy, near = vac(SIDOARJO), doc("near", MOJOKERTO)
    vdocs, cdocs = embed_vacancies([vacancy], emb), embed_candidates([near], emb, TODAY)
    features = pair_features([vacancy], [near], vdocs, cdocs, TODAY)
    explanation = explain_pair(vacancy, near, vdocs, 0, cdocs, 0, features, 50.0, TODAY)
    assert explanation.distance_km == pytest.approx(31.7, abs=1.0)
    names = {"35.15": "Kabupaten Sidoarjo", "35.16": "Kabupaten Mojokerto"}
    lines = render_id(explanation, names)
    assert "Domisili 32 km dari lokasi lowongan (Kabupaten Sidoarjo)." in lines
    same = explain_pair(vacancy, doc("same", SIDOARJO), vdocs, 0, cdocs, 0, features, 50.0, TODAY)
    assert same.distance_km is None  # same regency: the existing sentence says it


def test_profiles_put_the_seat_on_the_documents() -> None:
    from tests.unit.test_matcher_service import job, person

    points = {SIDOARJO[0]: SIDOARJO[1]}
    here, there = person(1, (), domicile_regency_code=SIDOARJO[0]), person(2, (), domicile_regency_code=MEDAN[0])
    assert candidate_doc(here, [], TODAY, points).point == SIDOARJO[1]
    assert candidate_doc(there, [], TODAY, points).point is None  # a regency without a seat in the table
    assert candidate_doc(here, [], TODAY).point is None  # no lookup: as before
    assert vacancy_doc(job(1, "welder", (), (), regency_code=SIDOARJO[0]), points).point == SIDOARJO[1]


def test_km_apart_of_one_pair_is_the_matrix_value() -> None:
    """Explanations measure one pair with ``km_apart`` (plain floats); it is ``km_between`` of that pair."""
    import random

    from matcher.features import km_apart

    rng = random.Random(5)
    for _ in range(200):
        a = (rng.uniform(-11, 6), rng.uniform(95, 141))
        b = (rng.uniform(-11, 6), rng.uniform(95, 141))
        assert km_apart(a, b) == pytest.approx(float(km_between(np.array([a]), np.array([b]))[0, 0]), abs=1e-6)
    assert km_apart((-6.2, 106.8), (-6.2, 106.8)) == 0.0

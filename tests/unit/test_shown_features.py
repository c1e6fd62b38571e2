"""Each ranked result carries its pair's normalised features (logged for learning), the same in both
directions and equal to what ``matcher.scoring.normalised`` gives for the whole matrix."""

from __future__ import annotations

import numpy as np

from matcher.features import FEATURE_NAMES, embed_candidates, embed_vacancies, pair_features
from matcher.rerank import candidates_for_vacancy, vacancies_for_candidate
from matcher.scoring import DEFAULT_WEIGHTS, normalised
from tests.unit.test_matcher_rerank import BAKER, LATE_WELDER, TODAY, WELD, WELDER
from tests.unit.test_matcher_scoring import BagOfWords


def test_ranked_results_carry_their_normalised_features() -> None:
    people = [BAKER, LATE_WELDER, WELDER]
    ranked = candidates_for_vacancy(WELD, people, BagOfWords(), as_of=TODAY, top=3)
    emb = BagOfWords()
    features = pair_features([WELD], people, embed_vacancies([WELD], emb), embed_candidates(people, emb, TODAY), TODAY)
    whole = normalised(features)
    for r in ranked:
        j = [p.id for p in people].index(r.id)
        assert len(r.features) == len(FEATURE_NAMES)
        assert np.allclose(r.features, whole[:, 0, j], atol=1e-4)
    # the logged features reproduce the ranking among the available: higher weighted sum, higher place
    w = np.array([DEFAULT_WEIGHTS[n] for n in FEATURE_NAMES])
    sums = [float(np.dot(w, r.features)) for r in ranked if r.available]
    assert sums == sorted(sums, reverse=True)
    other = vacancies_for_candidate(WELDER, [WELD], BagOfWords(), as_of=TODAY)
    assert other[0].features  # the officer's view logs them too

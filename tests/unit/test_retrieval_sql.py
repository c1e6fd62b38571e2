"""The parts of retrieval SQL that are spelled from values (``models.repositories.embeddings``)."""

from __future__ import annotations

import pytest

from models.records import CandidateFilter
from models.repositories.embeddings import province_partition


def test_a_province_code_is_spelled_as_the_partial_index_predicate():
    assert province_partition("35") == "e.province_code = '35'"


@pytest.mark.parametrize("code", [None, "", "3", "355", "35'; DROP TABLE inmates; --", "3a", "35 ", "٣٥"])
def test_anything_but_two_ascii_digits_is_never_spelled_into_sql(code):
    assert province_partition(code) is None


def test_only_filters_narrower_than_the_province_are_counted_first():
    assert not CandidateFilter(for_employer=True, province_code="35").narrower_than_province
    assert CandidateFilter(province_code="35", regency_code="35.78").narrower_than_province
    assert CandidateFilter(province_code="35", scheme_id=3).narrower_than_province
    assert CandidateFilter(regency_code="35.78").narrower_than_province
    assert not CandidateFilter(for_employer=True).narrower_than_province

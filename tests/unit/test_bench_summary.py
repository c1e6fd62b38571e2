"""The flat ``summary`` of bench/results.json (issue 17): exactly the agreed keys, numbers, computed
as documented from one size's measured figures."""

from __future__ import annotations

import json
import math

import pytest

from bench.summary import SUMMARY_KEYS, build_summary, targets_table

EXPECTED_KEYS = (
    "profiles", "match_p50_ms", "match_p95_ms", "retrieval_p95_ms", "retrieval_recall_at_20",
    "pool_recall_at_100", "embed_ratio", "bulk_inmates_per_s", "bulk_rss_growth_mb", "http_rps", "http_p95_ms",
    "http_errors", "inprocess_capacity_rps", "http_capacity_ratio", "load_generator_cpu_share",
)  # fmt: skip


def _curve(k: int, strategy: str, recall: float, p95: float, ef: int = 0) -> dict[str, object]:
    return {"k": k, "strategy": strategy, "ef_search": ef, "recall": recall, "p95": p95, "p50": p95 / 2}


def measured() -> dict[str, object]:
    """One size as bench.scale.bench_size leaves it (only the fields the summary reads, plus noise)."""
    return {
        "inmates": 30_000,
        "vacancies": 5_000,
        "bulk_load": {"inmates_per_s": 12_000, "rss_growth_mb": 14, "rss_peak_mb": 450},
        "embedding": {"ratio": 0.91, "raw_per_s": 400.0},
        "latency": {
            "vacancy_to_candidates": {"n": 200, "p50": 20.0, "p95": 28.0, "p99": 40.0},
            "candidate_to_vacancies": {"n": 200, "p50": 15.0, "p95": 29.5, "p99": 35.0},
            "province_k100": {"n": 200, "p50": 30.0, "p95": 45.0, "p99": 60.0},
            "retrieval_vacancy_to_candidates": [
                _curve(20, "exact", 1.0, 60.0),
                _curve(20, "ann", 0.95, 2.0, ef=250),
                _curve(20, "auto", 0.985, 3.0),
                _curve(100, "auto", 0.99, 8.0),
            ],
            "retrieval_same_province": [_curve(20, "auto", 0.981, 5.0), _curve(100, "auto", 1.0, 30.0)],
            "retrieval_candidate_to_vacancies": [_curve(20, "auto", 0.999, 2.0)],
        },
        "http": {
            "throughput_rps": 70.0,
            "latency_p95": 500.0,
            "errors": 0,
            "load_generator": {"cpu_share": 0.12, "cpu_seconds": 7.2},
        },
    }


def test_summary_has_exactly_the_agreed_keys_all_numbers() -> None:
    summary = build_summary(measured(), cores=2)
    assert SUMMARY_KEYS == EXPECTED_KEYS
    assert tuple(summary) == EXPECTED_KEYS
    for key, value in summary.items():
        assert isinstance(value, float) and math.isfinite(value), key
    json.dumps(summary, allow_nan=False)  # valid JSON, no NaN


def test_summary_figures_are_computed_as_documented() -> None:
    s = build_summary(measured(), cores=2)
    assert s["profiles"] == 30_000
    assert s["match_p50_ms"] == 20.0  # vacancy -> candidates
    assert s["match_p95_ms"] == 29.5  # the worse direction
    assert s["retrieval_p95_ms"] == 8.0  # the pool retrieval inside the query
    assert s["retrieval_recall_at_20"] == 0.981  # lowest over every filter shape
    assert s["pool_recall_at_100"] == 0.99
    assert s["embed_ratio"] == 0.91
    assert s["bulk_inmates_per_s"] == 12_000 and s["bulk_rss_growth_mb"] == 14
    assert s["inprocess_capacity_rps"] == 100.0  # 2 cores / 0.020 s
    assert s["http_capacity_ratio"] == 0.7  # 70 / 100
    assert (s["http_rps"], s["http_p95_ms"], s["http_errors"]) == (70.0, 500.0, 0.0)
    assert s["load_generator_cpu_share"] == 0.12


def test_skipped_measurements_are_null_not_made_up() -> None:
    size = measured()
    del size["http"], size["embedding"]
    s = build_summary(size, cores=2)
    assert tuple(s) == EXPECTED_KEYS
    for key in ("http_rps", "http_p95_ms", "http_errors", "http_capacity_ratio", "load_generator_cpu_share"):
        assert s[key] is None, key
    assert s["embed_ratio"] is None
    assert s["inprocess_capacity_rps"] == 100.0


@pytest.mark.parametrize(
    ("change", "line", "verdict"),
    [
        ({}, "HTTP capacity ratio", "yes"),
        ({"throughput_rps": 50.0}, "HTTP capacity ratio", "NO"),
        ({"errors": 3}, "HTTP errors", "NO"),
    ],
)
def test_targets_table_puts_each_figure_beside_its_target(change: dict[str, float], line: str, verdict: str) -> None:
    size = measured()
    size["http"].update(change)  # type: ignore[union-attr]
    table = targets_table(build_summary(size, cores=2), size, load=1.5)
    row = next(x for x in table.splitlines() if x.startswith(line))
    assert row.split()[-1] == verdict
    assert "province-filtered k=100 p95 ms" in table and "45" in table
    assert "match p95 / retrieval p95" in table and "3.69" in table  # 29.5 / 8.0
    assert "1.50" in table  # the load average is printed with the figures

"""The flat per-size ``summary`` of ``bench/results.json`` and the figures-vs-targets table.

Pure functions over the measured figures of one size (the dict ``bench.scale.bench_size`` builds):
no I/O, no clock. ``build_summary`` picks exactly ``SUMMARY_KEYS``, every value a number (``None``
only for a measurement that was skipped, e.g. ``--no-http``); ``targets_table`` prints each figure
beside its target (DESIGN.md §8, issue 17).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

SUMMARY_KEYS = (
    "profiles",
    "match_p50_ms",
    "match_p95_ms",
    "retrieval_p95_ms",
    "retrieval_recall_at_20",
    "pool_recall_at_100",
    "embed_ratio",
    "bulk_inmates_per_s",
    "bulk_rss_growth_mb",
    "http_rps",
    "http_p95_ms",
    "http_errors",
    "inprocess_capacity_rps",
    "http_capacity_ratio",
    "load_generator_cpu_share",
)

# (label, how the figure is computed from the summary, comparison, target); "le"/"ge" compare.
TARGETS: tuple[tuple[str, str, str, float], ...] = (
    ("match p95 / retrieval p95", "match_to_retrieval", "le", 4.0),
    ("match p95 ms (both directions)", "match_p95_ms", "le", 30.0),
    ("province-filtered k=100 p95 ms", "province_k100_p95_ms", "le", 50.0),
    ("HTTP capacity ratio", "http_capacity_ratio", "ge", 0.70),
    ("HTTP errors", "http_errors", "le", 0.0),
    ("embedding pipeline / raw", "embed_ratio", "ge", 0.90),
    ("bulk load inmates/s", "bulk_inmates_per_s", "ge", 10_000.0),
    ("bulk RSS growth MB (flat)", "bulk_rss_growth_mb", "le", 50.0),
    ("retrieval recall@20 (every filter)", "retrieval_recall_at_20", "ge", 0.98),
    ("pool recall@100", "pool_recall_at_100", "ge", 0.95),
)


def _row(rows: Sequence[Mapping[str, Any]], k: int, strategy: str = "auto") -> Mapping[str, Any] | None:
    return next((r for r in rows if r["k"] == k and r["strategy"] == strategy and not r.get("ef_search")), None)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def build_summary(size: Mapping[str, Any], cores: int, pool: int = 100) -> dict[str, float | None]:
    """The flat summary of one size's measurements.

    - match p50 is vacancy -> top 20 (the search the HTTP figure serves); match p95 is the worse of
      both directions;
    - retrieval p95 is the pool retrieval (k = ``pool``) inside that query, employer filter;
    - recall@20 is the lowest over every filter shape measured (employer filter, same province,
      candidate -> vacancies); pool recall@100 is the employer filter's;
    - in-process capacity = cores / in-process p50 (requests/s), the HTTP ratio = http_rps / it;
    - the load generator's CPU share is its CPU seconds over cores x wall seconds.
    """
    lat = size["latency"]
    v2c, c2v = lat["vacancy_to_candidates"], lat["candidate_to_vacancies"]
    shapes = ("retrieval_vacancy_to_candidates", "retrieval_same_province", "retrieval_candidate_to_vacancies")
    recalls = [r["recall"] for s in shapes if (r := _row(lat.get(s, []), 20)) is not None]
    main_pool = _row(lat["retrieval_vacancy_to_candidates"], pool)
    http = size.get("http") or {}
    match_p50 = float(v2c["p50"])
    capacity = cores / (match_p50 / 1000.0) if match_p50 > 0 else None
    rps = _num(http.get("throughput_rps"))
    loadgen = http.get("load_generator") or {}
    summary: dict[str, float | None] = {
        "profiles": float(size["inmates"]),
        "match_p50_ms": match_p50,
        "match_p95_ms": max(float(v2c["p95"]), float(c2v["p95"])),
        "retrieval_p95_ms": _num(main_pool["p95"]) if main_pool else None,
        "retrieval_recall_at_20": min(recalls) if recalls else None,
        "pool_recall_at_100": _num(main_pool["recall"]) if main_pool else None,
        "embed_ratio": _num((size.get("embedding") or {}).get("ratio")),
        "bulk_inmates_per_s": _num(size["bulk_load"]["inmates_per_s"]),
        "bulk_rss_growth_mb": _num(size["bulk_load"]["rss_growth_mb"]),
        "http_rps": rps,
        "http_p95_ms": _num(http.get("latency_p95")),
        "http_errors": _num(http.get("errors")),
        "inprocess_capacity_rps": round(capacity, 2) if capacity else None,
        "http_capacity_ratio": round(rps / capacity, 3) if rps is not None and capacity else None,
        "load_generator_cpu_share": _num(loadgen.get("cpu_share")),
    }
    assert tuple(summary) == SUMMARY_KEYS
    return summary


def derived(summary: Mapping[str, float | None], size: Mapping[str, Any]) -> dict[str, float | None]:
    """The figures of ``TARGETS`` that are not summary keys themselves."""
    ratio = None
    if summary.get("match_p95_ms") is not None and summary.get("retrieval_p95_ms"):
        ratio = round(float(summary["match_p95_ms"]) / float(summary["retrieval_p95_ms"]), 2)  # type: ignore[arg-type]
    province = _row(size.get("latency", {}).get("retrieval_same_province", []), pool_k(size))
    service = size.get("latency", {}).get("province_k100") or {}
    return {
        "match_to_retrieval": ratio,
        # The service's province-filtered search (k = 100) when measured, else the retrieval alone.
        "province_k100_p95_ms": _num(service.get("p95")) if service else (_num(province["p95"]) if province else None),
    }


def pool_k(size: Mapping[str, Any]) -> int:
    return int(size.get("pool", 100))


def met(value: float | None, how: str, target: float) -> str:
    if value is None:
        return "–"
    return "yes" if (value <= target if how == "le" else value >= target) else "NO"


def targets_table(summary: Mapping[str, float | None], size: Mapping[str, Any], load: float | None = None) -> str:
    """One line per target: figure, target, met; then the load average the size started at."""
    values = {**summary, **derived(summary, size)}
    lines = [f"{'figure':<38} {'measured':>12}   target      met"]
    for label, key, how, target in TARGETS:
        value = values.get(key)
        shown = "–" if value is None else f"{value:,.3f}".rstrip("0").rstrip(".")
        sign = "<=" if how == "le" else ">="
        lines.append(f"{label:<38} {shown:>12}   {sign} {target:<8g} {met(value, how, target)}")
    extra = [
        ("HTTP req/s / in-process capacity", summary.get("http_rps"), summary.get("inprocess_capacity_rps")),
    ]
    for label, a, b in extra:
        lines.append(f"{label:<38} {a if a is not None else '–'} / {b if b is not None else '–'}")
    if summary.get("load_generator_cpu_share") is not None:
        lines.append(f"{'load generator CPU share':<38} {summary['load_generator_cpu_share']:.3f} of the machine")
    if load is not None:
        lines.append(f"{'load average (1 min) at the size start':<38} {load:.2f}")
    return "\n".join(lines)

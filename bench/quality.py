"""Ranking quality on a labelled sample: full ranker vs embedding cosine vs TF-IDF.

usage: python -m bench.quality [--set sample|onet|both] [--sample DIR] [--onet-data DIR]
                                [--seed N] [--top 50] [--as-of YYYY-MM-DD] [--ablation]

Two labelled sets, one table each: the public sample (DIR holds ``candidates.jsonl``,
``vacancies.jsonl`` and ``qrels.json``; default ``../shared/bench/sample`` relative
to the repository root), and a set generated at run time from the O*NET tables in
``../shared/data/onet`` by ``bench.onet_set`` (other occupations, English, noisy
skill lists; skipped with a message when the tables are absent). Decide ranking
changes on both, never on the sample alone. Metrics are those of
``shared/bench/score.py``, reimplemented faithfully: NDCG@10 with gain 2^g - 1,
MRR of the first candidate with grade >= 1, Recall@50 of grade >= 1, averaged over
vacancies with at least one relevant candidate; a missing vacancy scores 0.

The baselines rank by one similarity only. Because the labels make unavailable
candidates irrelevant, the table also shows each baseline with the availability
rule, so the gain of the other features is visible separately; ``--ablation``
adds the full ranker without each feature.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matcher.documents import CandidateDoc, VacancyDoc
    from matcher.ports import Embedder

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = REPO_ROOT / ".." / "shared" / "bench" / "sample"
# Certificate validity is judged on this day by default, so figures do not drift
# with the calendar (the sample's certificates expire between 2026 and 2029).
DEFAULT_AS_OF = date(2026, 11, 25)


def ndcg(ranked: Sequence[str], rel: Mapping[str, int], k: int = 10) -> float:
    dcg = sum((2 ** rel.get(c, 0) - 1) / math.log2(i + 2) for i, c in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: Sequence[str], rel: Mapping[str, int]) -> float:
    return next((1 / (i + 1) for i, c in enumerate(ranked) if rel.get(c, 0) > 0), 0.0)


def recall(ranked: Sequence[str], rel: Mapping[str, int], k: int = 50) -> float:
    wanted = {c for c, g in rel.items() if g > 0}
    return len(wanted & set(ranked[:k])) / len(wanted)


def score(qrels: Mapping[str, Mapping[str, int]], ranking: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """Averaged metrics, exactly as ``shared/bench/score.py`` computes them."""
    rows = [(ranking.get(v, []), {c: g for c, g in rel.items() if g > 0}) for v, rel in qrels.items()]
    rows = [(r, rel) for r, rel in rows if rel]
    n = len(rows)
    return {
        "vacancies": n,
        "ndcg@10": sum(ndcg(r, rel) for r, rel in rows) / n,
        "mrr": sum(mrr(r, rel) for r, rel in rows) / n,
        "recall@50": sum(recall(r, rel) for r, rel in rows) / n,
    }


def evaluate(
    label: str,
    candidates: Sequence[CandidateDoc],
    vacancies: Sequence[VacancyDoc],
    qrels: Mapping[str, Mapping[str, int]],
    encoder: Embedder,
    *,
    top: int,
    as_of: date,
    ablation: bool,
) -> None:
    """Print the method table of one labelled set."""
    from matcher.features import EMBEDDING, LEXICAL_CHAR, embed_candidates, embed_vacancies, pair_features
    from matcher.offline import METHODS, rank_docs
    from matcher.scoring import DEFAULT_WEIGHTS, rank_candidates

    print(f"\n{label}: {len(candidates)} candidates, {len(vacancies)} vacancies")
    rows: list[tuple[str, dict[str, float], list[float]]] = []
    for method in METHODS:
        runs = []
        for _ in range(2):  # the second run has every embedding cached: scoring cost only
            t0 = time.perf_counter()
            ranking = rank_docs(vacancies, candidates, top, encoder, method=method, as_of=as_of)
            runs.append(time.perf_counter() - t0)
        rows.append((method, score(qrels, ranking), runs))

    vac = embed_vacancies(vacancies, encoder)
    cand = embed_candidates(candidates, encoder, as_of)
    features = pair_features(vacancies, candidates, vac, cand, as_of)

    def by_weights(name: str, weights: Mapping[str, float], feats: object = features) -> None:
        _, orders = rank_candidates(feats, weights, top=top)  # type: ignore[arg-type]
        ranking = {v.id: [candidates[j].id for j in o] for v, o in zip(vacancies, orders, strict=True)}
        rows.append((name, score(qrels, ranking), []))

    only = {name: 0.0 for name in DEFAULT_WEIGHTS}
    by_weights("cosine + availability", {**only, EMBEDDING: 1.0})
    by_weights("tfidf + availability", {**only, LEXICAL_CHAR: 1.0})
    if ablation:
        for name in DEFAULT_WEIGHTS:
            if DEFAULT_WEIGHTS[name]:
                by_weights(f"full - {name}", {**DEFAULT_WEIGHTS, name: 0.0})
        always = features.__class__(features.names, features.values, np.ones_like(features.available))
        by_weights("full - availability", DEFAULT_WEIGHTS, always)

    print(f"{'method':<28} {'NDCG@10':>8} {'MRR':>7} {'R@50':>7} {'cold s':>8} {'warm s':>8}")
    for method, s, runs in rows:
        timing = f"{runs[0]:8.2f} {runs[1]:8.3f}" if runs else ""
        print(f"{method:<28} {s['ndcg@10']:8.3f} {s['mrr']:7.3f} {s['recall@50']:7.3f} {timing}")


def rerank_latency(candidates: Sequence[CandidateDoc], vacancy: VacancyDoc, encoder: Embedder, as_of: date) -> None:
    """Service-sized re-rank: one vacancy, 300 candidates, explanations of the top 20,
    embeddings and term counts cached (as in the service after the first query)."""
    from matcher.explain import render_id
    from matcher.features import TermCounts
    from matcher.rerank import candidates_for_vacancy

    pool = [replace(c, id=f"{c.id}-{k}") for k, c in enumerate((list(candidates) * (300 // len(candidates) + 1))[:300])]
    counter = TermCounts()
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        ranked = candidates_for_vacancy(vacancy, pool, encoder, as_of=as_of, top=20, counter=counter)
        lines = [render_id(r.explanation) for r in ranked]
        times.append(time.perf_counter() - t0)
    assert len(lines) == 20
    warm = times[1:]
    print(
        "\nre-rank 300 candidates for 1 vacancy + 20 explanations (cached embeddings and term counts): "
        f"median {1000 * float(np.median(warm)):.1f} ms, p95 {1000 * float(np.percentile(warm, 95)):.1f} ms"
    )


def _read_set(folder: Path) -> tuple[list[CandidateDoc], list[VacancyDoc], dict[str, dict[str, int]]]:
    from matcher.documents import read_candidates, read_vacancies

    qrels = json.loads((folder / "qrels.json").read_text(encoding="utf-8"))
    return read_candidates(folder / "candidates.jsonl"), read_vacancies(folder / "vacancies.jsonl"), qrels


def main(argv: list[str] | None = None) -> int:
    from bench.onet_set import DEFAULT_DATA, build
    from matcher.embedding import Encoder

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=("sample", "onet", "both"), default="both", dest="which")
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--onet-data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated O*NET set")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument("--ablation", action="store_true", help="also the full ranker without each feature")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    encoder = Encoder.load()
    print(f"model load {time.perf_counter() - t0:.1f} s")
    options = {"top": args.top, "as_of": args.as_of, "ablation": args.ablation}
    sample: list[CandidateDoc] = []
    first_vacancy: VacancyDoc | None = None
    if args.which in ("sample", "both"):
        sample, vacancies, qrels = _read_set(args.sample)
        first_vacancy = vacancies[0]
        evaluate(f"sample {args.sample.resolve()}", sample, vacancies, qrels, encoder, **options)
    if args.which in ("onet", "both"):
        if not (args.onet_data / "occupation_data.csv").is_file():
            print(f"\nO*NET set skipped: no O*NET tables in {args.onet_data.resolve()}")
        else:
            with tempfile.TemporaryDirectory(prefix="binakerja-onet-") as tmp:
                build(args.onet_data, Path(tmp), seed=args.seed)
                candidates, vacancies, qrels = _read_set(Path(tmp))
            label = f"O*NET set (generated, seed {args.seed})"
            evaluate(label, candidates, vacancies, qrels, encoder, **options)
            if not sample:
                sample, first_vacancy = candidates, vacancies[0]
    if sample and first_vacancy is not None:
        rerank_latency(sample, first_vacancy, encoder, args.as_of)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Ranking quality on a labelled sample: full ranker vs embedding cosine vs TF-IDF.

usage: python -m bench.quality [--set sample|onet|kbji|mixed|prose|both|all] [--sample DIR]
                                [--onet-data DIR] [--kbji-data FILE] [--seed N ...] [--top 50]
                                [--as-of YYYY-MM-DD] [--ablation] [--no-latency]

Labelled sets, one table each, NDCG@10 also per vacancy language: the public sample
(DIR holds ``candidates.jsonl``, ``vacancies.jsonl`` and ``qrels.json``; default
``../shared/bench/sample``), and sets generated at run time (``bench.kbji_set``,
``bench.onet_set``): ``mixed`` (the default with the sample) puts Indonesian KBJI
and English O*NET occupations in one pool, ``prose`` is the same pool rewritten as
people write (CV prose, posting paragraphs, mixed-language CVs: ``bench.prose_set``),
``all`` = sample + mixed + prose; skipped with a message when the tables are absent.
Decide ranking changes on all sets and seeds, never on one. Metrics are those of
``shared/bench/score.py``, reimplemented faithfully: NDCG@10 with gain 2^g - 1, MRR
of the first candidate with grade >= 1, Recall@50 of grade >= 1, averaged over
vacancies with at least one relevant candidate; a missing vacancy scores 0.

The baselines rank by one similarity only. Because the labels make unavailable
candidates irrelevant, the table also shows each baseline with the availability
rule, and the full ranker without it (content features only), so the gain of the
other features is visible separately; ``--ablation`` adds the full ranker without
each feature.
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


def by_language(vacancies: Sequence[VacancyDoc]) -> dict[str, set[str]]:
    """Vacancy ids per detected language of the vacancy text (``id``/``en``; others left out)."""
    from matcher.documents import vacancy_text
    from matcher.language import detect

    out: dict[str, set[str]] = {}
    for v in vacancies:
        lang = detect(vacancy_text(v))
        if lang:
            out.setdefault(lang, set()).add(v.id)
    return out


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
) -> dict[str, dict[str, float]]:
    """Print the method table of one labelled set; return NDCG@10 per method and language."""
    from matcher.features import embed_candidates, embed_vacancies, lexical_similarity, pair_features
    from matcher.offline import METHODS, rank_docs
    from matcher.scoring import DEFAULT_WEIGHTS, rank_candidates, rank_rows

    print(f"\n{label}: {len(candidates)} candidates, {len(vacancies)} vacancies")
    rows: list[tuple[str, dict[str, Mapping[str, Sequence[str]]], list[float]]] = []
    for method in METHODS:
        runs = []
        for _ in range(2 if method == "full" else 1):  # the second run has every embedding cached
            t0 = time.perf_counter()
            ranking = rank_docs(vacancies, candidates, top, encoder, method=method, as_of=as_of)
            runs.append(time.perf_counter() - t0)
        rows.append((method, {"": ranking}, runs))

    vac = embed_vacancies(vacancies, encoder)
    cand = embed_candidates(candidates, encoder, as_of)
    features = pair_features(vacancies, candidates, vac, cand, as_of)

    def by_weights(name: str, weights: Mapping[str, float] | None, feats: object = features) -> None:
        _, orders = rank_candidates(feats, weights, top=top)  # type: ignore[arg-type]
        ranking = {v.id: [candidates[j].id for j in o] for v, o in zip(vacancies, orders, strict=True)}
        rows.append((name, {"": ranking}, []))

    always = replace(features, available=np.ones_like(features.available))
    by_weights("full, no availability rule", None, always)
    plain = {
        "cosine + availability": vac.doc @ cand.doc.T,
        "tfidf + availability": lexical_similarity(list(vac.texts), list(cand.texts))[1],
    }
    for name, sims in plain.items():
        orders = rank_rows(sims, features.available, top)
        rows.append((name, {"": {v.id: [candidates[j].id for j in o] for v, o in zip(vacancies, orders)}}, []))
    if ablation:
        for name in DEFAULT_WEIGHTS:
            if DEFAULT_WEIGHTS[name]:
                by_weights(f"full - {name}", {**DEFAULT_WEIGHTS, name: 0.0})

    languages = by_language(vacancies)
    subsets = {"all": set(qrels), **{k: languages[k] for k in sorted(languages)}}
    head = f"{'method':<30} {'NDCG@10':>8} {'MRR':>6} {'R@50':>6}"
    head += "".join(f" {'nDCG ' + k:>8}" for k in subsets if k != "all")
    print(head + f" {'cold s':>7} {'warm s':>7}")
    table: dict[str, dict[str, float]] = {}
    for method, rankings, runs in rows:
        ranking = rankings[""]
        per = {k: score({v: qrels[v] for v in ids if v in qrels}, ranking) for k, ids in subsets.items()}
        table[method] = {k: s["ndcg@10"] for k, s in per.items()}
        line = f"{method:<30} {per['all']['ndcg@10']:8.3f} {per['all']['mrr']:6.3f} {per['all']['recall@50']:6.3f}"
        line += "".join(f" {per[k]['ndcg@10']:8.3f}" for k in subsets if k != "all")
        if runs:
            line += f" {runs[0]:7.2f}" + (f" {runs[1]:7.3f}" if len(runs) > 1 else "")
        print(line)
    return table


def rerank_latency(candidates: Sequence[CandidateDoc], vacancy: VacancyDoc, encoder: Embedder, as_of: date) -> None:
    """Service-sized re-rank: one vacancy, 300 candidates, explanations of the top 20,
    embeddings, term counts and the reference cached (as in the service after the first query)."""
    from matcher.explain import render_id
    from matcher.features import TermCounts, embed_candidates, embed_vacancies
    from matcher.reference import Reference
    from matcher.rerank import candidates_for_vacancy

    pool = [replace(c, id=f"{c.id}-{k}") for k, c in enumerate((list(candidates) * (300 // len(candidates) + 1))[:300])]
    counter = TermCounts()
    # the service fits its reference once (200 profiles and vacancies of the index), not per query
    reference = Reference().fit(
        embed_vacancies([vacancy] * 20, encoder), embed_candidates(list(candidates)[:200], encoder, as_of), counter
    )
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        ranked = candidates_for_vacancy(
            vacancy, pool, encoder, as_of=as_of, top=20, counter=counter, reference=reference
        )
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


def _generate(
    which: str, onet: Path, kbji: Path | None, seed: int
) -> tuple[str, tuple[list[CandidateDoc], list[VacancyDoc], dict[str, dict[str, int]]]] | None:
    """Build one generated set in a temporary folder and read it back (None: tables absent)."""
    from bench import kbji_set, onet_set

    kbji = kbji or kbji_set.DEFAULT_DATA
    has_onet, has_kbji = (onet / "occupation_data.csv").is_file(), kbji.is_file()
    with tempfile.TemporaryDirectory(prefix="binakerja-set-") as tmp:
        if which == "onet" and has_onet:
            onet_set.build(onet, Path(tmp), seed=seed)
            label = f"O*NET set (English, seed {seed})"
        elif which == "kbji" and has_kbji:
            kbji_set.build(kbji, Path(tmp), seed=seed)
            label = f"KBJI set (Indonesian, seed {seed})"
        elif which in ("mixed", "both") and has_kbji and has_onet:
            kbji_set.build(kbji, Path(tmp), seed=seed, onet=onet)
            label = f"mixed set (KBJI Indonesian + O*NET English in one pool, seed {seed})"
        elif which == "prose" and has_kbji and has_onet:
            kbji_set.build(kbji, Path(tmp), seed=seed, onet=onet, prose=True)
            label = f"prose set (the mixed set written as people write, seed {seed})"
        else:
            print(f"\n{which} set skipped: tables absent ({onet.resolve()}, {kbji.resolve()})")
            return None
        return label, _read_set(Path(tmp))


def main(argv: list[str] | None = None) -> int:
    from bench.onet_set import DEFAULT_DATA
    from matcher.embedding import Encoder

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--set",
        choices=("sample", "onet", "kbji", "mixed", "prose", "both", "all"),
        default="both",
        dest="which",
        help="both = sample + mixed (KBJI Indonesian and O*NET English in one pool); all = both + prose",
    )
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--onet-data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--kbji-data", type=Path, default=None)
    parser.add_argument("--seed", type=int, nargs="+", default=[7], help="seeds of the generated sets")
    parser.add_argument("--no-latency", action="store_true")
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
    if args.which in ("sample", "both", "all"):
        sample, vacancies, qrels = _read_set(args.sample)
        first_vacancy = vacancies[0]
        evaluate(f"sample {args.sample.resolve()}", sample, vacancies, qrels, encoder, **options)
    kinds = ("mixed", "prose") if args.which == "all" else (args.which,)
    for seed in args.seed if args.which != "sample" else ():
        for kind in kinds:
            generated = _generate(kind, args.onet_data, args.kbji_data, seed)
            if generated is None:
                continue
            label, (candidates, vacancies, qrels) = generated
            evaluate(label, candidates, vacancies, qrels, encoder, **options)
            if not sample:
                sample, first_vacancy = candidates, vacancies[0]
    if sample and first_vacancy is not None and not args.no_latency:
        rerank_latency(sample, first_vacancy, encoder, args.as_of)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

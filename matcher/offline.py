"""Offline ranking of JSONL files (``binakerja match-file``), no database.

Uses exactly the scoring code of the service (``matcher.features`` and
``matcher.scoring``), so ranking quality can be measured on any data in the
DESIGN.md §5 format. Two baselines are kept for the quality benchmark:
``cosine`` (whole-document embedding cosine) and ``tfidf`` (character 3-5-gram
TF-IDF cosine); neither applies the availability rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np

from matcher.documents import (
    CandidateDoc,
    VacancyDoc,
    candidate_text,
    read_candidates,
    read_vacancies,
    vacancy_text,
)
from matcher.errors import DocumentError
from matcher.features import embed_candidates, embed_vacancies, lexical_similarity, pair_features
from matcher.ports import Embedder
from matcher.scoring import rank_candidates, rank_rows

METHODS = ("full", "cosine", "tfidf")


def rank_docs(
    vacancies: Sequence[VacancyDoc],
    candidates: Sequence[CandidateDoc],
    top: int,
    encoder: Embedder | None,
    *,
    method: str = "full",
    as_of: date,
) -> dict[str, list[str]]:
    """``{vacancy id: [candidate id, ...]}``, best first, at most ``top`` each."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if top < 1:
        raise ValueError("top must be at least 1")
    if not vacancies:
        return {}
    if not candidates:
        return {v.id: [] for v in vacancies}
    if method == "tfidf":
        vtexts = [vacancy_text(v) for v in vacancies]
        ctexts = [candidate_text(c, as_of) for c in candidates]
        _, scores = lexical_similarity(vtexts, ctexts)
        orders = rank_rows(scores, np.ones_like(scores, dtype=bool), top)
    else:
        if encoder is None:
            raise ValueError(f"method {method!r} needs an encoder")
        vac = embed_vacancies(vacancies, encoder)
        cand = embed_candidates(candidates, encoder, as_of)
        if method == "cosine":
            scores = vac.doc @ cand.doc.T
            orders = rank_rows(scores, np.ones_like(scores, dtype=bool), top)
        else:
            features = pair_features(vacancies, candidates, vac, cand, as_of)
            _, orders = rank_candidates(features, top=top)
    return {v.id: [candidates[j].id for j in order] for v, order in zip(vacancies, orders, strict=True)}


def write_ranking(ranking: dict[str, list[str]], out: str | Path | None) -> None:
    """Write the ranking as JSON to ``out`` (atomically), or to stdout when ``None``."""
    text = json.dumps(ranking, ensure_ascii=False, indent=1) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    path = Path(out)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="binakerja match-file",
        description="Rank candidates for each vacancy from JSONL files (DESIGN.md §5 format), without a database.",
    )
    parser.add_argument("--candidates", required=True, help="candidates JSONL file")
    parser.add_argument("--vacancies", required=True, help="vacancies JSONL file")
    parser.add_argument("--top", type=int, required=True, help="at most this many candidates per vacancy")
    parser.add_argument("--out", default=None, help="output JSON file (default: stdout)")
    return parser


def main(argv: list[str] | None = None, *, encoder: Embedder | None = None) -> int:
    """Entry point of ``binakerja match-file``; returns the exit status.

    ``encoder`` lets a caller (tests, a process that already loaded it) share one model.
    """
    args = build_parser().parse_args(argv)
    if args.top < 1:
        print("error: --top must be at least 1", file=sys.stderr)
        return 2
    try:
        candidates = read_candidates(args.candidates)
        vacancies = read_vacancies(args.vacancies)
    except DocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot read input: {exc}", file=sys.stderr)
        return 2
    if encoder is None:
        from matcher.embedding import Encoder

        encoder = Encoder.load()
    ranking = rank_docs(vacancies, candidates, args.top, encoder, method="full", as_of=date.today())
    write_ranking(ranking, args.out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

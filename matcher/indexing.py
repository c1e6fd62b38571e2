"""Keep stored embeddings fresh: re-embed only rows whose document text (or model) changed.

Work goes in keyset batches, each committed on its own, so an interrupted run
resumes where it stopped: rows already current are skipped by their text hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from matcher.documents import candidate_items, candidate_text, vacancy_items, vacancy_text
from matcher.embedding import Encoder, text_hash
from matcher.profiles import candidate_doc, vacancy_doc
from models.repositories.certificates import CertificateRepo
from models.repositories.embeddings import EmbeddingRepo
from models.repositories.inmates import InmateRepo
from models.repositories.vacancies import VacancyRepo

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ReindexStats:
    seen: int
    embedded: int
    items: int = 0  # item texts (skills, work lines, unit titles, requirements) newly embedded


async def _encode_with_items(
    repo: EmbeddingRepo, encoder: Encoder, docs: list[str], items: list[str]
) -> tuple[np.ndarray, list[tuple[str, np.ndarray]]]:
    """Vectors for the stale documents, plus item texts that have no stored vector yet, in one
    encode call. Storing item vectors here means ranking a query never runs the model."""
    by_hash: dict[str, str] = {}
    for t in items:
        by_hash.setdefault(text_hash(t), t)
    missing = await repo.missing_texts(encoder.model_name, list(by_hash)) if by_hash else []
    if not docs and not missing:
        return np.zeros((0, 0), dtype=np.float32), []
    vectors = encoder.encode_uncached(docs + [by_hash[h] for h in missing])
    return vectors[: len(docs)], list(zip(missing, vectors[len(docs) :]))


def stale(current: dict[int, tuple[str, str]], key: int, model: str, digest: str) -> bool:
    """True when the stored vector is missing or was made from another text or model."""
    return current.get(key) != (model, digest)


async def reindex_inmates(
    conn: Any, encoder: Encoder, as_of: date, *, batch: int = 512, progress: Progress | None = None
) -> ReindexStats:
    seen = embedded = items = 0
    last = 0
    while True:
        inmates = await InmateRepo(conn).list_after(last, batch)
        if not inmates:
            break
        last = inmates[-1].id
        certs = await CertificateRepo(conn).views_for_inmates([i.id for i in inmates])
        docs = {i.id: candidate_doc(i, certs.get(i.id, []), as_of) for i in inmates}
        texts = {k: candidate_text(d, as_of) for k, d in docs.items()}
        repo = EmbeddingRepo(conn)
        current = await repo.inmate_hashes(list(texts))
        todo = [(k, t, text_hash(t)) for k, t in texts.items()]
        todo = [(k, t, h) for k, t, h in todo if stale(current, k, encoder.model_name, h)]
        item_texts = [it.text for d in docs.values() for it in candidate_items(d, as_of)]
        vectors, new_items = await _encode_with_items(repo, encoder, [t for _, t, _ in todo], item_texts)
        if todo or new_items:
            async with conn.transaction():
                await repo.upsert_inmates(
                    [(k, encoder.model_name, h, v) for (k, _, h), v in zip(todo, vectors)]
                )
                await repo.add_texts(encoder.model_name, new_items)
        seen += len(inmates)
        embedded += len(todo)
        items += len(new_items)
        if progress:
            progress(len(inmates))
    return ReindexStats(seen, embedded, items)


async def reindex_vacancies(
    conn: Any, encoder: Encoder, *, batch: int = 512, progress: Progress | None = None
) -> ReindexStats:
    seen = embedded = items = 0
    last = 0
    while True:
        vacancies = await VacancyRepo(conn).list_after(last, batch)
        if not vacancies:
            break
        last = vacancies[-1].id
        docs = {v.id: vacancy_doc(v) for v in vacancies}
        texts = {k: vacancy_text(d) for k, d in docs.items()}
        repo = EmbeddingRepo(conn)
        current = await repo.vacancy_hashes(list(texts))
        todo = [(k, t, text_hash(t)) for k, t in texts.items()]
        todo = [(k, t, h) for k, t, h in todo if stale(current, k, encoder.model_name, h)]
        item_texts = [it.text for d in docs.values() for it in vacancy_items(d)]
        vectors, new_items = await _encode_with_items(repo, encoder, [t for _, t, _ in todo], item_texts)
        if todo or new_items:
            async with conn.transaction():
                await repo.upsert_vacancies(
                    [(k, encoder.model_name, h, v) for (k, _, h), v in zip(todo, vectors)]
                )
                await repo.add_texts(encoder.model_name, new_items)
        seen += len(vacancies)
        embedded += len(todo)
        items += len(new_items)
        if progress:
            progress(len(vacancies))
    return ReindexStats(seen, embedded, items)

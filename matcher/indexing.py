"""Keep stored embeddings fresh: re-embed only rows whose document text (or model) changed.

Work goes in keyset batches, each committed on its own, so an interrupted run
resumes where it stopped: rows already current are skipped by their text hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from matcher.documents import candidate_text, vacancy_text
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


def stale(current: dict[int, tuple[str, str]], key: int, model: str, digest: str) -> bool:
    """True when the stored vector is missing or was made from another text or model."""
    return current.get(key) != (model, digest)


async def reindex_inmates(
    conn: Any, encoder: Encoder, as_of: date, *, batch: int = 512, progress: Progress | None = None
) -> ReindexStats:
    seen = embedded = 0
    last = 0
    while True:
        inmates = await InmateRepo(conn).list_after(last, batch)
        if not inmates:
            break
        last = inmates[-1].id
        certs = await CertificateRepo(conn).views_for_inmates([i.id for i in inmates])
        texts = {i.id: candidate_text(candidate_doc(i, certs.get(i.id, []), as_of), as_of) for i in inmates}
        repo = EmbeddingRepo(conn)
        current = await repo.inmate_hashes(list(texts))
        todo = [(k, t, text_hash(t)) for k, t in texts.items()]
        todo = [(k, t, h) for k, t, h in todo if stale(current, k, encoder.model_name, h)]
        if todo:
            vectors = encoder.encode_uncached([t for _, t, _ in todo])
            async with conn.transaction():
                await repo.upsert_inmates(
                    [(k, encoder.model_name, h, v) for (k, _, h), v in zip(todo, vectors)]
                )
        seen += len(inmates)
        embedded += len(todo)
        if progress:
            progress(len(inmates))
    return ReindexStats(seen, embedded)


async def reindex_vacancies(
    conn: Any, encoder: Encoder, *, batch: int = 512, progress: Progress | None = None
) -> ReindexStats:
    seen = embedded = 0
    last = 0
    while True:
        vacancies = await VacancyRepo(conn).list_after(last, batch)
        if not vacancies:
            break
        last = vacancies[-1].id
        texts = {v.id: vacancy_text(vacancy_doc(v)) for v in vacancies}
        repo = EmbeddingRepo(conn)
        current = await repo.vacancy_hashes(list(texts))
        todo = [(k, t, text_hash(t)) for k, t in texts.items()]
        todo = [(k, t, h) for k, t, h in todo if stale(current, k, encoder.model_name, h)]
        if todo:
            vectors = encoder.encode_uncached([t for _, t, _ in todo])
            async with conn.transaction():
                await repo.upsert_vacancies(
                    [(k, encoder.model_name, h, v) for (k, _, h), v in zip(todo, vectors)]
                )
        seen += len(vacancies)
        embedded += len(todo)
        if progress:
            progress(len(vacancies))
    return ReindexStats(seen, embedded)

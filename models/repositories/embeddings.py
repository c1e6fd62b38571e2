"""Stored embeddings (pgvector) and nearest-neighbour retrieval with SQL filters."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

import asyncpg
import numpy as np

from models.records import CandidateFilter, CandidateHit, VacancyFilter, VacancyHit

T = TypeVar("T")


@dataclass(frozen=True)
class Search(Generic[T]):
    """Search results and how they were found: ``strategy`` is 'ann' or 'exact', ``ef_search`` the
    HNSW candidate list size of the last index scan (0 for exact), ``rounds`` the statements run."""

    hits: list[T]
    strategy: str
    ef_search: int
    rounds: int
    vectors: dict[int, tuple[str, str, np.ndarray]] = field(default_factory=dict)  # id -> (model, hash, vector)


# n-gram counts of one text: ((word column indices, counts), (char column indices, counts))
TermRow = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
StoredTerms = tuple[TermRow, str | None]  # as matcher.ports.StoredTerms
# A vacancy's feedback state against a reference (``matcher.ports.VacancyStats``): rows, flat (mean, std) pairs.
VacancyStats = tuple[Sequence[int], Sequence[float]]


def _bytes(values: np.ndarray, dtype: str) -> bytes:
    return np.ascontiguousarray(values, dtype=dtype).tobytes()


def _stored_terms(r: asyncpg.Record) -> StoredTerms:
    """A ``text_terms`` row's n-gram counts and language."""
    return (
        (
            (np.frombuffer(r["word_idx"], "<i4"), np.frombuffer(r["word_val"], "<f4")),
            (np.frombuffer(r["char_idx"], "<i4"), np.frombuffer(r["char_val"], "<f4")),
        ),
        r["language"],
    )


@dataclass(frozen=True)
class RankingReads:
    """``EmbeddingRepo.ranking_reads``, by text hash (as ``matcher.ports.RankingReads``)."""

    terms: dict[str, StoredTerms]
    items: dict[str, np.ndarray]
    hubs: dict[str, float]
    states: dict[str, VacancyStats]


def _array(value: object) -> np.ndarray:
    """pgvector's codec returns a ``Vector``; callers get a float32 array."""
    to_numpy = getattr(value, "to_numpy", None)
    return np.asarray(to_numpy() if to_numpy else value, dtype=np.float32)


@dataclass(frozen=True)
class Warmed:
    """What ``EmbeddingRepo.warm_search_pages`` did: graph walks, table pages read, seconds."""

    walks: int
    table_pages: int
    seconds: float


_WARM_LOCK = 0x62696E6B  # pg_advisory_lock key of the warm-up ("bink")
# The tables a ranked search reads besides the graphs (vectors, the filter's and documents' rows,
# certificates and their units, item vectors, stored n-gram counts, reference statistics), each with
# what reads a row whole: its TOAST too where the values are stored out of line (the n-gram arrays).
_WARM_TABLES = {
    **dict.fromkeys((
        "inmate_embeddings", "inmates", "vacancy_embeddings", "vacancies", "certificates", "certificate_units",
        "competency_units", "schemes", "lsps", "text_embeddings", "reference_profile_stats",
        "reference_vacancy_stats",
    ), "t.ctid"),
    "text_terms": "t.word_idx || t.word_val || t.char_idx || t.char_val",
}  # fmt: skip


class EmbeddingRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def dimension(self) -> int:
        """Dimension of the stored document vectors (the ``vector(N)`` column type)."""
        return int(
            await self.conn.fetchval(
                """
                SELECT atttypmod FROM pg_attribute
                WHERE attrelid = 'inmate_embeddings'::regclass AND attname = 'embedding'
                """
            )
        )

    async def reset_dimension(self, dim: int) -> None:
        """Switch the document vector columns to ``dim`` dimensions for another model.

        Stored vectors of the old model cannot be compared with the new one, so they are
        dropped (the next reindex recomputes them) and the HNSW indexes rebuilt. The caller
        owns the transaction.
        """
        indexes = await self.vector_indexes()
        for name in indexes:
            await self.conn.execute(f"DROP INDEX IF EXISTS {name}")
        for table in ("inmate_embeddings", "vacancy_embeddings"):
            await self.conn.execute(f"TRUNCATE {table}")
            await self.conn.execute(f"ALTER TABLE {table} ALTER COLUMN embedding TYPE vector({int(dim)})")
        for ddl in indexes.values():
            await self.conn.execute(ddl)

    async def vector_indexes(self) -> dict[str, str]:
        """Name -> ``CREATE INDEX`` of every HNSW index, as migrations 0001, 0831 (one per province on
        profiles) and 0832 (the vacancy graph's build options) define them: for rebuilding them after a
        model change or a bulk embedding run (``build_missing_graphs``)."""
        hnsw = "CREATE INDEX {} ON {} USING hnsw (embedding vector_cosine_ops)"
        indexes = {
            "inmate_embeddings_hnsw": hnsw.format("inmate_embeddings_hnsw", "inmate_embeddings"),
            "vacancy_embeddings_hnsw": hnsw.format("vacancy_embeddings_hnsw", "vacancy_embeddings")
            + " WITH (m = 16, ef_construction = 200)",
        }
        for row in await self.conn.fetch("SELECT code FROM provinces ORDER BY code"):
            if (where := _province_predicate(row["code"])) is not None:
                name = f"inmate_embeddings_hnsw_p{row['code']}"
                indexes[name] = hnsw.format(name, "inmate_embeddings") + f" WHERE {where}"
        return indexes

    async def vector_counts(self, kind: str) -> tuple[int, int]:
        """(rows, rows with a stored vector) of ``kind`` = "inmates" | "vacancies"."""
        table, vectors = _DOCUMENT_TABLES[kind]
        n = await self.conn.fetchval(f"SELECT count(*) FROM {table}")
        embedded = await self.conn.fetchval(f"SELECT count(*) FROM {vectors}")
        return int(n), int(embedded)

    async def may_build_graphs(self, kind: str) -> bool:
        """Whether the current role owns ``kind``'s vector table (only its owner may drop or create its
        indexes: the service's ``binakerja_app`` may not, migrations and ``binakerja reindex`` as owner may)."""
        _, vectors = _DOCUMENT_TABLES[kind]
        return bool(
            await self.conn.fetchval(
                "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
                "WHERE c.relname = $1 AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace",
                vectors,
            )
        )

    async def drop_graphs(self, kind: str) -> None:
        """Drop the HNSW indexes of ``kind``'s vectors before a bulk run (searches meanwhile scan exactly)."""
        _, vectors = _DOCUMENT_TABLES[kind]
        for name, ddl in (await self.vector_indexes()).items():
            if f" ON {vectors} " in ddl:
                await self.conn.execute(f"DROP INDEX IF EXISTS {name}")

    async def build_missing_graphs(self, kind: str) -> int:
        """Build the HNSW indexes of ``kind``'s vectors that do not exist (after a bulk run, or one that
        was interrupted), with the memory and workers a bulk build needs; returns how many were built."""
        _, vectors = _DOCUMENT_TABLES[kind]
        wanted = {name: ddl for name, ddl in (await self.vector_indexes()).items() if f" ON {vectors} " in ddl}
        present = {
            r["indexname"]
            for r in await self.conn.fetch(
                "SELECT indexname FROM pg_indexes WHERE indexname = ANY($1::text[])", list(wanted)
            )
        }
        missing = [ddl for name, ddl in wanted.items() if name not in present]
        if missing:
            await self.conn.execute("SET maintenance_work_mem = '2GB'")
            await self.conn.execute("SET max_parallel_maintenance_workers = 2")
            try:
                for ddl in missing:
                    await self.conn.execute(ddl)
                await self.conn.execute(f"ANALYZE {vectors}")
            finally:
                await self.conn.execute("RESET maintenance_work_mem")
                await self.conn.execute("RESET max_parallel_maintenance_workers")
        return len(missing)

    async def warm_search_pages(self, searches: int) -> Warmed | None:
        """Read what searches read into the server's buffer pool, so the first searches after a start do
        not pay for it (at 300,000 profiles a vacancy's candidate search took 22.8 ms from cold buffers and
        13.1 ms once 1,500 other searches had run, issue 17). pg_prewarm is not in every server (the
        embedded one has no contrib modules), so this uses searches: each of the ``searches`` newest open
        vacancies' vectors walks the profiles' graph as a search does (and its province's partial graph),
        a quarter as many of the newest profiles' vectors walk the vacancies' graph; the tables the ranking
        reads are read whole, but for one larger than a quarter of the buffer pool (a sequential scan reads it
        through a small ring: it would stay cold). None: another process is warming the same
        server (two workers of one service): an advisory lock lets one of them do it."""
        if not await self.conn.fetchval("SELECT pg_try_advisory_lock($1)", _WARM_LOCK):
            return None
        try:
            started = time.perf_counter()
            pages = 0
            # a table larger than a quarter of the buffer pool would pass through a small ring and stay cold
            quarter = int(await self.conn.fetchval("SELECT pg_size_bytes(current_setting('shared_buffers')) / 4"))
            for table, whole in _WARM_TABLES.items():
                size = int(await self.conn.fetchval("SELECT pg_relation_size($1::regclass)", table))
                if size > quarter:
                    continue
                await self.conn.fetchval(f"SELECT count({whole}) FROM {table} t")
                pages += size // 8192
            vacancies = await self.conn.fetch(
                """
                SELECT e.embedding, t.province_code FROM vacancies t JOIN vacancy_embeddings e ON e.vacancy_id = t.id
                WHERE t.status = 'open' ORDER BY t.id DESC LIMIT $1
                """,
                max(0, searches),
            )
            people = await self.conn.fetch(
                "SELECT embedding FROM inmate_embeddings ORDER BY inmate_id DESC LIMIT $1", max(0, searches // 4)
            )
            walks = 0
            for r in vacancies:
                partition = province_partition(r["province_code"])
                for where in (None, partition) if partition else (None,):
                    await self.conn.fetchval(_walk_sql(_INMATES, where), r["embedding"])
                    walks += 1
            for r in people:
                await self.conn.fetchval(_walk_sql(_VACANCIES, None), r["embedding"])
                walks += 1
            return Warmed(walks, pages, round(time.perf_counter() - started, 2))
        finally:
            await self.conn.fetchval("SELECT pg_advisory_unlock($1)", _WARM_LOCK)

    async def newest_indexed(self, vacancies: int, people: int) -> tuple[list[int], list[int]]:
        """Ids of the newest open vacancies and the newest people (not anonymised) that have a vector."""
        vacancy_ids = await self.conn.fetch(
            """
            SELECT t.id FROM vacancies t JOIN vacancy_embeddings e ON e.vacancy_id = t.id
            WHERE t.status = 'open' ORDER BY t.id DESC LIMIT $1
            """,
            max(0, vacancies),
        )
        inmate_ids = await self.conn.fetch(
            """
            SELECT t.id FROM inmates t JOIN inmate_embeddings e ON e.inmate_id = t.id
            WHERE t.anonymised_at IS NULL ORDER BY t.id DESC LIMIT $1
            """,
            max(0, people),
        )
        return [r["id"] for r in vacancy_ids], [r["id"] for r in inmate_ids]

    async def inmate_hashes(self, inmate_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        rows = await self.conn.fetch(
            "SELECT inmate_id, model, text_hash FROM inmate_embeddings WHERE inmate_id = ANY($1::bigint[])",
            list(inmate_ids),
        )
        return {r["inmate_id"]: (r["model"], r["text_hash"]) for r in rows}

    async def vacancy_hashes(self, vacancy_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        rows = await self.conn.fetch(
            "SELECT vacancy_id, model, text_hash FROM vacancy_embeddings WHERE vacancy_id = ANY($1::bigint[])",
            list(vacancy_ids),
        )
        return {r["vacancy_id"]: (r["model"], r["text_hash"]) for r in rows}

    async def upsert_inmates(self, rows: Sequence[tuple[int, str, str, np.ndarray]]) -> None:
        """Rows of (inmate_id, model, text_hash, vector)."""
        await self.conn.executemany(
            """
            INSERT INTO inmate_embeddings (inmate_id, model, text_hash, embedding) VALUES ($1, $2, $3, $4)
            ON CONFLICT (inmate_id) DO UPDATE SET model = $2, text_hash = $3, embedding = $4, updated_at = now()
            """,
            rows,
        )

    async def upsert_vacancies(self, rows: Sequence[tuple[int, str, str, np.ndarray]]) -> None:
        await self.conn.executemany(
            """
            INSERT INTO vacancy_embeddings (vacancy_id, model, text_hash, embedding) VALUES ($1, $2, $3, $4)
            ON CONFLICT (vacancy_id) DO UPDATE SET model = $2, text_hash = $3, embedding = $4, updated_at = now()
            """,
            rows,
        )

    async def vacancy_vector(self, vacancy_id: int) -> np.ndarray | None:
        v = await self.conn.fetchval("SELECT embedding FROM vacancy_embeddings WHERE vacancy_id = $1", vacancy_id)
        return None if v is None else _array(v)

    async def inmate_vectors(self, inmate_ids: Sequence[int]) -> dict[int, tuple[str, str, np.ndarray]]:
        """inmate id -> (model, text hash, vector)."""
        rows = await self.conn.fetch(
            """
            SELECT inmate_id, model, text_hash, embedding FROM inmate_embeddings
            WHERE inmate_id = ANY($1::bigint[])
            """,
            list(inmate_ids),
        )
        return {r["inmate_id"]: (r["model"], r["text_hash"], _array(r["embedding"])) for r in rows}

    async def vacancy_vectors(self, vacancy_ids: Sequence[int]) -> dict[int, tuple[str, str, np.ndarray]]:
        """vacancy id -> (model, text hash, vector)."""
        rows = await self.conn.fetch(
            """
            SELECT vacancy_id, model, text_hash, embedding FROM vacancy_embeddings
            WHERE vacancy_id = ANY($1::bigint[])
            """,
            list(vacancy_ids),
        )
        return {r["vacancy_id"]: (r["model"], r["text_hash"], _array(r["embedding"])) for r in rows}

    async def inmate_vector(self, inmate_id: int) -> np.ndarray | None:
        v = await self.conn.fetchval("SELECT embedding FROM inmate_embeddings WHERE inmate_id = $1", inmate_id)
        return None if v is None else _array(v)

    async def text_vectors(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored item-text vectors by text hash (only those present)."""
        return (await self.ranking_reads(model, (), hashes, "", (), ())).items

    async def missing_texts(self, model: str, hashes: Sequence[str]) -> list[str]:
        """The hashes with no stored vector for this model, in the order given."""
        rows = await self.conn.fetch(
            """
            SELECT h FROM unnest($2::text[]) WITH ORDINALITY AS u (h, n)
            WHERE NOT EXISTS (SELECT 1 FROM text_embeddings t WHERE t.model = $1 AND t.text_hash = u.h)
            ORDER BY n
            """,
            model,
            list(hashes),
        )
        return [r["h"] for r in rows]

    async def terms_to_fill(self, hashes: Sequence[str]) -> tuple[list[str], list[str]]:
        """(text hashes with no stored n-gram counts, those whose counts were stored without their
        language (before migration 0836)), in the order given; one statement."""
        rows = await self.conn.fetch(
            """
            SELECT u.h, t.text_hash IS NULL AS absent FROM unnest($1::text[]) WITH ORDINALITY AS u (h, n)
            LEFT JOIN text_terms t ON t.text_hash = u.h
            WHERE t.text_hash IS NULL OR t.language IS NULL
            ORDER BY u.n
            """,
            list(hashes),
        )
        return [r["h"] for r in rows if r["absent"]], [r["h"] for r in rows if not r["absent"]]

    async def add_languages(self, rows: Sequence[tuple[str, str]]) -> None:
        """Fill in (text hash, language) where none is stored."""
        await self.conn.execute(
            """
            UPDATE text_terms t SET language = r.language
            FROM unnest($1::text[], $2::text[]) AS r(text_hash, language)
            WHERE t.text_hash = r.text_hash AND t.language IS NULL
            """,
            [h for h, _ in rows],
            [language for _, language in rows],
        )

    async def add_terms(self, rows: Sequence[tuple[str, TermRow, str]]) -> None:
        """Store (text hash, ((word idx, word counts), (char idx, char counts)), language); kept if present."""
        await self.conn.executemany(
            """
            INSERT INTO text_terms (text_hash, word_idx, word_val, char_idx, char_val, language)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (text_hash) DO NOTHING
            """,
            [
                (h, _bytes(w[0], "<i4"), _bytes(w[1], "<f4"), _bytes(c[0], "<i4"), _bytes(c[1], "<f4"), language)
                for h, (w, c), language in rows
            ],
        )

    async def terms(self, hashes: Sequence[str]) -> dict[str, StoredTerms]:
        """Stored n-gram counts and language (None: not detected yet) by text hash (absent ones are left out)."""
        return (await self.ranking_reads("", hashes, (), "", (), ())).terms

    async def reference_stats(
        self, reference: str, profiles: Sequence[str], vacancies: Sequence[str] = ()
    ) -> tuple[dict[str, float], dict[str, VacancyStats]]:
        """Statistics stored against the reference ``reference`` (migration 0833), by document text hash:
        (profiles' feedback hubness, vacancies' (feedback rows, spreads)); one round trip for both."""
        found = await self.ranking_reads("", (), (), reference, profiles, vacancies)
        return found.hubs, found.states

    async def ranking_reads(
        self,
        model: str,
        terms: Sequence[str],
        items: Sequence[str],
        reference: str,
        profiles: Sequence[str],
        vacancies: Sequence[str],
    ) -> RankingReads:
        """What one ranking reads besides its documents, by text hash, in one round trip (each was its
        own: three statements, each paying the idle backend's wake-up, issue 17): n-gram counts and
        languages (``terms``), item vectors of ``model`` (``text_vectors``), and the statistics stored
        against ``reference`` (``reference_stats``). Only those present come back."""
        rows = await self.conn.fetch(
            """
            SELECT 0 AS part, text_hash, word_idx, word_val, char_idx, char_val, language,
                   NULL::vector AS embedding, NULL::real AS hub, NULL::integer[] AS top, NULL::float8[] AS spreads
            FROM text_terms WHERE text_hash = ANY($1::text[])
            UNION ALL
            SELECT 1, text_hash, NULL, NULL, NULL, NULL, NULL, embedding, NULL, NULL, NULL
            FROM text_embeddings WHERE model = $2 AND text_hash = ANY($3::text[])
            UNION ALL
            SELECT 2, text_hash, NULL, NULL, NULL, NULL, NULL, NULL, feedback_hub, NULL, NULL
            FROM reference_profile_stats WHERE reference = $4 AND text_hash = ANY($5::text[])
            UNION ALL
            SELECT 3, text_hash, NULL, NULL, NULL, NULL, NULL, NULL, NULL, feedback_top, feedback_spreads
            FROM reference_vacancy_stats WHERE reference = $4 AND text_hash = ANY($6::text[])
            """,
            list(terms),
            model,
            list(items),
            reference,
            list(profiles),
            list(vacancies),
        )
        out = RankingReads({}, {}, {}, {})
        for r in rows:
            part, h = r[0], r[1]
            if part == 0:
                out.terms[h] = _stored_terms(r)
            elif part == 1:
                out.items[h] = _array(r["embedding"])
            elif part == 2:
                out.hubs[h] = float(r["hub"])
            else:
                out.states[h] = (list(r["top"]), list(r["spreads"]))
        return out

    async def add_reference_stats(
        self,
        reference: str,
        profiles: Sequence[tuple[str, float]] = (),
        vacancies: Sequence[tuple[str, VacancyStats]] = (),
    ) -> None:
        """Store profiles' (text hash, feedback hubness) and vacancies' (text hash, (rows, spreads))
        measured against ``reference``; rows already stored are kept."""
        if profiles:
            await self.conn.execute(
                """
                INSERT INTO reference_profile_stats (reference, text_hash, feedback_hub)
                SELECT $1, h, v FROM unnest($2::text[], $3::real[]) AS r (h, v)
                ON CONFLICT (reference, text_hash) DO NOTHING
                """,
                reference,
                [h for h, _ in profiles],
                [float(v) for _, v in profiles],
            )
        if vacancies:
            await self.conn.executemany(
                """
                INSERT INTO reference_vacancy_stats (reference, text_hash, feedback_top, feedback_spreads)
                VALUES ($1, $2, $3, $4) ON CONFLICT (reference, text_hash) DO NOTHING
                """,
                [(reference, h, [int(x) for x in top], [float(x) for x in spreads]) for h, (top, spreads) in vacancies],
            )

    async def drop_reference_stats(self, keep: str) -> int:
        """Delete the statistics of every reference but ``keep``; how many rows went."""
        gone = 0
        for table in ("reference_profile_stats", "reference_vacancy_stats"):
            done = await self.conn.execute(f"DELETE FROM {table} WHERE reference <> $1", keep)
            gone += int(done.split()[-1])
        return gone

    async def stored_reference(self) -> tuple[str, str, date, dict[str, Any], bytes] | None:
        """The kept reference (migration 0834): (fingerprint, model, fitted on, documents, vectors)."""
        r = await self.conn.fetchrow(
            "SELECT fingerprint, model, fitted_on, documents, vectors FROM reference_snapshots "
            "ORDER BY created_at DESC LIMIT 1"
        )
        if r is None:
            return None
        return r["fingerprint"], r["model"], r["fitted_on"], json.loads(r["documents"]), bytes(r["vectors"])

    async def store_reference(
        self,
        reference: tuple[str, str, date, Any, bytes],
        inmate_ids: Sequence[int],
        vacancy_ids: Sequence[int],
    ) -> None:
        """Keep this reference, and only it (one transaction); the ids are whose documents it holds."""
        fingerprint, model, fitted_on, documents, vectors = reference
        async with self.conn.transaction():
            await self.conn.execute("DELETE FROM reference_snapshots")
            await self.conn.execute(
                """
                INSERT INTO reference_snapshots
                    (fingerprint, model, fitted_on, inmate_ids, vacancy_ids, documents, vectors)
                VALUES ($1, $2, $3, $4::bigint[], $5::bigint[], $6::jsonb, $7)
                """,
                fingerprint,
                model,
                fitted_on,
                [int(i) for i in inmate_ids],
                [int(i) for i in vacancy_ids],
                json.dumps(documents, ensure_ascii=False),
                vectors,
            )

    async def add_texts(self, model: str, rows: Sequence[tuple[str, np.ndarray]]) -> None:
        """Store (text hash, vector) pairs; a text already stored keeps its vector."""
        await self.conn.executemany(
            """
            INSERT INTO text_embeddings (model, text_hash, embedding) VALUES ($1, $2, $3)
            ON CONFLICT (model, text_hash) DO NOTHING
            """,
            [(model, h, v) for h, v in rows],
        )

    async def nearest_inmates(
        self, query: np.ndarray, k: int, flt: CandidateFilter, *, strategy: str = "auto", ef_search: int | None = None
    ) -> list[CandidateHit]:
        """k nearest profiles by cosine distance that pass the filters (exactly k when k pass)."""
        return (await self.search_inmates(query, k, flt, strategy=strategy, ef_search=ef_search)).hits

    async def search_inmates(
        self, query: np.ndarray, k: int, flt: CandidateFilter, *, strategy: str = "auto", ef_search: int | None = None
    ) -> Search[CandidateHit]:
        """Nearest profiles under filters, with how they were found (see ``_search``)."""
        partition = province_partition(flt.province_code)
        found = await _search(
            self.conn,
            _INMATES,
            query,
            k,
            lambda first: _inmate_clauses(flt, first),
            # One province alone is searched in its own index (migration 0831), where an HNSW scan is as
            # complete as an exact one and far cheaper: only a narrower filter is counted first.
            flt.narrower_than_province if partition else flt.narrow,
            strategy,
            ef_search,
            vectors=True,
            partition=partition,
        )
        return Search(
            [CandidateHit(r[0], r[1], float(r[2]), found.vectors.get(r[0])) for r in found.hits],
            found.strategy,
            found.ef_search,
            found.rounds,
        )

    async def count_inmates(self, flt: CandidateFilter, *, cap: int | None = None) -> int:
        """How many indexed profiles pass the filters: the size of the whole ranked list, which
        does not depend on the page asked for (the re-ranking pool does). With ``cap``, counting
        stops at ``cap + 1`` (more than ``cap``): a scan that ends early, where counting all of
        300,000 profiles under the employer filter cost more than the whole search (issue 17)."""
        clauses, params = _inmate_clauses(flt, 1)
        limit = f"LIMIT {int(cap) + 1}" if cap is not None else ""
        return int(
            await self.conn.fetchval(
                f"""
                SELECT count(*) FROM (
                    SELECT 1 FROM inmates t
                    WHERE {" AND ".join(clauses)}
                      AND EXISTS (SELECT 1 FROM inmate_embeddings e WHERE e.inmate_id = t.id)
                    {limit}
                ) passing
                """,
                *params,
            )
        )

    async def nearest_vacancies(
        self, query: np.ndarray, k: int, flt: VacancyFilter, *, strategy: str = "auto", ef_search: int | None = None
    ) -> list[VacancyHit]:
        """k nearest open vacancies, exactly k when k pass; each with its stored vector."""
        return (await self.search_vacancies(query, k, flt, strategy=strategy, ef_search=ef_search)).hits

    async def search_vacancies(
        self, query: np.ndarray, k: int, flt: VacancyFilter, *, strategy: str = "auto", ef_search: int | None = None
    ) -> Search[VacancyHit]:
        """Nearest open vacancies under filters, with how they were found (see ``_search``); each hit's
        stored vector comes from the same statement (the re-ranker needs them: one round trip less)."""
        found = await _search(
            self.conn,
            _VACANCIES,
            query,
            k,
            lambda first: _vacancy_clauses(flt, first),
            flt.narrow,
            strategy,
            ef_search,
            vectors=True,
        )
        return Search(
            [VacancyHit(r[0], float(r[2]), found.vectors.get(r[0])) for r in found.hits],
            found.strategy,
            found.ef_search,
            found.rounds,
        )


# --- filtered nearest-neighbour search -------------------------------------------------------
#
# pgvector 0.6 has no iterative index scan: an HNSW scan yields at most ``hnsw.ef_search`` rows
# and a WHERE clause is applied afterwards, so a selective filter can leave fewer than k rows.
# The search therefore (1) counts the filtered set, capped, when a narrow filter (region, Bapas)
# is present and searches that set exactly when it is small; (2) otherwise runs the HNSW scan in
# a MATERIALIZED CTE (so the plan is always "index scan, then filter"), measures the pass rate and
# grows ef_search until k rows pass; (3) falls back to exact search when even ef_search = 1000
# is not enough. Every statement text is fixed per filter shape, so asyncpg's statement cache
# prepares each once per connection.

DEFAULT_EF_SEARCH = 400
"""HNSW candidate list size for the first try, from the recall/latency curve ``bench/scale.py``
prints. At 300,000 profiles under the employer filter (2 cores, 2026-12-02), recall@20 vs exact:
ef 250 -> 0.976 (10.3 ms p50), 400 -> 0.991 (13.6 ms), 640 -> 0.998 (17.9 ms). The service's pool of
100 asked for ef 400 already (``EF_PER_K``), so only a direct top-20 search pays the difference."""

EF_PER_K = 3
"""At least this many HNSW candidates per result wanted. Recall@k falls off fast as k nears
ef_search, and about half the profiles pass the employer filter: for the 200-profile re-ranking
pool at 300,000 profiles, ef 400 -> 0.972 with a second round for 1 query in 8 (p95 37 ms),
ef 640 -> 0.990 in one round (p95 23 ms)."""

VACANCY_EF_SEARCH = 400
"""The same for candidate -> vacancies: under the officer's filter (open, starting after the person is
free) at 50,000 vacancies (graph of migration 0832, 2026-12-02), recall@20 vs exact: ef 250 -> 0.977
(5.5 ms p50), 400 -> 0.985 (6.8 ms), 640 -> 0.992 (9.5 ms)."""

MAX_EF_SEARCH = 1000  # pgvector's upper bound for hnsw.ef_search
EXACT_BELOW = 10_000
"""Filtered sets up to this size are searched exactly: a few ms, and recall 1 by construction."""

_EF_STEPS = (40, 64, 100, 160, 250, 400, 640, 1000)
_STRATEGIES = ("auto", "adaptive", "ann", "exact")


@dataclass(frozen=True)
class _Target:
    emb_table: str
    emb_key: str
    table: str
    label: str  # the second column returned (pseudonym / title)
    first_ef: int  # ef_search of the first HNSW scan (at least; EF_PER_K per result wanted)


_INMATES = _Target("inmate_embeddings", "inmate_id", "inmates", "pseudonym", DEFAULT_EF_SEARCH)
_VACANCIES = _Target("vacancy_embeddings", "vacancy_id", "vacancies", "title", VACANCY_EF_SEARCH)  # title unused


def _regencies_within(code: str, km: str) -> str:
    """SQL: the codes of the regencies whose seat lies within ``km`` (a parameter) of the seat of
    regency ``code`` (a parameter), great-circle distance on the regency table's lat/lon
    (migration 0830), that regency itself included; a regency without a seat is near none."""
    return f"""(SELECT r.code FROM regencies o JOIN regencies r
        ON r.code = o.code OR 2 * 6371.0088 * asin(least(1.0, sqrt(
            power(sin(radians(r.lat - o.lat) / 2), 2)
            + cos(radians(o.lat)) * cos(radians(r.lat)) * power(sin(radians(r.lon - o.lon) / 2), 2)))) <= {km}
        WHERE o.code = {code})"""


def _inmate_clauses(flt: CandidateFilter, first: int) -> tuple[list[str], list[object]]:
    """SQL conditions on alias ``t`` (inmates) for the filters that are set; params from ``$first``."""
    clauses = ["t.anonymised_at IS NULL"]
    params: list[object] = []

    def param(value: object) -> str:
        params.append(value)
        return f"${len(params) + first - 1}"

    if flt.for_employer:
        clauses.append("t.consent_matching")
    if flt.available_by is not None:
        clauses.append(
            "(t.status IN ('released', 'parole', 'assimilation') "
            f"OR t.expected_release_date <= {param(flt.available_by)})"
        )
    if flt.province_code is not None:
        clauses.append(f"t.domicile_province_code = {param(flt.province_code)}")
    if flt.regency_code is not None:
        clauses.append(f"t.domicile_regency_code = {param(flt.regency_code)}")
    if flt.other_than_regency is not None:
        clauses.append(f"t.domicile_regency_code IS DISTINCT FROM {param(flt.other_than_regency)}")
    if flt.within_km_of is not None:
        code, km = flt.within_km_of
        clauses.append(f"t.domicile_regency_code IN {_regencies_within(param(code), param(float(km)))}")
    if flt.bapas_id is not None:
        clauses.append(f"t.bapas_id = {param(flt.bapas_id)}")
    if flt.scheme_id is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM certificates c WHERE c.inmate_id = t.id "
            f"AND c.scheme_id = {param(flt.scheme_id)} AND c.status = 'active')"
        )
    return clauses, params


def _vacancy_clauses(flt: VacancyFilter, first: int) -> tuple[list[str], list[object]]:
    """SQL conditions on alias ``t`` (vacancies); params from ``$first``."""
    clauses = ["t.status = 'open'"]
    params: list[object] = []
    if flt.available_from is not None:
        params.append(flt.available_from)
        clauses.append(f"(t.start_date IS NULL OR t.start_date >= ${len(params) + first - 1})")
    if flt.province_code is not None:
        params.append(flt.province_code)
        clauses.append(f"t.province_code = ${len(params) + first - 1}")
    if flt.regency_code is not None:
        params.append(flt.regency_code)
        clauses.append(f"t.regency_code = ${len(params) + first - 1}")
    if flt.within_km_of is not None:
        params += [flt.within_km_of[0], float(flt.within_km_of[1])]
        within = _regencies_within(f"${len(params) + first - 2}", f"${len(params) + first - 1}")
        clauses.append(f"t.regency_code IN {within}")
    return clauses, params


_PROVINCE_CODE = re.compile(r"[0-9]{2}")


# kind -> (document table, vector table): fixed names, the only ones spelled into statements.
_DOCUMENT_TABLES = {"inmates": ("inmates", "inmate_embeddings"), "vacancies": ("vacancies", "vacancy_embeddings")}


def _province_predicate(code: str | None) -> str | None:
    """The predicate of the province's partial HNSW index (migration 0831), spelled as a literal: only
    a two-digit code is ever spelled into SQL; anything else has no index (None)."""
    if code is None or not _PROVINCE_CODE.fullmatch(code):
        return None
    return f"province_code = '{code}'"


def province_partition(code: str | None) -> str | None:
    """That predicate on the search's embedding alias ``e``: a literal, so the planner can prove the
    index predicate (a parameter would leave a generic plan on the global index)."""
    where = _province_predicate(code)
    return f"e.{where}" if where is not None else None


def _ef_step(value: float) -> int:
    """Round up to a fixed step, so only a handful of statement texts exist."""
    for step in _EF_STEPS:
        if value <= step:
            return step
    return MAX_EF_SEARCH


async def _search(
    conn: asyncpg.Connection,
    target: _Target,
    query: np.ndarray,
    k: int,
    clauses_from: Callable[[int], tuple[list[str], list[object]]],
    narrow: bool,
    strategy: str,
    ef_search: int | None,
    *,
    vectors: bool = False,
    partition: str | None = None,
) -> Search[tuple[int, str, float]]:
    """Nearest rows of ``target`` under the filters; with ``vectors``, each hit's stored (model, text
    hash, vector) comes back from the same statement (the re-ranker needs them: one round trip less);
    ``partition``: the predicate of a partial HNSW index on the embedding table (``e``) that the
    filters imply, so the index scan walks only that part (``province_partition``)."""
    if strategy not in _STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(_STRATEGIES)}, not {strategy!r}")
    if k < 1:
        return Search([], strategy, 0, 0)
    vec = np.asarray(query, dtype=np.float32).reshape(-1)
    clauses, params = clauses_from(2)  # $1 is the query vector
    where = " AND ".join(clauses)
    n = len(params) + 2  # the limit follows the filters
    exact_sql = _exact_sql(target, where, n, vectors)
    if strategy == "exact":
        rows = await conn.fetch(exact_sql, vec, *params, k)
        return _found(rows, "exact", 0, 1, vectors)
    rounds = 0
    if strategy == "auto" and narrow:
        rounds += 1
        count_clauses, count_params = clauses_from(1)
        size = await conn.fetchval(
            f"SELECT count(*) FROM (SELECT 1 FROM {target.table} t WHERE {' AND '.join(count_clauses)} "
            f"LIMIT {EXACT_BELOW + 1}) s",
            *count_params,
        )
        if size <= EXACT_BELOW:
            rows = await conn.fetch(exact_sql, vec, *params, k)
            return _found(rows, "exact", 0, rounds + 1, vectors)
    if strategy == "ann":  # one index scan as asked, whatever passes: for recall/latency curves
        ef = int(ef_search or target.first_ef)
    else:  # auto, adaptive (auto without the size check): grow ef_search until k pass
        ef = _ef_step(ef_search or max(EF_PER_K * k, target.first_ef))
    in_force: int | None = None  # the ef_search this function knows the connection has
    while True:
        rounds += 1
        ann_sql = _ann_sql(target, ef, where, n, partition, vectors)
        # Session-level (BEGIN; SET LOCAL; COMMIT were three more round trips); the pool resets a
        # connection's settings (RESET ALL) when it is released. The database's default is
        # DEFAULT_EF_SEARCH (migration 0835), so the usual first scan sends no SET: it reports the
        # value it ran with and runs again after a SET if another one was in force (or if no row
        # passed, which cannot tell).
        if ef != (in_force or DEFAULT_EF_SEARCH):
            await conn.execute(f"SET hnsw.ef_search = {ef}")
            in_force = ef
        rows = await conn.fetch(ann_sql, vec, *params, k)
        if in_force != ef and (rows[0][4] if rows else None) != ef:
            await conn.execute(f"SET hnsw.ef_search = {ef}")
            rows = await conn.fetch(ann_sql, vec, *params, k)
        in_force = ef
        # An HNSW scan returns up to ef rows (a few fewer in practice), so a short answer never proves
        # that fewer than k pass: only exact search on the filtered set can say that.
        scanned = rows[0][3] if rows else ef
        if strategy == "ann" or len(rows) >= k:
            return _found(rows, "ann", ef, rounds, vectors)
        if ef >= MAX_EF_SEARCH or (partition and scanned < ef):
            break  # (a partition smaller than ef_search: its exact scan is cheap)
        # Grow ef_search to what the observed pass rate says k needs (with a margin), at least 2x.
        rate = len(rows) / scanned
        need = 1.5 * k / rate if rate > 0 else float("inf")
        ef = _ef_step(min(MAX_EF_SEARCH, max(2 * ef, need)))
        if need > 2 * MAX_EF_SEARCH:
            break
    rows = await conn.fetch(exact_sql, vec, *params, k)
    return _found(rows, "exact", 0, rounds + 1, vectors)


def _exact_sql(target: _Target, where: str, n: int, vectors: bool) -> str:
    """Every row of ``target`` that passes ``where``, the best ``$n`` by exact distance (``_best_sql``: with
    ``vectors``, their stored vectors are joined to those ``$n`` rows only; sorting every passing row with its
    2 kB vector cost ~10 % of an exact search of ~5,000 vacancies, issue 17)."""
    passing = f"WITH f AS MATERIALIZED (SELECT t.id, t.{target.label} FROM {target.table} t WHERE {where})"
    best = f"""
        SELECT f.id, f.{target.label}, e.embedding <=> $1 AS distance, 0 AS scanned, 0 AS ran_with
        FROM f JOIN {target.emb_table} e ON e.{target.emb_key} = f.id
        ORDER BY distance, f.id
        LIMIT ${n}"""
    return _best_sql(target, passing, best, vectors)


def _best_sql(target: _Target, ctes: str, best: str, vectors: bool) -> str:
    """A search's answer from its ``best`` rows (id, label, distance, scanned, ran_with) after the ``ctes``
    (a ``WITH`` list): (id, label, similarity, scanned, ran_with), nearest first; with ``vectors``, each
    row's stored (model, text hash, vector) joined to those rows only."""
    columns = f"b.id, b.{target.label}, 1 - b.distance AS similarity, b.scanned, b.ran_with"
    if not vectors:
        return f"{ctes} SELECT {columns} FROM ({best}) b ORDER BY b.distance, b.id"
    return f"""{ctes}, best AS MATERIALIZED ({best})
        SELECT {columns}, e.model, e.text_hash, e.embedding
        FROM best b JOIN {target.emb_table} e ON e.{target.emb_key} = b.id
        ORDER BY b.distance, b.id"""


def _scan_sql(target: _Target, ef: int, partition: str | None) -> str:
    """The CTE ``ann``: one HNSW scan of ``ef`` rows of ``target``'s vectors (in ``partition``)."""
    return f"""
        WITH ann AS MATERIALIZED (
            SELECT e.{target.emb_key} AS id, e.embedding <=> $1 AS distance
            FROM {target.emb_table} e {f"WHERE {partition}" if partition else ""}
            ORDER BY e.embedding <=> $1 LIMIT {ef}
        )"""


def _walk_sql(target: _Target, partition: str | None) -> str:
    """The scan of a search's first round (the database's ef_search), its rows counted."""
    return f"{_scan_sql(target, target.first_ef, partition)} SELECT count(*) FROM ann"


def _ann_sql(target: _Target, ef: int, where: str, n: int, partition: str | None, vectors: bool) -> str:
    """One HNSW scan of ``ef`` rows (in ``partition``), filtered by ``where``, the best ``$n`` that pass;
    with ``vectors``, their stored (model, text hash, vector) are joined to those ``$n`` rows only (joined
    before the filter, every scanned row's vector was read: ~400 rows for a pool of 100, issue 17)."""
    scan = _scan_sql(target, ef, partition)
    passing = f"""
        SELECT a.id, t.{target.label}, a.distance, (SELECT count(*) FROM ann) AS scanned,
               current_setting('hnsw.ef_search', true)::int AS ran_with
        FROM ann a JOIN {target.table} t ON t.id = a.id
        WHERE {where}
        ORDER BY a.distance, a.id
        LIMIT ${n}"""
    return _best_sql(target, scan, passing, vectors)


def _found(
    rows: Sequence[asyncpg.Record], strategy: str, ef: int, rounds: int, vectors: bool
) -> Search[tuple[int, str, float]]:
    stored = {r[0]: (r[5], r[6], _array(r[7])) for r in rows} if vectors else {}
    return Search([(r[0], r[1], r[2]) for r in rows], strategy, ef, rounds, stored)

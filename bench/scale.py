"""Scale benchmark: 300,000 profiles and 50,000 vacancies on one machine (`make bench`).

Builds (once) an embedded PostgreSQL + pgvector under ``.binakerja/bench/`` with the demo data
set plus extra vacancies, embeds everything once (the database is the cache: later runs re-embed
only what is stale), then measures and writes ``bench/results.json``:

- bulk load rate (inmates/s, without embedding), memory and CPU per process, into a scratch database
  (``bench.bulk``, in a fresh process as ``binakerja demo`` runs it);
- embedding pipeline throughput (``reindex_inmates``) vs raw ``SentenceTransformer.encode`` on the
  same texts, and re-index time after 1% of profiles change;
- match latency, vacancy -> top 20 candidates and candidate -> top 20 vacancies, through the
  matcher service (retrieval, re-ranking, explanations) over >= 200 different queries;
- recall@k of the HNSW stage vs exact search under the same filters, per ef_search (the curve
  DEFAULT_EF_SEARCH is chosen from), and filtered-search strategies on selective filters;
- HTTP throughput and latency of the candidate-search endpoint, 32 clients for 30 s, against
  uvicorn with 2 workers on loopback;
- all of it at 30,000 and 300,000 profiles (``--quick``: 30,000 only).

Usage: ``python bench/scale.py [--quick] [--fresh] [--inmates N --vacancies M] [--no-http]``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from api.app import build_matcher  # noqa: E402
from api.config import Settings  # noqa: E402
from api.demo import employers as demo_employers  # noqa: E402
from api.demo import load_demo  # noqa: E402
from api.web.stores import PgMatcherStores  # noqa: E402
from api.web.warmup import warm_up  # noqa: E402
from bench import bulk as bench_bulk  # noqa: E402
from bench import load as http_load  # noqa: E402
from bench import measure  # noqa: E402
from bench.repository import BenchRepo  # noqa: E402
from bench.summary import build_summary, targets_table  # noqa: E402
from matcher import heap  # noqa: E402
from matcher.documents import candidate_items, candidate_text  # noqa: E402
from matcher.embedding import Encoder  # noqa: E402
from matcher.indexing import reindex_inmates, reindex_vacancies  # noqa: E402
from matcher.profiles import candidate_doc  # noqa: E402
from matcher.service import DEFAULT_POOL as POOL  # noqa: E402
from models.db import create_pool, memory_settings, physical_memory, start_embedded  # noqa: E402
from models.migrate import migrate  # noqa: E402
from models.repositories import embeddings as emb_repo  # noqa: E402
from models.repositories.bulk import BulkRepo  # noqa: E402
from models.repositories.certificates import CertificateRepo  # noqa: E402
from models.repositories.inmates import InmateRepo  # noqa: E402

BENCH_DIR = ROOT / ".binakerja" / "bench"
RESULTS = ROOT / "bench" / "results.json"
SEED = 7
QUERIES = 200  # different vacancies / people per latency figure
WARM_SEARCHES = Settings.from_env().warm_searches  # the start-up warm-up of `binakerja serve` (its setting)
EF_CURVE = (20, 40, 64, 100, 160, 250, 400, 640, 1000)
# Settings for the benchmark's server, the same a production PostgreSQL for this service would get:
# the vectors and HNSW graph (~1.5 GB at 300,000 profiles) must fit in shared buffers + page cache.
SERVER_SETTINGS = {
    **memory_settings(physical_memory()),  # what the service's embedded server gets (models/db.py)
    "work_mem": "32MB",
    "maintenance_work_mem": "2GB",
    "max_parallel_maintenance_workers": "2",
    "jit": "off",
    "random_page_cost": "1.1",
    "max_connections": "100",
}


def say(msg: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


# --- the database -------------------------------------------------------------------------------


async def _tune(uri: str) -> bool:
    pool = await create_pool(uri, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            return await BenchRepo(conn).tune_server(SERVER_SETTINGS)
    finally:
        await pool.close()


def open_server(folder: Path, fresh: bool) -> tuple[str, Any]:
    """Start (or reuse) the benchmark's embedded server, tuned; restarts once if settings need it."""
    if fresh and folder.exists():
        shutil.rmtree(folder)
    uri, server = start_embedded(folder / "pg")
    if asyncio.run(_tune(uri)):
        say("restarting PostgreSQL to apply server settings")
        server.cleanup()
        uri, server = start_embedded(folder / "pg")
    return uri, server


async def add_vacancies(conn: Any, count: int, today: date) -> None:
    """Extra demo-style vacancies (the demo's own generator) from 100 extra employers, by COPY."""
    rng = random.Random(SEED * 1000 + count)
    emps = demo_employers.employers(rng, 100)
    emps = [e.__class__(**{**e.__dict__, "external_id": f"BENCH-EMP-{n:04d}"}) for n, e in enumerate(emps)]
    specs = demo_employers.vacancies(rng, emps, count, today)
    bulk = BulkRepo(conn)
    async with conn.transaction():
        ids = await bulk.add_employers(
            [
                (e.external_id, e.name, e.sector, e.province_code, e.regency_code, "active", e.contact_email)
                for e in emps
            ]
        )
        for start in range(0, len(specs), 10_000):
            await bulk.copy_vacancies(
                [
                    v.copy_row(ids[v.employer_external_id], f"BENCH-VAC-{start + n:06d}")
                    for n, v in enumerate(specs[start : start + 10_000])
                ]
            )
        await bulk.analyze()


async def build(uri: str, folder: Path, n: int, m: int, encoder: Encoder) -> dict[str, Any]:
    """Load data if the folder has none; embed whatever is stale. Returns what was done and how long."""
    info: dict[str, Any] = {}
    marker = folder / "data.json"
    pool = await create_pool(uri, min_size=1, max_size=2)
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
            repo = BenchRepo(conn)
            counts = await repo.counts()
            if not marker.exists() and counts["inmates"]:
                raise RuntimeError(f"{folder} holds a half-built database; re-run with --fresh")
            if not marker.exists():
                say(f"loading demo data: {n:,} inmates")
                t0 = time.perf_counter()
                summary = await load_demo(conn, inmates=n, seed=SEED)
                extra = max(0, m - summary.vacancies)
                say(f"adding {extra:,} vacancies")
                await add_vacancies(conn, extra, date.today())
                info["load_seconds"] = round(time.perf_counter() - t0, 1)
                marker.write_text(json.dumps({"inmates": n, "vacancies": m, "built": date.today().isoformat()}))
                counts = await repo.counts()
            # A cold build is a bulk run: reindex drops the HNSW graphs and builds them once at the end
            # (matcher.indexing.bulk_build), as a first import in the service does.
            t0 = time.perf_counter()
            v = await reindex_vacancies(PgMatcherStores(conn), encoder, batch=1024)
            i = await reindex_inmates(
                PgMatcherStores(conn), encoder, date.today(), batch=1024, progress=_progress(counts["inmates"])
            )
            info["embed_seconds"] = round(time.perf_counter() - t0, 1)  # with the graphs of a bulk run
            info["embedded"] = v.embedded + i.embedded
            await repo.analyze()
            t0 = time.perf_counter()  # each profile's statistics against the reference, as `binakerja reindex`
            info["reference_stats"] = await build_matcher(encoder).store_reference_stats(conn, date.today(), batch=4000)
            info["reference_stats_seconds"] = round(time.perf_counter() - t0, 1)
            info["counts"] = await repo.counts()
            info["sizes_mb"] = {k: round(b / 2**20) for k, b in (await repo.relation_sizes()).items()}
    finally:
        await pool.close()
    return info


def _progress(total: int) -> Any:
    done = [0, time.perf_counter()]

    def update(k: int) -> None:
        done[0] += k
        if time.perf_counter() - done[1] > 30:
            done[1] = time.perf_counter()
            say(f"  checked {done[0]:,} / {total:,} profiles")

    return update


# --- measurements -------------------------------------------------------------------------------


def bulk_load(server: Any, n: int) -> dict[str, Any]:
    """``bench.bulk`` in a process of its own (see there) against this benchmark's server."""
    spec = {"admin_uri": server.get_uri(), "uri": server.get_uri(bench_bulk.DATABASE), "inmates": n, "seed": SEED + 1}
    done = subprocess.run(  # noqa: S603 - our own module, arguments on stdin
        [sys.executable, "-m", "bench.bulk"], cwd=ROOT, input=json.dumps(spec), capture_output=True, text=True,
        timeout=3600,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"bench.bulk failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


async def pipeline_vs_raw(server: Any, encoder: Encoder, n: int) -> dict[str, Any]:
    """reindex_inmates on n fresh profiles vs SentenceTransformer.encode on exactly their texts."""
    admin = await create_pool(server.get_uri(), min_size=1, max_size=1)
    async with admin.acquire() as conn:
        await BenchRepo(conn).create_database("bench_pipeline")
    try:
        pool = await create_pool(server.get_uri("bench_pipeline"), min_size=1, max_size=1)
        try:
            async with pool.acquire() as conn:
                await migrate(conn)
                await load_demo(conn, inmates=n, seed=SEED + 2)
                today = date.today()
                people = await InmateRepo(conn).list_after(0, n)
                certs = await CertificateRepo(conn).views_for_inmates([p.id for p in people])
                docs = [candidate_doc(p, certs.get(p.id, []), today) for p in people]
                # The pipeline embeds each document and each distinct item text once: raw gets the same.
                items = dict.fromkeys(it.text for d in docs for it in candidate_items(d, today))
                texts = [candidate_text(d, today) for d in docs] + list(items)
                raw = []
                t0 = time.perf_counter()
                encoder.model.encode(texts, batch_size=encoder.batch_size, normalize_embeddings=True)
                raw.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                stats = await reindex_inmates(PgMatcherStores(conn), encoder, today)
                pipeline = time.perf_counter() - t0
                t0 = time.perf_counter()
                encoder.model.encode(texts, batch_size=encoder.batch_size, normalize_embeddings=True)
                raw.append(time.perf_counter() - t0)
        finally:
            await pool.close()
    finally:
        async with admin.acquire() as conn:
            await BenchRepo(conn).drop_database("bench_pipeline")
        await admin.close()
    raw_s = float(np.mean(raw))
    return {
        "texts": len(texts),
        "mean_words": round(float(np.mean([len(t.split()) for t in texts])), 1),
        "documents": len(docs),
        "embedded": stats.embedded + stats.items,
        "raw_per_s": round(len(texts) / raw_s, 1),
        "pipeline_per_s": round((stats.embedded + stats.items) / pipeline, 1),
        "ratio": round(((stats.embedded + stats.items) / pipeline) / (len(texts) / raw_s), 3),
    }


async def reindex_one_percent(pool: Any, encoder: Encoder) -> dict[str, Any]:
    async with pool.acquire() as conn:
        repo = BenchRepo(conn)
        total = (await repo.counts())["inmates"]
        ids = await repo.sample_inmates(max(1, total // 100), SEED)
        changed = await repo.toggle_marker_skill(ids)
        t0 = time.perf_counter()
        stats = await reindex_inmates(PgMatcherStores(conn), encoder, date.today(), batch=1024)
        seconds = time.perf_counter() - t0
        # as the service does on an edit (``embed_inmate_now`` with the process's matcher): the changed
        # profiles' statistics against the pinned reference, so no search computes them on the query
        t0 = time.perf_counter()
        stored = await build_matcher(encoder).store_document_stats(conn, date.today(), inmate_ids=ids)
        stats_seconds = time.perf_counter() - t0
    return {
        "profiles": total, "changed": changed, "re_embedded": stats.embedded, "seconds": round(seconds, 1),
        "statistics_stored": stored, "statistics_seconds": round(stats_seconds, 1),
    }  # fmt: skip


async def latencies(pool: Any, encoder: Encoder, queries: int = QUERIES) -> dict[str, Any]:
    """Matcher service both directions, retrieval alone, the ef_search curve and filter strategies."""
    from api.web.stores import regency_points
    from matcher.service import Matcher

    today = date.today()
    out: dict[str, Any] = {}
    # What the service's lifespan does once it has started (api.app): collect, freeze the model and the
    # modules, serving thresholds. Without it, this process's full collections walked the model and
    # everything the build left, 50-70 ms each, inside the timed searches.
    heap.settle(full=True)
    async with pool.acquire() as conn:
        repo = BenchRepo(conn)
        vac_ids = await repo.sample_vacancies(queries + 20, SEED)
        person_ids = await repo.sample_inmates(queries + 20, SEED + 1)
        # The service's start-up warm-up (``api.web.warmup``, as `binakerja serve` runs it: the pages, then this
        # Matcher's rankings for the newest vacancies and people), then the figures of the summary with that
        # Matcher, on other vacancies and people (issue 17). ``cold_latencies`` measures a start without the
        # warm-up, on the server restarted after everything else.
        matcher = Matcher(encoder, PgMatcherStores, points=regency_points)  # as the service builds it
        warmed = await warm_up(conn, matcher, WARM_SEARCHES, today)
        out["warm_up"] = {
            **(dataclasses.asdict(warmed.pages) if warmed.pages else {}),
            "rankings": warmed.rankings,
            "seconds_total": warmed.seconds,
        }
        say(f"  service warm-up: {out['warm_up']}")
        # the searches timed are others than those the warm-up ranked for
        vac_ids = [v for v in vac_ids if v not in set(warmed.vacancy_ids)]
        person_ids = [p for p in person_ids if p not in set(warmed.inmate_ids)]
        start_dates = [q.flt.available_by for q in await measure.vacancy_queries(conn, vac_ids[:50])]
        out["employer_filter_pass_rate"] = round(
            float(np.mean([await repo.filter_pass_rate(d) for d in start_dates[:10] if d])), 3
        )

        async def v2c(vid: int) -> Any:
            return await matcher.candidates_for_vacancy(conn, vid, as_of=today, k=20)

        async def c2v(pid: int) -> Any:
            return await matcher.vacancies_for_candidate(conn, pid, as_of=today, k=20)

        out["vacancy_to_candidates"] = measure.summary(await measure.timed_each(v2c, vac_ids[20:], vac_ids[:20]))
        out["candidate_to_vacancies"] = measure.summary(await measure.timed_each(c2v, person_ids[20:], person_ids[:20]))
        # The same searches in steady state: the figures above start from a freshly started server (its
        # buffers empty; a cached database is opened anew by every run). These run after `queries` other
        # searches each way, as on a server that has been serving, and time `queries` more (issue 17).
        seen_v, seen_p = set(vac_ids), set(person_ids)
        more_v = [v for v in await repo.sample_vacancies(5 * queries + 60, SEED + 2) if v not in seen_v]
        more_p = [p for p in await repo.sample_inmates(5 * queries + 60, SEED + 3) if p not in seen_p]
        for key, search, ids in (("vacancy_to_candidates", v2c, more_v), ("candidate_to_vacancies", c2v, more_p)):
            if len(ids) >= 2 * queries:
                warm = await measure.timed_each(search, ids[queries : 2 * queries], ids[:queries])
                out[f"{key}_warm"] = measure.summary(warm)
        provinces = {q.key: q.flt.province_code for q in await measure.vacancy_queries(conn, vac_ids, province=True)}

        async def v2c_province(vid: int) -> Any:
            return await matcher.candidates_for_vacancy(
                conn, vid, as_of=today, k=POOL, province_code=provinces.get(vid)
            )

        pv = [v for v in vac_ids if provinces.get(v)]
        out["province_k100"] = measure.summary(await measure.timed_each(v2c_province, pv[20:], pv[:20]))
        say("  service top 20 from an HNSW pool vs from an exact pool")
        out["service_pool"] = await service_pool_agreement(conn, encoder, vac_ids[20:120], today)
        say("  service latency done; retrieval curves")
        queries = await measure.vacancy_queries(conn, vac_ids[20:])
        rows, _ = await measure.strategy_table(conn, queries, (20, POOL), EF_CURVE, ("auto",))
        out["retrieval_vacancy_to_candidates"] = rows
        regional = await measure.vacancy_queries(conn, vac_ids[20:], province=True)
        rows, _ = await measure.strategy_table(conn, regional, (20, POOL), (), ("auto", "adaptive"))
        out["retrieval_same_province"] = rows
        pq = await measure.inmate_queries(conn, person_ids[20:])
        rows, _ = await measure.strategy_table(conn, pq, (20, POOL), (40, 100, 250, 640), ("auto",))
        out["retrieval_candidate_to_vacancies"] = rows
    out["ef_search_for_recall_0.95"] = {
        "k20": measure.choose_ef(out["retrieval_vacancy_to_candidates"], 20),
        "k200": measure.choose_ef(out["retrieval_vacancy_to_candidates"], POOL),
        "default_in_code": emb_repo.DEFAULT_EF_SEARCH,
    }
    return out


async def cold_latencies(uri: str, encoder: Encoder, queries: int = QUERIES) -> dict[str, Any]:
    """Both directions on a server just started and not warmed (its buffer pool empty; the files may be in
    the OS's cache), with a Matcher of its own and searches of their own: what a start without the
    service's warm-up (``BINAKERJA_WARM_SEARCHES=0``) gives its first users."""
    from api.web.stores import regency_points
    from matcher.service import Matcher

    today = date.today()
    out: dict[str, Any] = {}
    pool = await create_pool(uri, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            repo = BenchRepo(conn)
            seen_v = set(await repo.sample_vacancies(queries + 20, SEED))
            seen_p = set(await repo.sample_inmates(queries + 20, SEED + 1))
            cold_v = [v for v in await repo.sample_vacancies(2 * queries + 40, SEED + 4) if v not in seen_v]
            cold_p = [p for p in await repo.sample_inmates(2 * queries + 40, SEED + 5) if p not in seen_p]
            cold = Matcher(encoder, PgMatcherStores, points=regency_points)

            async def v2c(vid: int) -> Any:
                return await cold.candidates_for_vacancy(conn, vid, as_of=today, k=20)

            async def c2v(pid: int) -> Any:
                return await cold.vacancies_for_candidate(conn, pid, as_of=today, k=20)

            for key, search, ids in (("vacancy_to_candidates", v2c, cold_v), ("candidate_to_vacancies", c2v, cold_p)):
                out[f"{key}_cold"] = measure.summary(await measure.timed_each(search, ids[20 : queries + 20], ids[:20]))
    finally:
        await pool.close()
    return out


def _forced_search(strategy: str, ef_search: int | None) -> Any:
    """``PgMatcherStores`` whose profile searches all run with this strategy and ef_search."""

    class Vectors(emb_repo.EmbeddingRepo):
        async def nearest_inmates(self, query: Any, k: int, flt: Any, **_: Any) -> Any:
            return await super().nearest_inmates(query, k, flt, strategy=strategy, ef_search=ef_search)

    class Stores(PgMatcherStores):
        def __init__(self, conn: Any) -> None:
            super().__init__(conn)
            self.vectors = self.index = Vectors(conn)

    return Stores


async def service_pool_agreement(conn: Any, encoder: Encoder, vac_ids: list[int], today: date) -> dict[str, Any]:
    """How much of the service's top 20 (re-ranked pool of 100) is what an exact pool gives, by the pool's
    HNSW ef_search (the service's is ``DEFAULT_EF_SEARCH``): the retrieval recall that reaches the page."""
    from api.web.stores import regency_points
    from matcher.service import Matcher

    async def top(matcher: Any, vid: int) -> list[int]:
        _, found = await matcher.candidates_for_vacancy(conn, vid, as_of=today, k=20)
        return [m.inmate_id for m in found]

    exact_matcher = Matcher(encoder, _forced_search("exact", None), points=regency_points)
    exact = {vid: await top(exact_matcher, vid) for vid in vac_ids}
    out: dict[str, Any] = {"queries": len(vac_ids)}
    for ef in (250, 400):
        matcher = Matcher(encoder, _forced_search("auto", ef), points=regency_points)
        shown = {vid: await top(matcher, vid) for vid in vac_ids}
        agree = [len(set(shown[v]) & set(exact[v])) / max(1, len(exact[v])) for v in vac_ids]
        out[f"ef{ef}_top20_agreement"] = round(float(np.mean(agree)), 4)
    say(f"    {out}")
    return out


async def _bench_user(pool: Any) -> tuple[str, list[int]]:
    """An employer user with an API key, made through the accounts service, owning many vacancies."""
    from api.partners.service import create_user, issue_api_key
    from models.records import SYSTEM

    async with pool.acquire() as conn:
        employer_id, vacancy_ids = await BenchRepo(conn).employer_with_most_open_vacancies()
        email = f"bench-{employer_id}-{os.urandom(4).hex()}@bench.binakerja.invalid"
        user = await create_user(
            conn, SYSTEM, email=email, name="Bench", role="employer", password=os.urandom(16).hex(),
            employer_id=employer_id,
        )  # fmt: skip
        _, key = await issue_api_key(conn, SYSTEM, user.id, "scale benchmark")
    return key, vacancy_ids


async def http(
    uri: str, folder: Path, pool: Any, clients: int, seconds: float, probe_seconds: float = 0.0
) -> dict[str, Any]:
    """The candidate search over HTTP, the load generator in its own process (its CPU measured);
    then, when ``probe_seconds``, issue 13's sign-in load probe against the same server."""
    key, vacancy_ids = await _bench_user(pool)
    paths = [f"/api/v1/vacancies/{v}/candidates?limit=20" for v in vacancy_ids]
    random.Random(SEED).shuffle(paths)
    app_dir = folder / "app"
    app_dir.mkdir(exist_ok=True)
    headers = {"Authorization": f"Bearer {key}"}
    with http_load.serve_process(uri, app_dir, workers=2) as (base, pid):
        result = await asyncio.to_thread(
            http_load.hammer_in_process, base, paths, headers, clients=clients, seconds=seconds, server_pid=pid
        )
        if probe_seconds:
            say(f"  sign-in load probe: 16 parallel failed sign-ins, {probe_seconds:.0f}s")
            probe = f"/api/v1/vacancies/{vacancy_ids[0]}"
            result["sign_in_probe"] = await asyncio.to_thread(
                http_load.sign_in_probe_in_process, base, probe, headers, attackers=16, seconds=probe_seconds
            )
    result["distinct_vacancies"] = len(paths)
    result["workers"] = 2
    return result


# --- orchestration ------------------------------------------------------------------------------


def bench_size(n: int, m: int, args: argparse.Namespace, encoder: Encoder, *, full: bool) -> dict[str, Any]:
    folder = BENCH_DIR / f"db-{n}-{m}"
    say(f"== {n:,} profiles, {m:,} vacancies ({folder})")
    started = time.perf_counter()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    uri, server = open_server(folder, args.fresh)
    result: dict[str, Any] = {"inmates": n, "vacancies": m, "pool": POOL}
    try:
        t0 = time.perf_counter()
        result["build"] = asyncio.run(build(uri, folder, n, m, encoder))
        result["build"]["seconds"] = round(time.perf_counter() - t0, 1)
        say(f"  build: {result['build']}")

        async def rest() -> None:
            pool = await create_pool(uri, min_size=1, max_size=4)
            try:
                say("  bulk load into a scratch database")
                result["bulk_load"] = await asyncio.to_thread(bulk_load, server, n)
                say(f"  {result['bulk_load']}")
                if full or not args.last_size_pipeline:
                    say("  pipeline vs raw encode")
                    result["embedding"] = await pipeline_vs_raw(server, encoder, args.pipeline_texts)
                    say(f"  {result['embedding']}")
                say("  re-index after 1% change")
                result["reindex_1pct"] = await reindex_one_percent(pool, encoder)
                say(f"  {result['reindex_1pct']}")
                say("  latency")
                result["latency"] = await latencies(pool, encoder, args.queries)
                if not args.no_http:
                    say(f"  HTTP load: {args.clients} clients, {args.seconds:.0f}s")
                    result["http"] = await http(
                        uri, folder, pool, args.clients, args.seconds, 0.0 if args.no_probe else args.probe_seconds
                    )
                    say(f"  {result['http']}")
            finally:
                await pool.close()

        asyncio.run(rest())
        if "latency" in result:  # a start without the warm-up: the same server, restarted (buffers empty)
            say("  latency without the warm-up, on the server restarted")
            server.cleanup()
            uri, server = open_server(folder, False)
            result["latency"].update(asyncio.run(cold_latencies(uri, encoder, args.queries)))
    finally:
        server.cleanup()
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["load_average_at_start"] = load_at_start
    result["summary"] = build_summary(result, os.cpu_count() or 1, POOL)
    return result


def machine() -> dict[str, Any]:
    import psutil

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def table(results: dict[str, Any]) -> str:
    """The human summary printed at the end (also the README table's source)."""
    lines = []
    for r in results["sizes"]:
        lat = r["latency"]
        curve = {(x["k"], x["strategy"], x["ef_search"]): x for x in lat["retrieval_vacancy_to_candidates"]}
        auto20 = curve[(20, "auto", 0)]
        auto200 = curve[(POOL, "auto", 0)]
        lines.append(f"--- {r['inmates']:,} profiles / {r['vacancies']:,} vacancies")
        b = r["bulk_load"]
        lines.append(
            f"bulk load          {b['inmates_per_s']:>8,} inmates/s   peak RSS {b['rss_peak_mb']} MB "
            f"(+{b['rss_growth_mb']} MB)   target >= 10,000/s"
        )
        if "embedding" in r:
            e = r["embedding"]
            lines.append(
                f"embedding          pipeline {e['pipeline_per_s']}/s vs raw {e['raw_per_s']}/s "
                f"= {e['ratio']:.2f}   target >= 0.90"
            )
        x = r["reindex_1pct"]
        lines.append(
            f"re-index 1%        {x['re_embedded']:,} re-embedded of {x['profiles']:,} in {x['seconds']} s"
            f" (+ {x.get('statistics_stored', 0):,} profiles' statistics in {x.get('statistics_seconds', 0)} s)"
        )
        if lat.get("warm_up"):
            wu = lat["warm_up"]
            lines.append(
                f"warm-up            {wu.get('walks', 0):,} graph walks, {wu.get('table_pages', 0):,} table pages, "
                f"{wu.get('rankings', 0)} rankings in {wu.get('seconds_total', wu.get('seconds'))} s "
                "(the service's start-up warm-up, before the figures below)"
            )
        for name, key in (("vacancy->cands", "vacancy_to_candidates"), ("cand->vacancies", "candidate_to_vacancies")):
            if f"{key}_cold" in lat:
                c = lat[f"{key}_cold"]
                lines.append(
                    f"{'  no warm-up':<18} p50 {c['p50']:>6.1f} ms  p95 {c['p95']:>6.1f} ms  "
                    f"p99 {c['p99']:>6.1f} ms  (n={c['n']}, other searches, server restarted and not warmed)"
                )
            s = lat[key]
            lines.append(
                f"{name:<18} p50 {s['p50']:>6.1f} ms  p95 {s['p95']:>6.1f} ms  p99 {s['p99']:>6.1f} ms  "
                f"(n={s['n']}, service: retrieval + re-rank + explanations)   target p95 <= 30 ms"
            )
            if f"{key}_warm" in lat:
                w = lat[f"{key}_warm"]
                lines.append(
                    f"{'  warm':<18} p50 {w['p50']:>6.1f} ms  p95 {w['p95']:>6.1f} ms  p99 {w['p99']:>6.1f} ms  "
                    f"(n={w['n']}, after {w['n']} other searches: a server that has been serving)"
                )
        if "province_k100" in lat:
            s = lat["province_k100"]
            lines.append(
                f"province k={POOL:<7} p50 {s['p50']:>6.1f} ms  p95 {s['p95']:>6.1f} ms  p99 {s['p99']:>6.1f} ms  "
                f"(n={s['n']}, service, vacancy's province, top {POOL})   target p95 <= 50 ms"
            )
        if "service_pool" in lat:
            sp = lat["service_pool"]
            lines.append(
                f"service top 20 from the HNSW pool vs an exact pool (n={sp['queries']}): same people "
                f"{sp['ef400_top20_agreement']:.3f} at ef 400 (the service's), "
                f"{sp['ef250_top20_agreement']:.3f} at ef 250"
            )
        lines.append(
            f"retrieval top20    recall {auto20['recall']:.3f}  p95 {auto20['p95']:.1f} ms;  pool top{POOL} recall "
            f"{auto200['recall']:.3f}  p95 {auto200['p95']:.1f} ms;  exact p95 {curve[(20, 'exact', 0)]['p95']:.1f} ms"
        )
        lines.append("ef_search curve    " + "  ".join(
            f"{x['ef_search']}:{x['recall']:.3f}/{x['p50']:.1f}ms"
            for x in lat["retrieval_vacancy_to_candidates"] if x["k"] == 20 and x["strategy"] == "ann"
        ))  # fmt: skip
        lines.append(f"  (k={POOL}) " + "  ".join(
            f"{x['ef_search']}:{x['recall']:.3f}/{x['p50']:.1f}ms"
            for x in lat["retrieval_vacancy_to_candidates"] if x["k"] == POOL and x["strategy"] == "ann"
        ))  # fmt: skip
        for x in lat["retrieval_same_province"]:
            lines.append(
                f"same province k={x['k']:<3} {x['strategy']:<8} recall {x['recall']:.3f}  p50 {x['p50']:.1f}  "
                f"p95 {x['p95']:.1f} ms  exact share {x.get('exact_share', 1.0)}"
            )
        if "http" in r:
            h = r["http"]
            lines.append(
                f"HTTP               {h['throughput_rps']} req/s, p50 {h['latency_p50']} ms, p95 "
                f"{h['latency_p95']} ms, errors {h['errors']} ({h['clients']} clients, {h['seconds']} s, "
                f"{h['workers']} workers)"
            )
        lines.append(f"(size took {r['seconds']:.0f} s; build {r['build']})")
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    """The README's figures table: one column per size."""
    sizes = results["sizes"]

    def row(name: str, target: str, fn: Any) -> str:
        cells = []
        for r in sizes:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, StopIteration):
                cells.append("–")
        return f"| {name} | " + " | ".join(cells) + f" | {target} |"

    def curve(r: dict[str, Any], k: int, strategy: str) -> dict[str, Any]:
        rows = r["latency"]["retrieval_vacancy_to_candidates"]
        return next(x for x in rows if x["k"] == k and x["strategy"] == strategy)

    m = results["machine"]
    head = " | ".join(f"{r['inmates']:,} profiles / {r['vacancies']:,} vacancies" for r in sizes)
    lines = [
        f"Measured {results['date'][:10]} on {m['cpus']} CPU cores, {m['memory_gib']} GiB RAM "
        f"(load average at start {m['load_average_at_start'][0]}), model {results['model']}.",
        "",
        f"| figure | {head} | target |",
        "|---" * (len(sizes) + 2) + "|",
        row("bulk load, inmates/s (peak RSS)", "≥ 10,000/s",
            lambda r: f"{r['bulk_load']['inmates_per_s']:,} ({r['bulk_load']['rss_peak_mb']} MB)"),
        row("embedding pipeline / raw encode", "≥ 0.90", lambda r: (
            f"{r['embedding']['ratio']:.2f} ({r['embedding']['pipeline_per_s']:.0f} vs "
            f"{r['embedding']['raw_per_s']:.0f} texts/s)")),
        row("re-index after 1% change", "only changed",
            lambda r: f"{r['reindex_1pct']['re_embedded']:,} re-embedded, {r['reindex_1pct']['seconds']} s"),
        row("vacancy → top 20 candidates, p50 / p95 / p99 ms", "p95 ≤ 50", lambda r: (
            "{p50:.0f} / {p95:.0f} / {p99:.0f}".format(**r["latency"]["vacancy_to_candidates"]))),
        row("candidate → top 20 vacancies, p50 / p95 / p99 ms", "p95 ≤ 50", lambda r: (
            "{p50:.0f} / {p95:.0f} / {p99:.0f}".format(**r["latency"]["candidate_to_vacancies"]))),
        row("retrieval recall@20 / p95 ms (HNSW, filtered)", "≥ 0.95",
            lambda r: f"{curve(r, 20, 'auto')['recall']:.3f} / {curve(r, 20, 'auto')['p95']:.1f}"),
        row(f"retrieval recall@{POOL} pool / p95 ms", "≥ 0.95",
            lambda r: f"{curve(r, POOL, 'auto')['recall']:.3f} / {curve(r, POOL, 'auto')['p95']:.1f}"),
        row("exact search p95 ms (same filters)", "–", lambda r: f"{curve(r, 20, 'exact')['p95']:.1f}"),
        row("HTTP candidate search, 32 clients: req/s, p95 ms, errors", "0 errors", lambda r: (
            f"{r['http']['throughput_rps']}, {r['http']['latency_p95']:.0f}, {r['http']['errors']}")),
    ]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="30,000 profiles / 5,000 vacancies only")
    p.add_argument("--inmates", type=int, help="one size only: this many profiles")
    p.add_argument("--vacancies", type=int, help="with --inmates: this many vacancies (default inmates / 6)")
    p.add_argument("--fresh", action="store_true", help="rebuild the cached databases from scratch")
    p.add_argument("--no-http", action="store_true", help="skip the HTTP load test (and the sign-in probe)")
    p.add_argument("--no-probe", action="store_true", help="skip issue 13's sign-in load probe")
    p.add_argument("--probe-seconds", type=float, default=10.0)
    p.add_argument(
        "--last-size-pipeline", action="store_true", help="measure the embedding pipeline at the last size only"
    )
    p.add_argument("--queries", type=int, default=QUERIES, help="different queries per latency figure")
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--pipeline-texts", type=int, default=3000)
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    if args.inmates:
        sizes = [(args.inmates, args.vacancies or max(1000, args.inmates // 6))]
    elif args.quick:
        sizes = [(30_000, 5_000)]
    else:
        sizes = [(30_000, 5_000), (300_000, 50_000)]
    started = time.perf_counter()
    info = machine()
    say(f"machine: {info}")
    encoder = Encoder.load(os.environ.get("BINAKERJA_MODEL") or None)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "model": encoder.model_name,
        "sizes": [],
    }
    for n, m in sizes:
        results["sizes"].append(bench_size(n, m, args, encoder, full=(n, m) == sizes[-1]))
        args.out.write_text(json.dumps(results, indent=2, default=str))
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=2, default=str))
    print(table(results))
    print()
    for r in results["sizes"]:
        print(f"=== {r['inmates']:,} profiles: figures and targets (issue 17, DESIGN.md §8)")
        print(targets_table(r["summary"], r, (r.get("load_average_at_start") or [None])[0]))
        probe = (r.get("http") or {}).get("sign_in_probe")
        if probe:
            print(
                f"sign-in probe (issue 13): idle p95 {probe['idle']['p95']} ms, under 16 failed sign-ins "
                f"{probe['under_attack']['p95']} ms = {probe['p95_ratio']}x (target < 3x)"
            )
        print()
    print(markdown(results))
    print(f"total {results['seconds'] / 60:.1f} min; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

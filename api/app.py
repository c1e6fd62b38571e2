"""Composition root: every collaborator is built here and nowhere else.

``create_app`` builds the templates, the clock, the key store, the data cipher, the rate limiters
and (once the encoder is known) the matcher; its lifespan loads the encoder and opens the
database. ``open_database`` is the one start-up (embedded server, pool, migrations) that the
service and every CLI command share.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.config import Settings
from api.web import errors
from matcher.embedding import Encoder

log = logging.getLogger("binakerja")
HERE = Path(__file__).parent


# Stored enum values shown to people, in Bahasa Indonesia.
LABELS = {
    "detained": "tahanan", "sentenced": "narapidana", "assimilation": "asimilasi", "parole": "pembebasan bersyarat",
    "released": "bebas", "active": "aktif", "suspended": "dibekukan", "revoked": "dicabut", "renewed": "diperbarui",
    "expired": "kedaluwarsa", "open": "dibuka", "closed": "ditutup", "draft": "draf", "shortlisted": "daftar pendek",
    "interview": "wawancara", "offer": "penawaran", "hired": "diterima", "rejected": "ditolak", "withdrawn": "ditarik",
}  # fmt: skip


def label(value: object) -> str:
    """Indonesian label of a stored enum value; unknown values are shown as they are."""
    return LABELS.get(str(value), str(value))


# Every capability keeps its own templates; names stay unique across folders ("vacancies/list.html").
CAPABILITIES = ("web", "hiring", "caseload", "privacy", "partners", "certificates", "catalogue", "stats")


def make_templates() -> Jinja2Templates:
    folders = [HERE / name / "templates" for name in CAPABILITIES]
    templates = Jinja2Templates(directory=[str(f) for f in folders if f.is_dir()])
    templates.env.autoescape = True
    templates.env.filters["label"] = label
    return templates


async def finish_demo(conn: Any, keystore: Any, encoder: Encoder | None) -> None:
    """After a demo load: sign its certificates with the LSPs' keys and compute embeddings."""
    from api.certificates.stores import PgCertificationStores
    from certification.service import sign_unsigned
    from models.records import SYSTEM

    signed = await sign_unsigned(PgCertificationStores(conn), SYSTEM, keystore=keystore)
    say(f"signed {signed} demo certificates")
    if encoder is not None:
        from api.web.stores import PgMatcherStores
        from matcher.indexing import reindex_inmates, reindex_vacancies

        stores = PgMatcherStores(conn)
        v = await reindex_vacancies(stores, encoder, progress=counter("embedding vacancies"))
        i = await reindex_inmates(stores, encoder, date.today(), progress=counter("embedding profiles"))
        say(f"embedded {v.embedded} vacancies and {i.embedded} profiles")


def say(message: str) -> None:
    """Start-up progress on stdout, so an operator sees what the first start is doing."""
    print(f"binakerja: {message}", flush=True)


def counter(what: str, every: int = 500) -> Callable[[int], None]:
    """A progress callback that prints a running total every ``every`` items."""
    done = [0, 0]

    def progress(n: int) -> None:
        done[0] += n
        if done[0] - done[1] >= every:
            done[1] = done[0]
            say(f"{what}: {done[0]}")

    return progress


@asynccontextmanager
async def open_database(settings: Settings, *, min_size: int = 2, max_size: int = 10) -> AsyncIterator[Any]:
    """The configured database (or the embedded one, started here and stopped on exit), migrated."""
    from models.db import Database, create_pool, start_embedded
    from models.migrate import migrate

    server = None
    dsn = settings.database_url
    if not dsn:
        dsn, server = start_embedded(settings.pg_dir)
    try:
        pool = await create_pool(dsn, min_size=min_size, max_size=max_size)
        try:
            async with pool.acquire() as conn:
                applied = await migrate(conn)
            if applied:
                log.info("applied migrations: %s", ", ".join(applied))
            yield Database(pool)
        finally:
            await pool.close()
    finally:
        if server is not None:
            server.cleanup()


async def load_demo_when_empty(db: Any, settings: Settings, keystore: Any, encoder: Encoder | None) -> None:
    """``BINAKERJA_DEMO_ON_EMPTY``: the demo data set and its users on a database with no inmates."""
    from api.demo import load_demo_if_empty
    from api.partners.service import ensure_demo_users

    async with db.acquire() as conn:
        say(f"loading the demo data set ({settings.demo_inmates} people) if the database is empty")
        loaded = await load_demo_if_empty(conn, inmates=settings.demo_inmates)
        if loaded:
            say("demo data loaded; signing certificates and computing embeddings")
            await finish_demo(conn, keystore, encoder)
        for email, password, role in await ensure_demo_users(conn):
            print(f"binakerja demo user: {role:<15} {email:<40} {password}", flush=True)


def build_matcher(encoder: Encoder) -> Any:
    """The process's one Matcher: it keeps the encoder and a term-count cache, and reads through
    the repositories of each call's connection (``PgMatcherStores`` is its stores factory)."""
    from api.web.stores import PgMatcherStores
    from matcher.service import Matcher

    return Matcher(encoder, PgMatcherStores)


def routers() -> list[Any]:
    """Every capability's JSON routes and HTML pages, in the order they are matched."""
    from api.caseload import pages as caseload_pages
    from api.caseload import routes as caseload_routes
    from api.catalogue import pages as catalogue_pages
    from api.catalogue import routes as catalogue_routes
    from api.certificates import holder_pages, officer_pages, verify
    from api.certificates import pages as certificate_pages
    from api.certificates import routes as certificate_routes
    from api.hiring import pages as hiring_pages
    from api.hiring import routes as hiring_routes
    from api.partners import organisation_pages, organisation_routes, signin
    from api.partners import pages as partner_pages
    from api.partners import partner_pages as vetting_pages
    from api.partners import partner_routes as vetting_routes
    from api.partners import routes as partner_routes
    from api.privacy import pages as privacy_pages
    from api.privacy import routes as privacy_routes
    from api.stats import pages as stats_pages
    from api.stats import routes as stats_routes
    from api.web import docs

    modules = [
        hiring_routes, hiring_pages, signin, caseload_routes, caseload_pages, privacy_routes, privacy_pages,
        partner_routes, stats_routes, stats_pages, partner_pages, docs, certificate_pages, certificate_routes, verify,
        holder_pages, officer_pages,
        catalogue_routes, catalogue_pages, organisation_routes, organisation_pages, vetting_routes, vetting_pages,
    ]  # fmt: skip
    return [m.router for m in modules] + [certificate_routes.public_router]  # DID documents, status lists


def create_app(settings: Settings | None = None, *, embedder: Encoder | None = None, db: Any = None) -> FastAPI:
    """Build the app. Tests pass ``db`` (one rolled-back connection) and a shared ``embedder``."""
    from api.certificates.stores import PgCertificationStores
    from api.privacy.crypto import load_cipher
    from api.web import limits
    from certification.service import SystemClock
    from certification.signing import FileKeyStore

    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if app.state.encoder is None:
                say("loading the embedding model")
                app.state.encoder = Encoder.load(settings.model)
                app.state.matcher = build_matcher(app.state.encoder)
            if app.state.db is None:
                app.state.db = await stack.enter_async_context(open_database(settings))
                if settings.demo_on_empty:
                    await load_demo_when_empty(app.state.db, settings, app.state.keystore, app.state.encoder)
                say(f"ready: {settings.base_url}")
            yield

    app = FastAPI(
        title="binakerja",
        version="0.1.0",
        description="Sertifikat kompetensi dan pencocokan kerja bagi warga binaan. "
        "Competency certificates and job matching for people leaving prison.",
        lifespan=lifespan,
        docs_url=None,  # api/pages/docs.py serves /docs locally (FastAPI's loads Swagger UI from a CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.encoder = embedder
    app.state.matcher = None if embedder is None else build_matcher(embedder)
    app.state.db = db
    app.state.clock = SystemClock()
    app.state.keystore = FileKeyStore(settings.key_dir)
    app.state.certification_stores = PgCertificationStores  # connection -> CertificationStores
    app.state.cipher = load_cipher(settings.data_key, settings.key_dir)
    app.state.verify_limiter = limits.verify_limiter()
    app.state.sign_in_limiter = limits.sign_in_limiter()
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "web" / "static")), name="static")
    errors.install(app)
    errors.document_errors(app)
    from api.web import middleware

    middleware.install(app, settings)
    for router in routers():
        app.include_router(router)
    return app

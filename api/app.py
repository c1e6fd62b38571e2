"""Composition root: settings, database pool, embedding model and routes are built here."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api import errors
from api.config import Settings
from matcher.embedding import Encoder

log = logging.getLogger("binakerja")
HERE = Path(__file__).parent


# Stored enum values shown to people, in Bahasa Indonesia.
LABELS = {
    "detained": "tahanan", "sentenced": "narapidana", "assimilation": "asimilasi", "parole": "pembebasan bersyarat",
    "released": "bebas", "active": "aktif", "suspended": "dibekukan", "revoked": "dicabut", "renewed": "diperbarui",
    "expired": "kedaluwarsa", "open": "dibuka", "closed": "ditutup", "draft": "draf", "shortlisted": "daftar pendek",
    "interview": "wawancara", "offer": "penawaran", "hired": "diterima", "rejected": "ditolak",
}  # fmt: skip


def label(value: object) -> str:
    """Indonesian label of a stored enum value; unknown values are shown as they are."""
    return LABELS.get(str(value), str(value))


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.filters["label"] = label
    return templates


async def finish_demo(conn: Any, settings: Settings, encoder: Encoder | None) -> None:
    """After a demo load: sign its certificates with the LSPs' keys and compute embeddings."""
    from certification.service import sign_unsigned
    from certification.signing import FileKeyStore
    from models.records import SYSTEM

    signed = await sign_unsigned(conn, SYSTEM, keystore=FileKeyStore(settings.key_dir))
    log.info("signed %d demo certificates", signed)
    if encoder is not None:
        from matcher.indexing import reindex_inmates, reindex_vacancies

        await reindex_vacancies(conn, encoder)
        await reindex_inmates(conn, encoder, date.today())


async def prepare_database(settings: Settings, encoder: Encoder | None) -> tuple[Any, Any]:
    """Start the embedded server if needed, create the pool, migrate, load demo data when empty."""
    from models.db import Database, create_pool, start_embedded
    from models.migrate import migrate

    server = None
    dsn = settings.database_url
    if not dsn:
        dsn, server = start_embedded(settings.pg_dir)
    pool = await create_pool(dsn)
    async with pool.acquire() as conn:
        applied = await migrate(conn)
        if applied:
            log.info("applied migrations: %s", ", ".join(applied))
        if settings.demo_on_empty:
            from models.demo import load_demo_if_empty

            loaded = await load_demo_if_empty(conn, inmates=settings.demo_inmates)
            if loaded:
                await finish_demo(conn, settings, encoder)
            from api.accounts import ensure_demo_users

            for email, password, role in await ensure_demo_users(conn):
                print(f"binakerja demo user: {role:<15} {email:<40} {password}", flush=True)
    return Database(pool), server


def create_app(settings: Settings | None = None, *, embedder: Encoder | None = None, db: Any = None) -> FastAPI:
    """Build the app. Tests pass ``db`` (one rolled-back connection) and a shared ``embedder``."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        server = None
        if app.state.encoder is None:
            app.state.encoder = Encoder.load(settings.model)
        if app.state.db is None:
            app.state.db, server = await prepare_database(settings, app.state.encoder)
            owned = True
        else:
            owned = False
        try:
            yield
        finally:
            if owned:
                await app.state.db.close()
            if server is not None:
                server.cleanup()

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
    app.state.db = db
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    errors.install(app)
    errors.document_errors(app)
    from api import middleware

    middleware.install(app, settings)

    from api.pages import employers as employer_pages
    from api.routes import employers as employer_routes

    app.include_router(employer_routes.router)
    app.include_router(employer_pages.router)
    from api.pages import auth as auth_pages

    app.include_router(auth_pages.router)
    from api.pages import officers as officer_pages
    from api.routes import officers as officer_routes

    app.include_router(officer_routes.router)
    app.include_router(officer_pages.router)
    from api.pages import privacy as privacy_pages
    from api.routes import privacy as privacy_routes

    app.include_router(privacy_routes.router)
    app.include_router(privacy_pages.router)
    from api.pages import admin as admin_pages
    from api.routes import admin as admin_routes
    from api.routes import stats as stats_routes

    app.include_router(admin_routes.router)
    app.include_router(stats_routes.router)
    app.include_router(admin_pages.router)
    from api.pages import docs as docs_pages

    app.include_router(docs_pages.router)
    from api.pages import certification as certification_pages

    app.include_router(certification_pages.router)
    from api.routes import certification as certification_routes
    from api.routes import public as public_routes

    app.include_router(certification_routes.router)
    app.include_router(public_routes.router)
    from api.pages import catalogue as catalogue_pages
    from api.routes import catalogue as catalogue_routes

    app.include_router(catalogue_routes.router)
    app.include_router(catalogue_pages.router)
    return app

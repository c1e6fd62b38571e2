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
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from api.config import Settings
from api.web import errors
from matcher import heap
from matcher.embedding import Encoder

log = logging.getLogger("binakerja")
HERE = Path(__file__).parent


# Stored enum values shown to people, in Bahasa Indonesia.
LABELS = {
    "detained": "tahanan", "sentenced": "narapidana", "assimilation": "asimilasi", "parole": "pembebasan bersyarat",
    "released": "bebas", "active": "aktif", "suspended": "dibekukan", "revoked": "dicabut", "renewed": "diperbarui",
    "expired": "kedaluwarsa", "open": "dibuka", "closed": "ditutup", "draft": "draf", "shortlisted": "daftar pendek",
    "interview": "wawancara", "offer": "penawaran", "hired": "diterima", "rejected": "ditolak", "withdrawn": "ditarik",
    "candidate_withdrew": "mengundurkan diri",
    "running": "berjalan", "finished": "selesai", "cancelled": "dibatalkan", "enrolled": "terdaftar",
    "completed": "lulus", "dropped": "keluar",
}  # fmt: skip


def label(value: object) -> str:
    """Indonesian label of a stored enum value; unknown values are shown as they are."""
    return LABELS.get(str(value), str(value))


@pass_context
def wib(ctx: Any, value: datetime | None) -> str:
    """A moment as people in Jakarta read it: "2 Desember 2026 10.30 WIB" (UTC+7, no DST); in English
    "2 December 2026 10:30 WIB" when the page is in English."""
    if value is None:
        return ""
    from api.web.i18n import date_words

    local = value.astimezone(timezone(timedelta(hours=7))) if value.tzinfo else value
    lang = getattr(getattr(ctx.get("request"), "state", None), "lang", "id")
    clock = f"{local:%H:%M}" if lang == "en" else f"{local:%H.%M}"
    return f"{date_words(lang)(local.date())} {clock} WIB"


# Every capability keeps its own templates; names stay unique across folders ("vacancies/list.html").
CAPABILITIES = ("web", "hiring", "caseload", "privacy", "partners", "certificates", "catalogue", "stats")
CAPABILITIES += ("notifications",)
CAPABILITIES += ("training",)
CAPABILITIES += ("feeds",)


def make_templates() -> Jinja2Templates:
    folders = [HERE / name / "templates" for name in CAPABILITIES]
    templates = Jinja2Templates(directory=[str(f) for f in folders if f.is_dir()])
    templates.env.autoescape = True
    templates.env.filters["label"] = label
    templates.env.filters["wib"] = wib
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
        stored = await build_matcher(encoder).store_reference_stats(conn, date.today())
        say(f"stored the reference statistics of {stored} profiles")
        await simulate_demo_outcomes(conn, encoder)


async def simulate_demo_outcomes(conn: Any, encoder: Encoder) -> None:
    """Demo searches, shown lists and outcomes by the stated simulation (api/demo/outcomes.py),
    so `binakerja learn-weights` has outcomes to learn from; needs the embeddings."""
    from api.demo.outcomes import simulate_outcomes

    written = await simulate_outcomes(conn, build_matcher(encoder), date.today())
    say(f"simulated {written} demo applications from logged searches (api/demo/outcomes.py)")


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
async def open_database(
    settings: Settings, *, min_size: int = 2, max_size: int = 10, dim: int | None = None, as_owner: bool = False
) -> AsyncIterator[Any]:
    """The configured database (or the embedded one, started here and stopped on exit), migrated.

    Two logins (issue 13 row 8): the owner (``DATABASE_URL``, or the embedded server's superuser)
    runs the migrations and any schema change on one connection that is then closed, including
    fitting the embedding columns to the model's dimension ``dim``; the pool the service uses
    connects as the app role ``binakerja_app`` (no DDL, no UPDATE/DELETE/TRUNCATE on the audit
    log): ``BINAKERJA_APP_DATABASE_URL`` for an external server, the same socket for the embedded
    one. An external server without an app login keeps the owner, with a warning. ``as_owner``: the
    pool connects as the owner too (maintenance commands that rebuild indexes: ``binakerja reindex``)."""
    import asyncpg

    from models.db import Database, create_pool, ensure_pgvector, service_dsn, start_embedded
    from models.migrate import migrate
    from models.repositories.embeddings import EmbeddingRepo

    server = None
    dsn = settings.database_url
    if not dsn:
        dsn, server = start_embedded(settings.pg_dir)
    try:
        owner = await asyncpg.connect(dsn)
        try:
            await ensure_pgvector(owner)
            applied = await migrate(owner)
            if applied:
                log.info("applied migrations: %s", ", ".join(applied))
            repo = EmbeddingRepo(owner)
            if dim is not None and await repo.dimension() != dim:
                async with owner.transaction():  # another model: new vector columns, vectors recomputed
                    await repo.reset_dimension(dim)
        finally:
            await owner.close()
        pool_dsn = dsn if as_owner else service_dsn(dsn, embedded=server is not None, app_dsn=settings.app_database_url)
        if pool_dsn is None:
            log.warning("BINAKERJA_APP_DATABASE_URL is not set: the service connects as the database owner; "
                        "give it a login with the binakerja_app role's rights (SECURITY.md)")  # fmt: skip
            pool_dsn = dsn
        pool = await create_pool(pool_dsn, min_size=min_size, max_size=max_size, ensure=False)
        try:
            yield Database(pool)
        finally:
            await pool.close()
    finally:
        if server is not None:
            server.cleanup()


async def load_demo_when_empty(
    db: Any, settings: Settings, keystore: Any, encoder: Encoder | None, cipher: Any = None
) -> None:
    """``BINAKERJA_DEMO_ON_EMPTY``: the demo data set and its users on a database with no inmates."""
    from api.demo import load_demo_if_empty
    from api.partners.service import ensure_demo_users

    async with db.acquire() as conn:
        say(f"loading the demo data set ({settings.demo_inmates} people) if the database is empty")
        loaded = await load_demo_if_empty(conn, inmates=settings.demo_inmates, cipher=cipher)  # cipher: NIK, offence
        if loaded:
            say("demo data loaded; signing certificates and computing embeddings")
            await finish_demo(conn, keystore, encoder)
        for email, password, role in await ensure_demo_users(conn):
            print(f"binakerja demo user: {role:<15} {email:<40} {password}", flush=True)


async def open_first_run(app: FastAPI, settings: Settings) -> None:
    """Demo off and no admin yet: a one-time setup token for the first-run form, printed in the log."""
    from api.partners.first_run import announce, first_run_token

    app.state.setup_token = await first_run_token(app.state.db)
    if app.state.setup_token is not None:
        say(announce(app.state.setup_token, settings.base_url))


def build_matcher(encoder: Encoder) -> Any:
    """The process's one Matcher: it keeps the encoder and a term-count cache, and reads through
    the repositories of each call's connection (``PgMatcherStores`` is its stores factory)."""
    from api.stats.learning import adopted_weights
    from api.web.stores import PgMatcherStores, regency_points
    from matcher.service import Matcher

    # learned weights, once adopted; regency seats for place in kilometres
    return Matcher(encoder, PgMatcherStores, weights=adopted_weights, points=regency_points)


def notification_channels(settings: Settings) -> tuple[str, ...]:
    """The channels this deployment delivers on: the inbox always, e-mail with an SMTP host, the
    WhatsApp/SMS gateway with a URL."""
    return ("inbox",) + (("email",) if settings.smtp_host else ()) + (("gateway",) if settings.gateway_url else ())


def build_notifier(settings: Settings, db: Any, cipher: Any, matcher: Any = None) -> Any:
    """The notification worker with the configured channels (the mailer, the gateway client)."""
    from api.notifications.channels import EmailChannel, GatewayChannel, InboxChannel, SmtpSettings
    from api.notifications.delivery import Worker

    channels: dict[str, Any] = {"inbox": InboxChannel(db)}
    if settings.smtp_host:
        channels["email"] = EmailChannel(SmtpSettings(
            settings.smtp_host, settings.smtp_port, settings.smtp_user, settings.smtp_password, settings.smtp_from,
            settings.smtp_starttls,
        ))  # fmt: skip
    if settings.gateway_url:
        channels["gateway"] = GatewayChannel(settings.gateway_url, settings.gateway_token)
    return Worker(db, channels, cipher=cipher, base_url=settings.base_url, matcher=matcher,
                  allow_private=settings.outbound_allow_private)  # fmt: skip


async def start_notifier(app: FastAPI, settings: Settings, stack: AsyncExitStack) -> None:
    """Build the worker on the app's database; run it in the background when configured."""
    import asyncio

    app.state.notifier = build_notifier(settings, app.state.db, app.state.cipher, app.state.matcher)
    if settings.notify_worker:
        task = asyncio.create_task(app.state.notifier.run(settings.notify_interval), name="notify-worker")

        async def stop() -> None:
            import contextlib

            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):  # cancelled on shutdown
                await task

        stack.push_async_callback(stop)
        say("notification worker started")


async def start_warm_up(app: FastAPI, settings: Settings, stack: AsyncExitStack) -> None:
    """``BINAKERJA_WARM_SEARCHES``: the start-up warm-up (``api.web.warmup``) in the background, once,
    so the first employers after a restart wait as long as later ones."""
    import asyncio
    from datetime import date

    from api.web.warmup import warm_up

    if settings.warm_searches <= 0:
        return

    async def warm() -> None:
        try:
            async with app.state.db.acquire() as conn:
                done = await warm_up(conn, app.state.matcher, settings.warm_searches, date.today())
        except asyncio.CancelledError:
            raise
        except Exception:  # the service runs without it, only its first searches are slower
            log.warning("the start-up warm-up failed", exc_info=True)
            return
        pages = (
            f"{done.pages.walks} graph walks, {done.pages.table_pages:,} table pages; "
            if done.pages is not None
            else "pages warmed by another worker; "
        )
        say(f"warm-up done: {pages}{done.rankings} rankings, {done.seconds} s")

    task = asyncio.create_task(warm(), name="warm-up")

    async def stop() -> None:
        import contextlib

        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    stack.push_async_callback(stop)


def routers() -> list[Any]:
    """Every capability's JSON routes and HTML pages, in the order they are matched."""
    from api.caseload import pages as caseload_pages
    from api.caseload import registration_pages
    from api.caseload import routes as caseload_routes
    from api.catalogue import pages as catalogue_pages
    from api.catalogue import routes as catalogue_routes
    from api.certificates import holder_pages, officer_pages, verify
    from api.certificates import pages as certificate_pages
    from api.certificates import routes as certificate_routes
    from api.hiring import pages as hiring_pages
    from api.hiring import routes as hiring_routes
    from api.partners import edit_pages, edit_routes, first_run, organisation_pages, organisation_routes, signin
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
        hiring_routes, hiring_pages, signin, caseload_routes, registration_pages, caseload_pages, privacy_routes,
        privacy_pages,
        partner_routes, stats_routes, stats_pages, partner_pages, docs, certificate_pages, certificate_routes, verify,
        holder_pages, officer_pages,
        catalogue_routes, catalogue_pages, organisation_routes, organisation_pages, vetting_routes, vetting_pages,
        first_run, edit_routes, edit_pages,
    ]  # fmt: skip
    from api.training import pages as training_pages
    from api.training import routes as training_routes

    modules += [training_routes, training_pages]
    from api.feeds import pages as feed_pages
    from api.feeds import routes as feed_routes

    modules += [feed_routes, feed_pages]
    from api.notifications import pages as notification_pages
    from api.notifications import routes as notification_routes

    modules += [notification_routes, notification_pages]
    # DID documents and status lists; the officer's POST /api/v1/clients
    return [m.router for m in modules] + [certificate_routes.public_router, registration_pages.api]


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
            started_cold = app.state.encoder is None  # a served process (tests share one encoder)
            if app.state.encoder is None:
                say("loading the embedding model")
                app.state.encoder = Encoder.load(settings.model)
                app.state.matcher = build_matcher(app.state.encoder)
            if app.state.db is None:
                app.state.db = await stack.enter_async_context(open_database(settings, dim=app.state.encoder.dim))
                if settings.demo_on_empty:
                    await load_demo_when_empty(app.state.db, settings, app.state.keystore, app.state.encoder,
                                               app.state.cipher)  # fmt: skip
                else:  # no default password outside demo mode: the first admin comes from a setup token
                    await open_first_run(app, settings)
                say(f"ready: {settings.base_url}")
                await start_warm_up(app, settings, stack)
            await start_notifier(app, settings, stack)
            if settings.feeds_scheduler:  # runs due feed connectors (api/feeds/scheduler.py)
                from api.feeds import scheduler

                await stack.enter_async_context(scheduler.running(
                    app.state.db, cipher=app.state.cipher, encoder=app.state.encoder, tick=settings.feeds_tick,
                    allow_private=settings.outbound_allow_private, matcher=app.state.matcher,
                ))  # fmt: skip
                say("feed scheduler started")
            if started_cold:  # the model and modules live as long as the process: out of full collections
                heap.settle(full=True)
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
    app.state.setup_token = None  # set at start when the database has no admin (api/partners/first_run.py)
    app.state.clock = SystemClock()
    app.state.keystore = FileKeyStore(settings.key_dir)
    app.state.certification_stores = lambda conn: PgCertificationStores(conn, app.state.cipher)  # conn -> stores
    app.state.cipher = load_cipher(settings.data_key, settings.key_dir)
    app.state.verify_limiter = limits.verify_limiter()
    app.state.sign_in_limiter = limits.sign_in_limiter()
    app.state.templates = make_templates()
    app.state.notification_channels = notification_channels(settings)
    app.state.notifier = None if db is None else build_notifier(settings, db, app.state.cipher, app.state.matcher)
    app.mount("/static", StaticFiles(directory=str(HERE / "web" / "static")), name="static")
    errors.install(app)
    errors.document_errors(app)
    from api.web import middleware

    middleware.install(app, settings)
    for router in routers():
        app.include_router(router)
    return app

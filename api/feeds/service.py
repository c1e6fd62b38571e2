"""Feeds in: connector settings, runs, and the due-run loop's one step.

A run pulls pages from the connector's cursor. Each page is one batch, applied in its own
transaction: a page with one bad record stores nothing, the run is recorded as failed naming the
record and field (in Indonesian), and the cursor stays after the last committed page, so the next
run asks for the same page again. Records are upserted by the partner's key (a portal's posting
id, an SDP delta id), so a re-run is a no-op. Vacancies and people a run changed are re-indexed
straight away (only those; unchanged texts are skipped by their hash).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import asyncpg
import httpx

from api.feeds import rules
from api.feeds.connectors import TIMEOUT_SECONDS, Applied, Batch, build
from api.feeds.rules import ConnectorInput, FeedRecordError, FeedUnavailable
from api.web import outbound
from api.web.errors import InvalidInput
from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_inmates, reindex_vacancies
from models.errors import Conflict, NotFound
from models.records import Actor
from models.repositories.audit import AuditRepo
from models.repositories.feeds import FeedConnector, FeedRepo, FeedRun
from models.repositories.places import PlacesRepo
from models.repositories.vacancies import EmployerRepo

log = logging.getLogger("binakerja.feeds")
MAX_PAGES = 100  # per run; the rest waits for the next run (the cursor is kept)
TOKEN_FIELD = "feed_token"  # noqa: S105 - the cipher field name (associated data), not a secret


# --- settings ----------------------------------------------------------------------------------------


async def list_connectors(conn: asyncpg.Connection) -> list[tuple[FeedConnector, FeedRun | None]]:
    repo = FeedRepo(conn)
    latest = await repo.latest_runs()
    return [(c, latest.get(c.id)) for c in await repo.list_connectors()]


async def connector_detail(
    conn: asyncpg.Connection, actor: Actor, connector_id: int, *, runs: int = 20
) -> tuple[FeedConnector, list[FeedRun]]:
    """A connector and its latest runs; audited (run errors may quote registration numbers)."""
    repo = FeedRepo(conn)
    connector = await repo.get_connector(connector_id)
    history = await repo.list_runs(connector_id, runs)
    await AuditRepo(conn).add(actor, "feed.read", "feed_connector", connector_id, detail={"runs": len(history)})
    return connector, history


async def form_choices(conn: asyncpg.Connection) -> dict[str, Any]:
    """Employers (vacancy feed targets) and custodial facilities (SDP scopes) for the form."""
    facilities = [f for f in await PlacesRepo(conn).list_facilities() if f.kind != "bapas"]
    return {"employers": await EmployerRepo(conn).list(limit=1000), "facilities": facilities}


async def _checked(
    conn: asyncpg.Connection, data: ConnectorInput, allow_private: bool = False
) -> tuple[int | None, int | None]:
    problems = rules.connector_problems(data)
    if problems:
        name, message = next(iter(problems.items()))
        raise InvalidInput(name, message)
    refusal = await outbound.url_refusal(data.url, allow_private=allow_private)
    if refusal:  # loopback, private, link-local (metadata) ...: checked again on every fetch
        raise InvalidInput("url", refusal)
    employer = int(data.employer_id) if data.employer_id.strip() else None
    facility = int(data.facility_id) if data.facility_id.strip() else None
    if employer is not None:
        try:
            await EmployerRepo(conn).get(employer)
        except NotFound:
            raise InvalidInput("employer_id", "pemberi kerja tidak dikenal; pilih dari daftar") from None
    if facility is not None:
        try:
            ref = await FeedRepo(conn).facility(facility)
        except NotFound:
            raise InvalidInput("facility_id", "UPT tidak dikenal; pilih dari daftar") from None
        if ref.kind == "bapas":
            raise InvalidInput("facility_id", "lingkup SDP harus lapas/rutan/LPKA, bukan Bapas")
    return employer, facility


def _encrypt(cipher: Any, token: str) -> bytes | None:
    if not token.strip():
        return None
    if cipher is None:
        raise InvalidInput("token", "tidak ada kunci data untuk mengenkripsi token; atur BINAKERJA_DATA_KEY")
    return bytes(cipher.encrypt(token.strip(), TOKEN_FIELD))


async def create_connector(
    conn: asyncpg.Connection, actor: Actor, data: ConnectorInput, cipher: Any, *, allow_private: bool = False
) -> FeedConnector:
    """Register a connector. Its URL must reach a public address unless ``allow_private``
    (``BINAKERJA_OUTBOUND_ALLOW_PRIVATE``, for local test servers)."""
    employer, facility = await _checked(conn, data, allow_private)
    token = _encrypt(cipher, data.token)
    repo = FeedRepo(conn)
    async with conn.transaction():
        try:
            cid = await repo.add_connector(
                name=data.name.strip(), kind=data.kind, url=data.url.strip(), token_enc=token,
                interval_minutes=int(data.interval_minutes), employer_id=employer, facility_id=facility,
                active=data.active, created_by=actor.user_id,
            )  # fmt: skip
        except Conflict:
            raise InvalidInput("name", "nama konektor sudah dipakai; pilih nama lain") from None
        await AuditRepo(conn).add(
            actor, "feed.create", "feed_connector", cid,
            detail={"name": data.name.strip(), "kind": data.kind, "url": data.url.strip(), "token": token is not None},
        )  # fmt: skip
    return await repo.get_connector(cid)


async def update_connector(
    conn: asyncpg.Connection,
    actor: Actor,
    connector_id: int,
    data: ConnectorInput,
    cipher: Any,
    *,
    allow_private: bool = False,
) -> FeedConnector:
    """Change a connector's settings; its kind is fixed (the cursor means something else per kind).
    An empty token keeps the stored one unless ``clear_token``."""
    repo = FeedRepo(conn)
    current = await repo.get_connector(connector_id)
    if data.kind != current.kind:
        raise InvalidInput("kind", "jenis konektor tidak dapat diubah; buat konektor baru")
    employer, facility = await _checked(conn, data, allow_private)
    keep = not data.token.strip() and not data.clear_token
    token = None if keep else _encrypt(cipher, data.token)
    async with conn.transaction():
        try:
            await repo.update_connector(
                connector_id, name=data.name.strip(), url=data.url.strip(), token_enc=token, keep_token=keep,
                interval_minutes=int(data.interval_minutes), employer_id=employer, facility_id=facility,
                active=data.active,
            )  # fmt: skip
        except Conflict:
            raise InvalidInput("name", "nama konektor sudah dipakai; pilih nama lain") from None
        await AuditRepo(conn).add(
            actor, "feed.update", "feed_connector", connector_id,
            detail={"name": data.name.strip(), "url": data.url.strip(), "active": data.active,
                    "token": "kept" if keep else ("cleared" if token is None else "replaced")},
        )  # fmt: skip
    return await repo.get_connector(connector_id)


async def set_active(conn: asyncpg.Connection, actor: Actor, connector_id: int, active: bool) -> None:
    async with conn.transaction():
        await FeedRepo(conn).set_active(connector_id, active)
        await AuditRepo(conn).add(
            actor, "feed.activate" if active else "feed.deactivate", "feed_connector", connector_id
        )


def connector_input(values: Mapping[str, Any]) -> ConnectorInput:
    """A form or JSON body -> ConnectorInput (all text, validated by the rules)."""

    def text(name: str, default: str = "") -> str:
        value = values.get(name, default)
        return "" if value is None else str(value)

    def flag(name: str, default: bool) -> bool:
        value = values.get(name)
        if value is None:
            return default
        return value is True or str(value).lower() in ("1", "true", "on", "ya", "yes")

    return ConnectorInput(
        name=text("name"), kind=text("kind"), url=text("url"), token=text("token"),
        interval_minutes=text("interval_minutes", "60"), employer_id=text("employer_id"),
        facility_id=text("facility_id"), active=flag("active", False), clear_token=flag("clear_token", False),
    )  # fmt: skip


# --- runs ----------------------------------------------------------------------------------------------


def _error(page: int, exc: Exception) -> dict[str, Any]:
    if isinstance(exc, FeedRecordError):
        return {"page": page, "record": exc.record or None, "id": exc.record_id, "field": exc.field,
                "message": exc.message}  # fmt: skip
    return {"page": page, "record": None, "id": None, "field": None, "message": str(exc)}


class _Only:
    """A store that lists only the given ids (re-indexing what one run changed, not everything)."""

    def __init__(self, store: Any, ids: Sequence[int]) -> None:
        self.store = store
        self.ids = sorted(set(ids))

    async def get(self, key: int) -> Any:
        return await self.store.get(key)

    async def get_many(self, ids: Sequence[int]) -> Any:
        return await self.store.get_many(ids)

    async def list_after(self, last_id: int, limit: int) -> list[Any]:
        todo = [i for i in self.ids if i > last_id][:limit]
        found = await self.store.get_many(todo) if todo else {}
        return [found[i] for i in todo if i in found]


async def reindex(
    conn: asyncpg.Connection, encoder: Any, applied: Sequence[Applied], today: date, matcher: Any = None
) -> int:
    """Re-embed the vacancies and profiles the run's batches changed; returns how many. With the process's
    ``matcher``, their statistics against the pinned reference are stored too (``Matcher.store_document_stats``)."""
    vacancies = [v for a in applied for v in a.vacancy_ids]
    people = [i for a in applied for i in a.inmate_ids]
    embedded = 0
    if vacancies:
        stores = PgMatcherStores(conn)
        stores.vacancies = _Only(stores.vacancies, vacancies)  # type: ignore[assignment]
        embedded += (await reindex_vacancies(stores, encoder)).embedded
    if people:
        stores = PgMatcherStores(conn)
        stores.inmates = _Only(stores.inmates, people)  # type: ignore[assignment]
        embedded += (await reindex_inmates(stores, encoder, today)).embedded
    if matcher is not None and embedded:
        await matcher.store_document_stats(conn, today, inmate_ids=people, vacancy_ids=vacancies)
    return embedded


def decrypt_token(cipher: Any, connector: FeedConnector) -> str | None:
    if connector.token_enc is None:
        return None
    if cipher is None:
        raise FeedUnavailable("token konektor terenkripsi tetapi tidak ada kunci data (BINAKERJA_DATA_KEY)")
    try:
        return str(cipher.decrypt(connector.token_enc, TOKEN_FIELD))
    except Exception:
        raise FeedUnavailable("token konektor tidak dapat didekripsi dengan kunci data yang ada") from None


async def run_connector(
    conn: asyncpg.Connection, actor: Actor, connector_id: int, *, cipher: Any, encoder: Any = None,
    client: httpx.AsyncClient | None = None, trigger: str = "manual", today: date | None = None,
    max_pages: int = MAX_PAGES, allow_private: bool = False, matcher: Any = None,
) -> FeedRun:  # fmt: skip
    """Pull and apply the connector's new pages now; returns the recorded run (ok or failed).

    Raises Conflict when another run of the same connector holds its lock (another process, or the
    scheduler), NotFound for an unknown connector. Network and data problems do not raise: they
    are the failed run's errors. Without ``allow_private`` the fetch reaches public addresses only
    (resolved and checked on every request: api/web/outbound.py).
    """
    repo = FeedRepo(conn)
    connector = await repo.get_connector(connector_id)
    if not await repo.try_lock(connector.id):
        raise Conflict(f"konektor {connector.name} sedang berjalan; coba lagi setelah selesai")
    own_client = client is None
    http = client or outbound.client(allow_private=allow_private, timeout=TIMEOUT_SECONDS)
    applied: list[Applied] = []
    try:
        async with conn.transaction():
            run = await repo.start_run(connector.id, connector.last_cursor, trigger, actor.user_id)
        errors: list[dict[str, Any]] = []
        failed_seen = 0
        cursor = connector.last_cursor
        try:
            feed = build(connector, decrypt_token(cipher, connector), http)
        except FeedUnavailable as exc:
            errors.append(_error(0, exc))
        for page_no in range(1, max_pages + 1):
            if errors:
                break
            try:
                page = await feed.fetch(cursor)
            except (FeedUnavailable, FeedRecordError) as exc:
                errors.append(_error(page_no, exc))
                break
            if not page.items and page.next_cursor in (None, cursor):
                break
            after = page.next_cursor or cursor
            try:
                async with conn.transaction():
                    batch = Batch(connector, run.id, page_no, actor)
                    result = await feed.apply(conn, page, batch) if page.items else Applied(0)
                    await repo.set_cursor(connector.id, after)
                    await repo.progress_run(run.id, len(page.items), result.records, after)
            except FeedRecordError as exc:
                errors.append(_error(page_no, exc))
                failed_seen = len(page.items)
                break
            except Exception as exc:  # a bug or a database fault: the batch is rolled back, the run recorded
                log.exception("feed %s: page %d could not be applied", connector.name, page_no)
                errors.append(_error(page_no, RuntimeError(f"kesalahan tak terduga saat menyimpan: {exc}")))
                failed_seen = len(page.items)
                break
            applied.append(result)
            if after == cursor:
                break
            cursor = after
        status = "failed" if errors else "ok"
        async with conn.transaction():
            run = await repo.finish_run(run.id, status, errors, failed_seen)
            await repo.finish_connector(connector.id, run.started_at, status)
            await AuditRepo(conn).add(
                actor, "feed.run", "feed_connector", connector.id,
                detail={"run": run.id, "status": status, "trigger": trigger, "seen": run.records_seen,
                        "applied": run.records_applied, "cursor_before": run.cursor_before,
                        "cursor_after": run.cursor_after, "errors": len(errors)},
            )  # fmt: skip
    finally:
        await repo.unlock(connector.id)
        if own_client:
            await http.aclose()
    if encoder is not None and applied:
        try:
            await reindex(conn, encoder, applied, today or date.today(), matcher)
        except Exception:  # the data is stored; `binakerja reindex` catches up
            log.exception("feed %s: re-indexing after run %d failed", connector.name, run.id)
    return run


async def run_due(
    conn: asyncpg.Connection, actor: Actor, now: datetime, *, cipher: Any, encoder: Any = None,
    client: httpx.AsyncClient | None = None, today: date | None = None, only: str | None = None,
    allow_private: bool = False, matcher: Any = None,
) -> list[FeedRun]:  # fmt: skip
    """Run every due active connector (or just ``only``, by name, due or not); skips one already
    running elsewhere."""
    repo = FeedRepo(conn)
    if only is not None:
        found = await repo.find_connector(only)
        if found is None:
            raise NotFound("feed connector", only)
        todo = [found]
    else:
        todo = [c for c in await repo.due(now) if rules.is_due(c.last_run_at, c.interval_minutes, now)]
    runs = []
    for connector in todo:
        try:
            runs.append(
                await run_connector(
                    conn,
                    actor,
                    connector.id,
                    cipher=cipher,
                    encoder=encoder,
                    client=client,
                    trigger="manual" if only else "schedule",
                    today=today,
                    allow_private=allow_private,
                    matcher=matcher,
                )  # fmt: skip
            )
        except Conflict:
            log.info("feed %s is running elsewhere; skipped", connector.name)
    return runs

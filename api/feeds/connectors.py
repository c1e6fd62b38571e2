"""The connector interface and its two implementations: a partner job portal's vacancy feed and
the SDP's delta feed. Both pull JSON pages over HTTP, ``GET <url>?since=<cursor>`` answering
``{"items": [...], "next_cursor": "..."}``; they differ in what a page's items do.

``apply`` runs inside the batch transaction the service opened: it raises ``FeedRecordError``
(naming the record and the feed's field, in Indonesian) to have the whole batch rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import asyncpg
import httpx

from api.feeds import rules
from api.feeds.rules import FeedRecordError, FeedUnavailable, Page
from api.imports import service as imports
from api.web.outbound import OutboundRefused
from models.errors import ImportRowError
from models.records import Actor
from models.repositories.audit import AuditRepo
from models.repositories.feeds import FeedConnector, FeedRepo, PersonState

TIMEOUT_SECONDS = 15.0
MAX_PAGE_BYTES = 20_000_000


@dataclass(frozen=True)
class Batch:
    """One page being applied: which connector, run and page, and who started the run."""

    connector: FeedConnector
    run_id: int
    page: int
    actor: Actor


@dataclass(frozen=True)
class Applied:
    records: int  # records that changed something
    vacancy_ids: tuple[int, ...] = ()  # to re-index
    inmate_ids: tuple[int, ...] = ()


class Connector(Protocol):
    """A partner system pulled page by page from a cursor."""

    kind: str

    async def fetch(self, cursor: str | None) -> Page:
        """The page after ``cursor`` (None: from the start). Raises FeedUnavailable when the server
        cannot be reached or does not answer with a page, FeedRecordError(0, ...) for a bad page."""
        ...

    async def apply(self, conn: asyncpg.Connection, page: Page, batch: Batch) -> Applied:
        """Validate and write every item of the page, or raise FeedRecordError and write nothing."""
        ...


@dataclass
class HttpFeed:
    """``GET url?since=<cursor>`` with an optional bearer token; the answer must be a feed page."""

    url: str
    token: str | None
    client: httpx.AsyncClient
    extra: dict[str, str] = field(default_factory=dict)

    async def fetch(self, cursor: str | None) -> Page:
        params = {"since": cursor} if cursor else {}
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = await self.client.get(self.url, params=params, headers=headers, timeout=TIMEOUT_SECONDS)
        except httpx.TimeoutException:
            raise FeedUnavailable(
                f"server feed tidak menjawab dalam {TIMEOUT_SECONDS:.0f} detik ({self.url})"
            ) from None
        except OutboundRefused as exc:  # loopback, private, link-local ...: never contacted
            raise FeedUnavailable(f"server feed tidak boleh dihubungi ({self.url}): {exc}") from None
        except httpx.ConnectError:
            raise FeedUnavailable(f"server feed tidak dapat dihubungi ({self.url}): koneksi gagal") from None
        except httpx.HTTPError as exc:
            raise FeedUnavailable(f"gagal mengambil feed dari {self.url}: {type(exc).__name__}") from None
        if response.status_code in (401, 403):
            raise FeedUnavailable(f"server feed menolak token (HTTP {response.status_code}); periksa token konektor")
        if response.status_code != 200:
            raise FeedUnavailable(f"server feed menjawab HTTP {response.status_code}, bukan 200")
        if len(response.content) > MAX_PAGE_BYTES:
            raise FeedUnavailable(f"halaman feed lebih dari {MAX_PAGE_BYTES // 1_000_000} MB")
        try:
            payload = json.loads(response.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise FeedUnavailable("jawaban server feed bukan JSON (UTF-8) yang sah") from None
        return rules.parse_page(payload)


def _record_error(exc: ImportRowError, field_names: Mapping[str, str], ids: Mapping[int, str]) -> FeedRecordError:
    """The import's error about a row -> the feed's error about a record, in Indonesian."""
    name = exc.field and field_names.get(exc.field, exc.field)
    return FeedRecordError(exc.line, name, rules.indonesian(exc.message), ids.get(exc.line))


class VacancyPortalFeed(HttpFeed):
    """A partner job portal (Karirhub-like postings of one employer), written through the vacancy
    import: same validation, same merge by external id (a re-run changes nothing)."""

    kind = "vacancy_portal"

    async def apply(self, conn: asyncpg.Connection, page: Page, batch: Batch) -> Applied:
        connector = batch.connector
        assert connector.employer_external_id is not None  # vacancy_portal connectors always have one
        ids: dict[int, str] = {}
        keys: list[str] = []

        def rows() -> Iterator[tuple[int, dict[str, Any]]]:
            for record, item in enumerate(page.items, 1):
                ids[record] = str(item.get("id"))
                row = rules.portal_row(item, record, connector.id, connector.employer_external_id or "")
                keys.append(row["external_id"])
                yield record, row

        try:
            summary = await imports.import_rows(
                conn, "vacancies", rows(), source=f"feed {connector.name} run {batch.run_id}", actor=batch.actor
            )
        except ImportRowError as exc:
            raise _record_error(exc, rules.IMPORT_TO_PORTAL, ids) from None
        vacancy_ids = await FeedRepo(conn).vacancy_ids(keys)
        return Applied(summary.inserted + summary.updated, vacancy_ids=tuple(vacancy_ids))


def _person(p: PersonState) -> rules.Person:
    return rules.Person(
        p.id, p.status, p.facility_id, p.bapas_id, p.expected_release_date, p.asimilasi_date, p.pb_date,
        p.cb_date, p.cmb_date,
    )  # fmt: skip


class SdpDeltaFeed(HttpFeed):
    """Deltas from the prison database (SDP): status, release and programme dates, transfers,
    release and re-admission, keyed by registration number (``inmates.external_id``) and applied
    once per delta id."""

    kind = "sdp_delta"

    def parse(self, page: Page) -> list[rules.Delta]:
        deltas: list[rules.Delta] = []
        for record, item in enumerate(page.items, 1):
            delta_id, number, kind = rules.delta_envelope(item, record)
            try:
                changes = imports.parse_inmate_changes({k: item[k] for k in rules.CHANGE_FIELDS if k in item}, record)
                occurred = imports.parse_date_field(item, "occurred_on", record)
            except ImportRowError as exc:
                raise _record_error(exc, {}, {record: delta_id}) from None
            if occurred is None:
                raise FeedRecordError(record, "occurred_on", "wajib diisi: tanggal kejadian YYYY-MM-DD", delta_id)
            deltas.append(rules.Delta(record, delta_id, number, kind, occurred, changes))
        return deltas

    async def apply(self, conn: asyncpg.Connection, page: Page, batch: Batch) -> Applied:
        connector = batch.connector
        deltas = self.parse(page)
        repo = FeedRepo(conn)
        stored = await repo.people(sorted({d.registration_number for d in deltas}))
        codes = sorted({str(d.changes["facility_code"]) for d in deltas if d.changes.get("facility_code")})
        facilities = {c: rules.Facility(f.id, f.kind, f.bapas_id) for c, f in (await repo.facilities(codes)).items()}
        done = await repo.applied_deltas(connector.id, [d.delta_id for d in deltas])
        plan = rules.plan_deltas(
            deltas, {k: _person(v) for k, v in stored.items()}, facilities, done, connector.facility_id
        )
        ids = {number: stored[number].id for number in stored}
        await repo.update_people(
            [PersonState(p.id, number, p.status, p.facility_id, p.bapas_id, p.expected_release_date,
                         p.asimilasi_date, p.pb_date, p.cb_date, p.cmb_date) for number, p in plan.people.items()]
        )  # fmt: skip
        await repo.add_events(
            [(ids[e.registration_number], e.kind, e.occurred_on, e.facility_id, e.from_facility_id, batch.run_id,
              e.delta_id) for e in plan.events]
        )  # fmt: skip
        await repo.add_deltas(connector.id, batch.run_id, [(d, ids.get(n)) for d, n in plan.applied])
        changed = sorted({ids[n] for n in plan.people} | {ids[e.registration_number] for e in plan.events})
        await AuditRepo(conn).add_reads(
            batch.actor, "inmate.feed.update", changed, reason=f"feed {connector.name} run {batch.run_id}"
        )
        return Applied(plan.changed, inmate_ids=tuple(changed))


def build(connector: FeedConnector, token: str | None, client: httpx.AsyncClient) -> Connector:
    """The connector of a stored setting."""
    kinds: dict[str, type[VacancyPortalFeed] | type[SdpDeltaFeed]] = {
        "vacancy_portal": VacancyPortalFeed,
        "sdp_delta": SdpDeltaFeed,
    }
    return kinds[connector.kind](connector.url, token, client)

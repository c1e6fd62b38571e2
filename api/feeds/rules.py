"""Pure rules of the feeds: the feed envelope, the vacancy portal's field mapping, what an SDP delta
does to a person, connector settings, when a connector is due, and Indonesian error messages.

No I/O and no clock: the service reads, calls these, and writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

KINDS = ("vacancy_portal", "sdp_delta")
KIND_LABELS = {"vacancy_portal": "portal lowongan mitra", "sdp_delta": "delta SDP (pemasyarakatan)"}
RUN_LABELS = {"ok": "berhasil", "failed": "gagal", "running": "berjalan", "schedule": "terjadwal", "manual": "manual"}
MAX_PAGE_ITEMS = 1000
MAX_CURSOR = 500
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,62}$")


class FeedRecordError(Exception):
    """A record of a feed page (``record`` = 1-based position in the page's ``items``; 0 = the page
    as a whole) is invalid; ``field`` is the feed's own field name. The message is Indonesian."""

    def __init__(self, record: int, field: str | None, message: str, record_id: str | None = None) -> None:
        where = f"rekaman {record}" if record else "halaman"
        super().__init__(f"{where}" + (f", kolom '{field}'" if field else "") + f": {message}")
        self.record = record
        self.field = field
        self.message = message
        self.record_id = record_id


class FeedUnavailable(Exception):
    """The partner's server could not be reached or did not answer with a feed page (Indonesian)."""


@dataclass(frozen=True)
class Page:
    items: tuple[Mapping[str, Any], ...]
    next_cursor: str | None


def parse_page(payload: Any) -> Page:
    """``{"items": [...], "next_cursor": "..." | null}`` -> Page; FeedRecordError(0, ...) otherwise."""
    if not isinstance(payload, dict):
        raise FeedRecordError(0, None, f"jawaban harus objek JSON dengan 'items', bukan {type(payload).__name__}")
    items = payload.get("items")
    if not isinstance(items, list):
        raise FeedRecordError(0, "items", "wajib ada dan berupa daftar (array JSON)")
    if len(items) > MAX_PAGE_ITEMS:
        raise FeedRecordError(0, "items", f"lebih dari {MAX_PAGE_ITEMS} rekaman dalam satu halaman")
    cursor = payload.get("next_cursor")
    if cursor is not None and (not isinstance(cursor, str) or len(cursor) > MAX_CURSOR or "\x00" in cursor):
        raise FeedRecordError(0, "next_cursor", f"harus teks (paling panjang {MAX_CURSOR} karakter) atau null")
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise FeedRecordError(index, None, f"setiap rekaman harus objek JSON, bukan {type(item).__name__}")
    return Page(tuple(items), cursor or None)


# --- vacancy portal: a Karirhub-like posting -> the file import's vacancy row ---------------------

# portal field -> vacancy import field (api/imports/service.py VACANCY_FIELDS); other portal fields
# are ignored, so a portal adding fields does not break the feed.
PORTAL_FIELDS = {
    "id": "external_id",
    "job_title": "title",
    "job_description": "description",
    "qualifications": "requirements",
    "skkni_units": "required_units",
    "regency_code": "regency_code",
    "openings": "positions",
    "start_date": "start_date",
    "fair_chance": "fair_chance",
    "status": "status",
}
IMPORT_TO_PORTAL = {v: k for k, v in PORTAL_FIELDS.items()}
# portal posting states -> vacancy status
PORTAL_STATUS = {
    "published": "open", "open": "open", "active": "open", "draft": "draft",
    "closed": "closed", "filled": "closed", "expired": "closed", "withdrawn": "closed",
}  # fmt: skip


def vacancy_external_id(connector_id: int, portal_id: str) -> str:
    """The stored vacancy key: one portal id per connector, stable across re-runs and renames."""
    return f"feed{connector_id}:{portal_id}"


def portal_row(item: Mapping[str, Any], record: int, connector_id: int, employer_external_id: str) -> dict[str, Any]:
    """One posting -> a row in the vacancy import's format (validated there, by ``parse_vacancy``)."""
    portal_id = item.get("id")
    if isinstance(portal_id, int) and not isinstance(portal_id, bool):
        portal_id = str(portal_id)
    if not isinstance(portal_id, str) or not portal_id.strip():
        raise FeedRecordError(record, "id", "wajib diisi: id lowongan di portal (teks atau angka)")
    if len(portal_id) > 80:
        raise FeedRecordError(record, "id", "lebih dari 80 karakter")
    row: dict[str, Any] = {
        "external_id": vacancy_external_id(connector_id, portal_id.strip()),
        "employer_external_id": employer_external_id,
    }
    for source, target in PORTAL_FIELDS.items():
        if source in ("id", "status") or source not in item or item[source] is None:
            continue
        value = item[source]
        if target == "positions" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        row[target] = value
    status = item.get("status")
    if status is not None:
        if not isinstance(status, str) or status.strip().lower() not in PORTAL_STATUS:
            allowed = ", ".join(PORTAL_STATUS)
            raise FeedRecordError(record, "status", f"harus salah satu dari {allowed}; bukan {status!r}", portal_id)
        row["status"] = PORTAL_STATUS[status.strip().lower()]
    return row


# --- SDP deltas -----------------------------------------------------------------------------------

DELTA_TYPES = ("status", "dates", "transfer", "release", "readmission")
DELTA_TYPE_LABELS = {
    "status": "perubahan status", "dates": "tanggal bebas/program", "transfer": "pindah UPT",
    "release": "bebas", "readmission": "masuk kembali",
}  # fmt: skip
DATE_FIELDS = ("expected_release_date", "asimilasi_date", "pb_date", "cb_date", "cmb_date")
PROGRAMME_FIELDS = ("asimilasi_date", "pb_date", "cb_date", "cmb_date")
CHANGE_FIELDS = ("status", "facility_code", *DATE_FIELDS)
DELTA_FIELDS = ("delta_id", "registration_number", "type", "occurred_on", *CHANGE_FIELDS)
# which change fields each type may carry, and which it needs
_ALLOWED = {
    "status": {"status", *DATE_FIELDS},
    "dates": set(DATE_FIELDS),
    "transfer": {"facility_code"},
    "release": set(),
    "readmission": {"facility_code", "status", *DATE_FIELDS},
}
_NEEDED = {"status": ("status",), "transfer": ("facility_code",), "readmission": ("facility_code",)}
_HELD = ("detained", "sentenced")  # statuses of a person inside a facility
_CUSTODIAL_KINDS = ("lapas", "rutan", "lpka")


@dataclass(frozen=True)
class Delta:
    record: int
    delta_id: str
    registration_number: str
    type: str
    occurred_on: date
    changes: Mapping[str, Any] = field(default_factory=dict)  # validated by the import's parse_inmate_changes


@dataclass(frozen=True)
class Person:
    id: int
    status: str
    facility_id: int
    bapas_id: int | None
    expected_release_date: date | None
    asimilasi_date: date | None
    pb_date: date | None
    cb_date: date | None
    cmb_date: date | None


@dataclass(frozen=True)
class Facility:
    id: int
    kind: str
    bapas_id: int | None


@dataclass(frozen=True)
class PersonEvent:
    registration_number: str
    kind: str  # release | transfer | readmission
    occurred_on: date
    facility_id: int | None
    from_facility_id: int | None
    delta_id: str


@dataclass(frozen=True)
class DeltaPlan:
    people: dict[str, Person]  # final state of each person a delta changed
    events: tuple[PersonEvent, ...]
    applied: tuple[tuple[str, str], ...]  # (delta id, registration number) recorded as applied
    changed: int  # deltas that changed something


def delta_envelope(item: Mapping[str, Any], record: int) -> tuple[str, str, str]:
    """(delta id, registration number, type) of one delta; unknown fields are refused."""
    for key in item:
        if key not in DELTA_FIELDS:
            raise FeedRecordError(
                record, str(key), f"kolom tidak dikenal; kolom yang dikenal: {', '.join(DELTA_FIELDS)}"
            )
    values: list[str] = []
    for name, limit in (("delta_id", 100), ("registration_number", 100), ("type", 20)):
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            raise FeedRecordError(record, name, "wajib diisi (teks)")
        if len(value) > limit or "\x00" in value:
            raise FeedRecordError(record, name, f"lebih dari {limit} karakter atau berisi karakter NUL")
        values.append(value.strip())
    delta_id, number, kind = values
    if kind not in DELTA_TYPES:
        raise FeedRecordError(
            record, "type", f"harus salah satu dari {', '.join(DELTA_TYPES)}; bukan {kind!r}", delta_id
        )
    for key in item:
        if key in CHANGE_FIELDS and key not in _ALLOWED[kind]:
            raise FeedRecordError(record, key, f"tidak dipakai untuk jenis {kind!r}; hapus kolom ini", delta_id)
    for key in _NEEDED.get(kind, ()):
        if item.get(key) in (None, ""):
            raise FeedRecordError(record, key, f"wajib diisi untuk jenis {kind!r}", delta_id)
    if kind == "dates" and not any(k in item for k in DATE_FIELDS):
        raise FeedRecordError(record, "type", f"jenis 'dates' memerlukan salah satu dari {', '.join(DATE_FIELDS)}")
    return delta_id, number, kind


def _bapas_of(facility: Facility, current: int | None) -> int | None:
    own = facility.id if facility.kind == "bapas" else facility.bapas_id
    return own if own is not None else current


def _check_dates(person: Person, delta: Delta) -> None:
    release = person.expected_release_date
    for name in PROGRAMME_FIELDS:
        value = getattr(person, name)
        touched = name in delta.changes or "expected_release_date" in delta.changes
        if touched and value is not None and release is not None and value > release:
            raise FeedRecordError(
                delta.record, name, f"{value} setelah tanggal perkiraan bebas {release}", delta.delta_id
            )


def _facility(delta: Delta, facilities: Mapping[str, Facility]) -> Facility:
    code = str(delta.changes["facility_code"])
    found = facilities.get(code)
    if found is None:
        raise FeedRecordError(delta.record, "facility_code", f"kode UPT tidak dikenal: {code!r}", delta.delta_id)
    if found.kind not in _CUSTODIAL_KINDS:
        raise FeedRecordError(
            delta.record, "facility_code", f"{code!r} adalah {found.kind}, bukan lapas/rutan/LPKA", delta.delta_id
        )
    return found


def apply_delta(person: Person, delta: Delta, facilities: Mapping[str, Facility]) -> tuple[Person, PersonEvent | None]:
    """The person after one delta, and the event it records (release, transfer, re-admission)."""
    dates = {k: delta.changes[k] for k in DATE_FIELDS if k in delta.changes}
    reg, did, when = delta.registration_number, delta.delta_id, delta.occurred_on
    released = person.status == "released"
    if delta.type == "readmission":
        if not released:
            raise FeedRecordError(
                delta.record, "type",
                f"penerimaan kembali hanya untuk orang yang sudah bebas; status sekarang {person.status!r}", did,
            )  # fmt: skip
        target = _facility(delta, facilities)
        status = str(delta.changes.get("status") or "detained")
        if status == "released":
            raise FeedRecordError(delta.record, "status", "status setelah masuk kembali tidak boleh 'released'", did)
        after = Person(
            person.id, status, target.id, _bapas_of(target, person.bapas_id), dates.get("expected_release_date"),
            dates.get("asimilasi_date"), dates.get("pb_date"), dates.get("cb_date"), dates.get("cmb_date"),
        )  # fmt: skip
        _check_dates(after, delta)
        return after, PersonEvent(reg, "readmission", when, target.id, person.facility_id, did)
    if delta.type == "transfer":
        if released:
            raise FeedRecordError(
                delta.record, "type", "orang yang sudah bebas tidak dapat dipindahkan; pakai 'readmission'", did
            )
        target = _facility(delta, facilities)
        if target.id == person.facility_id:
            return person, None
        after = replace(person, facility_id=target.id, bapas_id=_bapas_of(target, person.bapas_id))
        return after, PersonEvent(reg, "transfer", when, target.id, person.facility_id, did)
    if delta.type == "release":
        if released:
            return person, None
        after = replace(person, status="released", expected_release_date=person.expected_release_date or when)
        return after, PersonEvent(reg, "release", when, person.facility_id, None, did)
    # status / dates
    status = str(delta.changes.get("status") or person.status)
    if released and status != "released":
        raise FeedRecordError(
            delta.record, "status", "orang yang sudah bebas hanya dapat masuk kembali dengan jenis 'readmission'", did
        )
    after = replace(person, status=status, **dates)
    _check_dates(after, delta)
    if status == "released" and not released:
        return after, PersonEvent(reg, "release", when, person.facility_id, None, did)
    return after, None


def plan_deltas(
    deltas: Sequence[Delta], people: Mapping[str, Person], facilities: Mapping[str, Facility],
    already_applied: set[str], scope_facility_id: int | None = None,
) -> DeltaPlan:  # fmt: skip
    """Apply a batch in order to the people as stored; raises FeedRecordError at the first bad delta.

    Deltas already applied (by id, earlier run or earlier in this batch) are skipped, so a re-run is
    a no-op. With a facility scope a delta must concern a person held there or moved there.
    """
    state: dict[str, Person] = {}
    events: list[PersonEvent] = []
    applied: list[tuple[str, str]] = []
    seen = set(already_applied)
    changed = 0
    for delta in deltas:
        if delta.delta_id in seen:
            continue
        seen.add(delta.delta_id)
        before = state.get(delta.registration_number) or people.get(delta.registration_number)
        if before is None:
            raise FeedRecordError(
                delta.record, "registration_number",
                f"nomor registrasi tidak dikenal: {delta.registration_number!r}", delta.delta_id,
            )  # fmt: skip
        after, event = apply_delta(before, delta, facilities)
        if scope_facility_id is not None and scope_facility_id not in (before.facility_id, after.facility_id):
            raise FeedRecordError(
                delta.record, "registration_number", "orang ini di luar lingkup UPT konektor ini", delta.delta_id
            )
        if after != before or event is not None:
            changed += 1
        state[delta.registration_number] = after
        if event is not None:
            events.append(event)
        applied.append((delta.delta_id, delta.registration_number))
    final = {k: v for k, v in state.items() if v != people.get(k)}
    return DeltaPlan(final, tuple(events), tuple(applied), changed)


# --- connector settings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectorInput:
    name: str
    kind: str
    url: str
    token: str  # empty: keep the stored token (edit) / none (create)
    interval_minutes: str
    employer_id: str
    facility_id: str
    active: bool
    clear_token: bool = False


def connector_problems(data: ConnectorInput) -> dict[str, str]:
    """Field -> Indonesian message for every bad field of the connector form (empty: valid)."""
    problems: dict[str, str] = {}
    if not NAME.match(data.name.strip()):
        problems["name"] = "nama 2-63 karakter: huruf kecil, angka, '-' atau '_', diawali huruf/angka"
    if data.kind not in KINDS:
        problems["kind"] = f"jenis harus salah satu dari {', '.join(KINDS)}"
    try:
        parts = urlsplit(data.url.strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or len(data.url) > 500:
        problems["url"] = "alamat harus URL http:// atau https:// yang lengkap"
    elif parts.query and "since=" in parts.query:
        problems["url"] = "jangan sertakan 'since=' di alamat; kursor ditambahkan otomatis"
    if len(data.token) > 2000 or any(c in data.token for c in "\r\n\x00"):
        problems["token"] = "token paling panjang 2000 karakter, tanpa baris baru"  # noqa: S105 - a message
    interval = data.interval_minutes.strip()
    if not interval.isdigit() or len(interval) > 6 or not 1 <= int(interval) <= 10080:
        problems["interval_minutes"] = "selang harus bilangan 1 sampai 10080 menit (satu minggu)"
    employer = data.employer_id.strip()
    facility = data.facility_id.strip()
    for name, value in (("employer_id", employer), ("facility_id", facility)):
        if value and (not value.isdigit() or len(value) > 15):
            problems[name] = "pilih dari daftar (id berupa angka)"
    if data.kind == "vacancy_portal":
        if not employer:
            problems["employer_id"] = "feed lowongan memerlukan pemberi kerja tujuan"
        if facility:
            problems["facility_id"] = "feed lowongan tidak memakai lingkup UPT; kosongkan"
    elif data.kind == "sdp_delta" and employer:
        problems["employer_id"] = "feed SDP tidak memakai pemberi kerja; kosongkan"
    return problems


def is_due(last_run_at: datetime | None, interval_minutes: int, now: datetime) -> bool:
    return last_run_at is None or last_run_at + timedelta(minutes=interval_minutes) <= now


# --- Indonesian messages for the file import's English validation messages -------------------------

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"^required$", "wajib diisi"),
        (r"^must be text, got (.+)$", r"harus berupa teks, bukan \1"),
        (r"^contains a NUL character$", "berisi karakter NUL"),
        (r"^longer than (\d+) characters$", r"lebih dari \1 karakter"),
        (r"^must be a whole number, got (.+)$", r"harus bilangan bulat, bukan \1"),
        (r"^must be between (\S+) and (\S+), got (.+)$", r"harus antara \1 dan \2, bukan \3"),
        (r"^must be a date YYYY-MM-DD, got (.+)$", r"harus tanggal YYYY-MM-DD, bukan \1"),
        (r"^not a valid calendar date: (.+)$", r"bukan tanggal kalender yang sah: \1"),
        (r"^year out of range: (.+)$", r"tahun di luar rentang: \1"),
        (r"^must be true/false \(or ya/tidak, 1/0\), got (.+)$", r"harus true/false (atau ya/tidak, 1/0), bukan \1"),
        (r"^must be a list of text, got (.+)$", r"harus daftar teks, bukan \1"),
        (r"^list items must be text, got (.+)$", r"isi daftar harus teks, bukan \1"),
        (r"^an item is longer than (\d+) characters$", r"ada isi daftar yang lebih dari \1 karakter"),
        (r"^more than (\d+) items$", r"lebih dari \1 isi"),
        (r"^must be one of (.+); got (.+)$", r"harus salah satu dari \1; bukan \2"),
        (
            r"^must be a BPS regency code like 32\.73, got (.+)$",
            r"harus kode kabupaten/kota BPS seperti 32.73, bukan \1",
        ),
        (r"^not an SKKNI unit code: (.+)$", r"bukan kode unit SKKNI: \1"),
        (r"^duplicate \w+ (.+): already on line (\d+)$", r"ganda: \1 sudah ada di rekaman \2"),
        (r"^unknown employer .*: (.+)$", r"pemberi kerja tidak dikenal: \1"),
        (r"^unknown regency code: (.+)$", r"kode kabupaten/kota tidak dikenal: \1"),
        (r"^unknown competency unit code .*: (.+)$", r"kode unit kompetensi tidak dikenal di katalog: \1"),
        (r"^unknown facility code: (.+)$", r"kode UPT tidak dikenal: \1"),
        (r"^(\S+) is after expected_release_date (\S+)$", r"\1 setelah tanggal perkiraan bebas \2"),
    )
)


def indonesian(message: str) -> str:
    """The file import's validation message in Bahasa Indonesia (messages already Indonesian pass)."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message

"""Import inmates, vacancies or competency units from CSV or JSONL files.

The file is read as a stream: each row is parsed and validated by the pure functions below
(``parse_inmate``, ``parse_vacancy``, ``parse_unit``), then COPY'd to a temporary staging table.
Only when every row is valid, no key repeats and every reference (facility, regency, employer,
unit) exists is the staging table merged into the real one, all in one transaction: a file with
any bad row changes nothing. Merging by external id makes a re-import of the same file a no-op.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg

from api.imports.assessments import import_assessments_csv
from api.imports.readers import csv_rows, jsonl_rows
from api.privacy import service as privacy

# What other capabilities use: the one reader, and the assessment import the LSP pages call.
__all__ = [
    "csv_rows", "import_assessments_csv", "import_file", "import_rows", "jsonl_rows", "parse_date_field",
    "parse_inmate_changes", "parse_vacancy",
]  # fmt: skip
from models.errors import ImportRowError
from models.records import SYSTEM, Actor, CompetencyUnit, Consent, NewInmate, NewVacancy
from models.repositories.audit import AuditRepo
from models.repositories.bulk import ImportRepo
from models.repositories.places import PlacesRepo
from models.repositories.training import TrainingRepo

KINDS = ("inmates", "vacancies", "units")
LIST_SEPARATOR = ";"
CHUNK = 5_000

STATUSES = ("detained", "sentenced", "assimilation", "parole", "released")
VACANCY_STATUSES = ("draft", "open", "closed")
INMATE_FIELDS = (
    "external_id", "full_name", "birth_year", "gender", "facility_code", "domicile_regency_code", "education",
    "skills", "work_history", "trainings", "status", "expected_release_date", "asimilasi_date", "pb_date",
    "cb_date", "cmb_date", "consent_matching", "consent_reveal_name", "consent_reveal_facility",
    "consent_reveal_offence", "nik", "offence_category", "offence_text",
)  # fmt: skip
CONSENT_FIELDS = ("consent_matching", "consent_reveal_name", "consent_reveal_facility", "consent_reveal_offence")
# Optional, encrypted before staging; empty or absent keeps what is stored (the import never clears them).
SENSITIVE_FIELDS = ("nik", "offence_category", "offence_text")
VACANCY_FIELDS = (
    "external_id", "employer_external_id", "title", "description", "requirements", "required_units",
    "regency_code", "positions", "start_date", "fair_chance", "status",
)  # fmt: skip
UNIT_FIELDS = ("code", "title", "sector", "kkni_level", "description")
REQUIRED = {
    "inmates": ("external_id", "full_name", "birth_year", "gender", "facility_code"),
    "vacancies": ("external_id", "employer_external_id", "title"),
    "units": ("code", "title", "sector"),
}
FIELDS = {"inmates": INMATE_FIELDS, "vacancies": VACANCY_FIELDS, "units": UNIT_FIELDS}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REGENCY = re.compile(r"^\d{2}\.\d{2}$")
# SKKNI unit codes: C.25LAS00.001.1, J.620100.001.02, TIK.PR02.001.01, M.74100.001.02
UNIT_CODE = re.compile(r"^[A-Z]{1,4}\.[A-Z0-9]{2,10}\.\d{3}\.\d{1,2}$")
_TRUE = {"true", "1", "ya", "yes", "y", "t"}
_FALSE = {"false", "0", "tidak", "no", "n", "f"}
_MAX_TEXT = 4000
_MAX_ITEMS = 100

Row = Mapping[str, Any]


@dataclass(frozen=True)
class ImportSummary:
    kind: str
    file: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    seconds: float

    def __str__(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0.0
        return (
            f"import {self.kind} from {self.file}: {self.rows} rows — {self.inserted} inserted, "
            f"{self.updated} updated, {self.unchanged} unchanged ({self.seconds:.1f}s, {rate:,.0f} rows/s)"
        )


# --- field readers (pure) ------------------------------------------------------------------------


def _text(row: Row, field: str, line: int, *, required: bool = False, max_len: int = 300) -> str | None:
    value = row.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ImportRowError(line, field, "required")
        return None
    if not isinstance(value, str):
        raise ImportRowError(line, field, f"must be text, got {type(value).__name__}")
    value = value.strip()
    if "\x00" in value:
        raise ImportRowError(line, field, "contains a NUL character")
    if len(value) > max_len:
        raise ImportRowError(line, field, f"longer than {max_len} characters")
    return value


def _int(row: Row, field: str, line: int, lo: int, hi: int, *, required: bool = False) -> int | None:
    value = row.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ImportRowError(line, field, "required")
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ImportRowError(line, field, f"must be a whole number, got {value!r}")
    if isinstance(value, str):
        if not re.fullmatch(r"[+-]?\d{1,9}", value.strip()):
            raise ImportRowError(line, field, f"must be a whole number, got {value!r}")
        value = int(value)
    if not lo <= value <= hi:
        raise ImportRowError(line, field, f"must be between {lo} and {hi}, got {value}")
    return value


def _date(row: Row, field: str, line: int) -> date | None:
    value = row.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise ImportRowError(line, field, f"must be a date YYYY-MM-DD, got {value!r}")
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise ImportRowError(line, field, f"not a valid calendar date: {value!r}") from None
    if not 1900 <= parsed.year <= 2100:
        raise ImportRowError(line, field, f"year out of range: {value!r}")
    return parsed


def _bool(row: Row, field: str, line: int) -> bool | None:
    value = row.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ImportRowError(line, field, f"must be true/false (or ya/tidak, 1/0), got {value!r}")


def _list(row: Row, field: str, line: int, *, max_len: int = 500) -> tuple[str, ...]:
    value = row.get(field)
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(LIST_SEPARATOR)
    elif isinstance(value, list):
        items = value
    else:
        raise ImportRowError(line, field, f"must be a list of text, got {type(value).__name__}")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ImportRowError(line, field, f"list items must be text, got {item!r}")
        item = item.strip()
        if "\x00" in item:
            raise ImportRowError(line, field, "contains a NUL character")
        if len(item) > max_len:
            raise ImportRowError(line, field, f"an item is longer than {max_len} characters")
        if item:
            out.append(item)
    if len(out) > _MAX_ITEMS:
        raise ImportRowError(line, field, f"more than {_MAX_ITEMS} items")
    return tuple(out)


def _choice(row: Row, field: str, line: int, allowed: tuple[str, ...], default: str) -> str:
    value = _text(row, field, line) or default
    if value not in allowed:
        raise ImportRowError(line, field, f"must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _regency(row: Row, field: str, line: int) -> str | None:
    value = _text(row, field, line, max_len=10)
    if value is not None and not _REGENCY.match(value):
        raise ImportRowError(line, field, f"must be a BPS regency code like 32.73, got {value!r}")
    return value


def _check_keys(row: Row, kind: str, line: int) -> None:
    unknown = [k for k in row if k not in FIELDS[kind]]
    if unknown:
        raise ImportRowError(line, str(unknown[0]), f"unknown field (expected some of: {', '.join(FIELDS[kind])})")


# --- row parsers (pure) --------------------------------------------------------------------------


def parse_inmate(row: Row, line: int) -> NewInmate:
    """One inmate row -> NewInmate; raises ImportRowError naming the line and field."""
    _check_keys(row, "inmates", line)
    external_id = _text(row, "external_id", line, required=True, max_len=100)
    full_name = _text(row, "full_name", line, required=True, max_len=200)
    birth_year = _int(row, "birth_year", line, 1900, 2100, required=True)
    gender = _text(row, "gender", line, required=True, max_len=10)
    if gender not in ("L", "P"):
        raise ImportRowError(line, "gender", f"must be L (laki-laki) or P (perempuan), got {gender!r}")
    facility_code = _text(row, "facility_code", line, required=True, max_len=100)
    release = _date(row, "expected_release_date", line)
    programme = {f: _date(row, f, line) for f in ("asimilasi_date", "pb_date", "cb_date", "cmb_date")}
    for field, value in programme.items():
        if value is not None and release is not None and value > release:
            raise ImportRowError(line, field, f"{value} is after expected_release_date {release}")
    consent = {f: _bool(row, f, line) for f in CONSENT_FIELDS}
    assert external_id and full_name and birth_year is not None and facility_code
    return NewInmate(
        external_id=external_id,
        full_name=full_name,
        birth_year=birth_year,
        gender=gender,
        facility_code=facility_code,
        domicile_regency_code=_regency(row, "domicile_regency_code", line),
        education=_text(row, "education", line, max_len=200),
        skills=_list(row, "skills", line),
        work_history=_list(row, "work_history", line),
        trainings=_list(row, "trainings", line),
        status=_choice(row, "status", line, STATUSES, "sentenced"),
        expected_release_date=release,
        consent=Consent(
            employer_matching=bool(consent["consent_matching"]),
            reveal_name=bool(consent["consent_reveal_name"]),
            reveal_facility=bool(consent["consent_reveal_facility"]),
            reveal_offence=bool(consent["consent_reveal_offence"]),
        ),
        **programme,
    )


INMATE_CHANGE_FIELDS = (
    "status", "facility_code", "expected_release_date", "asimilasi_date", "pb_date", "cb_date", "cmb_date",
)  # fmt: skip


def parse_inmate_changes(row: Row, line: int) -> dict[str, Any]:
    """The status, facility and date fields present in ``row``, validated like ``parse_inmate``
    (partial updates, e.g. the SDP delta feed); fields absent from ``row`` are left out, a present
    empty date clears it. Raises ImportRowError naming the line and field."""
    out: dict[str, Any] = {}
    if "status" in row:
        out["status"] = _choice(row, "status", line, STATUSES, "")
    if "facility_code" in row:
        out["facility_code"] = _text(row, "facility_code", line, required=True, max_len=100)
    for field in ("expected_release_date", "asimilasi_date", "pb_date", "cb_date", "cmb_date"):
        if field in row:
            out[field] = _date(row, field, line)
    release = out.get("expected_release_date")
    for field in ("asimilasi_date", "pb_date", "cb_date", "cmb_date"):
        value = out.get(field)
        if value is not None and release is not None and value > release:
            raise ImportRowError(line, field, f"{value} is after expected_release_date {release}")
    return out


def parse_date_field(row: Row, field: str, line: int) -> date | None:
    """One optional YYYY-MM-DD field, checked like every date of the import."""
    return _date(row, field, line)


def parse_vacancy(row: Row, line: int) -> NewVacancy:
    """One vacancy row -> NewVacancy; raises ImportRowError naming the line and field."""
    _check_keys(row, "vacancies", line)
    external_id = _text(row, "external_id", line, required=True, max_len=100)
    employer = _text(row, "employer_external_id", line, required=True, max_len=100)
    title = _text(row, "title", line, required=True, max_len=300)
    units = _list(row, "required_units", line, max_len=40)
    for code in units:
        if not UNIT_CODE.match(code):
            raise ImportRowError(line, "required_units", f"not an SKKNI unit code: {code!r}")
    fair = _bool(row, "fair_chance", line)
    assert external_id and employer and title
    return NewVacancy(
        external_id=external_id,
        employer_external_id=employer,
        title=title,
        description=_text(row, "description", line, max_len=_MAX_TEXT) or "",
        requirements=_list(row, "requirements", line),
        required_units=units,
        regency_code=_regency(row, "regency_code", line),
        positions=_int(row, "positions", line, 1, 10_000) or 1,
        start_date=_date(row, "start_date", line),
        fair_chance=True if fair is None else fair,
        status=_choice(row, "status", line, VACANCY_STATUSES, "open"),
    )


def parse_unit(row: Row, line: int) -> CompetencyUnit:
    """One competency unit row -> CompetencyUnit; raises ImportRowError naming the line and field."""
    _check_keys(row, "units", line)
    code = _text(row, "code", line, required=True, max_len=40)
    assert code
    if not UNIT_CODE.match(code):
        raise ImportRowError(line, "code", f"not an SKKNI unit code (like C.25LAS00.001.1): {code!r}")
    title = _text(row, "title", line, required=True, max_len=300)
    sector = _text(row, "sector", line, required=True, max_len=200)
    assert title and sector
    return CompetencyUnit(
        code=code,
        title=title,
        sector=sector,
        kkni_level=_int(row, "kkni_level", line, 1, 9),
        description=_text(row, "description", line, max_len=_MAX_TEXT) or "",
    )


def check_header(kind: str, fields: Iterable[str], line: int = 1) -> None:
    """Required columns present and no unknown ones (CSV header; checked once per file)."""
    fields = list(fields)
    _check_keys(dict.fromkeys(fields), kind, line)
    missing = [f for f in REQUIRED[kind] if f not in fields]
    if missing:
        raise ImportRowError(line, missing[0], "required column missing from the header")


# --- staging records -----------------------------------------------------------------------------


def _inmate_record(n: NewInmate, row: Row, line: int) -> tuple[Any, ...]:
    # consent left out of the file (column absent or empty) keeps what is stored: NULL here
    consent = tuple(_bool(row, f, line) for f in CONSENT_FIELDS)
    return (
        line, n.external_id, n.full_name, n.birth_year, n.gender, n.facility_code, n.domicile_regency_code,
        n.education, list(n.skills), list(n.work_history), list(n.trainings), n.status, n.expected_release_date,
        n.asimilasi_date, n.pb_date, n.cb_date, n.cmb_date, *consent,
    )  # fmt: skip


def parse_sensitive(
    row: Row, line: int, provinces: Collection[str], birth_year: int
) -> tuple[str | None, privacy.Offence | None]:
    """(NIK, offence) of one inmate row, validated; ``None`` for a value the row leaves empty.

    The NIK must fit the province codes and the row's birth year (``privacy.nik_problem``); the
    offence needs a category from the fixed list (``privacy.offence_problems``).
    """
    raw_nik = row.get("nik")
    if isinstance(raw_nik, int) and not isinstance(raw_nik, bool):  # JSONL may carry the NIK as a number
        raw_nik = str(raw_nik)
    if raw_nik is not None and not isinstance(raw_nik, str):
        raise ImportRowError(line, "nik", f"NIK harus berupa teks 16 angka, bukan {type(raw_nik).__name__}")
    nik = privacy.normalise_nik(raw_nik or "") or None
    if nik is not None:
        problem = privacy.nik_problem(nik, provinces, birth_year)
        if problem:
            raise ImportRowError(line, "nik", problem)
    texts: dict[str, str] = {}
    for field in ("offence_category", "offence_text"):
        value = row.get(field)
        if value is not None and not isinstance(value, str):
            raise ImportRowError(line, field, f"harus berupa teks, bukan {type(value).__name__}")
        texts[field] = (value or "").strip()
    problems = privacy.offence_problems(texts["offence_category"], texts["offence_text"])
    if problems:
        field, message = next(iter(problems.items()))
        raise ImportRowError(line, field, message)
    offence = privacy.Offence(texts["offence_category"], texts["offence_text"]) if texts["offence_category"] else None
    return nik, offence


def _inmate_recorder(cipher: Any, provinces: Collection[str]) -> Callable[[NewInmate, Row, int], tuple[Any, ...]]:
    """The staging record of an inmate row with NIK and offence encrypted (AES-256-GCM, ``cipher``):
    plaintext never reaches the database, not even the temporary staging table."""

    def record(n: NewInmate, row: Row, line: int) -> tuple[Any, ...]:
        nik, offence = parse_sensitive(row, line, provinces, n.birth_year)
        if (nik is not None or offence is not None) and cipher is None:
            raise ImportRowError(line, "nik" if nik else "offence_category", "tidak ada kunci data untuk enkripsi")
        return (
            *_inmate_record(n, row, line),
            None if nik is None else cipher.encrypt(nik, "national_id"),
            None if offence is None else cipher.encrypt(privacy.encode_offence(offence), "offence"),
        )

    return record


def _vacancy_record(v: NewVacancy, row: Row, line: int) -> tuple[Any, ...]:
    return (
        line, v.external_id, v.employer_external_id, v.title, v.description, list(v.requirements),
        list(v.required_units), v.regency_code, v.positions, v.start_date, v.fair_chance, v.status,
    )  # fmt: skip


def _unit_record(u: CompetencyUnit, row: Row, line: int) -> tuple[Any, ...]:
    return (line, u.code, u.title, u.sector, u.kkni_level, u.description)


_PARSE: dict[str, Callable[[Row, int], Any]] = {
    "inmates": parse_inmate,
    "vacancies": parse_vacancy,
    "units": parse_unit,
}
_RECORD: dict[str, Callable[[Any, Row, int], tuple[Any, ...]]] = {
    "inmates": _inmate_recorder(None, ()),
    "vacancies": _vacancy_record,
    "units": _unit_record,
}


async def _keep_unchanged_sensitive(repo: ImportRepo, cipher: Any, page: int = 1000) -> None:
    """Drop from staging every NIK and offence equal to what is stored (ciphertexts differ on every
    encryption, so equality is decided on the decrypted values): a re-import of the same file
    changes nothing and audits no write."""
    last = 0
    while True:
        pairs = await repo.staged_sensitive_pairs(last, page)
        if not pairs:
            return
        same_nik: list[int] = []
        same_offence: list[int] = []
        for line, staged_nik, stored_nik, staged_offence, stored_offence in pairs:
            last = line
            if _same(cipher, "national_id", staged_nik, stored_nik):
                same_nik.append(line)
            if _same(cipher, "offence", staged_offence, stored_offence):
                same_offence.append(line)
        await repo.unstage_sensitive(same_nik, same_offence)


def _same(cipher: Any, field: str, staged: bytes | None, stored: bytes | None) -> bool:
    if staged is None or stored is None:
        return False
    try:
        return bool(cipher.decrypt(bytes(staged), field) == cipher.decrypt(bytes(stored), field))
    except Exception:  # a stored value under a retired, unconfigured key: overwrite it
        return False


# --- the use case --------------------------------------------------------------------------------


async def import_file(
    conn: asyncpg.Connection, kind: str, path: str | Path, progress: Callable[[int], None] | None = None,
    *, cipher: Any = None,
) -> ImportSummary:  # fmt: skip
    """Validate the whole file, then write it in one transaction; nothing is written if any row is bad.

    ``progress(n)`` is called with the number of rows read since the last call (every 1,000 rows).
    ``cipher`` (the data cipher) encrypts the optional ``nik`` and offence columns of an inmate
    file; without it a row carrying them is refused. Raises ImportRowError (line 0 means the file
    as a whole).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        raise ImportRowError(0, None, f"unsupported file type {suffix or '(none)'!r}: use .csv or .jsonl")
    if not path.is_file():
        raise ImportRowError(0, None, f"file not found: {path}")
    digest = hashlib.sha256()
    with path.open("rb") as fh:

        def raw_lines() -> Iterator[bytes]:
            for raw in fh:
                digest.update(raw)
                yield raw

        def checked(rows: Iterable[tuple[int, Row]]) -> Iterator[tuple[int, Row]]:
            header_checked = suffix != ".csv"
            for line, row in rows:
                if not header_checked:
                    check_header(kind, row.keys())
                    header_checked = True
                yield line, row

        source = csv_rows(raw_lines()) if suffix == ".csv" else jsonl_rows(raw_lines())
        return await import_rows(
            conn, kind, checked(source), source=path.name, progress=progress, cipher=cipher,
            detail=lambda: {"sha256": digest.hexdigest()},
        )  # fmt: skip


async def import_rows(
    conn: asyncpg.Connection, kind: str, rows: Iterable[tuple[int, Row]], *, source: str,
    progress: Callable[[int], None] | None = None, cipher: Any = None, actor: Actor = SYSTEM,
    detail: Callable[[], dict[str, Any]] | None = None,
) -> ImportSummary:  # fmt: skip
    """Validate ``(line, row)`` pairs (rows in the file formats above) and write them in one
    transaction, exactly like a file: nothing is written if any row is bad. ``source`` names them
    in the audit log (a file name, a feed run); feeds number rows by record instead of line."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    started = time.perf_counter()
    parse, record = _PARSE[kind], _RECORD[kind]
    if kind == "inmates":
        record = _inmate_recorder(cipher, {p.code for p in await PlacesRepo(conn).list_provinces()})
    repo = ImportRepo(conn, kind)
    count = 0
    async with conn.transaction():
        await repo.create_staging()
        batch: list[tuple[Any, ...]] = []
        unreported = 0
        for line, row in rows:
            batch.append(record(parse(row, line), row, line))
            count += 1
            unreported += 1
            if len(batch) >= CHUNK:
                await repo.stage(batch)
                batch = []
            if progress and unreported >= 1000:
                progress(unreported)
                unreported = 0
        if batch:
            await repo.stage(batch)
        if progress and unreported:
            progress(unreported)
        if count == 0:
            raise ImportRowError(1, None, "berkas kosong: tidak ada baris untuk diimpor")
        problem = await repo.first_problem()
        if problem is not None:
            raise ImportRowError(*problem)
        if kind == "inmates" and cipher is not None:
            await _keep_unchanged_sensitive(repo, cipher)
        if kind == "inmates":  # completed training stays in the candidate document (api/training)
            await TrainingRepo(conn).keep_completed_in_import()
        inserted, updated = await repo.merge(f"import {source}")
        written = await repo.sensitive_written() if kind == "inmates" else []
        await repo.drop_staging()
        # one event per person whose NIK or offence this file wrote (the file's name is the why)
        await AuditRepo(conn).add_reads(actor, "inmate.sensitive.write", written, reason=f"import {source}")
        await AuditRepo(conn).add(
            actor,
            f"import.{kind}",
            "import",
            source,
            detail={
                "rows": count,
                "inserted": inserted,
                "updated": updated,
                "unchanged": count - inserted - updated,
                "sensitive_written": len(written),
                **(detail() if detail else {}),
            },
        )
    return ImportSummary(
        kind, source, count, inserted, updated, count - inserted - updated, time.perf_counter() - started
    )

"""Catalogue management for Kemnaker staff: SKKNI competency units and certification schemes.

Pure checks (``check_unit``, ``check_scheme``, ``parse_schemes_csv``) take plain values and raise
errors naming the field (and the line, for CSV); the use cases below them write in one
transaction with their audit event. Unit CSV files go through ``api.imports.service`` (the same
streaming, all-or-nothing importer as the CLI); scheme CSV files are parsed here, every reference
(LSP code, unit codes) is checked, and either every row is written or none.

Scheme CSV columns: ``code,title,kind,lsp_code,kkni_level,validity_years,unit_codes`` where
``unit_codes`` are separated by ';' in the order the scheme lists them; ``kkni_level`` may be
empty; ``validity_years`` defaults to 3.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.imports import service as imports
from certification.errors import InvalidInput
from models.errors import Conflict, ImportRowError, NotFound
from models.records import Actor, CompetencyUnit, Scheme
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo

# SKKNI unit codes: C.25LAS00.001.1, J.620100.001.02, TIK.PR02.001.01, M.74100.001.02
UNIT_CODE = re.compile(r"^[A-Z]{1,4}\.[A-Z0-9]{2,10}\.\d{3}\.\d{1,2}$")
SCHEME_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{1,63}$")
SCHEME_KINDS = ("occupation", "cluster", "kkni")
SCHEME_FIELDS = ("code", "title", "kind", "lsp_code", "kkni_level", "validity_years", "unit_codes")
SCHEME_REQUIRED = ("code", "title", "kind", "lsp_code", "unit_codes")
MAX_UNITS = 200
MAX_ROWS = 5_000


@dataclass(frozen=True)
class SchemeInput:
    """A scheme as entered: the LSP by id (forms, API) and units in the scheme's order."""

    code: str
    title: str
    kind: str
    lsp_id: int
    unit_codes: tuple[str, ...]
    kkni_level: int | None = None
    validity_years: int = 3


@dataclass(frozen=True)
class SchemeRow:
    """One parsed line of a scheme CSV; the LSP still by code."""

    line: int
    code: str
    title: str
    kind: str
    lsp_code: str
    kkni_level: int | None
    validity_years: int
    unit_codes: tuple[str, ...]


# --- pure checks ---------------------------------------------------------------------------------
FIELD_NAMES = {"code": "kode", "title": "judul", "sector": "sektor", "description": "deskripsi"}


def _text(value: str | None, field: str, max_len: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    name = FIELD_NAMES.get(field, field)
    if required and not text:
        raise InvalidInput(f"{name} wajib diisi", field)
    if len(text) > max_len:
        raise InvalidInput(f"{name} paling banyak {max_len} karakter", field)
    return text


def _level(value: int | None, field: str = "kkni_level") -> int | None:
    if value is not None and not 1 <= value <= 9:
        raise InvalidInput("jenjang KKNI harus angka 1 sampai 9", field)
    return value


def check_unit(unit: CompetencyUnit) -> CompetencyUnit:
    """A unit with trimmed text, or InvalidInput naming the field."""
    code = _text(unit.code, "code", 40)
    if not UNIT_CODE.match(code):
        raise InvalidInput(f"“{code}” bukan kode unit SKKNI (contoh: C.25LAS00.001.1)", "code")
    return CompetencyUnit(
        code=code,
        title=_text(unit.title, "title", 300),
        sector=_text(unit.sector, "sector", 200),
        kkni_level=_level(unit.kkni_level),
        description=_text(unit.description, "description", 4000, required=False),
    )


def check_unit_codes(codes: tuple[str, ...], field: str = "unit_codes") -> tuple[str, ...]:
    cleaned = tuple(c.strip() for c in codes if c.strip())
    if not cleaned:
        raise InvalidInput("skema memerlukan paling sedikit satu unit kompetensi", field)
    if len(cleaned) > MAX_UNITS:
        raise InvalidInput(f"skema paling banyak {MAX_UNITS} unit", field)
    seen: set[str] = set()
    for c in cleaned:
        if not UNIT_CODE.match(c):
            raise InvalidInput(f"“{c}” bukan kode unit SKKNI (contoh: C.25LAS00.001.1)", field)
        if c in seen:
            raise InvalidInput(f"unit {c} tercantum dua kali", field)
        seen.add(c)
    return cleaned


def check_scheme(s: SchemeInput) -> SchemeInput:
    """A scheme with trimmed text and checked values, or InvalidInput naming the field."""
    code = _text(s.code, "code", 64)
    if not SCHEME_CODE.match(code):
        raise InvalidInput(f"kode skema “{code}” hanya boleh berisi huruf, angka dan . _ / -", "code")
    if s.kind not in SCHEME_KINDS:
        raise InvalidInput(f"jenis skema harus salah satu dari: {', '.join(SCHEME_KINDS)}", "kind")
    if not 1 <= s.validity_years <= 10:
        raise InvalidInput("masa berlaku harus 1 sampai 10 tahun", "validity_years")
    return SchemeInput(
        code=code,
        title=_text(s.title, "title", 300),
        kind=s.kind,
        lsp_id=s.lsp_id,
        unit_codes=check_unit_codes(s.unit_codes),
        kkni_level=_level(s.kkni_level),
        validity_years=s.validity_years,
    )


def _int(text: str, line: int, field: str, default: int | None) -> int | None:
    text = text.strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise ImportRowError(line, field, f"not a whole number: {text!r}") from None


def parse_schemes_csv(text: str) -> list[SchemeRow]:
    """Every row of a scheme CSV, checked; ImportRowError names the first bad line and column."""
    rows: list[SchemeRow] = []
    codes: dict[str, int] = {}
    for line, row in imports.csv_rows(io.StringIO(text), known=SCHEME_FIELDS, required=SCHEME_REQUIRED):
        try:
            checked = check_scheme(
                SchemeInput(
                    code=row["code"],
                    title=row["title"],
                    kind=row["kind"].strip(),
                    lsp_id=0,
                    unit_codes=tuple(row["unit_codes"].split(";")),
                    kkni_level=_int(row.get("kkni_level", ""), line, "kkni_level", None),
                    validity_years=_int(row.get("validity_years", ""), line, "validity_years", 3) or 3,
                )
            )
        except InvalidInput as exc:
            raise ImportRowError(line, exc.field, exc.message) from None
        lsp_code = row["lsp_code"].strip()
        if not lsp_code:
            raise ImportRowError(line, "lsp_code", "lsp_code is required")
        if checked.code in codes:
            raise ImportRowError(line, "code", f"scheme {checked.code} already appears on line {codes[checked.code]}")
        codes[checked.code] = line
        rows.append(
            SchemeRow(
                line,
                checked.code,
                checked.title,
                checked.kind,
                lsp_code,
                checked.kkni_level,
                checked.validity_years,
                checked.unit_codes,
            )  # fmt: skip
        )
        if len(rows) > MAX_ROWS:
            raise ImportRowError(line, None, f"at most {MAX_ROWS} schemes per file")
    if not rows:
        raise ImportRowError(1, None, "berkas kosong: tidak ada baris untuk diimpor")
    return rows


# --- use cases -----------------------------------------------------------------------------------
async def _known_units(conn: Any, codes: tuple[str, ...]) -> list[str]:
    known = await CatalogueRepo(conn).get_units(list(codes))
    return [c for c in codes if c not in known]


async def add_unit(conn: Any, actor: Actor, unit: CompetencyUnit) -> CompetencyUnit:
    unit = check_unit(unit)
    async with conn.transaction():
        added = await CatalogueRepo(conn).add_unit(unit)
        await AuditRepo(conn).add(actor, "catalogue.unit.add", "competency_unit", unit.code)
        return added


async def update_unit(conn: Any, actor: Actor, unit: CompetencyUnit) -> CompetencyUnit:
    unit = check_unit(unit)
    async with conn.transaction():
        repo = CatalogueRepo(conn)
        before = await repo.get_unit(unit.code)
        updated = await repo.update_unit(unit)
        await AuditRepo(conn).add(
            actor, "catalogue.unit.update", "competency_unit", unit.code,
            detail={"before": {"title": before.title, "sector": before.sector, "kkni_level": before.kkni_level}},
        )  # fmt: skip
        return updated


async def _checked_refs(conn: Any, s: SchemeInput) -> None:
    try:
        await CatalogueRepo(conn).get_lsp(s.lsp_id)
    except NotFound:
        raise InvalidInput(f"LSP {s.lsp_id} tidak dikenal", "lsp_id") from None
    unknown = await _known_units(conn, s.unit_codes)
    if unknown:
        raise InvalidInput(f"unit kompetensi tidak dikenal: {', '.join(unknown)}", "unit_codes")


async def add_scheme(conn: Any, actor: Actor, scheme: SchemeInput) -> Scheme:
    s = check_scheme(scheme)
    async with conn.transaction():
        repo = CatalogueRepo(conn)
        await _checked_refs(conn, s)
        if await repo.find_scheme_by_code(s.code) is not None:
            raise Conflict(f"scheme {s.code!r} already exists")
        added = await repo.add_scheme(s.code, s.title, s.kind, s.lsp_id, s.kkni_level, s.unit_codes, s.validity_years)
        await AuditRepo(conn).add(
            actor, "catalogue.scheme.add", "scheme", added.id, detail={"code": s.code, "units": list(s.unit_codes)}
        )
        return added


async def update_scheme(conn: Any, actor: Actor, scheme_id: int, scheme: SchemeInput) -> Scheme:
    """Edit a scheme; its code is fixed, and its LSP too once anyone was assessed against it."""
    s = check_scheme(scheme)
    async with conn.transaction():
        repo = CatalogueRepo(conn)
        before = await repo.get_scheme(scheme_id)
        if s.code != before.code:
            raise InvalidInput("kode skema tidak dapat diubah", "code")
        await _checked_refs(conn, s)
        if s.lsp_id != before.lsp_id and await repo.scheme_in_use(scheme_id):
            raise Conflict("the scheme has assessments or certificates: its LSP cannot change")
        updated = await repo.update_scheme(
            scheme_id, s.title, s.kind, s.lsp_id, s.kkni_level, s.unit_codes, s.validity_years
        )
        await AuditRepo(conn).add(
            actor, "catalogue.scheme.update", "scheme", scheme_id,
            detail={"code": s.code, "before_units": list(before.unit_codes), "units": list(s.unit_codes)},
        )  # fmt: skip
        return updated


@dataclass(frozen=True)
class SchemeImport:
    rows: int
    added: int
    updated: int


async def import_schemes_csv(conn: Any, actor: Actor, text: str) -> SchemeImport:
    """All-or-nothing: every row valid, every LSP and unit known, or nothing is written.

    A scheme code already in the catalogue is updated (same rules as ``update_scheme``).
    """
    rows = parse_schemes_csv(text)
    added = updated = 0
    async with conn.transaction():
        repo = CatalogueRepo(conn)
        lsps = await repo.lsp_ids_by_code(sorted({r.lsp_code for r in rows}))
        known = await repo.get_units(sorted({c for r in rows for c in r.unit_codes}))
        for r in rows:
            if r.lsp_code not in lsps:
                raise ImportRowError(r.line, "lsp_code", f"unknown LSP code {r.lsp_code!r}")
            unknown = [c for c in r.unit_codes if c not in known]
            if unknown:
                raise ImportRowError(r.line, "unit_codes", f"unknown competency units: {', '.join(unknown)}")
        for r in rows:
            lsp_id = lsps[r.lsp_code]
            current = await repo.find_scheme_by_code(r.code)
            if current is None:
                await repo.add_scheme(r.code, r.title, r.kind, lsp_id, r.kkni_level, r.unit_codes, r.validity_years)
                added += 1
                continue
            if lsp_id != current.lsp_id and await repo.scheme_in_use(current.id):
                raise ImportRowError(
                    r.line, "lsp_code", "the scheme has assessments or certificates: LSP cannot change"
                )
            await repo.update_scheme(current.id, r.title, r.kind, lsp_id, r.kkni_level, r.unit_codes, r.validity_years)
            updated += 1
        await AuditRepo(conn).add(
            actor, "catalogue.import.schemes", "import", None,
            detail={"rows": len(rows), "added": added, "updated": updated},
        )  # fmt: skip
    return SchemeImport(len(rows), added, updated)


async def import_units_csv(conn: Any, actor: Actor, data: bytes) -> Any:
    """Units from CSV bytes through the shared streaming importer (all-or-nothing), audited as ``actor``."""
    from api.imports.service import import_file

    with tempfile.TemporaryDirectory(prefix="binakerja-units-") as folder:
        path = Path(folder) / "units.csv"
        path.write_bytes(data)
        async with conn.transaction():
            summary = await import_file(conn, "units", path)
            await AuditRepo(conn).add(
                actor, "catalogue.import.units", "import", None,
                detail={"rows": summary.rows, "inserted": summary.inserted, "updated": summary.updated},
            )  # fmt: skip
    return summary

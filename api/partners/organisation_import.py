"""CSV imports of master data: facilities, LSPs, TUK and assessors.

Read with the one reader (``api.imports.service.csv_rows``: UTF-8, known columns, line numbers),
then every row goes through the same use case as the page and the API, inside one transaction:
the first bad row raises an ``ImportRowError`` naming its line and column and nothing is stored.
Rows are matched on their key (``code``; assessors: ``registration_number``): new rows are added,
changed rows updated, identical rows left alone, so importing a file twice changes nothing.
Facilities: Bapas rows are taken first, so a Lapas may name a Bapas from a later line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from api.imports.service import csv_rows
from api.partners import organisations, rules
from api.partners.errors import FormInvalid
from models.errors import Conflict, ImportRowError, NotFound
from models.records import Actor
from models.repositories.audit import AuditRepo
from models.repositories.organisations import OrganisationRepo

COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # kind: (known columns, required columns)
    "facilities": (("code", "name", "kind", "regency_code", "kanwil", "bapas_code"),
                   ("code", "name", "kind", "regency_code")),
    "lsps": (("code", "name", "kind", "licence_number", "licence_valid_until", "number_format", "home_facility_code"),
             ("code", "name", "kind", "licence_number", "licence_valid_until")),
    "tuks": (("code", "name", "lsp_code", "facility_code", "regency_code"), ("code", "name", "lsp_code")),
    "assessors": (("registration_number", "name", "lsp_code", "active_from", "active_until"),
                  ("registration_number", "name", "lsp_code", "active_from", "active_until")),
}  # fmt: skip
KINDS = tuple(COLUMNS)
# Fields the use cases name -> the CSV column that holds them.
_COLUMN_OF = {"bapas_id": "bapas_code", "home_facility_id": "home_facility_code", "facility_id": "facility_code"}


@dataclass(frozen=True)
class ImportSummary:
    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return (f"{self.kind}: {self.rows} rows, {self.inserted} inserted, {self.updated} updated, "
                f"{self.unchanged} unchanged")  # fmt: skip


def _key(kind: str, row: dict[str, str]) -> str:
    if kind == "assessors":
        return rules.normalise_registration(row.get("registration_number", ""))
    return row.get("code", "").strip().upper()


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


async def _lsp_id(conn: Any, code: str) -> int:
    lsp = await OrganisationRepo(conn).find_lsp(code.strip().upper())
    if lsp is None:
        raise FormInvalid({"lsp_code": f"LSP dengan kode {code.strip()!r} tidak terdaftar (impor LSP lebih dulu)"})
    return lsp.id


async def _facility_id(conn: Any, code: str) -> int | None:
    found = await OrganisationRepo(conn).find_facility(code.strip().upper()) if code.strip() else None
    return found.id if found else None


async def _facility(conn: Any, actor: Actor, row: dict[str, str]) -> str:
    repo = OrganisationRepo(conn)
    current = await repo.find_facility(_key("facilities", row))
    fields = {"name": row["name"], "kind": row["kind"], "regency_code": row["regency_code"],
              "bapas_code": row.get("bapas_code", "")}  # fmt: skip
    if current is None:
        await organisations.add_facility(conn, actor, code=row["code"], kanwil=row.get("kanwil", ""), **fields)
        return "inserted"
    kanwil = _clean(row.get("kanwil")) or current.kanwil
    wanted = (_clean(row["name"]), row["kind"].strip().lower(), row["regency_code"].strip(),
              await _facility_id(conn, row.get("bapas_code", "")), kanwil)  # fmt: skip
    if wanted == (current.name, current.kind, current.regency_code, current.bapas_id, current.kanwil):
        return "unchanged"
    await organisations.update_facility(conn, actor, current.id, kanwil=kanwil, **fields)
    return "updated"


async def _lsp(conn: Any, actor: Actor, row: dict[str, str], today: date) -> str:
    repo = OrganisationRepo(conn)
    current = await repo.find_lsp(_key("lsps", row))
    fields = {"name": row["name"], "kind": row["kind"], "licence_number": row["licence_number"],
              "licence_valid_until": row["licence_valid_until"],
              "home_facility_code": row.get("home_facility_code", "")}  # fmt: skip
    if current is None:
        await organisations.add_lsp(conn, actor, today, code=row["code"], number_format=row.get("number_format", ""),
                                    **fields)  # fmt: skip
        return "inserted"
    number_format = row.get("number_format", "").strip() or current.number_format
    wanted = (_clean(row["name"]), row["kind"].strip().upper(), _clean(row["licence_number"]),
              _date_or_none(row["licence_valid_until"]), number_format,
              await _facility_id(conn, row.get("home_facility_code", "")))  # fmt: skip
    if wanted == (current.name, current.kind, current.licence_number, current.licence_valid_until,
                  current.number_format, current.home_facility_id):  # fmt: skip
        return "unchanged"
    await organisations.update_lsp(conn, actor, today, current.id, number_format=number_format, **fields)
    return "updated"


async def _tuk(conn: Any, actor: Actor, row: dict[str, str]) -> str:
    lsp_id = await _lsp_id(conn, row["lsp_code"])
    current = await OrganisationRepo(conn).find_tuk(_key("tuks", row))
    fields = {"name": row["name"], "facility_code": row.get("facility_code", ""),
              "regency_code": row.get("regency_code", "")}  # fmt: skip
    if current is None:
        await organisations.add_tuk(conn, actor, lsp_id, code=row["code"], **fields)
        return "inserted"
    if current.lsp_id != lsp_id:
        raise FormInvalid({"lsp_code": f"TUK {current.code} sudah terdaftar pada LSP lain"})
    facility_id = await _facility_id(conn, row.get("facility_code", ""))
    regency = row.get("regency_code", "").strip() or None
    if (_clean(row["name"]), facility_id) == (current.name, current.facility_id) and regency in (
        None,
        current.regency_code,
    ):
        return "unchanged"
    await organisations.update_tuk(conn, actor, current, **fields)
    return "updated"


async def _assessor(conn: Any, actor: Actor, row: dict[str, str]) -> str:
    lsp_id = await _lsp_id(conn, row["lsp_code"])
    current = await OrganisationRepo(conn).find_assessor(_key("assessors", row))
    fields = {"name": row["name"], "active_from": row["active_from"], "active_until": row["active_until"]}
    if current is None:
        await organisations.add_assessor(conn, actor, lsp_id, registration_number=row["registration_number"],
                                         **fields)  # fmt: skip
        return "inserted"
    a = current.assessor
    if a.lsp_id != lsp_id:
        raise FormInvalid({"lsp_code": f"asesor {a.registration_number} sudah terdaftar pada LSP lain"})
    wanted = (_clean(row["name"]), _date_or_none(row["active_from"]), _date_or_none(row["active_until"]))
    if wanted == (a.name, a.active_from, a.active_until) and current.deactivated_at is None:
        return "unchanged"
    await organisations.update_assessor(conn, actor, a.id, **fields)
    return "updated"


def _hashing(lines: Iterable[bytes | str], digest: Any) -> Iterator[bytes | str]:
    for line in lines:
        digest.update(line.encode() if isinstance(line, str) else line)
        yield line


async def import_csv(conn: Any, actor: Actor, kind: str, lines: Iterable[bytes | str], today: date) -> ImportSummary:
    """Import one CSV file of ``kind`` (facilities | lsps | tuks | assessors), all or nothing."""
    if kind not in COLUMNS:
        raise ImportRowError(0, None, f"jenis impor harus salah satu dari {', '.join(KINDS)}")
    known, required = COLUMNS[kind]
    digest = hashlib.sha256()
    rows = list(csv_rows(_hashing(lines, digest), known=known, required=required))
    if not rows:
        raise ImportRowError(0, None, "berkas kosong: tidak ada baris data di bawah baris judul")
    first_line: dict[str, int] = {}
    for line, row in rows:
        key = _key(kind, row)
        if key and key in first_line:
            raise ImportRowError(line, known[0], f"{key} sudah ada di baris {first_line[key]}")
        first_line.setdefault(key, line)
    if kind == "facilities":
        rows.sort(key=lambda item: item[1].get("kind", "").strip().lower() != "bapas")
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    async with conn.transaction():
        for line, row in rows:
            try:
                if kind == "facilities":
                    outcome = await _facility(conn, actor, row)
                elif kind == "lsps":
                    outcome = await _lsp(conn, actor, row, today)
                elif kind == "tuks":
                    outcome = await _tuk(conn, actor, row)
                else:
                    outcome = await _assessor(conn, actor, row)
            except FormInvalid as exc:
                raise ImportRowError(line, _COLUMN_OF.get(exc.field, exc.field), str(exc)) from None
            except (Conflict, NotFound) as exc:
                raise ImportRowError(line, getattr(exc, "field", None) or known[0], str(exc)) from None
            counts[outcome] += 1
        summary = ImportSummary(kind, len(rows), **counts)
        await AuditRepo(conn).add(actor, f"import.{kind}", "import", None,
                                  detail={**counts, "rows": len(rows), "sha256": digest.hexdigest()})  # fmt: skip
    return summary

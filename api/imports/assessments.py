"""CSV import of an LSP's assessment results: one row per person x unit, all-or-nothing per file.

Columns (header row required, UTF-8, comma-separated):
``inmate_external_id, scheme_code, assessor_registration, assessed_on (YYYY-MM-DD), unit_code,
result (K|BK)`` and optionally ``evidence, tuk_code``. Rows with the same person, scheme,
assessor, date and TUK form one assessment. Every row is validated; the first bad row stops the
import with its line and column and nothing is stored. Afterwards every person x scheme that has
become complete gets a certificate; the others are reported with the reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.imports.readers import csv_rows
from certification import service
from certification.errors import (
    ActiveCertificateExists,
    CertificationError,
    IncompleteAssessment,
    LicenceLapsed,
)
from certification.ports import CertificationStores, Clock, KeyStore
from models.errors import ImportRowError, NotFound
from models.records import Actor, UnitResult
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.inmates import InmateRepo

REQUIRED = ("inmate_external_id", "scheme_code", "assessor_registration", "assessed_on", "unit_code", "result")
OPTIONAL = ("evidence", "tuk_code")
_FIELD_TO_COLUMN = {
    "assessor_id": "assessor_registration",
    "assessed_on": "assessed_on",
    "tuk_id": "tuk_code",
    "lsp": "scheme_code",
}


@dataclass(frozen=True)
class ImportReport:
    assessments: int
    rows: int
    issued: tuple[tuple[str, str, str], ...]  # (inmate external id, scheme code, number)
    not_issued: tuple[tuple[str, str, str], ...]  # (inmate external id, scheme code, reason)


@dataclass
class _Group:
    inmate_id: int
    external_id: str
    scheme_id: int
    scheme_code: str
    assessor_id: int
    tuk_id: int | None
    assessed_on: date
    lines: list[int] = field(default_factory=list)
    results: list[UnitResult] = field(default_factory=list)


async def import_assessments_csv(
    conn: Any,
    actor: Actor,
    text: str | Iterable[str],
    *,
    stores: CertificationStores,
    clock: Clock,
    keystore: KeyStore,
    lsp_scope: int | None = None,
) -> ImportReport:
    """Import one CSV in one transaction on ``conn``; ``stores`` are the certification stores over
    that same connection, so the assessments and certificates commit or roll back with it."""
    lines = io.StringIO(text) if isinstance(text, str) else text
    reader = csv_rows(lines, known=REQUIRED + OPTIONAL, required=REQUIRED)
    cat = CatalogueRepo(conn)
    inmates = InmateRepo(conn)
    cache: dict[tuple[str, str], Any] = {}

    async def lookup(kind: str, key: str, line: int, column: str) -> Any:
        if (kind, key) not in cache:
            try:
                if kind == "inmate":
                    cache[(kind, key)] = await inmates.get_by_external_id(key)
                elif kind == "scheme":
                    cache[(kind, key)] = await cat.get_scheme_by_code(key)
                elif kind == "assessor":
                    cache[(kind, key)] = await cat.find_assessor_by_registration(key)
                else:
                    cache[(kind, key)] = await cat.find_tuk_by_code(key)
            except NotFound:
                cache[(kind, key)] = None
        found = cache[(kind, key)]
        if found is None:
            raise ImportRowError(line, column, f"unknown {kind} {key!r}")
        return found

    groups: dict[tuple[Any, ...], _Group] = {}
    rows = 0
    async with conn.transaction():
        for line, raw in reader:
            rows += 1
            row = {k: v.strip() for k, v in raw.items()}
            for col in REQUIRED:
                if not row.get(col):
                    raise ImportRowError(line, col, "value is required")
            result = row["result"].upper()
            if result not in ("K", "BK"):
                raise ImportRowError(line, "result", f"must be K or BK, got {row['result']!r}")
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["assessed_on"]):
                raise ImportRowError(line, "assessed_on", "must be a date YYYY-MM-DD")
            try:
                assessed_on = date.fromisoformat(row["assessed_on"])
            except ValueError as exc:
                raise ImportRowError(line, "assessed_on", f"not a valid date: {exc}") from exc
            inmate = await lookup("inmate", row["inmate_external_id"], line, "inmate_external_id")
            scheme = await lookup("scheme", row["scheme_code"], line, "scheme_code")
            if lsp_scope is not None and scheme.lsp_id != lsp_scope:
                raise ImportRowError(line, "scheme_code", f"scheme {scheme.code} belongs to another LSP")
            assessor = await lookup("assessor", row["assessor_registration"], line, "assessor_registration")
            tuk = await lookup("TUK", row["tuk_code"], line, "tuk_code") if row.get("tuk_code") else None
            if row["unit_code"] not in scheme.unit_codes:
                raise ImportRowError(line, "unit_code", f"unit {row['unit_code']} is not part of scheme {scheme.code}")
            key = (inmate.id, scheme.id, assessor.id, assessed_on, tuk.id if tuk else None)
            group = groups.setdefault(
                key,
                _Group(inmate.id, inmate.external_id, scheme.id, scheme.code, assessor.id, key[4], assessed_on),
            )
            if any(r.unit_code == row["unit_code"] for r in group.results):
                raise ImportRowError(line, "unit_code", f"unit {row['unit_code']} appears twice for this assessment")
            group.lines.append(line)
            group.results.append(UnitResult(row["unit_code"], result, row.get("evidence", "")))
        if not groups:
            raise ImportRowError(2, None, "the file has no rows")

        for group in sorted(groups.values(), key=lambda g: (g.assessed_on, g.lines[0])):
            new = service.NewAssessment(
                group.inmate_id,
                group.scheme_id,
                group.assessor_id,
                group.assessed_on,
                tuple(group.results),
                group.tuk_id,
            )
            try:
                await service.record_assessment(stores, actor, new, clock=clock, lsp_scope=lsp_scope)
            except CertificationError as exc:
                raise _row_error(group, exc) from exc

        issued: list[tuple[str, str, str]] = []
        not_issued: list[tuple[str, str, str]] = []
        pairs = {(g.inmate_id, g.scheme_id): g for g in groups.values()}
        for (inmate_id, scheme_id), g in sorted(pairs.items()):
            try:
                detail = await service.issue_certificate(
                    stores, actor, inmate_id, scheme_id, clock=clock, keystore=keystore, lsp_scope=lsp_scope
                )
            except (IncompleteAssessment, ActiveCertificateExists, LicenceLapsed) as exc:
                not_issued.append((g.external_id, g.scheme_code, exc.message))
            else:
                issued.append((g.external_id, g.scheme_code, detail.certificate.number))
        await AuditRepo(conn).add(
            actor,
            "assessment.import",
            "assessment",
            None,
            detail={"rows": rows, "assessments": len(groups), "issued": len(issued)},
        )
    return ImportReport(len(groups), rows, tuple(issued), tuple(not_issued))


def _row_error(group: _Group, exc: CertificationError) -> ImportRowError:
    """Point a rule's refusal at the CSV line and column it came from."""
    f = exc.field or ""
    m = re.match(r"results\[(\d+)\]\.(\w+)", f)
    if m:
        return ImportRowError(group.lines[int(m.group(1))], m.group(2), exc.message)
    return ImportRowError(group.lines[0], _FIELD_TO_COLUMN.get(f, f or None), exc.message)

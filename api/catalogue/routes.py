"""Catalogue JSON API for Kemnaker staff: competency units and certification schemes, CSV import.

Kemnaker staff manage the catalogue; admins may read it. Every write is audited by
``api.catalogue.service``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from api.catalogue import service as catalogue
from api.web import deps
from api.web.auth import Principal, require_role
from certification.errors import InvalidInput
from models.records import CompetencyUnit, Scheme
from models.repositories.catalogue import CatalogueRepo

router = APIRouter(prefix="/api/v1/catalogue", tags=["catalogue"])
staff = require_role("kemnaker_staff")
reader = require_role("kemnaker_staff", "admin")
MAX_CSV_BYTES = 20 * 1024 * 1024


class UnitIn(BaseModel):
    code: str = Field(..., max_length=40, examples=["C.25LAS00.001.1"])
    title: str = Field(..., max_length=300, examples=["Menerapkan prinsip K3 pengelasan"])
    sector: str = Field(..., max_length=200, examples=["Konstruksi"])
    kkni_level: int | None = Field(None, examples=[2])
    description: str = Field("", max_length=4000)


class UnitOut(BaseModel):
    code: str
    title: str
    sector: str
    kkni_level: int | None
    description: str


class UnitPage(BaseModel):
    items: list[UnitOut]
    total: int
    limit: int
    offset: int


class SchemeIn(BaseModel):
    code: str = Field(..., max_length=64, examples=["SKM-LAS-SMAW-01"])
    title: str = Field(..., max_length=300, examples=["Juru Las SMAW"])
    kind: str = Field(..., examples=["occupation"], description="occupation | cluster | kkni")
    lsp_id: int
    unit_codes: list[str] = Field(..., max_length=200, description="in the scheme's order")
    kkni_level: int | None = None
    validity_years: int = Field(3, description="1 to 10")

    def to_input(self) -> catalogue.SchemeInput:
        return catalogue.SchemeInput(
            self.code, self.title, self.kind, self.lsp_id, tuple(self.unit_codes), self.kkni_level,
            self.validity_years,
        )  # fmt: skip


class SchemeOut(BaseModel):
    id: int
    code: str
    title: str
    kind: str
    lsp_id: int
    kkni_level: int | None
    validity_years: int
    unit_codes: list[str]


class ImportOut(BaseModel):
    rows: int
    added: int
    updated: int


def unit_out(u: CompetencyUnit) -> UnitOut:
    return UnitOut(code=u.code, title=u.title, sector=u.sector, kkni_level=u.kkni_level, description=u.description)


def scheme_out(s: Scheme) -> SchemeOut:
    return SchemeOut(
        id=s.id, code=s.code, title=s.title, kind=s.kind, lsp_id=s.lsp_id, kkni_level=s.kkni_level,
        validity_years=s.validity_years, unit_codes=list(s.unit_codes),
    )  # fmt: skip


async def csv_text(request: Request) -> tuple[bytes, str]:
    body = await request.body()
    if len(body) > MAX_CSV_BYTES:
        raise InvalidInput(f"the CSV is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB", "file")
    try:
        return body, body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the CSV must be UTF-8", "file") from None


@router.get("/units", response_model=UnitPage)
async def list_units(
    q: str = Query("", max_length=100), limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    _: Principal = Depends(reader), conn: Any = Depends(deps.connection),
) -> UnitPage:  # fmt: skip
    """SKKNI competency units, by code; `q` filters on code or title."""
    units, total = await CatalogueRepo(conn).list_units_page(q.strip(), limit, offset)
    return UnitPage(items=[unit_out(u) for u in units], total=total, limit=limit, offset=offset)


@router.post("/units", response_model=UnitOut, status_code=201)
async def add_unit(body: UnitIn, who: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> UnitOut:
    """Add a competency unit (409 if the code exists)."""
    unit = CompetencyUnit(body.code, body.title, body.sector, body.kkni_level, body.description)
    return unit_out(await catalogue.add_unit(conn, who.actor, unit))


@router.put("/units/{code}", response_model=UnitOut)
async def update_unit(
    code: str, body: UnitIn, who: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> UnitOut:
    """Edit a unit's title, sector, KKNI level and description; the code is its key."""
    if body.code.strip() != code:
        raise InvalidInput("the code in the body must match the URL", "code")
    unit = CompetencyUnit(code, body.title, body.sector, body.kkni_level, body.description)
    return unit_out(await catalogue.update_unit(conn, who.actor, unit))


@router.post("/units/import", response_model=ImportOut)
async def import_units(request: Request, who: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> Any:
    """Import units from a CSV body (`text/csv`, UTF-8; columns code,title,sector,kkni_level,description).
    All-or-nothing: a bad row gives 422 naming the line and column."""
    data, _ = await csv_text(request)
    s = await catalogue.import_units_csv(conn, who.actor, data)
    return ImportOut(rows=s.rows, added=s.inserted, updated=s.updated)


@router.get("/schemes", response_model=list[SchemeOut])
async def list_schemes(
    q: str = Query("", max_length=100), lsp_id: int | None = None, _: Principal = Depends(reader),
    conn: Any = Depends(deps.connection),
) -> list[SchemeOut]:  # fmt: skip
    """Certification schemes with their units in order; `q` filters on code or title."""
    return [scheme_out(s) for s in await CatalogueRepo(conn).search_schemes(q.strip(), lsp_id)]


@router.post("/schemes", response_model=SchemeOut, status_code=201)
async def add_scheme(body: SchemeIn, who: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> Any:
    """Add a scheme of an LSP with its units in order (409 if the code exists)."""
    return scheme_out(await catalogue.add_scheme(conn, who.actor, body.to_input()))


@router.post("/schemes/import", response_model=ImportOut)
async def import_schemes(
    request: Request, who: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    """Import schemes from a CSV body (`text/csv`, UTF-8; columns
    code,title,kind,lsp_code,kkni_level,validity_years,unit_codes with unit codes separated by ';').
    Existing codes are updated. All-or-nothing: a bad row gives 422 naming the line and column."""
    _, text = await csv_text(request)
    r = await catalogue.import_schemes_csv(conn, who.actor, text)
    return ImportOut(rows=r.rows, added=r.added, updated=r.updated)


@router.get("/schemes/{scheme_id}", response_model=SchemeOut)
async def get_scheme(scheme_id: int, _: Principal = Depends(reader), conn: Any = Depends(deps.connection)) -> Any:
    """One scheme with its units in order."""
    return scheme_out(await CatalogueRepo(conn).get_scheme(scheme_id))


@router.put("/schemes/{scheme_id}", response_model=SchemeOut)
async def update_scheme(
    scheme_id: int, body: SchemeIn, who: Principal = Depends(staff), conn: Any = Depends(deps.connection)
) -> Any:
    """Edit a scheme (units, order, LSP, KKNI level, validity); the code stays, and the LSP too once
    anyone was assessed against it (409)."""
    return scheme_out(await catalogue.update_scheme(conn, who.actor, scheme_id, body.to_input()))

"""Catalogue pages for Kemnaker staff: search and edit competency units and schemes, CSV import."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from api.catalogue import service as catalogue
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from certification.errors import InvalidInput as RuleError
from models.errors import Conflict
from models.records import CompetencyUnit
from models.repositories.catalogue import CatalogueRepo

router = APIRouter(include_in_schema=False)
staff = require_role("kemnaker_staff")
PAGE = 50


def _level(text: str, field: str = "kkni_level") -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidInput(field, "jenjang KKNI harus angka 1 sampai 9")
    return int(text)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.replace("\r", "").replace(";", "\n").replace(",", "\n").split("\n"))


@router.get("/katalog", response_class=HTMLResponse)
async def home(request: Request, q: str = Query("", max_length=100), page: int = Query(1, ge=1),
               principal: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    repo = CatalogueRepo(conn)
    units, total = await repo.list_units_page(q.strip(), PAGE, (page - 1) * PAGE)
    ctx = {
        "q": q, "units": units, "total": total, "page": page, "size": PAGE,
        "schemes": await repo.search_schemes(q.strip()), "lsps": {x.id: x for x in await repo.list_lsps()},
        "imported": request.query_params.get("impor"),
    }  # fmt: skip
    return render(request, "catalogue/index.html", ctx)


# --- units ---------------------------------------------------------------------------------------
@router.get("/katalog/unit/baru", response_class=HTMLResponse)
async def unit_new(request: Request, principal: Principal = Depends(staff)) -> Any:
    return render(request, "catalogue/unit_form.html", {"unit": None})


def _form_again(request: Request, template: str, ctx: dict[str, Any], form: dict[str, str], exc: Exception) -> Any:
    """A unit or scheme form with what was typed and the message next to its field (a duplicate code:
    next to the code); 409 for a duplicate, else 422."""
    field = getattr(exc, "field", None) or "code"
    message = getattr(exc, "message", None) or str(exc)
    status = 409 if isinstance(exc, Conflict) else 422
    return render(request, template, ctx | {"form": form, "error": message, "field": field}, status)


@router.post("/katalog/unit/baru")
async def unit_add(
    request: Request, code: str = Form(""), title: str = Form(""), sector: str = Form(""), kkni_level: str = Form(""),
    description: str = Form(""), principal: Principal = Depends(staff), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    form = {"code": code, "title": title, "sector": sector, "kkni_level": kkni_level, "description": description}
    try:
        unit = CompetencyUnit(code, title, sector, _level(kkni_level), description)
        await catalogue.add_unit(conn, principal.actor, unit)
    except (InvalidInput, RuleError, Conflict) as exc:
        return _form_again(request, "catalogue/unit_form.html", {"unit": None}, form, exc)
    return RedirectResponse(f"/katalog?q={unit.code.strip()}", status_code=303)


@router.get("/katalog/unit/{code}/ubah", response_class=HTMLResponse)
async def unit_edit(request: Request, code: str, principal: Principal = Depends(staff),
                    conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return render(request, "catalogue/unit_form.html", {"unit": await CatalogueRepo(conn).get_unit(code)})


@router.post("/katalog/unit/{code}/ubah")
async def unit_update(
    request: Request, code: str, title: str = Form(""), sector: str = Form(""), kkni_level: str = Form(""),
    description: str = Form(""), principal: Principal = Depends(staff), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    form = {"code": code, "title": title, "sector": sector, "kkni_level": kkni_level, "description": description}
    try:
        await catalogue.update_unit(conn, principal.actor, CompetencyUnit(code, title, sector, _level(kkni_level),
                                                                          description))  # fmt: skip
    except (InvalidInput, RuleError) as exc:
        unit = await CatalogueRepo(conn).get_unit(code)
        return _form_again(request, "catalogue/unit_form.html", {"unit": unit}, form, exc)
    return RedirectResponse(f"/katalog?q={code}", status_code=303)


# --- schemes -------------------------------------------------------------------------------------
async def _scheme_ctx(conn: Any, scheme: Any) -> dict[str, Any]:
    return {"scheme": scheme, "lsps": await CatalogueRepo(conn).list_lsps(), "kinds": catalogue.SCHEME_KINDS}


def _scheme_input(code: str, title: str, kind: str, lsp_id: int, unit_codes: str, kkni_level: str,
                  validity_years: str) -> catalogue.SchemeInput:  # fmt: skip
    if not validity_years.strip().isdigit():
        raise InvalidInput("validity_years", "masa berlaku harus angka tahun (1 sampai 10)")
    return catalogue.SchemeInput(code, title, kind, lsp_id, _codes(unit_codes), _level(kkni_level),
                                 int(validity_years))  # fmt: skip


@router.get("/katalog/skema/baru", response_class=HTMLResponse)
async def scheme_new(request: Request, principal: Principal = Depends(staff),
                     conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return render(request, "catalogue/scheme_form.html", await _scheme_ctx(conn, None))


@router.post("/katalog/skema/baru")
async def scheme_add(
    request: Request, code: str = Form(""), title: str = Form(""), kind: str = Form(""), lsp_id: int = Form(...),
    unit_codes: str = Form(""), kkni_level: str = Form(""), validity_years: str = Form("3"),
    principal: Principal = Depends(staff), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    form = {"code": code, "title": title, "kind": kind, "lsp_id": str(lsp_id), "unit_codes": unit_codes,
            "kkni_level": kkni_level, "validity_years": validity_years}  # fmt: skip
    try:
        data = _scheme_input(code, title, kind, lsp_id, unit_codes, kkni_level, validity_years)
        scheme = await catalogue.add_scheme(conn, principal.actor, data)
    except (InvalidInput, RuleError, Conflict) as exc:
        return _form_again(request, "catalogue/scheme_form.html", await _scheme_ctx(conn, None), form, exc)
    return RedirectResponse(f"/katalog/skema/{scheme.id}/ubah", status_code=303)


@router.get("/katalog/skema/{scheme_id}/ubah", response_class=HTMLResponse)
async def scheme_edit(request: Request, scheme_id: int, principal: Principal = Depends(staff),
                      conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    scheme = await CatalogueRepo(conn).get_scheme(scheme_id)
    ctx = await _scheme_ctx(conn, scheme)
    ctx["units"] = await CatalogueRepo(conn).get_units(list(scheme.unit_codes))
    return render(request, "catalogue/scheme_form.html", ctx)


@router.post("/katalog/skema/{scheme_id}/ubah")
async def scheme_update(
    request: Request, scheme_id: int, title: str = Form(""), kind: str = Form(""), lsp_id: int = Form(...),
    unit_codes: str = Form(""), kkni_level: str = Form(""), validity_years: str = Form("3"),
    principal: Principal = Depends(staff), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    current = await CatalogueRepo(conn).get_scheme(scheme_id)
    data = _scheme_input(current.code, title, kind, lsp_id, unit_codes, kkni_level, validity_years)
    await catalogue.update_scheme(conn, principal.actor, scheme_id, data)
    return RedirectResponse(f"/katalog/skema/{scheme_id}/ubah", status_code=303)


# --- import --------------------------------------------------------------------------------------
@router.post("/katalog/impor")
async def import_csv(
    request: Request, kind: str = Form(...), file: UploadFile = File(...),
    principal: Principal = Depends(staff), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    data = await file.read()
    if kind == "units":
        s = await catalogue.import_units_csv(conn, principal.actor, data)
        rows, added, updated = s.rows, s.inserted, s.updated
    elif kind == "schemes":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput("file", "berkas CSV harus UTF-8") from exc
        r = await catalogue.import_schemes_csv(conn, principal.actor, text)
        rows, added, updated = r.rows, r.added, r.updated
    else:
        raise InvalidInput("kind", "jenis impor harus units atau schemes")
    return RedirectResponse(f"/katalog?impor={kind}:{rows}:{added}:{updated}", status_code=303)

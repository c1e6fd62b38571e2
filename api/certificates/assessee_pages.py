"""The assessor's asesi: a searchable, paged list of the people enrolled with the own LSP, and
one person's page with their progress in each of the LSP's schemes (what is K, what is still BK,
live certificates) and the next step: assess, re-assess the BK units, or issue.

Anyone outside the LSP's reach is "not found"; every list, look-up and refusal is audited
(api/certificates/service.py, certification.service).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from api.certificates import service as assessees
from api.certificates.routes import clock
from api.certificates.stores import certification_stores
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.pages import render
from certification import service
from certification.ports import CertificationStores
from models.repositories.catalogue import CatalogueRepo

router = APIRouter(include_in_schema=False)
assessor = require_role("lsp_assessor")


@router.get("/sertifikasi/asesi", response_class=HTMLResponse)
async def assessee_list(
    request: Request, q: str = Query("", max_length=200), page: int = Query(1, ge=1, le=10_000),
    principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """The people enrolled with the assessor's LSP, by name; search by name, registration number
    or pseudonym."""
    found = await assessees.search_assessees(conn, principal, q, page)
    base = "/sertifikasi/asesi" + ("?" + urlencode({"q": found.query}) if found.query else "")
    lsp = await CatalogueRepo(conn).get_lsp(principal.lsp_id or 0)
    ctx = {"found": found, "page": found.page, "size": found.size, "total": found.total, "base": base,
           "sep": "&" if found.query else "?", "lsp": lsp}  # fmt: skip
    return render(request, "certification/assessees.html", ctx)


async def page(
    request: Request,
    conn: Any,
    stores: CertificationStores,
    principal: Principal,
    clk: Any,
    inmate_id: int,
    *,
    error: tuple[int, str] | None = None,
    status: int = 200,
) -> Any:
    """One asesi with their progress per scheme; ``error`` = (scheme id, message) of a refused issue."""
    person = await assessees.get_assessee(conn, principal, inmate_id)
    progress = await service.assessment_progress(
        stores, principal.actor, inmate_id, lsp_id=principal.lsp_id or 0, clock=clk, lsp_scope=principal.lsp_id
    )
    codes = sorted({c for p in progress for c in p.scheme.unit_codes})
    units = await CatalogueRepo(conn).get_units(codes)
    ctx = {"person": person, "progress": progress, "units": units, "error": error, "today": clk.today()}
    return render(request, "certification/assessee.html", ctx, status=status)


@router.get("/sertifikasi/asesi/{inmate_id}", response_class=HTMLResponse)
async def assessee(
    request: Request, inmate_id: int, principal: Principal = Depends(assessor), conn: Any = Depends(deps.connection),
    stores: CertificationStores = Depends(certification_stores), clk: Any = Depends(clock),
) -> Any:  # fmt: skip
    """One of the LSP's asesi: each scheme's units with their latest result and the next step."""
    return await page(request, conn, stores, principal, clk, inmate_id)

"""Bapas officer: enrol own clients with an LSP for certification, and end an enrolment.

An LSP's assessors see and assess only the people enrolled with it; the officer who supervises a
person is the one who registers them (a first-party LSP inside a Lapas takes that facility's
people by itself). A refused form re-renders with the message next to its field.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.certificates import service as enrolments
from api.certificates.messages import message, notice
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.pages import render

router = APIRouter(include_in_schema=False)
officer = require_role("bapas_officer")


def _lang(request: Request) -> str:
    return str(getattr(request.state, "lang", "id"))


async def _page(
    request: Request, conn: Any, principal: Principal, page: int = 1, *,
    values: dict[str, str] | None = None, errors: dict[str, str] | None = None, status: int = 200,
) -> Any:  # fmt: skip
    items, total = await enrolments.client_enrolments(conn, principal, page)
    ctx = {"items": items, "total": total, "page": page, "size": enrolments.PAGE_SIZE,
           "base": "/pendaftaran-lsp", "sep": "?", "lsps": await enrolments.enrollable_lsps(conn),
           "values": values or {}, "errors": errors or {},
           "notice": notice(request.query_params.get("ok"), _lang(request))}  # fmt: skip
    return render(request, "certification/enrolments.html", ctx, status=status)


@router.get("/pendaftaran-lsp", response_class=HTMLResponse)
async def enrolment_list(
    request: Request, page: int = Query(1, ge=1, le=10_000), principal: Principal = Depends(officer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """The officer's clients enrolled with an LSP, and the form to enrol one more."""
    return await _page(request, conn, principal, page)


@router.post("/pendaftaran-lsp", response_class=HTMLResponse)
async def enrol(
    request: Request, person: str = Form(""), lsp_id: str = Form(""), principal: Principal = Depends(officer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    values = {"person": person, "lsp_id": lsp_id}
    try:
        await enrolments.enrol(conn, principal, person=person, lsp_id=int(lsp_id) if lsp_id.isdigit() else None)
    except enrolments.Refused as exc:
        return await _page(request, conn, principal, values=values,
                           errors={exc.field: message(exc.code, _lang(request))}, status=422)  # fmt: skip
    except enrolments.AlreadyEnrolled as exc:
        return await _page(request, conn, principal, values=values,
                           errors={exc.field: message(exc.code, _lang(request))}, status=409)  # fmt: skip
    return RedirectResponse("/pendaftaran-lsp?ok=daftar", status_code=303)


@router.post("/pendaftaran-lsp/{enrolment_id}/batal")
async def withdraw(
    enrolment_id: int, principal: Principal = Depends(officer), conn: Any = Depends(deps.connection)
) -> Any:
    await enrolments.withdraw(conn, principal, enrolment_id)
    return RedirectResponse("/pendaftaran-lsp?ok=batal", status_code=303)

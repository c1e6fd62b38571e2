"""Employer web pages (Bahasa Indonesia first)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from api import deps
from matcher.retrieval import nearest_candidates
from models.repositories.vacancies import VacancyRepo

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, conn: Any = Depends(deps.connection), tpl: Any = Depends(deps.templates)
) -> Any:
    vacancies = await VacancyRepo(conn).list(status="open", limit=30)
    return tpl.TemplateResponse(request, "home.html", {"vacancies": vacancies})


@router.get("/lowongan/{vacancy_id}/kandidat", response_class=HTMLResponse)
async def vacancy_candidates_page(
    request: Request,
    vacancy_id: int,
    k: int = Query(20, ge=1, le=100),
    conn: Any = Depends(deps.connection),
    tpl: Any = Depends(deps.templates),
) -> Any:
    vacancy, found = await nearest_candidates(conn, vacancy_id, k)
    return tpl.TemplateResponse(
        request, "vacancies/candidates.html", {"vacancy": vacancy, "candidates": found}
    )

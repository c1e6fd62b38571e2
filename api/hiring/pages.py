"""Employer web pages (Bahasa Indonesia first): vacancies, ranked candidates, shortlist."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.hiring import service as hiring
from api.hiring.ranking import COUNT_CAP
from api.hiring.rules import STAGES, moves_from
from api.privacy.service import released_offences
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.errors import Conflict
from models.repositories.catalogue import CatalogueRepo
from models.repositories.places import PlacesRepo

router = APIRouter(include_in_schema=False)
employer = require_role("employer")
PAGE = 20
MOVES = {stage: moves_from(stage) for stage in STAGES}  # what the stage picker offers per stage


async def _form_context(conn: Any) -> dict[str, Any]:
    return {
        "regencies": await PlacesRepo(conn).list_regencies(),
        "statuses": hiring.VACANCY_STATUSES,
    }


def _input(title: str, description: str, requirements: str, required_units: str, regency_code: str,
           start_date: str, positions: str, status: str) -> hiring.VacancyInput:  # fmt: skip
    try:
        start = date.fromisoformat(start_date) if start_date else None
    except ValueError as exc:
        raise InvalidInput("start_date", "tanggal mulai harus berformat YYYY-MM-DD") from exc
    try:
        count = int(positions or "1")
    except ValueError as exc:
        raise InvalidInput("positions", "jumlah posisi harus angka") from exc
    return hiring.VacancyInput(
        title, description, hiring.lines(requirements), hiring.codes(required_units), regency_code or None,
        start, count, status,
    )  # fmt: skip


@router.get("/lowongan", response_class=HTMLResponse)
async def vacancy_list(
    request: Request, page: int = Query(1, ge=1), principal: Principal = Depends(employer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    items, total = await hiring.list_vacancies(conn, principal, limit=PAGE, offset=(page - 1) * PAGE)
    return render(request, "vacancies/list.html", {"vacancies": items, "total": total, "page": page, "size": PAGE})


@router.get("/lowongan/baru", response_class=HTMLResponse)
async def vacancy_new(request: Request, _: Principal = Depends(employer), conn: Any = Depends(deps.connection)) -> Any:
    return render(
        request, "vacancies/form.html", await _form_context(conn) | {"vacancy": None, "error": None, "units": {}}
    )


EDITED_MEANWHILE = (
    "Lowongan ini sudah diubah orang lain sejak Anda membukanya. Isian Anda tetap di bawah: simpan lagi untuk "
    "menimpa perubahan itu, atau muat ulang halaman untuk melihatnya."
)


async def _save(request: Request, principal: Principal, conn: Any, vacancy_id: int | None, version: int | None,
                form: dict[str, str]) -> Any:  # fmt: skip
    try:
        data = _input(**form)
        if vacancy_id is None:
            vacancy = await hiring.create_vacancy(conn, principal, request.app.state.matcher, data)
        else:
            vacancy = await hiring.update_vacancy(
                conn, principal, request.app.state.matcher, vacancy_id, version or 0, data
            )
    except (InvalidInput, Conflict) as exc:
        field = getattr(exc, "field", None)
        error = str(exc)
        if isinstance(exc, Conflict) and vacancy_id is not None:
            # the typed input stays, with the version now stored: saving again overwrites the other change
            version = (await hiring.own_vacancy(conn, principal, vacancy_id)).version
            error = EDITED_MEANWHILE
        units = await CatalogueRepo(conn).get_units(list(hiring.codes(form["required_units"])))
        ctx = await _form_context(conn) | {"vacancy": None, "error": error, "field": field, "form": form,
                                           "units": units, "vacancy_id": vacancy_id, "version": version}  # fmt: skip
        return render(request, "vacancies/form.html", ctx, 409 if isinstance(exc, Conflict) else 422)
    return RedirectResponse(f"/lowongan/{vacancy.id}/kandidat", status_code=303)


@router.post("/lowongan/baru", response_class=HTMLResponse)
async def vacancy_create(
    request: Request, title: str = Form(""), description: str = Form(""), requirements: str = Form(""),
    required_units: str = Form(""), regency_code: str = Form(""), start_date: str = Form(""),
    positions: str = Form("1"), status: str = Form("open"),
    principal: Principal = Depends(employer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    form = dict(title=title, description=description, requirements=requirements, required_units=required_units,
                regency_code=regency_code, start_date=start_date, positions=positions, status=status)  # fmt: skip
    return await _save(request, principal, conn, None, None, form)


@router.get("/lowongan/{vacancy_id}/ubah", response_class=HTMLResponse)
async def vacancy_edit(request: Request, vacancy_id: int, principal: Principal = Depends(employer),
                       conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    vacancy = await hiring.own_vacancy(conn, principal, vacancy_id)
    units = await CatalogueRepo(conn).get_units(list(vacancy.required_units))
    return render(
        request, "vacancies/form.html", await _form_context(conn) | {"vacancy": vacancy, "error": None, "units": units}
    )


@router.post("/lowongan/{vacancy_id}/ubah", response_class=HTMLResponse)
async def vacancy_update(
    request: Request, vacancy_id: int, version: int = Form(...), title: str = Form(""), description: str = Form(""),
    requirements: str = Form(""), required_units: str = Form(""), regency_code: str = Form(""),
    start_date: str = Form(""), positions: str = Form("1"), status: str = Form("open"),
    principal: Principal = Depends(employer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    form = dict(title=title, description=description, requirements=requirements, required_units=required_units,
                regency_code=regency_code, start_date=start_date, positions=positions, status=status)  # fmt: skip
    return await _save(request, principal, conn, vacancy_id, version, form)


@router.get("/lowongan/{vacancy_id}/kandidat", response_class=HTMLResponse)
async def vacancy_candidates_page(
    request: Request, vacancy_id: int, page: int = Query(1, ge=1), province: str = "", regency: str = "",
    near: str = "", month: str = "", scheme: str = "", within_km: str = "", principal: Principal = Depends(employer),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    chosen = {"province": province, "regency": regency, "near": "1" if near else "", "month": month, "scheme": scheme,
              "within_km": within_km}  # fmt: skip
    error, status = None, 200
    try:
        filters = hiring.parse_filters(province, month, scheme, regency, bool(near), within_km)
        vacancy, cards, total = await hiring.candidates(
            conn,
            deps.matcher(request),
            principal,
            vacancy_id,
            filters,
            today=date.today(),
            limit=PAGE,
            offset=(page - 1) * PAGE,
            lang=getattr(request.state, "lang", "id"),
        )
    except InvalidInput as exc:  # shown next to its field, with what was chosen kept
        vacancy, cards, total = await hiring.own_vacancy(conn, principal, vacancy_id), [], 0
        error, status = exc, 422
    places = PlacesRepo(conn)
    around = province or vacancy.province_code  # the regencies offered: of the chosen province, else the vacancy's
    ctx = {
        "vacancy": vacancy, "candidates": cards, "total": min(total, COUNT_CAP), "more": total > COUNT_CAP,
        "page": page, "size": PAGE,
        "provinces": await places.list_provinces(), "schemes": await hiring.filterable_schemes(conn),
        "regencies": [r for r in await places.list_regencies() if around and r.province_code == around],
        "query": chosen, "back": back_query(chosen | {"page": str(page)}),
        "error": str(error) if error else None, "field": error.field if error else None,
        "stages": await hiring.stages_among(conn, principal, vacancy_id, [c.inmate_id for c in cards]),
        "just_added": request.query_params.get("ditambahkan"),
        "places": await places.place_names(), "radii": hiring.RADIUS_CHOICES,
    }  # fmt: skip
    return render(request, "vacancies/candidates.html", ctx, status)


BACK_KEYS = ("province", "regency", "near", "within_km", "month", "scheme", "page")


def back_query(values: dict[str, str]) -> str:
    """The candidate list's own query (filters and page) to come back to; anything else is dropped."""
    return urlencode({k: values[k] for k in BACK_KEYS if values.get(k)})


@router.post("/lowongan/{vacancy_id}/daftar-pendek")
async def shortlist(request: Request, vacancy_id: int, candidate: str = Form(...), back: str | None = Form(None),
                    principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Shortlist a candidate. From the candidate list (``back`` = its query) the employer stays on
    the same page, at the same card, now marked; otherwise the shortlist is shown."""
    with contextlib.suppress(Conflict):  # already shortlisted: the mark on the card says so
        await hiring.shortlist(conn, principal, vacancy_id, candidate)
    if back is None:
        return RedirectResponse(f"/lowongan/{vacancy_id}/pelamar", status_code=303)
    query = urlencode(dict(parse_qsl(back_query(dict(parse_qsl(back))))) | {"ditambahkan": candidate})
    return RedirectResponse(f"/lowongan/{vacancy_id}/kandidat?{query}#c-{quote(candidate)}", status_code=303)


async def _applications(request: Request, principal: Principal, conn: Any, vacancy_id: int,
                        errors: dict[int, str] | None = None, typed: dict[int, str] | None = None,
                        status: int = 200) -> Any:  # fmt: skip
    vacancy, entries, total = await hiring.applications(conn, principal, vacancy_id)
    offences = await released_offences(conn, principal, lambda: deps.cipher(request), entries)
    return render(request, "vacancies/applications.html",
                  {"vacancy": vacancy, "entries": entries, "total": total, "next_stages": MOVES,
                   "offences": offences, "errors": errors or {}, "typed": typed or {}}, status)  # fmt: skip


@router.get("/lowongan/{vacancy_id}/pelamar", response_class=HTMLResponse)
async def applications_page(request: Request, vacancy_id: int, principal: Principal = Depends(employer),
                            conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _applications(request, principal, conn, vacancy_id)


@router.post("/lamaran/{application_id}/tahap", response_class=HTMLResponse)
async def move_stage(
    request: Request, application_id: int, stage: str = Form(...), reason: str = Form(""), version: int = Form(...),
    detail: str = Form(""), principal: Principal = Depends(employer), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Move an application; a refused move comes back on the page it was made from (the shortlist,
    next to its row, or the application page, ``detail`` set), with the reason that was typed."""
    try:
        app = await hiring.move_application(conn, principal, application_id, stage, reason, version, today=date.today())
    except Conflict as exc:
        if detail:
            return await _application(request, principal, conn, application_id,
                                      {"stage": str(exc)}, {"reason": reason, "stage": stage}, 409)  # fmt: skip
        vacancy_id = await hiring.application_vacancy(conn, principal, application_id)
        return await _applications(request, principal, conn, vacancy_id, {application_id: str(exc)},
                                   {application_id: reason}, 409)  # fmt: skip
    if detail:
        return RedirectResponse(f"/lamaran/{application_id}", status_code=303)
    return RedirectResponse(f"/lowongan/{app.vacancy_id}/pelamar", status_code=303)


async def _application(request: Request, principal: Principal, conn: Any, application_id: int,
                       errors: dict[str, str] | None = None, typed: dict[str, str] | None = None,
                       status: int = 200) -> Any:  # fmt: skip
    detail = await hiring.application_detail(conn, principal, application_id)
    offences = await released_offences(conn, principal, lambda: deps.cipher(request), [detail.entry])
    ctx = {"d": detail, "a": detail.entry.application, "moves": MOVES[detail.entry.application.stage],
           "offence": offences.get(application_id), "errors": errors or {}, "typed": typed or {}}  # fmt: skip
    return render(request, "vacancies/application.html", ctx, status)


@router.get("/lamaran/{application_id}", response_class=HTMLResponse)
async def application_page(request: Request, application_id: int, principal: Principal = Depends(employer),
                           conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """One application: its stage, how it got there (who, when, why) and every note."""
    return await _application(request, principal, conn, application_id)


@router.post("/lamaran/{application_id}/catatan", response_class=HTMLResponse)
async def add_note(request: Request, application_id: int, note: str = Form(""),
                   principal: Principal = Depends(employer), conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Keep a note on the application; an empty one comes back next to the field."""
    try:
        await hiring.add_note(conn, principal, application_id, note)
    except InvalidInput as exc:
        return await _application(request, principal, conn, application_id, {"note": str(exc)}, {"note": note}, 422)
    return RedirectResponse(f"/lamaran/{application_id}#catatan", status_code=303)


@router.get("/kandidat/{pseudonym}", response_class=HTMLResponse)
async def candidate_page(request: Request, pseudonym: str, principal: Principal = Depends(employer),
                         conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    profile = await hiring.candidate_profile(conn, principal, pseudonym, today=date.today())
    places = await PlacesRepo(conn).place_names()
    return render(request, "candidates/detail.html", {"profile": profile, "p": profile.fields, "places": places})

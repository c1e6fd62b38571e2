"""The officer's "daftarkan klien baru" page, and its JSON twin ``POST /api/v1/clients``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from api.caseload import registration
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.records import Consent
from models.repositories.places import PlacesRepo

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["caseload"])
officer = require_role("bapas_officer")
TEXT_FIELDS = ("external_id", "full_name", "birth_year", "gender", "facility_id", "domicile_regency_code",
               "education", "skills", "work_history", "trainings", "status", "expected_release_date",
               "asimilasi_date", "pb_date", "cb_date", "cmb_date", "consent_note")  # fmt: skip
CONSENT_FIELDS = ("employer_matching", "reveal_name", "reveal_facility", "reveal_offence")


async def _regencies(conn: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    names = await PlacesRepo(conn).place_names()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for r in await PlacesRepo(conn).list_regencies():
        grouped.setdefault(r.province_code, []).append((r.code, f"{r.name} ({r.code})"))
    return [(names.get(p, p), items) for p, items in sorted(grouped.items())]


async def _page(request: Request, conn: Any, principal: Principal, form: dict[str, Any], errors: dict[str, str],
                status: int) -> Any:  # fmt: skip
    facilities = await registration.facilities_of(conn, principal)
    ctx = {
        "form": form, "errors": errors, "regency_options": await _regencies(conn),
        "facility_options": [(f.id, f"{f.name} ({f.code})") for f in facilities],
        "status_options": list(registration.STATUS_NAMES.items()),
        "education_options": [(e, e) for e in registration.EDUCATION], "gender_options": [("L", "L"), ("P", "P")],
    }  # fmt: skip
    return render(request, "clients/new.html", ctx, status)


@router.get("/klien/baru", response_class=HTMLResponse)
async def new_client_form(request: Request, principal: Principal = Depends(officer),
                          conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _page(request, conn, principal, {"status": "sentenced"}, {}, 200)


@router.post("/klien/baru", response_class=HTMLResponse)
async def new_client(request: Request, principal: Principal = Depends(officer),
                     conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    raw = await request.form()
    form: dict[str, Any] = {k: str(raw.get(k, "")) for k in TEXT_FIELDS}
    form |= {k: raw.get(k) in ("on", "true", "1") for k in CONSENT_FIELDS}
    consent = Consent(**{k: bool(form[k]) for k in CONSENT_FIELDS})
    entry = registration.ClientForm(**{k: form[k] for k in TEXT_FIELDS}, consent=consent)
    try:
        inmate_id = await registration.register_client(conn, principal, entry, today=deps.clock(request).today(),
                                                       encoder=deps.encoder(request),
                                                       matcher=deps.matcher(request))  # fmt: skip
    except registration.ClientInvalid as exc:
        return await _page(request, conn, principal, form, exc.errors, 422)
    except InvalidInput as exc:
        return await _page(request, conn, principal, form, {exc.field: str(exc)}, 422)
    except registration.ClientTaken as exc:
        return await _page(request, conn, principal, form, {"external_id": str(exc)}, 409)
    return RedirectResponse(f"/klien/{inmate_id}?baru=1#data-sensitif", status_code=303)


class ClientIn(BaseModel):
    external_id: str = Field(..., max_length=100, examples=["SDP-3273-000123"])
    full_name: str = Field(..., max_length=200)
    birth_year: int
    gender: str = Field(..., pattern="^[LP]$")
    facility_id: int = Field(..., description="a Lapas/Rutan/LPKA reporting to the officer's Bapas")
    domicile_regency_code: str = Field(..., max_length=10, examples=["32.73"])
    education: str = Field("", max_length=20)
    skills: list[str] = Field(default_factory=list, max_length=30)
    work_history: list[str] = Field(default_factory=list, max_length=30)
    trainings: list[str] = Field(default_factory=list, max_length=30)
    status: str = "sentenced"
    expected_release_date: str = ""
    asimilasi_date: str = ""
    pb_date: str = ""
    cb_date: str = ""
    cmb_date: str = ""
    consent: Consent = Field(default_factory=Consent)
    consent_note: str = Field("", max_length=1000)


class ClientCreated(BaseModel):
    id: int


@api.post("/clients", response_model=ClientCreated, status_code=201)
async def create_client(body: ClientIn, request: Request, principal: Principal = Depends(officer),
                        conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Register a client of the caller's Bapas (consent included). 422 names the first wrong field,
    409 when the registration number is taken. Add the NIK and offence with `PUT /clients/{id}/sensitive`."""
    data = body.model_dump()
    lists = {k: "\n".join(data.pop(k)) for k in ("skills", "work_history", "trainings")}
    entry = registration.ClientForm(**{k: str(v) for k, v in data.items() if k != "consent"} | lists,
                                    consent=body.consent)  # fmt: skip
    return ClientCreated(id=await registration.register_client(conn, principal, entry,
                                                               today=deps.clock(request).today(),
                                                               encoder=deps.encoder(request),
                                                               matcher=deps.matcher(request)))  # fmt: skip

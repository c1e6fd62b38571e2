"""Onboarding pages: the admin's organisations (UPT, LSP with TUK and assessors, CSV import,
invitations), an organisation's own page for its users, and accepting an invitation.

A form with mistakes is shown again with every message next to its field and what was typed kept.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from api.partners import invitations, organisation_import, organisations, rules
from api.partners.errors import Duplicate, FormInvalid
from api.web import deps
from api.web.auth import Principal, public, require_role
from api.web.errors import InvalidInput
from api.web.pages import render
from models.errors import Conflict, Denied, ImportRowError, NotFound
from models.records import Facility
from models.repositories.catalogue import CatalogueRepo
from models.repositories.invitations import InvitationRepo
from models.repositories.organisations import OrganisationRepo
from models.repositories.partners import PartnerRepo
from models.repositories.places import PlacesRepo

router = APIRouter(include_in_schema=False)
admin = require_role("admin")
members = require_role("employer", "bapas_officer", "lsp_assessor", inactive_partner=True)
colleagues = require_role("employer", "bapas_officer", "lsp_assessor")
IMPORT_KINDS = [("facilities", "UPT"), ("lsps", "LSP"), ("tuks", "TUK"), ("assessors", "asesor")]


# --- helpers shared with partner_pages -------------------------------------------------------------
async def form_fields(request: Request) -> dict[str, str]:
    """The submitted text fields (kept to refill the form), without the CSRF token."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


def problems_of(exc: Exception) -> dict[str, str]:
    """Field -> message for a refused write; ``_`` for a message about the whole form."""
    if isinstance(exc, FormInvalid):
        return exc.errors
    if isinstance(exc, Duplicate | InvalidInput):
        return {exc.field: str(exc)}
    return {"_": getattr(exc, "reason", None) or str(exc)}


REFUSED = (FormInvalid, Duplicate, InvalidInput, Conflict, Denied)


def opt_int(form: dict[str, str], field: str) -> int | None:
    text = form.get(field, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise FormInvalid({field: "pilihan tidak valid"})
    return int(text)


async def regency_options(conn: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Regencies grouped by province, for a <select>."""
    names = await PlacesRepo(conn).place_names()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for r in await PlacesRepo(conn).list_regencies():
        grouped.setdefault(r.province_code, []).append((r.code, f"{r.name} ({r.code})"))
    return [(names.get(p, p), items) for p, items in sorted(grouped.items())]


def _facility_choices(facilities: list[Facility], *, bapas: bool) -> list[tuple[int, str]]:
    return [(f.id, f"{f.name} ({f.code})") for f in facilities if (f.kind == "bapas") == bapas]


async def users_context(
    conn: Any, org: invitations.Organisation, *, can_invite: bool, invite_action: str
) -> dict[str, Any]:
    """What ``organisations/_users.html`` needs for one organisation."""
    choices = []
    if org.kind == "lsp":
        entries = await OrganisationRepo(conn).list_assessors(org.id)
        choices = [(e.assessor.id, f"{e.assessor.name} ({e.assessor.registration_number})") for e in entries
                     if e.deactivated_at is None]  # fmt: skip
    role = rules.ORGANISATION_ROLES[org.kind]
    return {
        "org": org, "members": await OrganisationRepo(conn).users_of(**org.scope),
        "open_invitations": await InvitationRepo(conn).open_for(**org.scope), "can_invite": can_invite,
        "invite_action": invite_action, "role_name": rules.ROLE_NAMES[role], "role_names": rules.ROLE_NAMES,
        "assessor_choices": choices, "form": {}, "errors": {}, "new_invitation": None, "new_code": None,
    }  # fmt: skip


# --- the admin's overview ------------------------------------------------------------------------------------
async def _index(request: Request, conn: Any, extra: dict[str, Any] | None = None, status: int = 200) -> Any:
    facilities = await PlacesRepo(conn).list_facilities()
    counts = [(s, await PartnerRepo(conn).count(status=s)) for s in rules.PARTNER_STATUSES]
    ctx = {
        "facilities": facilities, "facility_names": {f.id: f.name for f in facilities},
        "place_names": await PlacesRepo(conn).place_names(), "lsps": await CatalogueRepo(conn).list_lsps(),
        "today": deps.clock(request).today(), "regency_options": await regency_options(conn),
        "facility_kinds": list(rules.FACILITY_KIND_NAMES.items()), "lsp_kinds": [(k, k) for k in rules.LSP_KINDS],
        "bapas_options": _facility_choices(facilities, bapas=True),
        "home_options": _facility_choices(facilities, bapas=False), "partner_counts": counts,
        "status_names": rules.PARTNER_STATUS_NAMES, "import_kinds": IMPORT_KINDS,
        "imported": request.query_params.get("impor"), "import_error": None,
        "facility_form": {}, "facility_errors": {}, "lsp_form": {}, "lsp_errors": {}, "staff_form": {},
        "staff_errors": {}, "new_invitation": None, "new_code": None,
    }  # fmt: skip
    return render(request, "organisations/index.html", ctx | (extra or {}), status)


@router.get("/admin/organisasi", response_class=HTMLResponse)
async def index(request: Request, _: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> Any:
    return await _index(request, conn)


@router.post("/admin/organisasi/upt", response_class=HTMLResponse)
async def add_facility(request: Request, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> Any:
    form = await form_fields(request)
    try:
        facility = await organisations.add_facility(
            conn,
            who.actor,
            code=form.get("code", ""),
            name=form.get("name", ""),
            kind=form.get("kind", ""),
            regency_code=form.get("regency_code", ""),
            kanwil=form.get("kanwil", ""),
            bapas_id=opt_int(form, "bapas_id"),
        )
    except REFUSED as exc:
        return await _index(request, conn, {"facility_form": form, "facility_errors": problems_of(exc)}, 422)
    return RedirectResponse(f"/admin/organisasi/upt/{facility.id}", status_code=303)


@router.post("/admin/organisasi/lsp", response_class=HTMLResponse)
async def add_lsp(request: Request, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> Any:
    form = await form_fields(request)
    try:
        lsp = await organisations.add_lsp(
            conn, who.actor, deps.clock(request).today(), code=form.get("code", ""), name=form.get("name", ""),
            kind=form.get("kind", ""), licence_number=form.get("licence_number", ""),
            licence_valid_until=form.get("licence_valid_until", ""), number_format=form.get("number_format", ""),
            home_facility_id=opt_int(form, "home_facility_id"),
        )  # fmt: skip
    except REFUSED as exc:
        return await _index(request, conn, {"lsp_form": form, "lsp_errors": problems_of(exc)}, 422)
    return RedirectResponse(f"/admin/organisasi/lsp/{lsp.id}", status_code=303)


@router.post("/admin/organisasi/impor", response_class=HTMLResponse)
async def import_csv(
    request: Request, kind: str = Form(...), file: UploadFile = File(...), who: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    data = await file.read()
    try:
        s = await organisation_import.import_csv(conn, who.actor, kind, data.splitlines(keepends=True),
                                                 deps.clock(request).today())  # fmt: skip
    except ImportRowError as exc:
        return await _index(request, conn, {"import_error": f"{file.filename}: {exc}. Tidak ada yang disimpan."}, 422)
    return RedirectResponse(f"/admin/organisasi?impor={s}", status_code=303)


@router.post("/admin/undangan", response_class=HTMLResponse)
async def invite(request: Request, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> Any:
    """The admin invites a user into an organisation (hidden fields name it) or as Kemnaker staff/admin."""
    form = await form_fields(request)
    kind = form.get("organisation", "")
    try:
        org_id = opt_int(form, "organisation_id")
        inv, code = await invitations.invite(
            conn, who.actor, deps.clock(request).now(), email=form.get("email", ""), name=form.get("name", ""),
            organisation_kind=kind, organisation_id=org_id, assessor_id=opt_int(form, "assessor_id"),
            org_admin=bool(form.get("org_admin")),
        )  # fmt: skip
        errors, shown = {}, {"new_invitation": inv, "new_code": code}
    except REFUSED as exc:
        errors, shown = problems_of(exc), {}
        raw = form.get("organisation_id", "").strip()  # may be the bad field itself: never re-parse it here
        org_id = None if kind in ("kemnaker", "admin") or not raw.isdigit() else int(raw)
    status = 422 if errors else 201
    if kind in ("kemnaker", "admin") or org_id is None:
        return await _index(request, conn, {"staff_form": form if errors else {}, "staff_errors": errors} | shown,
                            status)  # fmt: skip
    return await org_page(request, conn, kind, org_id, {"form": form if errors else {}, "errors": errors} | shown,
                          status)  # fmt: skip


# --- one organisation (admin) ------------------------------------------------------------------------------------
async def org_page(
    request: Request, conn: Any, kind: str, org_id: int, users: dict[str, Any], status: int = 200
) -> Any:
    """The admin's page of one employer, Bapas, LSP (or other facility), with ``users`` overrides."""
    if kind == "employer":
        from api.partners.partner_pages import partner_page

        return await partner_page(request, conn, org_id, users=users, status=status)
    if kind == "lsp":
        return await _lsp_page(request, conn, org_id, users, status=status)
    return await _facility_page(request, conn, org_id, users, status)


async def _facility_page(
    request: Request, conn: Any, facility_id: int, users: dict[str, Any], status: int = 200
) -> Any:
    facility = await PlacesRepo(conn).get_facility(facility_id)
    all_facilities = await PlacesRepo(conn).list_facilities()
    ctx: dict[str, Any] = {
        "facility": facility,
        "kind_names": rules.FACILITY_KIND_NAMES,
        "place_names": await PlacesRepo(conn).place_names(),
        "bapas": next((f for f in all_facilities if f.id == facility.bapas_id), None),
        "reporting": [f for f in all_facilities if f.bapas_id == facility.id],
        "org": None,
    }
    kind = "bapas" if facility.kind == "bapas" else "facility"  # a Lapas/Rutan/LPKA has training staff
    org = invitations.Organisation(kind, facility.id, facility.name)
    ctx |= await users_context(conn, org, can_invite=True, invite_action="/admin/undangan") | users
    return render(request, "organisations/facility.html", ctx, status)


async def _lsp_page(
    request: Request,
    conn: Any,
    lsp_id: int,
    users: dict[str, Any],
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Any:
    lsp = await CatalogueRepo(conn).get_lsp(lsp_id)
    facilities = await PlacesRepo(conn).list_facilities()
    org = invitations.Organisation("lsp", lsp.id, lsp.name)
    ctx = {
        "lsp": lsp,
        "today": deps.clock(request).today(),
        "home": next((f for f in facilities if f.id == lsp.home_facility_id), None),
        "tuks": await CatalogueRepo(conn).list_tuks(lsp.id),
        "assessors": await OrganisationRepo(conn).list_assessors(lsp.id),
        "facility_names": {f.id: f.name for f in facilities},
        "place_names": await PlacesRepo(conn).place_names(),
        "facility_options": _facility_choices(facilities, bapas=False),
        "regency_options": await regency_options(conn),
        "tuk_form": {},
        "tuk_errors": {},
        "assessor_form": {},
        "assessor_errors": {},
        "deactivate_errors": {},
    }
    ctx |= await users_context(conn, org, can_invite=True, invite_action="/admin/undangan")
    return render(request, "organisations/lsp.html", ctx | (extra or {}) | users, status)


@router.get("/admin/organisasi/upt/{facility_id}", response_class=HTMLResponse)
async def facility(
    request: Request, facility_id: int, _: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> Any:
    return await _facility_page(request, conn, facility_id, {})


@router.get("/admin/organisasi/lsp/{lsp_id}", response_class=HTMLResponse)
async def lsp_page(request: Request, lsp_id: int, _: Principal = Depends(admin),
                   conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    return await _lsp_page(request, conn, lsp_id, {})


@router.post("/admin/organisasi/lsp/{lsp_id}/tuk", response_class=HTMLResponse)
async def add_tuk(request: Request, lsp_id: int, who: Principal = Depends(admin),
                  conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    try:
        await organisations.add_tuk(conn, who.actor, lsp_id, code=form.get("code", ""), name=form.get("name", ""),
                                    facility_id=opt_int(form, "facility_id"),
                                    regency_code=form.get("regency_code", "") or None)  # fmt: skip
    except REFUSED as exc:
        return await _lsp_page(request, conn, lsp_id, {}, {"tuk_form": form, "tuk_errors": problems_of(exc)}, 422)
    return RedirectResponse(f"/admin/organisasi/lsp/{lsp_id}#tuk", status_code=303)


@router.post("/admin/organisasi/lsp/{lsp_id}/asesor", response_class=HTMLResponse)
async def add_assessor(request: Request, lsp_id: int, who: Principal = Depends(admin),
                       conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    try:
        await organisations.add_assessor(
            conn,
            who.actor,
            lsp_id,
            registration_number=form.get("registration_number", ""),
            name=form.get("name", ""),
            active_from=form.get("active_from", ""),
            active_until=form.get("active_until", ""),
        )
    except REFUSED as exc:
        extra = {"assessor_form": form, "assessor_errors": problems_of(exc)}
        return await _lsp_page(request, conn, lsp_id, {}, extra, 422)
    return RedirectResponse(f"/admin/organisasi/lsp/{lsp_id}#asesor", status_code=303)


@router.post("/admin/organisasi/asesor/{assessor_id}/nonaktif", response_class=HTMLResponse)
async def deactivate_assessor(
    request: Request,
    assessor_id: int,
    reason: str = Form(""),
    who: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> Any:
    entry = await OrganisationRepo(conn).get_assessor(assessor_id)
    try:
        await organisations.deactivate_assessor(conn, who.actor, assessor_id, reason, deps.clock(request).today())
    except REFUSED as exc:
        return await _lsp_page(request, conn, entry.assessor.lsp_id, {}, {"deactivate_errors": problems_of(exc)}, 422)
    return RedirectResponse(f"/admin/organisasi/lsp/{entry.assessor.lsp_id}#asesor", status_code=303)


# --- an organisation's own page -----------------------------------------------------------------------------------
async def _own_page(request: Request, conn: Any, who: Principal, users: dict[str, Any], status: int = 200) -> Any:
    own = invitations.own_organisation(who)
    if own is None:
        raise NotFound("organisation", who.user_id)
    org = await invitations.organisation(conn, own.kind, own.id)
    is_admin = await OrganisationRepo(conn).is_org_admin(who.user_id)
    may_invite = is_admin and (own.kind != "employer" or who.partner_status == "active")
    ctx = await users_context(conn, org, can_invite=may_invite, invite_action="/organisasi/undangan")
    ctx |= {
        "partner": await PartnerRepo(conn).get(own.id) if own.kind == "employer" else None,
        "status_names": rules.PARTNER_STATUS_NAMES,
        "place_names": await PlacesRepo(conn).place_names(),
    }
    return render(request, "organisations/own.html", ctx | users, status)


@router.get("/organisasi", response_class=HTMLResponse)
async def own(request: Request, who: Principal = Depends(members), conn: Any = Depends(deps.connection)) -> Any:
    return await _own_page(request, conn, who, {})


@router.post("/organisasi/undangan", response_class=HTMLResponse)
async def invite_colleague(request: Request, who: Principal = Depends(colleagues),
                           conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    try:
        inv, code = await invitations.invite_colleague(
            conn, who, deps.clock(request).now(), email=form.get("email", ""), name=form.get("name", ""),
            org_admin=bool(form.get("org_admin")), assessor_id=opt_int(form, "assessor_id"),
        )  # fmt: skip
    except REFUSED as exc:
        return await _own_page(request, conn, who, {"form": form, "errors": problems_of(exc)}, 422)
    return await _own_page(request, conn, who, {"new_invitation": inv, "new_code": code}, 201)


# --- accepting an invitation ------------------------------------------------------------------------------------------
@router.get("/undangan", response_class=HTMLResponse)
async def accept_form(request: Request, kode: str = "", _: Principal | None = Depends(public)) -> Any:
    return render(request, "organisations/accept.html", {"form": {"code": kode}, "errors": {}})


@router.post("/undangan", response_class=HTMLResponse)
async def accept(request: Request, _: Principal | None = Depends(public), conn: Any = Depends(deps.connection)) -> Any:
    form = await form_fields(request)
    try:
        await invitations.accept_invitation(conn, deps.clock(request).now(), code=form.get("code", ""),
                                                   password=form.get("password", ""))  # fmt: skip
    except (*REFUSED, NotFound) as exc:
        errors = problems_of(exc)
        if isinstance(exc, NotFound | Conflict) and not isinstance(exc, Duplicate):
            errors = {"code": "kode undangan tidak dikenal" if isinstance(exc, NotFound) else str(exc)}
        kept = {"code": form.get("code", "")}
        return render(request, "organisations/accept.html", {"form": kept, "errors": errors}, 422)
    return RedirectResponse("/masuk?undangan=diterima", status_code=303)

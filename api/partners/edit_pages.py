"""Edit pages for organisations after onboarding: a facility (UPT), an LSP, a TUK, an assessor and
an employer partner's company data. One form template (``organisations/edit.html``) over a list of
fields; a refused save comes back with every message next to its field and what was typed kept.
Every save goes through the same use case (and audit event) as the JSON ``PUT``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.partners import employers, organisations, rules
from api.partners.organisation_pages import REFUSED, form_fields, opt_int, problems_of, regency_options
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.pages import render
from models.repositories.catalogue import CatalogueRepo
from models.repositories.organisations import OrganisationRepo
from models.repositories.partners import PartnerRepo
from models.repositories.places import PlacesRepo

router = APIRouter(include_in_schema=False)
admin = require_role("admin")
staff = require_role("kemnaker_staff", "admin")


def _page(request: Request, ctx: dict[str, Any], form: dict[str, str], errors: dict[str, str], status: int) -> Any:
    return render(request, "organisations/edit.html", ctx | {"form": form, "errors": errors}, status)


def _text(value: object) -> str:
    return "" if value is None else str(value)


async def _facility_choices(conn: Any, *, bapas: bool, skip: int | None = None) -> list[tuple[int, str]]:
    return [(f.id, f"{f.name} ({f.code})") for f in await PlacesRepo(conn).list_facilities()
            if (f.kind == "bapas") == bapas and f.id != skip]  # fmt: skip


# --- facility ---------------------------------------------------------------------------------------------
async def _facility_ctx(conn: Any, facility_id: int) -> tuple[Any, dict[str, Any]]:
    facility = await PlacesRepo(conn).get_facility(facility_id)
    fields = [
        {"kind": "input", "name": "name", "label": "Nama UPT"},
        {"kind": "select", "name": "kind", "label": "Jenis UPT", "options": list(rules.FACILITY_KIND_NAMES.items())},
        {"kind": "select", "name": "regency_code", "label": "Kabupaten/kota", "options": await regency_options(conn),
         "blank": "— pilih —"},
        {"kind": "input", "name": "kanwil", "label": "Kanwil", "required": False,
         "hint": "kosong: Kanwil Ditjenpas provinsinya"},
        {"kind": "select", "name": "bapas_id", "label": "Bapas induk (untuk Lapas, Rutan, LPKA)",
         "options": await _facility_choices(conn, bapas=True, skip=facility_id), "blank": "— tidak ada —",
         "required": False},
    ]  # fmt: skip
    url = f"/admin/organisasi/upt/{facility_id}"
    return facility, {"subject": facility.name, "key": facility.code, "fields": fields, "back": url,
                      "action": f"{url}/ubah", "note": "Kode UPT adalah kuncinya dan tidak dapat diubah."}  # fmt: skip


@router.get("/admin/organisasi/upt/{facility_id}/ubah", response_class=HTMLResponse)
async def facility_form(request: Request, facility_id: int, _: Principal = Depends(admin),
                        conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    f, ctx = await _facility_ctx(conn, facility_id)
    form = {"name": f.name, "kind": f.kind, "regency_code": f.regency_code, "kanwil": f.kanwil,
            "bapas_id": _text(f.bapas_id)}  # fmt: skip
    return _page(request, ctx, form, {}, 200)


@router.post("/admin/organisasi/upt/{facility_id}/ubah", response_class=HTMLResponse)
async def facility_save(request: Request, facility_id: int, who: Principal = Depends(admin),
                        conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    try:
        await organisations.update_facility(
            conn, who.actor, facility_id, name=form.get("name", ""), kind=form.get("kind", ""),
            regency_code=form.get("regency_code", ""), kanwil=form.get("kanwil", ""),
            bapas_id=opt_int(form, "bapas_id"),
        )  # fmt: skip
    except REFUSED as exc:
        _, ctx = await _facility_ctx(conn, facility_id)
        return _page(request, ctx, form, problems_of(exc), 422)
    return RedirectResponse(f"/admin/organisasi/upt/{facility_id}", status_code=303)


# --- LSP ----------------------------------------------------------------------------------------------------
async def _lsp_ctx(conn: Any, lsp_id: int) -> tuple[Any, dict[str, Any]]:
    lsp = await CatalogueRepo(conn).get_lsp(lsp_id)
    fields = [
        {"kind": "input", "name": "name", "label": "Nama LSP"},
        {"kind": "select", "name": "kind", "label": "Jenis LSP", "options": [(k, k) for k in rules.LSP_KINDS]},
        {"kind": "input", "name": "licence_number", "label": "Nomor lisensi BNSP", "maxlength": 100},
        {"kind": "input", "name": "licence_valid_until", "label": "Lisensi berlaku sampai", "type": "date"},
        {"kind": "input", "name": "number_format", "label": "Format nomor sertifikat", "required": False,
         "hint": "{lsp}, {scheme}, {year}, {seq}"},
        {"kind": "select", "name": "home_facility_id", "label": "UPT induk (hanya LSP P1)",
         "options": await _facility_choices(conn, bapas=False), "blank": "— tidak ada —", "required": False},
    ]  # fmt: skip
    url = f"/admin/organisasi/lsp/{lsp_id}"
    return lsp, {"subject": lsp.name, "key": lsp.code, "fields": fields, "back": url, "action": f"{url}/ubah",
                 "note": "Kode LSP ada di DID dan di setiap nomor sertifikat, jadi tidak dapat diubah."}  # fmt: skip


@router.get("/admin/organisasi/lsp/{lsp_id}/ubah", response_class=HTMLResponse)
async def lsp_form(request: Request, lsp_id: int, _: Principal = Depends(admin),
                   conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    x, ctx = await _lsp_ctx(conn, lsp_id)
    form = {"name": x.name, "kind": x.kind, "licence_number": x.licence_number,
            "licence_valid_until": _text(x.licence_valid_until), "number_format": x.number_format,
            "home_facility_id": _text(x.home_facility_id)}  # fmt: skip
    return _page(request, ctx, form, {}, 200)


@router.post("/admin/organisasi/lsp/{lsp_id}/ubah", response_class=HTMLResponse)
async def lsp_save(request: Request, lsp_id: int, who: Principal = Depends(admin),
                   conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    try:
        await organisations.update_lsp(
            conn, who.actor, deps.clock(request).today(), lsp_id, name=form.get("name", ""),
            kind=form.get("kind", ""), licence_number=form.get("licence_number", ""),
            licence_valid_until=form.get("licence_valid_until", ""), number_format=form.get("number_format", ""),
            home_facility_id=opt_int(form, "home_facility_id"),
        )  # fmt: skip
    except REFUSED as exc:
        _, ctx = await _lsp_ctx(conn, lsp_id)
        return _page(request, ctx, form, problems_of(exc), 422)
    return RedirectResponse(f"/admin/organisasi/lsp/{lsp_id}", status_code=303)


# --- TUK -------------------------------------------------------------------------------------------------------
async def _tuk_ctx(conn: Any, tuk_id: int) -> tuple[Any, dict[str, Any]]:
    tuk = await CatalogueRepo(conn).get_tuk(tuk_id)
    fields = [
        {"kind": "input", "name": "name", "label": "Nama TUK"},
        {"kind": "select", "name": "facility_id", "label": "Di UPT",
         "options": await _facility_choices(conn, bapas=False), "blank": "— bukan di UPT —", "required": False},
        {"kind": "select", "name": "regency_code", "label": "Kabupaten/kota (bila bukan di UPT)",
         "options": await regency_options(conn), "blank": "— ikut UPT —", "required": False},
    ]  # fmt: skip
    back = f"/admin/organisasi/lsp/{tuk.lsp_id}#tuk"
    return tuk, {"subject": f"TUK {tuk.name}", "key": tuk.code, "fields": fields, "back": back,
                 "action": f"/admin/organisasi/tuk/{tuk_id}/ubah", "note": ""}  # fmt: skip


@router.get("/admin/organisasi/tuk/{tuk_id}/ubah", response_class=HTMLResponse)
async def tuk_form(request: Request, tuk_id: int, _: Principal = Depends(admin),
                   conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    t, ctx = await _tuk_ctx(conn, tuk_id)
    regency = "" if t.facility_id else _text(t.regency_code)
    form = {"name": t.name, "facility_id": _text(t.facility_id), "regency_code": regency}
    return _page(request, ctx, form, {}, 200)


@router.post("/admin/organisasi/tuk/{tuk_id}/ubah", response_class=HTMLResponse)
async def tuk_save(request: Request, tuk_id: int, who: Principal = Depends(admin),
                   conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    tuk, ctx = await _tuk_ctx(conn, tuk_id)
    try:
        await organisations.update_tuk(conn, who.actor, tuk, name=form.get("name", ""),
                                       facility_id=opt_int(form, "facility_id"),
                                       regency_code=form.get("regency_code", "") or None)  # fmt: skip
    except REFUSED as exc:
        return _page(request, ctx, form, problems_of(exc), 422)
    return RedirectResponse(ctx["back"], status_code=303)


# --- assessor -------------------------------------------------------------------------------------------------
async def _assessor_ctx(conn: Any, assessor_id: int) -> tuple[Any, dict[str, Any]]:
    entry = await OrganisationRepo(conn).get_assessor(assessor_id)
    fields = [
        {"kind": "input", "name": "name", "label": "Nama"},
        {"kind": "input", "name": "active_from", "label": "Aktif dari", "type": "date"},
        {"kind": "input", "name": "active_until", "label": "Aktif sampai", "type": "date"},
    ]
    back = f"/admin/organisasi/lsp/{entry.assessor.lsp_id}#asesor"
    note = "Registrasi yang diperpanjang: isi masa aktif yang baru (ini juga membatalkan penonaktifan)."
    return entry, {"subject": f"asesor {entry.assessor.name}", "key": entry.assessor.registration_number,
                   "fields": fields, "back": back, "action": f"/admin/organisasi/asesor/{assessor_id}/ubah",
                   "note": note}  # fmt: skip


@router.get("/admin/organisasi/asesor/{assessor_id}/ubah", response_class=HTMLResponse)
async def assessor_form(request: Request, assessor_id: int, _: Principal = Depends(admin),
                        conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    e, ctx = await _assessor_ctx(conn, assessor_id)
    a = e.assessor
    form = {"name": a.name, "active_from": _text(a.active_from), "active_until": _text(a.active_until)}
    return _page(request, ctx, form, {}, 200)


@router.post("/admin/organisasi/asesor/{assessor_id}/ubah", response_class=HTMLResponse)
async def assessor_save(request: Request, assessor_id: int, who: Principal = Depends(admin),
                        conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    _, ctx = await _assessor_ctx(conn, assessor_id)
    try:
        await organisations.update_assessor(conn, who.actor, assessor_id, name=form.get("name", ""),
                                            active_from=form.get("active_from", ""),
                                            active_until=form.get("active_until", ""))  # fmt: skip
    except REFUSED as exc:
        return _page(request, ctx, form, problems_of(exc), 422)
    return RedirectResponse(ctx["back"], status_code=303)


# --- employer partner ---------------------------------------------------------------------------------------------
PARTNER_FIELDS = ("name", "sector", "kbli", "address", "regency_code", "contact_name", "contact_email",
                  "contact_phone", "fair_chance_policy")  # fmt: skip


async def _partner_ctx(conn: Any, employer_id: int) -> tuple[Any, dict[str, Any]]:
    p = await PartnerRepo(conn).get(employer_id)
    fields = [
        {"kind": "input", "name": "name", "label": "Nama perusahaan"},
        {"kind": "input", "name": "sector", "label": "Sektor usaha"},
        {"kind": "input", "name": "kbli", "label": "Kode KBLI 2020 (5 angka)", "maxlength": 5},
        {"kind": "textarea", "name": "address", "label": "Alamat"},
        {"kind": "select", "name": "regency_code", "label": "Kabupaten/kota", "options": await regency_options(conn),
         "blank": "— pilih —"},
        {"kind": "textarea", "name": "fair_chance_policy", "label": "Kebijakan kesempatan kedua"},
        {"kind": "input", "name": "contact_name", "label": "Nama narahubung"},
        {"kind": "input", "name": "contact_email", "label": "Email narahubung", "type": "email"},
        {"kind": "input", "name": "contact_phone", "label": "Telepon narahubung", "type": "tel", "maxlength": 20},
    ]  # fmt: skip
    url = f"/mitra/{employer_id}"
    note = "NIB dan status kemitraan tidak diubah di sini (status hanya lewat keputusan Kemnaker)."
    return p, {"subject": p.employer.name, "key": f"NIB {p.nib}" if p.nib else "", "fields": fields, "back": url,
               "action": f"{url}/ubah", "note": note}  # fmt: skip


@router.get("/mitra/{employer_id}/ubah", response_class=HTMLResponse)
async def partner_form(request: Request, employer_id: int, _: Principal = Depends(staff),
                       conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    p, ctx = await _partner_ctx(conn, employer_id)
    e = p.employer
    form = {"name": e.name, "sector": e.sector, "kbli": _text(p.kbli), "address": _text(p.address),
            "regency_code": _text(e.regency_code), "contact_name": _text(p.contact_name),
            "contact_email": _text(e.contact_email), "contact_phone": _text(p.contact_phone),
            "fair_chance_policy": _text(p.fair_chance_policy)}  # fmt: skip
    return _page(request, ctx, form, {}, 200)


@router.post("/mitra/{employer_id}/ubah", response_class=HTMLResponse)
async def partner_save(request: Request, employer_id: int, who: Principal = Depends(staff),
                       conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    form = await form_fields(request)
    kept = {k: form.get(k, "") for k in PARTNER_FIELDS}
    _, ctx = await _partner_ctx(conn, employer_id)
    try:
        await employers.update_partner(conn, who.actor, employer_id, **kept)
    except REFUSED as exc:
        return _page(request, ctx, kept, problems_of(exc), 422)
    return RedirectResponse(f"/mitra/{employer_id}", status_code=303)

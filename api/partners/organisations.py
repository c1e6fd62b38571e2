"""Onboarding use cases for master data: facilities (UPT), LSPs, their TUK and assessors.

Each use case checks the input with the pure rules (every wrong field at once), then the references
against the database (the regency exists, the chosen Bapas is a Bapas, a P1's home facility is a
Lapas/Rutan/LPKA), and writes the row and its audit event in one transaction. Nothing is stored
while anything is wrong.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from api.partners import rules
from api.partners.errors import Duplicate, FormInvalid, refuse
from models.errors import Conflict, NotFound
from models.records import Actor, AssessorEntry, Facility, Lsp, Regency, Tuk
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.organisations import OrganisationRepo
from models.repositories.places import PlacesRepo


async def _regency(
    conn: Any, problems: dict[str, str], code: str | None, field: str = "regency_code"
) -> Regency | None:
    if not code or field in problems:
        return None
    try:
        return await PlacesRepo(conn).get_regency(code)
    except NotFound:
        problems[field] = f"kabupaten/kota dengan kode {code} tidak dikenal"
        return None


async def _facility(
    conn: Any, problems: dict[str, str], field: str, facility_id: int | None, code: str | None
) -> Facility | None:
    """The facility named by id (API, forms) or by code (CSV); a problem when it does not exist."""
    if facility_id is None and not (code or "").strip():
        return None
    found: Facility | None
    if facility_id is not None:
        try:
            found = await PlacesRepo(conn).get_facility(facility_id)
        except NotFound:
            found = None
    else:
        found = await OrganisationRepo(conn).find_facility((code or "").strip().upper())
    if found is None:
        problems[field] = f"UPT {facility_id if facility_id is not None else code!r} tidak terdaftar"
    return found


async def _kanwil(conn: Any, kanwil: str, province_code: str) -> str:
    if kanwil:
        return kanwil
    names = await PlacesRepo(conn).place_names()
    return rules.default_kanwil(names.get(province_code, province_code))


# --- facilities -------------------------------------------------------------------------------------
async def _facility_fields(
    conn: Any, *, code: str, name: str, kind: str, regency_code: str, kanwil: str, bapas_id: int | None,
    bapas_code: str | None,
) -> tuple[rules.FacilityDraft, Regency, Facility | None]:  # fmt: skip
    problems: dict[str, str] = {}
    bapas = await _facility(conn, problems, "bapas_id", bapas_id, bapas_code)
    draft, found = rules.check_facility(code=code, name=name, kind=kind, regency_code=regency_code, kanwil=kanwil,
                                        has_bapas=bapas is not None or "bapas_id" in problems)  # fmt: skip
    problems = found | problems
    if bapas is not None and bapas.kind != "bapas":
        problems["bapas_id"] = f"{bapas.name} bukan Bapas; pilih Bapas tempat warga binaan dibimbing"
    regency = await _regency(conn, problems, draft.regency_code)
    refuse(problems)
    assert regency is not None
    return draft, regency, bapas


async def add_facility(
    conn: Any, actor: Actor, *, code: str, name: str, kind: str, regency_code: str, kanwil: str = "",
    bapas_id: int | None = None, bapas_code: str | None = None,
) -> Facility:  # fmt: skip
    """Register a Lapas, Rutan, LPKA (each reporting to a Bapas) or a Bapas."""
    draft, regency, bapas = await _facility_fields(conn, code=code, name=name, kind=kind, regency_code=regency_code,
                                                   kanwil=kanwil, bapas_id=bapas_id, bapas_code=bapas_code)  # fmt: skip
    repo = OrganisationRepo(conn)
    if await repo.find_facility(draft.code) is not None:
        raise Duplicate("code", f"kode UPT {draft.code} sudah terdaftar")
    async with conn.transaction():
        facility = await repo.add_facility(
            draft.code, draft.name, draft.kind, await _kanwil(conn, draft.kanwil, regency.province_code),
            regency.province_code, regency.code, bapas.id if bapas else None,
        )  # fmt: skip
        await AuditRepo(conn).add(actor, "facility.create", "facility", facility.id,
                                  detail={"code": facility.code, "kind": facility.kind})  # fmt: skip
    return facility


async def update_facility(
    conn: Any, actor: Actor, facility_id: int, *, name: str, kind: str, regency_code: str, kanwil: str = "",
    bapas_id: int | None = None, bapas_code: str | None = None,
) -> Facility:  # fmt: skip
    """Change a facility's name, place, Kanwil or Bapas; its code is its key. Its kind stays once
    people, users or other facilities refer to it."""
    repo = OrganisationRepo(conn)
    current = await PlacesRepo(conn).get_facility(facility_id)
    draft, regency, bapas = await _facility_fields(conn, code=current.code, name=name, kind=kind,
                                                   regency_code=regency_code, kanwil=kanwil, bapas_id=bapas_id,
                                                   bapas_code=bapas_code)  # fmt: skip
    if bapas is not None and bapas.id == facility_id:
        raise FormInvalid({"bapas_id": "UPT tidak dapat berinduk ke dirinya sendiri"})
    async with conn.transaction():
        if draft.kind != current.kind and await repo.facility_in_use(facility_id):
            raise Conflict(
                f"jenis UPT {current.code} tidak dapat diubah: sudah dipakai warga binaan, pengguna atau UPT lain"
            )
        facility = await repo.update_facility(
            facility_id, draft.name, draft.kind, await _kanwil(conn, draft.kanwil, regency.province_code),
            regency.province_code, regency.code, bapas.id if bapas else None,
        )  # fmt: skip
        await AuditRepo(conn).add(actor, "facility.update", "facility", facility_id, detail={"code": current.code})
    return facility


# --- LSPs -----------------------------------------------------------------------------------------------
async def _lsp_fields(
    conn: Any, today: date, *, code: str, name: str, kind: str, licence_number: str,
    licence_valid_until: str | date | None, number_format: str, home_facility_id: int | None,
    home_facility_code: str | None, new: bool,
) -> tuple[rules.LspDraft, Facility | None]:  # fmt: skip
    problems: dict[str, str] = {}
    home = await _facility(conn, problems, "home_facility_id", home_facility_id, home_facility_code)
    draft, found = rules.check_lsp(
        code=code, name=name, kind=kind, licence_number=licence_number, licence_valid_until=licence_valid_until,
        number_format=number_format, has_home_facility=home is not None or "home_facility_id" in problems,
        today=today, new=new,
    )  # fmt: skip
    problems = found | problems
    if home is not None and home.kind == "bapas":
        problems["home_facility_id"] = "UPT induk LSP P1 harus Lapas, Rutan atau LPKA, bukan Bapas"
    refuse(problems)
    return draft, home


async def add_lsp(
    conn: Any, actor: Actor, today: date, *, code: str, name: str, kind: str, licence_number: str,
    licence_valid_until: str | date | None, number_format: str = "", home_facility_id: int | None = None,
    home_facility_code: str | None = None,
) -> Lsp:  # fmt: skip
    """Register a BNSP-licensed LSP (a P1 with its home facility)."""
    draft, home = await _lsp_fields(
        conn, today, code=code, name=name, kind=kind, licence_number=licence_number,
        licence_valid_until=licence_valid_until, number_format=number_format, home_facility_id=home_facility_id,
        home_facility_code=home_facility_code, new=True,
    )  # fmt: skip
    repo = OrganisationRepo(conn)
    if await repo.find_lsp(draft.code) is not None:
        raise Duplicate("code", f"kode LSP {draft.code} sudah terdaftar")
    assert draft.licence_valid_until is not None
    async with conn.transaction():
        lsp = await repo.add_lsp(draft.code, draft.name, draft.kind, draft.licence_number, draft.licence_valid_until,
                                 draft.number_format, home.id if home else None)  # fmt: skip
        await AuditRepo(conn).add(actor, "lsp.create", "lsp", lsp.id, detail={"code": lsp.code, "kind": lsp.kind})
    return lsp


async def update_lsp(
    conn: Any, actor: Actor, today: date, lsp_id: int, *, name: str, kind: str, licence_number: str,
    licence_valid_until: str | date | None, number_format: str = "", home_facility_id: int | None = None,
    home_facility_code: str | None = None,
) -> Lsp:  # fmt: skip
    """Record a renewed licence, a new name or number format (the code is the LSP's key: it is in
    its DID and in every certificate number)."""
    current = await _get_lsp(conn, lsp_id)
    draft, home = await _lsp_fields(
        conn, today, code=current.code, name=name, kind=kind, licence_number=licence_number,
        licence_valid_until=licence_valid_until, number_format=number_format, home_facility_id=home_facility_id,
        home_facility_code=home_facility_code, new=False,
    )  # fmt: skip
    assert draft.licence_valid_until is not None
    async with conn.transaction():
        lsp = await OrganisationRepo(conn).update_lsp(lsp_id, draft.name, draft.kind, draft.licence_number,
                                                      draft.licence_valid_until, draft.number_format,
                                                      home.id if home else None)  # fmt: skip
        await AuditRepo(conn).add(actor, "lsp.update", "lsp", lsp_id, detail={"code": lsp.code,
                                  "licence_valid_until": lsp.licence_valid_until})  # fmt: skip
    return lsp


async def _get_lsp(conn: Any, lsp_id: int) -> Lsp:
    return await CatalogueRepo(conn).get_lsp(lsp_id)


# --- TUK ----------------------------------------------------------------------------------------------------
async def _tuk_fields(
    conn: Any, *, code: str, name: str, facility_id: int | None, facility_code: str | None, regency_code: str | None
) -> tuple[rules.TukDraft, Facility | None, str | None]:
    problems: dict[str, str] = {}
    facility = await _facility(conn, problems, "facility_id", facility_id, facility_code)
    draft, found = rules.check_tuk(code=code, name=name, regency_code=regency_code,
                                   has_facility=facility is not None or "facility_id" in problems)  # fmt: skip
    problems = found | problems
    regency = await _regency(conn, problems, draft.regency_code)
    refuse(problems)
    return draft, facility, regency.code if regency else (facility.regency_code if facility else None)


async def add_tuk(
    conn: Any, actor: Actor, lsp_id: int, *, code: str, name: str, facility_id: int | None = None,
    facility_code: str | None = None, regency_code: str | None = None,
) -> Tuk:  # fmt: skip
    """A test site (TUK) of an LSP, inside a facility or elsewhere in a regency."""
    lsp = await _get_lsp(conn, lsp_id)
    draft, facility, regency = await _tuk_fields(conn, code=code, name=name, facility_id=facility_id,
                                                 facility_code=facility_code, regency_code=regency_code)  # fmt: skip
    repo = OrganisationRepo(conn)
    if await repo.find_tuk(draft.code) is not None:
        raise Duplicate("code", f"kode TUK {draft.code} sudah terdaftar")
    async with conn.transaction():
        tuk = await repo.add_tuk(draft.code, draft.name, lsp.id, facility.id if facility else None, regency)
        await AuditRepo(conn).add(actor, "tuk.create", "tuk", tuk.id, detail={"code": tuk.code, "lsp_id": lsp.id})
    return tuk


async def update_tuk(
    conn: Any, actor: Actor, tuk: Tuk, *, name: str, facility_id: int | None = None, facility_code: str | None = None,
    regency_code: str | None = None,
) -> Tuk:  # fmt: skip
    draft, facility, regency = await _tuk_fields(conn, code=tuk.code, name=name, facility_id=facility_id,
                                                 facility_code=facility_code, regency_code=regency_code)  # fmt: skip
    async with conn.transaction():
        updated = await OrganisationRepo(conn).update_tuk(
            tuk.id, draft.name, facility.id if facility else None, regency
        )
        await AuditRepo(conn).add(actor, "tuk.update", "tuk", tuk.id, detail={"code": tuk.code})
    return updated


# --- assessors -------------------------------------------------------------------------------------------------
async def add_assessor(
    conn: Any, actor: Actor, lsp_id: int, *, registration_number: str, name: str,
    active_from: str | date | None, active_until: str | date | None,
) -> AssessorEntry:  # fmt: skip
    """A BNSP-registered assessor of an LSP, active (may assess) from one date to another."""
    lsp = await _get_lsp(conn, lsp_id)
    draft, problems = rules.check_assessor(registration_number=registration_number, name=name,
                                           active_from=active_from, active_until=active_until)  # fmt: skip
    refuse(problems)
    assert draft.active_from is not None and draft.active_until is not None
    repo = OrganisationRepo(conn)
    if await repo.find_assessor(draft.registration_number) is not None:
        raise Duplicate("registration_number", f"nomor registrasi asesor {draft.registration_number} sudah terdaftar")
    async with conn.transaction():
        entry = await repo.add_assessor(draft.registration_number, draft.name, lsp.id, draft.active_from,
                                        draft.active_until)  # fmt: skip
        await AuditRepo(conn).add(
            actor,
            "assessor.create",
            "assessor",
            entry.assessor.id,
            detail={"registration_number": draft.registration_number, "lsp_id": lsp.id},
        )
    return entry


async def update_assessor(
    conn: Any, actor: Actor, assessor_id: int, *, name: str, active_from: str | date | None,
    active_until: str | date | None,
) -> AssessorEntry:  # fmt: skip
    """A renewed registration (new active period) or a corrected name; undoes a deactivation."""
    repo = OrganisationRepo(conn)
    current = await repo.get_assessor(assessor_id)
    draft, problems = rules.check_assessor(registration_number=current.assessor.registration_number, name=name,
                                           active_from=active_from, active_until=active_until)  # fmt: skip
    refuse(problems)
    assert draft.active_from is not None and draft.active_until is not None
    async with conn.transaction():
        entry = await repo.update_assessor(assessor_id, draft.name, draft.active_from, draft.active_until)
        await AuditRepo(conn).add(
            actor,
            "assessor.update",
            "assessor",
            assessor_id,
            detail={"active_from": draft.active_from, "active_until": draft.active_until},
        )
    return entry


async def deactivate_assessor(conn: Any, actor: Actor, assessor_id: int, reason: str, today: date) -> AssessorEntry:
    """From today on the assessor may not assess: the active period ends yesterday (assessments
    recorded before stay valid). Needs a reason."""
    text = " ".join((reason or "").split())
    if not text:
        raise FormInvalid({"reason": "alasan penonaktifan wajib diisi"})
    repo = OrganisationRepo(conn)
    async with conn.transaction():
        current = await repo.get_assessor(assessor_id)
        if current.deactivated_at is not None:
            raise Conflict(f"asesor {current.assessor.registration_number} sudah dinonaktifkan")
        entry = await repo.deactivate_assessor(assessor_id, today - timedelta(days=1), text[:1000])
        await AuditRepo(conn).add(actor, "assessor.deactivate", "assessor", assessor_id, reason=text[:1000],
                                  detail={"active_until": entry.assessor.active_until})  # fmt: skip
    return entry

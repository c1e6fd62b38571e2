"""JSON API for onboarding: facilities (UPT), LSPs with their TUK and assessors, CSV imports of
them, reference regencies, and users of each organisation by invitation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from api.partners import invitations, organisation_import, organisations
from api.partners.partner_routes import anyone
from api.partners.schemas import (
    AcceptIn,
    AssessorIn,
    AssessorOut,
    AssessorUpdate,
    ColleagueIn,
    DeactivateIn,
    FacilityIn,
    FacilityOut,
    FacilityUpdate,
    ImportOut,
    InvitationIn,
    InvitationOut,
    LspIn,
    LspOut,
    LspUpdate,
    MemberOut,
    OrganisationOut,
    RegencyOut,
    TukIn,
    TukOut,
    assessor_out,
    facility_out,
    invitation_out,
    lsp_out,
    member_out,
    tuk_out,
)
from api.web import deps
from api.web.auth import Principal, public, require_role
from api.web.errors import InvalidInput
from models.repositories.catalogue import CatalogueRepo
from models.repositories.organisations import OrganisationRepo
from models.repositories.places import PlacesRepo

router = APIRouter(prefix="/api/v1", tags=["organisations"])
admin = require_role("admin")
reader = require_role("admin", "kemnaker_staff")
members = require_role("employer", "bapas_officer", "lsp_assessor", inactive_partner=True)
colleagues = require_role("employer", "bapas_officer", "lsp_assessor")
MAX_CSV_BYTES = 5 * 1024 * 1024


# --- reference data ------------------------------------------------------------------------------------
@router.get("/regencies", response_model=list[RegencyOut])
async def list_regencies(
    province_code: str | None = Query(None, max_length=2), _: Principal | None = Depends(public),
    conn: Any = Depends(deps.connection),
) -> list[RegencyOut]:  # fmt: skip
    """Regencies and cities (kabupaten/kota) with their BPS codes `NN.NN`, optionally of one province."""
    regencies = await PlacesRepo(conn).list_regencies()
    return [RegencyOut(code=r.code, name=r.name, province_code=r.province_code) for r in regencies
            if province_code is None or r.province_code == province_code]  # fmt: skip


# --- facilities ---------------------------------------------------------------------------------------------
@router.get("/facilities", response_model=list[FacilityOut])
async def list_facilities(
    kind: str | None = Query(None, pattern="^(lapas|rutan|lpka|bapas)$"), _: Principal = Depends(reader),
    conn: Any = Depends(deps.connection),
) -> list[FacilityOut]:  # fmt: skip
    """Facilities (UPT) by code: Lapas, Rutan, LPKA and Bapas."""
    return [facility_out(f) for f in await PlacesRepo(conn).list_facilities(kind)]


@router.post("/facilities", response_model=FacilityOut, status_code=201)
async def add_facility(body: FacilityIn, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)) -> Any:
    """Register a facility. A Lapas, Rutan or LPKA names the Bapas it reports to; 422 names the wrong
    field, 409 when the code is taken."""
    return facility_out(await organisations.add_facility(conn, who.actor, **body.model_dump()))


@router.put("/facilities/{facility_id}", response_model=FacilityOut)
async def update_facility(
    facility_id: int, body: FacilityUpdate, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> Any:
    """Change a facility (its code stays; its kind too once anything refers to it)."""
    return facility_out(await organisations.update_facility(conn, who.actor, facility_id, **body.model_dump()))


# --- LSPs, TUK, assessors ---------------------------------------------------------------------------------------
@router.get("/lsps", response_model=list[LspOut])
async def list_lsps(_: Principal = Depends(reader), conn: Any = Depends(deps.connection)) -> list[LspOut]:
    """LSPs by code with their BNSP licence."""
    return [lsp_out(x) for x in await CatalogueRepo(conn).list_lsps()]


@router.post("/lsps", response_model=LspOut, status_code=201)
async def add_lsp(
    body: LspIn, request: Request, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> Any:
    """Register an LSP (P1 with its home facility). The licence must still be valid."""
    today = deps.clock(request).today()
    return lsp_out(await organisations.add_lsp(conn, who.actor, today, **body.model_dump()))


@router.put("/lsps/{lsp_id}", response_model=LspOut)
async def update_lsp(
    lsp_id: int, body: LspUpdate, request: Request, who: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Record a renewed licence, a new name or certificate number format (the code stays)."""
    today = deps.clock(request).today()
    return lsp_out(await organisations.update_lsp(conn, who.actor, today, lsp_id, **body.model_dump()))


@router.get("/lsps/{lsp_id}/tuks", response_model=list[TukOut])
async def list_tuks(lsp_id: int, _: Principal = Depends(reader), conn: Any = Depends(deps.connection)) -> Any:
    """An LSP's test sites (TUK)."""
    await CatalogueRepo(conn).get_lsp(lsp_id)
    return [tuk_out(t) for t in await CatalogueRepo(conn).list_tuks(lsp_id)]


@router.post("/lsps/{lsp_id}/tuks", response_model=TukOut, status_code=201)
async def add_tuk(
    lsp_id: int, body: TukIn, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> Any:
    """Add a test site to an LSP: inside a facility, or in a regency."""
    return tuk_out(await organisations.add_tuk(conn, who.actor, lsp_id, **body.model_dump()))


@router.get("/lsps/{lsp_id}/assessors", response_model=list[AssessorOut])
async def list_assessors(lsp_id: int, _: Principal = Depends(reader), conn: Any = Depends(deps.connection)) -> Any:
    """An LSP's assessors with their active period (and deactivation, if any)."""
    await CatalogueRepo(conn).get_lsp(lsp_id)
    return [assessor_out(e) for e in await OrganisationRepo(conn).list_assessors(lsp_id)]


@router.post("/lsps/{lsp_id}/assessors", response_model=AssessorOut, status_code=201)
async def add_assessor(
    lsp_id: int, body: AssessorIn, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> Any:
    """Register a BNSP assessor (MET number) with an LSP; assessments are accepted only on dates in
    the active period."""
    return assessor_out(await organisations.add_assessor(conn, who.actor, lsp_id, **body.model_dump()))


@router.put("/assessors/{assessor_id}", response_model=AssessorOut)
async def update_assessor(
    assessor_id: int, body: AssessorUpdate, who: Principal = Depends(admin), conn: Any = Depends(deps.connection)
) -> Any:
    """A renewed registration (new active period) or corrected name; lifts a deactivation."""
    return assessor_out(await organisations.update_assessor(conn, who.actor, assessor_id, **body.model_dump()))


@router.post("/assessors/{assessor_id}/deactivate", response_model=AssessorOut)
async def deactivate_assessor(
    assessor_id: int, body: DeactivateIn, request: Request, who: Principal = Depends(admin),
    conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """From today the assessor may not assess (the active period ends yesterday); earlier
    assessments stay valid."""
    today = deps.clock(request).today()
    return assessor_out(await organisations.deactivate_assessor(conn, who.actor, assessor_id, body.reason, today))


@router.post("/organisations/import", response_model=ImportOut)
async def import_organisations(
    request: Request, kind: str = Query(..., pattern="^(facilities|lsps|tuks|assessors)$"),
    who: Principal = Depends(admin), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """Import facilities, LSPs, TUK or assessors from a CSV body (`text/csv`, UTF-8; columns in the
    README). Rows are matched on their code (assessors: registration number): new ones added,
    changed ones updated. All-or-nothing: a bad row gives 422 naming the line and column."""
    body = await request.body()
    if len(body) > MAX_CSV_BYTES:
        raise InvalidInput("file", f"berkas CSV lebih dari {MAX_CSV_BYTES // (1024 * 1024)} MB")
    today = deps.clock(request).today()
    s = await organisation_import.import_csv(conn, who.actor, kind, body.splitlines(keepends=True), today)
    return ImportOut(kind=kind, rows=s.rows, inserted=s.inserted, updated=s.updated, unchanged=s.unchanged)


# --- users by invitation -----------------------------------------------------------------------------------------
@router.post("/invitations", response_model=InvitationOut, status_code=201)
async def invite(body: InvitationIn, request: Request, who: Principal = Depends(admin),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Invite a person into an organisation; the role follows from it (employer -> employer, bapas ->
    bapas_officer, lsp -> lsp_assessor, kemnaker -> kemnaker_staff, admin -> admin). The one-time
    `code` is in this response only: give it to the person, who sets a password with it."""
    inv, code = await invitations.invite(
        conn, who.actor, deps.clock(request).now(), email=body.email, name=body.name,
        organisation_kind=body.organisation, organisation_id=body.organisation_id, assessor_id=body.assessor_id,
        org_admin=body.org_admin,
    )  # fmt: skip
    return invitation_out(inv, code)


@router.post("/invitations/accept", response_model=MemberOut, status_code=201)
async def accept(body: AcceptIn, request: Request, _: Principal | None = Depends(anyone),
                 conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """Accept an invitation: creates the account with the chosen password (at least 10 characters).
    404 for an unknown code, 409 for one used or expired."""
    user = await invitations.accept_invitation(conn, deps.clock(request).now(), code=body.code,
                                               password=body.password)  # fmt: skip
    return member_out(user, await OrganisationRepo(conn).is_org_admin(user.id))


@router.get("/organisation", response_model=OrganisationOut)
async def own_organisation(who: Principal = Depends(members), conn: Any = Depends(deps.connection)) -> Any:
    """The caller's own organisation (employer, Bapas or LSP), its users and, for employers, the
    partner status (readable while pending or suspended)."""
    own = invitations.own_organisation(who)
    assert own is not None  # every employer, bapas_officer and lsp_assessor has its scope
    org = await invitations.organisation(conn, own.kind, own.id)
    users = await OrganisationRepo(conn).users_of(**own.scope)
    return OrganisationOut(kind=org.kind, id=org.id, name=org.name, partner_status=who.partner_status,
                           users=[member_out(u, a) for u, a in users])  # fmt: skip


@router.post("/organisation/invitations", response_model=InvitationOut, status_code=201)
async def invite_colleague(body: ColleagueIn, request: Request, who: Principal = Depends(colleagues),
                           conn: Any = Depends(deps.connection)) -> Any:  # fmt: skip
    """An organisation's admin user invites a colleague into the same organisation and role
    (403 for other users). The one-time `code` is in this response only."""
    inv, code = await invitations.invite_colleague(conn, who, deps.clock(request).now(), email=body.email,
                                                   name=body.name, org_admin=body.org_admin,
                                                   assessor_id=body.assessor_id)  # fmt: skip
    return invitation_out(inv, code)

"""Request and response bodies of the onboarding API (facilities, LSPs, TUK, assessors, imports,
invitations, own organisation)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from models.records import AssessorEntry, Facility, Invitation, Lsp, Tuk, User


# --- schemas --------------------------------------------------------------------------------------
class RegencyOut(BaseModel):
    code: str
    name: str
    province_code: str


class FacilityIn(BaseModel):
    code: str = Field(..., max_length=40, examples=["LAPAS-SUKAMISKIN"])
    name: str = Field(..., max_length=200, examples=["Lapas Kelas I Sukamiskin"])
    kind: str = Field(..., examples=["lapas"], description="lapas | rutan | lpka | bapas")
    regency_code: str = Field(..., max_length=10, examples=["32.73"])
    kanwil: str = Field("", max_length=200, description="empty: 'Kanwil Ditjenpas <province>'")
    bapas_id: int | None = Field(None, description="the Bapas this facility reports to (not for a Bapas)")


class FacilityUpdate(BaseModel):
    name: str = Field(..., max_length=200)
    kind: str
    regency_code: str = Field(..., max_length=10)
    kanwil: str = Field("", max_length=200)
    bapas_id: int | None = None


class FacilityOut(BaseModel):
    id: int
    code: str
    name: str
    kind: str
    kanwil: str
    province_code: str
    regency_code: str
    bapas_id: int | None


class LspIn(BaseModel):
    code: str = Field(..., max_length=40, examples=["LSP-P1-SKM"])
    name: str = Field(..., max_length=200, examples=["LSP P1 Lapas Kelas I Sukamiskin"])
    kind: str = Field(..., examples=["P1"], description="P1 | P2 | P3")
    licence_number: str = Field(..., max_length=100, examples=["KEP.1234/BNSP/VI/2025"])
    licence_valid_until: date
    number_format: str = Field("", max_length=200, description="empty: {lsp}/{scheme}/{year}/{seq:06d}")
    home_facility_id: int | None = Field(None, description="a P1's home facility (Lapas/Rutan/LPKA)")


class LspUpdate(BaseModel):
    name: str = Field(..., max_length=200)
    kind: str
    licence_number: str = Field(..., max_length=100)
    licence_valid_until: date
    number_format: str = Field("", max_length=200)
    home_facility_id: int | None = None


class LspOut(BaseModel):
    id: int
    code: str
    name: str
    kind: str
    licence_number: str
    licence_valid_until: date
    number_format: str
    home_facility_id: int | None


class TukIn(BaseModel):
    code: str = Field(..., max_length=40, examples=["TUK-SKM-01"])
    name: str = Field(..., max_length=200, examples=["TUK Sewaktu Bengkel Las Lapas Sukamiskin"])
    facility_id: int | None = None
    regency_code: str | None = Field(None, max_length=10, description="needed when the TUK is in no facility")


class TukOut(BaseModel):
    id: int
    code: str
    name: str
    lsp_id: int
    facility_id: int | None
    regency_code: str | None


class AssessorIn(BaseModel):
    registration_number: str = Field(..., max_length=40, examples=["MET.000.004512 2025"])
    name: str = Field(..., max_length=200, examples=["Dedi Kurniawan"])
    active_from: date
    active_until: date


class AssessorUpdate(BaseModel):
    name: str = Field(..., max_length=200)
    active_from: date
    active_until: date


class DeactivateIn(BaseModel):
    reason: str = Field(..., max_length=1000, examples=["registrasi BNSP dicabut"])


class AssessorOut(BaseModel):
    id: int
    registration_number: str
    name: str
    lsp_id: int
    active_from: date
    active_until: date
    deactivated_at: datetime | None
    deactivation_reason: str | None


class ImportOut(BaseModel):
    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int


class InvitationIn(BaseModel):
    email: str = Field(..., max_length=200, examples=["pk.bandung@bapas.example.id"])
    name: str = Field(..., max_length=200, examples=["Rina Pembimbing"])
    organisation: str = Field(..., description="employer | bapas | lsp | facility | kemnaker | admin",
                              examples=["bapas"])  # fmt: skip
    organisation_id: int | None = Field(None, description="the employer, Bapas, LSP or facility (Lapas/Rutan/LPKA: "
                                        "its training staff) id; none for kemnaker/admin")  # fmt: skip
    assessor_id: int | None = Field(None, description="LSP users: the assessor this user is")
    org_admin: bool = Field(False, description="may invite colleagues into the same organisation")


class ColleagueIn(BaseModel):
    email: str = Field(..., max_length=200)
    name: str = Field(..., max_length=200)
    assessor_id: int | None = None
    org_admin: bool = False


class InvitationOut(BaseModel):
    id: int
    email: str
    name: str
    role: str
    employer_id: int | None
    bapas_id: int | None
    lsp_id: int | None
    assessor_id: int | None
    org_admin: bool
    expires_at: datetime
    code: str | None = Field(None, description="the one-time code: returned once, at creation, never again")


class AcceptIn(BaseModel):
    code: str = Field(..., max_length=100)
    password: str = Field(..., max_length=500)


class MemberOut(BaseModel):
    id: int
    email: str
    name: str
    role: str
    active: bool
    org_admin: bool


class OrganisationOut(BaseModel):
    kind: str
    id: int
    name: str
    partner_status: str | None = Field(None, description="employers: pending | active | suspended | rejected")
    users: list[MemberOut]


# --- converters -------------------------------------------------------------------------------------
def facility_out(f: Facility) -> FacilityOut:
    return FacilityOut(id=f.id, code=f.code, name=f.name, kind=f.kind, kanwil=f.kanwil, province_code=f.province_code,
                       regency_code=f.regency_code, bapas_id=f.bapas_id)  # fmt: skip


def lsp_out(x: Lsp) -> LspOut:
    return LspOut(id=x.id, code=x.code, name=x.name, kind=x.kind, licence_number=x.licence_number,
                  licence_valid_until=x.licence_valid_until, number_format=x.number_format,
                  home_facility_id=x.home_facility_id)  # fmt: skip


def tuk_out(t: Tuk) -> TukOut:
    return TukOut(id=t.id, code=t.code, name=t.name, lsp_id=t.lsp_id, facility_id=t.facility_id,
                  regency_code=t.regency_code)  # fmt: skip


def assessor_out(e: AssessorEntry) -> AssessorOut:
    a = e.assessor
    return AssessorOut(id=a.id, registration_number=a.registration_number, name=a.name, lsp_id=a.lsp_id,
                       active_from=a.active_from, active_until=a.active_until, deactivated_at=e.deactivated_at,
                       deactivation_reason=e.deactivation_reason)  # fmt: skip


def invitation_out(i: Invitation, code: str | None = None) -> InvitationOut:
    return InvitationOut(id=i.id, email=i.email, name=i.name, role=i.role, employer_id=i.employer_id,
                         bapas_id=i.bapas_id, lsp_id=i.lsp_id, assessor_id=i.assessor_id, org_admin=i.org_admin,
                         expires_at=i.expires_at, code=code)  # fmt: skip


def member_out(u: User, org_admin: bool) -> MemberOut:
    return MemberOut(id=u.id, email=u.email, name=u.name, role=u.role, active=u.active, org_admin=org_admin)

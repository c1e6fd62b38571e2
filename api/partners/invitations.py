"""Users of an organisation, by invitation: the admin (or the organisation's own admin user)
invites a person to one employer, Bapas or LSP (or as Kemnaker staff / admin); the role follows
from the organisation and the scope is that organisation. The invitee chooses a password with a
one-time code that is shown once to the inviter (hand it over in person, by phone or mail) and
stored only as its SHA-256; it expires after ``rules.INVITATION_DAYS`` days.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from api.partners import rules
from api.partners.errors import Duplicate, FormInvalid, refuse
from api.partners.service import create_user
from api.web.auth import Principal
from models.errors import Conflict, Denied, NotFound
from models.records import Actor, Invitation, User
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.invitations import InvitationRepo
from models.repositories.organisations import OrganisationRepo
from models.repositories.partners import PartnerRepo
from models.repositories.places import PlacesRepo
from models.repositories.users import UserRepo

CODE_PREFIX = "bku"
SCOPE_FIELDS = {"employer": "employer_id", "bapas": "bapas_id", "lsp": "lsp_id", "facility": "facility_id"}


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


@dataclass(frozen=True)
class Organisation:
    """One organisation whose users can be listed and invited: kind employer | bapas | lsp."""

    kind: str
    id: int
    name: str

    @property
    def scope(self) -> dict[str, int]:
        return {SCOPE_FIELDS[self.kind]: self.id}


async def organisation(conn: Any, kind: str, org_id: int) -> Organisation:
    """The employer, Bapas or LSP with this id (404 when there is none of that kind)."""
    if kind == "employer":
        return Organisation(kind, org_id, (await PartnerRepo(conn).get(org_id)).employer.name)
    if kind == "bapas":
        facility = await PlacesRepo(conn).get_facility(org_id)
        if facility.kind != "bapas":
            raise NotFound("Bapas", org_id)
        return Organisation(kind, org_id, facility.name)
    if kind == "lsp":
        return Organisation(kind, org_id, (await CatalogueRepo(conn).get_lsp(org_id)).name)
    if kind == "facility":  # a Lapas, Rutan or LPKA: its users are training staff
        facility = await PlacesRepo(conn).get_facility(org_id)
        if facility.kind == "bapas":
            raise NotFound("facility", org_id)
        return Organisation(kind, org_id, facility.name)
    raise NotFound("organisation", kind)


def own_organisation(principal: Principal) -> Organisation | None:
    """The organisation a signed-in employer, PK officer or LSP user belongs to (name left empty)."""
    if principal.role == "employer" and principal.employer_id is not None:
        return Organisation("employer", principal.employer_id, "")
    if principal.role == "bapas_officer" and principal.bapas_id is not None:
        return Organisation("bapas", principal.bapas_id, "")
    if principal.role == "lsp_assessor" and principal.lsp_id is not None:
        return Organisation("lsp", principal.lsp_id, "")
    if principal.role == "training_staff" and principal.facility_id is not None:
        return Organisation("facility", principal.facility_id, "")
    return None


async def invite(
    conn: Any, actor: Actor, now: datetime, *, email: str, name: str, organisation_kind: str,
    organisation_id: int | None, assessor_id: int | None = None, org_admin: bool = False,
) -> tuple[Invitation, str]:  # fmt: skip
    """Invite one person; returns the invitation and its one-time code (never stored)."""
    draft, problems = rules.check_invitation(email=email, name=name, organisation=organisation_kind,
                                             org_id=organisation_id)  # fmt: skip
    org: Organisation | None = None
    if "organisation" not in problems and organisation_id is not None:
        try:
            org = await organisation(conn, organisation_kind, organisation_id)
        except NotFound:
            problems["organisation"] = f"{organisation_kind} {organisation_id} tidak terdaftar"
    if assessor_id is not None:
        if organisation_kind != "lsp":
            problems["assessor_id"] = "hanya pengguna LSP yang dapat dihubungkan dengan asesor"
        elif org is not None:
            try:
                entry = await OrganisationRepo(conn).get_assessor(assessor_id)
            except NotFound:
                entry = None
            if entry is None or entry.assessor.lsp_id != org.id:
                problems["assessor_id"] = f"asesor {assessor_id} bukan asesor {org.name}"
    if org_admin and org is None and "organisation" not in problems:
        problems["org_admin"] = "hanya pengguna pemberi kerja, Bapas atau LSP yang dapat menjadi admin organisasinya"
    refuse(problems)
    if await UserRepo(conn).find_by_email(draft.email) is not None:
        raise Duplicate("email", f"email {draft.email} sudah dipakai akun lain")
    code = f"{CODE_PREFIX}_{secrets.token_urlsafe(18)}"
    scope = org.scope if org else {}
    async with conn.transaction():
        invitation = await InvitationRepo(conn).add(
            _hash(code), draft.email, draft.name, draft.role, employer_id=scope.get("employer_id"),
            bapas_id=scope.get("bapas_id"), lsp_id=scope.get("lsp_id"), assessor_id=assessor_id,
            org_admin=org_admin, invited_by=actor.user_id, expires_at=now + timedelta(days=rules.INVITATION_DAYS),
            facility_id=scope.get("facility_id"),
        )  # fmt: skip
        await AuditRepo(conn).add(
            actor,
            "invitation.create",
            "invitation",
            invitation.id,
            detail={"email": draft.email, "role": draft.role, **scope, "org_admin": org_admin},
        )
    return invitation, code


async def invite_colleague(
    conn: Any, principal: Principal, now: datetime, *, email: str, name: str, org_admin: bool = False,
    assessor_id: int | None = None,
) -> tuple[Invitation, str]:  # fmt: skip
    """An organisation's admin user invites a colleague into the same organisation (same role)."""
    own = own_organisation(principal)
    if own is None or not await OrganisationRepo(conn).is_org_admin(principal.user_id):
        raise Denied("hanya admin organisasi yang dapat mengundang rekan; minta admin organisasi Anda")
    return await invite(conn, principal.actor, now, email=email, name=name, organisation_kind=own.kind,
                        organisation_id=own.id, assessor_id=assessor_id, org_admin=org_admin)  # fmt: skip


async def pending_invitation(conn: Any, code: str, now: datetime) -> Invitation:
    """The open invitation with this code; 404 when unknown, 409 when used or expired."""
    found = await InvitationRepo(conn).by_code(_hash(code)) if code.strip() else None
    _check_open(found, now)
    assert found is not None
    return found


def _check_open(found: Invitation | None, now: datetime) -> None:
    if found is None:
        raise NotFound("kode undangan", "tidak dikenal")
    if found.accepted_at is not None:
        raise Conflict("undangan ini sudah dipakai; silakan masuk dengan email dan kata sandi Anda")
    if found.expires_at <= now:
        raise Conflict("undangan ini sudah kedaluwarsa; minta undangan baru kepada yang mengundang Anda")


async def accept_invitation(conn: Any, now: datetime, *, code: str, password: str) -> User:
    """Create the invited user with the password they chose; the code works once."""
    if (problem := rules.password_problem(password)) is not None:
        raise FormInvalid({"password": problem})
    repo = InvitationRepo(conn)
    async with conn.transaction():
        found = await repo.by_code_for_update(_hash(code)) if code.strip() else None
        _check_open(found, now)
        assert found is not None
        inviter = Actor(None, "system")
        if found.invited_by is not None:
            inviter = Actor(found.invited_by, (await UserRepo(conn).get(found.invited_by)).role)
        user = await create_user(conn, inviter, email=found.email, name=found.name, role=found.role,
                                 password=password, employer_id=found.employer_id, bapas_id=found.bapas_id,
                                 lsp_id=found.lsp_id, assessor_id=found.assessor_id,
                                 facility_id=found.facility_id)  # fmt: skip
        if found.org_admin:
            await OrganisationRepo(conn).set_org_admin(user.id, True)
        await repo.mark_accepted(found.id, user.id)
        await AuditRepo(conn).add(Actor(user.id, user.role), "invitation.accept", "invitation", found.id,
                                  detail={"user_id": user.id})  # fmt: skip
    return user

"""Employer partners: a company applies (``pending``), Kemnaker staff verify it (``active``) or
reject it, and may suspend an active partner with a reason and reactivate it later.

Only an ``active`` partner's users may post vacancies or see candidates; ``api/web/auth.py`` reads
the status on every request, so a change here takes effect on the next request of every session
and API key of that partner's users.
"""

from __future__ import annotations

import secrets
from typing import Any

from api.notifications import service as notifications
from api.partners import rules
from api.partners.errors import Duplicate, refuse
from api.partners.service import create_user
from models.errors import NotFound
from models.records import Actor, PartnerProfile, User
from models.repositories.audit import AuditRepo
from models.repositories.organisations import OrganisationRepo
from models.repositories.partners import PartnerRepo
from models.repositories.places import PlacesRepo
from models.repositories.users import UserRepo

PUBLIC = Actor(user_id=None, role="public")


async def apply_as_partner(
    conn: Any, *, name: str, nib: str, sector: str, kbli: str, address: str, regency_code: str, contact_name: str,
    contact_email: str, contact_phone: str, fair_chance_policy: str, password: str,
) -> tuple[PartnerProfile, User]:  # fmt: skip
    """File a partner application; the contact person becomes the partner's first user (and its
    organisation admin), who can sign in at once but sees vacancies and candidates only once
    Kemnaker has verified the partner."""
    draft, problems = rules.check_application(
        name=name, nib=nib, sector=sector, kbli=kbli, address=address, regency_code=regency_code,
        contact_name=contact_name, contact_email=contact_email, contact_phone=contact_phone,
        fair_chance_policy=fair_chance_policy,
    )  # fmt: skip
    if (problem := rules.password_problem(password)) is not None:
        problems["password"] = problem
    province = None
    if draft.regency_code and "regency_code" not in problems:
        try:
            province = (await PlacesRepo(conn).get_regency(draft.regency_code)).province_code
        except NotFound:
            problems["regency_code"] = f"kabupaten/kota dengan kode {draft.regency_code} tidak dikenal"
    refuse(problems)
    assert province is not None
    repo = PartnerRepo(conn)
    if await repo.nib_taken(draft.nib):
        raise Duplicate("nib", f"NIB {draft.nib} sudah terdaftar sebagai mitra; hubungi Kemnaker bila ini keliru")
    if await UserRepo(conn).find_by_email(draft.contact_email) is not None:
        raise Duplicate("contact_email", f"email {draft.contact_email} sudah dipakai akun lain")
    async with conn.transaction():
        profile = await repo.apply(
            external_id=f"MITRA-{draft.nib}-{secrets.token_hex(2)}", name=draft.name, nib=draft.nib,
            sector=draft.sector, kbli=draft.kbli, address=draft.address, province_code=province,
            regency_code=draft.regency_code, contact_name=draft.contact_name, contact_email=draft.contact_email,
            contact_phone=draft.contact_phone, fair_chance_policy=draft.fair_chance_policy,
        )  # fmt: skip
        user = await create_user(conn, PUBLIC, email=draft.contact_email, name=draft.contact_name, role="employer",
                                 password=password, employer_id=profile.employer.id)  # fmt: skip
        await OrganisationRepo(conn).set_org_admin(user.id, True)
        await AuditRepo(conn).add(
            Actor(user.id, "employer"),
            "partner.apply",
            "employer",
            profile.employer.id,
            detail={"nib": draft.nib, "kbli": draft.kbli, "regency_code": draft.regency_code},
        )
    return profile, user


async def update_partner(
    conn: Any, actor: Actor, employer_id: int, *, name: str, sector: str, kbli: str, address: str,
    regency_code: str, contact_name: str, contact_email: str, contact_phone: str, fair_chance_policy: str,
) -> PartnerProfile:  # fmt: skip
    """Correct a partner's company data with the same checks as its application. The NIB is the
    partner's key and stays; so do the status and its reason (changed only by Kemnaker's decisions)."""
    repo = PartnerRepo(conn)
    current = await repo.get(employer_id)
    draft, problems = rules.check_application(
        name=name, nib=current.nib or "0000000000000", sector=sector, kbli=kbli, address=address,
        regency_code=regency_code, contact_name=contact_name, contact_email=contact_email,
        contact_phone=contact_phone, fair_chance_policy=fair_chance_policy,
    )  # fmt: skip
    province = None
    if draft.regency_code and "regency_code" not in problems:
        try:
            province = (await PlacesRepo(conn).get_regency(draft.regency_code)).province_code
        except NotFound:
            problems["regency_code"] = f"kabupaten/kota dengan kode {draft.regency_code} tidak dikenal"
    refuse(problems)
    assert province is not None
    async with conn.transaction():
        profile = await repo.update(
            employer_id, name=draft.name, sector=draft.sector, kbli=draft.kbli, address=draft.address,
            province_code=province, regency_code=draft.regency_code, contact_name=draft.contact_name,
            contact_email=draft.contact_email, contact_phone=draft.contact_phone,
            fair_chance_policy=draft.fair_chance_policy,
        )  # fmt: skip
        before, after = _company(current), _company(profile)
        await AuditRepo(conn).add(actor, "partner.update", "employer", employer_id,
                                  detail={"fields": sorted(k for k in after if after[k] != before[k])})  # fmt: skip
    return profile


def _company(p: PartnerProfile) -> dict[str, str | None]:
    e = p.employer
    return {"name": e.name, "sector": e.sector, "kbli": p.kbli, "address": p.address, "regency_code": e.regency_code,
            "contact_name": p.contact_name, "contact_email": e.contact_email, "contact_phone": p.contact_phone,
            "fair_chance_policy": p.fair_chance_policy}  # fmt: skip


async def change_partner_status(
    conn: Any, actor: Actor, employer_id: int, action: str, reason: str | None = None
) -> PartnerProfile:
    """``verify`` or ``reject`` a pending application, ``suspend`` an active partner (reason
    required), ``reactivate`` a suspended one. Two staff at once: the row lock lets one win."""
    repo = PartnerRepo(conn)
    async with conn.transaction():
        current = await repo.get_for_update(employer_id)
        target, problems = rules.partner_move(current.employer.partner_status, action, reason)
        refuse(problems)
        text = (reason or "").strip() or None
        await repo.set_status(employer_id, target, text, actor.user_id)
        await AuditRepo(conn).add(actor, f"partner.{action}", "employer", employer_id, reason=text,
                                  detail={"from": current.employer.partner_status, "to": target})  # fmt: skip
        await notifications.partner_status_changed(conn, employer_id, target, text)  # its users hear
        return await repo.get(employer_id)

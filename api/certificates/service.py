"""Asesi and enrolment use cases: the people an LSP assessor may assess, and their enrolment.

An assessor finds, sees and assesses only the own LSP's *asesi*: people a Bapas officer (or
their facility, or an import) enrolled with that LSP, or, for a first-party LSP inside a Lapas,
that facility's people. Anyone else — unknown, erased or simply not enrolled — is the same "not
found", and the attempt is audited. Every list and look-up is an audit event too.

A Bapas officer enrols only the own Bapas' clients. The certification rules themselves (what may
be recorded or issued) stay in ``certification.service``; this module is the capability's reads
and the enrolment writes, over the repositories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.certificates.messages import message
from api.web.auth import Principal
from api.web.errors import InvalidInput
from models.errors import Conflict, NotFound
from models.records import Actor, Inmate, Lsp
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from models.repositories.enrolments import Assessee, Enrolment, EnrolmentRepo, EnrolmentView
from models.repositories.inmates import InmateRepo

PAGE_SIZE = 20
MAX_QUERY = 100


class Refused(InvalidInput):
    """Input refused, with a message ``code`` (api/certificates/messages.py) and the field it is
    about; the API answers 422 with the Indonesian message, pages show it next to the field."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(field, message(code))
        self.code = code


class AlreadyEnrolled(Conflict):
    """The person already has a live enrolment with the LSP (409)."""

    code = "already_enrolled"
    field = "lsp_id"

    def __init__(self) -> None:
        super().__init__(message(self.code))


class NotAssessee(NotFound):
    """Not among the LSP's asesi (unknown, erased or not enrolled: indistinguishable)."""

    def __init__(self, key: object) -> None:
        super().__init__("inmate", key)


@dataclass(frozen=True)
class AssesseePage:
    items: list[Assessee]
    total: int
    page: int
    size: int
    query: str


async def _lsp(conn: Any, principal: Principal) -> Lsp:
    if principal.lsp_id is None:
        raise NotAssessee(None)
    return await CatalogueRepo(conn).get_lsp(principal.lsp_id)


async def _refused(conn: Any, principal: Principal, attempt: str, key: object, inmate_id: int | None = None) -> None:
    await AuditRepo(conn).add(
        principal.actor,
        "assessee.refused",
        "inmate",
        key,
        subject_inmate_id=inmate_id,
        reason="not enrolled with this LSP",
        detail={"attempt": attempt, "lsp_id": principal.lsp_id},
    )


# --- assessor: the LSP's asesi -----------------------------------------------------------------
async def search_assessees(conn: Any, principal: Principal, query: str = "", page: int = 1) -> AssesseePage:
    """One page (``PAGE_SIZE``) of the assessor's asesi whose name contains ``query`` or whose
    registration number or pseudonym starts with it; every person shown is an audited read."""
    query = query.strip()[:MAX_QUERY]
    page = max(page, 1)
    lsp = await _lsp(conn, principal)
    items, total = await EnrolmentRepo(conn).search_assessees(
        lsp.id, lsp.home_facility_id, query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    audit = AuditRepo(conn)
    await audit.add(principal.actor, "assessee.search", "lsp", lsp.id,
                    detail={"q": query, "page": page, "shown": len(items), "total": total})  # fmt: skip
    await audit.add_reads(principal.actor, "assessee.list", [a.inmate_id for a in items])
    return AssesseePage(items, total, page, PAGE_SIZE, query)


async def find_assessee(conn: Any, principal: Principal, handle: str) -> Assessee:
    """The asesi whose pseudonym (WB-…) or registration number is ``handle``; ``Refused`` on the
    ``person`` field when blank, ``NotAssessee`` (audited) when not among the LSP's asesi."""
    handle = handle.strip()[:MAX_QUERY]
    if not handle:
        raise Refused("person", "person_required")
    lsp = await _lsp(conn, principal)
    found = await EnrolmentRepo(conn).find_assessee(lsp.id, lsp.home_facility_id, handle)
    if found is None:
        await _refused(conn, principal, "lookup", handle)
        raise NotAssessee(handle)
    await AuditRepo(conn).add(principal.actor, "assessee.lookup", "inmate", found.inmate_id,
                              subject_inmate_id=found.inmate_id, detail={"by": "handle"})  # fmt: skip
    return found


async def get_assessee(conn: Any, principal: Principal, inmate_id: int) -> Assessee:
    """One of the LSP's asesi by id; ``NotAssessee`` (audited) for anyone else."""
    lsp = await _lsp(conn, principal)
    found = await EnrolmentRepo(conn).get_assessee(lsp.id, lsp.home_facility_id, inmate_id)
    if found is None:
        await _refused(conn, principal, "view", inmate_id, inmate_id)
        raise NotAssessee(inmate_id)
    await AuditRepo(conn).add(principal.actor, "assessee.lookup", "inmate", inmate_id,
                              subject_inmate_id=inmate_id, detail={"by": "id"})  # fmt: skip
    return found


# --- Bapas officer: enrol own clients ----------------------------------------------------------
async def _own_client(conn: Any, principal: Principal, handle: str) -> Inmate:
    handle = handle.strip()[:MAX_QUERY]
    if not handle:
        raise Refused("person", "person_required")
    repo = InmateRepo(conn)
    try:
        person = await (repo.get_by_pseudonym(handle.upper()) if handle.upper().startswith("WB-")
                        else repo.get_by_external_id(handle))  # fmt: skip
    except NotFound:
        person = None
    if person is None or person.bapas_id != principal.bapas_id or person.anonymised_at is not None:
        raise Refused("person", "client_not_found")
    return person


async def enrol(conn: Any, principal: Principal, *, person: str | None = None, inmate_id: int | None = None,
                lsp_id: int | None) -> Enrolment:  # fmt: skip
    """Enrol an own client (by pseudonym/registration number, or id) with an LSP, so that LSP's
    assessors may assess them. A P1 LSP takes only its own facility's people (automatically)."""
    if inmate_id is not None:
        try:
            client = await InmateRepo(conn).get(inmate_id)
        except NotFound:
            raise Refused("person", "client_not_found") from None
        if client.bapas_id != principal.bapas_id or client.anonymised_at is not None:
            raise Refused("person", "client_not_found")
    else:
        client = await _own_client(conn, principal, person or "")
    if lsp_id is None:
        raise Refused("lsp_id", "lsp_required")
    try:
        lsp = await CatalogueRepo(conn).get_lsp(lsp_id)
    except NotFound:
        raise Refused("lsp_id", "lsp_required") from None
    if lsp.home_facility_id is not None:
        if lsp.home_facility_id == client.facility_id:
            raise AlreadyEnrolled()  # a P1 LSP's own facility is enrolled automatically
        raise Refused("lsp_id", "lsp_home_facility")
    async with conn.transaction():
        repo = EnrolmentRepo(conn)
        try:
            enrolment = await repo.add(lsp_id=lsp.id, inmate_id=client.id, source="officer",
                                       enrolled_by=principal.user_id)  # fmt: skip
        except Conflict:
            raise AlreadyEnrolled() from None
        await AuditRepo(conn).add(principal.actor, "enrolment.add", "enrolment", enrolment.id,
                                  subject_inmate_id=client.id, detail={"lsp": lsp.code})  # fmt: skip
    return enrolment


async def enrol_from_training(conn: Any, actor: Actor, *, inmate_id: int, lsp_id: int) -> Enrolment | None:
    """Register a person who completed a training class with the LSP of the class's scheme (source
    ``facility``), so that LSP's assessors may assess them. Nothing to do (None) when a live
    enrolment exists already or a first-party LSP serves the person's own facility; a P1 LSP of
    another facility takes no one (None too). The caller owns the transaction and the scope check."""
    lsp = await CatalogueRepo(conn).get_lsp(lsp_id)
    if lsp.home_facility_id is not None:
        return None
    repo = EnrolmentRepo(conn)
    if await repo.is_enrolled(lsp.id, inmate_id):
        return None
    enrolment = await repo.add(lsp_id=lsp.id, inmate_id=inmate_id, source="facility", enrolled_by=actor.user_id)
    await AuditRepo(conn).add(actor, "enrolment.add", "enrolment", enrolment.id, subject_inmate_id=inmate_id,
                              detail={"lsp": lsp.code, "via": "training"})  # fmt: skip
    return enrolment


async def withdraw(conn: Any, principal: Principal, enrolment_id: int) -> Enrolment:
    """End an own client's enrolment; another Bapas' enrolment is 'not found'."""
    repo = EnrolmentRepo(conn)
    async with conn.transaction():
        try:
            enrolment = await repo.get(enrolment_id)
            client = await InmateRepo(conn).get(enrolment.inmate_id)
        except NotFound:
            raise NotFound("enrolment", enrolment_id) from None
        if client.bapas_id != principal.bapas_id or enrolment.withdrawn_at is not None:
            raise NotFound("enrolment", enrolment_id)
        ended = await repo.withdraw(enrolment_id, by=principal.user_id)
        await AuditRepo(conn).add(principal.actor, "enrolment.withdraw", "enrolment", enrolment_id,
                                  subject_inmate_id=client.id, detail={"lsp_id": enrolment.lsp_id})  # fmt: skip
    return ended


async def client_enrolments(conn: Any, principal: Principal, page: int = 1) -> tuple[list[EnrolmentView], int]:
    """One page of the officer's clients' live enrolments, newest first (an audited read)."""
    repo = EnrolmentRepo(conn)
    bapas_id = principal.bapas_id or 0
    page = max(page, 1)
    items = await repo.list_for_bapas(bapas_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    await AuditRepo(conn).add_reads(principal.actor, "enrolment.list", [v.enrolment.inmate_id for v in items])
    return items, await repo.count_for_bapas(bapas_id)


async def enrollable_lsps(conn: Any) -> list[Lsp]:
    """LSPs an officer can pick: the P2/P3 ones (a P1 enrols its own facility by itself)."""
    return [lsp for lsp in await CatalogueRepo(conn).list_lsps() if lsp.home_facility_id is None]

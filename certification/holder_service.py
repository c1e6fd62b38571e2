"""Holder access use cases: claim code + PIN, the holder's own view, share links, and the Bapas
officer's documents and release papers for an own client.

Every access is an audit event (actor role ``holder`` for the person without an account, with the
claim id and client address). A wrong code and a wrong PIN are one and the same refusal; PIN
attempts are counted under the claim's row lock and each outcome is committed before the refusal
is raised, so a failed attempt always counts. An officer of another Bapas gets the plain "not
found" an unknown number gets, and the attempt is audited.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from certification import holder, registry, registry_service, rules, service
from certification.errors import CertificateNotFound, CertificationError
from certification.ports import Clock, HolderStores, KeyStore
from models.errors import Conflict, NotFound
from models.records import Actor, Assessment, CertificateClaim, CertificateDetail, CertificateShare

HOLDER = Actor(user_id=None, role="holder")
PUBLIC_SHARE = Actor(user_id=None, role="public")  # whoever opens a share link
VIEW_DAYS = 30  # verification counts shown on the holder page


class WrongClaim(CertificationError):
    """The code and PIN do not open a certificate (either may be wrong: never said which)."""

    def __init__(self) -> None:
        super().__init__("kode klaim atau PIN salah", "pin")


class ClaimLocked(CertificationError):
    """Too many wrong PINs for this code: try again in ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"terlalu banyak percobaan; coba lagi dalam {seconds} detik", "pin")
        self.seconds = seconds


class ShareNotFound(CertificationError):
    """Unknown, expired or revoked share link (all the same to the reader)."""

    def __init__(self) -> None:
        super().__init__("not found", "token")


@dataclass(frozen=True)
class ClaimSlip:
    """What the release papers print: the code and the PIN, shown only at issue or reprint."""

    detail: CertificateDetail
    code: str  # as printed, XXXX-XXXX-XXXX
    pin: str


@dataclass(frozen=True)
class HolderView:
    detail: CertificateDetail
    status: rules.Status
    code: str
    shares: tuple[tuple[CertificateShare, bool], ...]  # (share, live now)
    views: tuple[tuple[date, int, int], ...]  # (day, verifications, share views)
    facility_bound: bool = False  # the LSP names a facility: a facility-free credential is offered


@dataclass(frozen=True)
class SharedCertificate:
    """What a live share link opens: the certificate, and what the holder chose to show."""

    detail: CertificateDetail
    kind: str  # registry.FULL | registry.FACILITY_FREE
    facility_free: registry.FacilityFreeView | None = None


# --- claims ----------------------------------------------------------------------------------
# scrypt costs tens of milliseconds of CPU by design: off the event loop, in worker threads.
async def _hash(pin: str) -> str:
    return await asyncio.to_thread(holder.hash_pin, pin)


async def _check(pin: str, stored: str) -> bool:
    return await asyncio.to_thread(holder.check_pin, pin, stored)


@cache
def _decoy() -> str:
    """A hash to check an unknown code's PIN against, so it answers as slowly as a wrong PIN."""
    return holder.hash_pin(holder.new_pin())


async def _new_claim(stores: HolderStores, certificate_id: int, pin: str, by: int | None) -> CertificateClaim:
    for _ in range(8):  # 60 random bits: a taken code is a near impossibility, retried anyway
        claim = await stores.claims.add(certificate_id=certificate_id, code=holder.new_code(),
                                        pin_hash=await _hash(pin), by=by)  # fmt: skip
        if claim is not None:
            return claim
        existing = await stores.claims.for_certificate(certificate_id)
        if existing is not None:
            return existing
    raise Conflict("no free claim code")


async def _slip(stores: HolderStores, actor: Actor, detail: CertificateDetail, *, clock: Clock) -> ClaimSlip:
    """A claim for the certificate with a new PIN (a first one, or a reset that voids the old)."""
    cert = detail.certificate
    pin = holder.new_pin()
    async with stores.transaction():
        claim = await stores.claims.for_certificate(cert.id)
        if claim is None:
            claim = await _new_claim(stores, cert.id, pin, actor.user_id)
            action = "holder.claim_issue"
        else:
            action = "holder.pin_reset"
            claim = await stores.claims.set_pin(claim.id, await _hash(pin), by=actor.user_id, at=clock.now())
        if not await _erased(stores, cert.inmate_id):  # after an erasure the kept name stays as it is
            await stores.holder_names.keep(cert.id, detail.holder_name, cert.valid_until)
        await stores.holder_names.purge(clock.today())
        await stores.audit.add(actor, action, "certificate", cert.id, subject_inmate_id=cert.inmate_id,
                               detail={"claim_id": claim.id})  # fmt: skip
    return ClaimSlip(detail, holder.display_code(claim.code), pin)


# --- the full name after an erasure -----------------------------------------------------------
async def _erased(stores: HolderStores, inmate_id: int) -> bool:
    try:
        return (await stores.inmates.get(inmate_id)).anonymised_at is not None
    except NotFound:
        return True


async def _with_name(stores: HolderStores, detail: CertificateDetail, today: date) -> CertificateDetail:
    """``detail`` with the holder's full name: after an erasure of the profile the certificate
    itself keeps only initials, and the name kept (encrypted) for the certificate's validity is
    what the holder's own documents print. Unchanged when the profile is not erased."""
    if not await _erased(stores, detail.certificate.inmate_id):
        return detail
    kept = await stores.holder_names.get(detail.certificate.id, today)
    return detail if kept is None else replace(detail, holder_name=kept)


async def issue_claim(stores: HolderStores, actor: Actor, number: str, *, clock: Clock,
                      lsp_scope: int | None) -> ClaimSlip:  # fmt: skip
    """The claim code and a first PIN for a certificate the assessor just issued (shown once)."""
    detail = await service.get_certificate(stores, actor, number, purpose="claim", lsp_scope=lsp_scope)
    return await _slip(stores, actor, detail, clock=clock)


async def claim_code(stores: HolderStores, certificate_id: int) -> str | None:
    """The printed form of the certificate's claim code, if it has one (for the PDF)."""
    claim = await stores.claims.for_certificate(certificate_id)
    return None if claim is None else holder.display_code(claim.code)


async def open_claim(stores: HolderStores, code: str, pin: str, *, clock: Clock, client: str) -> int:
    """The claim id that ``code`` + ``pin`` open; ``WrongClaim`` or ``ClaimLocked`` otherwise."""
    typed = holder.normalise_code(code)
    now = clock.now()
    refusal: CertificationError | None = None
    async with stores.transaction():
        claim = await stores.claims.lock_by_code(typed) if holder.well_formed_code(typed) else None
        if claim is None:
            await _check(pin, await asyncio.to_thread(_decoy))
            await stores.audit.add(HOLDER, "holder.claim_refused", "certificate_claim", None,
                                   reason="unknown code", detail={"client": client})  # fmt: skip
            refusal = WrongClaim()
        elif wait := holder.locked_for(claim.locked_until, now):
            refusal = ClaimLocked(wait)
            await stores.audit.add(HOLDER, "holder.claim_refused", "certificate", claim.certificate_id,
                                   reason="locked", detail={"claim_id": claim.id, "client": client})  # fmt: skip
        elif not await _check(pin, claim.pin_hash):
            count, until = holder.after_failure(claim.failed_attempts, now)
            await stores.claims.record_attempt(claim.id, failed_attempts=count, locked_until=until)
            await stores.audit.add(HOLDER, "holder.claim_refused", "certificate", claim.certificate_id,
                                   reason="wrong pin", detail={"claim_id": claim.id, "client": client,
                                                               "failed_attempts": count})  # fmt: skip
            refusal = ClaimLocked(holder.locked_for(until, now)) if until else WrongClaim()
        else:
            await stores.claims.record_attempt(claim.id, failed_attempts=0, locked_until=None)
            await stores.audit.add(HOLDER, "holder.claim_open", "certificate", claim.certificate_id,
                                   detail={"claim_id": claim.id, "client": client})  # fmt: skip
    if refusal is not None or claim is None:
        raise refusal or WrongClaim()
    return claim.id


async def _claimed(stores: HolderStores, claim_id: int) -> tuple[CertificateClaim, CertificateDetail]:
    claim = await stores.claims.get(claim_id)
    if claim is None:
        raise CertificateNotFound("")
    try:
        return claim, await stores.certificates.detail(claim.certificate_id)
    except NotFound:
        raise CertificateNotFound("") from None


async def _audit(stores: HolderStores, action: str, claim: CertificateClaim, detail: CertificateDetail,
                 client: str, **extra: Any) -> None:  # fmt: skip
    await stores.audit.add(HOLDER, action, "certificate", claim.certificate_id,
                           subject_inmate_id=detail.certificate.inmate_id,
                           detail={"claim_id": claim.id, "client": client, **extra})  # fmt: skip


async def holder_view(stores: HolderStores, claim_id: int, *, clock: Clock, client: str) -> HolderView:
    """The holder's certificate with its status, share links and verification counts per day."""
    async with stores.transaction():
        claim, detail = await _claimed(stores, claim_id)
        await _audit(stores, "holder.view", claim, detail, client)
        now = clock.now()
        shares = tuple((s, holder.share_live(s.expires_at, s.revoked_at, now))
                       for s in await stores.claims.shares(claim.id))  # fmt: skip
        views = tuple(await stores.claims.views_by_day(claim.certificate_id, clock.today() - timedelta(days=VIEW_DAYS)))
        bound = await registry_service.facility_bound(stores, detail)
        detail = await _with_name(stores, detail, clock.today())
    status = rules.derive_status(detail.certificate, clock.today())
    return HolderView(detail, status, holder.display_code(claim.code), shares, views, bound)


async def holder_document(stores: HolderStores, claim_id: int, kind: str, *, client: str,
                          today: date | None = None) -> CertificateDetail:  # fmt: skip
    """The certificate behind the claim, for its PDF (``kind``), with the holder's full name
    (also after an erasure, while the certificate is valid: pass ``today``); audited."""
    async with stores.transaction():
        claim, detail = await _claimed(stores, claim_id)
        await _audit(stores, f"holder.{kind}", claim, detail, client)
        if today is not None:
            detail = await _with_name(stores, detail, today)
    return detail


async def holder_credential(stores: HolderStores, claim_id: int, *, keystore: KeyStore, clock: Clock,
                            base_url: str, client: str) -> dict[str, Any]:  # fmt: skip
    """The signed Verifiable Credential for the holder's wallet (audited)."""
    detail = await holder_document(stores, claim_id, "vc", client=client, today=clock.today())
    return await service.export_credential(stores, HOLDER, detail.certificate.number, keystore=keystore,
                                           clock=clock, base_url=base_url, holder_name=detail.holder_name)  # fmt: skip


async def holder_facility_free_credential(stores: HolderStores, claim_id: int, *, keystore: KeyStore,
                                         clock: Clock, base_url: str, client: str) -> dict[str, Any]:  # fmt: skip
    """The facility-free credential (certification.registry) for the holder's wallet (audited);
    ``NotFacilityBound`` when the certificate names no facility."""
    detail = await holder_document(stores, claim_id, "vc_facility_free", client=client, today=clock.today())
    return await registry_service.facility_free_credential(stores, HOLDER, detail, keystore=keystore,
                                                           clock=clock, base_url=base_url)  # fmt: skip


class WalletLinkNotFound(CertificationError):
    """Unknown or expired wallet link."""

    def __init__(self) -> None:
        super().__init__("not found", "token")


async def create_wallet_link(stores: HolderStores, claim_id: int, kind: str, *, clock: Clock,
                             client: str) -> tuple[str, int]:  # fmt: skip
    """A token for a short-lived URL (``holder.WALLET_MINUTES``) from which a wallet app fetches
    the credential (``kind`` full, or facility_free for a facility-bound LSP's certificate);
    returned once, only its hash is kept. ValueError for another kind."""
    if kind not in registry.SHARE_KINDS:
        raise ValueError(kind)
    token = holder.new_share_token()
    async with stores.transaction():
        claim, detail = await _claimed(stores, claim_id)
        if kind == registry.FACILITY_FREE and not await registry_service.facility_bound(stores, detail):
            raise ValueError(kind)
        await stores.claims.add_wallet_link(claim.id, holder.token_hash(token), kind, holder.wallet_expiry(clock.now()))
        await _audit(stores, "holder.wallet_link", claim, detail, client, kind=kind)
    return token, holder.WALLET_MINUTES


async def open_wallet_link(stores: HolderStores, token: str, *, keystore: KeyStore, clock: Clock, base_url: str,
                           client: str) -> dict[str, Any]:  # fmt: skip
    """The signed credential a live wallet link points to (audited); ``WalletLinkNotFound`` for an
    unknown or expired one."""
    async with stores.transaction():
        found = await stores.claims.wallet_link(holder.token_hash(token.strip()[:100]))
        if found is None or found[2] <= clock.now():
            await stores.audit.add(HOLDER, "holder.wallet_refused", "certificate_claim",
                                   None if found is None else found[0], detail={"client": client})  # fmt: skip
            refused = True
        else:
            refused = False
    if refused or found is None:
        raise WalletLinkNotFound()
    claim_id, kind, _expires = found
    if kind == registry.FACILITY_FREE:
        return await holder_facility_free_credential(stores, claim_id, keystore=keystore, clock=clock,
                                                     base_url=base_url, client=client)  # fmt: skip
    return await holder_credential(stores, claim_id, keystore=keystore, clock=clock, base_url=base_url, client=client)


async def create_share(stores: HolderStores, claim_id: int, days: int, *, clock: Clock,
                       client: str, kind: str = registry.FULL) -> tuple[CertificateShare, str]:  # fmt: skip
    """A new read-only link living ``days`` (one of ``holder.SHARE_DAYS``) that shows the whole
    certificate or (``kind`` facility_free, for a facility-bound LSP's) only the facility-free
    facts; the token is returned once, only its hash is kept. ValueError for another lifetime or
    kind, or too many live links."""
    if kind not in registry.SHARE_KINDS:
        raise ValueError(kind)
    now = clock.now()
    expires = holder.share_expiry(days, now)
    token = holder.new_share_token()
    async with stores.transaction():
        claim, detail = await _claimed(stores, claim_id)
        if kind == registry.FACILITY_FREE and not await registry_service.facility_bound(stores, detail):
            raise ValueError(kind)
        live = [s for s in await stores.claims.shares(claim.id) if holder.share_live(s.expires_at, s.revoked_at, now)]
        if len(live) >= holder.MAX_LIVE_SHARES:
            raise ValueError("too many live share links")
        share = await stores.claims.add_share(claim.id, holder.token_hash(token), expires, kind)
        await _audit(stores, "holder.share_create", claim, detail, client, share_id=share.id, days=days, kind=kind)
    return share, token


async def revoke_share(stores: HolderStores, claim_id: int, share_id: int, *, clock: Clock, client: str) -> None:
    """End one of the holder's links now; ``ShareNotFound`` when it is not theirs or already ended."""
    async with stores.transaction():
        claim, detail = await _claimed(stores, claim_id)
        if not await stores.claims.revoke_share(claim.id, share_id, clock.now()):
            raise ShareNotFound()
        await _audit(stores, "holder.share_revoke", claim, detail, client, share_id=share_id)


async def open_share(stores: HolderStores, token: str, *, clock: Clock, client: str) -> SharedCertificate:
    """The certificate a live share link shows, with what the holder chose to show (a
    facility-free share carries only its facility-free facts); ``ShareNotFound`` for unknown,
    expired or revoked."""
    async with stores.transaction():
        found = await stores.claims.share_by_token(holder.token_hash(token.strip()[:100]))
        if found is None or not holder.share_live(found[0].expires_at, found[0].revoked_at, clock.now()):
            await stores.audit.add(HOLDER, "holder.share_refused", "certificate_share",
                                   None if found is None else found[0].id, detail={"client": client})  # fmt: skip
            refused = True
        else:
            refused = False
            detail = await stores.certificates.detail(found[1])
            await stores.audit.add(PUBLIC_SHARE, "holder.share_view", "certificate", found[1],
                                   subject_inmate_id=detail.certificate.inmate_id,
                                   detail={"share_id": found[0].id, "client": client})  # fmt: skip
    if refused:
        raise ShareNotFound()
    kind = found[0].kind if found is not None else registry.FULL
    detail = await _with_name(stores, detail, clock.today())
    if kind == registry.FACILITY_FREE:
        view = await registry_service.facility_free_view(stores, detail, holder=detail.holder_name)
        return SharedCertificate(detail, kind, view)
    return SharedCertificate(detail, kind)


# --- renewal after an erasure, by the holder's claim code -----------------------------------------
async def certificate_by_claim_code(stores: HolderStores, actor: Actor, code: str, *,
                                    lsp_scope: int | None) -> CertificateDetail:  # fmt: skip
    """The certificate whose claim code the holder showed an assessor of its LSP (the PIN stays
    the holder's); an unknown code or another LSP's certificate is ``CertificateNotFound``
    (audited either way). What lets the LSP reassess and renew a person whose profile was erased."""
    typed = holder.normalise_code(code)
    async with stores.transaction():
        claim = await stores.claims.lock_by_code(typed) if holder.well_formed_code(typed) else None
        detail = None if claim is None else await stores.certificates.detail(claim.certificate_id)
        if detail is None or (lsp_scope is not None and detail.certificate.lsp_id != lsp_scope):
            await stores.audit.add(actor, "certificate.refused", "certificate_claim", None,
                                   reason="unknown claim code", detail={"purpose": "renewal"})  # fmt: skip
            refused = True
        else:
            refused = False
            await stores.audit.add(actor, "certificate.claim_lookup", "certificate", detail.certificate.id,
                                   subject_inmate_id=detail.certificate.inmate_id)  # fmt: skip
    if refused or detail is None:
        raise CertificateNotFound("")
    return detail


async def assess_for_renewal(stores: HolderStores, actor: Actor, code: str, assessor_id: int, assessed_on: date,
                             results: tuple[Any, ...], *, clock: Clock, lsp_scope: int | None,
                             tuk_id: int | None = None) -> tuple[Assessment, CertificateDetail]:  # fmt: skip
    """Record an assessment of the holder of the certificate behind ``code`` against its scheme,
    for its renewal: allowed while the certificate is active or suspended (not revoked, not
    replaced), even when the holder's profile was erased."""
    detail = await certificate_by_claim_code(stores, actor, code, lsp_scope=lsp_scope)
    cert = detail.certificate
    if rules.derive_status(cert, clock.today()).state in (rules.REVOKED, rules.RENEWED):
        raise CertificateNotFound("")
    new = service.NewAssessment(cert.inmate_id, cert.scheme_id, assessor_id, assessed_on, results, tuk_id)
    assessment = await service.record_assessment(stores, actor, new, clock=clock, lsp_scope=lsp_scope,
                                                 for_renewal_of=cert)  # fmt: skip
    return assessment, detail


async def renew(stores: HolderStores, actor: Actor, number: str, kind: str, *, clock: Clock, keystore: KeyStore,
                lsp_scope: int | None) -> ClaimSlip:  # fmt: skip
    """Renew (certification.service.renew) and give the new certificate its claim code and PIN;
    the holder's kept full name passes to the new certificate (for its validity), so a holder
    whose profile was erased keeps a full-name certificate."""
    try:
        return await _renew(stores, actor, number, kind, clock=clock, keystore=keystore, lsp_scope=lsp_scope)
    except service.ElsewhereCertificate as exc:  # the refusal audited inside was rolled back with the rest
        await service.audit_elsewhere(stores, actor, exc, "certificate.renew")
        raise


async def _renew(stores: HolderStores, actor: Actor, number: str, kind: str, *, clock: Clock, keystore: KeyStore,
                 lsp_scope: int | None) -> ClaimSlip:  # fmt: skip
    async with stores.transaction():
        old = await stores.certificates.find_by_number(number)
        kept = None if old is None else await stores.holder_names.get(old.id, clock.today())
        detail = await service.renew(stores, actor, number, kind, clock=clock, keystore=keystore,
                                     lsp_scope=lsp_scope)  # fmt: skip
        new = detail.certificate
        if kept is not None and await _erased(stores, new.inmate_id):
            await stores.holder_names.keep(new.id, kept, new.valid_until)
        return await _slip(stores, actor, detail, clock=clock)


# --- the person's Bapas officer -------------------------------------------------------------------
async def client_certificate(stores: HolderStores, actor: Actor, bapas_id: int | None, number: str,
                             *, purpose: str) -> CertificateDetail:  # fmt: skip
    """A certificate of an own client (the person's Bapas is the officer's); the read is audited.
    Anyone else's is ``CertificateNotFound``, like an unknown number, and the attempt is audited."""
    async with stores.transaction():
        cert = await stores.certificates.find_by_number(number)
        person = None
        if cert is not None:
            try:
                person = await stores.inmates.get(cert.inmate_id)
            except NotFound:
                person = None
        if cert is None or person is None or bapas_id is None or person.bapas_id != bapas_id:
            await stores.audit.add(actor, "certificate.refused", "certificate", None if cert is None else cert.id,
                                   reason="not an own client", detail={"purpose": purpose})  # fmt: skip
            refused = True
        else:
            refused = False
            detail = await stores.certificates.detail(cert.id)
            await stores.audit.add(actor, f"certificate.{purpose}", "certificate", cert.id,
                                   subject_inmate_id=cert.inmate_id, detail={"by": "bapas_officer"})  # fmt: skip
    if refused:
        raise CertificateNotFound(number)
    return detail


async def client_credential(stores: HolderStores, actor: Actor, bapas_id: int | None, number: str, *,
                            keystore: KeyStore, clock: Clock, base_url: str) -> dict[str, Any]:  # fmt: skip
    detail = await client_certificate(stores, actor, bapas_id, number, purpose="vc")
    return await service.export_credential(stores, actor, detail.certificate.number, keystore=keystore,
                                           clock=clock, base_url=base_url)  # fmt: skip


async def release_papers(stores: HolderStores, actor: Actor, bapas_id: int | None, number: str, *,
                         clock: Clock) -> ClaimSlip:  # fmt: skip
    """The printable release papers for an own client's certificate: the claim code and a new PIN
    (the previous PIN stops working)."""
    detail = await client_certificate(stores, actor, bapas_id, number, purpose="release_papers")
    return await _slip(stores, actor, detail, clock=clock)

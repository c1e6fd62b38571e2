"""Registry use cases: the facility-free credential of a facility-bound (P1) LSP's certificate,
the deployment's DID document with the registry keys, the registry's status lists, and the
public page of a facility-free credential (certification.registry says what it holds and why).

The deployment signs with its own key (``KeyStore`` key of the code ``registry``, public half in
``registry_keys``), generated on first use; every key stays in the DID document.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from certification import dids, proofs, registry, rules, service, status_lists
from certification.documents import verify_url
from certification.errors import CertificateNotFound, CertificationError
from certification.ports import Clock, HolderStores, KeyStore
from models.errors import Conflict, NotFound
from models.records import Actor, Certificate, CertificateDetail, RegistryEntry, RegistryKey

REGISTRY_KEY_CODE = "registry"
PUBLIC_ID_BYTES = 18  # 24 url-safe characters


class NotFacilityBound(CertificationError):
    """Only a facility-bound (P1) LSP's certificate gets a facility-free credential: any other
    names no facility, and the holder shares the certificate itself."""

    def __init__(self) -> None:
        super().__init__("sertifikat ini tidak menyebut fasilitas; bagikan sertifikatnya langsung", "kind")


async def _key(stores: HolderStores, keystore: KeyStore) -> RegistryKey:
    reg = stores.registry
    key = await reg.active_key()
    if key is None:
        await reg.lock_keys()
        key = await reg.active_key()
        if key is None:
            key_id, public = keystore.create(REGISTRY_KEY_CODE)
            key = await reg.add_key(key_id, public)
    return key


def _sign(doc: dict[str, Any], base_url: str, key: RegistryKey, keystore: KeyStore, clock: Clock) -> dict[str, Any]:
    return proofs.add_proof(
        doc,
        verification_method=dids.verification_method_id(registry.registry_did(base_url), key.key_id),
        created=clock.now(),
        sign=lambda message: keystore.sign(key.key_id, message),
    )


async def _entry(stores: HolderStores, cert: Certificate) -> RegistryEntry:
    """The certificate's registry entry, drawn at random on first use (as the LSP lists do)."""
    reg = stores.registry
    entry = await reg.get(cert.id)
    if entry is not None:
        return entry
    list_no = await reg.current_list()
    for attempt in range(1, 65):
        entry = await reg.add(
            certificate_id=cert.id,
            public_id=secrets.token_urlsafe(PUBLIC_ID_BYTES),
            list_no=list_no,
            status_index=secrets.randbelow(status_lists.LIST_SIZE),
            holder_salt=secrets.token_urlsafe(16),
        )
        if entry is None:
            entry = await reg.get(cert.id)
        if entry is not None:
            return entry
        if attempt % 16 == 0:
            list_no += 1
    raise Conflict("no free registry status list position")


async def facility_bound(stores: HolderStores, detail: CertificateDetail) -> bool:
    """Whether the certificate's LSP names a facility (so a facility-free credential is offered)."""
    lsp = await stores.catalogue.get_lsp(detail.certificate.lsp_id)
    return registry.derives_facility(lsp.kind, lsp.home_facility_id)


async def facility_free_credential(
    stores: HolderStores, actor: Actor, detail: CertificateDetail, *, keystore: KeyStore, clock: Clock, base_url: str
) -> dict[str, Any]:
    """The facility-free OpenBadgeCredential of ``detail`` signed now by the registry key
    (``NotFacilityBound`` for a certificate that names no facility). Audited."""
    async with stores.transaction():
        lsp = await stores.catalogue.get_lsp(detail.certificate.lsp_id)
        if not registry.derives_facility(lsp.kind, lsp.home_facility_id):
            raise NotFacilityBound()
        cert = detail.certificate
        original = await service.status_entry(stores, cert)
        entry = await _entry(stores, cert)
        key = await _key(stores, keystore)
        await stores.audit.add(actor, "certificate.export_facility_free", "certificate", cert.id,
                               subject_inmate_id=cert.inmate_id, detail={"public_id": entry.public_id})  # fmt: skip
    doc = registry.build_registry_credential(
        detail,
        lsp.licence_number,
        base_url,
        entry,
        original_id=verify_url(base_url.rstrip("/"), cert.number),
        original_salt=original.holder_salt,
    )
    return _sign(doc, base_url, key, keystore, clock)


async def facility_free_view(
    stores: HolderStores, detail: CertificateDetail, *, holder: str
) -> registry.FacilityFreeView:
    """The facility-free facts of ``detail`` for a page (its registry entry made on first use)."""
    async with stores.transaction():
        lsp = await stores.catalogue.get_lsp(detail.certificate.lsp_id)
        entry = await _entry(stores, detail.certificate)
    return registry.facility_free_view(detail, lsp.licence_number, entry.public_id, holder)


async def deployment_did_document(stores: HolderStores, base_url: str) -> dict[str, Any]:
    """The deployment's DID document: the LSP issuers it hosts and the registry's keys."""
    codes = {r.lsp_code for r in await stores.signing_keys.list_published()}
    keys = [dids.DidKey(k.key_id, k.public_key) for k in await stores.registry.keys()]
    return dids.deployment_did_document(dids.deployment_did(base_url), [dids.lsp_did(base_url, c) for c in codes], keys)


async def registry_status_list(
    stores: HolderStores, base_url: str, list_no: int, purpose: str, *, keystore: KeyStore, clock: Clock
) -> dict[str, Any]:
    """One of the registry's Bitstring Status List credentials as of now, signed by its key; the
    bits mirror the original certificates'. NotFound for an unknown purpose or list number."""
    if purpose not in status_lists.PURPOSES:
        raise NotFound("status list", purpose)
    async with stores.transaction():
        keys = await stores.registry.keys()
        if not keys or not 0 <= list_no <= await stores.registry.current_list():
            raise NotFound("status list", list_no)
        members = await stores.registry.members(list_no)
        key = await _key(stores, keystore)
    today = clock.today()
    doc = status_lists.status_list_credential(
        registry.list_url(base_url, list_no, purpose),
        registry.registry_did(base_url),
        purpose,
        [m.status_index for m in members if purpose in status_lists.flags(m.certificate, today)],
        clock.now(),
    )
    return _sign(doc, base_url, key, keystore, clock)


@dataclass(frozen=True)
class FacilityFreeVerification:
    view: registry.FacilityFreeView  # holder by initials
    status: rules.Status


async def verify_facility_free(stores: HolderStores, public_id: str, *, clock: Clock) -> FacilityFreeVerification:
    """The public page of a facility-free credential: its facts with the holder's initials and the
    live status of the original; counted like any anonymous verification. CertificateNotFound
    for an unknown id."""
    async with stores.transaction():
        entry = await stores.registry.by_public_id(public_id[:80])
        if entry is None:
            raise CertificateNotFound("")
        detail = await stores.certificates.detail(entry.certificate_id)
        lsp = await stores.catalogue.get_lsp(detail.certificate.lsp_id)
        await stores.verification_counts.count(entry.certificate_id, clock.today())
    view = registry.facility_free_view(detail, lsp.licence_number, entry.public_id, rules.initials(detail.holder_name))
    return FacilityFreeVerification(view, rules.derive_status(detail.certificate, clock.today()))

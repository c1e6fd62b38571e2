"""Certification JSON API for LSP assessors: assessments, issuing, lifecycle, documents, CSV import.

Assessors act only within their own LSP (``lsp_scope``); admins rotate signing keys.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from api.certificates import enrolment_routes
from api.certificates.stores import certification_stores, holder_stores
from api.imports import service as imports
from api.web import deps
from api.web.auth import Principal, public, require_role
from api.web.stores import embed_inmate_now
from certification import holder_service, registry_service, rules, service
from certification.documents import render_model, render_pdf
from certification.ports import CertificationStores, Clock, HolderStores, KeyStore
from models.records import CertificateDetail, UnitResult

router = APIRouter(prefix="/api/v1", tags=["certification"])
router.include_router(enrolment_routes.router)  # asesi search, enrolments
ASSESSOR = require_role("lsp_assessor")
# Certificates carry the holder's full name: assessors of the issuing LSP only (admins manage
# accounts and keys, not personal data; the public sees initials on /verify).
READER = require_role("lsp_assessor")


class DidJSON(Response):
    """A DID document (``application/did+json``), as the OpenAPI description says too."""

    media_type = "application/did+json"


class CredentialJSON(Response):
    """A Verifiable Credential 2.0 (``application/vc``, IANA 2024)."""

    media_type = "application/vc"


def json_object(response: type[Response]) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of a 200 whose body is one JSON object of ``response``'s type."""
    return {200: {"content": {str(response.media_type): {"schema": {"type": "object"}}}}}


# --- dependencies --------------------------------------------------------------------------------
def clock(request: Request) -> Clock:
    return deps.clock(request)  # type: ignore[no-any-return]


def keystore(request: Request) -> KeyStore:
    return deps.keystore(request)  # type: ignore[no-any-return]


def scope(who: Principal) -> int | None:
    return who.lsp_id if who.role == "lsp_assessor" else None


# --- bodies --------------------------------------------------------------------------------------
class UnitResultIn(BaseModel):
    unit_code: str = Field(min_length=1, max_length=64)
    result: str = Field(pattern="^(K|BK)$")
    evidence: str = Field("", max_length=2000)


class AssessmentIn(BaseModel):
    inmate_id: int
    scheme_id: int
    assessed_on: date
    results: list[UnitResultIn] = Field(min_length=1, max_length=200)
    assessor_id: int | None = None  # defaults to the signed-in assessor
    tuk_id: int | None = None


class IssueIn(BaseModel):
    inmate_id: int
    scheme_id: int


class ReasonIn(BaseModel):
    reason: str = Field(min_length=3, max_length=1000)


class SuspendIn(ReasonIn):
    until: date | None = None


class RenewIn(BaseModel):
    kind: str = Field(pattern="^(surveillance|recertification)$")


def certificate_json(detail: CertificateDetail, today: date) -> dict[str, Any]:
    c = detail.certificate
    status = rules.derive_status(c, today)
    return {
        "number": c.number,
        "status": {"state": status.state, "reason": status.reason, "until": status.until},
        "scheme": {"id": c.scheme_id, "code": detail.scheme_code, "title": detail.scheme_title},
        "lsp": {"code": detail.lsp_code, "name": detail.lsp_name},
        "holder": {"inmate_id": c.inmate_id, "pseudonym": detail.holder_id, "name": detail.holder_name},
        "units": [{"code": u.code, "title": u.title} for u in detail.units],
        "issued_on": c.issued_on,
        "valid_until": c.valid_until,
        "key_id": c.key_id,
        "renewed_from": detail.renewed_from_number,
        "renewed_to": detail.renewed_to_number,
        "renewal_kind": detail.renewal_kind,
    }


# --- routes --------------------------------------------------------------------------------------
@router.post("/assessments", status_code=201)
async def record_assessment(
    body: AssessmentIn,
    who: Principal = Depends(ASSESSOR),
    stores: CertificationStores = Depends(certification_stores),
    clk: Clock = Depends(clock),
) -> dict[str, Any]:
    """Record an assessment (K/BK per unit) of one person against one scheme of your LSP."""
    assessor_id = who.assessor_id or body.assessor_id
    if assessor_id is None:
        from certification.errors import InvalidInput

        raise InvalidInput("assessor_id is required", "assessor_id")
    new = service.NewAssessment(
        body.inmate_id,
        body.scheme_id,
        assessor_id,
        body.assessed_on,
        tuple(UnitResult(r.unit_code, r.result, r.evidence) for r in body.results),
        body.tuk_id,
    )
    a = await service.record_assessment(stores, who.actor, new, clock=clk, lsp_scope=scope(who))
    return {
        "id": a.id,
        "inmate_id": a.inmate_id,
        "scheme_id": a.scheme_id,
        "assessor_id": a.assessor_id,
        "assessed_on": a.assessed_on,
        "results": [{"unit_code": r.unit_code, "result": r.result} for r in a.results],
    }


@router.post("/assessments/import")
async def import_assessments(
    request: Request,
    who: Principal = Depends(ASSESSOR),
    conn: Any = Depends(deps.connection),
    stores: CertificationStores = Depends(certification_stores),
    clk: Clock = Depends(clock),
    keys: KeyStore = Depends(keystore),
) -> dict[str, Any]:
    """Import a CSV (body, ``text/csv``, UTF-8) of results, one row per person x unit.

    All-or-nothing: a bad row gives 422 naming the line and column, and nothing is stored.
    Complete person x scheme pairs get certificates; the rest are listed with the reason.
    """
    body = await request.body()
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        from certification.errors import InvalidInput

        raise InvalidInput("the CSV must be UTF-8", "file") from None
    report = await imports.import_assessments_csv(
        conn, who.actor, text, stores=stores, clock=clk, keystore=keys, lsp_scope=scope(who)
    )
    return {
        "rows": report.rows,
        "assessments": report.assessments,
        "issued": [{"inmate": e, "scheme": s, "number": n} for e, s, n in report.issued],
        "not_issued": [{"inmate": e, "scheme": s, "reason": r} for e, s, r in report.not_issued],
    }


@router.post("/certificates", status_code=201)
async def issue_certificate(
    body: IssueIn,
    who: Principal = Depends(ASSESSOR),
    stores: CertificationStores = Depends(certification_stores),
    clk: Clock = Depends(clock),
    keys: KeyStore = Depends(keystore),
    holders: HolderStores = Depends(holder_stores),
    conn: Any = Depends(deps.connection),
    encoder: Any = Depends(deps.encoder),
    matcher: Any = Depends(deps.matcher),
) -> dict[str, Any]:
    """Issue a signed certificate when every unit of the scheme is K (409/422 with the reason if not).

    The answer carries the holder's ``claim`` code and PIN, shown this once: hand them to the
    person (the Bapas officer can reprint them later, with a new PIN)."""
    detail = await service.issue_certificate(
        stores, who.actor, body.inmate_id, body.scheme_id, clock=clk, keystore=keys, lsp_scope=scope(who)
    )
    slip = await holder_service.issue_claim(holders, who.actor, detail.certificate.number, clock=clk,
                                            lsp_scope=scope(who))  # fmt: skip
    if encoder is not None:  # the new certificate counts in the next search
        await embed_inmate_now(conn, encoder, body.inmate_id, clk.today(), matcher)
    return certificate_json(detail, clk.today()) | {"claim": {"code": slip.code, "pin": slip.pin}}


@router.post("/certificates/{number:path}/suspend")
async def suspend(
    number: str, body: SuspendIn, who: Principal = Depends(ASSESSOR),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
) -> dict[str, Any]:  # fmt: skip
    """Suspend (*dibekukan*) with a reason, optionally until a date."""
    await service.suspend(stores, who.actor, number, body.reason, body.until, clock=clk, lsp_scope=scope(who))
    return await _detail(stores, who, number, clk)


@router.post("/certificates/{number:path}/unsuspend")
async def unsuspend(
    number: str, body: ReasonIn, who: Principal = Depends(ASSESSOR),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
) -> dict[str, Any]:  # fmt: skip
    """Lift a suspension."""
    await service.unsuspend(stores, who.actor, number, body.reason, clock=clk, lsp_scope=scope(who))
    return await _detail(stores, who, number, clk)


@router.post("/certificates/{number:path}/revoke")
async def revoke(
    number: str, body: ReasonIn, who: Principal = Depends(ASSESSOR),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
) -> dict[str, Any]:  # fmt: skip
    """Revoke for good; the certificate stays visible as revoked with the reason."""
    await service.revoke(stores, who.actor, number, body.reason, clock=clk, lsp_scope=scope(who))
    return await _detail(stores, who, number, clk)


@router.post("/certificates/{number:path}/renew", status_code=201)
async def renew(
    number: str, body: RenewIn, who: Principal = Depends(ASSESSOR),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
    keys: KeyStore = Depends(keystore), holders: HolderStores = Depends(holder_stores),
) -> dict[str, Any]:  # fmt: skip
    """Renew (surveillance or recertification) from assessments recorded since the old certificate.

    The new certificate gets its own ``claim`` code and PIN (shown this once), and the holder's
    full name passes to it even when the profile was erased (see ``/renewals/assessments``)."""
    slip = await holder_service.renew(holders, who.actor, number, body.kind, clock=clk, keystore=keys,
                                      lsp_scope=scope(who))  # fmt: skip
    return certificate_json(slip.detail, clk.today()) | {"claim": {"code": slip.code, "pin": slip.pin}}


class RenewalAssessmentIn(BaseModel):
    claim_code: str = Field(min_length=12, max_length=40)
    assessed_on: date
    results: list[UnitResultIn] = Field(min_length=1, max_length=200)
    assessor_id: int | None = None
    tuk_id: int | None = None


@router.post("/renewals/assessments", status_code=201)
async def record_renewal_assessment(
    body: RenewalAssessmentIn, who: Principal = Depends(ASSESSOR),
    holders: HolderStores = Depends(holder_stores), clk: Clock = Depends(clock),
) -> dict[str, Any]:  # fmt: skip
    """Assess the holder of one of your LSP's certificates for its renewal, by the claim code the
    holder shows (printed on the PDF and the release papers): the person and scheme come from the
    certificate, and this works even when the holder's profile was erased (while the certificate
    is active or suspended). Then renew with ``POST /certificates/{number}/renew``. An unknown
    code or another LSP's certificate is a plain 404."""
    assessor_id = who.assessor_id or body.assessor_id
    if assessor_id is None:
        from certification.errors import InvalidInput

        raise InvalidInput("assessor_id is required", "assessor_id")
    results = tuple(UnitResult(r.unit_code, r.result, r.evidence) for r in body.results)
    a, detail = await holder_service.assess_for_renewal(
        holders, who.actor, body.claim_code, assessor_id, body.assessed_on, results, clock=clk,
        lsp_scope=scope(who), tuk_id=body.tuk_id,
    )  # fmt: skip
    return {"id": a.id, "certificate": detail.certificate.number, "assessed_on": a.assessed_on,
            "results": [{"unit_code": r.unit_code, "result": r.result} for r in a.results]}  # fmt: skip


@router.get("/certificates/{number:path}/pdf")
async def certificate_pdf(
    request: Request, number: str, who: Principal = Depends(READER),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
    holders: HolderStores = Depends(holder_stores),
) -> Response:  # fmt: skip
    """The certificate as PDF (Bahasa Indonesia) with a QR code to the public verify page."""
    detail = await service.get_certificate(stores, who.actor, number, purpose="pdf", lsp_scope=scope(who))
    page = render_model(detail, clk.today(), request.app.state.settings.base_url)
    code = await holder_service.claim_code(holders, detail.certificate.id)
    pdf = render_pdf(dataclasses.replace(page, claim_code=code))
    name = number.replace("/", "-")
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'}
    )


@router.get("/certificates/{number:path}/html")
async def certificate_html(
    request: Request, number: str, who: Principal = Depends(READER),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
) -> Any:  # fmt: skip
    """The certificate as a printable HTML page (Bahasa Indonesia) with the QR code."""
    import base64

    from api.web.pages import render
    from certification.documents import qr_png

    detail = await service.get_certificate(stores, who.actor, number, purpose="view", lsp_scope=scope(who))
    page = render_model(detail, clk.today(), request.app.state.settings.base_url)
    qr = base64.b64encode(qr_png(page.verify_url)).decode("ascii")
    return render(request, "certificates/detail.html", {"page": page, "qr": qr})


@router.get("/certificates/{number:path}/vc", response_class=CredentialJSON, responses=json_object(CredentialJSON))
async def certificate_vc(
    request: Request, number: str, who: Principal = Depends(READER),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
    keys: KeyStore = Depends(keystore),
) -> Response:  # fmt: skip
    """The certificate as a W3C Verifiable Credential 2.0 / Open Badges 3.0 ``OpenBadgeCredential``:
    issuer the LSP's ``did:web``, holder by salted name hash (the name as a display field),
    Bitstring Status List entries for revocation and suspension, and an ``eddsa-jcs-2022`` Data
    Integrity proof over the whole credential. Standard verifiers and wallets accept it; offline:
    ``binakerja verify FILE.json --did DID.json --status REVOCATION.json --status SUSPENSION.json``."""
    doc = await service.export_credential(
        stores, who.actor, number, keystore=keys, clock=clk,
        base_url=request.app.state.settings.base_url, lsp_scope=scope(who),
    )  # fmt: skip
    name = number.replace("/", "-")
    return CredentialJSON(
        json.dumps(doc, ensure_ascii=False, indent=2),
        headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
    )


@router.get("/certificates/{number:path}")
async def certificate(
    number: str,
    who: Principal = Depends(READER),
    stores: CertificationStores = Depends(certification_stores),
    clk: Clock = Depends(clock),
) -> dict[str, Any]:
    """One certificate of your LSP with the holder's name (the read is audited)."""
    return await _detail(stores, who, number, clk)


async def _detail(stores: CertificationStores, who: Principal, number: str, clk: Clock) -> dict[str, Any]:
    detail = await service.get_certificate(stores, who.actor, number, lsp_scope=scope(who))
    return certificate_json(detail, clk.today())


@router.post("/lsps/{lsp_id}/keys/rotate", status_code=201)
async def rotate_key(
    lsp_id: int, who: Principal = Depends(require_role("admin")),
    stores: CertificationStores = Depends(certification_stores), keys: KeyStore = Depends(keystore),
) -> dict[str, Any]:  # fmt: skip
    """Retire the LSP's signing key and start a new one; old certificates keep verifying."""
    key = await service.rotate_key(stores, who.actor, lsp_id, keystore=keys)
    return {"key_id": key.key_id, "lsp_id": key.lsp_id, "created_at": key.created_at}


# --- public: the issuers' DID documents and status lists ----------------------------------------
# No sign-in: what a wallet or an employer's verifier resolves. Cached for five minutes, so a
# revocation or suspension reaches verifiers within that time.
public_router = APIRouter(tags=["credentials"])
CACHE = {"Cache-Control": "public, max-age=300"}


def _json(doc: dict[str, Any], response: type[Response]) -> Response:
    return response(json.dumps(doc, ensure_ascii=False), headers=CACHE)


@public_router.get("/.well-known/did.json", response_class=DidJSON, responses=json_object(DidJSON))
async def deployment_did(
    request: Request, _: Any = Depends(public), stores: HolderStores = Depends(holder_stores)
) -> Response:
    """The deployment's ``did:web`` DID document: it names the DID of every LSP that issues here,
    and lists the registry's keys (the deployment signs facility-free credentials itself)."""
    doc = await registry_service.deployment_did_document(stores, request.app.state.settings.base_url)
    return _json(doc, DidJSON)


@public_router.get("/lsp/{code:path}/did.json", response_class=DidJSON, responses=json_object(DidJSON))
async def lsp_did(
    request: Request, code: str, _: Any = Depends(public),
    stores: CertificationStores = Depends(certification_stores),
) -> Response:  # fmt: skip
    """An LSP's ``did:web`` DID document (``did:web:<host>:lsp:<code>``): every signing key it ever
    had, active and retired, as ``Multikey`` Ed25519 assertion methods, so credentials signed
    before a key rotation keep verifying. 404 for an LSP that has not signed anything."""
    doc = await service.lsp_did_document(stores, request.app.state.settings.base_url, code)
    return _json(doc, DidJSON)


@public_router.get(
    "/lsp/{code:path}/status/{list_no:int}/{purpose}",
    response_class=CredentialJSON,
    responses=json_object(CredentialJSON),
)
async def status_list(
    request: Request, code: str, list_no: int, purpose: str, _: Any = Depends(public),
    stores: CertificationStores = Depends(certification_stores), clk: Clock = Depends(clock),
    keys: KeyStore = Depends(keystore),
) -> Response:  # fmt: skip
    """A ``BitstringStatusListCredential`` (``purpose`` = ``revocation`` or ``suspension``) of the
    LSP, as of now and signed by it (``eddsa-jcs-2022``): bit *i* is set when the credential whose
    ``statusListIndex`` is *i* is revoked (or replaced by a renewal), or suspended."""
    doc = await service.status_list_credential(
        stores, request.app.state.settings.base_url, code, list_no, purpose, keystore=keys, clock=clk
    )
    return _json(doc, CredentialJSON)


@public_router.get(
    "/registry/status/{list_no:int}/{purpose}", response_class=CredentialJSON, responses=json_object(CredentialJSON)
)
async def registry_status_list(
    request: Request, list_no: int, purpose: str, _: Any = Depends(public),
    stores: HolderStores = Depends(holder_stores), clk: Clock = Depends(clock), keys: KeyStore = Depends(keystore),
) -> Response:  # fmt: skip
    """A ``BitstringStatusListCredential`` of the deployment as registry (``purpose`` =
    ``revocation`` or ``suspension``), signed by the deployment's ``did:web``: the status of the
    facility-free credentials, whose bits mirror their original certificates'."""
    doc = await registry_service.registry_status_list(
        stores, request.app.state.settings.base_url, list_no, purpose, keystore=keys, clock=clk
    )
    return _json(doc, CredentialJSON)

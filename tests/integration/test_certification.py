"""Certification on the real PostgreSQL: assessment rules, issuing, lifecycle, signatures,
documents, VC export and the CSV import."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from api.certificates.stores import PgCertificationStores
from api.imports import assessments
from certification import credentials, service
from certification.documents import render_model, render_pdf
from certification.errors import (
    ActiveCertificateExists,
    AssessorInactive,
    AssessorNotInLsp,
    CertificateNotFound,
    FutureDate,
    IncompleteAssessment,
    InvalidTransition,
    LicenceLapsed,
    OutOfScope,
    UnitAlreadyCompetent,
    UnitNotInScheme,
)
from certification.service import NewAssessment
from certification.signing import FileKeyStore, parse_keys_document
from models.errors import ImportRowError, NotFound
from models.records import Actor, UnitResult
from models.repositories.audit import AuditRepo
from models.repositories.catalogue import CatalogueRepo
from tests import factories as f

TODAY = date(2025, 6, 2)
ASSESSOR = Actor(user_id=None, role="lsp_assessor")
WELD = [u.code for u in f.WELDING_UNITS]


class FixedClock:
    def __init__(self, today: date = TODAY) -> None:
        self.day = today

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 12)


@dataclass
class World:
    lsp: int
    welding: int
    bakery: int
    assessor: int
    other_assessor: int
    person: int
    keys: FileKeyStore
    clock: FixedClock


@pytest.fixture
def keys(tmp_path: Path) -> FileKeyStore:
    return FileKeyStore(tmp_path / "keys")


async def make_world(conn: asyncpg.Connection, keys: FileKeyStore) -> World:
    fac = await f.places(conn)
    cat = await f.catalogue(conn)
    repo = CatalogueRepo(conn)
    other_lsp = await repo.add_lsp(f.uid("LSP"), "LSP Lain", "P3", "BNSP-LSP-0002-ID", date(2030, 1, 1), "{seq}")
    other = await repo.add_assessor(f.uid("MET.000.1"), "Asesor Lain", other_lsp.id, date(2024, 1, 1), date(2029, 1, 1))
    person = await f.inmate(conn, fac["lapas"], fac["bapas"], name="Budi Santoso")
    await f.enrol(conn, cat["lsp"], person)
    return World(cat["lsp"], cat["welding"], cat["bakery"], cat["assessor"], other.id, person, keys, FixedClock())


def results(**by_unit: str) -> tuple[UnitResult, ...]:
    return tuple(UnitResult(code, r, "observasi") for code, r in by_unit.items())


def all_weld(result: str = "K") -> tuple[UnitResult, ...]:
    return tuple(UnitResult(c, result) for c in WELD)


async def assess(
    conn, w: World, res, *, on: date = TODAY - timedelta(days=3), assessor: int | None = None, scheme=None
):
    return await service.record_assessment(
        PgCertificationStores(conn),
        ASSESSOR,
        NewAssessment(w.person, scheme or w.welding, assessor or w.assessor, on, tuple(res)),
        clock=w.clock,
    )


async def issue(conn, w: World, scheme=None):
    return await service.issue_certificate(
        PgCertificationStores(conn), ASSESSOR, w.person, scheme or w.welding, clock=w.clock, keystore=w.keys
    )


async def count(conn, table: str) -> int:
    return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608 - fixed table names


# --- assessments -------------------------------------------------------------------------------
async def test_assessment_recorded_with_results_and_audit(conn, keys) -> None:
    w = await make_world(conn, keys)
    a = await assess(conn, w, all_weld())
    assert [r.unit_code for r in a.results] == WELD
    events = await AuditRepo(conn).search(subject_inmate_id=w.person, action="assessment.record")
    assert len(events) == 1 and events[0].detail["results"][WELD[0]] == "K"


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("other_lsp", AssessorNotInLsp),
        ("inactive", AssessorInactive),
        ("future", FutureDate),
        ("foreign_unit", UnitNotInScheme),
    ],
)
async def test_assessment_refused_and_nothing_written(conn, keys, case, error) -> None:
    w = await make_world(conn, keys)
    before = await count(conn, "assessments")
    kwargs: dict = {}
    res = all_weld()
    if case == "other_lsp":
        kwargs["assessor"] = w.other_assessor
    elif case == "inactive":
        kwargs["on"] = date(2023, 12, 31)  # assessor active from 2024-01-01
    elif case == "future":
        kwargs["on"] = TODAY + timedelta(days=1)
    else:
        res = (*all_weld(), UnitResult(f.BAKERY_UNITS[0].code, "K"))
    with pytest.raises(error) as exc:
        await assess(conn, w, res, **kwargs)
    assert exc.value.field
    assert await count(conn, "assessments") == before


async def test_reassessment_allowed_on_bk_units_only(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, results(**{WELD[0]: "K", WELD[1]: "BK", WELD[2]: "K"}), on=TODAY - timedelta(days=20))
    with pytest.raises(IncompleteAssessment) as exc:
        await issue(conn, w)
    assert exc.value.not_competent == (WELD[1],) and exc.value.missing == ()
    with pytest.raises(UnitAlreadyCompetent):
        await assess(conn, w, results(**{WELD[0]: "K"}))
    await assess(conn, w, results(**{WELD[1]: "K"}))  # only the BK unit, later
    detail = await issue(conn, w)
    assert sorted(detail.certificate.unit_codes) == sorted(WELD)
    assert detail.certificate.status == "active"


# --- issuing -----------------------------------------------------------------------------------
async def test_issue_numbers_dates_signature_and_audit(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    detail = await issue(conn, w)
    c = detail.certificate
    lsp = await CatalogueRepo(conn).get_lsp(w.lsp)
    scheme = await CatalogueRepo(conn).get_scheme(w.welding)
    assert c.number == f"{lsp.code}/{scheme.code}/2025/000001"
    assert c.issued_on == TODAY and c.valid_until == date(2028, 6, 2)
    assert c.key_id and c.signature
    assert (await service.verify_by_number(PgCertificationStores(conn), c.number, clock=w.clock)).signature_valid
    events = await AuditRepo(conn).search(subject_inmate_id=w.person, action="certificate.issue")
    assert events and events[0].detail["number"] == c.number
    # private key on disk, owner-only
    key_file = keys.key_dir / f"{c.key_id}.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    # a second person gets the next number of the same counter
    other = await f.inmate(
        conn, *(await conn.fetchrow("SELECT facility_id, bapas_id FROM inmates WHERE id=$1", w.person))
    )
    await f.enrol(conn, w.lsp, other)
    await service.record_assessment(
        PgCertificationStores(conn),
        ASSESSOR,
        NewAssessment(other, w.welding, w.assessor, TODAY, all_weld()),
        clock=w.clock,
    )
    second = await service.issue_certificate(
        PgCertificationStores(conn), ASSESSOR, other, w.welding, clock=w.clock, keystore=keys
    )
    assert second.certificate.number.endswith("/2025/000002")
    assert second.certificate.key_id == c.key_id  # one key per LSP, generated once


async def test_issue_refused_when_unit_missing(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, results(**{WELD[0]: "K", WELD[1]: "K"}))
    with pytest.raises(IncompleteAssessment) as exc:
        await issue(conn, w)
    assert exc.value.missing == (WELD[2],)
    assert await count(conn, "certificates") == 0
    assert await count(conn, "certificate_sequences") == 0


async def test_issue_refused_when_active_certificate_exists(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    await issue(conn, w)
    await assess(conn, w, all_weld(), on=TODAY)  # a new cycle
    with pytest.raises(ActiveCertificateExists):
        await issue(conn, w)
    assert await count(conn, "certificates") == 1


async def test_issue_refused_when_licence_lapsed(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    await conn.execute("UPDATE lsps SET licence_valid_until = $2 WHERE id = $1", w.lsp, TODAY - timedelta(days=1))
    with pytest.raises(LicenceLapsed):
        await issue(conn, w)
    assert await count(conn, "certificates") == 0


async def test_issue_refused_out_of_scope(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    with pytest.raises(OutOfScope):
        await service.issue_certificate(
            PgCertificationStores(conn),
            ASSESSOR,
            w.person,
            w.welding,
            clock=w.clock,
            keystore=keys,
            lsp_scope=w.lsp + 999,
        )


async def test_validity_per_scheme(conn, keys) -> None:
    w = await make_world(conn, keys)
    await conn.execute("UPDATE schemes SET validity_years = 5 WHERE id = $1", w.welding)
    await assess(conn, w, all_weld())
    assert (await issue(conn, w)).certificate.valid_until == date(2030, 6, 2)


# --- lifecycle ---------------------------------------------------------------------------------
async def test_suspend_unsuspend_revoke_with_audit(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    number = (await issue(conn, w)).certificate.number
    await service.suspend(
        PgCertificationStores(conn), ASSESSOR, number, "bukti diragukan", TODAY + timedelta(days=30), clock=w.clock
    )
    v = await service.verify_by_number(PgCertificationStores(conn), number, clock=w.clock)
    assert v.status.state == "suspended" and v.status.reason == "bukti diragukan"
    assert v.status.until == TODAY + timedelta(days=30)
    with pytest.raises(InvalidTransition):
        await service.suspend(PgCertificationStores(conn), ASSESSOR, number, "lagi", None, clock=w.clock)
    # the suspension ends by itself after its date
    later = FixedClock(TODAY + timedelta(days=31))
    assert (await service.verify_by_number(PgCertificationStores(conn), number, clock=later)).status.state == "active"
    await service.unsuspend(PgCertificationStores(conn), ASSESSOR, number, "klarifikasi diterima", clock=w.clock)
    await service.revoke(PgCertificationStores(conn), ASSESSOR, number, "pemalsuan bukti", clock=w.clock)
    v = await service.verify_by_number(PgCertificationStores(conn), number, clock=w.clock)
    assert v.status.state == "revoked" and v.status.reason == "pemalsuan bukti" and v.status.at is not None
    assert v.signature_valid  # status is not a signed fact; revoked stays visible
    with pytest.raises(InvalidTransition):
        await service.unsuspend(PgCertificationStores(conn), ASSESSOR, number, "tidak boleh", clock=w.clock)
    actions = [e.action for e in await AuditRepo(conn).search(subject_inmate_id=w.person, limit=50)]
    for action in ("certificate.suspend", "certificate.unsuspend", "certificate.revoke"):
        assert action in actions
    with pytest.raises(CertificateNotFound):
        await service.revoke(PgCertificationStores(conn), ASSESSOR, "NO/SUCH/1", "tidak ada", clock=w.clock)


async def test_expired_is_derived_and_renew_links(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    old = (await issue(conn, w)).certificate
    far = FixedClock(old.valid_until + timedelta(days=1))
    v = await service.verify_by_number(PgCertificationStores(conn), old.number, clock=far)
    assert v.status.state == "expired"
    with pytest.raises(IncompleteAssessment):  # renewal needs results recorded after the old one
        await service.renew(
            PgCertificationStores(conn), ASSESSOR, old.number, "recertification", clock=far, keystore=keys
        )
    await conn.execute("UPDATE assessors SET active_until = $2 WHERE id = $1", w.assessor, far.day)
    await conn.execute("UPDATE lsps SET licence_valid_until = $2 WHERE id = $1", w.lsp, far.day + timedelta(days=9))
    await service.record_assessment(
        PgCertificationStores(conn),
        ASSESSOR,
        NewAssessment(w.person, w.welding, w.assessor, far.day, all_weld()),
        clock=far,
    )
    new = await service.renew(
        PgCertificationStores(conn), ASSESSOR, old.number, "recertification", clock=far, keystore=keys
    )
    assert new.renewed_from_number == old.number and new.renewal_kind == "recertification"
    v_old = await service.verify_by_number(PgCertificationStores(conn), old.number, clock=far)
    assert v_old.status.state == "renewed" and v_old.renewed_to == new.certificate.number
    assert (
        await service.verify_by_number(PgCertificationStores(conn), new.certificate.number, clock=far)
    ).status.state == "active"
    with pytest.raises(InvalidTransition):
        await service.renew(PgCertificationStores(conn), ASSESSOR, old.number, "surveillance", clock=far, keystore=keys)
    assert await AuditRepo(conn).search(subject_inmate_id=w.person, action="certificate.renew")


async def test_revoked_then_reassessed_gets_new_certificate(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    first = (await issue(conn, w)).certificate
    await service.revoke(PgCertificationStores(conn), ASSESSOR, first.number, "dicabut", clock=w.clock)
    with pytest.raises(IncompleteAssessment):  # old results were consumed by the revoked one
        await issue(conn, w)
    await assess(conn, w, all_weld(), on=TODAY)
    assert (await issue(conn, w)).certificate.number != first.number


# --- signatures and keys -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE certificates SET valid_until = valid_until + 365 WHERE number = $1",
        "UPDATE certificates SET issued_on = issued_on - 1 WHERE number = $1",
        "UPDATE certificate_units SET unit_code = 'C.10ROT00.001.1' WHERE certificate_id = "
        "(SELECT id FROM certificates WHERE number = $1) AND unit_code = 'C.25LAS00.001.1'",
        "UPDATE inmates SET full_name = 'Bukan Budi' WHERE id = (SELECT inmate_id FROM certificates WHERE number = $1)",
        "UPDATE schemes SET title = 'Ahli Las' WHERE id = (SELECT scheme_id FROM certificates WHERE number = $1)",
        "UPDATE certificates SET signature = NULL WHERE number = $1",
    ],
)
async def test_tampered_row_fails_verification(conn, keys, tamper) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    number = (await issue(conn, w)).certificate.number
    await conn.execute(tamper, number)
    v = await service.verify_by_number(PgCertificationStores(conn), number, clock=w.clock)
    assert not v.signature_valid and v.signature_problem


async def test_key_rotation_keeps_old_certificates_verifying(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    old = (await issue(conn, w)).certificate
    new_key = await service.rotate_key(PgCertificationStores(conn), Actor(None, "admin"), w.lsp, keystore=keys)
    assert new_key.key_id != old.key_id
    await service.record_assessment(
        PgCertificationStores(conn),
        ASSESSOR,
        NewAssessment(w.person, w.bakery, w.assessor, TODAY, tuple(UnitResult(u.code, "K") for u in f.BAKERY_UNITS)),
        clock=w.clock,
    )
    bakery = (await issue(conn, w, scheme=w.bakery)).certificate
    assert bakery.key_id == new_key.key_id
    assert (await service.verify_by_number(PgCertificationStores(conn), old.number, clock=w.clock)).signature_valid
    assert (await service.verify_by_number(PgCertificationStores(conn), bakery.number, clock=w.clock)).signature_valid
    published, _ = parse_keys_document(await service.published_keys(PgCertificationStores(conn)))
    assert published[old.key_id].valid_until is not None  # retired, still published
    assert published[new_key.key_id].valid_until is None
    assert "PRIVATE" not in json.dumps(await service.published_keys(PgCertificationStores(conn)))


async def test_sign_unsigned_signs_demo_certificates(conn, keys) -> None:
    w = await make_world(conn, keys)
    cert_id = await f.certificate(conn, w.person, w.welding, w.lsp, WELD)
    number = await conn.fetchval("SELECT number FROM certificates WHERE id = $1", cert_id)
    assert not (await service.verify_by_number(PgCertificationStores(conn), number, clock=w.clock)).signature_valid
    assert await service.sign_unsigned(PgCertificationStores(conn), Actor(None, "system"), keystore=keys) == 1
    assert (await service.verify_by_number(PgCertificationStores(conn), number, clock=w.clock)).signature_valid
    assert await service.sign_unsigned(PgCertificationStores(conn), Actor(None, "system"), keystore=keys) == 0


# --- documents ---------------------------------------------------------------------------------
async def test_pdf_contains_number_scheme_units_and_holder(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    detail = await issue(conn, w)
    page = render_model(detail, TODAY, "https://binakerja.example")
    pdf = render_pdf(page, compress=False)
    assert pdf.startswith(b"%PDF")
    text = pdf.decode("latin-1")
    for expected in (
        detail.certificate.number,
        "Juru Las SMAW",
        "Budi Santoso",
        WELD[1],
        "Berlaku sampai: 2 Juni 2028",
    ):
        assert expected in text, expected
    assert "/Subtype /Image" in text  # the QR code
    assert page.verify_url == f"https://binakerja.example/verify/{detail.certificate.number}"
    # no printed status (it would stay on paper after a revocation: the QR is the status), and a
    # signatory block with the date
    assert "Status:" not in text and "Aktif" not in text
    assert "Ditetapkan pada" in text and "Ketua" in text and page.lsp_name in text


BASE = "https://binakerja.example"


async def export(conn, w: World, number: str) -> dict:
    stores = PgCertificationStores(conn)
    doc = await service.export_credential(stores, ASSESSOR, number, keystore=w.keys, clock=w.clock, base_url=BASE)
    return json.loads(json.dumps(doc))  # as written to and read from a file


async def snapshot(conn, w: World, doc: dict) -> tuple[list, list]:
    """The issuer's DID document and the status lists ``doc`` names, as the server serves them now."""
    stores = PgCertificationStores(conn)
    code = doc["issuer"]["id"].rsplit(":", 1)[1]
    lists = []
    for entry in doc["credentialStatus"]:
        list_no, purpose = entry["statusListCredential"].rsplit("/", 2)[1:]
        lists.append(
            await service.status_list_credential(
                stores, BASE, code, int(list_no), purpose, keystore=w.keys, clock=w.clock
            )
        )
    return [await service.lsp_did_document(stores, BASE, code)], json.loads(json.dumps(lists))


async def test_vc_export_shape_and_offline_verification(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    detail = await issue(conn, w)
    number = detail.certificate.number
    doc = await export(conn, w, number)
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["issuer"]["id"] == f"did:web:binakerja.example:lsp:{detail.lsp_code}"
    assert doc["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    alignment = doc["credentialSubject"]["achievement"]["alignment"]
    assert [a["targetCode"] for a in alignment] == WELD
    assert all(a["targetName"] and a["targetUrl"] for a in alignment)
    # the holder: salted hash plus the display name; no internal pseudonym anywhere
    subject = doc["credentialSubject"]
    assert subject["name"] == "Budi Santoso" and "id" not in subject
    assert subject["identifier"][0]["hashed"] is True and subject["identifier"][0]["identityHash"].startswith("sha256$")
    assert detail.holder_id not in json.dumps(doc)
    # every property and type is defined by the pinned VC 2.0 / OB 3.0.3 contexts
    assert credentials.undefined_terms(doc) == []
    assert credentials.undefined_terms({**doc, "nilaiRahasia": 1}) == ["nilaiRahasia"]
    assert credentials.undefined_terms({**doc, "@context": ["https://example.org/ctx"]}) == ["@context"]
    # a stable status position: a second export points at the same bits
    again = await export(conn, w, number)
    assert again["credentialStatus"] == doc["credentialStatus"]
    assert again["credentialSubject"]["identifier"] == doc["credentialSubject"]["identifier"]

    did_docs, lists = await snapshot(conn, w, doc)
    assert credentials.verify_credential(doc, did_docs, lists, TODAY).code == "valid"
    changed = json.loads(json.dumps(doc))
    changed["validUntil"] = "2099-01-01T00:00:00Z"
    assert credentials.verify_credential(changed, did_docs, lists, TODAY).code == "bad_signature"
    assert credentials.verify_credential(doc, [], lists, TODAY).code == "unknown_key"
    assert credentials.verify_credential({"type": "x"}, did_docs, lists, TODAY).code == "malformed"
    assert credentials.verify_credential(doc, did_docs, lists, date(2028, 6, 3)).code == "expired"

    stores = PgCertificationStores(conn)
    await service.suspend(stores, ASSESSOR, number, "pemeriksaan ulang", None, clock=w.clock)
    did_docs, lists = await snapshot(conn, w, doc)
    assert credentials.verify_credential(doc, did_docs, lists, TODAY).code == "suspended"
    await service.unsuspend(stores, ASSESSOR, number, "selesai diperiksa", clock=w.clock)
    did_docs, lists = await snapshot(conn, w, doc)
    assert credentials.verify_credential(doc, did_docs, lists, TODAY).code == "valid"
    await service.revoke(stores, ASSESSOR, number, "dicabut LSP", clock=w.clock)
    did_docs, lists = await snapshot(conn, w, doc)
    result = credentials.verify_credential(doc, did_docs, lists, TODAY)
    assert result.code == "revoked" and "revoked" in result.reason


async def test_credentials_signed_before_a_key_rotation_keep_verifying(conn, keys) -> None:
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    number = (await issue(conn, w)).certificate.number
    before = await export(conn, w, number)
    await service.rotate_key(PgCertificationStores(conn), Actor(None, "admin"), w.lsp, keystore=keys)
    after = await export(conn, w, number)
    assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]
    did_docs, lists = await snapshot(conn, w, after)
    assert len(did_docs[0]["assertionMethod"]) == 2  # the retired key stays an assertion method
    for doc in (before, after):
        assert credentials.verify_credential(doc, did_docs, lists, TODAY).code == "valid"


# --- concurrency -------------------------------------------------------------------------------
async def test_concurrent_issue_produces_exactly_one(pool: asyncpg.Pool, keys: FileKeyStore) -> None:
    async with pool.acquire() as setup, setup.transaction():
        w = await make_world(setup, keys)
        await assess(setup, w, all_weld())
    try:

        async def attempt() -> object:
            async with pool.acquire() as c:
                try:
                    return await issue(c, w)
                except ActiveCertificateExists as exc:
                    return exc

        outcomes = await asyncio.gather(attempt(), attempt())
        assert sum(isinstance(o, ActiveCertificateExists) for o in outcomes) == 1
        async with pool.acquire() as c:
            assert await c.fetchval("SELECT count(*) FROM certificates WHERE inmate_id = $1", w.person) == 1
    finally:
        async with pool.acquire() as c:
            await _cleanup(c, w)


async def test_concurrent_first_exports_share_one_status_position(pool: asyncpg.Pool, keys: FileKeyStore) -> None:
    async with pool.acquire() as setup, setup.transaction():
        w = await make_world(setup, keys)
        await assess(setup, w, all_weld())
        number = (await issue(setup, w)).certificate.number
    try:

        async def attempt() -> dict:
            async with pool.acquire() as c, c.transaction():
                return await export(c, w, number)

        first, second = await asyncio.gather(attempt(), attempt())
        assert first["credentialStatus"] == second["credentialStatus"]
        async with pool.acquire() as c:
            assert await c.fetchval("SELECT count(*) FROM certificate_status_entries e WHERE e.lsp_id = $1", w.lsp) == 1
    finally:
        async with pool.acquire() as c:
            await _cleanup(c, w)


async def _cleanup(c: asyncpg.Connection, w: World) -> None:
    """Remove what the committed concurrency test created (audit rows are append-only and stay)."""
    async with c.transaction():
        lsps = [w.lsp, await c.fetchval("SELECT lsp_id FROM assessors WHERE id = $1", w.other_assessor)]
        fac = await c.fetchrow("SELECT facility_id, bapas_id FROM inmates WHERE id = $1", w.person)
        await c.execute("DELETE FROM certificates WHERE lsp_id = ANY($1::bigint[])", lsps)
        await c.execute("DELETE FROM certificate_sequences WHERE lsp_id = ANY($1::bigint[])", lsps)
        await c.execute("DELETE FROM assessments WHERE inmate_id = $1", w.person)
        await c.execute("DELETE FROM signing_keys WHERE lsp_id = ANY($1::bigint[])", lsps)
        await c.execute("DELETE FROM consent_events WHERE inmate_id = $1", w.person)
        await c.execute("DELETE FROM inmates WHERE id = $1", w.person)
        await c.execute("DELETE FROM assessors WHERE lsp_id = ANY($1::bigint[])", lsps)
        await c.execute("DELETE FROM schemes WHERE lsp_id = ANY($1::bigint[])", lsps)
        await c.execute("DELETE FROM lsps WHERE id = ANY($1::bigint[])", lsps)
        await c.execute(
            "DELETE FROM facilities WHERE id IN (SELECT id FROM facilities WHERE bapas_id = $1 OR id = $1 OR id = $2)",
            fac["bapas_id"],
            fac["facility_id"],
        )


# --- CSV import --------------------------------------------------------------------------------
HEADER = "inmate_external_id,scheme_code,assessor_registration,assessed_on,unit_code,result,evidence\n"


async def _csv_world(conn, keys):
    w = await make_world(conn, keys)
    cat = CatalogueRepo(conn)
    scheme = await cat.get_scheme(w.welding)
    reg = (await cat.get_assessor(w.assessor)).registration_number
    fac = await conn.fetchrow("SELECT facility_id, bapas_id FROM inmates WHERE id = $1", w.person)
    second = await f.inmate(conn, fac["facility_id"], fac["bapas_id"], name="Siti Aminah")
    await f.enrol(conn, w.lsp, second)
    ext = {pid: await conn.fetchval("SELECT external_id FROM inmates WHERE id = $1", pid) for pid in (w.person, second)}
    return w, scheme.code, reg, ext[w.person], ext[second]


async def test_csv_import_bad_row_stores_nothing(conn, keys) -> None:
    w, scheme, reg, budi, siti = await _csv_world(conn, keys)
    good = "".join(f"{budi},{scheme},{reg},2025-05-20,{u},K,praktik\n" for u in WELD)
    cases = [
        (f"{siti},{scheme},{reg},2025-05-20,{WELD[0]},L,\n", "result"),
        (f"{siti},{scheme},{reg},2025-13-01,{WELD[0]},K,\n", "assessed_on"),
        (f"{siti},{scheme},{reg},2025-05-20,C.10ROT00.001.1,K,\n", "unit_code"),
        (f"WBP-NOPE,{scheme},{reg},2025-05-20,{WELD[0]},K,\n", "inmate_external_id"),
        (f"{siti},{scheme},{reg},2099-05-20,{WELD[0]},K,\n", "assessed_on"),  # future: a rule, not a parse
    ]
    before = (await count(conn, "assessments"), await count(conn, "certificates"))
    for bad, column in cases:
        with pytest.raises(ImportRowError) as exc:
            await assessments.import_assessments_csv(
                conn, ASSESSOR, HEADER + good + bad, stores=PgCertificationStores(conn), clock=w.clock, keystore=keys
            )
        assert exc.value.line == 5 and exc.value.field == column, (bad, exc.value)
        assert (await count(conn, "assessments"), await count(conn, "certificates")) == before
    with pytest.raises(ImportRowError) as exc:
        await assessments.import_assessments_csv(
            conn, ASSESSOR, "nama,hasil\nx,K\n", stores=PgCertificationStores(conn), clock=w.clock, keystore=keys
        )
    assert exc.value.field == "inmate_external_id"


async def test_csv_import_issues_complete_and_reports_rest(conn, keys) -> None:
    w, scheme, reg, budi, siti = await _csv_world(conn, keys)
    text = (
        HEADER
        + "".join(f"{budi},{scheme},{reg},2025-05-20,{u},K,praktik\n" for u in WELD)
        + f"{siti},{scheme},{reg},2025-05-20,{WELD[0]},K,\n"
        + f"{siti},{scheme},{reg},2025-05-20,{WELD[1]},BK,\n"
    )
    report = await assessments.import_assessments_csv(
        conn, ASSESSOR, text, stores=PgCertificationStores(conn), clock=w.clock, keystore=keys
    )
    assert report.rows == 5 and report.assessments == 2
    assert [(e, s) for e, s, _ in report.issued] == [(budi, scheme)]
    assert len(report.not_issued) == 1 and report.not_issued[0][0] == siti
    assert WELD[1] in report.not_issued[0][2] and WELD[2] in report.not_issued[0][2]
    number = report.issued[0][2]
    assert (await service.verify_by_number(PgCertificationStores(conn), number, clock=w.clock)).signature_valid


async def test_first_party_lsp_assesses_only_people_of_its_own_facility(conn, keys) -> None:
    w = await make_world(conn, keys)
    lapas = await conn.fetchval("SELECT facility_id FROM inmates WHERE id = $1", w.person)
    other_lapas = await conn.fetchval("SELECT id FROM facilities WHERE kind = 'lapas' AND id <> $1 LIMIT 1", lapas)
    await conn.execute("UPDATE lsps SET kind = 'P1', home_facility_id = $2 WHERE id = $1", w.lsp, other_lapas)
    before = await count(conn, "assessments")
    with pytest.raises(NotFound):
        await assess(conn, w, all_weld())
    with pytest.raises(NotFound):
        await issue(conn, w)
    assert await count(conn, "assessments") == before
    await conn.execute("UPDATE lsps SET home_facility_id = $2 WHERE id = $1", w.lsp, lapas)
    await assess(conn, w, all_weld())  # the person is in the LSP's own Lapas
    assert (await issue(conn, w)).certificate.status == "active"

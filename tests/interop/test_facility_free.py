"""Competence without the record (issue 14 item 4): the facility-free credential the deployment
issues as registry for a P1 LSP's certificate is accepted by the INDEPENDENT verifier (Digital
Bazaar's, tests/interop/verify.mjs), mirrors revocation and suspension through its own status
lists, fails on any change, and reveals no facility, LSP name or code, TUK, scheme or number."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.certificates.stores import PgCertificationStores
from certification import credentials, registry, registry_service, service
from certification.service import NewAssessment
from certification.signing import FileKeyStore
from models.records import Actor, UnitResult
from models.repositories.catalogue import CatalogueRepo
from tests import factories as f
from tests.integration.test_certification import BASE, TODAY, FixedClock
from tests.interop.test_standard_verifier import changed, node_verify

ASSESSOR = Actor(user_id=None, role="lsp_assessor")
LSP_NAME = "LSP P1 Lapas Kelas I Sukamiskin"
SCHEME_TITLE = "Juru Las Binaan Sukamiskin"
TUK_NAME = "TUK Bengkel Kerja Sukamiskin"


@dataclass
class P1World:
    lsp: int
    lsp_code: str
    scheme: int
    scheme_code: str
    assessor: int
    tuk: int
    tuk_code: str
    lapas: int
    bapas: int
    keys: FileKeyStore
    clock: FixedClock

    def secrets(self) -> list[str]:
        """Every string that names the facility, the LSP or the TUK."""
        return [LSP_NAME, self.lsp_code, SCHEME_TITLE, self.scheme_code, TUK_NAME, self.tuk_code,
                "Sukamiskin", "Lapas"]  # fmt: skip


async def p1_world(conn: Any, keys: FileKeyStore) -> P1World:
    fac = await f.places(conn)
    repo = CatalogueRepo(conn)
    await repo.upsert_units(f.WELDING_UNITS)
    code = f.uid("LSPP1")
    lsp = await repo.add_lsp(code, LSP_NAME, "P1", "BNSP-LSP-1234-ID", date(2030, 1, 1),
                             "{lsp}/{scheme}/{year}/{seq:06d}", fac["lapas"])  # fmt: skip
    scheme_code = f.uid("SKM-SKMS")
    scheme = await repo.add_scheme(scheme_code, SCHEME_TITLE, "occupation", lsp.id, 2,
                                   [u.code for u in f.WELDING_UNITS])  # fmt: skip
    assessor = await repo.add_assessor(f.uid("MET.000.9"), "Asesor P1", lsp.id, date(2024, 1, 1), date(2029, 1, 1))
    tuk_code = f.uid("TUK")
    tuk = await repo.add_tuk(tuk_code, TUK_NAME, lsp.id, fac["lapas"], "32.73")
    return P1World(lsp.id, code, scheme.id, scheme_code, assessor.id, tuk.id, tuk_code, fac["lapas"], fac["bapas"],
                   keys, FixedClock())  # fmt: skip


async def certify(conn: Any, w: P1World, name: str) -> str:
    person = await f.inmate(conn, w.lapas, w.bapas, name=name)
    stores = PgCertificationStores(conn)
    results = tuple(UnitResult(u.code, "K") for u in f.WELDING_UNITS)
    await service.record_assessment(stores, ASSESSOR, NewAssessment(person, w.scheme, w.assessor,
                                    TODAY - timedelta(days=2), results, w.tuk), clock=w.clock)  # fmt: skip
    detail = await service.issue_certificate(stores, ASSESSOR, person, w.scheme, clock=w.clock, keystore=w.keys)
    return detail.certificate.number


async def facility_free(conn: Any, w: P1World, number: str) -> dict[str, Any]:
    stores = PgCertificationStores(conn)
    detail = await service.get_certificate(stores, ASSESSOR, number)
    doc = await registry_service.facility_free_credential(stores, ASSESSOR, detail, keystore=w.keys,
                                                          clock=w.clock, base_url=BASE)  # fmt: skip
    return json.loads(json.dumps(doc))


async def registry_snapshot(conn: Any, w: P1World, doc: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    stores = PgCertificationStores(conn)
    lists = []
    for entry in doc["credentialStatus"]:
        list_no, purpose = entry["statusListCredential"].rsplit("/", 2)[1:]
        lists.append(await registry_service.registry_status_list(stores, BASE, int(list_no), purpose,
                                                                 keystore=w.keys, clock=w.clock))  # fmt: skip
    did_doc = await registry_service.deployment_did_document(stores, BASE)
    return json.loads(json.dumps(did_doc)), json.loads(json.dumps(lists))


@pytest.fixture
def keys(tmp_path: Path) -> FileKeyStore:
    return FileKeyStore(tmp_path / "keys")


async def test_facility_free_credential_verifies_independently_and_names_no_facility(conn, keys, tmp_path) -> None:
    w = await p1_world(conn, keys)
    valid = await certify(conn, w, "Budi Santoso")
    suspended = await certify(conn, w, "Siti Aminah")
    revoked = await certify(conn, w, "Agus Salim")
    cases = {
        "valid": await facility_free(conn, w, valid),
        "suspended": await facility_free(conn, w, suspended),
        "revoked": await facility_free(conn, w, revoked),
    }
    doc = cases["valid"]
    cases |= {
        "changed units": changed(doc, ("credentialSubject", "achievement", "alignment", 0, "targetName"), "Menyelam"),
        "changed licence": changed(doc, ("credentialSubject", "achievement", "creator", "name"), LSP_NAME),
        "changed valid until": changed(doc, ("validUntil",), "2099-06-01T23:59:59Z"),
        "changed link": changed(doc, ("evidence", 0, "id"), registry.DIGEST_PREFIX + "0" * 64),
    }
    stores = PgCertificationStores(conn)
    await service.suspend(stores, ASSESSOR, suspended, "pemeriksaan ulang", None, clock=w.clock)
    await service.revoke(stores, ASSESSOR, revoked, "pemalsuan dokumen", clock=w.clock)

    did_doc, lists = await registry_snapshot(conn, w, doc)
    assert doc["issuer"]["id"] == did_doc["id"] == "did:web:binakerja.example"
    results = node_verify(tmp_path, {did_doc["id"]: did_doc} | {sl["id"]: sl for sl in lists}, cases)
    assert results["valid"]["verified"], results["valid"]["errors"]
    assert results["valid"]["expanded"], results["valid"]["errors"]
    assert results["valid"]["status"] == {"revocation": False, "suspension": False}
    assert results["suspended"]["status"] == {"revocation": False, "suspension": True}
    assert not results["suspended"]["verified"]
    assert results["revoked"]["status"] == {"revocation": True, "suspension": False}
    assert not results["revoked"]["verified"]
    for name in ("changed units", "changed licence", "changed valid until", "changed link"):
        assert not results[name]["verified"], name
        assert "Invalid signature." in results[name]["errors"], (name, results[name]["errors"])

    # our own offline verifier agrees
    ours = {n: credentials.verify_credential(c, [did_doc], lists, TODAY).code for n, c in cases.items()}
    assert (ours["valid"], ours["suspended"], ours["revoked"]) == ("valid", "suspended", "revoked")

    # what it says, and what it never says
    subject = doc["credentialSubject"]
    assert subject["name"] == "Budi Santoso"
    assert [a["targetCode"] for a in subject["achievement"]["alignment"]] == [u.code for u in f.WELDING_UNITS]
    assert subject["achievement"]["creator"]["otherIdentifier"][0]["identifier"] == "BNSP-LSP-1234-ID"
    assert "LSP berlisensi BNSP" in subject["achievement"]["description"]
    assert doc["validUntil"].startswith(str(TODAY.replace(year=TODAY.year + 3)))
    text = json.dumps(doc, ensure_ascii=False)
    for secret in [*w.secrets(), valid, valid.split("/")[0]]:
        assert secret not in text, secret
    # the hash link: recomputable from the original credential, not from this one
    original = await service.export_credential(stores, ASSESSOR, valid, keystore=keys, clock=w.clock, base_url=BASE)
    assert doc["evidence"][0]["id"] == registry.digest_of_original(original)
    assert original["credentialSubject"]["identifier"][0]["salt"] not in text


async def test_only_facility_bound_certificates_get_one(conn, keys) -> None:
    fac = await f.places(conn)
    cat = await f.catalogue(conn)  # a P2 LSP: its certificate names no facility
    person = await f.inmate(conn, fac["lapas"], fac["bapas"])
    await f.enrol(conn, cat["lsp"], person)
    stores = PgCertificationStores(conn)
    clock = FixedClock()
    res = tuple(UnitResult(u.code, "K") for u in f.WELDING_UNITS)
    await service.record_assessment(stores, ASSESSOR, NewAssessment(person, cat["welding"], cat["assessor"],
                                    TODAY - timedelta(days=1), res), clock=clock)  # fmt: skip
    detail = await service.issue_certificate(stores, ASSESSOR, person, cat["welding"], clock=clock, keystore=keys)
    with pytest.raises(registry_service.NotFacilityBound):
        await registry_service.facility_free_credential(stores, ASSESSOR, detail, keystore=keys, clock=clock,
                                                        base_url=BASE)  # fmt: skip

"""Exported credentials checked by an INDEPENDENT implementation: Digital Bazaar's
``@digitalbazaar/vc`` with ``eddsa-jcs-2022`` and ``vc-bitstring-status-list`` under Node
(tests/interop/verify.mjs; packages pinned in package-lock.json, installed by ``make test``).

Its document loader serves only what the deployment serves (the issuer's DID document, the
status list credentials) and the pinned contexts, all from local JSON: nothing is fetched.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from api.certificates.stores import PgCertificationStores
from certification import credentials, service
from certification.service import NewAssessment
from certification.signing import FileKeyStore
from models.records import Actor, UnitResult
from tests import factories as f
from tests.integration.test_certification import (
    ASSESSOR,
    BASE,
    TODAY,
    World,
    all_weld,
    assess,
    export,
    issue,
    make_world,
    snapshot,
)

HERE = Path(__file__).parent
NODE = shutil.which("node")


def node_verify(tmp_path: Path, documents: dict[str, Any], cases: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Run the Node verifier on ``cases`` (name -> credential); its results by name."""
    if NODE is None or not (HERE / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        message = "node or tests/interop/node_modules missing: run `make interop` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    bundle = {
        "now": f"{TODAY.isoformat()}T12:00:00Z",
        "contexts": {url: credentials.pinned_context(url) for url in credentials.PINNED_CONTEXTS},
        "documents": documents,
        "cases": [{"name": n, "credential": c} for n, c in cases.items()],
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(  # noqa: S603 - our own script, a fixed interpreter
        [NODE, str(HERE / "verify.mjs"), str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["refused"] == []  # the loader was never asked for anything we do not serve
    return {r["name"]: r for r in out["results"]}


def changed(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(doc))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


FIELD_CHANGES: dict[str, tuple[tuple[Any, ...], Any]] = {
    "holder name": (("credentialSubject", "name"), "Budi Santosa"),
    "holder look-alike": (("credentialSubject", "name"), "Вudi Santoso"),  # Cyrillic 'В'
    "issuer name": (("issuer", "name"), "LSP Lain"),
    "unit title": (("credentialSubject", "achievement", "alignment", 0, "targetName"), "Menyelam"),
    "description": (("credentialSubject", "achievement", "description"), "Skema apa saja"),
    "scheme title": (("credentialSubject", "achievement", "name"), "Ahli Las Bawah Laut"),
    "credential id": (("id",), "https://binakerja.example.evil/verify/X"),
    "valid until": (("validUntil",), "2099-06-01T23:59:59Z"),
    "status index": (("credentialStatus", 0, "statusListIndex"), "7"),
}


async def test_standard_verifier_accepts_ours_and_rejects_every_change(conn, tmp_path: Path) -> None:
    keys = FileKeyStore(tmp_path / "keys")
    w = await make_world(conn, keys)
    stores = PgCertificationStores(conn)
    # person 1: welding (exported before and after a key rotation) and bakery (to be suspended)
    await assess(conn, w, all_weld())
    welding = (await issue(conn, w)).certificate.number
    before_rotation = await export(conn, w, welding)
    await service.rotate_key(stores, Actor(None, "admin"), w.lsp, keystore=keys)
    bakery_units = tuple(UnitResult(u.code, "K") for u in f.BAKERY_UNITS)
    await service.record_assessment(
        stores, ASSESSOR, NewAssessment(w.person, w.bakery, w.assessor, TODAY, bakery_units), clock=w.clock
    )
    bakery = (await issue(conn, w, scheme=w.bakery)).certificate.number
    # person 2: welding (to be revoked)
    fac, bapas = await conn.fetchrow("SELECT facility_id, bapas_id FROM inmates WHERE id = $1", w.person)
    w2: World = dataclasses.replace(w, person=await f.inmate(conn, fac, bapas, name="Siti Aminah"))
    await f.enrol(conn, w.lsp, w2.person)
    await assess(conn, w2, all_weld())
    revoked = (await issue(conn, w2)).certificate.number

    cases = {
        "valid": await export(conn, w, welding),
        "signed before rotation": before_rotation,
        "suspended": await export(conn, w, bakery),
        "revoked": await export(conn, w, revoked),
    }
    cases |= {f"changed {name}": changed(cases["valid"], *how) for name, how in FIELD_CHANGES.items()}
    await service.suspend(stores, ASSESSOR, bakery, "pemeriksaan ulang", None, clock=w.clock)
    await service.revoke(stores, ASSESSOR, revoked, "pemalsuan dokumen", clock=w.clock)

    did_docs, lists = await snapshot(conn, w, cases["valid"])
    documents = {did_docs[0]["id"]: did_docs[0]} | {sl["id"]: sl for sl in lists}
    results = node_verify(tmp_path, documents, cases)

    for name in ("valid", "signed before rotation"):
        assert results[name]["verified"], (name, results[name]["errors"])
        assert results[name]["status"] == {"revocation": False, "suspension": False}
        assert results[name]["expanded"], results[name]["errors"]  # well-formed JSON-LD, safe mode
    assert not results["suspended"]["verified"]
    assert results["suspended"]["status"] == {"revocation": False, "suspension": True}
    assert any("suspension" in e for e in results["suspended"]["errors"])
    assert not results["revoked"]["verified"]
    assert results["revoked"]["status"] == {"revocation": True, "suspension": False}
    assert any("revocation" in e for e in results["revoked"]["errors"])
    for name in FIELD_CHANGES:
        result = results[f"changed {name}"]
        assert not result["verified"], name
        assert "Invalid signature." in result["errors"], (name, result["errors"])

    # and our own offline verifier gives the same verdicts on the same snapshot
    ours = {n: credentials.verify_credential(c, did_docs, lists, TODAY).code for n, c in cases.items()}
    assert ours["valid"] == ours["signed before rotation"] == "valid"
    assert (ours["suspended"], ours["revoked"]) == ("suspended", "revoked")
    assert all(ours[f"changed {n}"] == "bad_signature" for n in FIELD_CHANGES)
    assert BASE in cases["valid"]["id"]

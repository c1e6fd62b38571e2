"""`binakerja verify CERT.json --did DID.json --status LIST.json` on real exported credentials:
plain reasons for every failure, exit 1; usage errors exit 2."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from api.certificates.stores import PgCertificationStores
from api.cli import main
from certification import service
from certification.signing import FileKeyStore
from models.records import Actor
from tests.integration.test_certification import (
    ASSESSOR,
    TODAY,
    all_weld,
    assess,
    export,
    issue,
    make_world,
    snapshot,
)


def write(path: Path, doc: object) -> str:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


async def test_cli_verify_reasons_and_exit_codes(conn, tmp_path: Path, capsys) -> None:
    w = await make_world(conn, FileKeyStore(tmp_path / "keys"))
    await assess(conn, w, all_weld())
    number = (await issue(conn, w)).certificate.number
    doc = await export(conn, w, number)
    cert = write(tmp_path / "cert.json", doc)

    async def files(tag: str = "now") -> list[str]:
        """The DID document and a status snapshot as served at this moment, as files."""
        did_docs, lists = await snapshot(conn, w, doc)
        args = ["--did", write(tmp_path / f"did-{tag}.json", did_docs[0])]
        for i, listed in enumerate(lists):
            args += ["--status", write(tmp_path / f"status-{tag}-{i}.json", listed)]
        return args

    def run(path: str, *extra: str, today: date = TODAY) -> tuple[int, str]:
        code = main(["verify", path, *extra, "--today", today.isoformat()])
        return code, capsys.readouterr().out

    args = await files("before")
    code, out = run(cert, *args)
    assert code == 0 and out.startswith("valid:") and number in out, out

    # any displayed field changed: the holder's name, the issuer's name, a unit title, the id host
    for path, value in [
        (("credentialSubject", "name"), "Budi Santosa"),
        (("issuer", "name"), "LSP Lain"),
        (("credentialSubject", "achievement", "alignment", 0, "targetName"), "Mengelas Bawah Laut"),
        (("id",), doc["id"].replace("binakerja.example", "binakerja.example.evil")),
    ]:
        changed = json.loads(json.dumps(doc))
        node = changed
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        code, out = run(write(tmp_path / "changed.json", changed), *args)
        assert code == 1 and out.startswith("bad signature:"), (path, out)

    # usage: no DID document or no status snapshot
    assert main(["verify", cert]) == 2 and "--did" in capsys.readouterr().err
    assert main(["verify", cert, args[0], args[1]]) == 2 and "--status" in capsys.readouterr().err
    # the retired keys document is refused with a plain word
    legacy = write(tmp_path / "keys.json", await service.published_keys(PgCertificationStores(conn)))
    assert main(["verify", cert, "--keys", legacy, *args[2:]]) == 2
    assert "retired" in capsys.readouterr().err

    # expiry, and the holder check by name
    code, out = run(cert, *args, today=TODAY + timedelta(days=3 * 366))
    assert code == 1 and out.startswith("expired:"), out
    code, out = run(cert, *args, "--holder-name", "BUDI  santoso")
    assert code == 0 and "holder: the name matches" in out
    code, out = run(cert, *args, "--holder-name", "Joko Surabaya")
    assert code == 1 and "holder mismatch" in out

    # suspension and revocation, from a fresh status snapshot
    stores = PgCertificationStores(conn)
    await service.suspend(stores, ASSESSOR, number, "pemeriksaan ulang", None, clock=w.clock)
    code, out = run(cert, *await files())
    assert code == 1 and out.startswith("suspended:"), out
    await service.unsuspend(stores, ASSESSOR, number, "selesai diperiksa", clock=w.clock)
    await service.revoke(stores, ASSESSOR, number, "dicabut", clock=w.clock)
    fresh = await files()
    code, out = run(cert, *fresh)
    assert code == 1 and out.startswith("revoked:"), out
    # ...but the old snapshot (taken before) still says valid: offline status is as of its date
    code, out = run(cert, *args)
    assert code == 0 and "status as of" in out


async def test_cli_verify_unknown_and_rotated_keys(conn, tmp_path: Path, capsys) -> None:
    keys = FileKeyStore(tmp_path / "keys")
    w = await make_world(conn, keys)
    await assess(conn, w, all_weld())
    number = (await issue(conn, w)).certificate.number
    old = await export(conn, w, number)
    await service.rotate_key(PgCertificationStores(conn), Actor(None, "admin"), w.lsp, keystore=keys)
    did_docs, lists = await snapshot(conn, w, old)
    args = ["--did", write(tmp_path / "did.json", did_docs[0]), "--status", write(tmp_path / "lists.json", lists)]
    # signed by the retired key, which the DID document still lists: valid
    assert main(["verify", write(tmp_path / "old.json", old), *args, "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.startswith("valid:")
    # a DID document without that key: unknown key
    pruned = json.loads(json.dumps(did_docs[0]))
    pruned["assertionMethod"] = [m for m in pruned["assertionMethod"] if m != old["proof"]["verificationMethod"]]
    args[1] = write(tmp_path / "did.json", pruned)
    assert main(["verify", str(tmp_path / "old.json"), *args, "--today", TODAY.isoformat()]) == 1
    assert capsys.readouterr().out.startswith("unknown key:")

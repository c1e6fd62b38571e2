"""`binakerja verify FILE.json --keys FILE` on a real exported certificate."""

from __future__ import annotations

import json
from pathlib import Path

from api.cli import main
from certification import service
from certification.documents import export_vc
from certification.signing import FileKeyStore
from tests.integration.test_certification import ASSESSOR, TODAY, all_weld, assess, issue, make_world


async def test_cli_verify_valid_tampered_and_missing_keys(conn, tmp_path: Path, capsys) -> None:
    w = await make_world(conn, FileKeyStore(tmp_path / "keys"))
    await assess(conn, w, all_weld())
    detail = await issue(conn, w)
    vc = tmp_path / "cert.json"
    vc.write_text(json.dumps(export_vc(detail, "https://binakerja.example")), encoding="utf-8")
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(await service.published_keys(conn)), encoding="utf-8")

    assert main(["verify", str(vc), "--keys", str(keys), "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.startswith("valid:")

    doc = json.loads(vc.read_text(encoding="utf-8"))
    doc["credentialSubject"]["achievement"]["name"] = "Ahli Las Bawah Laut"
    vc.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["verify", str(vc), "--keys", str(keys), "--today", TODAY.isoformat()]) == 1
    assert capsys.readouterr().out.startswith("bad signature:")

    assert main(["verify", str(vc)]) == 2
    assert "--keys" in capsys.readouterr().err

    await service.revoke(conn, ASSESSOR, detail.certificate.number, "dicabut", clock=w.clock)
    vc.write_text(json.dumps(export_vc(detail, "https://binakerja.example")), encoding="utf-8")
    keys.write_text(json.dumps(await service.published_keys(conn)), encoding="utf-8")
    assert main(["verify", str(vc), "--keys", str(keys), "--today", TODAY.isoformat()]) == 1
    assert capsys.readouterr().out.startswith("revoked:")

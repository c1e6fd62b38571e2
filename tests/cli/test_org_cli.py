"""`binakerja org import` and `binakerja partner ...` against a committed database of their own."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from tests.conftest import create_database, drop_database, run_in_thread, with_db


@pytest.fixture
def database(pg_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = "binakerja_cli_" + secrets.token_hex(4)
    run_in_thread(create_database(pg_uri, name))
    monkeypatch.setenv("DATABASE_URL", with_db(pg_uri, name))
    monkeypatch.setenv("BINAKERJA_DATA_DIR", str(tmp_path / "data"))
    try:
        yield name
    finally:
        run_in_thread(drop_database(pg_uri, name))


def test_org_import_and_partner_commands(database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facilities = tmp_path / "upt.csv"
    facilities.write_text(
        "code,name,kind,regency_code,kanwil,bapas_code\n"
        "LAPAS-CPN,Lapas Kelas I Cipinang,lapas,31.75,,BAPAS-JKT-TIM\n"
        "BAPAS-JKT-TIM,Bapas Kelas I Jakarta Timur,bapas,31.75,,\n",
        encoding="utf-8",
    )
    assert main(["org", "import", "facilities", str(facilities)]) == 0
    assert "2 inserted" in capsys.readouterr().out
    assert main(["org", "import", "facilities", str(facilities)]) == 0
    assert "2 unchanged" in capsys.readouterr().out

    bad = tmp_path / "lsp.csv"
    bad.write_text("code,name,kind,licence_number,licence_valid_until\nLSP-X,LSP X,P1,KEP.1,2030-01-01\n", "utf-8")
    assert main(["org", "import", "lsps", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "baris 2" in err and "home_facility_code" in err and "Nothing was imported" in err

    assert main(["partner", "list"]) == 0
    assert "no partners" in capsys.readouterr().out
    assert main(["partner", "verify", "999999"]) == 2
    assert "not found" in capsys.readouterr().err

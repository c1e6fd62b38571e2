"""The dependency rule of DESIGN.md §2, checked by the real checker.

`lint-imports` runs the project's own contracts (``[tool.importlinter]`` in pyproject.toml) on a copy
of the source packages: the copy as it is must keep every contract, and a copy with planted forbidden
imports must break the contract that names each one. Working on a copy keeps the tree untouched and
proves the contracts catch what they claim to (a contract that matches nothing would pass both ways
without the planted half)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

# (contract id, file in the copy, planted line, the edge lint-imports must report)
PLANTED = [
    ("layers", "certification/signing.py", "from matcher import scoring", "certification.signing -> matcher.scoring"),
    ("domains-no-io-frameworks", "matcher/scoring.py", "import fastapi", "matcher.scoring -> fastapi"),
    (
        "domains-records-only",
        "certification/rules.py",
        "from models.repositories import inmates",
        "certification.rules -> models.repositories.inmates",
    ),
    ("records-plain", "models/records.py", "import asyncpg", "models.records -> asyncpg"),
    ("models-no-web", "models/errors.py", "import jinja2", "models.errors -> jinja2"),
    ("api-layers", "api/web/i18n.py", "from api.hiring import service", "api.web.i18n -> api.hiring.service"),
    (
        "capabilities-independent",
        "api/hiring/routes.py",
        "from api.caseload import pages",
        "api.hiring.routes -> api.caseload.pages",
    ),
]


def copy_sources(dest: Path) -> Path:
    """The root packages' Python files and pyproject.toml (templates, SQL and static files are not imports)."""

    def not_python(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n == "__pycache__" or (not n.endswith(".py") and not (Path(folder) / n).is_dir())]

    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, dest / package, ignore=not_python)
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def lint_imports(tree: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `lint-imports` in ``tree``, which it puts first on sys.path, so it reads the copy."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(COLUMNS="400", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")  # one contract name per line
    args = [str(LINT_IMPORTS), "--no-cache", "--no-logo"]
    for contract in contracts:
        args += ["--contract", contract]
    return subprocess.run(  # noqa: S603 - our own venv's lint-imports, fixed arguments
        args, cwd=tree, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def contract_name(contract_id: str) -> str:
    return next(c["name"] for c in CONFIG["contracts"] if c["id"] == contract_id)


@pytest.fixture(scope="module")
def planted_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = copy_sources(tmp_path_factory.mktemp("planted"))
    for _, relative, line, _ in PLANTED:
        path = tree / relative
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # planted by test_architecture\n")
    return tree


def test_source_keeps_every_contract(tmp_path: Path) -> None:
    result = lint_imports(copy_sources(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"Contracts: {len(CONFIG['contracts'])} kept, 0 broken." in output, output


def test_every_contract_has_a_planted_break() -> None:
    assert sorted(c["id"] for c in CONFIG["contracts"]) == sorted(p[0] for p in PLANTED)


@pytest.mark.parametrize(("contract_id", "relative", "line", "edge"), PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_import_breaks_its_contract(
    planted_tree: Path, contract_id: str, relative: str, line: str, edge: str
) -> None:
    result = lint_imports(planted_tree, contract_id)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"{contract_name(contract_id)} BROKEN" in output, output
    assert re.search(rf"^-\s+{re.escape(edge)} \(l\.\d+\)$", output, re.MULTILINE), output

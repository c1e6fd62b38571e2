"""The dependency rule of STYLE.md, checked on the source: domain packages stay free of
HTTP, drivers and templates, and do not import each other; models imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "matcher": {"api", "asyncpg", "fastapi", "jinja2", "certification", "starlette"},
    "certification": {"api", "asyncpg", "fastapi", "jinja2", "matcher", "starlette"},
    "models": {"api", "matcher", "certification", "fastapi", "jinja2", "starlette"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_dependency_rule(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = imported_roots(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def test_rule_checker_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import fastapi\nfrom asyncpg import Pool\nfrom . import sibling\n")
    assert imported_roots(sample) == {"fastapi", "asyncpg"}

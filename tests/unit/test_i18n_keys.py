"""The English switch is complete for every text a template wraps in ``_()``: each has an entry in
``api.web.i18n.EN`` (93 had none: the assessor's pages, certificate actions, organisation pages)."""

from __future__ import annotations

import re
from pathlib import Path

from api.web.i18n import EN

TEMPLATES = Path(__file__).resolve().parents[2] / "api"
LITERAL = re.compile(r'_\(\s*"((?:[^"\\]|\\.)*)"\s*\)|_\(\s*\'((?:[^\'\\]|\\.)*)\'\s*\)')


def wrapped_texts() -> dict[str, str]:
    """Text -> the first template that wraps it, Jinja string escapes undone."""
    found: dict[str, str] = {}
    for path in sorted(TEMPLATES.glob("**/templates/**/*.html")):
        for m in LITERAL.finditer(path.read_text(encoding="utf-8")):
            text = re.sub(r"\\(.)", r"\1", m.group(1) if m.group(1) is not None else m.group(2))
            found.setdefault(text, str(path.relative_to(TEMPLATES)))
    return found


def test_every_wrapped_template_text_has_english() -> None:
    texts = wrapped_texts()
    assert len(texts) > 500  # the scan finds the templates
    missing = {text: where for text, where in texts.items() if text not in EN}
    assert not missing, f"no English for {len(missing)} texts: {missing}"

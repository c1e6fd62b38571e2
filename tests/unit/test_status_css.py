"""Every status class a template uses has a CSS rule: a state that is only a class name with no
style would look exactly like the others (issue 12: "none of the status CSS classes exist")."""

from __future__ import annotations

import re
from pathlib import Path

from api.certificates.verify import PUBLIC_STATE, STATE_WORDS

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "api" / "web" / "static" / "app.css").read_text(encoding="utf-8")
TEMPLATES = sorted((ROOT / "api").glob("*/templates/**/*.html"))
# Class prefixes that mark a state, and the values a template may fill in after them.
STATUS_PREFIXES: dict[str, tuple[str, ...]] = {
    "status-": tuple(PUBLIC_STATE),  # a certificate's state (active, suspended, ...)
    "state-": tuple(STATE_WORDS),  # a verification result (valid, revoked, not_found, ...)
    "badge-": ("k", "bk"),  # an assessment result, lower-cased
    "run-": ("running", "ok", "failed"),  # a feed run (models/migrations/0820)
    "task-": (),
}
_CLASS_ATTR = re.compile(r'class="([^"]*)"')


def status_classes() -> dict[str, set[str]]:
    """Status class -> the templates that use it (dynamic ones expanded over their values)."""
    used: dict[str, set[str]] = {}
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for attr in _CLASS_ATTR.findall(text):
            static = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", attr)
            for prefix, values in STATUS_PREFIXES.items():
                dynamic = re.search(rf"(?:^|\s){re.escape(prefix)}\{{\{{", attr)
                names = [t for t in static.split() if t.startswith(prefix) and not t.endswith("-")]
                if dynamic:
                    assert values, f"{path.name}: a dynamic {prefix}* class needs its values listed here"
                    names += [prefix + v for v in values]
                for name in names:
                    used.setdefault(name, set()).add(path.name)
    return used


def test_every_status_class_in_templates_has_a_css_rule() -> None:
    used = status_classes()
    assert "status-revoked" in used and "state-not_found" in used and "badge-bk" in used  # the scan works
    missing = {c: sorted(t) for c, t in used.items() if not re.search(rf"\.{re.escape(c)}(?![\w-])", CSS)}
    assert not missing, f"status classes without a CSS rule in api/web/static/app.css: {missing}"


def test_a_missing_rule_would_be_caught() -> None:
    assert not re.search(r"\.status-imaginary(?![\w-])", CSS)
    assert re.search(r"\.status-active(?![\w-])", CSS) and not re.search(r"\.status-act(?![\w-])", CSS)

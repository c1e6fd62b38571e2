"""The English switch also covers the text a template writes without ``_()``: every user-visible phrase in
a template (element text, and placeholder/title/aria-label/alt attribute values) is wrapped, so the English
page has no Indonesian left. What is not language (codes, acronyms, paths, CSV column names) is listed below.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "api"

# Not language: the product name, acronyms and institutions that English pages use as they are.
NAMES = {
    "binakerja", "NIB", "KBLI", "NIK", "NIP", "JSON", "LSP", "TUK", "KKNI", "BNSP", "Bapas", "PIN", "URL", "OpenAPI",
}  # fmt: skip
# Not language either: code samples, written whole.
ALLOWED = {
    "C.25LAS00.001.1",  # a unit code (placeholder)
    "7K2M-9QXR-4HTD",  # a claim code (placeholder)
    "Authorization: Bearer bk_<prefix>_<secret>",
    '{"type": …, "detail": …, "field": …}',
    "limit",
    "offset",
    "total",
    "?format=csv",
}
PATH = re.compile(r"/[\w./-]*")  # /mitra/daftar, /openapi.json
COLUMNS = re.compile(r"[a-z_]+(,[a-z_]+)+")  # CSV column names: code,name,kind
WORD = re.compile(r"[A-Za-z]{3,}")
ATTRIBUTE = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"')


def raw_texts(source: str) -> list[str]:
    """The text of a template that no ``_()`` wraps, Jinja and markup removed."""
    s = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    # text chosen by language ({% if lang == "en" %}English{% else %}Indonesian{% endif %}) is bilingual already
    s = re.sub(r'\{%-?\s*if lang == "en"\s*-?%\}.*?\{%-?\s*endif\s*-?%\}', " ", s, flags=re.S)
    s = re.sub(r"<(script|style)\b.*?</\1>", "", s, flags=re.S)
    s = re.sub(r"\{%.*?%\}", " ", s, flags=re.S)
    s = re.sub(r"\{\{.*?\}\}", " ", s, flags=re.S)
    # attribute values for screen readers that are ids, not words (a macro writes them outside a tag)
    s = re.sub(r'\baria-(?:invalid|describedby)="[^"]*"', " ", s)
    attributes = ATTRIBUTE.findall(s)
    s = re.sub(r"<[^>]*>", "\n", s)
    bits = [b.strip() for b in s.split("\n")] + [a.strip() for a in attributes]
    texts = []
    for bit in bits:
        bit = re.sub(r"&(?:nbsp|larr|rarr|middot|mdash|ndash|hellip);", " ", bit)
        bit = bit.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
        if bit in ALLOWED or PATH.fullmatch(bit):
            continue
        rest = re.sub(r"[\w.-]+", lambda m: "" if m.group() in NAMES else m.group(), COLUMNS.sub("", bit))
        if not WORD.search(rest):
            continue
        texts.append(bit)
    return texts


def test_the_scan_finds_text() -> None:
    assert raw_texts('<p class="x">Belum ada {{ n }} &larr;</p><input placeholder="mis. kode">') == [
        "Belum ada",
        "mis. kode",
    ]
    assert raw_texts('<p>{{ _("Belum ada") }} NIB <code>/mitra/daftar</code> code,name,kind</p>') == []
    assert raw_texts("<title>binakerja · binakerja</title><p>NIP (x)</p><p>Lisensi BNSP</p>") == ["Lisensi BNSP"]
    assert raw_texts("<option>{{ _('Skema') }} (code,title,unit_codes {{ _('dipisah') }} ';')</option>") == []
    assert raw_texts('{% if lang == "en" %}English{% else %}Indonesia{% endif %}') == []


def test_every_template_text_is_wrapped_for_translation() -> None:
    paths = sorted(TEMPLATES.glob("**/templates/**/*.html"))
    assert len(paths) > 50  # the scan finds the templates
    raw = {str(p.relative_to(TEMPLATES)): texts for p in paths if (texts := raw_texts(p.read_text(encoding="utf-8")))}
    assert not raw, f"text not wrapped in _() in {len(raw)} templates: {raw}"

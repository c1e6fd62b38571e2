"""Checks that hold on every page: plain-text titles, an English entry for every message key shown
under ``?lang=en``, and a language switch that keeps the current page and query."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from api.web import i18n
from tests.api.conftest import World, sign_in

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def pages(world: World) -> dict[str, list[str]]:
    """The main pages of each role (signed in as that role's test user)."""
    vac, welder = world.ids["vac_a"], world.ids["welder"]
    return {
        "employer": ["/lowongan", "/lowongan/baru", f"/lowongan/{vac}/ubah", f"/lowongan/{vac}/kandidat",
                     f"/lowongan/{vac}/pelamar", f"/kandidat/{world.pseudonyms['welder']}"],
        "bapas_officer": ["/klien", f"/klien/{welder}", f"/klien/{welder}/rencana", "/pelatihan"],
        "lsp_assessor": ["/sertifikasi", "/sertifikasi/asesi"],
        "kemnaker_staff": ["/dasbor", "/dasbor/bobot-peringkat", "/katalog", "/mitra", "/admin/feed"],
        "admin": ["/dasbor", "/admin/pengguna", "/admin/audit", "/admin/organisasi", "/admin/feed"],
        "training_staff": ["/pelatihan", "/pelatihan/corong"],
    }  # fmt: skip


async def visit(client: httpx.AsyncClient, world: World, who: str, lang: str) -> list[tuple[str, httpx.Response]]:
    client.cookies.clear()
    out = []
    for url in ["/", "/masuk", "!", *pages(world)[who]]:
        if url == "!":
            await sign_in(client, world.emails[who])
            continue
        r = await client.get(url, params={"lang": lang})
        assert r.status_code == 200, (who, url, r.status_code)
        out.append((url, r))
    return out


@pytest.mark.parametrize(
    "who", ["employer", "bapas_officer", "lsp_assessor", "kemnaker_staff", "admin", "training_staff"]
)
async def test_titles_are_plain_text(client: httpx.AsyncClient, world: World, who: str) -> None:
    for url, r in await visit(client, world, who, "id"):
        m = TITLE.search(r.text)
        assert m, url
        title = m.group(1)
        assert "<" not in title and ">" not in title, (url, title[:200])
        assert len(html.unescape(title)) < 120, (url, title[:200])


@pytest.mark.parametrize(
    "who", ["employer", "bapas_officer", "lsp_assessor", "kemnaker_staff", "admin", "training_staff"]
)
async def test_every_message_key_has_english(client: httpx.AsyncClient, world: World, who: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    missing: set[str] = set()
    real = i18n.translate

    def recording(text: str, lang: str) -> str:
        if lang == "en" and text not in i18n.EN and real(text, lang) == text:  # neither an entry nor a pattern
            missing.add(text)
        return real(text, lang)

    monkeypatch.setattr(i18n, "translate", recording)
    visited = await visit(client, world, who, "en")
    assert missing == set(), f"no English for {sorted(missing)} on {[u for u, _ in visited]}"
    assert all('lang="en"' in r.text[:200] for _, r in visited)


async def test_language_switch_keeps_page_and_query(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["bapas_officer"])
    r = await client.get("/klien", params={"q": "Budi", "page": "1"})
    links = re.findall(r'<a href="([^"]*lang=en[^"]*)"', r.text)
    assert links, "no English switch"
    href = html.unescape(links[0])
    assert href.startswith("/klien?") and "q=Budi" in href and "page=1" in href, href
    back = await client.get(href)
    assert 'lang="en"' in back.text[:200]
    links = [html.unescape(u) for u in re.findall(r'<a href="([^"]*lang=id[^"]*)"', back.text)]
    assert links and links[0].startswith("/klien?") and "q=Budi" in links[0] and links[0].count("lang=") == 1


def test_english_dictionary_has_no_empty_entries() -> None:
    assert all(v.strip() for v in i18n.EN.values())


async def test_the_admin_user_forms_scope_label_is_english(client: httpx.AsyncClient, world: World) -> None:
    """The scope label the form shows for each role names the organisation kind in the page's language."""
    client.cookies.clear()
    await sign_in(client, world.emails["admin"])
    english = await client.get("/admin/pengguna", params={"lang": "en"})
    assert 'data-employer="Scope: employer"' in english.text and "Scope: pemberi kerja" not in english.text
    indonesian = await client.get("/admin/pengguna", params={"lang": "id"})
    assert 'data-employer="Lingkup: pemberi kerja"' in indonesian.text

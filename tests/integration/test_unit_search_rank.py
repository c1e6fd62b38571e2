"""Unit search ranked by relevance: code prefix, whole word, Indonesian affixed word, word prefix,
then anywhere ("las" puts welding units before "Instalasi Hidroponik")."""

from __future__ import annotations

import asyncpg

from models.records import CompetencyUnit
from models.repositories.catalogue import CatalogueRepo
from tests import factories as f

TITLES = {
    "instalasi": "Memasang Instalasi Hidroponik",
    "prefix": "Mengoperasikan mesin laser potong",
    "word": "Las listrik dasar",
    "affixed": "Mengelas pelat baja dengan proses SMAW",
    "noun": "Memeriksa hasil pengelasan pipa",
    "inside": "Menyusun kelasifikasi gudang",  # "las" inside a word that is not one of its forms
}


async def _units(conn: asyncpg.Connection) -> dict[str, str]:
    tag = f.uid("Z").replace("-", "")[-6:].upper()
    codes = {}
    for i, (key, title) in enumerate(TITLES.items()):
        code = f"Z.99{tag}.{i:03d}.1"
        await CatalogueRepo(conn).add_unit(CompetencyUnit(code, title, "Uji", 2))
        codes[code] = key
    return codes


async def test_las_puts_welding_before_instalasi(conn: asyncpg.Connection) -> None:
    codes = await _units(conn)
    repo = CatalogueRepo(conn)
    found = [codes[u.code] for u in await repo.search_units("las", limit=50) if u.code in codes]
    assert found[:3] == ["word", "affixed", "noun"], found
    assert found.index("prefix") < found.index("instalasi") and found.index("prefix") < found.index("inside")
    assert set(found) == set(TITLES)  # nothing found before is lost
    page, total = await repo.list_units_page("LAS", 50, 0)
    assert [codes[u.code] for u in page if u.code in codes][:3] == ["word", "affixed", "noun"] and total >= 6


async def test_code_prefix_first_and_special_characters_are_literal(conn: asyncpg.Connection) -> None:
    codes = await _units(conn)
    repo = CatalogueRepo(conn)
    code = next(c for c, k in codes.items() if k == "instalasi")
    first = await repo.search_units(code[:9], limit=10)
    assert first and first[0].code.startswith(code[:9])
    assert all("%" in u.title or "%" in u.code for u in await repo.search_units("%", limit=5))
    assert await repo.search_units("las(", limit=5) == []  # a regex character is a character, not an error
    everything, total = await repo.list_units_page("", 5, 0)
    assert len(everything) == 5 and total >= 6

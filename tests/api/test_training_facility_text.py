"""Issue 13 (rest of row 1): free text that names the facility (a training "di Lapas ...", a job
"tamping dapur Rutan ...") never reaches an employer without the person's consent to reveal the
facility: not on the candidate page, not in the search results' explanations."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from api.privacy.rules import facility_free_text, facility_free_texts
from tests.api.conftest import World


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Pelatihan las SMAW di Lapas Kelas I Sukamiskin", "Pelatihan las SMAW"),
        ("Tamping dapur Rutan Salemba", "Tamping dapur"),
        ("Pelatihan menjahit bersama LPKA Tangerang", "Pelatihan menjahit"),
        ("Kursus barista, Lembaga Pemasyarakatan Cipinang", "Kursus barista"),
        ("Lapas Sukamiskin: menjahit", None),
        ("Pelatihan sablon Sukamiskin Mandiri", "Pelatihan sablon"),  # the facility's own name
        ("Barista (BLK Bandung)", "Barista (BLK Bandung)"),  # a public training centre is not a prison
        ("pengelasan SMAW", "pengelasan SMAW"),
    ],
)
def test_facility_free_text(text: str, shown: str | None) -> None:
    assert facility_free_text(text, ["Sukamiskin Mandiri", "Lapas Kelas I Sukamiskin"]) == shown


def test_facility_free_texts_drops_what_is_left_empty() -> None:
    assert facility_free_texts(["Rutan Salemba", "Sablon"]) == ["Sablon"]


def _main(html: str) -> str:
    return re.sub(r"\s+", " ", html.split("<main", 1)[-1])


async def test_employer_never_reads_the_facility_in_free_text(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder = world.ids["welder"]
    facility = await conn.fetchval("SELECT f.name FROM inmates i JOIN facilities f ON f.id = i.facility_id "
                                   "WHERE i.id = $1", welder)  # fmt: skip
    await conn.execute("UPDATE inmates SET trainings = $2, work_history = $3 WHERE id = $1", welder,
                       [f"Pelatihan pengelasan SMAW di {facility}", "Rutan Salemba: las listrik"],
                       ["Tamping bengkel las Lapas Kelas I Sukamiskin"])  # fmt: skip
    employer = world.auth("employer")
    page = await client.get(f"/kandidat/{world.pseudonyms['welder']}", headers=employer)
    assert page.status_code == 200
    seen = _main(page.text)
    assert "Pelatihan pengelasan SMAW" in seen and "Tamping bengkel las" in seen
    for word in (facility, "Sukamiskin", "Lapas", "Rutan", "Salemba"):
        assert word not in seen, word
    results = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat", headers=employer)
    assert results.status_code == 200
    seen = _main(results.text)
    for word in (facility, "Sukamiskin", "Rutan", "Salemba"):
        assert word not in seen, word
    api = await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/candidates", headers=employer)
    assert api.status_code == 200, api.text  # the JSON API carries the same explanations
    for word in (facility, "Sukamiskin", "Rutan", "Salemba"):
        assert word not in api.text, word

"""The pages added for issue 12 (application history and notes, the officer's tasks and consent,
the printed plan, dashboard filters, admin confirmations and audit) have English for every message
key they render, with their data and their error states on screen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from api.web import i18n
from tests.api.conftest import World, csrf_from, sign_in


async def test_new_pages_have_english_for_every_key(
    client: httpx.AsyncClient, world: World, conn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing: dict[str, set[str]] = {}
    here = {"url": ""}
    seen: set[str] = set()
    real = i18n.translate

    def recording(text: str, lang: str) -> str:
        if lang == "en":
            seen.add(text)
        if lang == "en" and text not in i18n.EN and real(text, lang) == text:  # neither an entry nor a pattern
            missing.setdefault(here["url"], set()).add(text)
        return real(text, lang)

    monkeypatch.setattr(i18n, "translate", recording)
    emp = world.auth("employer")
    app = (await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                             json={"candidate": world.pseudonyms["welder"]}, headers=emp)).json()  # fmt: skip
    app = (await client.post(f"/api/v1/applications/{app['id']}/stage", headers=emp,
                             json={"stage": "interview", "version": app["version"]})).json()  # fmt: skip
    await client.post(f"/api/v1/applications/{app['id']}/notes", json={"note": "catatan"}, headers=emp)
    await conn.execute(
        "INSERT INTO placements (inmate_id, employer_id, position_title, started_on) VALUES ($1, $2, 'Las', $3)",
        world.ids["welder"], world.ids["emp_a"], date.today() - timedelta(days=100),
    )  # fmt: skip
    await conn.execute("UPDATE inmates SET expected_release_date = current_date + 20 WHERE id = $1", world.ids["baker"])

    async def get(url: str, **params: str) -> httpx.Response:
        here["url"] = url
        r = await client.get(url, params=params | {"lang": "en"})
        assert r.status_code in (200, 422), (url, r.status_code)
        return r

    await sign_in(client, world.emails["employer"])
    page = await get(f"/lamaran/{app['id']}")
    here["url"] = "note error"
    await client.post(f"/lamaran/{app['id']}/catatan?lang=en", data={"csrf_token": csrf_from(page.text), "note": ""})
    client.cookies.clear()
    await sign_in(client, world.emails["bapas_officer"])
    await get("/klien")
    page = await get(f"/klien/{world.ids['welder']}")
    here["url"] = "consent error"
    await client.post(f"/klien/{world.ids['welder']}/persetujuan?lang=en",
                      data={"csrf_token": csrf_from(page.text), "note": "x" * 1001})  # fmt: skip
    plan = await get(f"/klien/{world.ids['welder']}/rencana")
    months_en = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")  # fmt: skip
    assert f"{date.today().day} {months_en[date.today().month - 1]} {date.today().year}" in plan.text
    assert "Persyaratan “" not in plan.text and "Jabatan “" not in plan.text  # the plan's lines are English too
    assert "Requirement “" in plan.text or "Position “" in plan.text
    client.cookies.clear()
    await sign_in(client, world.emails["kemnaker_staff"])
    await get("/dasbor", period="6", province="32")
    await get("/dasbor", period="5")
    client.cookies.clear()
    await sign_in(client, world.emails["admin"])
    key = await conn.fetchval("SELECT id FROM api_keys WHERE user_id = $1", world.ids["user_employer"])
    await get(f"/admin/kunci/{key}/cabut")
    await get(f"/admin/pengguna/{world.ids['user_employer']}/nonaktifkan")
    await get("/admin/audit", action="candidate.list")
    assert {"Riwayat tahap", "Tugas saya", "Jika dicentang", "Periode", "Cabut kunci API", "Aksi"} <= seen
    assert {
        "catatan wajib diisi",
        "catatan paling banyak 1000 karakter",
        "periode harus 3, 6, 12 atau 24 bulan",
    } <= seen
    assert not missing, f"no English for {missing}"

"""Users get a role and a scope from the same organisation (issue 11): a scope of the wrong kind
(a Lapas as a PK officer's Bapas, another LSP's assessor, an unknown employer) is refused with the
field named, on the API and on the admin's user form."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from models.repositories.catalogue import CatalogueRepo
from tests.api.conftest import PASSWORD, World, csrf_from, sign_in


def _user(role: str, **scope: int) -> dict[str, Any]:
    return {"email": f"{role}-baru@test.binakerja.id", "name": "Baru", "role": role, "password": PASSWORD, **scope}


async def test_api_refuses_a_scope_of_the_wrong_kind(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h = world.auth("admin")
    r = await client.post("/api/v1/users", json=_user("bapas_officer", bapas_id=world.ids["lapas"]), headers=h)
    assert r.status_code == 422 and r.json()["field"] == "bapas_id", r.text
    r = await client.post("/api/v1/users", json=_user("employer", employer_id=999999), headers=h)
    assert r.status_code == 422 and r.json()["field"] == "employer_id", r.text
    other = await CatalogueRepo(conn).add_lsp("LSP-LAIN", "LSP Lain", "P3", "KEP.9", date(2030, 1, 1), "{seq}")
    r = await client.post(
        "/api/v1/users", headers=h, json=_user("lsp_assessor", lsp_id=other.id, assessor_id=world.ids["assessor"])
    )
    assert r.status_code == 422 and r.json()["field"] == "assessor_id", r.text
    assert await conn.fetchval("SELECT count(*) FROM users WHERE email LIKE '%-baru@test.binakerja.id'") == 0
    ok = await client.post("/api/v1/users", json=_user("bapas_officer", bapas_id=world.ids["bapas"]), headers=h)
    assert ok.status_code == 201, ok.text


async def test_admin_form_scope_follows_the_role(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/pengguna")
    assert f'value="bapas:{world.ids["bapas"]}"' in page.text and f'value="employer:{world.ids["emp_a"]}"' in page.text
    token = csrf_from(page.text)
    form = {
        "csrf_token": token,
        "email": "pk-form@test.binakerja.id",
        "name": "PK Form",
        "role": "bapas_officer",
        "password": PASSWORD,
    }
    wrong = await client.post("/admin/pengguna", data=form | {"scope_id": f"employer:{world.ids['emp_a']}"})
    assert wrong.status_code == 422 and "Bapas" in wrong.text
    lapas = await client.post("/admin/pengguna", data=form | {"scope_id": str(world.ids["lapas"])})
    assert lapas.status_code == 422
    assert await conn.fetchval("SELECT count(*) FROM users WHERE email = 'pk-form@test.binakerja.id'") == 0
    ok = await client.post("/admin/pengguna", data=form | {"scope_id": f"bapas:{world.ids['bapas']}"})
    assert ok.status_code == 303
    assert (
        await conn.fetchval("SELECT bapas_id FROM users WHERE email = 'pk-form@test.binakerja.id'")
        == world.ids["bapas"]
    )


async def test_onboarding_pages_render_for_their_roles(client: httpx.AsyncClient, world: World) -> None:
    pages = {
        "admin": [
            "/admin/organisasi",
            f"/admin/organisasi/upt/{world.ids['bapas']}",
            f"/admin/organisasi/upt/{world.ids['lapas']}",
            f"/admin/organisasi/lsp/{world.ids['lsp']}",
            "/mitra",
            f"/mitra/{world.ids['emp_a']}",
            "/mitra?status=active",
        ],
        "kemnaker_staff": ["/mitra", f"/mitra/{world.ids['emp_a']}"],
        "employer": ["/organisasi"],
        "bapas_officer": ["/organisasi"],
        "lsp_assessor": ["/organisasi"],
    }
    for who, urls in pages.items():
        async with httpx.AsyncClient(transport=client._transport, base_url="http://t") as browser:
            await sign_in(browser, world.emails[who])
            for url in urls:
                r = await browser.get(url)
                assert r.status_code == 200, (who, url, r.status_code)
    async with httpx.AsyncClient(transport=client._transport, base_url="http://t") as anonymous:
        for url in ("/mitra/daftar", "/undangan?kode=bku_x"):
            assert (await anonymous.get(url)).status_code == 200
    # the admin sees the partner's users and may invite; Kemnaker staff see the decisions
    await sign_in(client, world.emails["admin"])
    partner = await client.get(f"/mitra/{world.ids['emp_a']}")
    assert world.emails["employer"] in partner.text and 'id="invite-form"' in partner.text
    assert "Bekukan kemitraan" not in partner.text
    invited = await client.post(
        "/admin/undangan",
        data={
            "csrf_token": csrf_from(partner.text),
            "organisation": "employer",
            "organisation_id": str(world.ids["emp_a"]),
            "email": "hr2@baja.example.id",
            "name": "HR Dua",
            "org_admin": "true",
        },
    )
    assert invited.status_code == 201 and 'id="new-code">bku_' in invited.text and "hr2@baja.example.id" in invited.text
    lsp = await client.get(f"/admin/organisasi/lsp/{world.ids['lsp']}")
    assert f'<option value="{world.ids["assessor"]}"' in lsp.text  # the assessor picker lists this LSP's assessors

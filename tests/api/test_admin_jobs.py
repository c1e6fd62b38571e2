"""Admin: deactivating a user and revoking a key ask first; the scope picker follows the role;
an officer's NIP is kept; the audit log shows names, offers actions from a list, and its CSV
export follows the filters."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import httpx

from tests.api.conftest import PASSWORD, World, csrf_from, sign_in


async def test_deactivate_asks_first_and_the_post_alone_does_nothing(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/pengguna")
    uid = world.ids["user_employer"]
    assert f'href="/admin/pengguna/{uid}/nonaktifkan"' in page.text
    token = csrf_from(page.text)
    r = await client.post(f"/admin/pengguna/{uid}/aktif", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == f"/admin/pengguna/{uid}/nonaktifkan"
    assert await conn.fetchval("SELECT active FROM users WHERE id = $1", uid)
    confirm = await client.get(r.headers["location"])
    assert confirm.status_code == 200 and world.emails["employer"] in confirm.text
    assert "tidak dapat masuk lagi" in confirm.text and 'name="confirm" value="ya"' in confirm.text
    done = await client.post(f"/admin/pengguna/{uid}/aktif", data={"csrf_token": token, "confirm": "ya"})
    assert done.status_code == 303 and not await conn.fetchval("SELECT active FROM users WHERE id = $1", uid)
    again = await client.post(f"/admin/pengguna/{uid}/aktif", data={"csrf_token": token, "active": "true"})
    assert again.status_code == 303 and await conn.fetchval("SELECT active FROM users WHERE id = $1", uid)


async def test_revoking_a_key_asks_first(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/pengguna")
    key_id = await conn.fetchval("SELECT id FROM api_keys WHERE user_id = $1", world.ids["user_employer"])
    assert f'href="/admin/kunci/{key_id}/cabut"' in page.text
    token = csrf_from(page.text)
    r = await client.post(f"/admin/kunci/{key_id}/cabut", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == f"/admin/kunci/{key_id}/cabut"
    assert (await client.get("/api/v1/vacancies", headers=world.auth("employer"))).status_code == 200
    confirm = await client.get(r.headers["location"])
    assert "Cabut kunci API" in confirm.text and "(401)" in confirm.text and world.emails["employer"] in confirm.text
    done = await client.post(f"/admin/kunci/{key_id}/cabut", data={"csrf_token": token, "confirm": "ya"})
    assert done.status_code == 303
    assert (await client.get("/api/v1/vacancies", headers=world.auth("employer"))).status_code == 401


async def test_scope_picker_is_tied_to_the_role_and_nip_is_kept(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/pengguna")
    roles = dict(re.findall(r'<option value="([a-z_]+)" data-scope="([a-z]*)"', page.text))
    assert roles == {"admin": "", "kemnaker_staff": "", "lsp_assessor": "lsp", "bapas_officer": "bapas",
                     "employer": "employer", "training_staff": "facility"}  # fmt: skip
    kinds = re.findall(r'<optgroup label="[^"]+" data-kind="([a-z]+)"', page.text)
    assert sorted(kinds) == ["bapas", "employer", "facility", "lsp"] and "/static/admin-users.js" in page.text
    assert "PT Baja Sejahtera" in page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]  # scope by name
    token = csrf_from(page.text)
    form = {"csrf_token": token, "email": "pk-nip@test.binakerja.id", "name": "Pak Nip", "role": "bapas_officer",
            "scope_id": f"bapas:{world.ids['bapas']}", "password": PASSWORD, "nip": "1985 0312"}  # fmt: skip
    bad = await client.post("/admin/pengguna", data=form)
    assert bad.status_code == 422 and 'id="u-nip-error"' in bad.text and "NIP harus 18 angka" in bad.text
    assert 'value="Pak Nip"' in bad.text and 'value="1985 0312"' in bad.text
    assert f'value="bapas:{world.ids["bapas"]}" selected' in bad.text
    assert await conn.fetchval("SELECT count(*) FROM users WHERE email = $1", form["email"]) == 0  # nothing written
    ok = await client.post("/admin/pengguna", data=form | {"nip": "198503122010121001"})
    assert ok.status_code == 303, ok.text
    assert await conn.fetchval("SELECT nip FROM users WHERE email = $1", form["email"]) == "198503122010121001"
    employer = await client.post("/admin/pengguna", data=form | {
        "email": "hr-nip@test.binakerja.id", "role": "employer", "scope_id": f"employer:{world.ids['emp_a']}",
        "nip": "198503122010121001"})  # fmt: skip
    assert employer.status_code == 422 and "NIP hanya diisi untuk Pembimbing Kemasyarakatan" in employer.text


async def test_audit_log_names_actions_and_filtered_csv(client: httpx.AsyncClient, world: World) -> None:
    await client.get(f"/api/v1/candidates/{world.pseudonyms['baker']}", headers=world.auth("employer"))
    await client.get("/api/v1/clients", headers=world.auth("bapas_officer"))
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/audit", params={"action": "candidate.view"})
    assert page.status_code == 200
    actions = re.findall(r'<option value="([a-z_.]+)"(?: selected)?>[a-z_.]+</option>', page.text)
    assert "candidate.view" in actions and "client.list" in actions
    assert '<option value="candidate.view" selected>' in page.text
    body = page.text.split("<tbody>", 1)[1]
    assert f"employer &lt;{world.emails['employer']}&gt;" in body and "client.list" not in body
    link = re.search(r'href="/api/v1/audit\?([^"]+)"', page.text)
    assert link and "action=candidate.view" in html.unescape(link.group(1))
    r = await client.get("/api/v1/audit?" + html.unescape(link.group(1)), headers=world.auth("admin"))
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and {x["action"] for x in rows} == {"candidate.view"}
    assert rows[0]["actor_name"] == f"employer <{world.emails['employer']}>"
    who = await client.get("/admin/audit", params={"actor": str(world.ids["user_bapas_officer"])})
    assert f'<option value="{world.ids["user_bapas_officer"]}" selected>' in who.text
    assert "candidate.view" not in who.text.split("<tbody>", 1)[1]
    dated = await client.get("/admin/audit", params={"since": "2020-01-01", "action": "candidate.view"})
    link = re.search(r'href="/api/v1/audit\?([^"]+)"', dated.text)
    assert link and "since=2020-01-01" in html.unescape(link.group(1))
    r = await client.get("/api/v1/audit?" + html.unescape(link.group(1)), headers=world.auth("admin"))
    assert r.status_code == 200 and len(list(csv.DictReader(io.StringIO(r.text)))) == len(rows)
    en = await client.get("/admin/audit", params={"lang": "en"})
    assert "Download CSV (as filtered)" in en.text and "Action" in en.text

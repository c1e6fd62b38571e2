"""The admin's add-user form: a bad field is named next to it, in Indonesian, and the input stays."""

from __future__ import annotations

import httpx

from tests.api.conftest import PASSWORD, World, csrf_from, sign_in


async def test_bad_user_form_keeps_input_and_names_the_field(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["admin"])
    page = await client.get("/admin/pengguna")
    form = {"csrf_token": csrf_from(page.text), "email": world.emails["employer"], "name": "Rina Dewi",
            "role": "kemnaker_staff", "scope_id": "", "password": PASSWORD}  # fmt: skip
    r = await client.post("/admin/pengguna", data=form)  # an email already in use
    assert r.status_code == 422
    assert 'value="Rina Dewi"' in r.text and f'value="{world.emails["employer"]}"' in r.text
    assert 'id="u-email-error"' in r.text and "sudah dipakai" in r.text and "already exists" not in r.text
    assert "bk_" in r.text  # the other users' keys are still listed
    form |= {"email": "rina.dewi@example.id", "password": "pendek"}
    r = await client.post("/admin/pengguna", data=form)
    assert r.status_code == 422 and 'id="u-password-error"' in r.text and 'value="rina.dewi@example.id"' in r.text

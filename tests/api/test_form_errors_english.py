"""On English pages (``?lang=en``) a refused form shows its error in English next to the field, also when
the message has values in it (built with an f-string: a length, a code) and when the template prints it
through a shared macro (organisations/_forms.html, clients/_sensitive.html)."""

from __future__ import annotations

import httpx

from tests import factories as f
from tests.api.conftest import World, csrf_from, sign_in
from tests.api.test_form_errors import error_next_to, kept


async def test_oversize_vacancy_title_in_english(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    token = csrf_from((await client.get("/lowongan/baru", params={"lang": "en"})).text)
    title = "Juru Las " * 40
    form = {
        "csrf_token": token, "title": title, "description": "Las pipa baja", "requirements": "las SMAW",
        "required_units": "", "regency_code": "32.73", "start_date": "", "positions": "1", "status": "open",
    }  # fmt: skip
    r = await client.post("/lowongan/baru?lang=en", data=form)
    assert r.status_code == 422
    error_next_to(r.text, "title", f"the vacancy title can have at most 200 characters (it has {len(title.strip())})")
    assert "paling banyak" not in r.text
    kept(r.text, "description", "Las pipa baja")
    # the same form in Indonesian keeps the Indonesian message
    r = await client.post("/lowongan/baru?lang=id", data=form)
    assert r.status_code == 422
    error_next_to(r.text, "title", "judul lowongan paling banyak 200 karakter")


async def test_officer_and_admin_macro_errors_in_english(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["bapas_officer"])
    url = f"/klien/{world.ids['welder']}"
    token = csrf_from((await client.get(url, params={"lang": "en"})).text)
    r = await client.post(
        f"{url}/data-sensitif?lang=en",
        data={"csrf_token": token, "nik": "12345", "offence_category": "pencurian", "offence_text": "uraian",
              "reason": "putusan pengadilan"},
    )  # fmt: skip
    assert r.status_code == 422
    error_next_to(r.text, "nik", "the NIK must be exactly 16 digits; it has 5")
    kept(r.text, "nik", "12345")

    await sign_in(client, world.emails["admin"])
    token = csrf_from((await client.get("/admin/organisasi", params={"lang": "en"})).text)
    code = f.uid("LPS")
    r = await client.post(
        "/admin/organisasi/upt?lang=en",
        data={"csrf_token": token, "code": code, "name": "Lapas Uji", "kind": "lapas", "regency_code": "99.99",
              "kanwil": ""},
    )  # fmt: skip
    assert r.status_code == 422
    error_next_to(r.text, "f-regency_code", "unknown regency/city code 99.99")
    kept(r.text, "f-code", code)

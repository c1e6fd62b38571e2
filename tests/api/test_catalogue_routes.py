"""Catalogue API and pages for Kemnaker staff: list/search, add/edit units and schemes, CSV import."""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories as f
from tests.api.conftest import World, csrf_from, sign_in

WELD = [u.code for u in f.WELDING_UNITS]


async def test_units_api_add_edit_search_and_roles(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h = world.auth("kemnaker_staff")
    body = {"code": "C.25LAS00.030.1", "title": "Mengelas pipa posisi 6G", "sector": "Manufaktur", "kkni_level": 3}
    r = await client.post("/api/v1/catalogue/units", json=body, headers=h)
    assert r.status_code == 201 and r.json()["code"] == body["code"]
    assert (await client.post("/api/v1/catalogue/units", json=body, headers=h)).status_code == 409
    bad = await client.post("/api/v1/catalogue/units", json=body | {"code": "LAS-30"}, headers=h)
    assert bad.status_code == 422 and bad.json()["field"] == "code"
    for who in ("lsp_assessor", "employer", "admin"):
        assert (await client.post("/api/v1/catalogue/units", json=body, headers=world.auth(who))).status_code == 403
    r = await client.put(
        f"/api/v1/catalogue/units/{body['code']}", json=body | {"title": "Mengelas pipa 6G"}, headers=h
    )
    assert r.status_code == 200 and r.json()["title"] == "Mengelas pipa 6G"
    mismatch = await client.put(f"/api/v1/catalogue/units/{WELD[0]}", json=body, headers=h)
    assert mismatch.status_code == 422 and mismatch.json()["field"] == "code"
    found = await client.get("/api/v1/catalogue/units", params={"q": "pipa 6G"}, headers=world.auth("admin"))
    assert found.status_code == 200 and [u["code"] for u in found.json()["items"]] == [body["code"]]
    assert found.json()["total"] == 1
    n = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action LIKE 'catalogue.unit.%' AND actor_user_id = $1",
        world.ids["user_kemnaker_staff"],
    )
    assert n == 2


async def test_schemes_api_and_csv_imports(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h = world.auth("kemnaker_staff")
    body = {"code": "SKM-API-1", "title": "Juru Las Dasar", "kind": "cluster", "lsp_id": world.ids["lsp"],
            "unit_codes": [WELD[2], WELD[0]], "kkni_level": 2, "validity_years": 2}  # fmt: skip
    r = await client.post("/api/v1/catalogue/schemes", json=body, headers=h)
    assert r.status_code == 201 and r.json()["unit_codes"] == [WELD[2], WELD[0]]
    sid = r.json()["id"]
    wrong = body | {"code": "SKM-API-2", "unit_codes": ["C.99X.001.1"]}
    bad = await client.post("/api/v1/catalogue/schemes", json=wrong, headers=h)
    assert bad.status_code == 422 and bad.json()["field"] == "unit_codes"
    r = await client.put(f"/api/v1/catalogue/schemes/{sid}", json=body | {"unit_codes": WELD}, headers=h)
    assert r.status_code == 200 and r.json()["unit_codes"] == WELD
    got = await client.get(f"/api/v1/catalogue/schemes/{sid}", headers=world.auth("admin"))
    assert got.json()["unit_codes"] == WELD and got.json()["validity_years"] == 2
    listed = await client.get("/api/v1/catalogue/schemes", params={"q": "SKM-API"}, headers=h)
    assert [s["code"] for s in listed.json()] == ["SKM-API-1"]

    lsp_code = await conn.fetchval("SELECT code FROM lsps WHERE id = $1", world.ids["lsp"])
    csv_h = h | {"content-type": "text/csv"}
    header = "code,title,kind,lsp_code,kkni_level,validity_years,unit_codes\n"
    bad_csv = header + f"SKM-CSV-1,Roti,kkni,{lsp_code},,3,{WELD[0]}\nSKM-CSV-2,X,kkni,{lsp_code},,30,{WELD[0]}\n"
    r = await client.post("/api/v1/catalogue/schemes/import", content=bad_csv.encode(), headers=csv_h)
    assert r.status_code == 422 and r.json()["field"] == "validity_years" and "baris 3" in r.json()["detail"]
    assert await conn.fetchval("SELECT count(*) FROM schemes WHERE code LIKE 'SKM-CSV-%'") == 0
    good_csv = header + f"SKM-CSV-1,Roti,kkni,{lsp_code},,3,{WELD[0]};{WELD[1]}\n"
    r = await client.post("/api/v1/catalogue/schemes/import", content=good_csv.encode(), headers=csv_h)
    assert r.status_code == 200 and r.json() == {"rows": 1, "added": 1, "updated": 0}
    units_csv = b"code,title,sector,kkni_level,description\nC.25LAS00.040.1,Memotong pelat,Manufaktur,2,\n"
    r = await client.post("/api/v1/catalogue/units/import", content=units_csv, headers=csv_h)
    assert r.status_code == 200 and r.json() == {"rows": 1, "added": 1, "updated": 0}
    r = await client.post("/api/v1/catalogue/units/import", content=b"code,title\nX,Y\n", headers=csv_h)
    assert r.status_code == 422 and r.json()["field"] == "sector"
    r = await client.post("/api/v1/catalogue/units/import", content=b"\xff\xfe", headers=csv_h)
    assert r.status_code == 422
    forbidden = await client.post("/api/v1/catalogue/schemes/import", content=good_csv.encode(),
                                  headers=world.auth("lsp_assessor") | {"content-type": "text/csv"})  # fmt: skip
    assert forbidden.status_code == 403


async def test_catalogue_pages_for_staff(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await sign_in(client, world.emails["kemnaker_staff"])
    home = await client.get("/katalog", params={"q": "las"})
    assert home.status_code == 200 and WELD[0] in home.text and "Juru Las SMAW" in home.text
    token = csrf_from(home.text)
    r = await client.post("/katalog/unit/baru", data={"csrf_token": token, "code": "C.25LAS00.050.1",
                          "title": "Mengelas sudut", "sector": "Manufaktur", "kkni_level": "2"})  # fmt: skip
    assert r.status_code == 303
    edit = await client.get("/katalog/unit/C.25LAS00.050.1/ubah")
    assert edit.status_code == 200 and "Mengelas sudut" in edit.text
    r = await client.post("/katalog/unit/C.25LAS00.050.1/ubah", data={"csrf_token": token, "title": "Mengelas sudut 2F",
                          "sector": "Manufaktur", "kkni_level": ""})  # fmt: skip
    assert r.status_code == 303
    assert (
        await conn.fetchval("SELECT title FROM competency_units WHERE code = 'C.25LAS00.050.1'") == "Mengelas sudut 2F"
    )
    form = {"csrf_token": token, "code": "SKM-WEB-1", "title": "Las Sudut", "kind": "occupation",
            "lsp_id": str(world.ids["lsp"]), "unit_codes": f"C.25LAS00.050.1\n{WELD[0]}", "kkni_level": "2",
            "validity_years": "3"}  # fmt: skip
    r = await client.post("/katalog/skema/baru", data=form)
    assert r.status_code == 303
    page = await client.get(r.headers["location"])
    assert page.status_code == 200 and "Las Sudut" in page.text
    assert page.text.index("C.25LAS00.050.1") < page.text.index(WELD[0])  # units shown in the scheme's order
    bad = await client.post("/katalog/skema/baru", data={"csrf_token": token, "code": "SKM-WEB-2", "title": "X",
                            "kind": "occupation", "lsp_id": str(world.ids["lsp"]), "unit_codes": "C.99X00.001.1",
                            "validity_years": "3"})  # fmt: skip
    assert bad.status_code == 422
    csv = b"code,title,sector,kkni_level,description\nC.25LAS00.060.1,Gerinda,Manufaktur,1,\n"
    r = await client.post("/katalog/impor", data={"csrf_token": token, "kind": "units"},
                          files={"file": ("units.csv", csv, "text/csv")})  # fmt: skip
    assert r.status_code == 303
    done = await client.get(r.headers["location"])
    assert "1 baris, 1 baru" in done.text
    await sign_in(client, world.emails["lsp_assessor"])
    assert (await client.get("/katalog")).status_code == 403


async def test_a_bad_unit_comes_back_with_the_message_next_to_its_field_and_the_input_kept(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    """Any bad input on "Unit baru" gave a bare 422 page in English ("sector is required"), input lost."""
    from tests.api.test_form_errors import error_next_to, kept

    await sign_in(client, world.emails["kemnaker_staff"])
    token = csrf_from((await client.get("/katalog/unit/baru")).text)
    good = {"csrf_token": token, "code": "C.25LAS00.077.1", "title": "Mengelas pipa", "sector": "Manufaktur",
            "kkni_level": "2", "description": "Las pipa baja"}  # fmt: skip
    for change, field, message, status in (
        ({"code": "bad code!"}, "code", "bukan kode unit SKKNI", 422),
        ({"sector": ""}, "sector", "sektor wajib diisi", 422),
        ({"kkni_level": "99"}, "kkni_level", "jenjang KKNI harus angka 1 sampai 9", 422),
        ({"code": WELD[0]}, "code", "sudah ada", 409),
    ):
        r = await client.post("/katalog/unit/baru", data=good | change)
        assert r.status_code == status, (change, r.status_code)
        error_next_to(r.text, field, message)
        kept(r.text, "title", "Mengelas pipa")
        kept(r.text, "description", "Las pipa baja")
    assert await conn.fetchval("SELECT count(*) FROM competency_units WHERE code = 'C.25LAS00.077.1'") == 0


async def test_a_bad_scheme_comes_back_with_the_message_next_to_its_field_and_the_input_kept(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    """Bad input on "Skema baru" gave a bare 422 page ("a scheme needs at least one competency unit"), input lost."""
    from tests.api.test_form_errors import error_next_to, kept

    await sign_in(client, world.emails["kemnaker_staff"])
    token = csrf_from((await client.get("/katalog/skema/baru")).text)
    good = {"csrf_token": token, "code": "SKM-WEB-9", "title": "Las Pipa", "kind": "occupation",
            "lsp_id": str(world.ids["lsp"]), "unit_codes": WELD[0], "kkni_level": "2",
            "validity_years": "3"}  # fmt: skip
    for change, field, message in (
        ({"unit_codes": "bad code!"}, "unit_codes", "bukan kode unit SKKNI"),
        ({"validity_years": "20"}, "validity_years", "masa berlaku harus 1 sampai 10 tahun"),
        ({"code": "SKM WEB 9!"}, "code", "hanya boleh berisi huruf"),
    ):
        r = await client.post("/katalog/skema/baru", data=good | change)
        assert r.status_code == 422, (change, r.status_code)
        error_next_to(r.text, field, message)
        kept(r.text, "title", "Las Pipa")
    assert await conn.fetchval("SELECT count(*) FROM schemes WHERE code = 'SKM-WEB-9'") == 0

"""Organisations can be corrected after onboarding (issue 11): a facility, an LSP, a TUK, an assessor
and an employer partner, each through its page and through `/api/v1`; audited; a wrong field is
named in Indonesian next to it with the input kept, and nothing is stored."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx

from api.partners import employers, organisations
from api.partners import service as accounts
from models.records import SYSTEM
from tests.integration.test_day_one import PASSWORD, _browser, client, conn, csrf  # noqa: F401 - fixtures

TODAY = date.today()


async def _world(conn: asyncpg.Connection) -> dict[str, Any]:  # noqa: F811 - the fixture's name
    bapas = await organisations.add_facility(conn, SYSTEM, code="BAPAS-BDG", name="Bapas Bandung", kind="bapas",
                                             regency_code="32.73")  # fmt: skip
    lapas = await organisations.add_facility(conn, SYSTEM, code="LAPAS-SKM", name="Lapas Sukamiskin", kind="lapas",
                                             regency_code="32.73", bapas_id=bapas.id)  # fmt: skip
    lsp = await organisations.add_lsp(conn, SYSTEM, TODAY, code="LSP-P1-SKM", name="LSP P1 Sukamiskin", kind="P1",
                                      licence_number="KEP.1/BNSP/2025", licence_valid_until=TODAY + timedelta(900),
                                      home_facility_id=lapas.id)  # fmt: skip
    tuk = await organisations.add_tuk(conn, SYSTEM, lsp.id, code="TUK-SKM-01", name="TUK Bengkel Las",
                                      facility_id=lapas.id)  # fmt: skip
    assessor = await organisations.add_assessor(conn, SYSTEM, lsp.id, registration_number="MET.000.004512 2025",
                                                name="Dedi Kurniawan", active_from=TODAY - timedelta(30),
                                                active_until=TODAY + timedelta(1000))  # fmt: skip
    partner, _ = await employers.apply_as_partner(
        conn, name="PT Baja Sejahtera", nib="9120001234567", sector="industri logam", kbli="25111",
        address="Jl. Soekarno-Hatta No. 10", regency_code="32.73", contact_name="Andi Wijaya",
        contact_email="hrd@baja.co.id", contact_phone="081234567890",
        fair_chance_policy="Kami merekrut mantan warga binaan dengan mentor dan kerahasiaan.", password=PASSWORD,
    )  # fmt: skip
    admin = await accounts.create_user(conn, SYSTEM, email="admin@kemnaker.example.id", name="Admin", role="admin",
                                       password=PASSWORD)  # fmt: skip
    _, key = await accounts.issue_api_key(conn, SYSTEM, admin.id, "uji")
    return {"bapas": bapas, "lapas": lapas, "lsp": lsp, "tuk": tuk, "assessor": assessor.assessor,
            "partner": partner.employer, "auth": {"Authorization": f"Bearer {key}"}}  # fmt: skip


async def _audits(conn: asyncpg.Connection, action: str) -> int:  # noqa: F811
    return int(await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = $1", action))


async def test_edits_through_the_api(client: httpx.AsyncClient, conn: asyncpg.Connection) -> None:  # noqa: F811
    w = await _world(conn)
    auth, tuk, partner = w["auth"], w["tuk"], w["partner"]

    bad = await client.put(f"/api/v1/tuks/{tuk.id}", json={"name": "TUK Baru", "regency_code": "99.99"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["field"] == "regency_code"
    assert "99.99" in bad.json()["detail"] and "tidak dikenal" in bad.json()["detail"]
    assert await conn.fetchval("SELECT name FROM tuks WHERE id = $1", tuk.id) == "TUK Bengkel Las"
    ok = await client.put(f"/api/v1/tuks/{tuk.id}", json={"name": "TUK Sewaktu Cimahi", "regency_code": "32.77"},
                          headers=auth)  # fmt: skip
    assert ok.status_code == 200, ok.text
    assert ok.json()["regency_code"] == "32.77" and ok.json()["facility_id"] is None
    assert ok.json()["code"] == "TUK-SKM-01"
    assert await _audits(conn, "tuk.update") == 1

    body = {"name": "PT Baja Sejahtera Abadi", "sector": "industri logam", "kbli": "2511", "address": "Jl. Baru 1",
            "regency_code": "32.73", "contact_name": "Andi Wijaya", "contact_email": "hrd@baja.co.id",
            "contact_phone": "081234567890",
            "fair_chance_policy": "Kami merekrut mantan warga binaan dengan mentor dan kerahasiaan."}  # fmt: skip
    bad = await client.put(f"/api/v1/partners/{partner.id}", json=body, headers=auth)
    assert bad.status_code == 422 and bad.json()["field"] == "kbli" and "5 angka" in bad.json()["detail"]
    assert await conn.fetchval("SELECT name FROM employers WHERE id = $1", partner.id) == "PT Baja Sejahtera"
    ok = await client.put(f"/api/v1/partners/{partner.id}", json=body | {"kbli": "25112"}, headers=auth)
    assert ok.status_code == 200, ok.text
    got = ok.json()
    assert got["name"] == "PT Baja Sejahtera Abadi" and got["kbli"] == "25112" and got["nib"] == "9120001234567"
    assert got["partner_status"] == "pending"  # editing data never changes the status
    detail = await conn.fetchval("SELECT detail FROM audit_events WHERE action = 'partner.update'")
    assert "kbli" in str(detail) and "address" in str(detail) and "contact_email" not in str(detail)

    bad = await client.put(f"/api/v1/facilities/{w['lapas'].id}", json={"name": " ", "kind": "lapas",
                           "regency_code": "32.73", "bapas_id": w["bapas"].id}, headers=auth)  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "name"

    # only the admin edits a TUK; only Kemnaker staff and the admin edit a partner
    assert (await client.put(f"/api/v1/tuks/{tuk.id}", json={"name": "X"})).status_code == 401


def _value(html: str, field: str) -> str | None:
    m = re.search(rf'name="{field}" type="[a-z]+" value="([^"]*)"', html)
    return m.group(1) if m else None


async def test_edits_through_the_pages(client: httpx.AsyncClient, conn: asyncpg.Connection) -> None:  # noqa: F811
    w = await _world(conn)
    page = await client.get("/masuk")
    signed = await client.post("/masuk", data={"csrf_token": csrf(page.text), "email": "admin@kemnaker.example.id",
                                               "password": PASSWORD})  # fmt: skip
    assert signed.status_code == 303

    async def post(url: str, **fields: str) -> httpx.Response:
        form = await client.get(url)
        assert form.status_code == 200, (url, form.status_code)
        return await client.post(url, data={"csrf_token": csrf(form.text)} | fields)

    # facility: prefilled from the record; a blank name is refused next to it with the rest kept
    lapas = w["lapas"]
    url = f"/admin/organisasi/upt/{lapas.id}/ubah"
    form = await client.get(url)
    assert _value(form.text, "name") == "Lapas Sukamiskin" and "LAPAS-SKM" in form.text
    detail = (await client.get(f"/admin/organisasi/upt/{lapas.id}")).text
    assert f'href="/admin/organisasi/upt/{lapas.id}/ubah"' in detail
    bad = await post(url, name="", kind="lapas", regency_code="32.73", kanwil="Kanwil Jabar Baru",
                     bapas_id=str(w["bapas"].id))  # fmt: skip
    assert bad.status_code == 422 and re.search(r'id="err-name"[^>]*>nama UPT wajib diisi', bad.text)
    assert _value(bad.text, "kanwil") == "Kanwil Jabar Baru"
    assert await conn.fetchval("SELECT kanwil FROM facilities WHERE id = $1", lapas.id) != "Kanwil Jabar Baru"
    ok = await post(url, name="Lapas Kelas I Sukamiskin", kind="lapas", regency_code="32.73", kanwil="",
                    bapas_id=str(w["bapas"].id))  # fmt: skip
    assert ok.status_code == 303 and ok.headers["location"] == f"/admin/organisasi/upt/{lapas.id}"
    assert await conn.fetchval("SELECT name FROM facilities WHERE id = $1", lapas.id) == "Lapas Kelas I Sukamiskin"

    # LSP: a malformed licence date is named, a renewal is stored
    lsp = w["lsp"]
    url = f"/admin/organisasi/lsp/{lsp.id}/ubah"
    fields = {"name": lsp.name, "kind": "P1", "licence_number": "KEP.2/BNSP/2026", "number_format": "",
              "home_facility_id": str(lapas.id)}  # fmt: skip
    bad = await post(url, **fields, licence_valid_until="2030-13-01")
    assert bad.status_code == 422 and 'id="err-licence_valid_until"' in bad.text and "YYYY-MM-DD" in bad.text
    assert _value(bad.text, "licence_number") == "KEP.2/BNSP/2026"
    renewed = str(TODAY + timedelta(days=1500))
    ok = await post(url, **fields, licence_valid_until=renewed)
    assert ok.status_code == 303
    assert str(await conn.fetchval("SELECT licence_valid_until FROM lsps WHERE id = $1", lsp.id)) == renewed

    # TUK and assessor: linked from the LSP page
    lsp_page = (await client.get(f"/admin/organisasi/lsp/{lsp.id}")).text
    assert f"/admin/organisasi/tuk/{w['tuk'].id}/ubah" in lsp_page
    assert f"/admin/organisasi/asesor/{w['assessor'].id}/ubah" in lsp_page
    ok = await post(f"/admin/organisasi/tuk/{w['tuk'].id}/ubah", name="TUK Las Sukamiskin",
                    facility_id=str(lapas.id), regency_code="")  # fmt: skip
    assert ok.status_code == 303
    assert await conn.fetchval("SELECT name FROM tuks WHERE id = $1", w["tuk"].id) == "TUK Las Sukamiskin"
    url = f"/admin/organisasi/asesor/{w['assessor'].id}/ubah"
    bad = await post(url, name="Dedi K.", active_from=str(TODAY), active_until=str(TODAY - timedelta(days=1)))
    assert bad.status_code == 422 and re.search(r'id="err-active_until"[^>]*>akhir masa aktif tidak boleh', bad.text)
    assert _value(bad.text, "name") == "Dedi K."
    ok = await post(url, name="Dedi Kurniawan", active_from=str(TODAY), active_until=str(TODAY + timedelta(900)))
    assert ok.status_code == 303

    # partner: a bad phone is named, the typed company name kept; then saved
    partner = w["partner"]
    url = f"/mitra/{partner.id}/ubah"
    fields = {"name": "PT Baja Sejahtera Raya", "sector": "industri logam", "kbli": "25111", "address": "Jl. A 1",
              "regency_code": "32.73", "contact_name": "Andi", "contact_email": "hrd@baja.co.id",
              "fair_chance_policy": "Kami merekrut mantan warga binaan dengan mentor dan kerahasiaan."}  # fmt: skip
    bad = await post(url, **fields, contact_phone="12")
    assert bad.status_code == 422 and 'id="err-contact_phone"' in bad.text and "diawali 0, 62" in bad.text
    assert _value(bad.text, "name") == "PT Baja Sejahtera Raya"
    ok = await post(url, **fields, contact_phone="0812 1111 2222")
    assert ok.status_code == 303
    assert await conn.fetchval("SELECT contact_phone FROM employers WHERE id = $1", partner.id) == "081211112222"
    assert 'id="edit-partner"' in (await client.get(f"/mitra/{partner.id}")).text

    for action in ("facility.update", "lsp.update", "tuk.update", "assessor.update", "partner.update"):
        assert await _audits(conn, action) == 1, action
    english = await client.get(f"/admin/organisasi/upt/{lapas.id}/ubah?lang=en")
    assert "Facility name" in english.text and "The facility code is its key" in english.text
    assert "Company name" in (await client.get(f"/mitra/{partner.id}/ubah")).text  # the switch is remembered

    # the employer's own user may not edit its partner record
    async with _browser(client) as employer:
        page = await employer.get("/masuk")
        await employer.post("/masuk", data={"csrf_token": csrf(page.text), "email": "hrd@baja.co.id",
                                            "password": PASSWORD})  # fmt: skip
        assert (await employer.get(url)).status_code == 403

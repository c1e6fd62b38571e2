"""A Bapas officer registers a new client through the page and `POST /api/v1/clients` (issue 11: an
empty deployment had no way to add a person but the SDP import). Nothing is stored on a bad form."""

from __future__ import annotations

import re
from datetime import date, timedelta

import asyncpg
import httpx

from api.partners import organisations
from api.partners import service as accounts
from models.records import SYSTEM
from tests.integration.test_day_one import PASSWORD, client, conn, csrf  # noqa: F401 - fixtures

TODAY = date.today()


async def test_officer_registers_a_client(client: httpx.AsyncClient, conn: asyncpg.Connection) -> None:  # noqa: F811
    bapas = await organisations.add_facility(conn, SYSTEM, code="BAPAS-BDG", name="Bapas Bandung", kind="bapas",
                                             regency_code="32.73")  # fmt: skip
    lapas = await organisations.add_facility(conn, SYSTEM, code="LAPAS-SKM", name="Lapas Sukamiskin", kind="lapas",
                                             regency_code="32.73", bapas_id=bapas.id)  # fmt: skip
    other = await organisations.add_facility(conn, SYSTEM, code="BAPAS-SBY", name="Bapas Surabaya", kind="bapas",
                                             regency_code="35.78")  # fmt: skip
    elsewhere = await organisations.add_facility(conn, SYSTEM, code="LAPAS-PORONG", name="Lapas Porong",
                                                 kind="lapas", regency_code="35.15", bapas_id=other.id)  # fmt: skip
    officer = await accounts.create_user(conn, SYSTEM, email="pk@bapas-bdg.example.id", name="PK", role="bapas_officer",
                                         password=PASSWORD, bapas_id=bapas.id)  # fmt: skip
    _, key = await accounts.issue_api_key(conn, SYSTEM, officer.id, "uji")
    page = await client.get("/masuk")
    await client.post("/masuk", data={"csrf_token": csrf(page.text), "email": officer.email, "password": PASSWORD})
    listing = await client.get("/klien")
    assert 'href="/klien/baru"' in listing.text
    form = await client.get("/klien/baru")
    assert form.status_code == 200 and "Lapas Sukamiskin" in form.text and "Lapas Porong" not in form.text

    good = {
        "csrf_token": csrf(form.text), "external_id": "sdp-3273-000123", "full_name": "Budi  Santoso",
        "birth_year": "1990", "gender": "L", "facility_id": str(lapas.id), "domicile_regency_code": "32.73",
        "education": "SMA/SMK", "skills": "pengelasan SMAW\nmembaca gambar teknik\n", "work_history": "",
        "trainings": "", "status": "sentenced", "expected_release_date": str(TODAY + timedelta(days=60)),
        "pb_date": str(TODAY + timedelta(days=20)), "employer_matching": "on", "consent_note": "setuju lisan",
    }  # fmt: skip
    bad = await client.post("/klien/baru", data=good | {"birth_year": "19x0", "facility_id": str(elsewhere.id),
                                                        "pb_date": str(TODAY + timedelta(days=90))})  # fmt: skip
    assert bad.status_code == 422
    for field in ("birth_year", "facility_id", "pb_date"):
        assert f'id="err-{field}"' in bad.text, field
    assert re.search(r'id="err-pb_date"[^>]*>tanggal pembebasan bersyarat .* tidak boleh sesudah', bad.text)
    assert 'value="Budi  Santoso"' in bad.text and "checked" in bad.text  # typed text and consent kept
    assert await conn.fetchval("SELECT count(*) FROM inmates") == 0

    made = await client.post("/klien/baru", data=good)
    assert made.status_code == 303, made.text
    inmate_id = int(made.headers["location"].split("/")[2].split("?")[0])
    row = await conn.fetchrow("SELECT * FROM inmates WHERE id = $1", inmate_id)
    assert row["external_id"] == "SDP-3273-000123" and row["full_name"] == "Budi Santoso"
    assert row["bapas_id"] == bapas.id and row["domicile_province_code"] == "32" and row["consent_matching"]
    assert list(row["skills"]) == ["pengelasan SMAW", "membaca gambar teknik"]
    assert await conn.fetchval("SELECT count(*) FROM consent_events WHERE inmate_id = $1", inmate_id) == 1
    assert await conn.fetchval("SELECT count(*) FROM inmate_embeddings WHERE inmate_id = $1", inmate_id) == 1
    assert await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'inmate.create'") == 1
    detail = await client.get(f"/klien/{inmate_id}")
    assert detail.status_code == 200 and "Budi Santoso" in detail.text

    again = await client.post("/klien/baru", data=good)
    assert again.status_code == 409 and re.search(r'id="err-external_id"[^>]*>nomor registrasi .* sudah terdaftar',
                                                  again.text)  # fmt: skip

    auth = {"Authorization": f"Bearer {key}"}
    body = {"external_id": "SDP-3273-000124", "full_name": "Siti Aminah", "birth_year": 1995, "gender": "P",
            "facility_id": lapas.id, "domicile_regency_code": "32.04", "skills": ["membuat roti"],
            "status": "released", "expected_release_date": str(TODAY - timedelta(days=3)),
            "consent": {"employer_matching": True, "reveal_name": True}}  # fmt: skip
    r = await client.post("/api/v1/clients", json=body | {"gender": "X"}, headers=auth)
    assert r.status_code == 422
    r = await client.post("/api/v1/clients", json=body | {"facility_id": elsewhere.id}, headers=auth)
    assert r.status_code == 422 and r.json()["field"] == "facility_id"
    r = await client.post("/api/v1/clients", json=body, headers=auth)
    assert r.status_code == 201, r.text
    assert await conn.fetchval("SELECT consent_reveal_name FROM inmates WHERE id = $1", r.json()["id"]) is True
    assert (await client.post("/api/v1/clients", json=body, headers=auth)).status_code == 409
    english = await client.get("/klien/baru?lang=en")
    assert "Register a new client" in english.text and "Registration number (SDP)" in english.text

"""Day one of a real deployment (issue 11): from an empty database (migrations only, no demo data),
onboard a Bapas, a Lapas, an LSP with a TUK and an assessor, an employer partner (applied ->
verified) and users of each, then the employer posts a vacancy: once entirely through the JSON API,
once through the pages with their CSRF forms."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
import pytest_asyncio

from api.app import create_app
from api.config import Settings
from api.partners import service as accounts
from models.db import create_pool
from models.migrate import migrate
from models.records import SYSTEM
from tests.conftest import drop_database, rolled_back, with_db

PASSWORD = "hari-pertama-2026"  # noqa: S105 - test users only
DATA_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="  # bytes 0..31, base64: test data only
TODAY = date.today()
EMPTY_TABLES = ("facilities", "lsps", "tuks", "assessors", "employers", "users", "vacancies", "inmates")


@pytest_asyncio.fixture(loop_scope="session")
async def conn(pg_uri: str) -> AsyncIterator[asyncpg.Connection]:
    """A database of its own, with migrations and nothing else: other tests on this worker commit
    rows into the shared one (demo loads, CLI runs), and day one must start from empty."""
    name = f"day_one_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(pg_uri)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    uri = with_db(pg_uri, name)
    try:
        first = await asyncpg.connect(uri)
        try:
            await migrate(first)
        finally:
            await first.close()
        pool = await create_pool(uri, min_size=1, max_size=2)
        try:
            async with rolled_back(pool) as c:
                yield c
        finally:
            await pool.close()
    finally:
        await drop_database(pg_uri, name)


@pytest_asyncio.fixture(loop_scope="session")
async def client(db: Any, encoder: Any) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(secret_key="day-one-secret", data_key=DATA_KEY, demo_on_empty=False)  # noqa: S106
    app = create_app(settings, embedder=encoder, db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        c.app = app  # type: ignore[attr-defined]
        yield c


def _browser(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A second visitor on the same app (its own cookies)."""
    return httpx.AsyncClient(transport=client._transport, base_url="http://t")


def csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in page"
    return m.group(1)


async def _assert_empty(conn: asyncpg.Connection) -> None:
    for table in EMPTY_TABLES:
        assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 0, table  # noqa: S608 - fixed names
    assert await conn.fetchval("SELECT count(*) FROM regencies") == 514  # reference geography ships with migrations


async def _first_admin(conn: asyncpg.Connection) -> tuple[int, dict[str, str]]:
    """What the operator does with `binakerja user add --role admin` and `binakerja user key`."""
    admin = await accounts.create_user(
        conn, SYSTEM, email="admin@kemnaker.example.id", name="Admin Pusat", role="admin", password=PASSWORD
    )
    _, key = await accounts.issue_api_key(conn, SYSTEM, admin.id, "hari pertama")
    return admin.id, {"Authorization": f"Bearer {key}"}


async def _join(client: httpx.AsyncClient, admin: dict[str, str], invitation: httpx.Response) -> dict[str, str]:
    """Accept an invitation (public) and give the new user an API key (admin)."""
    assert invitation.status_code == 201, invitation.text
    accepted = await client.post(
        "/api/v1/invitations/accept", json={"code": invitation.json()["code"], "password": PASSWORD}
    )
    assert accepted.status_code == 201, accepted.text
    key = await client.post(f"/api/v1/users/{accepted.json()['id']}/keys", json={"label": "uji"}, headers=admin)
    return {"Authorization": f"Bearer {key.json()['key']}"}


async def test_day_one_through_the_api(client: httpx.AsyncClient, conn: asyncpg.Connection) -> None:
    await _assert_empty(conn)
    _, admin = await _first_admin(conn)

    # facilities: a Lapas must name its Bapas, so the Bapas comes first
    lapas = {"code": "LAPAS-SUKAMISKIN", "name": "Lapas Kelas I Sukamiskin", "kind": "lapas", "regency_code": "32.73"}
    r = await client.post("/api/v1/facilities", json=lapas, headers=admin)
    assert r.status_code == 422 and r.json()["field"] == "bapas_id"
    r = await client.post(
        "/api/v1/facilities",
        headers=admin,
        json={"code": "bapas-bandung", "name": "Bapas Kelas I Bandung", "kind": "bapas", "regency_code": "32.73"},
    )
    assert r.status_code == 201, r.text
    bapas = r.json()
    assert bapas["code"] == "BAPAS-BANDUNG" and bapas["province_code"] == "32"
    assert bapas["kanwil"] == "Kanwil Ditjenpas Jawa Barat"
    r = await client.post("/api/v1/facilities", json=lapas | {"bapas_id": bapas["id"]}, headers=admin)
    assert r.status_code == 201, r.text
    lapas_id = r.json()["id"]
    dup = await client.post("/api/v1/facilities", json=lapas | {"bapas_id": bapas["id"]}, headers=admin)
    assert dup.status_code == 409
    assert await conn.fetchval("SELECT count(*) FROM facilities") == 2

    # an LSP P1 inside the Lapas, with a TUK and an assessor active today
    lsp = {
        "code": "LSP-P1-SKM",
        "name": "LSP P1 Lapas Sukamiskin",
        "kind": "P1",
        "licence_number": "KEP.1234/BNSP/VI/2025",
        "licence_valid_until": str(TODAY + timedelta(days=900)),
    }
    r = await client.post("/api/v1/lsps", json=lsp, headers=admin)
    assert r.status_code == 422 and r.json()["field"] == "home_facility_id"
    r = await client.post("/api/v1/lsps", json=lsp | {"home_facility_id": bapas["id"]}, headers=admin)
    assert r.status_code == 422 and r.json()["field"] == "home_facility_id"  # a Bapas is no home for a P1
    lapsed = lsp | {"home_facility_id": lapas_id, "licence_valid_until": str(TODAY - timedelta(days=1))}
    r = await client.post("/api/v1/lsps", json=lapsed, headers=admin)
    assert r.status_code == 422 and r.json()["field"] == "licence_valid_until"
    r = await client.post("/api/v1/lsps", json=lsp | {"home_facility_id": lapas_id}, headers=admin)
    assert r.status_code == 201, r.text
    lsp_id = r.json()["id"]
    r = await client.post(
        f"/api/v1/lsps/{lsp_id}/tuks",
        headers=admin,
        json={"code": "TUK-SKM-01", "name": "TUK Bengkel Las", "facility_id": lapas_id},
    )
    assert r.status_code == 201 and r.json()["regency_code"] == "32.73", r.text
    assessor = {
        "registration_number": "MET.000.004512 2025",
        "name": "Dedi Kurniawan",
        "active_from": str(TODAY - timedelta(days=30)),
        "active_until": str(TODAY + timedelta(days=1000)),
    }
    r = await client.post(
        f"/api/v1/lsps/{lsp_id}/assessors", json=assessor | {"registration_number": "4512"}, headers=admin
    )
    assert r.status_code == 422 and r.json()["field"] == "registration_number"
    r = await client.post(
        f"/api/v1/lsps/{lsp_id}/assessors",
        headers=admin,
        json=assessor | {"active_until": str(TODAY - timedelta(days=60))},
    )
    assert r.status_code == 422 and r.json()["field"] == "active_until"
    r = await client.post(f"/api/v1/lsps/{lsp_id}/assessors", json=assessor, headers=admin)
    assert r.status_code == 201, r.text
    assessor_id = r.json()["id"]
    assert await conn.fetchval("SELECT count(*) FROM assessors") == 1

    # users of each organisation, by invitation; the role follows from the organisation
    async def invite(**body: Any) -> httpx.Response:
        return await client.post("/api/v1/invitations", json=body, headers=admin)

    staff = await _join(
        client, admin, await invite(email="staf@kemnaker.example.id", name="Staf Kemitraan", organisation="kemnaker")
    )
    officer_inv = await invite(
        email="pk@bapas-bandung.example.id", name="Rina PK", organisation="bapas", organisation_id=bapas["id"]
    )
    assert officer_inv.json()["role"] == "bapas_officer" and officer_inv.json()["bapas_id"] == bapas["id"]
    officer = await _join(client, admin, officer_inv)
    wrong_scope = await invite(email="x@lsp.example.id", name="X", organisation="bapas", organisation_id=lapas_id)
    assert wrong_scope.status_code == 422 and wrong_scope.json()["field"] == "organisation"  # a Lapas is not a Bapas
    taken = await invite(email="PK@bapas-bandung.example.id", name="Lagi", organisation="kemnaker")
    assert taken.status_code == 409
    assessor_inv = await invite(
        email="dedi@lsp-skm.example.id",
        name="Dedi Kurniawan",
        organisation="lsp",
        organisation_id=lsp_id,
        assessor_id=assessor_id,
    )
    code = assessor_inv.json()["code"]
    assessor_user = await _join(client, admin, assessor_inv)
    reused = await client.post("/api/v1/invitations/accept", json={"code": code, "password": PASSWORD})
    assert reused.status_code == 409
    unknown = await client.post("/api/v1/invitations/accept", json={"code": "bku_tidak-ada", "password": PASSWORD})
    assert unknown.status_code == 404
    assert (await client.get("/api/v1/clients", headers=officer)).status_code == 200
    lsp_org = (await client.get("/api/v1/organisation", headers=assessor_user)).json()
    assert lsp_org["kind"] == "lsp" and lsp_org["users"][0]["role"] == "lsp_assessor"

    # the employer applies (no account yet), is pending, then verified by Kemnaker staff
    application = {
        "name": "PT Baja Sejahtera",
        "nib": "9120 0012 3456 7",
        "sector": "industri logam",
        "kbli": "25111",
        "address": "Jl. Soekarno-Hatta No. 10",
        "regency_code": "32.73",
        "contact_name": "Andi Wijaya",
        "contact_email": "hrd@bajasejahtera.example.id",
        "contact_phone": "+62 812-3456-7890",
        "fair_chance_policy": "Kami merekrut mantan warga binaan dengan masa orientasi dan mentor.",
        "password": PASSWORD,
    }
    bad = await client.post("/api/v1/partner-applications", json=application | {"nib": "912000123"})
    assert bad.status_code == 422 and bad.json()["field"] == "nib" and "13 angka" in bad.json()["detail"]
    assert await conn.fetchval("SELECT count(*) FROM employers") == 0
    r = await client.post("/api/v1/partner-applications", json=application)
    assert r.status_code == 201, r.text
    partner = r.json()["partner"]
    assert partner["partner_status"] == "pending" and partner["nib"] == "9120001234567"
    key = await client.post(f"/api/v1/users/{r.json()['user_id']}/keys", json={"label": "HRIS"}, headers=admin)
    employer = {"Authorization": f"Bearer {key.json()['key']}"}
    vacancy = {
        "title": "Juru Las SMAW",
        "description": "Bengkel fabrikasi baja membutuhkan juru las.",
        "requirements": ["mampu mengelas pelat baja SMAW"],
        "regency_code": "32.73",
        "positions": 2,
    }
    assert (await client.post("/api/v1/vacancies", json=vacancy, headers=employer)).status_code == 403
    pending = (await client.get("/api/v1/partners?status=pending", headers=staff)).json()
    assert [p["name"] for p in pending["items"]] == ["PT Baja Sejahtera"]
    r = await client.post(f"/api/v1/partners/{partner['id']}/verify", json={}, headers=staff)
    assert r.status_code == 200 and r.json()["partner_status"] == "active", r.text

    # the partner's own admin user invites a colleague into the same employer
    colleague_inv = await client.post(
        "/api/v1/organisation/invitations",
        headers=employer,
        json={"email": "rekrutmen@bajasejahtera.example.id", "name": "Tim Rekrutmen"},
    )
    colleague = await _join(client, admin, colleague_inv)
    not_admin = await client.post(
        "/api/v1/organisation/invitations",
        headers=colleague,
        json={"email": "lain@bajasejahtera.example.id", "name": "Lain"},
    )
    assert not_admin.status_code == 403
    members = (await client.get("/api/v1/organisation", headers=colleague)).json()["users"]
    assert sorted((m["email"], m["org_admin"]) for m in members) == [
        ("hrd@bajasejahtera.example.id", True),
        ("rekrutmen@bajasejahtera.example.id", False),
    ]

    # and posts a vacancy, which its candidate search can rank (no people registered yet)
    r = await client.post("/api/v1/vacancies", json=vacancy, headers=colleague)
    assert r.status_code == 201, r.text
    search = await client.get(f"/api/v1/vacancies/{r.json()['id']}/candidates", headers=employer)
    assert search.status_code == 200 and search.json()["items"] == []

    actions = [a["action"] for a in await conn.fetch("SELECT action FROM audit_events ORDER BY id")]
    for expected in (
        "facility.create",
        "lsp.create",
        "tuk.create",
        "assessor.create",
        "invitation.create",
        "invitation.accept",
        "partner.apply",
        "partner.verify",
        "partner.refused",
        "vacancy.create",
    ):
        assert expected in actions, expected
    assert actions.count("facility.create") == 2 and actions.count("invitation.accept") == 4


async def test_day_one_through_the_pages(client: httpx.AsyncClient, conn: asyncpg.Connection) -> None:
    await _assert_empty(conn)
    await _first_admin(conn)
    page = await client.get("/masuk")
    signed = await client.post(
        "/masuk", data={"email": "admin@kemnaker.example.id", "password": PASSWORD, "csrf_token": csrf(page.text)}
    )
    assert signed.status_code == 303
    index = await client.get("/admin/organisasi")
    assert index.status_code == 200 and "Belum ada UPT" in index.text
    token = csrf(index.text)

    # a mistake is shown next to its field, with what was typed kept
    lapas = {
        "csrf_token": token,
        "code": "LAPAS-BANCEUY",
        "name": "Lapas Banceuy",
        "kind": "lapas",
        "regency_code": "32.73",
    }
    r = await client.post("/admin/organisasi/upt", data=lapas)
    assert r.status_code == 422 and 'id="err-bapas_id"' in r.text and 'value="LAPAS-BANCEUY"' in r.text
    assert await conn.fetchval("SELECT count(*) FROM facilities") == 0
    r = await client.post(
        "/admin/organisasi/upt",
        data={
            "csrf_token": token,
            "code": "BAPAS-BDG",
            "name": "Bapas Bandung",
            "kind": "bapas",
            "regency_code": "32.73",
        },
    )
    assert r.status_code == 303
    bapas_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = await client.post("/admin/organisasi/upt", data=lapas | {"bapas_id": str(bapas_id)})
    assert r.status_code == 303
    lapas_id = int(r.headers["location"].rsplit("/", 1)[1])

    bapas_page = await client.get(f"/admin/organisasi/upt/{bapas_id}")
    assert "Lapas Banceuy" in bapas_page.text and 'id="invite-form"' in bapas_page.text
    invited = await client.post(
        "/admin/undangan",
        data={
            "csrf_token": token,
            "organisation": "bapas",
            "organisation_id": str(bapas_id),
            "email": "pk@bapas-bdg.example.id",
            "name": "PK Satu",
        },
    )
    assert invited.status_code == 201 and 'id="new-code">bku_' in invited.text

    lsp = {
        "csrf_token": token,
        "code": "LSP-P1-BCY",
        "name": "LSP P1 Banceuy",
        "kind": "P1",
        "licence_number": "KEP.77/BNSP/2025",
        "licence_valid_until": str(TODAY + timedelta(days=700)),
        "home_facility_id": str(lapas_id),
    }
    r = await client.post("/admin/organisasi/lsp", data=lsp)
    assert r.status_code == 303, r.text
    lsp_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = await client.post(
        f"/admin/organisasi/lsp/{lsp_id}/tuk",
        data={"csrf_token": token, "code": "TUK-BCY", "name": "TUK Dapur", "facility_id": str(lapas_id)},
    )
    assert r.status_code == 303
    met = {
        "csrf_token": token,
        "registration_number": "met.000.000777  2024",
        "name": "Asesor Tujuh",
        "active_from": str(TODAY),
        "active_until": "bukan-tanggal",
    }
    r = await client.post(f"/admin/organisasi/lsp/{lsp_id}/asesor", data=met)
    assert r.status_code == 422 and 'id="err-active_until"' in r.text and "YYYY-MM-DD" in r.text
    r = await client.post(
        f"/admin/organisasi/lsp/{lsp_id}/asesor", data=met | {"active_until": str(TODAY + timedelta(days=900))}
    )
    assert r.status_code == 303
    lsp_page = await client.get(f"/admin/organisasi/lsp/{lsp_id}")
    assert "MET.000.000777 2024" in lsp_page.text and "TUK Dapur" in lsp_page.text and ">aktif<" in lsp_page.text

    # Kemnaker staff, invited from the overview, accept on the invitation page
    r = await client.post(
        "/admin/undangan",
        data={
            "csrf_token": token,
            "organisation": "kemnaker",
            "email": "staf@kemnaker.example.id",
            "name": "Staf Mitra",
        },
    )
    code = re.search(r'id="new-code">([^<]+)<', r.text).group(1)  # type: ignore[union-attr]
    async with _browser(client) as staff:
        form = await staff.get(f"/undangan?kode={code}")
        short = await staff.post("/undangan", data={"csrf_token": csrf(form.text), "code": code, "password": "pendek"})
        assert short.status_code == 422 and 'id="err-password"' in short.text and code in short.text
        r = await staff.post("/undangan", data={"csrf_token": csrf(form.text), "code": code, "password": PASSWORD})
        assert r.status_code == 303
        login = await staff.get("/masuk")
        await staff.post(
            "/masuk", data={"email": "staf@kemnaker.example.id", "password": PASSWORD, "csrf_token": csrf(login.text)}
        )

        # an employer applies on the public form and is signed in to its status page
        async with _browser(client) as company:
            form = await company.get("/mitra/daftar")
            application = {
                "csrf_token": csrf(form.text),
                "name": "CV Roti Priangan",
                "nib": "81200098765",
                "sector": "makanan",
                "kbli": "10710",
                "address": "Jl. Braga 5",
                "regency_code": "32.73",
                "contact_name": "Euis",
                "contact_email": "euis@rotipriangan.example.id",
                "contact_phone": "08112233445",
                "fair_chance_policy": "Pekerja baru didampingi mentor selama tiga bulan pertama.",
                "password": PASSWORD,
            }
            r = await company.post("/mitra/daftar", data=application)
            assert r.status_code == 422 and 'id="err-nib"' in r.text and 'value="CV Roti Priangan"' in r.text
            r = await company.post("/mitra/daftar", data=application | {"nib": "8120009876543"})
            assert r.status_code == 303 and r.headers["location"] == "/organisasi"
            status = await company.get("/organisasi")
            assert 'id="partner-status">menunggu verifikasi' in status.text
            assert (await company.get("/lowongan")).status_code == 403

            listing = await staff.get("/mitra?status=pending")
            assert "CV Roti Priangan" in listing.text
            pid = await conn.fetchval("SELECT id FROM employers WHERE nib = '8120009876543'")
            detail = await staff.get(f"/mitra/{pid}")
            r = await staff.post(f"/mitra/{pid}/tolak", data={"csrf_token": csrf(detail.text), "reason": ""})
            assert r.status_code == 422 and 'id="err-reason"' in r.text
            r = await staff.post(f"/mitra/{pid}/verifikasi", data={"csrf_token": csrf(detail.text)})
            assert r.status_code == 303

            # verified: the employer posts a vacancy through its form
            new = await company.get("/lowongan/baru")
            assert new.status_code == 200
            r = await company.post(
                "/lowongan/baru",
                data={
                    "csrf_token": csrf(new.text),
                    "title": "Pembuat Roti",
                    "description": "Toko roti di Braga.",
                    "regency_code": "32.73",
                    "positions": "1",
                    "status": "open",
                },
            )
            assert r.status_code == 303, r.text
    assert await conn.fetchval("SELECT count(*) FROM vacancies WHERE title = 'Pembuat Roti'") == 1

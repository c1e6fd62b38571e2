"""Only an active partner's users may post vacancies or see candidates (issue 11): the partner
status is read on every request, so a suspension by Kemnaker reaches sessions and API keys at once."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.conftest import PASSWORD, World, sign_in

APPLICATION = {
    "name": "CV Kayu Jati Makmur",
    "nib": "9120001234567",
    "sector": "industri mebel",
    "kbli": "31001",
    "address": "Jl. Raya Jepara No. 12",
    "regency_code": "32.73",
    "contact_name": "Sari Wulandari",
    "contact_email": "hrd@kayujati.example.id",
    "contact_phone": "0812 3456 7890",
    "fair_chance_policy": "Kami menerima mantan warga binaan dengan masa orientasi tiga bulan dan seorang mentor.",
    "password": PASSWORD,
}


async def _decide(client: httpx.AsyncClient, world: World, employer_id: int, action: str, reason: str = "") -> Any:
    return await client.post(
        f"/api/v1/partners/{employer_id}/{action}",
        json={"reason": reason or None},
        headers=world.auth("kemnaker_staff"),
    )


async def test_suspended_partner_api_key_is_refused_at_once_and_works_again_after_reactivation(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    search = f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"
    assert (await client.get(search, headers=world.auth("employer"))).status_code == 200

    r = await _decide(client, world, world.ids["emp_a"], "suspend", "laporan pelanggaran kerahasiaan kandidat")
    assert r.status_code == 200 and r.json()["partner_status"] == "suspended", r.text

    refused = await client.get(search, headers=world.auth("employer"))
    assert refused.status_code == 403 and "dibekukan" in refused.json()["detail"]
    post = await client.post("/api/v1/vacancies", json={"title": "Juru Las"}, headers=world.auth("employer"))
    assert post.status_code == 403
    assert (
        await client.get(f"/api/v1/candidates/{world.pseudonyms['baker']}", headers=world.auth("employer"))
    ).status_code == 403
    # the other partner is untouched, and the suspended one still sees its own status
    other = await client.get(f"/api/v1/vacancies/{world.ids['vac_b']}/candidates", headers=world.auth("employer_b"))
    assert other.status_code == 200
    own = await client.get("/api/v1/organisation", headers=world.auth("employer"))
    assert own.status_code == 200 and own.json()["partner_status"] == "suspended"
    refusals = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'partner.refused' AND actor_user_id = $1",
        world.ids["user_employer"],
    )
    assert refusals == 3

    assert (await _decide(client, world, world.ids["emp_a"], "reactivate")).json()["partner_status"] == "active"
    assert (await client.get(search, headers=world.auth("employer"))).status_code == 200


async def test_suspension_reaches_a_signed_in_session_on_its_next_request(
    client: httpx.AsyncClient, world: World
) -> None:
    await sign_in(client, world.emails["employer"])
    assert (await client.get("/lowongan")).status_code == 200
    await _decide(client, world, world.ids["emp_a"], "suspend", "verifikasi ulang dokumen")
    page = await client.get("/lowongan")
    assert page.status_code == 403 and "dibekukan" in page.text
    status = await client.get("/organisasi")
    assert status.status_code == 200 and 'id="partner-status">dibekukan' in status.text
    assert "verifikasi ulang dokumen" in status.text
    await _decide(client, world, world.ids["emp_a"], "reactivate")
    assert (await client.get("/lowongan")).status_code == 200


async def test_a_pending_applicant_cannot_search_until_verified(client: httpx.AsyncClient, world: World) -> None:
    r = await client.post("/api/v1/partner-applications", json=APPLICATION)
    assert r.status_code == 201, r.text
    partner, user_id = r.json()["partner"], r.json()["user_id"]
    assert partner["partner_status"] == "pending" and partner["nib"] == "9120001234567"
    key = (await client.post(f"/api/v1/users/{user_id}/keys", json={"label": "hr"}, headers=world.auth("admin"))).json()
    applicant = {"Authorization": f"Bearer {key['key']}"}

    vacancy = {"title": "Tukang Kayu", "description": "Mebel jati.", "regency_code": "32.73"}
    assert (await client.post("/api/v1/vacancies", json=vacancy, headers=applicant)).status_code == 403
    listing = await client.get("/api/v1/vacancies", headers=applicant)
    assert listing.status_code == 403 and "menunggu verifikasi" in listing.json()["detail"]
    own = await client.get("/api/v1/organisation", headers=applicant)
    assert own.json()["partner_status"] == "pending" and own.json()["users"][0]["org_admin"] is True

    assert (await _decide(client, world, partner["id"], "suspend", "x")).status_code == 409  # not active yet
    verified = await _decide(client, world, partner["id"], "verify")
    assert verified.status_code == 200 and verified.json()["partner_status"] == "active"
    created = await client.post("/api/v1/vacancies", json=vacancy, headers=applicant)
    assert created.status_code == 201, created.text
    search = await client.get(f"/api/v1/vacancies/{created.json()['id']}/candidates", headers=applicant)
    assert search.status_code == 200


async def test_applications_name_the_wrong_field_and_store_nothing(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    before = await conn.fetchval("SELECT count(*) FROM employers")
    cases = {
        "nib": "12345",
        "kbli": "2511",
        "regency_code": "99.99",
        "contact_email": "bukan-email",
        "contact_phone": "12",
        "fair_chance_policy": "ya",
        "password": "pendek",
        "name": " ",
    }
    for field, bad in cases.items():
        r = await client.post("/api/v1/partner-applications", json=APPLICATION | {field: bad})
        assert r.status_code == 422 and r.json()["field"] == field, (field, r.text)
    assert await conn.fetchval("SELECT count(*) FROM employers") == before
    assert await conn.fetchval("SELECT count(*) FROM users WHERE email = $1", APPLICATION["contact_email"]) == 0

    assert (await client.post("/api/v1/partner-applications", json=APPLICATION)).status_code == 201
    again = await client.post(
        "/api/v1/partner-applications", json=APPLICATION | {"contact_email": "lain@kayujati.example.id"}
    )
    assert again.status_code == 409 and again.json()["field"] is None and "NIB" in again.json()["detail"]
    form = await client.post(
        "/api/v1/partner-applications", content=b"name=x", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert form.status_code == 415


async def test_staff_decisions_need_reasons_and_follow_the_lifecycle(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    pid = (await client.post("/api/v1/partner-applications", json=APPLICATION)).json()["partner"]["id"]
    no_reason = await _decide(client, world, pid, "reject")
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    assert (await _decide(client, world, pid, "reactivate")).status_code == 409
    rejected = await _decide(client, world, pid, "reject", "NIB tidak terdaftar di OSS")
    assert rejected.json()["partner_status"] == "rejected" and rejected.json()["status_reason"]
    assert (await _decide(client, world, pid, "verify")).status_code == 409
    listed = await client.get("/api/v1/partners?status=rejected", headers=world.auth("admin"))
    assert [p["id"] for p in listed.json()["items"]] == [pid]
    assert (await _decide(client, world, pid, "verify")).status_code == 409
    events = await conn.fetch(
        "SELECT action, reason FROM audit_events WHERE object_type = 'employer' AND object_id = $1 ORDER BY id",
        str(pid),
    )
    assert [e["action"] for e in events] == ["partner.apply", "partner.reject"]


async def test_partner_vetting_in_english_with_times_in_wib(client: httpx.AsyncClient, world: World) -> None:
    """/mitra and /mitra/{id} were Indonesian in English mode; the status time was UTC without a zone."""
    await sign_in(client, world.emails["kemnaker_staff"])
    listing = (await client.get("/mitra", params={"lang": "en"})).text
    assert "Employer partners" in listing and "Mitra pemberi kerja" not in listing and "Perusahaan" not in listing
    detail = (await client.get(f"/mitra/{world.ids['emp_a']}", params={"lang": "en"})).text
    assert "Sector / KBLI" in detail and "Contact person" in detail
    assert "Sektor / KBLI" not in detail and "Narahubung" not in detail


async def test_the_partner_application_form_in_english(client: httpx.AsyncClient) -> None:
    page = (await client.get("/mitra/daftar", params={"lang": "en"})).text
    assert "Apply as an employer partner" in page and "Send the application" in page
    for indonesian in ("Daftar sebagai mitra", "Kirim permohonan", "Kata sandi (minimal", "Nama perusahaan"):
        assert indonesian not in page, indonesian

"""Privacy over HTTP: offence release and read, objections and reviews, export and erasure.

Each route's allowed case and its refusals (other Bapas, other employer, wrong stage, no
consent), with the audit event the service writes."""

from __future__ import annotations

from typing import Any

import httpx

from api.privacy import actions as privacy
from api.privacy.crypto import DataCipher
from models.records import Actor
from tests.api.conftest import World, csrf_from, sign_in

CIPHER = DataCipher.from_keys(bytes(range(32)))  # the key tests/api/conftest.py configures
OFFENCE = "Pasal 362 KUHP (pencurian)"


async def audit(conn: Any, action: str, user_id: int) -> list[Any]:
    return await conn.fetch(
        "SELECT object_id, subject_inmate_id, reason FROM audit_events WHERE action = $1 AND actor_user_id = $2",
        action,
        user_id,
    )


async def offer(client: httpx.AsyncClient, world: World, conn: Any, stage: str = "offer") -> int:
    """The welder with an offence on record, shortlisted for vacancy A and moved to ``stage``."""
    officer = Actor(world.ids["user_bapas_officer"], "bapas_officer")
    await privacy.store_sensitive(conn, officer, CIPHER, world.ids["welder"], national_id=None, offence=OFFENCE)
    h = world.auth("employer")
    r = await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                          json={"candidate": world.pseudonyms["welder"]}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    app = r.json()
    for step in ("interview", "offer")[: ("shortlisted", "interview", "offer").index(stage)]:
        moved = await client.post(f"/api/v1/applications/{app['id']}/stage",
                                  json={"stage": step, "version": app["version"]}, headers=h)  # fmt: skip
        assert moved.status_code == 200, moved.text
        app = moved.json()
    return int(app["id"])


async def reveal(client: httpx.AsyncClient, world: World, on: bool) -> None:
    body = {"employer_matching": True, "reveal_offence": on}
    r = await client.put(
        f"/api/v1/clients/{world.ids['welder']}/consent", json=body, headers=world.auth("bapas_officer")
    )
    assert r.status_code == 200, r.text


async def test_offence_release_only_at_offer_with_consent_by_own_officer(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder = world.ids["welder"]
    app_id = await offer(client, world, conn, stage="interview")
    url = f"/api/v1/clients/{welder}/offence-releases"
    body = {"application_id": app_id, "reason": "penawaran bersyarat diterima"}
    early = await client.post(url, json=body, headers=world.auth("bapas_officer"))
    assert early.status_code == 409 and "offer" in early.json()["detail"]
    await conn.execute("UPDATE applications SET stage = 'offer' WHERE id = $1", app_id)
    no_consent = await client.post(url, json=body, headers=world.auth("bapas_officer"))
    assert no_consent.status_code == 403 and "consent" in no_consent.json()["detail"]
    await reveal(client, world, True)
    other_bapas = await client.post(url, json=body, headers=world.auth("officer_b"))
    assert other_bapas.status_code == 404
    wrong_client = await client.post(f"/api/v1/clients/{world.ids['baker']}/offence-releases", json=body,
                                     headers=world.auth("bapas_officer"))  # fmt: skip
    assert wrong_client.status_code == 404
    blank = await client.post(url, json={"application_id": app_id, "reason": " "}, headers=world.auth("bapas_officer"))
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    read = f"/api/v1/applications/{app_id}/offence"
    assert (await client.get(read, headers=world.auth("employer"))).status_code == 404  # not released yet

    ok = await client.post(url, json=body, headers=world.auth("bapas_officer"))
    assert ok.status_code == 201, ok.text
    assert ok.json()["employer_id"] == world.ids["emp_a"]
    released = await audit(conn, "offence.release", world.ids["user_bapas_officer"])
    assert [(r["object_id"], r["subject_inmate_id"]) for r in released] == [(str(app_id), welder)]
    refused = await audit(conn, "offence.release.refused", world.ids["user_bapas_officer"])
    assert len(refused) == 3  # wrong stage, no consent, wrong client (other Bapas: audited as that officer)

    got = await client.get(read, headers=world.auth("employer"))
    assert got.status_code == 200 and got.json()["offence"] == OFFENCE
    assert len(await audit(conn, "offence.read", world.ids["user_employer"])) == 1
    assert (await client.get(read, headers=world.auth("employer_b"))).status_code == 404
    assert (await client.get(read, headers=world.auth("bapas_officer"))).status_code == 403

    await conn.execute("UPDATE applications SET stage = 'rejected' WHERE id = $1", app_id)
    assert (await client.get(read, headers=world.auth("employer"))).status_code == 404  # rejected: hidden
    await conn.execute("UPDATE applications SET stage = 'offer' WHERE id = $1", app_id)
    assert (await client.get(read, headers=world.auth("employer"))).status_code == 200

    await reveal(client, world, False)  # consent withdrawn after the release: hidden again
    assert (await client.get(read, headers=world.auth("employer"))).status_code == 404


async def test_release_form_and_shortlist_page_show_the_released_offence(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    app_id = await offer(client, world, conn)
    await reveal(client, world, True)
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{world.ids['welder']}")
    assert page.status_code == 200 and 'id="privasi"' in page.text and f'value="{app_id}"' in page.text
    r = await client.post(f"/klien/{world.ids['welder']}/ungkap-pidana",
                          data={"csrf_token": csrf_from(page.text), "application_id": str(app_id),
                                "reason": "penawaran bersyarat"})  # fmt: skip
    assert r.status_code == 303
    assert "Sudah diungkap" in (await client.get(f"/klien/{world.ids['welder']}")).text
    await sign_in(client, world.emails["employer"])
    shortlist = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar")
    assert shortlist.status_code == 200 and OFFENCE in shortlist.text
    await sign_in(client, world.emails["employer_b"])
    other = await client.get(f"/lowongan/{world.ids['vac_b']}/pelamar")
    assert OFFENCE not in other.text


async def test_objection_opens_a_review_completed_by_the_own_officer(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder = world.ids["welder"]
    url = f"/api/v1/clients/{welder}/objections"
    body = {"objection": "sertifikat las saya tidak dihitung", "vacancy_id": world.ids["vac_a"]}
    assert (await client.post(url, json=body, headers=world.auth("officer_b"))).status_code == 404
    assert (await client.post(url, json=body, headers=world.auth("employer"))).status_code == 403
    bad = await client.post(url, json=body | {"vacancy_id": 999999}, headers=world.auth("bapas_officer"))
    assert bad.status_code == 422 and bad.json()["field"] == "vacancy_id"
    r = await client.post(url, json=body, headers=world.auth("bapas_officer"))
    assert r.status_code == 201 and r.json()["status"] == "requested"
    review_id = r.json()["id"]
    done_url = f"/api/v1/reviews/{review_id}/complete"
    outcome = {"outcome": "diperiksa manual: sertifikat dihitung, peringkat dikoreksi"}
    assert (await client.post(done_url, json=outcome, headers=world.auth("officer_b"))).status_code == 404
    done = await client.post(done_url, json=outcome, headers=world.auth("bapas_officer"))
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert done.json()["outcome"] == outcome["outcome"]
    assert (await client.post(done_url, json=outcome, headers=world.auth("bapas_officer"))).status_code == 409
    assert (await client.post("/api/v1/reviews/999999/complete", json=outcome,
                              headers=world.auth("bapas_officer"))).status_code == 404  # fmt: skip
    uid = world.ids["user_bapas_officer"]
    assert [r["object_id"] for r in await audit(conn, "review.request", uid)] == [str(review_id)]
    completed = await audit(conn, "review.complete", uid)
    # the outcome is kept with the review (erasable), never as free text in the append-only log
    assert [(r["object_id"], r["reason"]) for r in completed] == [(str(review_id), None)]


async def test_objection_and_review_forms_on_the_client_page(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{world.ids['baker']}")
    token = csrf_from(page.text)
    form = {"csrf_token": token, "objection": "keahlian roti tidak terbaca", "vacancy_id": ""}
    r = await client.post(f"/klien/{world.ids['baker']}/keberatan", data=form)
    assert r.status_code == 303
    review_id = await conn.fetchval("SELECT id FROM human_reviews WHERE inmate_id = $1", world.ids["baker"])
    page = await client.get(f"/klien/{world.ids['baker']}")
    assert "keahlian roti tidak terbaca" in page.text and f"/tinjauan/{review_id}/selesai" in page.text
    r = await client.post(f"/tinjauan/{review_id}/selesai", data={"csrf_token": token, "outcome": "sudah ditinjau"})
    assert r.status_code == 303
    assert await conn.fetchval("SELECT status FROM human_reviews WHERE id = $1", review_id) == "completed"
    other = await client.post(
        f"/klien/{world.ids['other']}/keberatan", data={"csrf_token": token, "objection": "x y z"}
    )
    assert other.status_code == 404


async def test_export_is_own_officer_only_and_audited(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    welder = world.ids["welder"]
    officer = Actor(world.ids["user_bapas_officer"], "bapas_officer")
    await privacy.store_sensitive(conn, officer, CIPHER, welder, national_id="3273012345678901", offence=OFFENCE)
    url = f"/api/v1/clients/{welder}/export"
    r = await client.get(url, params={"reason": "permintaan akses klien"}, headers=world.auth("bapas_officer"))
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    data = r.json()
    assert data["format"] == "binakerja-subject-export/1"
    assert data["person"]["full_name"] == "Budi Santoso" and data["person"]["offence"] == OFFENCE
    assert data["person"]["national_id"] == "3273012345678901" and len(data["certificates"]) == 1
    assert any(e["action"] == "subject.export" for e in data["audit_events"])
    assert (await client.get(url, headers=world.auth("bapas_officer"))).status_code == 422  # reason required
    assert (await client.get(url, params={"reason": "ingin tahu"}, headers=world.auth("officer_b"))).status_code == 404
    assert (await client.get(url, params={"reason": "ingin tahu"}, headers=world.auth("admin"))).status_code == 403
    assert [r["reason"] for r in await audit(conn, "subject.export", officer.user_id)] == ["permintaan akses klien"]


async def test_erasure_by_own_officer_or_admin_with_confirmation(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder, other = world.ids["welder"], world.ids["other"]
    url = f"/api/v1/clients/{welder}/erasure"
    body = {"reason": "permintaan penghapusan klien", "confirm": world.pseudonyms["welder"]}
    wrong = await client.post(url, json=body | {"confirm": "WB-SALAH"}, headers=world.auth("bapas_officer"))
    assert wrong.status_code == 422 and wrong.json()["field"] == "confirm"
    assert (await client.post(url, json=body, headers=world.auth("officer_b"))).status_code == 404
    assert (await client.post(url, json=body, headers=world.auth("employer"))).status_code == 403
    assert await conn.fetchval("SELECT anonymised_at FROM inmates WHERE id = $1", welder) is None
    r = await client.post(url, json=body, headers=world.auth("bapas_officer"))
    assert r.status_code == 200 and r.json() == {"inmate_id": welder, "erased": True}
    row = await conn.fetchrow("SELECT full_name, initials, anonymised_at FROM inmates WHERE id = $1", welder)
    assert row["full_name"] == "Dihapus" and row["initials"] == "B. S." and row["anonymised_at"] is not None
    assert (await client.get(f"/api/v1/clients/{welder}", headers=world.auth("bapas_officer"))).status_code == 404
    assert len(await audit(conn, "subject.erase", world.ids["user_bapas_officer"])) == 1

    admin_body = {"reason": "Bapas asal tidak lagi menangani", "confirm": world.pseudonyms["other"]}
    r = await client.post(f"/api/v1/clients/{other}/erasure", json=admin_body, headers=world.auth("admin"))
    assert r.status_code == 200 and r.json()["erased"] is True
    again = await client.post(f"/api/v1/clients/{other}/erasure", json=admin_body, headers=world.auth("admin"))
    assert again.json()["erased"] is False
    assert len(await audit(conn, "subject.erase", world.ids["user_admin"])) == 1


async def test_erasure_confirmation_page(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    baker = world.ids["baker"]
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{baker}/hapus")
    assert page.status_code == 200 and world.pseudonyms["baker"] in page.text and "tidak dapat dibatalkan" in page.text
    token = csrf_from(page.text)
    bad = await client.post(f"/klien/{baker}/hapus", data={"csrf_token": token, "reason": "permintaan klien",
                                                            "confirm": "salah"})  # fmt: skip
    assert (
        bad.status_code == 422 and await conn.fetchval("SELECT anonymised_at FROM inmates WHERE id = $1", baker) is None
    )
    ok = await client.post(f"/klien/{baker}/hapus", data={"csrf_token": token, "reason": "permintaan klien",
                                                          "confirm": world.pseudonyms["baker"]})  # fmt: skip
    assert ok.status_code == 303 and ok.headers["location"].startswith("/klien")
    assert await conn.fetchval("SELECT full_name FROM inmates WHERE id = $1", baker) == "Dihapus"
    assert (await client.get(f"/klien/{world.ids['other']}/hapus")).status_code == 404

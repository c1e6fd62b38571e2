"""NIK and offence entry by the Bapas officer (API and client page), every write and read audited,
and the offence release flow end to end on data entered this way."""

from __future__ import annotations

import html
from typing import Any

import httpx

from tests.api.conftest import World, csrf_from, sign_in

NIK = "3273011505900003"  # man born 15 May 1990 in Kota Bandung, like the world's welder


async def audit(conn: Any, action: str, inmate_id: int) -> list[Any]:
    return await conn.fetch(
        "SELECT actor_user_id, actor_role, reason, detail, at FROM audit_events"
        " WHERE action = $1 AND subject_inmate_id = $2 ORDER BY id",
        action,
        inmate_id,
    )


async def test_officer_records_and_reads_nik_and_offence_through_the_api(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder = world.ids["welder"]
    url = f"/api/v1/clients/{welder}/sensitive"
    body = {"nik": "3273 0115 0590 0003", "offence_category": "pencurian", "offence_text": "Pasal 362 KUHP",
            "reason": "salinan putusan dari Lapas"}  # fmt: skip
    r = await client.put(url, json=body, headers=world.auth("bapas_officer"))
    assert r.status_code == 200, r.text
    assert r.json() == {"inmate_id": welder, "written": ["national_id", "offence"]}
    raw = await conn.fetchrow("SELECT national_id_enc, offence_enc FROM inmates WHERE id = $1", welder)
    assert NIK.encode() not in raw["national_id_enc"] and b"362" not in raw["offence_enc"]
    writes = await audit(conn, "inmate.sensitive.write", welder)
    assert [(w["actor_user_id"], w["actor_role"], w["reason"]) for w in writes] == [
        (world.ids["user_bapas_officer"], "bapas_officer", "salinan putusan dari Lapas")
    ]
    assert "362" not in writes[0]["detail"] and NIK not in writes[0]["detail"]  # values never enter the log

    got = await client.get(url, params={"reason": "penyusunan Litmas"}, headers=world.auth("bapas_officer"))
    assert got.status_code == 200
    assert got.json() == {"inmate_id": welder, "nik": NIK, "offence": {
        "category": "pencurian", "category_label": "Pencurian", "text": "Pasal 362 KUHP"}}  # fmt: skip
    reads = await audit(conn, "inmate.sensitive.read", welder)
    assert [(r["actor_role"], r["reason"]) for r in reads] == [("bapas_officer", "penyusunan Litmas")]

    # a field left out is kept; null removes it
    r = await client.put(url, json={"offence_category": "penipuan", "offence_text": "Pasal 378", "reason": "koreksi"},
                         headers=world.auth("bapas_officer"))  # fmt: skip
    assert r.json()["written"] == ["offence"]
    r = await client.put(url, json={"nik": None, "reason": "NIK salah ketik"}, headers=world.auth("bapas_officer"))
    assert r.json()["written"] == ["national_id"]
    got = await client.get(url, params={"reason": "cek"}, headers=world.auth("bapas_officer"))
    assert got.json()["nik"] is None and got.json()["offence"]["category"] == "penipuan"
    assert len(await audit(conn, "inmate.sensitive.write", welder)) == 3


async def test_bad_entries_are_422_naming_the_field_and_store_nothing(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder = world.ids["welder"]
    url = f"/api/v1/clients/{welder}/sensitive"
    h = world.auth("bapas_officer")
    cases = [
        ({"nik": "32730115059000"}, "nik", "tepat 16 angka, ada 14 angka"),
        ({"nik": "9973011505900003"}, "nik", "kode provinsi 99"),
        ({"nik": "3273013205900003"}, "nik", "bukan tanggal yang mungkin"),
        ({"nik": "3273011505910003"}, "nik", "tidak cocok dengan tahun lahir klien (1990)"),
        ({"offence_category": "begal"}, "offence_category", "harus salah satu dari"),
        ({"offence_category": "lainnya"}, "offence_text", "uraikan"),
        ({"offence_text": "Pasal 362"}, "offence_category", "pilih kategori"),
        ({}, "nik", "isi NIK atau tindak pidana"),
    ]
    for extra, field, words in cases:
        r = await client.put(url, json={"reason": "data baru"} | extra, headers=h)
        assert r.status_code == 422 and r.json()["field"] == field and words in r.json()["detail"], (extra, r.text)
    short = await client.put(url, json={"nik": NIK, "reason": " "}, headers=h)
    assert short.status_code == 422 and short.json()["field"] == "reason"
    assert await conn.fetchval("SELECT national_id_enc IS NULL AND offence_enc IS NULL FROM inmates WHERE id = $1",
                               welder)  # fmt: skip
    assert await audit(conn, "inmate.sensitive.write", welder) == []
    assert (await client.get(url, headers=h)).status_code == 422  # a read needs a reason


async def test_only_the_own_bapas_officer_enters_or_reads(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    body = {"nik": NIK, "reason": "data baru"}
    other = f"/api/v1/clients/{world.ids['other']}/sensitive"
    assert (await client.put(other, json=body, headers=world.auth("bapas_officer"))).status_code == 404
    assert (await client.get(other, params={"reason": "ingin tahu"},
                             headers=world.auth("bapas_officer"))).status_code == 404  # fmt: skip
    mine = f"/api/v1/clients/{world.ids['welder']}/sensitive"
    assert (await client.put(mine, json=body, headers=world.auth("officer_b"))).status_code == 404
    for who in ("employer", "lsp_assessor", "admin", "kemnaker_staff"):
        assert (await client.put(mine, json=body, headers=world.auth(who))).status_code == 403, who
        assert (await client.get(mine, params={"reason": "x y z"}, headers=world.auth(who))).status_code == 403, who
    assert await conn.fetchval("SELECT count(*) FROM audit_events WHERE action LIKE 'inmate.sensitive.%'") == 0


async def test_client_page_form_shows_errors_next_to_fields_and_keeps_input(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder = world.ids["welder"]
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get(f"/klien/{welder}")
    assert page.status_code == 200 and 'id="data-sensitif"' in page.text and "belum dicatat" in page.text
    assert "<title>Budi Santoso" in page.text  # the title holds the name only
    token = csrf_from(page.text)
    form = {"csrf_token": token, "nik": "9973011505900003", "offence_category": "lainnya", "offence_text": "",
            "reason": "salinan putusan"}  # fmt: skip
    bad = await client.post(f"/klien/{welder}/data-sensitif", data=form)
    assert bad.status_code == 422
    text = html.unescape(bad.text)
    assert 'id="err-nik"' in bad.text and "kode provinsi 99 di awal NIK tidak dikenal" in text
    assert 'id="err-offence_text"' in bad.text and "uraikan tindak pidananya" in text
    assert 'value="9973011505900003"' in bad.text and 'value="salinan putusan"' in bad.text
    assert '<option value="lainnya" selected>' in bad.text and 'aria-invalid="true"' in bad.text
    assert await conn.fetchval("SELECT national_id_enc FROM inmates WHERE id = $1", welder) is None

    form |= {"nik": NIK, "offence_category": "narkotika", "offence_text": "Pasal 114 UU 35/2009"}
    ok = await client.post(f"/klien/{welder}/data-sensitif", data=form)
    assert ok.status_code == 303 and ok.headers["location"].startswith(f"/klien/{welder}?tersimpan=1")
    page = await client.get(ok.headers["location"])
    assert "tersimpan" in page.text and NIK not in page.text and "Pasal 114" not in page.text  # not shown unasked

    no_reason = await client.post(f"/klien/{welder}/data-sensitif/lihat", data={"csrf_token": token, "reason": ""})
    assert no_reason.status_code == 422 and 'id="err-read_reason"' in no_reason.text
    shown = await client.post(f"/klien/{welder}/data-sensitif/lihat",
                              data={"csrf_token": token, "reason": "wawancara Litmas"})  # fmt: skip
    assert shown.status_code == 200 and NIK in shown.text and "Narkotika: Pasal 114 UU 35/2009" in shown.text
    reads = await audit(conn, "inmate.sensitive.read", welder)
    assert [r["reason"] for r in reads] == ["wawancara Litmas"]
    assert (await client.post(f"/klien/{world.ids['other']}/data-sensitif", data=form)).status_code == 404


async def test_offence_entered_by_the_officer_is_released_at_offer_and_read_by_that_employer_only(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    welder, officer, employer = world.ids["welder"], world.auth("bapas_officer"), world.auth("employer")
    entered = await client.put(f"/api/v1/clients/{welder}/sensitive", headers=officer, json={
        "offence_category": "pencurian", "offence_text": "Pasal 362 KUHP, putusan PN Bandung 2024",
        "reason": "salinan putusan dari Lapas"})  # fmt: skip
    assert entered.status_code == 200, entered.text
    consent = await client.put(f"/api/v1/clients/{welder}/consent", headers=officer,
                               json={"employer_matching": True, "reveal_offence": True})  # fmt: skip
    assert consent.status_code == 200

    r = await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                          json={"candidate": world.pseudonyms["welder"]}, headers=employer)  # fmt: skip
    assert r.status_code == 201, r.text
    app = r.json()
    for step in ("interview", "offer"):
        moved = await client.post(f"/api/v1/applications/{app['id']}/stage",
                                  json={"stage": step, "version": app["version"]}, headers=employer)  # fmt: skip
        assert moved.status_code == 200, moved.text
        app = moved.json()
    read = f"/api/v1/applications/{app['id']}/offence"
    assert (await client.get(read, headers=employer)).status_code == 404  # not released yet

    released = await client.post(f"/api/v1/clients/{welder}/offence-releases", headers=officer,
                                 json={"application_id": app["id"], "reason": "penawaran bersyarat"})  # fmt: skip
    assert released.status_code == 201, released.text
    got = await client.get(read, headers=employer)
    assert got.status_code == 200
    assert got.json() == {
        "application_id": app["id"], "offence": "Pencurian: Pasal 362 KUHP, putusan PN Bandung 2024",
        "category": "pencurian", "category_label": "Pencurian", "text": "Pasal 362 KUHP, putusan PN Bandung 2024",
    }  # fmt: skip
    assert (await client.get(read, headers=world.auth("employer_b"))).status_code == 404
    read_events = await conn.fetch(
        "SELECT actor_user_id FROM audit_events WHERE action = 'offence.read' AND object_id = $1", str(app["id"])
    )
    assert [e["actor_user_id"] for e in read_events] == [world.ids["user_employer"]]

    await sign_in(client, world.emails["employer"])
    shortlist = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar")
    assert "Pencurian: Pasal 362 KUHP" in html.unescape(shortlist.text)
    await sign_in(client, world.emails["employer_b"])
    assert "Pasal 362" not in (await client.get(f"/lowongan/{world.ids['vac_b']}/pelamar")).text

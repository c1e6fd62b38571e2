"""Training end to end on the API world: programmes, classes at the own facility, enrolment with
seats, attendance, completion (trainings, embedding, LSP enrolment), gap advice, the funnel, and
every refusal (bad input stores nothing; other facilities and roles are refused)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from tests import factories as f
from tests.api.conftest import World, csrf_from, sign_in

TODAY = date.today()


async def _count(conn: Any, table: str) -> int:
    return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))


async def _programme(client: httpx.AsyncClient, world: World, **over: Any) -> dict[str, Any]:
    body = {"title": "Pengelasan SMAW Dasar", "provider_kind": "blk", "provider_name": "BLK Bandung",
            "scheme_id": world.ids["welding"], "hours": 160} | over  # fmt: skip
    r = await client.post("/api/v1/training/programmes", json=body, headers=world.auth("training_staff"))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def _class(client: httpx.AsyncClient, world: World, programme_id: int, seats: int = 10,
                 who: str = "training_staff") -> dict[str, Any]:  # fmt: skip
    body = {"programme_id": programme_id, "starts_on": TODAY.isoformat(), "seats": seats,
            "ends_on": (TODAY + timedelta(days=30)).isoformat(), "instructor_name": "Hendra Wijaya"}  # fmt: skip
    r = await client.post("/api/v1/training/classes", json=body, headers=world.auth(who))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_programme_validation_stores_nothing_and_names_the_field(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    before = await _count(conn, "training_programmes")
    bad = [
        ({"title": "Las di Lapas Sukamiskin"}, "title", "tidak boleh menyebut lapas"),
        ({"title": "Kelas Lapas Kelas I Sukamiskin"}, "title", "tidak boleh menyebut"),
        ({"hours": 0}, "hours", "jam pelatihan"),
        ({"provider_kind": "sekolah"}, "provider_kind", "BLK, BPVP, LPK"),
        ({"scheme_id": 999999}, "scheme_id", "Skema sertifikasi tidak dikenal"),
        ({"units": ["X.99XXX00.999.9"]}, "units", "unit kompetensi"),
        ({"provider_name": ""}, "provider_name", "penyelenggara wajib"),
    ]
    body = {"title": "Pengelasan SMAW Dasar", "provider_kind": "blk", "provider_name": "BLK Bandung",
            "scheme_id": world.ids["welding"], "hours": 160}  # fmt: skip
    for change, field, text in bad:
        r = await client.post("/api/v1/training/programmes", json=body | change, headers=world.auth("training_staff"))
        assert r.status_code == 422, (change, r.text)
        assert r.json()["field"] == field and text in r.json()["detail"], (change, r.json())
    assert await _count(conn, "training_programmes") == before
    made = await _programme(client, world)
    assert made["units"] == [u.code for u in f.WELDING_UNITS]  # the scheme's units by default
    dup = await client.post("/api/v1/training/programmes", json=body, headers=world.auth("kemnaker_staff"))
    assert dup.status_code == 409 and "sudah ada" in dup.json()["detail"]
    other = await client.post("/api/v1/training/programmes", json=body | {"title": "Tata Boga Dasar",
                              "scheme_id": None}, headers=world.auth("kemnaker_staff"))  # fmt: skip
    assert other.status_code == 201 and other.json()["units"] == []
    for who in ("employer", "lsp_assessor", "bapas_officer", "admin"):
        r = await client.post("/api/v1/training/programmes", json=body | {"title": "Lain"}, headers=world.auth(who))
        assert r.status_code == 403, who
    audited = await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'training.programme.create'")
    assert audited == 2


async def test_class_validation_and_own_facility(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    programme = await _programme(client, world)
    before = await _count(conn, "training_classes")
    good = {"programme_id": programme["id"], "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=30)).isoformat(), "seats": 10, "instructor_name": "Hendra"}  # fmt: skip
    for change, field in [
        ({"ends_on": (TODAY - timedelta(days=1)).isoformat()}, "ends_on"),
        ({"starts_on": (TODAY - timedelta(days=90)).isoformat()}, "starts_on"),
        ({"seats": 0}, "seats"),
        ({"seats": 501}, "seats"),
        ({"instructor_name": " "}, "instructor_name"),
        ({"programme_id": 999999}, "programme_id"),
    ]:
        r = await client.post("/api/v1/training/classes", json=good | change, headers=world.auth("training_staff"))
        assert r.status_code == 422 and r.json()["field"] == field, (change, r.text)
    assert await _count(conn, "training_classes") == before
    made = await _class(client, world, programme["id"])
    assert made["facility_id"] == world.ids["lapas"] and made["taken"] == 0
    again = await client.post("/api/v1/training/classes", json=good, headers=world.auth("training_staff"))
    assert again.status_code == 409
    r = await client.post("/api/v1/training/classes", json=good, headers=world.auth("kemnaker_staff"))
    assert r.status_code == 403
    mine = await client.get("/api/v1/training/classes", headers=world.auth("training_staff"))
    theirs = await client.get("/api/v1/training/classes", headers=world.auth("training_b"))
    assert made["id"] in {c["id"] for c in mine.json()} and made["id"] not in {c["id"] for c in theirs.json()}


async def test_enrolment_scope_seats_and_least_data(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    programme = await _programme(client, world)
    klass = await _class(client, world, programme["id"], seats=2)
    url = f"/api/v1/training/classes/{klass['id']}/enrolments"
    staff = world.auth("training_staff")
    # a person of another facility, by id or by registration number: refused, nothing stored
    other_reg = await conn.fetchval("SELECT external_id FROM inmates WHERE id = $1", world.ids["other"])
    for body in ({"inmate_id": world.ids["other"]}, {"person": other_reg}, {}):
        r = await client.post(url, json=body, headers=staff)
        assert r.status_code == 422 and r.json()["field"] == "inmate_id", r.text
    assert await _count(conn, "training_enrolments") == 0
    # training staff of another facility: the class does not exist for them
    assert (
        await client.get(f"/api/v1/training/classes/{klass['id']}", headers=world.auth("training_b"))
    ).status_code == 404
    r = await client.post(url, json={"inmate_id": world.ids["baker"]}, headers=world.auth("training_b"))
    assert r.status_code == 404
    refused = await conn.fetchval("SELECT count(*) FROM audit_events WHERE action = 'training.refused'")
    assert refused >= 2
    # another Bapas' officer may not enrol this Bapas' client
    r = await client.post(url, json={"inmate_id": world.ids["baker"]}, headers=world.auth("officer_b"))
    assert r.status_code == 422
    # own training staff and the person's own officer may
    r = await client.post(url, json={"inmate_id": world.ids["baker"]}, headers=staff)
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"id", "class_id", "inmate_id", "pseudonym", "registration_number", "name", "status",
                             "completed_at", "sessions_present"}  # fmt: skip
    r = await client.post(url, json={"inmate_id": world.ids["refuser"]}, headers=world.auth("bapas_officer"))
    assert r.status_code == 201, r.text
    dup = await client.post(url, json={"inmate_id": world.ids["baker"]}, headers=staff)
    assert dup.status_code == 409 and "sudah terdaftar" in dup.json()["detail"]
    full = await client.post(url, json={"inmate_id": world.ids["welder"]}, headers=staff)
    assert full.status_code == 409 and "Kelas penuh" in full.json()["detail"] and "2 kursi" in full.json()["detail"]
    assert await _count(conn, "training_enrolments") == 2
    # the database refuses an overfull class too, whoever writes
    import asyncpg
    import pytest

    with pytest.raises(asyncpg.CheckViolationError):
        async with conn.transaction():
            await conn.execute("INSERT INTO training_enrolments (class_id, inmate_id) VALUES ($1, $2)",
                               klass["id"], world.ids["welder"])  # fmt: skip
    # the officer sees only own clients on the class; employers nothing at all
    seen = await client.get(f"/api/v1/training/classes/{klass['id']}", headers=world.auth("officer_b"))
    assert seen.status_code == 200 and seen.json()["participants"] == []
    for path in ("/api/v1/training/classes", f"/api/v1/training/classes/{klass['id']}", "/api/v1/training/funnel"):
        assert (await client.get(path, headers=world.auth("employer"))).status_code == 403
    html = (await client.get(f"/pelatihan/kelas/{klass['id']}", headers=staff)).text
    assert "Siti Aminah" in html and "Joko Surabaya" not in html  # people of the own facility only


async def test_attendance_completion_feeds_trainings_matching_and_lsp(
    client: httpx.AsyncClient, world: World, conn: Any, encoder: Any
) -> None:
    person = await f.inmate(conn, world.ids["lapas"], world.ids["bapas"], name="Andi Pratama",
                            skills=("membersihkan ruangan",))  # fmt: skip
    from api.web.stores import PgMatcherStores
    from matcher.indexing import reindex_inmates

    await reindex_inmates(PgMatcherStores(conn), encoder, TODAY)
    hash_before = await conn.fetchval("SELECT text_hash FROM inmate_embeddings WHERE inmate_id = $1", person)
    assessor = world.auth("lsp_assessor")
    assert (await client.get(f"/sertifikasi/asesi/{person}", headers=assessor)).status_code == 404
    programme = await _programme(client, world)
    klass = await _class(client, world, programme["id"])
    staff = world.auth("training_staff")
    r = await client.post(f"/api/v1/training/classes/{klass['id']}/enrolments", json={"inmate_id": person},
                          headers=staff)  # fmt: skip
    eid = r.json()["id"]
    complete = f"/api/v1/training/enrolments/{eid}/complete"
    early = await client.post(complete, headers=staff)
    assert early.status_code == 409 and "presensi" in early.json()["detail"]
    att = f"/api/v1/training/classes/{klass['id']}/attendance"
    for day in (TODAY + timedelta(days=1), TODAY - timedelta(days=1)):
        r = await client.put(att, json={"session_on": day.isoformat(), "present": [eid]}, headers=staff)
        assert r.status_code == 422 and r.json()["field"] == "session_on"
    assert await _count(conn, "training_attendance") == 0
    r = await client.put(att, json={"session_on": TODAY.isoformat(), "present": [eid]},
                         headers=world.auth("training_b"))  # fmt: skip
    assert r.status_code == 404
    r = await client.put(att, json={"session_on": TODAY.isoformat(), "present": [eid]}, headers=staff)
    assert r.status_code == 200 and r.json()["recorded"] == 1
    assert (await client.post(complete, headers=world.auth("training_b"))).status_code == 404
    done = await client.post(complete, headers=staff)
    assert done.status_code == 200 and done.json()["status"] == "completed", done.text
    trainings = await conn.fetchval("SELECT trainings FROM inmates WHERE id = $1", person)
    assert "Pengelasan SMAW Dasar" in trainings
    hash_after = await conn.fetchval("SELECT text_hash FROM inmate_embeddings WHERE inmate_id = $1", person)
    assert hash_after != hash_before  # the candidate document changed and was re-embedded at once
    from matcher.documents import candidate_text
    from matcher.profiles import candidate_doc
    from models.repositories.inmates import InmateRepo

    doc = candidate_doc(await InmateRepo(conn).get(person), [], TODAY)
    assert "Pengelasan SMAW Dasar" in candidate_text(doc, TODAY)
    enrolled = await conn.fetchval(
        "SELECT source FROM lsp_enrolments WHERE inmate_id = $1 AND lsp_id = $2 AND withdrawn_at IS NULL",
        person, world.ids["lsp"],
    )  # fmt: skip
    assert enrolled == "facility"
    assert (await client.get(f"/sertifikasi/asesi/{person}", headers=assessor)).status_code == 200
    again = await client.post(complete, headers=staff)
    assert again.status_code == 409
    assert await conn.fetchval("SELECT trainings FROM inmates WHERE id = $1", person) == trainings
    actions = [
        r["action"]
        for r in await conn.fetch(
            "SELECT action FROM audit_events WHERE subject_inmate_id = $1 AND action LIKE 'training.%' ORDER BY id",
            person,
        )
    ]
    assert actions[:1] == ["training.enrol"] and "training.complete" in actions


async def test_gap_advice_names_the_class(client: httpx.AsyncClient, world: World) -> None:
    gaps = (await client.get(f"/api/v1/clients/{world.ids['baker']}/gaps", headers=world.auth("bapas_officer"))).json()
    assert gaps["missing_units"], gaps  # the baker lacks the welding unit vacancy A asks
    before = (await client.get(f"/klien/{world.ids['baker']}", headers=world.auth("bapas_officer"))).text
    assert "Ikuti kelas" not in before
    programme = await _programme(client, world)
    klass = await _class(client, world, programme["id"])
    html = (await client.get(f"/klien/{world.ids['baker']}", headers=world.auth("bapas_officer"))).text
    assert (f"Ikuti kelas Pengelasan SMAW Dasar di Lapas Kelas I Sukamiskin, mulai {klass['starts_on']}, "
            "lalu asesmen skema Juru Las SMAW.") in html  # fmt: skip
    en = (await client.get(f"/klien/{world.ids['baker']}?lang=en", headers=world.auth("bapas_officer"))).text
    assert "Take the class Pengelasan SMAW Dasar at Lapas Kelas I Sukamiskin" in en


async def test_funnel_scope(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    programme = await _programme(client, world)
    mine = await _class(client, world, programme["id"])
    theirs = await _class(client, world, programme["id"], who="training_b")
    await client.post(f"/api/v1/training/classes/{mine['id']}/enrolments", json={"inmate_id": world.ids["baker"]},
                      headers=world.auth("training_staff"))  # fmt: skip
    await client.post(f"/api/v1/training/classes/{theirs['id']}/enrolments", json={"inmate_id": world.ids["other"]},
                      headers=world.auth("training_b"))  # fmt: skip
    own = (await client.get(f"/api/v1/training/funnel?facility_id={world.ids['other_lapas']}",
                            headers=world.auth("training_staff"))).json()  # fmt: skip
    assert [(r["facility_id"], r["enrolled"]) for r in own] == [(world.ids["lapas"], 1)]
    everyone = (await client.get("/api/v1/training/funnel", headers=world.auth("kemnaker_staff"))).json()
    assert {r["facility_id"] for r in everyone} == {world.ids["lapas"], world.ids["other_lapas"]}
    one = (await client.get(f"/api/v1/training/funnel?facility_id={world.ids['other_lapas']}",
                            headers=world.auth("kemnaker_staff"))).json()  # fmt: skip
    assert [r["facility_id"] for r in one] == [world.ids["other_lapas"]]
    page = await client.get("/pelatihan/corong", headers=world.auth("kemnaker_staff"))
    assert page.status_code == 200 and "Corong pelatihan" in page.text


async def test_forms_keep_input_and_show_indonesian_errors(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await sign_in(client, world.emails["training_staff"])
    home = await client.get("/pelatihan")
    assert home.status_code == 200
    token = csrf_from(home.text)
    before = await _count(conn, "training_programmes")
    r = await client.post("/pelatihan/program", data={"csrf_token": token, "title": "Las Rutan Bandung",
                          "provider_kind": "blk", "provider_name": "BLK Bandung", "hours": "abc"})  # fmt: skip
    assert r.status_code == 422
    assert 'value="Las Rutan Bandung"' in r.text and 'id="title-error"' in r.text and 'id="hours-error"' in r.text
    assert "Jumlah jam pelatihan harus angka" in r.text
    assert await _count(conn, "training_programmes") == before
    r = await client.post("/pelatihan/program?lang=en", data={"csrf_token": token, "title": "", "provider_kind": "blk",
                          "provider_name": "BLK", "hours": "10"})  # fmt: skip
    assert r.status_code == 422 and "The programme title is required" in r.text
    r = await client.post("/pelatihan/program?lang=id", data={"csrf_token": token, "title": "Tata Rias Dasar",
                          "provider_kind": "lpk", "provider_name": "LPK Cantika", "hours": "80"})  # fmt: skip
    assert r.status_code == 303
    pid = await conn.fetchval("SELECT id FROM training_programmes WHERE title = 'Tata Rias Dasar'")
    r = await client.post("/pelatihan/kelas", data={"csrf_token": token, "programme_id": str(pid),
                          "starts_on": TODAY.isoformat(), "ends_on": "kemarin", "seats": "5",
                          "instructor_name": "Sri"})  # fmt: skip
    assert r.status_code == 422 and "Tanggal selesai harus berformat" in r.text and 'value="Sri"' in r.text
    r = await client.post("/pelatihan/kelas", data={"csrf_token": token, "programme_id": str(pid),
                          "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(), "seats": "1",
                          "instructor_name": "Sri Lestari"})  # fmt: skip
    assert r.status_code == 303
    class_url = r.headers["location"].split("?")[0]
    r = await client.post(class_url + "/peserta", data={"csrf_token": token, "inmate_id": str(world.ids["baker"])})
    assert r.status_code == 303
    r = await client.post(class_url + "/peserta", data={"csrf_token": token, "inmate_id": str(world.ids["welder"])})
    assert r.status_code == 409 and "Kelas penuh: semua 1 kursi sudah terisi" in r.text


async def test_a_facility_invites_its_training_staff(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    body = {"email": "pelatih@lapas.example.id", "name": "Dewi Pelatih", "organisation": "facility",
            "organisation_id": world.ids["lapas"]}  # fmt: skip
    bapas = await client.post("/api/v1/invitations", json=body | {"organisation_id": world.ids["bapas"]},
                              headers=world.auth("admin"))  # fmt: skip
    assert bapas.status_code == 422  # a Bapas has PK officers, not training staff
    r = await client.post("/api/v1/invitations", json=body, headers=world.auth("admin"))
    assert r.status_code == 201, r.text
    assert r.json()["role"] == "training_staff"
    accepted = await client.post("/api/v1/invitations/accept", json={"code": r.json()["code"],
                                 "password": "rahasia-pelatih-1"})  # fmt: skip
    assert accepted.status_code == 201, accepted.text
    user = await conn.fetchrow("SELECT role, facility_id FROM users WHERE email = 'pelatih@lapas.example.id'")
    assert (user["role"], user["facility_id"]) == ("training_staff", world.ids["lapas"])
    await sign_in(client, "pelatih@lapas.example.id", "rahasia-pelatih-1")
    page = await client.get("/pelatihan")
    assert page.status_code == 200 and "Lapas Kelas I Sukamiskin" in page.text
    assert (await client.get("/klien")).status_code == 403 and (await client.get("/lowongan")).status_code == 403


async def test_completed_training_survives_a_re_import(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    """An SDP/CSV re-import replaces the person's trainings with the file's list; the titles of
    completed programmes are kept (the exporting system does not know them), and re-importing
    the same file again changes nothing."""
    from api.imports.service import import_rows
    from matcher.documents import candidate_text
    from matcher.profiles import candidate_doc
    from models.repositories.inmates import InmateRepo

    person = await f.inmate(conn, world.ids["lapas"], world.ids["bapas"], name="Rudi Hartono")
    programme = await _programme(client, world, title="Pengelasan SMAW Lanjut")
    klass = await _class(client, world, programme["id"])
    staff = world.auth("training_staff")
    r = await client.post(f"/api/v1/training/classes/{klass['id']}/enrolments", json={"inmate_id": person},
                          headers=staff)  # fmt: skip
    eid = r.json()["id"]
    r = await client.put(f"/api/v1/training/classes/{klass['id']}/attendance",
                         json={"session_on": TODAY.isoformat(), "present": [eid]}, headers=staff)  # fmt: skip
    assert r.status_code == 200
    assert (await client.post(f"/api/v1/training/enrolments/{eid}/complete", headers=staff)).status_code == 200

    stored = await conn.fetchrow(
        "SELECT i.external_id, i.full_name, i.birth_year, i.gender, f.code FROM inmates i "
        "JOIN facilities f ON f.id = i.facility_id WHERE i.id = $1", person,
    )  # fmt: skip
    row = {"external_id": stored["external_id"], "full_name": stored["full_name"],
           "birth_year": stored["birth_year"], "gender": stored["gender"], "facility_code": stored["code"],
           "trainings": ["Menjahit pakaian dasar"]}  # fmt: skip
    first = await import_rows(conn, "inmates", [(1, row)], source="sdp-export.jsonl")
    assert first.updated == 1
    trainings = await conn.fetchval("SELECT trainings FROM inmates WHERE id = $1", person)
    assert trainings == ["Menjahit pakaian dasar", "Pengelasan SMAW Lanjut"]
    doc = candidate_doc(await InmateRepo(conn).get(person), [], TODAY)
    assert "Pengelasan SMAW Lanjut" in candidate_text(doc, TODAY) and "Menjahit" in candidate_text(doc, TODAY)
    again = await import_rows(conn, "inmates", [(1, row)], source="sdp-export.jsonl")
    assert (again.updated, again.unchanged) == (0, 1)  # a re-run is still a no-op

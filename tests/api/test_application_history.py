"""Employer: an application moves back a stage (with a reason) or is closed because the candidate
withdrew, and keeps every note with its author and WIB time, shown on the application page."""

from __future__ import annotations

import re
from datetime import timedelta, timezone
from typing import Any

import httpx

from tests.api.conftest import World, csrf_from, sign_in


async def _shortlisted(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    r = await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                          json={"candidate": world.pseudonyms["welder"]}, headers=world.auth("employer"))  # fmt: skip
    assert r.status_code == 201, r.text
    return dict(r.json())


async def _move(client: httpx.AsyncClient, world: World, app: dict[str, Any], stage: str,
                reason: str | None = None) -> httpx.Response:  # fmt: skip
    return await client.post(f"/api/v1/applications/{app['id']}/stage", headers=world.auth("employer"),
                             json={"stage": stage, "reason": reason, "version": app["version"]})  # fmt: skip


async def test_back_a_stage_with_a_reason_and_candidate_withdrew(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    app = await _shortlisted(client, world)
    app = (await _move(client, world, app, "interview")).json()
    app = (await _move(client, world, app, "offer")).json()
    no_reason = await _move(client, world, app, "interview", "  ")
    assert no_reason.status_code == 409 and "memerlukan alasan" in no_reason.json()["detail"]
    back = await _move(client, world, app, "interview", "gaji belum disepakati")
    assert back.status_code == 200 and back.json()["stage"] == "interview", back.text
    gone = await _move(client, world, back.json(), "candidate_withdrew", "pindah ke kota lain")
    assert gone.status_code == 200 and gone.json()["stage"] == "candidate_withdrew"
    final = await _move(client, world, gone.json(), "offer")
    assert final.status_code == 409
    detail = await client.get(f"/api/v1/applications/{app['id']}", headers=world.auth("employer"))
    assert detail.status_code == 200
    steps = [(s["from_stage"], s["to_stage"], s["reason"]) for s in detail.json()["history"]]
    assert steps == [
        (None, "shortlisted", None), ("shortlisted", "interview", None), ("interview", "offer", None),
        ("offer", "interview", "gaji belum disepakati"), ("interview", "candidate_withdrew", "pindah ke kota lain"),
    ]  # fmt: skip
    assert {s["author"] for s in detail.json()["history"]} == {"employer"}
    # still on the employer's shortlist (unlike a consent withdrawal), labelled in Indonesian
    await sign_in(client, world.emails["employer"])
    shortlist = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar")
    row = shortlist.text.split(f'<tr id="app-{app["id"]}">', 1)[1].split("</tr>", 1)[0]
    assert "mengundurkan diri" in row and "<form" not in row
    audit = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'application.move' AND object_id = $1", str(app["id"])
    )
    assert audit == 4


async def test_the_stage_picker_offers_back_and_withdrew(client: httpx.AsyncClient, world: World) -> None:
    app = await _shortlisted(client, world)
    await _move(client, world, app, "interview")
    await sign_in(client, world.emails["employer"])
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar")
    row = page.text.split(f'<tr id="app-{app["id"]}">', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<option value="([a-z_]+)">', row) == ["offer", "rejected", "shortlisted", "candidate_withdrew"]
    assert f'href="/lamaran/{app["id"]}"' in row
    detail = await client.get(f"/lamaran/{app['id']}")
    token = csrf_from(detail.text)
    refused = await client.post(f"/lamaran/{app['id']}/tahap", data={
        "csrf_token": token, "stage": "shortlisted", "reason": "", "version": "2", "detail": "1"})  # fmt: skip
    assert refused.status_code == 409
    assert 'id="stage-error"' in refused.text and "kembali ke tahap sebelumnya memerlukan alasan" in refused.text
    assert '<option value="shortlisted" selected>' in refused.text  # the choice is kept
    form = {"csrf_token": token, "stage": "shortlisted", "reason": "jadwal diundur", "version": "2", "detail": "1"}
    ok = await client.post(f"/lamaran/{app['id']}/tahap", data=form)
    assert ok.status_code == 303 and ok.headers["location"] == f"/lamaran/{app['id']}"
    page = await client.get(ok.headers["location"])
    history = page.text.split('id="history-h"', 1)[1].split("</section>", 1)[0]
    assert "wawancara → <strong>daftar pendek</strong>" in history and "jadwal diundur" in history


async def test_every_note_is_kept_with_author_and_wib_time(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    app = await _shortlisted(client, world)
    h = world.auth("employer")
    first = await client.post(
        f"/api/v1/applications/{app['id']}/notes", json={"note": "Ditelepon, tertarik."}, headers=h
    )
    assert first.status_code == 201, first.text
    empty = await client.post(f"/api/v1/applications/{app['id']}/notes", json={"note": "   "}, headers=h)
    assert empty.status_code == 422 and empty.json()["field"] == "note"
    await sign_in(client, world.emails["employer"])
    page = await client.get(f"/lamaran/{app['id']}")
    token = csrf_from(page.text)
    r = await client.post(f"/lamaran/{app['id']}/catatan", data={"csrf_token": token, "note": "Wawancara Senin 09.00"})
    assert r.status_code == 303
    bad = await client.post(f"/lamaran/{app['id']}/catatan", data={"csrf_token": token, "note": " \n "})
    assert bad.status_code == 422 and 'id="note-error"' in bad.text and "catatan wajib diisi" in bad.text
    assert 'aria-invalid="true"' in bad.text.split('id="note"', 1)[1].split(">", 1)[0]
    page = await client.get(f"/lamaran/{app['id']}")
    notes = page.text.split('id="catatan"', 1)[1].split("<form", 1)[0]
    assert notes.index("Ditelepon, tertarik.") < notes.index("Wawancara Senin 09.00")  # both kept, in order
    rows = await conn.fetch("SELECT created_at FROM application_notes WHERE application_id = $1 ORDER BY id", app["id"])
    assert len(rows) == 2
    local = rows[0]["created_at"].astimezone(timezone(timedelta(hours=7)))
    assert f"{local:%H.%M} WIB" in notes and notes.count("employer ·") == 2  # author (the user's name) and WIB
    en = await client.get(f"/lamaran/{app['id']}", params={"lang": "en"})
    assert "Stage history" in en.text and "Notes" in en.text
    assert (
        await conn.fetchval(
            "SELECT count(*) FROM audit_events WHERE action = 'application.note' AND object_id = $1", str(app["id"])
        )
        == 2
    )


async def test_another_employer_cannot_read_or_note_the_application(client: httpx.AsyncClient, world: World) -> None:
    app = await _shortlisted(client, world)
    other = world.auth("employer_b")
    assert (await client.get(f"/api/v1/applications/{app['id']}", headers=other)).status_code == 404
    r = await client.post(f"/api/v1/applications/{app['id']}/notes", json={"note": "x"}, headers=other)
    assert r.status_code == 404
    await sign_in(client, world.emails["employer_b"])
    assert (await client.get(f"/lamaran/{app['id']}")).status_code == 404


async def test_erasure_deletes_the_notes(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    from models.repositories.privacy import PrivacyRepo

    app = await _shortlisted(client, world)
    await client.post(f"/api/v1/applications/{app['id']}/notes", json={"note": "catatan pribadi"},
                      headers=world.auth("employer"))  # fmt: skip
    assert await PrivacyRepo(conn).anonymise(world.ids["welder"], "X.X.", "dihapus")
    assert await conn.fetchval("SELECT count(*) FROM application_notes WHERE application_id = $1", app["id"]) == 0


async def test_unit_search_api_ranks_welding_before_instalasi(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    await conn.execute(
        "INSERT INTO competency_units (code, title, sector, kkni_level) VALUES "
        "('A.00AAA00.001.1', 'Memasang Instalasi Hidroponik', 'Pertanian', 2)"
    )
    r = await client.get("/api/v1/units", params={"q": "las"}, headers=world.auth("employer"))
    titles = [u["title"] for u in r.json()]
    assert titles.index("Memasang Instalasi Hidroponik") > 0, titles
    assert titles[0].lower().startswith(("las", "mengelas")), titles

"""The LSP assessor's main job through the real pages and PostgreSQL: find an asesi, record an
assessment with one BK, re-assess only that unit to K, issue, land on the certificate's page;
form errors next to their field with every K/BK choice kept; and the enrolment scope (issue 13
row 5): an assessor looks up, assesses and certifies only people enrolled with the own LSP,
every look-up and refusal audited."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from certification.signing import FileKeyStore
from models.repositories.catalogue import CatalogueRepo
from tests import factories as f
from tests.api.conftest import World, csrf_from, sign_in

WELD = [u.code for u in f.WELDING_UNITS]


@pytest.fixture(autouse=True)
def keys(client: httpx.AsyncClient, tmp_path: Path) -> None:
    client.app.state.keystore = FileKeyStore(tmp_path / "keys")  # type: ignore[attr-defined]


async def newcomer(conn: Any, world: World, name: str = "Agus Salim", *, other_bapas: bool = False) -> int:
    """A person of the world's Lapas (or the other one), enrolled with no LSP."""
    if other_bapas:
        return await f.inmate(conn, world.ids["other_lapas"], world.ids["other_bapas"], name=name)
    return await f.inmate(conn, world.ids["lapas"], world.ids["bapas"], name=name)


async def handles(conn: Any, inmate_id: int) -> tuple[str, str]:
    row = await conn.fetchrow("SELECT pseudonym, external_id FROM inmates WHERE id = $1", inmate_id)
    return row["pseudonym"], row["external_id"]


async def audit_actions(conn: Any, world: World, who: str = "lsp_assessor") -> list[tuple[str, str | None]]:
    rows = await conn.fetch(
        "SELECT action, object_id FROM audit_events WHERE actor_user_id = $1 ORDER BY id", world.ids[f"user_{who}"]
    )
    return [(r["action"], r["object_id"]) for r in rows]


def checked(html: str, code: str) -> str | None:
    """The K/BK radio checked for a unit on the assessment form, if any."""
    for value in ("K", "BK"):
        if re.search(rf'name="result:{re.escape(code)}" value="{value}"[^>]*checked', html):
            return value
    return None


# --- the scope: enrolment (issue 13 row 5) -----------------------------------------------------
async def test_assessor_cannot_assess_or_learn_the_name_of_a_person_not_enrolled(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    """Fails on the code before enrolments: any P2/P3 assessor could record an assessment for any
    person (and read the full name back from the recorded page), then issue a certificate."""
    stranger = await newcomer(conn, world, "Rahmat Terlarang")
    pseudonym, registration = await handles(conn, stranger)
    body = {"inmate_id": stranger, "scheme_id": world.ids["welding"], "assessed_on": date.today().isoformat(),
            "results": [{"unit_code": c, "result": "K"} for c in WELD]}  # fmt: skip
    r = await client.post("/api/v1/assessments", json=body, headers=world.auth("lsp_assessor"))
    assert r.status_code == 404 and "Rahmat" not in r.text
    unknown = await client.post("/api/v1/assessments", json=body | {"inmate_id": 99_999_999},
                                headers=world.auth("lsp_assessor"))  # fmt: skip
    assert unknown.status_code == 404 and unknown.json()["type"] == r.json()["type"]  # same as nobody
    r = await client.post("/api/v1/certificates", json={"inmate_id": stranger, "scheme_id": world.ids["welding"]},
                          headers=world.auth("lsp_assessor"))  # fmt: skip
    assert r.status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM assessments WHERE inmate_id = $1", stranger) == 0
    assert await conn.fetchval("SELECT count(*) FROM certificates WHERE inmate_id = $1", stranger) == 0

    await sign_in(client, world.emails["lsp_assessor"])
    for handle in (pseudonym, registration, pseudonym.lower()):
        page = await client.get("/sertifikasi/asesmen", params={"scheme_id": world.ids["welding"], "person": handle})
        assert page.status_code == 422 and "Rahmat" not in page.text
        assert 'id="person-error"' in page.text and "Tidak ditemukan di antara asesi LSP Anda" in page.text
    token = csrf_from(page.text)
    r = await client.post("/sertifikasi/asesmen", data={"csrf_token": token, "scheme_id": world.ids["welding"],
                          "person": pseudonym, "assessed_on": date.today().isoformat(),
                          **{f"result:{c}": "K" for c in WELD}})  # fmt: skip
    assert r.status_code == 422 and "Rahmat" not in r.text
    assert (await client.get(f"/sertifikasi/asesi/{stranger}")).status_code == 404
    listing = await client.get("/sertifikasi/asesi", params={"q": pseudonym})
    assert listing.status_code == 200 and "Rahmat" not in listing.text and "0 asesi" in listing.text
    api = await client.get("/api/v1/assessees", params={"q": pseudonym}, headers=world.auth("lsp_assessor"))
    assert api.status_code == 200 and api.json()["total"] == 0
    assert await conn.fetchval("SELECT count(*) FROM assessments WHERE inmate_id = $1", stranger) == 0

    refused = await conn.fetch(
        "SELECT detail->>'attempt' AS attempt FROM audit_events WHERE action = $1 AND actor_user_id = $2",
        "assessee.refused",
        world.ids["user_lsp_assessor"],
    )
    attempts = [r["attempt"] for r in refused]
    assert attempts.count("assessment.record") == 2 and "certificate.issue" in attempts  # API: stranger, nobody
    assert attempts.count("lookup") == 4 and "view" in attempts  # three form look-ups and the post; the page


async def test_officer_enrols_own_client_and_then_the_assessor_may_assess(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    person = await newcomer(conn, world, "Dewi Lestari")
    elsewhere = await newcomer(conn, world, "Bambang Jauh", other_bapas=True)
    lsp = world.ids["lsp"]
    officer = world.auth("bapas_officer")
    r = await client.post("/api/v1/enrolments", json={"inmate_id": elsewhere, "lsp_id": lsp}, headers=officer)
    assert r.status_code == 422 and r.json()["field"] == "person"  # another Bapas' client
    home = await CatalogueRepo(conn).add_lsp("LSP-P1-X", "LSP P1 Lain", "P1", "BNSP-P1", date(2099, 1, 1), "{seq}")
    await conn.execute("UPDATE lsps SET home_facility_id = $2 WHERE id = $1", home.id, world.ids["other_lapas"])
    r = await client.post("/api/v1/enrolments", json={"inmate_id": person, "lsp_id": home.id}, headers=officer)
    assert r.status_code == 422 and r.json()["field"] == "lsp_id"  # a P1 serves its own Lapas only
    r = await client.post("/api/v1/enrolments", json={"inmate_id": person, "lsp_id": lsp}, headers=officer)
    assert r.status_code == 201 and r.json()["source"] == "officer"
    enrolment = r.json()["id"]
    again = await client.post("/api/v1/enrolments", json={"inmate_id": person, "lsp_id": lsp}, headers=officer)
    assert again.status_code == 409

    listing = await client.get("/api/v1/assessees", params={"q": "dewi"}, headers=world.auth("lsp_assessor"))
    assert [a["inmate_id"] for a in listing.json()["items"]] == [person]
    theirs = await client.delete(f"/api/v1/enrolments/{enrolment}", headers=world.auth("officer_b"))
    assert theirs.status_code == 404  # another Bapas cannot end it
    r = await client.delete(f"/api/v1/enrolments/{enrolment}", headers=officer)
    assert r.status_code == 200 and r.json()["withdrawn_at"] is not None
    listing = await client.get("/api/v1/assessees", params={"q": "dewi"}, headers=world.auth("lsp_assessor"))
    assert listing.json()["total"] == 0
    actions = [a for a, _ in await audit_actions(conn, world, "bapas_officer")]
    assert actions.count("enrolment.add") == 1 and actions.count("enrolment.withdraw") == 1

    # the officer's page: the form keeps what was typed and says what is wrong, next to the field
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get("/pendaftaran-lsp")
    assert page.status_code == 200 and "LSP Pemasyarakatan" in page.text
    token = csrf_from(page.text)
    pseudonym, _ = await handles(conn, elsewhere)
    r = await client.post("/pendaftaran-lsp", data={"csrf_token": token, "person": pseudonym, "lsp_id": str(lsp)})
    assert r.status_code == 422 and 'id="person-error"' in r.text and "klien Bapas Anda" in r.text
    assert f'value="{pseudonym}"' in r.text and f'value="{lsp}" selected' in r.text
    pseudonym, _ = await handles(conn, person)
    r = await client.post("/pendaftaran-lsp", data={"csrf_token": token, "person": pseudonym, "lsp_id": str(lsp)})
    assert r.status_code == 303 and r.headers["location"] == "/pendaftaran-lsp?ok=daftar"
    page = await client.get(r.headers["location"])
    assert "Warga binaan didaftarkan ke LSP." in page.text and "Dewi Lestari" in page.text


async def test_asesi_list_is_searchable_paged_and_every_lookup_is_audited(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    people = [await newcomer(conn, world, f"Peserta Uji {i:02d}") for i in range(25)]
    await f.enrol(conn, world.ids["lsp"], *people)
    await sign_in(client, world.emails["lsp_assessor"])
    first = await client.get("/sertifikasi/asesi", params={"q": "peserta uji"})
    assert first.status_code == 200 and "25 asesi" in first.text
    assert first.text.count('href="/sertifikasi/asesi/') == 20 and "Peserta Uji 00" in first.text
    assert 'href="/sertifikasi/asesi?q=peserta+uji&amp;page=2"' in first.text
    second = await client.get("/sertifikasi/asesi", params={"q": "peserta uji", "page": 2})
    assert second.text.count('href="/sertifikasi/asesi/') == 5 and "Peserta Uji 24" in second.text
    pseudonym, registration = await handles(conn, people[3])
    for q in (pseudonym, pseudonym.lower(), registration):
        r = await client.get("/sertifikasi/asesi", params={"q": q})
        assert "Peserta Uji 03" in r.text and "1 asesi" in r.text, q
    everyone = await client.get("/sertifikasi/asesi")
    assert "Budi Santoso" in everyone.text and "Joko Surabaya" in everyone.text  # the world's enrolled people
    actions = await audit_actions(conn, world)
    assert [a for a, _ in actions].count("assessee.search") == 6
    listed = {oid for a, oid in actions if a == "assessee.list"}
    assert {str(p) for p in people} <= listed


# --- the main job: BK, re-assess to K, issue -----------------------------------------------------
async def test_reassess_a_bk_unit_to_k_issue_and_land_on_the_certificate(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    person = await newcomer(conn, world, "Slamet Riyadi")
    await f.enrol(conn, world.ids["lsp"], person)
    tuk = await CatalogueRepo(conn).add_tuk("TUK-LPS-01", "TUK Sewaktu Lapas Sukamiskin", world.ids["lsp"],
                                            world.ids["lapas"], "32.73")  # fmt: skip
    pseudonym, _ = await handles(conn, person)
    scheme = world.ids["welding"]
    await sign_in(client, world.emails["lsp_assessor"])

    step1 = await client.get("/sertifikasi/asesmen", params={"scheme_id": scheme})
    assert step1.status_code == 200 and 'name="person"' in step1.text and 'name="result:' not in step1.text
    form = await client.get("/sertifikasi/asesmen", params={"scheme_id": scheme, "person": pseudonym})
    assert form.status_code == 200 and "Slamet Riyadi" in form.text and "0 dari 3 unit sudah K" in form.text
    assert "Apa arti K dan BK?" in form.text and "Belum Kompeten" in form.text  # K/BK explained
    assert "TUK Sewaktu Lapas Sukamiskin" in form.text and 'name="semua_k"' in form.text
    token = csrf_from(form.text)
    base = {"csrf_token": token, "scheme_id": str(scheme), "inmate_id": str(person)}

    # one bad field: the error next to it, in Indonesian, every other input kept
    choices = {f"result:{WELD[0]}": "K", f"result:{WELD[1]}": "BK", f"result:{WELD[2]}": "K"}
    future = (date.today() + timedelta(days=3)).isoformat()
    r = await client.post("/sertifikasi/asesmen", data=base | choices | {
        "assessed_on": future, "tuk_id": str(tuk.id), f"evidence:{WELD[1]}": "las bocor pada sambungan"})  # fmt: skip
    assert r.status_code == 422 and 'id="assessed_on-error"' in r.text
    assert "Tanggal asesmen tidak boleh setelah hari ini." in r.text
    assert [checked(r.text, c) for c in WELD] == ["K", "BK", "K"] and "las bocor pada sambungan" in r.text
    assert f'value="{tuk.id}" selected' in r.text and f'value="{future}"' in r.text
    missing = await client.post("/sertifikasi/asesmen", data=base | {f"result:{WELD[0]}": "K",
                                "assessed_on": date.today().isoformat()})  # fmt: skip
    assert missing.status_code == 422 and missing.text.count("Pilih K atau BK untuk unit ini.") == 2
    assert checked(missing.text, WELD[0]) == "K"
    english = await client.post("/sertifikasi/asesmen?lang=en", data=base | choices | {"assessed_on": future})
    assert "The assessment date cannot be in the future." in english.text
    await client.get("/sertifikasi?lang=id")  # back to Indonesian (the choice is remembered in a cookie)
    assert await conn.fetchval("SELECT count(*) FROM assessments WHERE inmate_id = $1", person) == 0

    # recorded with one BK: no certificate yet, the way on is re-assessing the BK unit
    first_day = (date.today() - timedelta(days=7)).isoformat()
    r = await client.post("/sertifikasi/asesmen", data=base | choices | {
        "assessed_on": first_day, "tuk_id": str(tuk.id), f"evidence:{WELD[1]}": "las bocor"})  # fmt: skip
    assert r.status_code == 200 and "Asesmen tersimpan" in r.text and "Terbitkan sertifikat" not in r.text
    assert "Belum semua unit Kompeten" in r.text and "Asesmen ulang unit BK" in r.text
    assert await conn.fetchval("SELECT tuk_id FROM assessments WHERE inmate_id = $1", person) == tuk.id

    # the form now asks only for the BK unit; the K units are shown as done, not required
    again = await client.get("/sertifikasi/asesmen", params={"scheme_id": scheme, "inmate_id": person})
    assert "2 dari 3 unit sudah K" in again.text and again.text.count("Sudah Kompeten sejak") == 2
    assert f'name="result:{WELD[1]}"' in again.text
    assert f'name="result:{WELD[0]}"' not in again.text and f'name="result:{WELD[2]}"' not in again.text
    assert "las bocor" in again.text  # the last BK's evidence, for the assessor
    r = await client.post("/sertifikasi/asesmen", data=base | {
        f"result:{WELD[1]}": "K", "assessed_on": date.today().isoformat()})  # fmt: skip
    assert r.status_code == 200 and "Semua unit skema sudah K" in r.text and "Terbitkan sertifikat" in r.text

    person_page = await client.get(f"/sertifikasi/asesi/{person}")
    assert "3 / 3 unit K" in person_page.text and "Terbitkan sertifikat" in person_page.text
    r = await client.post("/sertifikasi/terbitkan", data={"csrf_token": token, "inmate_id": str(person),
                                                          "scheme_id": str(scheme)})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/sertifikasi/sertifikat/")
    assert r.headers["location"].endswith("?ok=terbit")
    landed = await client.get(r.headers["location"])
    number = r.headers["location"].removeprefix("/sertifikasi/sertifikat/").removesuffix("?ok=terbit")
    assert landed.status_code == 200 and "Sertifikat berhasil diterbitkan" in landed.text
    assert f"/api/v1/certificates/{number}/pdf" in landed.text and f"/api/v1/certificates/{number}/vc" in landed.text
    assert "Slamet Riyadi" in landed.text and "Status: aktif" in landed.text
    twice = await client.post("/sertifikasi/terbitkan", data={"csrf_token": token, "inmate_id": str(person),
                                                              "scheme_id": str(scheme)})  # fmt: skip
    assert twice.status_code == 409 and "sudah memiliki sertifikat yang berlaku" in twice.text
    assert "Slamet Riyadi" in twice.text  # the asesi page again, with the message, not an error page


async def test_semua_k_marks_every_open_unit_k(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    person = await newcomer(conn, world, "Sri Wahyuni")
    await f.enrol(conn, world.ids["lsp"], person)
    await sign_in(client, world.emails["lsp_assessor"])
    form = await client.get("/sertifikasi/asesmen", params={"scheme_id": world.ids["welding"], "inmate_id": person})
    data = {"csrf_token": csrf_from(form.text), "scheme_id": str(world.ids["welding"]), "inmate_id": str(person),
            "assessed_on": date.today().isoformat(), "semua_k": "1"}  # fmt: skip
    r = await client.post("/sertifikasi/asesmen", data=data)
    assert r.status_code == 200 and "Terbitkan sertifikat" in r.text
    results = await conn.fetch(
        "SELECT r.result FROM assessment_results r JOIN assessments a ON a.id = r.assessment_id WHERE a.inmate_id = $1",
        person,
    )
    assert sorted(x["result"] for x in results) == ["K", "K", "K"]
    nothing_left = await client.post("/sertifikasi/asesmen", data=data)
    assert nothing_left.status_code == 422 and "Semua unit sudah K" in nothing_left.text

"""Every main form of every role, submitted with one bad field: the page comes back (422) with the
error next to that field (the input marked invalid and described by the message, placed right
after it), in Bahasa Indonesia, and with every other input kept as it was typed."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

import httpx

from tests import factories as f
from tests.api.conftest import PASSWORD, World, csrf_from, sign_in

NEAR = 600  # characters of markup between the end of the field and its message, at most


def _field(page: str, field_id: str) -> re.Match[str]:
    m = re.search(rf'<(input|select|textarea)\b[^>]*\bid="{re.escape(field_id)}"[^>]*>', page)
    assert m, f"no field #{field_id}"
    return m


def _end_of(page: str, m: re.Match[str]) -> int:
    """Where the field ends: after its closing tag for a select or textarea."""
    if m.group(1) == "input":
        return m.end()
    return page.index(f"</{m.group(1)}>", m.end()) + len(m.group(1)) + 3


def error_next_to(page: str, field_id: str, message: str) -> None:
    m = _field(page, field_id)
    tag = m.group(0)
    assert 'aria-invalid="true"' in tag, f"#{field_id} is not marked invalid: {tag}"
    described = re.search(r'aria-describedby="([^"]+)"', tag)
    assert described, f"#{field_id} names no message"
    err = re.search(rf'<(p|span|div)\b[^>]*\bid="{re.escape(described.group(1))}"[^>]*>(.*?)</\1>', page, re.S)
    assert err, f"no message #{described.group(1)} for #{field_id}"
    text = html.unescape(re.sub(r"<[^>]+>", "", err.group(2))).strip()
    assert message in text, f"#{field_id}: {text!r} lacks {message!r}"
    distance = err.start() - _end_of(page, m)
    assert 0 <= distance <= NEAR, f"the message for #{field_id} is {distance} characters away"


def kept(page: str, field_id: str, value: str) -> None:
    m = _field(page, field_id)
    tag = m.group(0)
    if m.group(1) == "textarea":
        body = page[m.end() : page.index("</textarea>", m.end())]
        assert html.unescape(body) == value, f"#{field_id} lost {value!r}"
    elif m.group(1) == "select":
        options = page[m.end() : page.index("</select>", m.end())]
        assert re.search(rf'<option value="{re.escape(value)}"[^>]*\bselected', options), f"#{field_id} lost {value!r}"
    elif 'type="checkbox"' in tag:
        assert ("checked" in tag) == (value == "on"), f"#{field_id} checkbox lost {value!r}"
    else:
        assert f'value="{html.escape(value)}"' in tag, f"#{field_id} lost {value!r}: {tag}"


async def test_employer_forms(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["employer"])
    token = csrf_from((await client.get("/lowongan/baru")).text)
    form = {
        "csrf_token": token,
        "title": "Juru Las Pipa",
        "description": "Las pipa baja",
        "requirements": "las SMAW",
        "required_units": "",
        "regency_code": "32.73",
        "start_date": "",
        "positions": "dua",
        "status": "open",
    }
    r = await client.post("/lowongan/baru", data=form)
    assert r.status_code == 422
    error_next_to(r.text, "positions", "jumlah posisi harus angka")
    kept(r.text, "title", "Juru Las Pipa")
    kept(r.text, "description", "Las pipa baja")
    kept(r.text, "regency_code", "32.73")
    # a posting larger than any posting is refused next to its field, the rest kept, nothing stored
    before = (await client.get("/api/v1/vacancies", headers=world.auth("employer"))).json()["total"]
    for field, value, message in (
        ("title", "Juru Las " * 40, "judul lowongan paling banyak 200 karakter"),
        ("description", "Las pipa baja. " * 1000, "deskripsi paling banyak 10000 karakter"),
        ("requirements", "\n".join(f"syarat {n}" for n in range(60)), "persyaratan paling banyak 50 baris"),
    ):
        r = await client.post("/lowongan/baru", data=form | {"positions": "1", field: value})
        assert r.status_code == 422, field
        error_next_to(r.text, field, message)
        kept(r.text, "regency_code", "32.73")
    assert (await client.get("/api/v1/vacancies", headers=world.auth("employer"))).json()["total"] == before
    app = await client.post(
        f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
        json={"candidate": world.pseudonyms["welder"]},
        headers=world.auth("employer"),
    )
    aid = app.json()["id"]
    r = await client.post(
        f"/lamaran/{aid}/tahap",
        data={
            "csrf_token": token,
            "stage": "rejected",
            "reason": " ",
            "version": str(app.json()["version"]),
            "detail": "1",
        },
    )
    assert r.status_code == 409
    error_next_to(r.text, "reason", "penolakan memerlukan alasan")
    kept(r.text, "stage", "rejected")
    r = await client.post(f"/lamaran/{aid}/catatan", data={"csrf_token": token, "note": "   "})
    assert r.status_code == 422
    error_next_to(r.text, "note", "catatan wajib diisi")


async def test_assessor_form(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["lsp_assessor"])
    page = await client.get(
        "/sertifikasi/asesmen", params={"scheme_id": world.ids["welding"], "person": world.pseudonyms["baker"]}
    )
    assert page.status_code == 200
    future = (date.today() + timedelta(days=3)).isoformat()
    units = re.findall(r'name="result:([^"]+)"', page.text)
    data = {
        "csrf_token": csrf_from(page.text),
        "scheme_id": str(world.ids["welding"]),
        "inmate_id": str(world.ids["baker"]),
        "assessed_on": future,
    } | {f"result:{u}": "K" for u in units}
    r = await client.post("/sertifikasi/asesmen", data=data)
    assert r.status_code == 422
    error_next_to(r.text, "assessed_on", "Tanggal asesmen tidak boleh setelah hari ini.")
    kept(r.text, "assessed_on", future)


async def test_officer_forms(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await sign_in(client, world.emails["bapas_officer"])
    url = f"/klien/{world.ids['welder']}"
    token = csrf_from((await client.get(url)).text)
    # consent: a note that is too long; the boxes stay as ticked
    r = await client.post(
        f"{url}/persetujuan",
        data={"csrf_token": token, "employer_matching": "true", "reveal_facility": "true", "note": "x" * 1001},
    )
    assert r.status_code == 422
    error_next_to(r.text, "consent-note", "catatan paling banyak 1000 karakter")
    form = r.text.split('class="stack consent-form"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'name="reveal_facility"[^>]*checked', form) and not re.search(
        r'name="reveal_name"[^>]*checked', form
    )
    # sensitive data: a NIK of the wrong length; the offence and the reason stay
    r = await client.post(
        f"{url}/data-sensitif",
        data={
            "csrf_token": token,
            "nik": "12345",
            "offence_category": "pencurian",
            "offence_text": "uraian",
            "reason": "putusan pengadilan",
        },
    )
    assert r.status_code == 422
    error_next_to(r.text, "nik", "NIK harus tepat 16 angka")
    kept(r.text, "nik", "12345")
    kept(r.text, "offence_text", "uraian")
    # placement: no start date; the position and the employer stay
    r = await client.post(
        f"{url}/penempatan",
        data={
            "csrf_token": token,
            "employer_id": str(world.ids["emp_b"]),
            "position_title": "Juru Las",
            "started_on": "",
        },
    )
    assert r.status_code == 422
    error_next_to(r.text, "started_on", "tanggal mulai kerja harus berformat YYYY-MM-DD")
    kept(r.text, "position_title", "Juru Las")
    kept(r.text, "employer_id", str(world.ids["emp_b"]))
    # follow-up: a note that is too long; the note and the month stay
    start = date.today() - timedelta(days=100)
    pid = await conn.fetchval(
        "INSERT INTO placements (inmate_id, employer_id, position_title, started_on) VALUES ($1, $2, 'Las', $3) "
        "RETURNING id",
        world.ids["welder"],
        world.ids["emp_a"],
        start,
    )
    long_note = "catatan " * 260
    r = await client.post(
        f"/penempatan/{pid}/tindak-lanjut", data={"csrf_token": token, "month": "3", "note": long_note}
    )
    assert r.status_code == 422
    error_next_to(r.text, f"followup-note-{pid}", "catatan paling banyak 2000 karakter")
    kept(r.text, f"followup-note-{pid}", long_note)
    kept(r.text, f"followup-month-{pid}", "3")
    assert not re.search(r'name="still_employed" value="true" checked', r.text.split(f"followup-month-{pid}")[1])


async def test_admin_forms(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["admin"])
    token = csrf_from((await client.get("/admin/pengguna")).text)
    r = await client.post(
        "/admin/pengguna",
        data={
            "csrf_token": token,
            "email": "bukan-email",
            "name": "Ani",
            "role": "employer",
            "scope_id": f"employer:{world.ids['emp_a']}",
            "password": PASSWORD,
        },
    )
    assert r.status_code == 422
    error_next_to(r.text, "u-email", "alamat email tidak valid")
    kept(r.text, "u-email", "bukan-email")
    kept(r.text, "u-name", "Ani")
    kept(r.text, "u-role", "employer")
    kept(r.text, "u-scope", f"employer:{world.ids['emp_a']}")
    token = csrf_from((await client.get("/admin/organisasi")).text)
    code = f.uid("LPS")
    r = await client.post(
        "/admin/organisasi/upt",
        data={
            "csrf_token": token,
            "code": code,
            "name": "Lapas Uji",
            "kind": "lapas",
            "regency_code": "99.99",
            "kanwil": "",
        },
    )
    assert r.status_code == 422
    error_next_to(r.text, "f-regency_code", "tidak dikenal")
    kept(r.text, "f-code", code)
    kept(r.text, "f-name", "Lapas Uji")
    kept(r.text, "f-kind", "lapas")


async def test_kemnaker_dashboard_filter(client: httpx.AsyncClient, world: World) -> None:
    await sign_in(client, world.emails["kemnaker_staff"])
    r = await client.get("/dasbor", params={"period": "5", "province": "32"})
    assert r.status_code == 422
    error_next_to(r.text, "period", "periode harus 3, 6, 12 atau 24 bulan")
    kept(r.text, "province", "32")


async def test_error_pages_keep_the_signed_in_menu_and_speak_indonesian(
    client: httpx.AsyncClient, world: World
) -> None:
    """``/lowongan?page=0`` answered "Input should be greater than or equal to 1" under a signed-out
    menu (Masuk · Daftar mitra) to a signed-in employer; a 404 showed the same menu."""
    await sign_in(client, world.emails["employer"])
    bad = await client.get("/lowongan?page=0")
    assert bad.status_code == 422 and "paling kecil 1" in bad.text and "Input should" not in bad.text
    assert "Keluar" in bad.text and "Daftar mitra" not in bad.text
    missing = await client.get("/lowongan/999999999/kandidat")
    assert missing.status_code == 404 and "Keluar" in missing.text and "Daftar mitra" not in missing.text
    api = await client.get("/api/v1/vacancies?limit=100000", headers=world.auth("employer"))
    assert api.status_code == 422 and api.json()["field"] == "limit" and "paling besar" in api.json()["detail"]

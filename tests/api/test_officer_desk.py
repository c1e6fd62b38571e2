"""Officer: a task list on the home page (due follow-ups, releases within 90 days without a plan,
employers' stage changes on my clients), consent in plain words with its history in WIB, and the
printable plan (HTML and PDF) with letterhead, officer name/NIP, place and date, no raw scores."""

from __future__ import annotations

import re
import zlib
from datetime import date, timedelta
from typing import Any

import httpx

from certification.documents import tanggal
from models.repositories.officers import OfficerRepo
from tests.api.conftest import World, csrf_from, sign_in

NIP = "198503122010121001"


def pdf_text(data: bytes) -> str:
    """The text shown by a PDF's core-font text operators (each page stream inflated)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):  # the inflater stops at its own end
        try:
            body = zlib.decompressobj().decompress(stream)
        except zlib.error:
            body = stream
        for m in re.finditer(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", body):
            out.append(re.sub(rb"\\(.)", rb"\1", m.group(1)).decode("latin-1"))
    return "\n".join(out)


def tasks_of(html: str) -> str:
    return html.split('id="tugas-saya"', 1)[1].split("</section>", 1)[0]


async def test_task_list_shows_due_followups_releases_without_plan_and_employer_activity(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    h = world.auth("bapas_officer")
    today = date.today()
    start = today - timedelta(days=100)  # the 3-month follow-up is due
    r = await client.post(f"/api/v1/clients/{world.ids['welder']}/placements", headers=h, json={
        "employer_id": world.ids["emp_a"], "position_title": "Juru Las", "started_on": start.isoformat()})  # fmt: skip
    assert r.status_code == 201, r.text
    await conn.execute("UPDATE inmates SET expected_release_date = $1 WHERE id = $2",
                       today + timedelta(days=20), world.ids["baker"])  # fmt: skip
    await conn.execute("UPDATE inmates SET expected_release_date = $1 WHERE id = $2",
                       today + timedelta(days=30), world.ids["other"])  # another Bapas's client  # fmt: skip
    app = await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                            json={"candidate": world.pseudonyms["baker"]}, headers=world.auth("employer"))  # fmt: skip
    await client.post(f"/api/v1/applications/{app.json()['id']}/stage", headers=world.auth("employer"),
                      json={"stage": "interview", "version": app.json()["version"]})  # fmt: skip
    await sign_in(client, world.emails["bapas_officer"])
    page = await client.get("/klien")
    assert page.status_code == 200
    tasks = tasks_of(page.text)
    followups = tasks.split("Tindak lanjut jatuh tempo", 1)[1].split("<h3>", 1)[0]
    assert "Budi Santoso" in followups and "3 bulan" in followups and "Juru Las" in followups
    releases = tasks.split("Bebas dalam 90 hari, belum ada rencana", 1)[1].split("<h3>", 1)[0]
    assert "Siti Aminah" in releases and f'href="/klien/{world.ids["baker"]}/rencana"' in releases
    activity = tasks.split("Kegiatan pemberi kerja", 1)[1]
    assert "PT Baja Sejahtera" in activity and "daftar pendek → <strong>wawancara</strong>" in activity
    assert "WIB" in activity
    assert "Joko Surabaya" not in tasks
    # drawing up the plan clears the release task; recording the follow-up clears that one
    assert (await client.get(f"/klien/{world.ids['baker']}/rencana")).status_code == 200
    token = csrf_from(page.text)
    pid = r.json()["id"]
    done = await client.post(f"/penempatan/{pid}/tindak-lanjut",
                             data={"csrf_token": token, "month": "3", "still_employed": "true"})  # fmt: skip
    assert done.status_code == 303
    tasks = tasks_of((await client.get("/klien")).text)
    assert "Tindak lanjut jatuh tempo" not in tasks
    assert "Siti Aminah" not in tasks.split("Bebas dalam 90 hari", 1)[-1].split("Kegiatan pemberi kerja", 1)[0]
    assert "PT Baja Sejahtera" in tasks  # the employer's move stays for 14 days
    en = await client.get("/klien", params={"lang": "en"})
    assert "My tasks" in en.text and "Employer activity (last 14 days)" in en.text


async def test_consent_says_what_each_choice_does_and_history_reads_in_words(
    client: httpx.AsyncClient, world: World
) -> None:
    await sign_in(client, world.emails["bapas_officer"])
    url = f"/klien/{world.ids['welder']}"
    page = await client.get(url)
    section = page.text.split('id="persetujuan"', 1)[1].split("</details>", 1)[0]
    assert "lamaran yang sedang berjalan langsung ditutup" in section  # what withdrawal does
    assert section.count('class="help"') == 4 and "Jika tidak dicentang atau dicabut" in section
    token = csrf_from(page.text)
    first = {"csrf_token": token, "employer_matching": "true", "reveal_name": "true", "note": "dijelaskan di Bapas"}
    r = await client.post(f"{url}/persetujuan", data=first)
    assert r.status_code == 303
    r = await client.post(f"{url}/persetujuan", data={"csrf_token": token, "reveal_name": "true"})
    page = await client.get(url)
    history = page.text.split('class="consent-history"', 1)[1].split("</details>", 1)[0]
    assert "cocokkan=" not in history and "True" not in history and "False" not in history
    assert "Mencabut kesediaan dicocokkan." in history and "Pertama dicatat." in history
    assert "Tidak bersedia dicocokkan; nama boleh ditampilkan" in history and history.count(" WIB</time>") >= 2
    assert "Persetujuan sekarang" in page.text
    long_note = "x" * 1001
    bad = await client.post(f"{url}/persetujuan", data={"csrf_token": token, "employer_matching": "true",
                                                        "reveal_offence": "true", "note": long_note})  # fmt: skip
    assert bad.status_code == 422
    form = bad.text.split('class="stack consent-form"', 1)[1].split("</form>", 1)[0]
    assert 'id="consent-note-error"' in form and "catatan paling banyak 1000 karakter" in form
    assert re.search(r'name="employer_matching"[^>]*checked', form) and re.search(
        r'name="reveal_offence"[^>]*checked', form
    )
    assert not re.search(r'name="reveal_name"[^>]*checked', form)  # what was submitted, not what is stored
    assert f'value="{long_note}"' in form


async def test_printed_plan_has_letterhead_officer_nip_place_date_and_no_raw_scores(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    await OfficerRepo(conn).set_nip(world.ids["user_bapas_officer"], NIP)
    await sign_in(client, world.emails["bapas_officer"])
    welder = world.ids["welder"]
    profile = await client.get(f"/klien/{welder}")
    scores = set(re.findall(r"Skor (\d+)/100", profile.text))
    assert scores, "the client page shows the calibrated scores (the plan must not)"
    html = await client.get(f"/klien/{welder}/rencana")
    assert html.status_code == 200
    article = html.text.split('<article class="plan">', 1)[1].split("</article>", 1)[0]
    assert "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA" in article
    assert "BAPAS KELAS I BANDUNG" in article and f"NIP {NIP}" in article
    assert f"Bandung, {tanggal(date.today())}" in article and "bapas_officer" in article
    assert "/100" not in article and "Skor" not in article and "skor" not in article
    assert not re.search(r"\d[.,]\d\d", article.split("3. ", 1)[1].split("4. ", 1)[0])
    assert f'href="/klien/{welder}/rencana.pdf"' in html.text
    pdf = await client.get(f"/klien/{welder}/rencana.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA" in text
    assert "DIREKTORAT JENDERAL PEMASYARAKATAN" in text and "BAPAS KELAS I BANDUNG" in text
    assert "RENCANA REINTEGRASI KLIEN" in text and "Budi Santoso" in text and "Tukang Las SMAW" in text
    assert f"NIP {NIP}" in text and "bapas_officer" in text and f"Bandung, {tanggal(date.today())}" in text
    assert "skor" not in text.lower() and "/100" not in text
    assert not re.search(r"\b0[.,]\d+\b", text)  # no similarity numbers
    for s in scores:
        assert not re.search(rf"(?<![\d.]){s}(?![\d.])", text.split("3. Lowongan", 1)[1].split("4. ", 1)[0]), s
    other = await client.get(f"/klien/{world.ids['other']}/rencana.pdf")
    assert other.status_code == 404

"""Day one of a real deployment in a real browser (issue 11, "Done when"): the service starts on an
EMPTY database with the demo off, and every role does its first job through the pages only, each
step checking what the next role sees. Screenshots go to tests/artifacts/day-one-*.png."""

from __future__ import annotations

import re
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import drop_database, run_in_thread, with_db
from tests.web.conftest import ARTIFACTS, CHROMIUM, _free_port, chromium_browser, serving

pytestmark = [pytest.mark.web, pytest.mark.slow]

PASSWORD = "hari-pertama-2026"  # noqa: S105 - test users only
DATA_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="  # bytes 0..31, base64: test data only
TODAY = date.today()
UNITS = (("C.25LAS00.001.1", "Menyiapkan peralatan las SMAW"), ("C.25LAS00.002.1", "Mengelas pelat posisi datar"),
         ("C.25LAS00.003.1", "Memeriksa hasil las secara visual"))  # fmt: skip


class ShiftedClock:
    """The system clock moved ``days`` ahead (the follow-up falls due months after the hire)."""

    def __init__(self, days: int) -> None:
        self.delta = timedelta(days=days)

    def today(self) -> date:
        return date.today() + self.delta

    def now(self) -> datetime:
        from datetime import UTC

        return datetime.now(UTC) + self.delta


@dataclass
class Empty:
    url: str
    app: Any
    state: dict[str, Any] = field(default_factory=dict)  # what one step hands to the next


async def _create(uri: str, name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(uri)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


@pytest.fixture(scope="module")
def empty(pg_uri: str, encoder: Any) -> Iterator[Empty]:
    """`binakerja serve` on a database of its own with nothing in it, demo off."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (run `make browser`)")
    from api.app import create_app
    from api.config import Settings

    name = "binakerja_day_one_" + secrets.token_hex(4)
    run_in_thread(_create(pg_uri, name))
    port = _free_port()
    settings = Settings(database_url=with_db(pg_uri, name), demo_on_empty=False, port=port, data_key=DATA_KEY,
                        secret_key=secrets.token_urlsafe(16), key_dir=Path(tempfile.mkdtemp(prefix="bk-day-one-")),
                        base_url=f"http://127.0.0.1:{port}")  # fmt: skip
    app = create_app(settings, embedder=encoder)
    try:
        with serving(app, port):
            yield Empty(f"http://127.0.0.1:{port}", app)
    finally:
        run_in_thread(drop_database(pg_uri, name))


@pytest.fixture(scope="module")
def browser(empty: Empty) -> Iterator[Any]:
    with chromium_browser() as b:
        yield b


class Role:
    """One person at their own browser (own cookies)."""

    def __init__(self, browser: Any, empty: Empty) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="id-ID")
        self.page = self.context.new_page()
        self.url = empty.url

    def go(self, path: str) -> Any:
        self.page.goto(self.url + path)
        return self.page

    def sign_in(self, email: str) -> None:
        self.go("/masuk")
        self.page.fill("#email", email)
        self.page.fill("#password", PASSWORD)
        self.page.click("form.stack button[type=submit]")
        self.page.wait_for_load_state()

    def accept(self, code: str) -> None:
        """Accept an invitation with its one-time code, then sign in."""
        self.go(f"/undangan?kode={code}")
        self.page.fill("#password", PASSWORD)
        self.page.click("form.stack button[type=submit]")
        self.page.wait_for_url("**/masuk?undangan=diterima")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"day-one-{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


def _submit(page: Any, form: str) -> None:
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def _invite(admin: Role, org_page: str, email: str, name: str, *, assessor: str | None = None,
            form: str = "#invite-form") -> str:  # fmt: skip
    """The admin invites a user from an organisation's page (or the overview); the one-time code."""
    page = admin.go(org_page)
    page.fill(f"{form} input[name=email]", email)
    page.fill(f"{form} input[name=name]", name)
    if assessor is not None:
        page.select_option(f"{form} select[name=assessor_id]", label=assessor)
    _submit(page, form)
    return page.inner_text("#new-code").strip()


def test_day_one_from_an_empty_database(browser: Any, empty: Empty) -> None:
    # each person's browser context lives until the module's browser closes (the next test reuses two)
    _day_one(empty, lambda: Role(browser, empty))


def _day_one(empty: Empty, person: Any) -> None:  # noqa: PLR0915 - one story, told in order
    token = empty.app.state.setup_token
    assert token, "an empty database with the demo off prints a setup token at start"

    # 1. the operator creates the first admin on the first-run page (the token from the server log)
    operator = person()
    page = operator.go("/")
    assert page.locator("#first-run-form").count() == 1
    page.fill("#s-setup_token", "salah")
    page.fill("#s-name", "Admin Pusat")
    page.fill("#s-email", "admin@kemnaker.example.id")
    page.fill("#s-password", PASSWORD)
    page.fill("#s-password2", PASSWORD)
    _submit(page, "#first-run-form")
    assert "token penyiapan salah" in page.inner_text("#err-setup_token")
    assert page.input_value("#s-email") == "admin@kemnaker.example.id"  # kept
    operator.shot("first-run-error")
    page.fill("#s-setup_token", token)
    page.fill("#s-password", PASSWORD)
    page.fill("#s-password2", PASSWORD)
    _submit(page, "#first-run-form")
    assert "Admin pertama dibuat" in page.inner_text("main")
    assert operator.go("/").locator("#first-run-form").count() == 0  # one time only

    # 2. the admin registers a Bapas, a Lapas reporting to it, an LSP P1 with a TUK and an assessor
    admin = operator
    admin.sign_in("admin@kemnaker.example.id")
    page = admin.go("/admin/organisasi")
    admin.shot("admin-empty")
    facility_form = "form[action='/admin/organisasi/upt']"
    page.fill(f"{facility_form} input[name=code]", "BAPAS-BDG")
    page.fill(f"{facility_form} input[name=name]", "Bapas Kelas I Bandung")
    page.select_option(f"{facility_form} select[name=kind]", "bapas")
    page.select_option(f"{facility_form} select[name=regency_code]", "32.73")
    _submit(page, facility_form)
    bapas_id = int(page.url.rsplit("/", 1)[1])
    page = admin.go("/admin/organisasi")
    page.fill(f"{facility_form} input[name=code]", "LAPAS-SKM")
    page.fill(f"{facility_form} input[name=name]", "Lapas Kelas I Sukamiskin")
    page.select_option(f"{facility_form} select[name=kind]", "lapas")
    page.select_option(f"{facility_form} select[name=regency_code]", "32.73")
    _submit(page, facility_form)
    assert "err-bapas_id" in page.content()  # a Lapas must name its Bapas; what was typed is kept
    assert page.input_value(f"{facility_form} input[name=code]") == "LAPAS-SKM"
    admin.shot("admin-lapas-error")
    page.select_option(f"{facility_form} select[name=bapas_id]", str(bapas_id))
    _submit(page, facility_form)
    lapas_id = int(page.url.rsplit("/", 1)[1])
    assert "Bapas Kelas I Bandung" in page.inner_text("main")

    page = admin.go("/admin/organisasi")
    lsp_form = "form[action='/admin/organisasi/lsp']"
    page.fill(f"{lsp_form} input[name=code]", "LSP-P1-SKM")
    page.fill(f"{lsp_form} input[name=name]", "LSP P1 Lapas Sukamiskin")
    page.select_option(f"{lsp_form} select[name=kind]", "P1")
    page.fill(f"{lsp_form} input[name=licence_number]", "KEP.1234/BNSP/VI/2025")
    page.fill(f"{lsp_form} input[name=licence_valid_until]", str(TODAY + timedelta(days=900)))
    page.select_option(f"{lsp_form} select[name=home_facility_id]", str(lapas_id))
    _submit(page, lsp_form)
    lsp_path = page.url.replace(empty.url, "")
    page.fill("#t-code", "TUK-SKM-LAS")
    page.fill("#t-name", "TUK Bengkel Las Sukamiskin")
    page.select_option("#t-facility_id", str(lapas_id))
    _submit(page, "#tuk-form")
    page.fill("#a-registration_number", "MET.000.004512 2025")
    page.fill("#a-name", "Dedi Kurniawan")
    page.fill("#a-active_from", str(TODAY - timedelta(days=30)))
    page.fill("#a-active_until", str(TODAY + timedelta(days=1000)))
    _submit(page, "#assessor-form")
    lsp_text = page.inner_text("main")
    assert "TUK Bengkel Las Sukamiskin" in lsp_text and "MET.000.004512 2025" in lsp_text and "aktif" in lsp_text
    admin.shot("admin-lsp")

    # users: a PK officer of the Bapas, the assessor of the LSP, and Kemnaker staff
    officer_code = _invite(admin, f"/admin/organisasi/upt/{bapas_id}", "pk@bapas-bdg.example.id", "Rina PK")
    assessor_code = _invite(admin, lsp_path, "dedi@lsp-skm.example.id", "Dedi Kurniawan",
                            assessor="Dedi Kurniawan (MET.000.004512 2025)")  # fmt: skip
    staff_code = _invite(admin, "/admin/organisasi", "staf@kemnaker.example.id", "Staf Kemitraan",
                         form="form[action='/admin/undangan']")  # fmt: skip
    admin.shot("admin-invited")

    staff = person()
    staff.accept(staff_code)
    staff.sign_in("staf@kemnaker.example.id")
    assert staff.page.url.endswith("/dasbor")

    # 3. Kemnaker staff add the competency units and a scheme of the LSP (the catalogue starts empty)
    for code, title in UNITS:
        page = staff.go("/katalog/unit/baru")
        page.fill("#code", code)
        page.fill("#title", title)
        page.fill("#sector", "Industri logam")
        _submit(page, "form.stack")
    page = staff.go("/katalog/skema/baru")
    page.fill("#code", "SKM-LAS-SMAW")
    page.fill("#title", "Juru Las SMAW")
    page.select_option("#lsp_id", lsp_path.rsplit("/", 1)[1])
    page.fill("#validity_years", "3")
    page.fill("#unit_codes", "\n".join(c for c, _ in UNITS))
    _submit(page, "form.stack")
    assert "Juru Las SMAW" in staff.go("/katalog").inner_text("main")

    # 4. an employer applies; Kemnaker verifies it; until then it sees no vacancies or candidates
    employer = person()
    page = employer.go("/mitra/daftar")
    for name, value in {"name": "PT Baja Sejahtera", "nib": "9120001234567", "sector": "industri logam",
                        "kbli": "25111", "contact_name": "Andi Wijaya", "contact_email": "hrd@baja.example.id",
                        "contact_phone": "081234567890"}.items():  # fmt: skip
        page.fill(f"#apply-form [name={name}]", value)
    page.fill("#apply-form [name=address]", "Jl. Soekarno-Hatta No. 10, Bandung")
    page.select_option("#apply-form [name=regency_code]", "32.73")
    page.fill("#apply-form [name=fair_chance_policy]", "Kami merekrut mantan warga binaan dengan mentor tiga bulan.")
    page.fill("#password", PASSWORD)
    _submit(page, "#apply-form")
    assert "menunggu verifikasi" in page.inner_text("#partner-status")
    employer.shot("employer-pending")
    assert employer.page.goto(f"{empty.url}/lowongan").status == 403  # no vacancies while pending

    page = staff.go("/mitra?status=pending")
    page.click("text=PT Baja Sejahtera")
    page.wait_for_load_state()
    partner_id = int(page.url.rsplit("/", 1)[1])
    staff.shot("staff-partner")
    _submit(page, f"form[action='/mitra/{partner_id}/verifikasi']")
    assert page.inner_text("#partner-status") == "aktif"

    # 5. the officer registers a person with consent, then records NIK and offence
    officer = person()
    officer.accept(officer_code)
    officer.sign_in("pk@bapas-bdg.example.id")
    page = officer.go("/klien")
    page.click("#new-client")
    page.wait_for_url("**/klien/baru")
    page.fill("#external_id", "SDP-3273-000123")
    page.fill("#full_name", "Budi Santoso")
    page.fill("#birth_year", "1990")
    page.select_option("#gender", "L")
    page.select_option("#facility_id", str(lapas_id))
    page.select_option("#domicile_regency_code", "32.73")
    page.fill("#skills", "pengelasan SMAW pelat baja\nmembaca gambar teknik")
    page.fill("#work_history", "3 tahun juru las di bengkel konstruksi baja")
    page.select_option("#status", "sentenced")
    page.fill("#expected_release_date", str(TODAY + timedelta(days=10)))
    page.check("#c-employer_matching")
    page.check("#c-reveal_offence")
    officer.shot("officer-new-client")
    _submit(page, "#client-form")
    inmate_id = int(page.url.split("/klien/")[1].split("?")[0].split("#")[0])
    page.fill("#nik", "3273011505900001")
    page.select_option("#offence_category", "pencurian")
    page.fill("#offence_text", "Pasal 362 KUHP")
    page.fill("#sensitive_reason", "salinan putusan dari Lapas")
    _submit(page, "form.sensitive-form")
    assert "Budi Santoso" in page.inner_text("main")
    officer.shot("officer-client")

    # 6. the assessor finds the person (enrolled: a P1 certifies its own Lapas' people), assesses, certifies
    assessor = person()
    assessor.accept(assessor_code)
    assessor.sign_in("dedi@lsp-skm.example.id")
    page = assessor.go("/sertifikasi")
    page.fill("#asesi-q", "budi")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/sertifikasi/asesi?q=budi")
    rows = page.locator("table.assessees tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").click()
    page.wait_for_selector("h1:has-text('Budi Santoso')")
    page.locator("section.scheme-progress", has_text="Juru Las SMAW").locator("a.button").click()
    page.wait_for_selector("form.assessment-form")
    for code, _ in UNITS:
        page.check(f"input[name='result:{code}'][value=K]")
    page.fill("#assessed_on", str(TODAY))
    assessor.shot("assessor-assessment")
    page.click("form.assessment-form button[type=submit]:not([name])")
    page.wait_for_selector("text=Semua unit skema sudah K")
    page.click("form.issue-form button[type=submit]")
    page.wait_for_url("**/sertifikasi/sertifikat/**?ok=terbit")
    assert "Status: aktif" in page.inner_text("p.status")
    assessor.shot("assessor-certificate")
    # the officer sees the certificate on the client's page
    assert "Juru Las SMAW" in officer.go(f"/klien/{inmate_id}").inner_text("main")

    # 7. the employer posts a vacancy, finds the person, shortlists and makes an offer
    employer.sign_in("hrd@baja.example.id")
    page = employer.go("/lowongan/baru")
    page.fill("#title", "Juru Las SMAW")
    page.fill("#description", "Bengkel fabrikasi baja di Bandung membutuhkan juru las SMAW.")
    page.fill("#requirements", "mampu mengelas pelat baja SMAW\nmembaca gambar teknik")
    page.select_option("#regency_code", "32.73")
    page.fill("#start_date", str(TODAY + timedelta(days=14)))
    page.fill("#positions", "2")
    _submit(page, "form.stack")
    vacancy_id = int(re.search(r"/lowongan/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    page = employer.go(f"/lowongan/{vacancy_id}/kandidat")
    employer.shot("employer-candidates")
    text = page.inner_text("main")
    assert "Juru Las SMAW" in text and "Budi Santoso" not in text  # competencies, never the name
    assert "Pasal 362" not in text and "Sukamiskin" not in text  # no offence, no facility
    page.locator("form[action$='/daftar-pendek'] button").first.click()
    page.wait_for_load_state()
    page = employer.go(f"/lowongan/{vacancy_id}/pelamar")
    for stage in ("interview", "offer"):
        page.select_option("form.stage-form select[name=stage]", stage)
        _submit(page, "form.stage-form")
        page = employer.go(f"/lowongan/{vacancy_id}/pelamar")
    assert "penawaran" in page.inner_text("main")
    employer.shot("employer-offer")

    # 8. the officer sees the offer and releases the offence to that employer
    page = officer.go(f"/klien/{inmate_id}")
    assert page.locator("form.release-form").count() == 1
    page.fill("form.release-form input[name=reason]", "penawaran kerja dari PT Baja Sejahtera; klien setuju")
    _submit(page, "form.release-form")
    officer.shot("officer-released")
    page = employer.go(f"/lowongan/{vacancy_id}/pelamar")
    assert "Pasal 362" in page.inner_text("main")  # the employer now sees it, on this application only

    # 9. the employer hires; the officer sees the placement
    page.select_option("form.stage-form select[name=stage]", "hired")
    _submit(page, "form.stage-form")
    assert "diterima" in employer.go(f"/lowongan/{vacancy_id}/pelamar").inner_text("main")
    page = officer.go(f"/klien/{inmate_id}")
    assert "PT Baja Sejahtera" in page.inner_text("#penempatan ~ div.card")

    # 10. three months after the start the officer records the follow-up; the dashboard counts the placement
    empty.app.state.clock = ShiftedClock(days=14 + 95)
    try:
        page = officer.go(f"/klien/{inmate_id}")
        form = "form[action^='/penempatan/'][action$='/tindak-lanjut']"
        page.fill(f"{form} input[name=note]", "masih bekerja, atasan puas")
        _submit(page, form)
        assert "3 bulan: masih bekerja" in page.inner_text("main")
        officer.shot("officer-followup")
    finally:
        from certification.service import SystemClock

        empty.app.state.clock = SystemClock()
    page = staff.go("/dasbor")
    assert page.locator("ul.totals li", has_text="penempatan").inner_text().split()[0] == "1"
    assert page.locator("ul.totals li", has_text="sertifikat aktif").inner_text().split()[0] == "1"
    staff.shot("staff-dashboard")
    empty.state.update(vacancy_id=vacancy_id, partner_id=partner_id, employer=employer, staff=staff)


def test_suspended_employer_is_refused_at_once(browser: Any, empty: Empty) -> None:
    """Kemnaker suspends the employer; its very next candidate search is refused."""
    if "partner_id" not in empty.state:
        pytest.skip("needs the day-one story above")
    employer, staff = empty.state["employer"], empty.state["staff"]
    vacancy_id, partner_id = empty.state["vacancy_id"], empty.state["partner_id"]
    try:
        assert employer.page.goto(f"{empty.url}/lowongan/{vacancy_id}/kandidat").status == 200  # searching
        page = staff.go(f"/mitra/{partner_id}")
        page.fill(f"form[action='/mitra/{partner_id}/bekukan'] textarea[name=reason]", "laporan pelanggaran data")
        _submit(page, f"form[action='/mitra/{partner_id}/bekukan']")
        assert page.inner_text("#partner-status") == "dibekukan"
        response = employer.page.goto(f"{empty.url}/lowongan/{vacancy_id}/kandidat")
        assert response.status == 403
        employer.shot("employer-suspended")
    finally:
        employer.close()
        staff.close()

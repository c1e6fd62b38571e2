"""Training in a real browser (issue 16, "Done when"): training staff create a programme and a
class, enrol a person, record attendance and completion; the officer's gap advice names the class
and the candidate document carries the programme; an assessor of the scheme's LSP can then assess
the person (who was not enrolled with that LSP before). Screenshots at 1280 and 390 px go to
tests/artifacts/training-*.png."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests import factories as f
from tests.web.conftest import Live, shot, sign_in

pytestmark = [pytest.mark.web, pytest.mark.slow]
WIDTHS = {"1280": (1280, 900), "390": (390, 844)}
TITLE = "Pengelasan SMAW Dasar"


def both(page: Any, name: str) -> None:
    for label, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        shot(page, f"training-{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def as_role(browser: Any, live: Live, who: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    sign_in(page, live, who)
    return page


def test_training_staff_run_a_class_and_the_person_becomes_assessable(browser: Any, live: Live) -> None:
    baker, ids = live.world.pseudonyms["baker"], live.world.ids
    today = date.today()

    # The baker is not registered with the LSP any more: its assessor cannot open her.
    officer = as_role(browser, live, "bapas_officer")
    officer.goto(live.url + "/pendaftaran-lsp")
    officer.locator("tr", has_text=baker).locator("button", has_text="Akhiri pendaftaran").click()
    officer.wait_for_url("**ok=batal**")
    assessor = as_role(browser, live, "lsp_assessor")
    response = assessor.goto(f"{live.url}/sertifikasi/asesi/{ids['baker']}")
    assert response is not None and response.status == 404

    # Training staff: a programme whose title names a facility is refused next to the field.
    staff = as_role(browser, live, "training_staff")
    assert staff.url.endswith("/pelatihan")
    staff.fill("#title", "Las Lapas Sukamiskin")
    staff.select_option("#provider_kind", "blk")
    staff.fill("#provider_name", "BLK Bandung")
    staff.select_option("#scheme_id", str(ids["welding"]))
    staff.fill("#hours", "160")
    staff.click("form.training-programme-form button[type=submit]")
    staff.wait_for_selector("#title-error")
    assert "tidak boleh menyebut lapas" in staff.inner_text("#title-error")
    assert staff.input_value("#provider_name") == "BLK Bandung" and staff.input_value("#hours") == "160"
    both(staff, "programme-error")
    staff.fill("#title", TITLE)
    staff.click("form.training-programme-form button[type=submit]")
    staff.wait_for_url("**ok=program**")
    assert TITLE in staff.locator("table.training-programmes").inner_text()

    # A class at the own facility, then enrolment, attendance and completion.
    staff.select_option("#programme_id", label=f"{TITLE} (BLK Bandung)")
    staff.fill("#starts_on", today.isoformat())
    staff.fill("#ends_on", (today + timedelta(days=30)).isoformat())
    staff.fill("#seats", "12")
    staff.fill("#instructor_name", "Hendra Wijaya")
    staff.click("form.training-class-form button[type=submit]")
    staff.wait_for_url("**/pelatihan/kelas/**ok=kelas**")
    assert "0 / 12" in staff.inner_text("dd.seats")
    options = staff.locator("#inmate_id option").all_inner_texts()
    assert any("Siti Aminah" in o for o in options) and not any("Joko Surabaya" in o for o in options)
    staff.select_option("#inmate_id", str(ids["baker"]))
    staff.click("form.training-enrol-form button[type=submit]")
    staff.wait_for_url("**ok=daftar**")
    assert "1 / 12" in staff.inner_text("dd.seats")
    staff.fill("#session_on", today.isoformat())
    staff.click("form.training-attendance-form button[type=submit]")
    staff.wait_for_url("**ok=presensi**")
    assert "✓" in staff.locator("table.training-attendance").inner_text()
    both(staff, "class")
    staff.locator("tr:has-text('Siti Aminah') button", has_text="Tandai lulus").click()
    staff.wait_for_url("**ok=lulus**")
    assert "lulus" in staff.locator("table.training-participants tr", has_text="Siti Aminah").inner_text()
    both(staff, "class-completed")

    # The officer's view: the gap advice names the class; the profile lists the programme.
    officer.goto(f"{live.url}/klien/{ids['baker']}")
    advice = officer.locator(".training-advice").first.inner_text()
    assert advice.startswith(f"Ikuti kelas {TITLE} di Lapas Kelas I Sukamiskin, mulai {today.isoformat()}"), advice
    assert "lalu asesmen skema Juru Las SMAW" in advice
    assert "/pelatihan/kelas/" in (officer.locator("a.training-advice").first.get_attribute("href") or "")
    assert TITLE in officer.content()
    both(officer, "officer-gap-advice")

    # The candidate document employers see carries the programme (and no facility).
    employer = as_role(browser, live, "employer")
    employer.goto(f"{live.url}/kandidat/{baker}")
    assert TITLE in employer.content()

    # The LSP's assessor now finds her and can record an assessment of the scheme, then issue.
    assessor.goto(f"{live.url}/sertifikasi/asesi/{ids['baker']}")
    assessor.wait_for_selector("h1:has-text('Siti Aminah')")
    welding = assessor.locator("section.scheme-progress", has_text="Juru Las SMAW")
    welding.locator("a.button", has_text="Catat asesmen").click()
    assessor.wait_for_selector("form.assessment-form")
    for unit in f.WELDING_UNITS:
        assessor.check(f"input[name='result:{unit.code}'][value=K]")
    assessor.fill("#assessed_on", today.isoformat())
    assessor.click("form.assessment-form button[type=submit]:not([name])")
    assessor.wait_for_selector("form.issue-form")
    assessor.click("form.issue-form button[type=submit]")
    assessor.wait_for_url("**ok=terbit**")
    both(assessor, "assessor-issued")

    # The funnel: enrolled, completed, certified at the own facility.
    staff.goto(live.url + "/pelatihan/corong")
    row = staff.locator("table.training-funnel tbody tr", has_text=TITLE).inner_text().split("\t")
    assert [c.strip() for c in row[-4:]] == ["1", "1", "1", "0"], row
    both(staff, "funnel")
    staff.goto(live.url + "/pelatihan/corong?lang=en")
    assert "Training funnel" in staff.content()
    staff.goto(live.url + "/pelatihan?lang=id")
    both(staff, "overview")

    # The baker now holds the scheme's certificate: no gap, no advice. The officer opens the class
    # from the training menu and enrols another own client there.
    officer.goto(f"{live.url}/klien/{ids['baker']}")
    assert officer.locator(".training-advice").count() == 0
    officer.click("header nav >> text=Kelas pelatihan")
    officer.locator("table.training-classes a", has_text=TITLE).click()
    officer.wait_for_selector("form.training-enrol-form")
    assert "Hanya klien Bapas Anda" in officer.content() and "training-attendance-form" not in officer.content()
    officer.select_option("#inmate_id", str(ids["welder"]))
    officer.click("form.training-enrol-form button[type=submit]")
    officer.wait_for_url("**ok=daftar**")
    assert "2 / 12" in officer.inner_text("dd.seats") and "Budi Santoso" in officer.inner_text("#peserta ~ table")
    both(officer, "officer-enrols")
    for p in (officer, assessor, staff, employer):
        p.context.close()

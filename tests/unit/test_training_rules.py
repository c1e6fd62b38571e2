"""Training rules: facility-free titles, class dates and seats, sessions, who may enrol, completion,
and which class gap advice names."""

from __future__ import annotations

from datetime import date, timedelta

from api.training import rules

TODAY = date(2026, 12, 2)


def test_titles_naming_a_facility_are_refused() -> None:
    names = ["Lapas Kelas I Sukamiskin", "LPS-001", "Rutan Salemba"]
    for title in ("Las di LAPAS", "Menjahit Rutan", "Kelas pemasyarakatan", "Roti Sukamiskin Kelas I",
                  "Las Lapas Kelas I Sukamiskin", "Las LPS-001"):  # fmt: skip
        assert rules.names_facility(title, names), title
    for title in ("Pengelasan SMAW Dasar", "Tata Boga", "Lapisan cat (pengecatan)"):
        assert not rules.names_facility(title, names), title
    _, problems = rules.check_programme(title="Las di Lapas", provider_kind="blk", provider_name="BLK Bandung",
                                        hours="40", description="", units="", facility_names=names)  # fmt: skip
    assert problems == {"title": "title_names_facility"}


def test_programme_fields_are_checked_together() -> None:
    draft, problems = rules.check_programme(title=" Las  SMAW ", provider_kind="sekolah", provider_name="",
                                            hours="0", description="x" * 2001, units="a, b\nA",
                                            facility_names=[])  # fmt: skip
    assert problems == {"provider_kind": "provider_kind_invalid", "provider_name": "provider_name_required",
                        "hours": "hours_invalid", "description": "description_too_long"}  # fmt: skip
    assert draft.title == "Las SMAW" and draft.unit_codes == ("A", "B")


def test_class_dates_seats_and_instructor() -> None:
    ok, problems = rules.check_class(starts_on="2026-12-10", ends_on="2026-12-31", seats="20",
                                     instructor_name="Hendra", today=TODAY)  # fmt: skip
    assert problems == {} and ok.seats == 20 and ok.ends_on == date(2026, 12, 31)
    _, problems = rules.check_class(starts_on="2026-10-01", ends_on="2026-09-01", seats="0", instructor_name="",
                                    today=TODAY)  # fmt: skip
    assert problems == {"starts_on": "starts_on_past", "ends_on": "ends_before_start", "seats": "seats_invalid",
                        "instructor_name": "instructor_required"}  # fmt: skip
    _, problems = rules.check_class(starts_on="besok", ends_on="2028-01-01", seats="501", instructor_name="Sri",
                                    today=TODAY)  # fmt: skip
    assert problems == {"starts_on": "starts_on_invalid", "seats": "seats_invalid"}
    _, problems = rules.check_class(starts_on="2026-12-02", ends_on="2028-01-01", seats="5", instructor_name="Sri",
                                    today=TODAY)  # fmt: skip
    assert problems == {"ends_on": "ends_too_late"}


def test_session_must_be_within_the_class_and_not_future() -> None:
    start, end = TODAY - timedelta(days=5), TODAY + timedelta(days=5)
    assert rules.session_problem(TODAY.isoformat(), start, end, TODAY) == (TODAY, None)
    assert rules.session_problem("x", start, end, TODAY) == (None, "session_invalid")
    assert rules.session_problem(TODAY + timedelta(days=1), start, end, TODAY)[1] == "session_outside"
    assert rules.session_problem(start - timedelta(days=1), start, end, TODAY)[1] == "session_outside"


def test_who_may_enrol_and_run_a_class() -> None:
    kw = {"class_facility_id": 1, "person_facility_id": 1, "person_bapas_id": 9}
    assert rules.may_enrol("training_staff", own_facility_id=1, own_bapas_id=None, **kw)
    assert not rules.may_enrol("training_staff", own_facility_id=2, own_bapas_id=None, **kw)
    assert rules.may_enrol("bapas_officer", own_facility_id=None, own_bapas_id=9, **kw)
    assert not rules.may_enrol("bapas_officer", own_facility_id=None, own_bapas_id=8, **kw)
    assert not rules.may_enrol("employer", own_facility_id=1, own_bapas_id=9, **kw)
    elsewhere = kw | {"person_facility_id": 2}
    assert not rules.may_enrol("training_staff", own_facility_id=1, own_bapas_id=None, **elsewhere)
    assert not rules.may_enrol("bapas_officer", own_facility_id=None, own_bapas_id=9, **elsewhere)
    assert rules.may_run_class("training_staff", 1, 1)
    assert not rules.may_run_class("training_staff", None, 1) and not rules.may_run_class("bapas_officer", 1, 1)


def test_completion_needs_an_open_place_and_attendance() -> None:
    assert rules.completion_problem("enrolled", 1) is None
    assert rules.completion_problem("enrolled", 0) == "no_attendance"
    assert rules.completion_problem("completed", 3) == "not_open"
    assert rules.completion_problem("dropped", 3) == "not_open"


def test_gap_advice_names_the_earliest_class_at_the_own_facility_only() -> None:
    d1, d2 = TODAY, TODAY + timedelta(days=10)
    offers = [("LAS", 1, d1, 7), ("LAS", 2, d2, 5), ("LAS", 3, d2 + timedelta(days=1), 5), ("ROTI", 4, d2, 7)]
    assert rules.best_offers(offers, facility_id=5) == {"LAS": 2}
    assert rules.best_offers(offers, facility_id=7) == {"LAS": 1, "ROTI": 4}
    assert rules.best_offers(offers, facility_id=6) == {}  # no class in another prison

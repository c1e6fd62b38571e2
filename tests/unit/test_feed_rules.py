"""Pure rules of the feeds: page envelope, portal mapping, SDP delta transitions, Indonesian messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from api.feeds import rules
from api.feeds.rules import Delta, Facility, FeedRecordError, Person

LAPAS, OTHER, BAPAS = Facility(1, "lapas", 10), Facility(2, "lapas", 20), Facility(10, "bapas", None)
FACILITIES = {"LPS-1": LAPAS, "LPS-2": OTHER, "BPS-1": BAPAS}


def person(status: str = "sentenced", facility: int = 1, release: date | None = date(2027, 1, 1)) -> Person:
    return Person(7, status, facility, 10, release, None, None, None, None)


def delta(kind: str, did: str = "D-1", record: int = 1, **changes: object) -> Delta:
    return Delta(record, did, "REG-1", kind, date(2026, 11, 1), changes)


def test_parse_page_checks_the_envelope() -> None:
    page = rules.parse_page({"items": [{"id": 1}], "next_cursor": "c1"})
    assert page.next_cursor == "c1" and len(page.items) == 1
    assert rules.parse_page({"items": []}).next_cursor is None
    for payload, field in (([], None), ({"items": "x"}, "items"), ({"items": [], "next_cursor": 5}, "next_cursor")):
        with pytest.raises(FeedRecordError) as info:
            rules.parse_page(payload)
        assert (info.value.record, info.value.field) == (0, field)
    with pytest.raises(FeedRecordError) as info:
        rules.parse_page({"items": [{}, "x"]})
    assert info.value.record == 2


def test_portal_row_maps_fields_and_ignores_unknown_ones() -> None:
    item = {"id": 42, "job_title": "Las", "job_description": "d", "qualifications": ["a"], "skkni_units": ["X"],
            "regency_code": "32.73", "openings": 3, "start_date": "2026-12-01", "fair_chance": False,
            "status": "Filled", "logo": "x"}  # fmt: skip
    row = rules.portal_row(item, 1, 5, "EMP-1")
    assert row == {"external_id": "feed5:42", "employer_external_id": "EMP-1", "title": "Las", "description": "d",
                   "requirements": ["a"], "required_units": ["X"], "regency_code": "32.73", "positions": "3",
                   "start_date": "2026-12-01", "fair_chance": False, "status": "closed"}  # fmt: skip
    with pytest.raises(FeedRecordError) as info:
        rules.portal_row({"job_title": "x"}, 3, 5, "EMP-1")
    assert (info.value.record, info.value.field) == (3, "id")
    with pytest.raises(FeedRecordError) as info:
        rules.portal_row({"id": "a", "status": "gone"}, 1, 5, "EMP-1")
    assert info.value.field == "status"


def test_delta_envelope_refuses_unknown_and_misplaced_fields() -> None:
    ok = {"delta_id": "D-1", "registration_number": "R", "type": "transfer", "facility_code": "LPS-1"}
    assert rules.delta_envelope(ok, 1) == ("D-1", "R", "transfer")
    for bad, field in (
        (ok | {"extra": 1}, "extra"), (ok | {"type": "escape"}, "type"), ({**ok, "delta_id": ""}, "delta_id"),
        ({**ok, "facility_code": None}, "facility_code"), (ok | {"status": "released"}, "status"),
        ({"delta_id": "D", "registration_number": "R", "type": "dates"}, "type"),
    ):  # fmt: skip
        with pytest.raises(FeedRecordError) as info:
            rules.delta_envelope(bad, 4)
        assert (info.value.record, info.value.field) == (4, field), bad


def test_release_transfer_readmission_in_order() -> None:
    plan = rules.plan_deltas(
        [delta("transfer", "D-1", facility_code="LPS-2"), delta("release", "D-2", record=2),
         delta("readmission", "D-3", record=3, facility_code="LPS-1", status="sentenced")],
        {"REG-1": person()}, FACILITIES, set(),
    )  # fmt: skip
    after = plan.people["REG-1"]
    assert (after.status, after.facility_id, after.bapas_id, after.expected_release_date) == ("sentenced", 1, 10, None)
    assert [(e.kind, e.facility_id, e.from_facility_id) for e in plan.events] == [
        ("transfer", 2, 1), ("release", 2, None), ("readmission", 1, 2)]  # fmt: skip
    assert plan.changed == 3 and [d for d, _ in plan.applied] == ["D-1", "D-2", "D-3"]


def test_already_applied_and_no_op_deltas_change_nothing() -> None:
    stored = {"REG-1": person()}
    plan = rules.plan_deltas([delta("release"), delta("release")], stored, FACILITIES, {"D-1"})
    assert plan.people == {} and plan.events == () and plan.applied == () and plan.changed == 0
    same = rules.plan_deltas([delta("transfer", facility_code="LPS-1")], stored, FACILITIES, set())
    assert same.people == {} and same.changed == 0 and same.applied == (("D-1", "REG-1"),)


@pytest.mark.parametrize(
    ("deltas", "stored", "field", "words"),
    [
        ([delta("readmission", facility_code="LPS-1")], person(), "type", "sudah bebas"),
        ([delta("transfer", facility_code="LPS-1")], person("released"), "type", "readmission"),
        ([delta("status", status="detained")], person("released"), "status", "readmission"),
        ([delta("transfer", facility_code="BPS-1")], person(), "facility_code", "bukan lapas"),
        ([delta("transfer", facility_code="LPS-9")], person(), "facility_code", "tidak dikenal"),
        ([delta("dates", pb_date=date(2027, 6, 1))], person(), "pb_date", "setelah tanggal perkiraan bebas"),
    ],
)
def test_invalid_transitions_name_the_record_and_field(
    deltas: list[Delta], stored: Person, field: str, words: str
) -> None:
    with pytest.raises(FeedRecordError) as info:
        rules.plan_deltas(deltas, {"REG-1": stored}, FACILITIES, set())
    assert (info.value.record, info.value.field, info.value.record_id) == (1, field, "D-1")
    assert words in info.value.message


def test_scope_and_unknown_people() -> None:
    with pytest.raises(FeedRecordError) as info:
        rules.plan_deltas([delta("release")], {}, FACILITIES, set())
    assert info.value.field == "registration_number"
    with pytest.raises(FeedRecordError) as info:
        rules.plan_deltas([delta("release")], {"REG-1": person()}, FACILITIES, set(), scope_facility_id=2)
    assert "lingkup" in info.value.message
    moved_in = rules.plan_deltas([delta("transfer", facility_code="LPS-2")], {"REG-1": person()}, FACILITIES, set(),
                                 scope_facility_id=2)  # fmt: skip
    assert moved_in.people["REG-1"].facility_id == 2


def test_import_messages_in_indonesian() -> None:
    assert rules.indonesian("required") == "wajib diisi"
    assert rules.indonesian("must be a date YYYY-MM-DD, got '1/2/26'") == "harus tanggal YYYY-MM-DD, bukan '1/2/26'"
    assert rules.indonesian("unknown regency code: '99.99'") == "kode kabupaten/kota tidak dikenal: '99.99'"
    assert rules.indonesian("duplicate external_id 'feed1:A': already on line 1") == (
        "ganda: 'feed1:A' sudah ada di rekaman 1")  # fmt: skip
    assert rules.indonesian("sudah bahasa Indonesia") == "sudah bahasa Indonesia"


def test_due() -> None:
    now = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    assert rules.is_due(None, 60, now)
    assert not rules.is_due(now - timedelta(minutes=59), 60, now)
    assert rules.is_due(now - timedelta(minutes=60), 60, now)

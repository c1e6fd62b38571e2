"""Pure import parsing: row rules, readers, and robustness against garbage (only ImportRowError escapes)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.imports.service import (
    INMATE_FIELDS,
    UNIT_FIELDS,
    VACANCY_FIELDS,
    check_header,
    csv_rows,
    jsonl_rows,
    parse_inmate,
    parse_unit,
    parse_vacancy,
)
from models.errors import ImportRowError

GOOD_INMATE = {
    "external_id": "SDP-1",
    "full_name": "Budi Santoso",
    "birth_year": "1990",
    "gender": "L",
    "facility_code": "LAPAS-CIPINANG",
    "domicile_regency_code": "31.72",
    "skills": "las SMAW; membaca gambar ;",
    "expected_release_date": "2026-05-01",
    "pb_date": "2026-01-01",
    "consent_matching": "ya",
}


def _err(fn, row, line: int = 7) -> ImportRowError:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRowError) as info:
        fn(row, line)
    assert info.value.line == line
    return info.value


def test_good_inmate_row() -> None:
    n = parse_inmate(GOOD_INMATE, 2)
    assert n.birth_year == 1990 and n.gender == "L" and n.status == "sentenced"
    assert n.skills == ("las SMAW", "membaca gambar")
    assert n.expected_release_date == date(2026, 5, 1) and n.pb_date == date(2026, 1, 1)
    assert n.consent.employer_matching and not n.consent.reveal_name


def test_json_typed_values_are_accepted() -> None:
    row = {**GOOD_INMATE, "birth_year": 1990, "skills": ["las", " masak "], "consent_matching": True}
    n = parse_inmate(row, 1)
    assert n.birth_year == 1990 and n.skills == ("las", "masak") and n.consent.employer_matching


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"external_id": ""}, "external_id"),
        ({"full_name": "  "}, "full_name"),
        ({"birth_year": "19x0"}, "birth_year"),
        ({"birth_year": "1850"}, "birth_year"),
        ({"birth_year": True}, "birth_year"),
        ({"gender": "M"}, "gender"),
        ({"status": "bebas"}, "status"),
        ({"expected_release_date": "01-05-2026"}, "expected_release_date"),
        ({"expected_release_date": "2026-02-30"}, "expected_release_date"),
        ({"pb_date": "2027-01-01"}, "pb_date"),
        ({"consent_matching": "mungkin"}, "consent_matching"),
        ({"domicile_regency_code": "Bandung"}, "domicile_regency_code"),
        ({"skills": 5}, "skills"),
        ({"skills": ["ok", 3]}, "skills"),
        ({"full_name": "Budi\x00"}, "full_name"),
        ({"full_name": "x" * 201}, "full_name"),
        ({"hobby": "catur"}, "hobby"),
    ],
)
def test_bad_inmate_fields_name_the_field(change: dict[str, object], field: str) -> None:
    assert _err(parse_inmate, {**GOOD_INMATE, **change}).field == field


def test_missing_required_inmate_field() -> None:
    row = dict(GOOD_INMATE)
    del row["facility_code"]
    err = _err(parse_inmate, row)
    assert err.field == "facility_code" and "required" in str(err)


def test_vacancy_rules() -> None:
    v = parse_vacancy(
        {"external_id": "V1", "employer_external_id": "E1", "title": "Welder", "required_units": "C.25LAS00.001.1"},
        3,
    )
    assert v.positions == 1 and v.fair_chance is True and v.status == "open"
    assert v.required_units == ("C.25LAS00.001.1",)
    base = {"external_id": "V1", "employer_external_id": "E1", "title": "Welder"}
    assert _err(parse_vacancy, {**base, "positions": "0"}).field == "positions"
    assert _err(parse_vacancy, {**base, "required_units": "las listrik"}).field == "required_units"
    assert _err(parse_vacancy, {**base, "status": "aktif"}).field == "status"
    assert _err(parse_vacancy, {**base, "fair_chance": "maybe"}).field == "fair_chance"
    assert _err(parse_vacancy, {"external_id": "V1", "title": "x"}).field == "employer_external_id"


def test_unit_rules() -> None:
    for code in ("C.25LAS00.001.1", "J.620100.001.02", "TIK.PR02.001.01"):
        assert parse_unit({"code": code, "title": "t", "sector": "s"}, 1).code == code
    assert _err(parse_unit, {"code": "LAS-1", "title": "t", "sector": "s"}).field == "code"
    assert _err(parse_unit, {"code": "C.25LAS00.001.1", "title": "t", "sector": "s", "kkni_level": "10"}).field == (
        "kkni_level"
    )


def test_csv_reader_line_numbers_quoted_newlines_and_bom() -> None:
    raw = [b"\xef\xbb\xbfcode,title\n", b'A.1,"two\n', b'lines"\n', b"\n", b"B.2,plain\n"]
    rows = list(csv_rows(raw))
    assert rows == [(2, {"code": "A.1", "title": "two\nlines"}), (5, {"code": "B.2", "title": "plain"})]


def test_csv_reader_errors() -> None:
    with pytest.raises(ImportRowError) as info:
        list(csv_rows([b"a,b\n", b"1,2\n", b"1,2,3\n"]))
    assert info.value.line == 3
    with pytest.raises(ImportRowError) as info:
        list(csv_rows([b"a,a\n"]))
    assert (info.value.line, info.value.field) == (1, "a")
    with pytest.raises(ImportRowError) as info:
        list(csv_rows([b"a,b\n", b"1,caf\xe9\n"]))
    assert info.value.line == 2 and "UTF-8" in str(info.value)


def test_jsonl_reader() -> None:
    assert list(jsonl_rows([b'{"a": 1}\n', b"\n", b'{"b": 2}\n'])) == [(1, {"a": 1}), (3, {"b": 2})]
    for bad in (b"[1, 2]\n", b"{nope\n", b"[" * 100_000 + b"\n"):
        with pytest.raises(ImportRowError) as info:
            list(jsonl_rows([b"{}\n", bad]))
        assert info.value.line == 2


def test_header_check() -> None:
    check_header("units", ["code", "title", "sector"])
    with pytest.raises(ImportRowError) as info:
        check_header("units", ["code", "title"])
    assert info.value.field == "sector"


_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["1990", "2026-01-01", "2026-13-01", "L", "P", "ya", "31.72", "C.25LAS00.001.1", ""]),
    st.lists(st.one_of(st.text(max_size=10), st.integers(), st.none()), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@pytest.mark.parametrize(
    ("parse", "fields"),
    [(parse_inmate, INMATE_FIELDS), (parse_vacancy, VACANCY_FIELDS), (parse_unit, UNIT_FIELDS)],
)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_garbage_rows_raise_only_import_row_error(parse, fields, data) -> None:  # type: ignore[no-untyped-def]
    keys = st.one_of(st.sampled_from(fields), st.text(max_size=8))
    row = data.draw(st.dictionaries(keys, _value, max_size=len(fields) + 2))
    try:
        parse(row, 9)
    except ImportRowError as exc:
        assert exc.line == 9


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=6))
def test_garbage_bytes_raise_only_import_row_error(lines: list[bytes]) -> None:
    for reader in (csv_rows, jsonl_rows):
        try:
            for line, row in reader(lines):
                assert line >= 1 and isinstance(row, dict)
        except ImportRowError as exc:
            assert exc.line >= 1


def test_semicolon_files_from_indonesian_spreadsheets_read_like_comma_files() -> None:
    comma = list(csv_rows([b"code,title\n", b'C.1,"Las, dasar"\n']))
    semicolon = list(csv_rows([b"\xef\xbb\xbfcode;title\n", b"C.1;Las, dasar\n"]))
    assert comma == semicolon == [(2, {"code": "C.1", "title": "Las, dasar"})]


def test_reader_errors_are_indonesian_and_name_line_and_column() -> None:
    with pytest.raises(ImportRowError) as info:
        list(csv_rows([b"code,title\n", b"C.1\n"]))
    assert info.value.line == 2 and "kolom" in str(info.value) and str(info.value).startswith("baris 2")
    with pytest.raises(ImportRowError) as info:
        list(csv_rows([b"code,judul\n"], known=("code", "title"), required=("code", "title")))
    assert info.value.field == "title" and "wajib" in info.value.message

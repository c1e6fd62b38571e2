"""Parsing the offline JSONL format and building the texts/items we embed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from matcher.documents import (
    EXPIRED_WEIGHT,
    Certificate,
    Unit,
    candidate_items,
    candidate_text,
    certified_codes,
    parse_candidate,
    parse_vacancy,
    read_candidates,
    read_vacancies,
    sentences,
    vacancy_items,
    vacancy_text,
)
from matcher.errors import DocumentError

TODAY = date(2026, 11, 25)


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_minimal_records_parse_with_defaults() -> None:
    c = parse_candidate({"id": "c1"})
    assert (c.skills, c.certificates, c.experience, c.region, c.available_from) == ((), (), (), None, None)
    v = parse_vacancy({"id": 7, "title": "Juru Las"})
    assert v.id == "7" and v.requirements == () and v.start_date is None


def test_full_candidate_parses_dates_and_units() -> None:
    c = parse_candidate(
        {
            "id": "c1",
            "skills": ["las listrik", "  "],
            "certificates": [
                {
                    "scheme": "Juru Las",
                    "units": [{"code": "C.25LAS00.001.1", "title": "Mengelas"}],
                    "valid_until": "2027-01-31",
                }
            ],
            "available_from": "2026-12-01",
        }
    )
    assert c.skills == ("las listrik",)  # blank entries dropped
    assert c.certificates[0].units == (Unit("C.25LAS00.001.1", "Mengelas"),)
    assert c.certificates[0].valid_until == date(2027, 1, 31)
    assert c.available_from == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"skills": ["x"]}, "id"),
        ({"id": "", "skills": []}, "id"),
        ({"id": "c", "skills": "las"}, "skills"),
        ({"id": "c", "skills": ["las", 3]}, "skills[1]"),
        ({"id": "c", "available_from": "2026-13-01"}, "available_from"),
        ({"id": "c", "available_from": 20260101}, "available_from"),
        ({"id": "c", "certificates": [{"scheme": "S", "valid_until": "soon"}]}, "certificates[0].valid_until"),
        ({"id": "c", "certificates": [{"units": [{"title": 5}]}]}, "certificates[0].units[0].title"),
        ({"id": "c", "certificates": {"scheme": "S"}}, "certificates"),
        ({"id": "c", "region": ["Bandung"]}, "region"),
    ],
)
def test_bad_candidate_fields_are_named(raw: dict[str, object], field: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_candidate(raw, line=12)
    assert info.value.field == field
    assert info.value.line == 12
    assert "line 12" in str(info.value) and field in str(info.value)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"id": "v"}, "title"),
        ({"id": "v", "title": "  "}, "title"),
        ({"id": "v", "title": "T", "requirements": [1]}, "requirements[0]"),
        ({"id": "v", "title": "T", "start_date": "01-02-2027"}, "start_date"),
        ({"id": "v", "title": "T", "required_units": "A.1"}, "required_units"),
    ],
)
def test_bad_vacancy_fields_are_named(raw: dict[str, object], field: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_vacancy(raw, line=3)
    assert (info.value.line, info.value.field) == (3, field)


def test_file_errors_name_the_line(tmp_path: Path) -> None:
    good = json.dumps({"id": "c1"})
    with pytest.raises(DocumentError, match="line 3") as info:
        read_candidates(_write(tmp_path, [good, "", "{not json"]))
    assert info.value.line == 3 and info.value.field is None
    with pytest.raises(DocumentError, match="duplicate id") as info:
        read_candidates(_write(tmp_path, [good, good]))
    assert (info.value.line, info.value.field) == (2, "id")
    with pytest.raises(DocumentError, match="JSON object"):
        read_vacancies(_write(tmp_path, ["[1, 2]"]))


def test_certificate_validity_is_judged_on_the_given_day() -> None:
    cert = Certificate("S", (), date(2026, 11, 25))
    assert cert.is_valid_on(date(2026, 11, 25))
    assert not cert.is_valid_on(date(2026, 11, 26))
    assert Certificate("S").is_valid_on(date(2100, 1, 1))  # no recorded end


def _welder() -> object:
    return parse_candidate(
        {
            "id": "c1",
            "skills": ["skill-a"],
            "experience": ["exp-a"],
            "education": "SMK",
            "certificates": [
                {"scheme": "Old", "units": [{"code": "X.1", "title": "old-unit"}], "valid_until": "2020-01-01"},
                {"scheme": "New", "units": [{"code": "y.2 ", "title": "new-unit"}], "valid_until": "2028-01-01"},
            ],
        }
    )


def test_candidate_text_puts_valid_certificates_first_and_expired_after_skills() -> None:
    text = candidate_text(_welder(), TODAY)  # type: ignore[arg-type]
    order = [text.index(w) for w in ("new-unit", "skill-a", "exp-a", "old-unit", "SMK")]
    assert order == sorted(order)


def test_candidate_items_weigh_expired_units_less() -> None:
    items = candidate_items(_welder(), TODAY)  # type: ignore[arg-type]
    by_text = {i.text: i for i in items}
    assert by_text["old-unit"].weight == EXPIRED_WEIGHT and by_text["old-unit"].code == "X.1"
    assert by_text["new-unit"].weight == 1.0 and by_text["new-unit"].kind == "unit"
    assert by_text["skill-a"].kind == "skill" and by_text["exp-a"].kind == "experience"
    assert "SMK" not in by_text  # education is too vague to answer a requirement


def test_sentences_split_prose_and_keep_single_lines_whole() -> None:
    assert sentences("5 tahun sebagai operator forklift") == ["5 tahun sebagai operator forklift"]
    assert sentences("Operator forklift (5 tahun).") == ["Operator forklift (5 tahun)."]
    assert sentences("5 years as welder. I welded pipes; I read blueprints!  Ok") == [
        "5 years as welder.",
        "I welded pipes;",
        "I read blueprints!",
    ]  # "Ok" is too short to be an item
    # an abbreviation too short to stand alone does not split the line
    assert sentences("PT. Maju Jaya, gudang") == ["PT. Maju Jaya, gudang"]


def test_candidate_items_split_work_history_prose_into_sentences() -> None:
    doc = parse_candidate(
        {"id": "c", "skills": ["las"], "experience": ["Tukang las 3 tahun. Sehari-hari saya mengelas pagar.", "sopir"]}
    )
    items = [(i.text, i.kind) for i in candidate_items(doc, TODAY)]
    assert items == [
        ("las", "skill"),
        ("Tukang las 3 tahun.", "experience"),
        ("Sehari-hari saya mengelas pagar.", "experience"),
        ("sopir", "experience"),
    ]


def test_certified_codes_normalise_and_credit_expiry() -> None:
    assert certified_codes(_welder(), TODAY) == {"X.1": EXPIRED_WEIGHT, "Y.2": 1.0}  # type: ignore[arg-type]


def test_vacancy_text_and_items() -> None:
    v = parse_vacancy({"id": "v", "title": "Welder", "description": "Job in Batam", "requirements": ["MIG welding"]})
    assert vacancy_text(v).startswith("Welder.")
    assert "MIG welding" in vacancy_text(v) and "Batam" in vacancy_text(v)
    assert [(i.text, i.kind) for i in vacancy_items(v)] == [("MIG welding", "requirement"), ("Welder", "title")]

"""Property-based tests: parsers and rules given arbitrary input either accept it or fail
with their documented error, never with anything else. Example counts are fixed so the
figures in SECURITY.md are reproducible."""

from __future__ import annotations

import calendar
import string
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.imports.service import INMATE_FIELDS, VACANCY_FIELDS, parse_inmate
from api.imports.service import parse_vacancy as parse_vacancy_row
from api.privacy.crypto import CryptoError, DataCipher
from api.privacy.rules import due_for_erasure, initials, offence_release_refusal, visible_profile
from matcher.documents import CandidateDoc, VacancyDoc, parse_candidate, parse_vacancy
from matcher.errors import DocumentError
from models.errors import Denied, ImportRowError
from models.migrate import discover
from models.records import Consent, Inmate

N = 300  # examples per property
CONFIG = settings(max_examples=N, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
CANDIDATE_KEYS = ["id", "skills", "certificates", "experience", "education", "region", "available_from"]
VACANCY_KEYS = ["id", "title", "description", "requirements", "required_units", "region", "start_date"]
shaped_units = st.lists(st.dictionaries(st.sampled_from(["code", "title"]), json_values, max_size=2), max_size=3)
shaped_certs = st.lists(
    st.fixed_dictionaries({}, optional={"scheme": json_values, "units": shaped_units | json_values,
                                        "valid_until": json_values | st.dates().map(str)}),
    max_size=3,
)  # fmt: skip


@CONFIG
@given(json_values)
def test_parse_candidate_any_json(raw) -> None:
    try:
        assert isinstance(parse_candidate(raw, 1), CandidateDoc)
    except DocumentError as exc:
        assert exc.line == 1


@CONFIG
@given(st.dictionaries(st.sampled_from(CANDIDATE_KEYS), json_values | st.dates().map(str)), shaped_certs)
def test_parse_candidate_shaped(raw, certs) -> None:
    raw["certificates"] = certs
    try:
        doc = parse_candidate(raw)
    except DocumentError as exc:
        assert exc.field is None or exc.field.split("[")[0].split(".")[0] in CANDIDATE_KEYS
    else:
        assert doc.id.strip() == doc.id and doc.id


@CONFIG
@given(json_values)
def test_parse_vacancy_any_json(raw) -> None:
    try:
        assert isinstance(parse_vacancy(raw, 3), VacancyDoc)
    except DocumentError as exc:
        assert exc.line == 3


@CONFIG
@given(st.dictionaries(st.sampled_from(VACANCY_KEYS), json_values | st.dates().map(str)))
def test_parse_vacancy_shaped(raw) -> None:
    try:
        doc = parse_vacancy(raw)
    except DocumentError as exc:
        assert exc.field is None or exc.field.split("[")[0] in VACANCY_KEYS
    else:
        assert doc.title


cells = st.text(max_size=40) | st.sampled_from(["", "1990", "L", "P", "2027-02-30", "ya", "tidak", "32.73", "a;b"])


@CONFIG
@given(st.dictionaries(st.sampled_from(list(INMATE_FIELDS) + ["extra"]), cells))
def test_import_inmate_row_any_cells(row) -> None:
    try:
        parse_inmate(row, 7)
    except ImportRowError as exc:
        assert exc.line == 7 and (exc.field is None or exc.field in INMATE_FIELDS or exc.field == "extra")


@CONFIG
@given(st.dictionaries(st.sampled_from(list(VACANCY_FIELDS) + ["x"]), cells))
def test_import_vacancy_row_any_cells(row) -> None:
    try:
        parse_vacancy_row(row, 2)
    except ImportRowError as exc:
        assert exc.line == 2


filenames = st.text(alphabet=string.ascii_letters + string.digits + "_-. ", min_size=1, max_size=30)


@settings(max_examples=100, deadline=None)
@given(filenames)
def test_migration_names_parse_or_fail_clearly(name) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / (name + ".sql")).write_text("SELECT 1;", encoding="utf-8")
        try:
            found = discover(Path(folder))
        except ValueError as exc:
            assert "NNNN_verb_object.sql" in str(exc)
        else:
            assert len(found) == 1 and found[0].name == name + ".sql" and 0 <= found[0].version <= 9999


CIPHER = DataCipher.from_keys(bytes(range(32)), bytes(range(1, 33)))


@CONFIG
@given(st.text(max_size=200), st.sampled_from(["national_id", "offence"]))
def test_encrypt_decrypt_round_trip(text, field) -> None:
    blob = CIPHER.encrypt(text, field)
    assert CIPHER.decrypt(blob, field) == text
    assert CIPHER.encrypt(text, field) != blob  # fresh nonce every time
    assert len(text.encode()) < 8 or text.encode() not in blob


@CONFIG
@given(st.text(min_size=1, max_size=50), st.data())
def test_tampered_ciphertext_is_rejected(text, data) -> None:
    blob = bytearray(CIPHER.encrypt(text, "offence"))
    i = data.draw(st.integers(0, len(blob) - 1))
    blob[i] ^= data.draw(st.integers(1, 255))
    with pytest.raises(CryptoError):
        CIPHER.decrypt(bytes(blob), "offence")
    with pytest.raises(CryptoError):  # moved to another column
        CIPHER.decrypt(CIPHER.encrypt(text, "offence"), "national_id")


@CONFIG
@given(st.binary(max_size=80))
def test_random_bytes_never_decrypt(blob) -> None:
    with pytest.raises(CryptoError):
        CIPHER.decrypt(blob, "offence")


def _inmate(consent: Consent, status: str, release: date | None, name: str) -> Inmate:
    return Inmate(
        id=1, external_id="X", pseudonym="WB-1", full_name=name, birth_year=1990, gender="L", facility_id=9,
        bapas_id=3, domicile_regency_code="32.73", domicile_province_code="32", education=None, skills=("las",),
        work_history=(), trainings=(), status=status, expected_release_date=release, consent=consent,
        offence_enc=b"x",
    )  # fmt: skip


consents = st.builds(Consent, st.booleans(), st.booleans(), st.booleans(), st.booleans())
statuses = st.sampled_from(["detained", "sentenced", "assimilation", "parole", "released"])
names = st.text(max_size=40)


@CONFIG
@given(consents, statuses, st.dates() | st.none(), names, st.booleans(), st.sampled_from(
    ["employer", "bapas_officer", "lsp_assessor", "kemnaker_staff", "admin", "public"]))  # fmt: skip
def test_visible_profile_least_data(consent, status, release, name, released, role) -> None:
    person = _inmate(consent, status, release, name)
    out = visible_profile(person, role, released_offence=released, today=date(2026, 1, 1), offence="Pasal 362")
    if role == "employer":
        if not consent.employer_matching:
            assert out is None
        else:
            assert out is not None
            assert ("name" in out) == consent.reveal_name
            assert ("facility_id" in out) == consent.reveal_facility
            assert ("offence" in out) == (consent.reveal_offence and released)
            assert "national_id" not in out and "birth_year" not in out and "gender" not in out
    elif role in ("kemnaker_staff", "admin", "public"):
        assert out is None
    elif role == "lsp_assessor":
        assert out is not None and "offence" not in out and "national_id" not in out


@CONFIG
@given(statuses, st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 30),
       st.integers(0, 20000))  # fmt: skip
def test_retention_rule_is_monotonic_and_exact(status, release, years, days) -> None:
    person = _inmate(Consent(), status, release, "A")
    today = release + timedelta(days=days)
    due = due_for_erasure(person, today, years)
    if status != "released":
        assert not due
    else:
        target_year = release.year + years
        leap_day = release.month == 2 and release.day == 29
        anniversary = (
            date(target_year, 2, 29 if calendar.isleap(target_year) else 28)
            if leap_day
            else release.replace(year=target_year)
        )
        assert due == (today >= anniversary)
        assert not due or due_for_erasure(person, today + timedelta(days=1), years)


@CONFIG
@given(st.sampled_from(["shortlisted", "interview", "offer", "hired", "rejected", "", "OFFER"]), consents,
       st.integers(1, 5) | st.none())  # fmt: skip
def test_offence_release_needs_offer_consent_and_own_bapas(stage, consent, officer_bapas) -> None:
    refusal = offence_release_refusal(stage, consent, officer_bapas, _inmate(consent, "parole", None, "A"))
    allowed = stage == "offer" and consent.reveal_offence and officer_bapas == 3
    assert (refusal is None) == allowed


@CONFIG
@given(names)
def test_initials_are_idempotent_and_reveal_no_more_than_first_letters(name) -> None:
    once = initials(name)
    assert initials(once) == once
    assert all(len(part) == 2 and part.endswith(".") for part in once.split())


def test_denied_carries_reason() -> None:
    assert Denied("x").reason == "x"

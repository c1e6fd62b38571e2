"""Pure notification rules: back-off, phone numbers, webhook signatures and the webhook body's
field list (nothing outside the employer's view can pass through)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from api.notifications import rules

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def test_back_off_doubles_up_to_the_cap_then_gives_up() -> None:
    b = rules.Backoff(base_seconds=30, cap_seconds=100, max_attempts=4)
    waits = [b.next_attempt(n, NOW) for n in (1, 2, 3, 4)]
    assert waits[:3] == [NOW + timedelta(seconds=s) for s in (30, 60, 100)]
    assert waits[3] is None  # the fourth failure is final


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0812-3456 7890", "+6281234567890"), ("+62 812 3456 7890", "+6281234567890"), ("", None), ("  ", None)],
)
def test_phone_numbers_are_normalised(text: str, expected: str | None) -> None:
    assert rules.normalise_phone(text) == expected


@pytest.mark.parametrize("text", ["12ab", "0812", "+62 812 3456 7890 1234 5"])
def test_bad_phone_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="nomor telepon"):
        rules.normalise_phone(text)


def test_signature_round_trip_and_tampering() -> None:
    body = '{"id":"evt_1"}'
    header = rules.signature("whsec_x", 1_700_000_000, body)
    assert header.startswith("t=1700000000,v1=") and len(header.split("v1=")[1]) == 64
    assert rules.signature_valid("whsec_x", header, body, 1_700_000_100)
    assert not rules.signature_valid("whsec_x", header, body + " ", 1_700_000_100)
    assert not rules.signature_valid("whsec_y", header, body, 1_700_000_100)
    assert not rules.signature_valid("whsec_x", header, body, 1_700_000_000 + 301)  # too old: a replay
    assert not rules.signature_valid("whsec_x", "v1=abc", body, 1_700_000_000)


def test_webhook_body_lists_fields_one_by_one() -> None:
    payload = {
        "application_id": 7, "vacancy_id": 3, "vacancy_external_id": "V-3", "pseudonym": "WB-1",
        "from": "shortlisted", "to": "interview", "inmate_id": 99, "full_name": "Budi", "offence": "x",
        "facility": "Lapas Cipinang", "employer_name": "PT A", "vacancy_title": "Las",
    }  # fmt: skip
    body = rules.webhook_body(1, rules.STAGE_CHANGED, NOW, payload)
    doc = json.loads(body)
    assert doc["data"] == {"application_id": 7, "vacancy_id": 3, "vacancy_external_id": "V-3", "candidate": "WB-1",
                           "from_stage": "shortlisted", "to_stage": "interview"}  # fmt: skip
    for word in ("Budi", "Cipinang", "99", "offence"):
        assert word not in body
    digest = rules.webhook_data(rules.STRONG_MATCHES, {"vacancy_id": 3, "count": 1, "inmate_id": 5, "candidates": [
        {"pseudonym": "WB-2", "score": 81, "inmate_id": 5, "full_name": "Siti"}]})  # fmt: skip
    assert digest["candidates"] == [{"candidate": "WB-2", "score": 81, "label": "kuat"}]
    with pytest.raises(ValueError):
        rules.webhook_data(rules.CERTIFICATE_ISSUED, {})


def test_messages_name_people_by_pseudonym_in_both_languages() -> None:
    p = {"pseudonym": "WB-1", "vacancy_title": "Las", "employer_name": "PT A", "to": "offer", "inmate_id": 4}
    assert (
        rules.message(rules.STAGE_CHANGED, p).text
        == 'Lamaran klien WB-1 untuk "Las" di PT A pindah ke tahap penawaran.'
    )
    assert rules.message(rules.STAGE_CHANGED, p, "en").text.endswith("moved to: offer.")
    assert rules.message(rules.STAGE_CHANGED, p).link == "/klien/4"
    for kind in rules.KINDS:
        for lang in ("id", "en"):
            m = rules.message(kind, p, lang)
            assert m.subject and m.text and m.link.startswith("/")
            assert rules.kind_label(kind, lang) != kind


def test_webhook_urls() -> None:
    assert rules.check_webhook_url("https://hr.example.co.id/hook", allow_http=False) is None
    assert rules.check_webhook_url("http://127.0.0.1:9/hook", allow_http=True) is None
    assert rules.check_webhook_url("http://hr.example.co.id/hook", allow_http=False) == "URL harus memakai https://"
    assert rules.check_webhook_url("https://u:p@hr.example.co.id/", allow_http=False) is not None
    assert rules.check_webhook_url("", allow_http=False) == "URL wajib diisi"

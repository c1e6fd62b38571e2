"""Organisation rules (pure): field checks name the field in Bahasa Indonesia; the partner lifecycle."""

from __future__ import annotations

from datetime import date

import pytest

from api.partners import rules

TODAY = date(2026, 3, 2)
APPLICATION = {
    "name": "PT Baja",
    "nib": "9120001234567",
    "sector": "logam",
    "kbli": "25111",
    "address": "Jl. A 1",
    "regency_code": "32.73",
    "contact_name": "Andi",
    "contact_email": "HRD@Baja.co.id",
    "contact_phone": "+62 812-3456-7890",
    "fair_chance_policy": "Kami menerima mantan warga binaan dengan mentor.",
}


def test_a_clean_application_is_normalised() -> None:
    draft, problems = rules.check_application(**APPLICATION | {"nib": "9120.0012.3456-7", "name": "  PT   Baja "})
    assert problems == {}
    assert (draft.nib, draft.name, draft.contact_email, draft.contact_phone) == (
        "9120001234567",
        "PT Baja",
        "hrd@baja.co.id",
        "+6281234567890",
    )


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("nib", "912000123456", "13 angka"),
        ("nib", "91200012345AB", "13 angka"),
        ("nib", "", "wajib"),
        ("kbli", "251", "5 angka"),
        ("regency_code", "32-73", "NN.NN"),
        ("contact_email", "hrd@", "email"),
        ("contact_phone", "12345", "diawali 0"),
        ("fair_chance_policy", "boleh", "minimal 20"),
        ("name", "", "wajib"),
        ("address", "x" * 501, "500"),
    ],
)
def test_each_bad_application_field_is_named(field: str, value: str, words: str) -> None:
    _, problems = rules.check_application(**APPLICATION | {field: value})
    assert list(problems) == [field] and words in problems[field]


def test_facility_kinds_and_their_bapas() -> None:
    ok = {"code": "lapas-a", "name": "Lapas A", "kind": "LAPAS", "regency_code": "32.73", "kanwil": ""}
    draft, problems = rules.check_facility(**ok, has_bapas=True)
    assert problems == {} and (draft.code, draft.kind) == ("LAPAS-A", "lapas")
    assert list(rules.check_facility(**ok, has_bapas=False)[1]) == ["bapas_id"]
    assert list(rules.check_facility(**ok | {"kind": "bapas"}, has_bapas=True)[1]) == ["bapas_id"]
    assert rules.check_facility(**ok | {"kind": "bapas"}, has_bapas=False)[1] == {}
    assert list(rules.check_facility(**ok | {"code": "L A"}, has_bapas=True)[1]) == ["code"]


def test_lsp_kind_home_facility_licence_and_number_format() -> None:
    ok = {
        "code": "LSP-1",
        "name": "LSP",
        "kind": "p1",
        "licence_number": "KEP.1/BNSP",
        "number_format": "",
        "licence_valid_until": "2027-01-01",
        "today": TODAY,
    }
    draft, problems = rules.check_lsp(**ok, has_home_facility=True)
    assert problems == {} and draft.kind == "P1" and draft.licence_valid_until == date(2027, 1, 1)
    assert list(rules.check_lsp(**ok, has_home_facility=False)[1]) == ["home_facility_id"]
    assert list(rules.check_lsp(**ok | {"kind": "P2"}, has_home_facility=True)[1]) == ["home_facility_id"]
    lapsed = ok | {"licence_valid_until": "2026-03-01"}
    assert list(rules.check_lsp(**lapsed, has_home_facility=True)[1]) == ["licence_valid_until"]
    assert rules.check_lsp(**lapsed, has_home_facility=True, new=False)[1] == {}  # an update may record it
    assert list(rules.check_lsp(**ok | {"number_format": "{lsp}-{year}"}, has_home_facility=True)[1]) == [
        "number_format"
    ]
    assert list(rules.check_lsp(**ok | {"licence_valid_until": "1/1/2027"}, has_home_facility=True)[1]) == [
        "licence_valid_until"
    ]


def test_assessor_registration_and_period() -> None:
    draft, problems = rules.check_assessor(
        registration_number=" met.000.000123   2024 ", name="A", active_from="2024-01-01", active_until=date(2027, 1, 1)
    )
    assert problems == {} and draft.registration_number == "MET.000.000123 2024"
    for bad in ("MET.000.123 2024", "MET.000.000123", "000.000123 2024"):
        assert (
            "registration_number"
            in rules.check_assessor(
                registration_number=bad, name="A", active_from="2024-01-01", active_until="2027-01-01"
            )[1]
        )
    _, problems = rules.check_assessor(
        registration_number="MET.000.000123 2024", name="A", active_from="2024-01-01", active_until="2023-12-31"
    )
    assert list(problems) == ["active_until"]


def test_tuk_needs_a_facility_or_a_regency() -> None:
    assert list(rules.check_tuk(code="T-1", name="T", regency_code=None, has_facility=False)[1]) == ["regency_code"]
    assert rules.check_tuk(code="T-1", name="T", regency_code=None, has_facility=True)[1] == {}


@pytest.mark.parametrize(
    ("current", "action", "target"),
    [
        ("pending", "verify", "active"),
        ("pending", "reject", "rejected"),
        ("active", "suspend", "suspended"),
        ("suspended", "reactivate", "active"),
    ],
)
def test_partner_lifecycle_moves(current: str, action: str, target: str) -> None:
    assert rules.partner_move(current, action, "alasan")[0] == target


@pytest.mark.parametrize(
    ("current", "action"),
    [
        ("active", "verify"),
        ("suspended", "verify"),
        ("pending", "suspend"),
        ("rejected", "verify"),
        ("active", "reactivate"),
        ("active", "hapus"),
    ],
)
def test_partner_moves_from_the_wrong_status_are_refused(current: str, action: str) -> None:
    with pytest.raises(rules.PartnerStatusError):
        rules.partner_move(current, action, "alasan")


def test_suspension_and_rejection_need_a_reason() -> None:
    assert list(rules.partner_move("active", "suspend", "  ")[1]) == ["reason"]
    assert list(rules.partner_move("pending", "reject", None)[1]) == ["reason"]
    assert rules.partner_move("pending", "verify", None)[1] == {}


def test_the_role_follows_the_organisation() -> None:
    draft, problems = rules.check_invitation(email="PK@Bapas.id", name="PK", organisation="bapas", org_id=3)
    assert problems == {} and (draft.role, draft.email) == ("bapas_officer", "pk@bapas.id")
    assert list(rules.check_invitation(email="a@b.id", name="A", organisation="lsp", org_id=None)[1]) == [
        "organisation"
    ]
    assert list(rules.check_invitation(email="a@b.id", name="A", organisation="admin", org_id=1)[1]) == ["organisation"]
    assert list(rules.check_invitation(email="a@b.id", name="A", organisation="polisi", org_id=1)[1]) == [
        "organisation"
    ]

"""What an employer sees of a certificate (SECURITY.md row 1): one pure rule, every consent combination.

A first-party (P1) LSP sits in one prison (``lsps.home_facility_id``), so its name and code, its
scheme's code and title and the certificate number all name the facility. Without consent to
reveal the facility the employer gets the occupation (from the units' sector), the units and
"LSP berlisensi BNSP"; the number needs consent to reveal both name and facility (the public
verification page shows initials and the issuer)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from api.privacy.rules import (
    EMPLOYER_ISSUER,
    certificate_for_employer,
    derives_facility,
    explanation_for_employer,
    scheme_filter_allowed,
)
from matcher.explain import Explanation, RequirementMatch
from models.records import CertificateView, CompetencyUnit, Consent, Lsp

UNITS = (
    CompetencyUnit("C.25LAS00.001.1", "Menerapkan keselamatan kerja pengelasan", "Manufaktur", 2),
    CompetencyUnit("C.25LAS00.002.1", "Mengelas pelat baja dengan proses las busur manual (SMAW)", "Manufaktur", 2),
)


def view(kind: str, home: int | None) -> CertificateView:
    return CertificateView(
        number="00017/LSP-P1-SKM/SKM-LAS-SKM/2026" if kind == "P1" else "LSP-PAR/SKM-LAS/2026/000017",
        scheme_code="SKM-LAS-SKM" if kind == "P1" else "SKM-LAS",
        scheme_title="Juru Las Pojok Vokasi Lapas Sukamiskin" if kind == "P1" else "Juru Las SMAW",
        issued_on=date(2026, 1, 5),
        valid_until=date(2029, 1, 5),
        status="active",
        units=UNITS,
        lsp_code="LSP-P1-SKM" if kind == "P1" else "LSP-PAR",
        lsp_name="LSP P1 Lapas Kelas I Sukamiskin" if kind == "P1" else "LSP Pariwisata Nusantara",
        lsp_kind=kind,
        lsp_home_facility_id=home,
    )


# (LSP kind, home facility, reveal_name, reveal_facility) -> (number shown, scheme and LSP shown)
TABLE = {
    ("P1", 7, False, False): (False, False),
    ("P1", 7, True, False): (False, False),
    ("P1", 7, False, True): (False, True),
    ("P1", 7, True, True): (True, True),
    ("P3", None, False, False): (False, True),
    ("P3", None, True, False): (False, True),
    ("P3", None, False, True): (False, True),
    ("P3", None, True, True): (True, True),
    # a home facility alone makes it facility-bound, whatever the kind says
    ("P2", 7, False, False): (False, False),
    ("P2", 7, True, True): (True, True),
}
ROWS = [
    (kind, home, name, facility, matching, offence, *TABLE[(kind, home, name, facility)])
    for (kind, home, name, facility), matching, offence in itertools.product(TABLE, (True, False), (True, False))
]


@pytest.mark.parametrize(
    ("kind", "home", "reveal_name", "reveal_facility", "matching", "offence", "number_shown", "issuer_shown"), ROWS
)
def test_every_consent_combination(
    kind: str, home: int | None, reveal_name: bool, reveal_facility: bool, matching: bool, offence: bool,
    number_shown: bool, issuer_shown: bool,
) -> None:  # fmt: skip
    original = view(kind, home)
    consent = Consent(matching, reveal_name, reveal_facility, offence)
    out = certificate_for_employer(original, consent)
    assert out.number == (original.number if number_shown else "")
    # what is always shown: units, dates, status
    assert out.units == original.units and out.valid_until == original.valid_until and out.status == "active"
    if issuer_shown:
        assert (out.scheme_code, out.scheme_title) == (original.scheme_code, original.scheme_title)
        assert (out.lsp_code, out.lsp_name) == (original.lsp_code, original.lsp_name)
    else:
        assert out.scheme_code == "" and out.lsp_code == "" and out.lsp_home_facility_id is None
        assert out.lsp_name == EMPLOYER_ISSUER == "LSP berlisensi BNSP"
        assert out.scheme_title == "Sertifikat kompetensi bidang Manufaktur"  # the occupation, from the units
        text = repr(out)
        for secret in ("Sukamiskin", "LSP-P1", "SKM-LAS-SKM", "Pojok Vokasi", original.number):
            assert secret not in text


def test_occupation_without_units_and_with_several_sectors() -> None:
    bare = CertificateView("N", "S", "Lapas X", date(2026, 1, 1), date(2029, 1, 1), "active", (), "L", "LSP Lapas X",
                           "P1", 3)  # fmt: skip
    assert certificate_for_employer(bare, Consent(True)).scheme_title == "Sertifikat kompetensi"
    mixed = CertificateView(
        "N", "S", "Lapas X", date(2026, 1, 1), date(2029, 1, 1), "active",
        (UNITS[0], CompetencyUnit("C.10ROT00.001.1", "Sanitasi", "Makanan", 2), UNITS[1]), "L", "LSP Lapas X", "P1", 3,
    )  # fmt: skip
    assert (
        certificate_for_employer(mixed, Consent(True)).scheme_title
        == "Sertifikat kompetensi bidang Manufaktur, Makanan"
    )


def test_facility_bound_lsps_and_the_scheme_filter() -> None:
    p1 = Lsp(1, "LSP-P1-SKM", "LSP P1 Lapas Sukamiskin", "P1", "KEP.1", date(2030, 1, 1), "{seq}", 7)
    p3 = Lsp(2, "LSP-PAR", "LSP Pariwisata", "P3", "BNSP-1", date(2030, 1, 1), "{seq}")
    assert derives_facility(p1.kind, p1.home_facility_id) and not derives_facility(p3.kind, p3.home_facility_id)
    assert not scheme_filter_allowed(p1) and scheme_filter_allowed(p3)


def test_explanations_name_the_occupation_not_the_hidden_scheme() -> None:
    original = view("P1", 7)
    shown = certificate_for_employer(original, Consent(True))
    match = RequirementMatch("juru las", "title", original.scheme_title, "scheme", None, 0.7, "strong")
    unit = RequirementMatch("mengelas SMAW", "requirement", UNITS[1].title, "unit", UNITS[1].code, 0.8, "strong")
    exp = Explanation("1", "2", 0.8, (match, unit), (), (), (), None, None, None, None, None, None, {})
    out = explanation_for_employer(exp, [original], [shown])
    assert [m.item for m in out.matches] == [shown.scheme_title, UNITS[1].title]
    assert "Sukamiskin" not in repr(out)
    consented = certificate_for_employer(original, Consent(True, True, True))
    assert explanation_for_employer(exp, [original], [consented]) == exp

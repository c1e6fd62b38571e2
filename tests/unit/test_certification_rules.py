"""Pure certification rules: each accepted and refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from certification import rules
from certification.errors import (
    AssessorInactive,
    AssessorNotInLsp,
    DuplicateUnit,
    FutureDate,
    IncompleteAssessment,
    InvalidInput,
    InvalidNumberFormat,
    InvalidTransition,
    LicenceLapsed,
    TukNotInLsp,
    UnitAlreadyCompetent,
    UnitNotInScheme,
)
from certification.signing import (
    FileKeyStore,
    PublishedKey,
    b64url,
    canonical_json,
    certificate_facts,
    keys_document,
    parse_keys_document,
    verify_signature,
)
from models.records import Assessment, Assessor, Certificate, Lsp, Scheme, Tuk, UnitResult

TODAY = date(2025, 6, 2)
SCHEME = Scheme(1, "SKM-LAS", "Juru Las", "occupation", 10, 2, 3, ("U1", "U2", "U3"))
ASSESSOR = Assessor(5, "MET.000.001 2024", "Asesor", 10, date(2024, 1, 1), date(2026, 1, 1))
LSP = Lsp(10, "LSP-P", "LSP Pemasyarakatan", "P2", "BNSP-1", date(2026, 1, 1), "{lsp}/{scheme}/{year}/{seq:06d}")


def K(*codes: str) -> tuple[UnitResult, ...]:
    return tuple(UnitResult(c, "K") for c in codes)


def check(**overrides):
    args = dict(
        scheme=SCHEME, assessor=ASSESSOR, tuk=None, assessed_on=date(2025, 5, 1), results=K("U1", "U2", "U3"),
        today=TODAY, prior_latest={},
    )  # fmt: skip
    args.update(overrides)
    rules.check_assessment(**args)


def test_assessment_accepted() -> None:
    check()
    check(tuk=Tuk(1, "TUK", "TUK Lapas", 10, None, None), results=K("U2"))


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"assessed_on": date(2025, 6, 3)}, FutureDate, "assessed_on"),
        (
            {"assessor": Assessor(5, "MET", "A", 99, date(2024, 1, 1), date(2026, 1, 1))},
            AssessorNotInLsp,
            "assessor_id",
        ),
        ({"assessed_on": date(2023, 12, 31)}, AssessorInactive, "assessor_id"),
        ({"tuk": Tuk(1, "TUK", "TUK lain", 99, None, None)}, TukNotInLsp, "tuk_id"),
        ({"results": K("U1", "X9")}, UnitNotInScheme, "results[1].unit_code"),
        ({"results": K("U1", "U1")}, DuplicateUnit, "results[1].unit_code"),
        ({"results": (UnitResult("U1", "L"),)}, InvalidInput, "results[0].result"),
        ({"results": ()}, InvalidInput, "results"),
    ],
)
def test_assessment_refused(overrides, error, field) -> None:
    with pytest.raises(error) as exc:
        check(**overrides)
    assert exc.value.field == field


def test_reassessment_only_on_bk_units() -> None:
    prior = {"U1": UnitResult("U1", "K"), "U2": UnitResult("U2", "BK")}
    check(results=(UnitResult("U2", "K"), UnitResult("U3", "BK")), prior_latest=prior)
    with pytest.raises(UnitAlreadyCompetent):
        check(results=K("U1"), prior_latest=prior)


def test_latest_results_union_across_assessments_and_open_cycle() -> None:
    a1 = Assessment(1, 7, 1, 5, None, date(2025, 1, 1), (UnitResult("U1", "K"), UnitResult("U2", "BK")))
    a2 = Assessment(2, 7, 1, 5, None, date(2025, 2, 1), (UnitResult("U2", "K"),))
    a3 = Assessment(3, 7, 1, 5, None, date(2025, 3, 1), (UnitResult("U3", "K"),))
    latest = rules.latest_results([a3, a2, a1])
    assert {c: r.result for c, r in latest.items()} == {"U1": "K", "U2": "K", "U3": "K"}
    assert rules.check_issuable(SCHEME, latest) == ("U1", "U2", "U3")
    assert [a.id for a in rules.open_assessments([a1, a2, a3], consumed_up_to=2)] == [3]
    assert len(rules.open_assessments([a1, a2, a3], None)) == 3


def test_issuable_refused_missing_and_bk() -> None:
    with pytest.raises(IncompleteAssessment) as exc:
        rules.check_issuable(SCHEME, {"U1": UnitResult("U1", "K"), "U2": UnitResult("U2", "BK")})
    assert exc.value.missing == ("U3",) and exc.value.not_competent == ("U2",)
    assert "U3" in str(exc.value) and "BK" in str(exc.value)


def test_licence() -> None:
    rules.check_licence(LSP, date(2026, 1, 1))
    with pytest.raises(LicenceLapsed):
        rules.check_licence(LSP, date(2026, 1, 2))


def test_validity_default_per_scheme_and_leap_day() -> None:
    assert rules.valid_until(TODAY) == date(2028, 6, 2)
    assert rules.valid_until(TODAY, 5) == date(2030, 6, 2)
    assert rules.valid_until(date(2024, 2, 29), 3) == date(2027, 2, 28)
    with pytest.raises(InvalidInput):
        rules.valid_until(TODAY, 0)


def test_number_format_and_sequence_scope() -> None:
    fmt = LSP.number_format
    assert rules.format_number(fmt, lsp_code="LSP-P", scheme_code="SKM", year=2025, seq=7) == "LSP-P/SKM/2025/000007"
    assert rules.sequence_scope(fmt, 4, 2025) == (4, 2025)
    assert rules.sequence_scope("{lsp}-{seq:05d}", 4, 2025) == (0, 0)  # one counter for the LSP
    assert rules.sequence_scope("{lsp}/{year}/{seq}", 4, 2025) == (0, 2025)
    for bad in ("{lsp}/{year}", "{lsp}/{nama}/{seq}", "{lsp:>5}/{seq}", "{seq!r}", "{seq"):
        with pytest.raises(InvalidNumberFormat):
            rules.format_number(bad, lsp_code="L", scheme_code="S", year=2025, seq=1)


def cert(**kw) -> Certificate:
    base = dict(id=1, number="N/1", inmate_id=7, scheme_id=1, lsp_id=10, assessment_id=3, issued_on=TODAY,
                valid_until=date(2028, 6, 2), status="active")  # fmt: skip
    base.update(kw)
    return Certificate(**base)


def test_derived_status_with_reasons() -> None:
    assert rules.derive_status(cert(), TODAY).state == "active"
    assert rules.derive_status(cert(), date(2028, 6, 3)).state == "expired"
    s = rules.derive_status(cert(status="suspended", status_reason="audit", suspended_until=date(2025, 7, 1)), TODAY)
    assert (s.state, s.reason, s.until) == ("suspended", "audit", date(2025, 7, 1))
    lapsed = cert(status="suspended", status_reason="audit", suspended_until=date(2025, 7, 1))
    assert rules.derive_status(lapsed, date(2025, 7, 2)).state == "active"
    at = datetime(2025, 6, 1, 10)
    r = rules.derive_status(cert(status="revoked", status_reason="palsu", status_at=at, status_by=9), date(2030, 1, 1))
    assert (r.state, r.reason, r.at, r.by) == ("revoked", "palsu", at, 9)  # revoked stays revoked after expiry
    assert rules.derive_status(cert(status="renewed", status_reason="diperbarui"), TODAY).state == "renewed"


@pytest.mark.parametrize(
    ("stored", "today", "action", "ok"),
    [
        ({}, TODAY, "suspend", True),
        ({"status": "suspended"}, TODAY, "suspend", False),
        ({"status": "suspended"}, TODAY, "unsuspend", True),
        ({}, TODAY, "unsuspend", False),
        ({}, TODAY, "revoke", True),
        ({}, date(2029, 1, 1), "revoke", True),
        ({"status": "revoked"}, TODAY, "revoke", False),
        ({}, date(2029, 1, 1), "renew", True),
        ({"status": "renewed"}, TODAY, "renew", False),
        ({"status": "revoked"}, TODAY, "renew", False),
        ({}, date(2029, 1, 1), "suspend", False),
    ],
)
def test_transitions(stored, today, action, ok) -> None:
    c = cert(**stored)
    if ok:
        rules.check_transition(c, action, today)
    else:
        with pytest.raises(InvalidTransition):
            rules.check_transition(c, action, today)


def test_reason_and_suspension_checks() -> None:
    assert rules.check_reason("  bukti palsu ") == "bukti palsu"
    with pytest.raises(InvalidInput):
        rules.check_reason(" ")
    rules.check_suspension(date(2025, 7, 1), TODAY, date(2028, 6, 2))
    with pytest.raises(InvalidInput):
        rules.check_suspension(TODAY, TODAY, date(2028, 6, 2))
    with pytest.raises(InvalidInput):
        rules.check_suspension(date(2029, 1, 1), TODAY, date(2028, 6, 2))


def test_initials() -> None:
    assert rules.initials("Budi Santoso") == "B. S."
    assert rules.initials("siti  aminah binti H. Umar") == "S. A. B. H. U."
    assert rules.initials("") == ""


def test_canonical_json_and_signature_round_trip(tmp_path) -> None:
    facts = certificate_facts(
        number="N/1", lsp_code="LSP", scheme_code="S", scheme_title="Juru Las", unit_codes=["U2", "U1", "U1"],
        holder_id="WB-1", holder_name="Dédé Ñoño", issued_on=TODAY, valid_until=date(2028, 6, 2), key_id="k",
    )  # fmt: skip
    data = canonical_json(facts)
    assert b" " not in data.replace(b"Juru Las", b"").replace("D. Ñ.".encode(), b"")
    assert '"holder_name":"D. Ñ."'.encode() in data and b'"units":["U1","U2"]' in data  # UTF-8, initials
    assert data.index(b'"holder_id"') < data.index(b'"number"')  # sorted keys
    store = FileKeyStore(tmp_path)
    key_id, public = store.create("LSP P2/01")
    assert key_id.startswith("lsp-p2-01-") and store.has(key_id)
    sig = b64url(store.sign(key_id, data))
    assert verify_signature(public, data, sig)
    assert not verify_signature(public, data.replace(b"2028", b"2029"), sig)
    assert not verify_signature(public, data, "not*base64")
    assert not verify_signature(public, data, None)
    doc = keys_document([PublishedKey(key_id, "LSP", "LSP P", public, datetime(2025, 1, 1), None)], ["N/1"])
    keys, revoked = parse_keys_document(doc)
    assert keys[key_id].public_key == public and len(revoked) == 1
    with pytest.raises(ValueError):
        parse_keys_document({"keys": [{"key_id": "x"}]})


def test_first_party_lsp_reaches_its_own_facility_only() -> None:
    p1 = Lsp(1, "LSP-P1", "LSP P1 Lapas", "P1", "L-1", date(2030, 1, 1), "{seq}", home_facility_id=7)
    p3 = Lsp(2, "LSP-P3", "LSP P3", "P3", "L-2", date(2030, 1, 1), "{seq}")
    assert rules.person_in_lsp_scope(p1, 7, False) and not rules.person_in_lsp_scope(p1, 8, False)
    assert not rules.person_in_lsp_scope(p1, 8, True)  # a P1 serves its own facility, enrolment or not
    assert rules.person_in_lsp_scope(p3, 8, True) and not rules.person_in_lsp_scope(p3, 8, False)

"""Where a client's vacancies are searched (api.caseload.rules.place_scope): the Bapas area by
default for people on parole or assimilation, the officer's choice otherwise."""

from __future__ import annotations

from api.caseload.rules import place_scope

NAMES = {"32": "Jawa Barat", "32.73": "Kota Bandung", "35": "Jawa Timur"}


def scope(status: str, requested: str | None = None):
    return place_scope(status, requested, bapas_name="Bapas Bandung", bapas_province_code="32", place_names=NAMES)


def test_parole_and_assimilation_default_to_the_bapas_area() -> None:
    for status in ("parole", "assimilation"):
        s = scope(status)
        assert (s.kind, s.province_code, s.regency_code, s.name) == ("bapas", "32", None, "Jawa Barat")
        assert s.bapas_name == "Bapas Bandung" and s.status == status


def test_others_default_to_everywhere() -> None:
    for status in ("sentenced", "released", "detained"):
        s = scope(status)
        assert s.kind == "all" and s.province_code is None and s.regency_code is None


def test_the_officer_can_lift_or_change_the_area() -> None:
    assert scope("parole", "semua").kind == "all"
    regency = scope("parole", "32.73")
    assert (regency.kind, regency.regency_code, regency.province_code, regency.name) == (
        "regency", "32.73", None, "Kota Bandung",
    )  # fmt: skip
    province = scope("released", "35")
    assert (province.kind, province.province_code) == ("province", "35")
    assert scope("parole", "99.99").kind == "bapas"  # an unknown code is the default


def test_no_bapas_province_means_no_default_limit() -> None:
    s = place_scope("parole", None, bapas_name="", bapas_province_code=None, place_names=NAMES)
    assert s.kind == "all"

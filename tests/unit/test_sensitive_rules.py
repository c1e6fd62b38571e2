"""NIK and offence rules (pure): what an officer or the SDP import may record, in Indonesian."""

from __future__ import annotations

import pytest

from api.privacy.rules import (
    OFFENCE_CATEGORIES,
    Offence,
    decode_offence,
    encode_offence,
    nik_problem,
    normalise_nik,
    offence_problems,
)

PROVINCES = {"31", "32", "35", "91"}


@pytest.mark.parametrize(
    "nik",
    [
        "3273011505900003",  # man born 15 May 1990 in Kota Bandung
        "3273015505900003",  # woman: day + 40
        "3578017112990001",  # woman born 31 December 1999
        "9101012902000001",  # 29 February 2000 (leap year)
    ],
)
def test_plausible_niks_pass(nik: str) -> None:
    assert nik_problem(nik, PROVINCES) is None


@pytest.mark.parametrize(
    ("nik", "words"),
    [
        ("327301150590", "tepat 16 angka, ada 12"),
        ("32730115059000031", "tepat 16 angka, ada 17"),
        ("3273O11505900003", "hanya boleh berisi 16 angka"),
        ("３２７３０１１５０５９００００３", "hanya boleh berisi"),  # full-width digits are not ASCII
        ("9973011505900003", "kode provinsi 99"),
        ("3200011505900003", "tidak boleh 00"),
        ("3273001505900003", "tidak boleh 00"),
        ("3273013205900003", "bukan tanggal yang mungkin"),  # day 32
        ("3273011513900003", "bukan tanggal yang mungkin"),  # month 13
        ("3273013102900003", "bukan tanggal yang mungkin"),  # 31 February
        ("3273012902010003", "bukan tanggal yang mungkin"),  # 29 February 1901 / 2001
        ("3273017505900003", "bukan tanggal yang mungkin"),  # day 75 - 40 = 35
        ("3273010005900003", "bukan tanggal yang mungkin"),  # day 00
        ("3273011505900000", "0000"),
    ],
)
def test_implausible_niks_are_refused_with_the_reason(nik: str, words: str) -> None:
    problem = nik_problem(nik, PROVINCES)
    assert problem is not None and words in problem


def test_nik_birth_year_must_match_the_person() -> None:
    assert nik_problem("3273011505900003", PROVINCES, birth_year=1990) is None
    problem = nik_problem("3273011505900003", PROVINCES, birth_year=1991)
    assert problem is not None and "tidak cocok dengan tahun lahir klien (1991)" in problem


def test_nik_spacing_is_ignored() -> None:
    assert normalise_nik(" 3273 0115.0590-0003 ") == "3273011505900003"


def test_offence_needs_a_category_from_the_list() -> None:
    assert offence_problems("pencurian", "Pasal 362 KUHP") == {}
    assert offence_problems("narkotika", "") == {}  # the text is optional
    assert offence_problems("", "") == {}  # nothing entered: nothing to check
    assert offence_problems(None, "Pasal 362") == {"offence_category": "pilih kategori tindak pidana"}
    wrong = offence_problems("begal", "")
    assert "harus salah satu dari: narkotika" in wrong["offence_category"] and "'begal'" in wrong["offence_category"]
    assert "uraikan" in offence_problems("lainnya", " ")["offence_text"]
    assert "paling banyak 1000" in offence_problems("korupsi", "x" * 1001)["offence_text"]
    assert set(OFFENCE_CATEGORIES) >= {"narkotika", "pencurian", "penipuan", "penganiayaan", "korupsi", "lainnya"}


def test_offence_round_trips_and_reads_old_plain_text() -> None:
    o = Offence("narkotika", 'Pasal 114 UU 35/2009 — "kurir"')
    assert decode_offence(encode_offence(o)) == o
    assert o.display() == 'Narkotika: Pasal 114 UU 35/2009 — "kurir"' and o.category_label == "Narkotika"
    assert Offence("korupsi", "").display() == "Korupsi"
    legacy = decode_offence("Pasal 362 KUHP (pencurian)")  # stored before categories existed
    assert legacy == Offence(None, "Pasal 362 KUHP (pencurian)") and legacy.display() == legacy.text
    assert decode_offence('{"not": "ours"}') == Offence(None, '{"not": "ours"}')

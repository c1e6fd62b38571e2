"""Messages with values in them (f-strings) reach English pages in English: ``translate`` falls back to
``api.web.i18n.EN_PATTERNS`` after the exact dictionary.

Covered by calling the real functions that build the messages (each bad input gives its Indonesian message,
whose English must hold no Indonesian marker word): api.hiring.rules (vacancy_size_problem, check_move,
check_note), api.web.errors.validation_message, api.web.outbound.address_refusal, api.partners.rules
(check_facility, check_lsp, check_tuk, check_assessor, check_application, check_invitation, partner_move,
email_problem, password_problem), api.caseload.registration.check_client,
api.caseload.rules.placement_start_problem, api.privacy.rules (nik_problem, offence_problems),
api.catalogue.service (check_unit, check_unit_codes, check_scheme), api.feeds.rules (parse_page,
connector_problems, indonesian) and models.errors.ImportRowError (the "baris N" prefix of every import).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from api.web.i18n import EN, EN_PATTERNS, translate

# Words that only Indonesian text has (checked as whole words, case-insensitive).
MARKERS = (
    "paling", "harus", "tidak", "baris", "wajib", "karakter", "diisi", "dikenal", "terdaftar", "bukan", "sudah",
    "pilih", "dari", "dan", "atau", "yang", "untuk", "dengan", "boleh", "kolom", "rekaman", "halaman", "terisi",
    "sekarang", "minimal", "lebih", "kode", "nama", "tanggal", "alasan", "mis",
)  # fmt: skip
MARKER = re.compile(r"\b(" + "|".join(MARKERS) + r")\b", re.IGNORECASE)


def english(message: str) -> str:
    out = translate(message, "en")
    found = MARKER.findall(out)
    assert not found, f"{message!r} -> {out!r} still has {found}"
    return out


@pytest.mark.parametrize(
    ("indonesian", "expected"),
    [
        # hiring
        ("judul lowongan paling banyak 200 karakter (terisi 360)",
         "the vacancy title can have at most 200 characters (it has 360)"),
        ("persyaratan baris 7 paling banyak 500 karakter", "requirement line 7 can have at most 500 characters"),
        ("unit kompetensi tidak dikenal: C.1, C.2", "unknown competency units: C.1, C.2"),
        ("tidak dapat pindah dari daftar pendek ke diterima; yang diizinkan: wawancara, ditolak",
         "cannot move from shortlisted to hired; allowed: interview, rejected"),
        # web edge
        ("page: paling kecil 1", "page: must be at least 1"),
        ("title: paling banyak 200 karakter", "title: can have at most 200 characters"),
        ("URL menuju alamat privat (10.0.0.1); hanya alamat internet publik yang diizinkan",
         "the URL leads to a private address (10.0.0.1); only public internet addresses are allowed"),
        # partners: a label inside the sentence is translated too
        ("nama perusahaan wajib diisi", "company name is required"),
        ("kode UPT paling panjang 40 karakter (sekarang 41)",
         "facility code can have at most 40 characters (it has 41)"),
        ("kata sandi minimal 10 karakter", "the password must have at least 10 characters"),
        ("NIB harus tepat 13 angka, ada 9 karakter", "the NIB must be exactly 13 digits; it has 9 characters"),
        # caseload
        ("tanggal asimilasi harus tanggal YYYY-MM-DD, bukan 'besok'",
         "assimilation date must be a date YYYY-MM-DD, not 'besok'"),
        ("tahun lahir harus angka antara 1926 dan 2014", "the birth year must be a number between 1926 and 2014"),
        # privacy
        ("NIK harus tepat 16 angka, ada 12 angka", "the NIK must be exactly 16 digits; it has 12"),
        # catalogue
        ("judul paling banyak 300 karakter", "title can have at most 300 characters"),
        ("unit C.1 tercantum dua kali", "unit C.1 appears twice"),
        # feeds: a run error with its record and field
        ("rekaman 3, kolom 'status': harus salah satu dari open, closed; bukan 'x'",
         "record 3, field 'status': must be one of open, closed; not 'x'"),
        ("server feed menjawab HTTP 500, bukan 200", "the feed server answered HTTP 500, not 200"),
        # imports: the line prefix, with and without a field, and the nested message translated
        ("baris 12: kolom tidak dikenal; kolom yang dikenal: a, b", "line 12: unknown field; known fields: a, b"),
        ("baris 3, kolom 'nik': NIK harus tepat 16 angka, ada 3 angka",
         "line 3, field 'nik': the NIK must be exactly 16 digits; it has 3"),
        ("baris 4, kolom 'code': not an SKKNI unit code: 'X'", "line 4, field 'code': not an SKKNI unit code: 'X'"),
        ("units.csv: baris 2: berkas kosong: tidak ada baris untuk diimpor. Tidak ada yang disimpan.",
         "units.csv: line 2: empty file: no rows to import. Nothing was saved."),
    ],
)  # fmt: skip
def test_representative_messages(indonesian: str, expected: str) -> None:
    assert english(indonesian) == expected


def test_exact_entries_come_first_and_indonesian_is_untouched() -> None:
    assert translate("Lowongan", "en") == "Vacancies"
    message = "judul lowongan paling banyak 200 karakter (terisi 360)"
    assert translate(message, "id") == message
    assert translate("sesuatu yang tidak dikenal sama sekali 42", "en") == "sesuatu yang tidak dikenal sama sekali 42"


def test_translating_twice_changes_nothing() -> None:
    for message in (
        "baris 3, kolom 'nik': NIK harus tepat 16 angka, ada 3 angka",
        "judul lowongan paling banyak 200 karakter (terisi 360)",
        "nama perusahaan wajib diisi",
        "page: paling kecil 1",
        "catatan wajib diisi",
    ):
        once = translate(message, "en")
        assert once != message
        assert translate(once, "en") == once


def test_every_english_template_uses_only_its_groups() -> None:
    for pattern, template in EN_PATTERNS:
        numbers = {int(n) for n in re.findall(r"\{(\d+)(?:![tl])?\}", template)}
        assert numbers <= set(range(pattern.groups)), (pattern.pattern, template)
        assert not MARKER.search(re.sub(r"\{[^}]*\}", "", template)), template


# --- the real messages, built by the functions that build them ----------------------------------------------


def _raised(call: Callable[[], Any]) -> str:
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - any refusal; its text is what a page shows
        return str(getattr(exc, "message", None) or exc)
    raise AssertionError("nothing was refused")


def _hiring() -> Iterator[str]:
    from api.hiring import rules

    for args in (
        ("x" * 201, "", (), ()),
        ("t", "d" * 10_001, (), ()),
        ("t", "d", tuple(f"r{n}" for n in range(51)), ()),
        ("t", "d", ("r" * 501,), ()),
        ("t", "d", (), tuple(f"C.{n}" for n in range(51))),
    ):
        problem = rules.vacancy_size_problem(*args)
        assert problem is not None
        yield problem[1]
    yield _raised(lambda: rules.check_move("shortlisted", "nowhere", None))
    yield _raised(lambda: rules.check_move("shortlisted", "hired", None))
    yield _raised(lambda: rules.check_move("hired", "interview", None))
    yield _raised(lambda: rules.check_move("shortlisted", "rejected", " "))
    yield _raised(lambda: rules.check_move("interview", "shortlisted", None))
    yield _raised(lambda: rules.check_note(" "))
    yield _raised(lambda: rules.check_note("n" * 2001))


def _web() -> Iterator[str]:
    from api.web.errors import validation_message
    from api.web.outbound import address_refusal

    for kind, ctx in (
        ("missing", {}),
        ("greater_than_equal", {"ge": 1}),
        ("greater_than", {"gt": 0}),
        ("less_than_equal", {"le": 100}),
        ("less_than", {"lt": 5}),
        ("int_parsing", {}),
        ("float_parsing", {}),
        ("bool_parsing", {}),
        ("date_parsing", {}),
        ("string_too_long", {"max_length": 200}),
        ("string_too_short", {"min_length": 3}),
        ("string_type", {}),
        ("json_invalid", {}),
        ("dict_type", {}),
        ("list_type", {}),
        ("literal_error", {"expected": "'open', 'closed'"}),
        ("enum", {"expected": "'a' or 'b'"}),
        ("extra_forbidden", {}),
        ("something_else", {}),
    ):
        yield validation_message({"type": kind, "loc": ("body", "title"), "ctx": ctx})
        yield validation_message({"type": kind, "loc": ("body",), "ctx": ctx})
    unspecified = "0.0.0.0"  # noqa: S104 - an address the guard refuses
    for address in ("not-an-ip", "10.0.0.1", "127.0.0.1", "169.254.1.1", unspecified, "224.0.0.1"):
        refusal = address_refusal(address)
        assert refusal is not None
        yield refusal


def _partners() -> Iterator[str]:
    from api.partners import rules

    today = date(2026, 5, 1)
    checks: list[dict[str, str]] = [
        rules.check_facility(code="", name="", kind="x", regency_code="", kanwil="k" * 201, has_bapas=False)[1],
        rules.check_facility(code="a b", name="n" * 201, kind="lapas", regency_code="3273", kanwil="", has_bapas=False)[
            1
        ],
        rules.check_facility(code="BAPAS-X", name="B", kind="bapas", regency_code="32.73", kanwil="", has_bapas=True)[
            1
        ],
        rules.check_lsp(
            code="",
            name="",
            kind="P4",
            licence_number="",
            licence_valid_until="kemarin",
            number_format="{bad}",
            has_home_facility=False,
            today=today,
        )[1],
        rules.check_lsp(
            code="LSP-1",
            name="L",
            kind="P1",
            licence_number="1",
            licence_valid_until="2020-01-01",
            number_format="",
            has_home_facility=False,
            today=today,
        )[1],
        rules.check_lsp(
            code="LSP-2",
            name="L",
            kind="P2",
            licence_number="1",
            licence_valid_until=None,
            number_format="",
            has_home_facility=True,
            today=today,
        )[1],
        rules.check_tuk(code="", name="", regency_code=None, has_facility=False)[1],
        rules.check_assessor(registration_number="", name="", active_from=None, active_until="x")[1],
        rules.check_assessor(
            registration_number="MET 1", name="A", active_from="2026-02-01", active_until="2026-01-01"
        )[1],
        rules.check_application(
            name="",
            nib="123",
            sector="",
            kbli="12",
            address="",
            regency_code="",
            contact_name="",
            contact_email="x",
            contact_phone="12",
            fair_chance_policy="singkat",
        )[1],
        rules.check_application(
            name="",
            nib="",
            sector="",
            kbli="",
            address="",
            regency_code="",
            contact_name="",
            contact_email="",
            contact_phone="",
            fair_chance_policy="p" * 4001,
        )[1],
        rules.check_invitation(email="", name="", organisation="x", org_id=None)[1],
        rules.check_invitation(email="a@b.co", name="N", organisation="", org_id=None)[1],
    ]
    for problems in checks:
        yield from problems.values()
    for action in rules.PARTNER_MOVES:
        source = rules.PARTNER_MOVES[action][0]
        yield from rules.partner_move(source, action, "r" * 1001)[1].values()
        yield from rules.partner_move(source, action, None)[1].values()
        other = next(s for s in rules.PARTNER_STATUS_NAMES if s != source)
        yield _raised(lambda a=action, o=other: rules.partner_move(o, a, "alasan"))
    yield _raised(lambda: rules.partner_move("pending", "fly", None))
    for problem in (rules.email_problem("x"), rules.password_problem("short")):
        assert problem is not None
        yield problem


def _caseload() -> Iterator[str]:
    from api.caseload import registration
    from api.caseload.rules import placement_start_problem

    today = date(2026, 5, 1)
    forms = (
        registration.ClientForm(
            external_id="",
            full_name="",
            birth_year="x",
            gender="",
            facility_id="",
            domicile_regency_code="",
            education="S9",
            status="x",
            consent_note="n" * 1001,
        ),
        registration.ClientForm(
            external_id="E" * 101,
            full_name="N" * 201,
            birth_year="1990",
            gender="L",
            facility_id="1",
            domicile_regency_code="32.73",
            status="sentenced",
            asimilasi_date="besok",
        ),
        registration.ClientForm(
            external_id="E",
            full_name="N",
            birth_year="1990",
            gender="L",
            facility_id="1",
            domicile_regency_code="32.73",
            status="released",
            expected_release_date="2027-01-01",
            pb_date="2028-01-01",
        ),
        registration.ClientForm(
            external_id="E",
            full_name="N",
            birth_year="1990",
            gender="L",
            facility_id="1",
            domicile_regency_code="32.73",
            status="sentenced",
            expected_release_date="2027-01-01",
            cb_date="2028-01-01",
            cmb_date="nanti",
        ),
    )
    for form in forms:
        yield from registration.check_client(form, today=today, facility=None)[1].values()
    for started in (date(2027, 1, 1), date(2020, 1, 1)):
        problem = placement_start_problem(started, today)
        assert problem is not None
        yield problem


def _privacy() -> Iterator[str]:
    from api.privacy import rules

    for nik, birth_year in (
        ("123", None),
        ("12345678901234ab", None),
        ("9912345678901234", None),
        ("3200001234560001", None),
        ("3273019913990001", None),
        ("3273015505900000", None),
        ("3273015505900001", 1985),
    ):
        problem = rules.nik_problem(nik, {"32"}, birth_year)
        if problem is not None:
            yield problem
    yield from rules.offence_problems("", None).values()
    yield from rules.offence_problems("xyz", "x").values()
    yield from rules.offence_problems(next(iter(rules.OFFENCE_CATEGORIES)), "t" * 5000).values()


def _catalogue() -> Iterator[str]:
    from api.catalogue import service
    from models.records import CompetencyUnit

    def unit(**kw: Any) -> CompetencyUnit:
        base: dict[str, Any] = {
            "code": "C.25LAS00.001.1",
            "title": "Las",
            "sector": "Logam",
            "kkni_level": None,
            "description": "",
        }
        return CompetencyUnit(**(base | kw))

    for kw in (
        {"code": ""},
        {"code": "nope"},
        {"title": ""},
        {"title": "t" * 301},
        {"sector": "s" * 201},
        {"description": "d" * 4001},
        {"kkni_level": 12},
    ):
        yield _raised(lambda k=kw: service.check_unit(unit(**k)))
    for codes in (
        (),
        ("x",),
        ("C.25LAS00.001.1", "C.25LAS00.001.1"),
        tuple(f"C.25LAS00.{n:03d}.1" for n in range(service.MAX_UNITS + 1)),
    ):
        yield _raised(lambda c=codes: service.check_unit_codes(c))


def _feeds() -> Iterator[str]:
    from api.feeds import rules

    for payload in (
        [],
        {"items": "x"},
        {"items": list(range(rules.MAX_PAGE_ITEMS + 1))},
        {"items": [], "next_cursor": 5},
        {"items": [1]},
    ):
        yield _raised(lambda p=payload: rules.parse_page(p))
    bad = rules.ConnectorInput(
        name="!",
        kind="x",
        url="ftp:x",
        token="a\nb",  # noqa: S106 - a bad token
        interval_minutes="0",
        employer_id="x",
        facility_id="y",
        active=True,
    )
    yield from rules.connector_problems(bad).values()
    portal = dataclasses.replace(bad, name="ok", kind="vacancy_portal", url="https://x.id/f?since=1", token="",
                                 interval_minutes="60", employer_id="", facility_id="3")  # fmt: skip
    yield from rules.connector_problems(portal).values()
    sdp = dataclasses.replace(portal, kind="sdp_delta", url="https://x.id/f", employer_id="2", facility_id="")
    yield from rules.connector_problems(sdp).values()
    for english_text in (
        "required",
        "must be text, got int",
        "longer than 200 characters",
        "must be between 1 and 9, got 12",
        "must be one of a, b; got 'c'",
        "not an SKKNI unit code: 'x'",
        "2027-01-01 is after expected_release_date 2026-01-01",
    ):
        yield rules.indonesian(english_text)


def _imports() -> Iterator[str]:
    from models.errors import ImportRowError

    yield str(ImportRowError(3, "nik", "NIK harus berupa teks 16 angka, bukan int"))
    yield str(ImportRowError(4, None, "seharusnya 5 kolom, ada 4"))
    yield str(ImportRowError(5, "code", "not an SKKNI unit code (like C.25LAS00.001.1): 'x'"))


@pytest.mark.parametrize("source", [_hiring, _web, _partners, _caseload, _privacy, _catalogue, _feeds, _imports])
def test_real_messages_have_english(source: Callable[[], Iterator[str]]) -> None:
    messages = list(source())
    assert messages
    missing = []
    for message in messages:
        out = translate(message, "en")
        if out == message and MARKER.search(message) or MARKER.search(out):
            missing.append((message, out))
    assert not missing, f"{len(missing)} of {len(messages)} messages stay Indonesian: {missing}"


def test_labels_the_patterns_translate_have_english() -> None:
    from api.caseload.registration import PROGRAMME_DATES
    from api.catalogue.service import FIELD_NAMES
    from api.hiring.rules import STAGE_LABELS

    for label in (*PROGRAMME_DATES.values(), *FIELD_NAMES.values(), *STAGE_LABELS.values()):
        assert label in EN, label


def test_consent_sentences_are_english_clause_by_clause() -> None:
    """The client page's consent summary and history are "; "-joined clauses built in api/caseload/rules.py."""
    from api.caseload.rules import consent_change_words, consent_words
    from models.records import Consent

    states = [Consent(), Consent(employer_matching=True, reveal_name=True, reveal_facility=True, reveal_offence=True)]
    texts = [consent_words(c) for c in states] + [consent_change_words(a, b) for a in (None, *states) for b in states]
    for text in texts:
        english = translate(text, "en")
        assert english != text or text in ("Tidak ada perubahan.",) and english == "No change."
        for word in ("dicocokkan", "ditampilkan", "tindak pidana", "diungkap", "mencabut", "Pertama"):
            assert word not in english, (text, english)
    assert translate(consent_words(states[0]), "id") == consent_words(states[0])


def test_dates_read_in_the_page_language() -> None:
    """One place says how a date reads per language (printed papers, /verify, the plan, the wib filter)."""
    from api.web.i18n import date_words

    assert date_words("en")(date(2026, 12, 2)) == "2 December 2026"
    assert date_words("id")(date(2026, 12, 2)) == "2 Desember 2026"

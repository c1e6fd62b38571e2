"""Privacy rules as pure functions: who may see what of a person, and when data must go.

No I/O and no clock read: callers pass the record, the viewer and ``today``. These
rules implement DESIGN.md §7 (least data per role) and UU PDP 27/2022 (criminal
records are specific personal data: shown only when needed, with consent, logged).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from matcher.explain import Explanation
from models.records import CertificateView, Consent, Inmate, Lsp

# What an employer may see of a consenting candidate, whatever else they agreed to.
EMPLOYER_FIELDS = ("pseudonym", "skills", "trainings", "work_history", "education", "regency", "available")
# The application stage at which offence details may be released to the employer.
OFFENCE_RELEASE_STAGE = "offer"
ERASED_NAME = "Dihapus"
ROLES = frozenset(
    {"employer", "bapas_officer", "lsp_assessor", "kemnaker_staff", "admin", "training_staff", "public", "system"}
)


def initials(full_name: str) -> str:
    """'Budi Santoso' -> 'B. S.': what the public verify page may show of a holder.

    Must equal ``certification.rules.initials`` (signatures cover the initials, and the
    stored initials stand in for the name after erasure); idempotent.
    """
    parts = [p for p in full_name.replace(".", " ").split() if p[:1].isalpha()]
    # upper() of one letter can be two ('ß' -> 'SS'); keep one letter so initials are idempotent
    return " ".join(p[0].upper()[0] + "." for p in parts)


def availability_month(inmate: Inmate, today: date) -> str:
    """'sekarang' (now) when already out or free to work, else the release month 'YYYY-MM'.

    Employers get the month, never the exact date: the exact date can identify a person.
    """
    if inmate.status in ("released", "parole", "assimilation"):
        return "sekarang"
    release = inmate.expected_release_date
    if release is None:
        return "belum diketahui"
    if release <= today:
        return "sekarang"
    return f"{release.year:04d}-{release.month:02d}"


def can_view_person(
    viewer_role: str, inmate: Inmate, *, viewer_bapas_id: int | None = None, in_lsp_scope: bool = False
) -> bool:
    """Object-level rule: may this viewer open this person's record at all?

    Officers see their own Bapas' caseload only; assessors only people assessed by their
    LSP (the caller says so with ``in_lsp_scope``); employers only through
    ``visible_profile`` (consent); everyone else never.
    """
    if inmate.anonymised_at is not None:
        return False
    if viewer_role == "bapas_officer":
        return viewer_bapas_id is not None and inmate.bapas_id == viewer_bapas_id
    if viewer_role == "lsp_assessor":
        return in_lsp_scope
    if viewer_role == "employer":
        return inmate.consent.employer_matching
    return False


def visible_profile(
    inmate: Inmate,
    viewer_role: str,
    consent: Consent | None = None,
    released_offence: bool = False,
    *,
    today: date | None = None,
    offence: str | None = None,
    national_id: str | None = None,
    facility_name: str | None = None,
) -> dict[str, Any] | None:
    """The fields ``viewer_role`` may see of ``inmate``; ``None`` when nothing at all.

    ``consent`` defaults to the inmate's current consent. ``released_offence`` is true
    only when the person's Bapas officer released the offence to this employer for an
    application at the offer stage (see ``api.privacy.actions.release_offence``); the
    decrypted ``offence``/``national_id`` are passed in by the caller and dropped here
    unless the viewer may see them. Scope (own caseload, own LSP) is checked by
    ``can_view_person`` before this is called.
    """
    if viewer_role not in ROLES:
        raise ValueError(f"unknown role {viewer_role!r}")
    if inmate.anonymised_at is not None:
        return None
    consent = inmate.consent if consent is None else consent
    available = availability_month(inmate, today) if today is not None else None
    if viewer_role == "employer":
        if not consent.employer_matching:
            return None
        # free text may say where the person is ("pelatihan las di Lapas ..."): without consent to
        # reveal the facility, the part naming it is cut off (facility_free_texts)
        names = () if consent.reveal_facility else tuple(n for n in (facility_name,) if n)
        keep = (lambda texts: list(texts)) if consent.reveal_facility else (
            lambda texts: facility_free_texts(texts, names))  # fmt: skip
        out: dict[str, Any] = {
            "pseudonym": inmate.pseudonym,
            "skills": keep(inmate.skills),
            "trainings": keep(inmate.trainings),
            "work_history": keep(inmate.work_history),
            "education": inmate.education,
            "regency": inmate.domicile_regency_code,
            "available": available,
        }
        if consent.reveal_name:
            out["name"] = inmate.full_name
        if consent.reveal_facility:
            out["facility_id"] = inmate.facility_id
            if facility_name is not None:
                out["facility"] = facility_name
        if consent.reveal_offence and released_offence and offence is not None:
            out["offence"] = offence
        return out
    if viewer_role == "bapas_officer":
        return {
            "id": inmate.id,
            "pseudonym": inmate.pseudonym,
            "external_id": inmate.external_id,
            "name": inmate.full_name,
            "birth_year": inmate.birth_year,
            "gender": inmate.gender,
            "facility_id": inmate.facility_id,
            "facility": facility_name,
            "bapas_id": inmate.bapas_id,
            "regency": inmate.domicile_regency_code,
            "province": inmate.domicile_province_code,
            "education": inmate.education,
            "skills": list(inmate.skills),
            "trainings": list(inmate.trainings),
            "work_history": list(inmate.work_history),
            "status": inmate.status,
            "expected_release_date": inmate.expected_release_date,
            "available": available,
            "consent": {
                "employer_matching": consent.employer_matching,
                "reveal_name": consent.reveal_name,
                "reveal_facility": consent.reveal_facility,
                "reveal_offence": consent.reveal_offence,
            },
            "national_id": national_id,
            "offence": offence,
        }
    if viewer_role == "lsp_assessor":
        # Enough to identify the candidate at the test site; nothing about the sentence.
        return {
            "id": inmate.id,
            "pseudonym": inmate.pseudonym,
            "name": inmate.full_name,
            "birth_year": inmate.birth_year,
            "facility_id": inmate.facility_id,
        }
    # kemnaker_staff and admin work with aggregates and accounts; public verifies certificates.
    return None


def offence_release_refusal(stage: str, consent: Consent, officer_bapas_id: int | None, inmate: Inmate) -> str | None:
    """Why offence details may not be released now, or ``None`` when they may.

    All of: a conditional offer exists, the person consented to reveal the offence, the
    releasing officer belongs to the person's Bapas, and there is an offence on record.
    """
    if inmate.anonymised_at is not None:
        return "person's data was erased"
    if stage != OFFENCE_RELEASE_STAGE:
        return f"offence details are released only at the '{OFFENCE_RELEASE_STAGE}' stage (now '{stage}')"
    if not consent.reveal_offence:
        return "the person has not consented to reveal the offence"
    if officer_bapas_id is None or inmate.bapas_id != officer_bapas_id:
        return "only an officer of the person's own Bapas may release offence details"
    if inmate.offence_enc is None:
        return "no offence is recorded"
    return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)


def due_for_erasure(inmate: Inmate, today: date, years: int) -> bool:
    """Retention rule: a released person is anonymised ``years`` after release.

    The release date is ``expected_release_date`` of a person whose status is
    'released'; people still in the system, without a date, or already anonymised
    are never due. ``years`` must be at least 1.
    """
    if years < 1:
        raise ValueError("retention years must be at least 1")
    if inmate.status != "released" or inmate.anonymised_at is not None:
        return False
    if inmate.expected_release_date is None:
        return False
    return _add_years(inmate.expected_release_date, years) <= today


# What an employer reads as the issuer of a certificate whose LSP would name the facility.
EMPLOYER_ISSUER = "LSP berlisensi BNSP"


def derives_facility(lsp_kind: str, home_facility_id: int | None) -> bool:
    """True when the issuing LSP names a facility: a first-party (P1) LSP sits inside one Lapas
    (``lsps.home_facility_id``) and certifies only its people, so its name, code, schemes and
    certificate numbers all say which prison the person is in."""
    return lsp_kind == "P1" or home_facility_id is not None


def scheme_filter_allowed(lsp: Lsp) -> bool:
    """May an employer filter candidates by a scheme of this LSP? Not by a P1's: "holds a certificate
    of scheme X" would list the consenting people of one prison."""
    return not derives_facility(lsp.kind, lsp.home_facility_id)


def occupation(view: CertificateView) -> str:
    """What a certificate certifies, told without naming its scheme: the SKKNI sectors of its units
    (national, shared by every LSP), e.g. 'Sertifikat kompetensi bidang Manufaktur'."""
    sectors = list(dict.fromkeys(u.sector.strip() for u in view.units if u.sector.strip()))
    return "Sertifikat kompetensi bidang " + ", ".join(sectors) if sectors else "Sertifikat kompetensi"


def certificate_for_employer(view: CertificateView, consent: Consent) -> CertificateView:
    """What an employer sees of a certificate (DESIGN.md §7: never a field from which the facility
    can be derived without consent). The one rule, for every consent combination:

    - the number only with consent to reveal both name and facility: it names the LSP, and the
      public verification page shows the holder's initials and the issuer;
    - of a facility-bound (P1) LSP without consent to reveal the facility: no scheme code or title,
      no LSP name or code; the occupation (``occupation``), the units, dates and status, and
      "LSP berlisensi BNSP" as the issuer;
    - otherwise scheme code and title and the LSP's name.

    TUK (test site) and assessor never reach ``CertificateView``; ``employer_matching`` and
    ``reveal_offence`` change nothing here (without matching there is no employer view at all).
    """
    number = view.number if consent.reveal_name and consent.reveal_facility else ""
    if derives_facility(view.lsp_kind, view.lsp_home_facility_id) and not consent.reveal_facility:
        return replace(
            view, number=number, scheme_code="", scheme_title=occupation(view), lsp_code="",
            lsp_name=EMPLOYER_ISSUER, lsp_kind="", lsp_home_facility_id=None,
        )  # fmt: skip
    return replace(view, number=number)


# Words that name a correctional facility in free text (trainings, skills, work history). A text
# that mentions one is cut before it (and before a preposition leading to it) for employers
# without consent to reveal the facility: "Pelatihan las SMAW di Lapas Kelas I X" -> "Pelatihan
# las SMAW"; nothing useful left -> the text is not shown at all.
FACILITY_WORDS = re.compile(
    r"\b(?:lapas|rutan|lpka|lpp|bapas|cabrutan|lembaga\s+pemasyarakatan|rumah\s+tahanan(?:\s+negara)?|"
    r"lembaga\s+pembinaan\s+khusus\s+anak|balai\s+pemasyarakatan|pemasyarakatan|lp)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(r"(?:[\s,;:(\-–—]|\b(?:di|pada|dari|oleh|bersama|dengan|kerja\s*sama|selama)\b)*$", re.IGNORECASE)


def facility_free_text(text: str, facility_names: Collection[str] = ()) -> str | None:
    """``text`` without the part that names a facility (``FACILITY_WORDS`` or one of
    ``facility_names``); None when nothing of use remains."""
    cut = len(text)
    found = FACILITY_WORDS.search(text)
    if found:
        cut = found.start()
    folded = text.casefold()
    for name in facility_names:
        at = folded.find(name.casefold()) if name.strip() else -1
        if at >= 0:
            cut = min(cut, at)
    if cut == len(text):
        return text
    head = _LEADING.sub("", text[:cut]).strip()
    return head if len(head) >= 3 else None


def facility_free_texts(texts: Sequence[str], facility_names: Collection[str] = ()) -> list[str]:
    return [t for t in (facility_free_text(x, facility_names) for x in texts) if t]


def explanation_for_employer(
    explanation: Explanation,
    originals: Sequence[CertificateView],
    shown: Sequence[CertificateView],
    *,
    hide_facility: bool = False,
    facility_names: Collection[str] = (),
) -> Explanation:
    """The explanation with every hidden scheme title (``originals[i]`` shown as ``shown[i]``, see
    ``certificate_for_employer``) replaced by what the employer sees instead: the ranking compares
    the real titles, the sentences must not repeat them."""
    hidden = {
        o.scheme_title: s.scheme_title
        for o, s in zip(originals, shown, strict=True)
        if o.scheme_title != s.scheme_title
    }
    if not hidden and not hide_facility:
        return explanation
    matches = []
    for m in explanation.matches:
        if m.item_kind == "scheme" and m.item in hidden:
            m = replace(m, item=hidden[m.item])
        elif hide_facility and m.item and m.item_kind in ("skill", "experience"):
            # a skill may be a training's free text ("... di Lapas X"): the employer reads it without
            # the facility, or not at all ("-" like a candidate with nothing to compare)
            m = replace(m, item=facility_free_text(m.item, facility_names))
        matches.append(m)
    return replace(explanation, matches=tuple(matches))


# --- sensitive data: national id (NIK) and offence ----------------------------------------------

# The offence as officers and the SDP import record it: one category from this list, plus free text
# (article, court decision). Codes are stored; the labels are what people read.
OFFENCE_CATEGORIES: dict[str, str] = {
    "narkotika": "Narkotika",
    "pencurian": "Pencurian",
    "penipuan": "Penipuan/penggelapan",
    "penganiayaan": "Penganiayaan",
    "pembunuhan": "Pembunuhan",
    "kesusilaan": "Kesusilaan/perlindungan anak",
    "korupsi": "Korupsi",
    "lainnya": "Lainnya",
}
OFFENCE_TEXT_MAX = 1000
NIK_LENGTH = 16


@dataclass(frozen=True)
class Offence:
    """An offence on record: ``category`` from ``OFFENCE_CATEGORIES`` (``None`` only for values
    stored before categories existed, whose whole text is in ``text``) and free ``text``."""

    category: str | None
    text: str

    @property
    def category_label(self) -> str | None:
        return None if self.category is None else OFFENCE_CATEGORIES.get(self.category, self.category)

    def display(self) -> str:
        """'Narkotika: Pasal 114 UU 35/2009' (or the category alone, or the legacy text alone)."""
        label = self.category_label
        if label is None:
            return self.text
        return f"{label}: {self.text}" if self.text else label


def encode_offence(offence: Offence) -> str:
    """The plaintext that is encrypted into ``inmates.offence_enc`` (JSON, category and text)."""
    return json.dumps({"category": offence.category, "text": offence.text}, ensure_ascii=False)


def decode_offence(plaintext: str) -> Offence:
    """Inverse of ``encode_offence``; a value stored as plain text (before categories) is its text."""
    if plaintext.startswith("{"):
        try:
            value = json.loads(plaintext)
        except ValueError:
            value = None
        if isinstance(value, dict) and set(value) == {"category", "text"} and isinstance(value["text"], str):
            category = value["category"]
            return Offence(category if isinstance(category, str) else None, value["text"])
    return Offence(None, plaintext)


def normalise_nik(text: str) -> str:
    """What was typed, without the spaces, dots and dashes people group the 16 digits with."""
    return "".join(ch for ch in text if ch not in " .-\t")


def _nik_birth_date(day: int, month: int, yy: int) -> bool:
    """True when DD-MM-YY is a calendar date in the 1900s or the 2000s (29 February included)."""
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def nik_problem(nik: str, provinces: Collection[str], birth_year: int | None = None) -> str | None:
    """Why ``nik`` (already normalised) cannot be a national id number, in Bahasa Indonesia; ``None``
    when it can.

    An NIK (UU 24/2013, Permendagri 72/2019) is 16 digits: province (2, a Kemendagri code from
    ``provinces``), regency (2) and district (2), the birth date as DDMMYY with 40 added to the day
    for women, and a 4-digit serial that is never 0000. With ``birth_year`` the two year digits must
    match it: a mismatch is the usual sign of another person's NIK typed into this record.
    """
    if len(nik) != NIK_LENGTH or not nik.isascii() or not nik.isdigit():
        if nik.isascii() and nik.isdigit():
            return f"NIK harus tepat {NIK_LENGTH} angka, ada {len(nik)} angka"
        return f"NIK hanya boleh berisi {NIK_LENGTH} angka"
    if nik[:2] not in provinces:
        return f"kode provinsi {nik[:2]} di awal NIK tidak dikenal"
    if nik[2:4] == "00" or nik[4:6] == "00":
        return "kode kabupaten/kota dan kecamatan pada NIK (angka ke-3 sampai ke-6) tidak boleh 00"
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:  # women: day + 40
        day -= 40
    if not (1 <= month <= 12 and 1 <= day <= 31 and _nik_birth_date(day, month, yy)):
        return f"tanggal lahir pada NIK (angka ke-7 sampai ke-12: {nik[6:12]}) bukan tanggal yang mungkin"
    if birth_year is not None and yy != birth_year % 100:
        return f"tahun lahir pada NIK (..{nik[10:12]}) tidak cocok dengan tahun lahir klien ({birth_year})"
    if nik[12:] == "0000":
        return "nomor urut pada NIK (4 angka terakhir) tidak boleh 0000"
    return None


def offence_problems(category: str | None, text: str | None) -> dict[str, str]:
    """Field -> message (Bahasa Indonesia) for an offence entry; empty when it may be stored.

    The category is required whenever anything is entered; 'lainnya' needs the text to say what.
    """
    problems: dict[str, str] = {}
    category = (category or "").strip()
    text = (text or "").strip()
    if not category:
        if text:
            problems["offence_category"] = "pilih kategori tindak pidana"
        return problems
    if category not in OFFENCE_CATEGORIES:
        problems["offence_category"] = (
            f"kategori tindak pidana harus salah satu dari: {', '.join(OFFENCE_CATEGORIES)}; tertulis {category!r}"
        )
    if category == "lainnya" and not text:
        problems["offence_text"] = "untuk kategori 'lainnya', uraikan tindak pidananya"
    if len(text) > OFFENCE_TEXT_MAX:
        problems["offence_text"] = f"uraian tindak pidana paling banyak {OFFENCE_TEXT_MAX} karakter, ada {len(text)}"
    elif "\x00" in text or not _encodable(text):
        problems["offence_text"] = "uraian tindak pidana berisi karakter yang tidak sah"
    return problems


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True

"""Organisation rules (pure, no I/O, no clock read): what a facility, an LSP, a TUK, an assessor,
an employer partner's application and an invitation must look like, and how a partner's status
may change.

Every ``check_*`` returns the cleaned draft and a ``Problems`` map (field -> message in Bahasa
Indonesia, naming the field) so a form can show every mistake next to its field at once; the
service refuses to store anything while the map is not empty. References to other rows (does this
regency exist? is that facility a Bapas?) are the service's to check, against the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from certification.errors import CertificationError
from certification.rules import validate_number_format
from models.errors import Conflict

Problems = dict[str, str]

FACILITY_KINDS = ("lapas", "rutan", "lpka", "bapas")
FACILITY_KIND_NAMES = {
    "lapas": "Lapas (lembaga pemasyarakatan)",
    "rutan": "Rutan (rumah tahanan negara)",
    "lpka": "LPKA (lembaga pembinaan khusus anak)",
    "bapas": "Bapas (balai pemasyarakatan)",
}
LSP_KINDS = ("P1", "P2", "P3")
PARTNER_STATUSES = ("pending", "active", "suspended", "rejected")
DEFAULT_NUMBER_FORMAT = "{lsp}/{scheme}/{year}/{seq:06d}"
MIN_PASSWORD = 10
MIN_POLICY = 20
INVITATION_DAYS = 14

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,39}$")
_REGENCY = re.compile(r"^\d{2}\.\d{2}$")
_NIB = re.compile(r"^\d{13}$")
_KBLI = re.compile(r"^\d{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^(\+62|62|0)\d{7,13}$")
_MET = re.compile(r"^MET\.\d{3}\.\d{6} \d{4}$")


# --- small checks ------------------------------------------------------------------------------
def _text(problems: Problems, field: str, value: str | None, label: str, *, limit: int, required: bool = True) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        problems[field] = f"{label} wajib diisi"
    elif len(text) > limit:
        problems[field] = f"{label} paling panjang {limit} karakter (sekarang {len(text)})"
    return text


def _code(problems: Problems, field: str, value: str | None, label: str, example: str) -> str:
    code = (value or "").strip().upper()
    if not code:
        problems[field] = f"{label} wajib diisi"
    elif not _CODE.match(code):
        problems[field] = f"{label} hanya boleh huruf, angka dan tanda hubung (2–40 karakter), mis. {example}"
    return code


def _regency(problems: Problems, field: str, value: str | None, *, required: bool = True) -> str | None:
    code = (value or "").strip()
    if not code:
        if required:
            problems[field] = "kabupaten/kota wajib dipilih (kode BPS NN.NN, mis. 32.73)"
        return None
    if not _REGENCY.match(code):
        problems[field] = f"kode kabupaten/kota harus berbentuk NN.NN (mis. 32.73), bukan {code!r}"
    return code


def parse_date(problems: Problems, field: str, value: str | date | None, label: str, *, required: bool) -> date | None:
    """A ``YYYY-MM-DD`` text (forms, CSV) or a date (API)."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            problems[field] = f"{label} wajib diisi (YYYY-MM-DD)"
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems[field] = f"{label} harus tanggal YYYY-MM-DD, bukan {text!r}"
        return None


def email_problem(value: str) -> str | None:
    return None if _EMAIL.match(value) else "alamat email tidak valid (mis. nama@perusahaan.co.id)"


def password_problem(value: str) -> str | None:
    return None if len(value) >= MIN_PASSWORD else f"kata sandi minimal {MIN_PASSWORD} karakter"


def default_kanwil(province_name: str) -> str:
    return f"Kanwil Ditjenpas {province_name}"


# --- facilities (UPT) --------------------------------------------------------------------------
@dataclass(frozen=True)
class FacilityDraft:
    code: str
    name: str
    kind: str
    regency_code: str
    kanwil: str  # empty: the service fills in the province's Kanwil


def check_facility(
    *, code: str, name: str, kind: str, regency_code: str, kanwil: str, has_bapas: bool
) -> tuple[FacilityDraft, Problems]:
    """A Lapas, Rutan or LPKA reports to one Bapas (which supervises its people after release); a
    Bapas reports to none."""
    p: Problems = {}
    draft = FacilityDraft(
        code=_code(p, "code", code, "kode UPT", "LAPAS-CIPINANG"),
        name=_text(p, "name", name, "nama UPT", limit=200),
        kind=(kind or "").strip().lower(),
        regency_code=_regency(p, "regency_code", regency_code) or "",
        kanwil=_text(p, "kanwil", kanwil, "Kanwil", limit=200, required=False),
    )
    if draft.kind not in FACILITY_KINDS:
        p["kind"] = "jenis UPT harus lapas, rutan, lpka atau bapas"
    elif draft.kind == "bapas" and has_bapas:
        p["bapas_id"] = "Bapas tidak berinduk ke Bapas lain; kosongkan pilihan Bapas"
    elif draft.kind != "bapas" and not has_bapas:
        p["bapas_id"] = f"{draft.kind.capitalize()} wajib memilih Bapas tempat warga binaannya dibimbing"
    return draft, p


# --- LSPs, TUK, assessors ------------------------------------------------------------------------
@dataclass(frozen=True)
class LspDraft:
    code: str
    name: str
    kind: str
    licence_number: str
    licence_valid_until: date | None
    number_format: str


def check_lsp(
    *, code: str, name: str, kind: str, licence_number: str, licence_valid_until: str | date | None,
    number_format: str, has_home_facility: bool, today: date, new: bool = True,
) -> tuple[LspDraft, Problems]:  # fmt: skip
    """A P1 (first-party) LSP certifies the people of its one home facility; P2/P3 have none. A new
    LSP needs a BNSP licence that is still valid."""
    p: Problems = {}
    draft = LspDraft(
        code=_code(p, "code", code, "kode LSP", "LSP-P1-CPN"),
        name=_text(p, "name", name, "nama LSP", limit=200),
        kind=(kind or "").strip().upper(),
        licence_number=_text(p, "licence_number", licence_number, "nomor lisensi BNSP", limit=100),
        licence_valid_until=parse_date(
            p, "licence_valid_until", licence_valid_until, "masa berlaku lisensi", required=True
        ),  # fmt: skip
        number_format=(number_format or "").strip() or DEFAULT_NUMBER_FORMAT,
    )
    if draft.kind not in LSP_KINDS:
        p["kind"] = "jenis LSP harus P1, P2 atau P3"
    elif draft.kind == "P1" and not has_home_facility:
        p["home_facility_id"] = "LSP P1 wajib memilih UPT induknya (LSP P1 hanya menyertifikasi warga binaan UPT itu)"
    elif draft.kind != "P1" and has_home_facility:
        p["home_facility_id"] = "hanya LSP P1 yang mempunyai UPT induk; kosongkan untuk P2/P3"
    if new and draft.licence_valid_until is not None and draft.licence_valid_until < today:
        p["licence_valid_until"] = f"lisensi BNSP sudah tidak berlaku sejak {draft.licence_valid_until.isoformat()}"
    try:
        validate_number_format(draft.number_format)
    except CertificationError:
        p["number_format"] = (
            "format nomor sertifikat hanya boleh memakai {lsp}, {scheme}, {year}, {seq} dan wajib {seq}"
        )
    return draft, p


@dataclass(frozen=True)
class TukDraft:
    code: str
    name: str
    regency_code: str | None


def check_tuk(*, code: str, name: str, regency_code: str | None, has_facility: bool) -> tuple[TukDraft, Problems]:
    """A TUK (tempat uji kompetensi) is inside a facility (its regency is the facility's) or
    elsewhere in a named regency."""
    p: Problems = {}
    draft = TukDraft(
        code=_code(p, "code", code, "kode TUK", "TUK-CPN-01"),
        name=_text(p, "name", name, "nama TUK", limit=200),
        regency_code=_regency(p, "regency_code", regency_code, required=not has_facility),
    )
    return draft, p


@dataclass(frozen=True)
class AssessorDraft:
    registration_number: str
    name: str
    active_from: date | None
    active_until: date | None


def normalise_registration(value: str) -> str:
    """``met.000.001234  2024`` -> ``MET.000.001234 2024`` (one space, upper case)."""
    return " ".join((value or "").upper().split())


def check_assessor(
    *, registration_number: str, name: str, active_from: str | date | None, active_until: str | date | None
) -> tuple[AssessorDraft, Problems]:
    """The BNSP registration number looks like ``MET.000.001234 2024``; the active period is the
    registration's validity (assessments dated outside it are refused)."""
    p: Problems = {}
    number = normalise_registration(registration_number)
    if not number:
        p["registration_number"] = "nomor registrasi asesor (MET) wajib diisi"
    elif not _MET.match(number):
        p["registration_number"] = f"nomor registrasi asesor harus berbentuk MET.000.001234 2024, bukan {number!r}"
    draft = AssessorDraft(
        registration_number=number,
        name=_text(p, "name", name, "nama asesor", limit=200),
        active_from=parse_date(p, "active_from", active_from, "awal masa aktif", required=True),
        active_until=parse_date(p, "active_until", active_until, "akhir masa aktif", required=True),
    )
    if draft.active_from and draft.active_until and draft.active_until < draft.active_from:
        p["active_until"] = "akhir masa aktif tidak boleh sebelum awal masa aktif"
    return draft, p


# --- employer partners -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ApplicationDraft:
    name: str
    nib: str
    sector: str
    kbli: str
    address: str
    regency_code: str
    contact_name: str
    contact_email: str
    contact_phone: str
    fair_chance_policy: str


def check_application(
    *, name: str, nib: str, sector: str, kbli: str, address: str, regency_code: str, contact_name: str,
    contact_email: str, contact_phone: str, fair_chance_policy: str,
) -> tuple[ApplicationDraft, Problems]:  # fmt: skip
    """A company applying to become a Kemnaker partner employer."""
    p: Problems = {}
    nib_clean = re.sub(r"[\s.-]", "", nib or "")
    if not nib_clean:
        p["nib"] = "NIB (Nomor Induk Berusaha dari OSS) wajib diisi"
    elif not _NIB.match(nib_clean):
        p["nib"] = f"NIB harus tepat 13 angka, ada {len(nib_clean)} karakter"
    kbli_clean = (kbli or "").strip()
    if not kbli_clean:
        p["kbli"] = "kode KBLI wajib diisi (5 angka KBLI 2020, mis. 25111)"
    elif not _KBLI.match(kbli_clean):
        p["kbli"] = f"kode KBLI harus 5 angka (KBLI 2020, mis. 25111), bukan {kbli_clean!r}"
    email = (contact_email or "").strip().lower()
    if not email:
        p["contact_email"] = "email narahubung wajib diisi"
    elif (problem := email_problem(email)) is not None:
        p["contact_email"] = problem
    phone = re.sub(r"[\s()-]", "", contact_phone or "")
    if not phone:
        p["contact_phone"] = "nomor telepon narahubung wajib diisi"
    elif not _PHONE.match(phone):
        p["contact_phone"] = "nomor telepon harus diawali 0, 62 atau +62 dan berisi 8–15 angka"
    policy = (fair_chance_policy or "").strip()
    if len(policy) < MIN_POLICY:
        p["fair_chance_policy"] = (
            f"jelaskan kebijakan kesempatan kedua perusahaan (minimal {MIN_POLICY} karakter): "
            "bagaimana mantan warga binaan direkrut, didampingi dan dijaga kerahasiaannya"
        )
    elif len(policy) > 4000:
        p["fair_chance_policy"] = f"kebijakan kesempatan kedua paling panjang 4000 karakter (sekarang {len(policy)})"
    draft = ApplicationDraft(
        name=_text(p, "name", name, "nama perusahaan", limit=200),
        nib=nib_clean,
        sector=_text(p, "sector", sector, "sektor usaha", limit=200),
        kbli=kbli_clean,
        address=_text(p, "address", address, "alamat", limit=500),
        regency_code=_regency(p, "regency_code", regency_code) or "",
        contact_name=_text(p, "contact_name", contact_name, "nama narahubung", limit=200),
        contact_email=email,
        contact_phone=phone,
        fair_chance_policy=policy,
    )
    return draft, p


class PartnerStatusError(Conflict):
    """A status change the partner lifecycle does not allow (e.g. verifying an active partner)."""


# action -> (status it starts from, status it leads to, needs a reason)
PARTNER_MOVES: dict[str, tuple[str, str, bool]] = {
    "verify": ("pending", "active", False),
    "reject": ("pending", "rejected", True),
    "suspend": ("active", "suspended", True),
    "reactivate": ("suspended", "active", False),
}
PARTNER_STATUS_NAMES = {
    "pending": "menunggu verifikasi",
    "active": "aktif",
    "suspended": "dibekukan",
    "rejected": "ditolak",
}


def partner_move(current: str, action: str, reason: str | None) -> tuple[str, Problems]:
    """The status ``action`` leads to from ``current``; a suspension or rejection needs a reason."""
    if action not in PARTNER_MOVES:
        raise PartnerStatusError(f"tindakan tidak dikenal {action!r}; pilih {', '.join(PARTNER_MOVES)}")
    source, target, needs_reason = PARTNER_MOVES[action]
    if current != source:
        raise PartnerStatusError(
            f"mitra berstatus {PARTNER_STATUS_NAMES.get(current, current)}; "
            f"tindakan ini hanya untuk mitra yang {PARTNER_STATUS_NAMES[source]}"
        )
    p: Problems = {}
    text = (reason or "").strip()
    if needs_reason and not text:
        p["reason"] = "alasan wajib diisi (dicatat dan ditunjukkan kepada mitra)"
    elif len(text) > 1000:
        p["reason"] = "alasan paling panjang 1000 karakter"
    return target, p


# --- invitations --------------------------------------------------------------------------------------
ORGANISATION_ROLES = {
    "employer": "employer",
    "bapas": "bapas_officer",
    "lsp": "lsp_assessor",
    "kemnaker": "kemnaker_staff",
    "admin": "admin",
    "facility": "training_staff",  # a Lapas, Rutan or LPKA invites its training staff
}
ROLE_NAMES = {
    "employer": "pemberi kerja",
    "bapas_officer": "PK Bapas",
    "lsp_assessor": "asesor/staf LSP",
    "kemnaker_staff": "staf Kemnaker",
    "admin": "admin",
    "training_staff": "staf pelatihan",
}


@dataclass(frozen=True)
class InvitationDraft:
    email: str
    name: str
    role: str
    org_id: int | None


def check_invitation(
    *, email: str, name: str, organisation: str, org_id: int | None
) -> tuple[InvitationDraft, Problems]:
    """The role follows from the organisation: an employer's users are employers, a Bapas's are PK
    officers, an LSP's are assessors/staff; Kemnaker staff and admins belong to no organisation row."""
    p: Problems = {}
    mail = (email or "").strip().lower()
    if not mail:
        p["email"] = "email wajib diisi"
    elif (problem := email_problem(mail)) is not None:
        p["email"] = problem
    role = ORGANISATION_ROLES.get(organisation, "")
    if not role:
        p["organisation"] = "organisasi harus employer, bapas, lsp, facility, kemnaker atau admin"
    elif organisation in ("employer", "bapas", "lsp", "facility") and org_id is None:
        p["organisation"] = "pilih organisasinya (pemberi kerja, Bapas, LSP atau lapas/rutan/LPKA)"
    elif organisation in ("kemnaker", "admin") and org_id is not None:
        p["organisation"] = "staf Kemnaker dan admin tidak berada di organisasi mitra"
    draft = InvitationDraft(email=mail, name=_text(p, "name", name, "nama", limit=200), role=role,
                            org_id=org_id)  # fmt: skip
    return draft, p


def nip_problem(nip: str, role: str) -> str | None:
    """A civil servant's NIP (18 digits) is kept only for Bapas officers, whose printed plans carry
    it; empty is allowed (set later)."""
    if not nip:
        return None
    if role != "bapas_officer":
        return "NIP hanya diisi untuk Pembimbing Kemasyarakatan (bapas_officer)"
    if not (len(nip) == 18 and nip.isascii() and nip.isdigit()):
        return "NIP harus 18 angka"
    return None

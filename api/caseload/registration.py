"""A Bapas officer registers a new client (issue 11: a deployment that starts empty has no other way
in than the SDP import): identity, facility, domicile, skills and history, status and programme
dates, and the person's consent, in one audited transaction; then the candidate profile is embedded
so employers' searches and the officer's matches see the person at once.

NIK and offence are entered right after on the client's page (``/klien/{id}#data-sensitif``),
where every write and read of them is audited by the privacy capability.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from api.web.auth import Principal
from api.web.errors import InvalidInput
from api.web.stores import embed_inmate_now
from models.errors import Conflict, Denied, NotFound
from models.records import Consent, Facility, NewInmate
from models.repositories.audit import AuditRepo
from models.repositories.inmates import InmateRepo
from models.repositories.places import PlacesRepo

STATUS_NAMES = {
    "detained": "tahanan (belum diputus)",
    "sentenced": "narapidana",
    "assimilation": "asimilasi",
    "parole": "pembebasan bersyarat / cuti bersyarat",
    "released": "bebas",
}
EDUCATION = ("Tidak sekolah", "SD", "SMP", "SMA/SMK", "D3", "S1")
PROGRAMME_DATES = {"asimilasi_date": "tanggal asimilasi", "pb_date": "tanggal pembebasan bersyarat",
                   "cb_date": "tanggal cuti bersyarat", "cmb_date": "tanggal cuti menjelang bebas"}  # fmt: skip


class ClientInvalid(InvalidInput):
    """Fields of the registration form that are wrong: ``errors`` maps each to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.errors = dict(errors)


class ClientTaken(Conflict):
    """The registration number is already in use (409; the form shows it next to the field)."""

    field = "external_id"


@dataclass(frozen=True)
class ClientForm:
    """What the officer typed (text, as a form sends it)."""

    external_id: str
    full_name: str
    birth_year: str
    gender: str
    facility_id: str
    domicile_regency_code: str
    education: str = ""
    skills: str = ""
    work_history: str = ""
    trainings: str = ""
    status: str = "sentenced"
    expected_release_date: str = ""
    asimilasi_date: str = ""
    pb_date: str = ""
    cb_date: str = ""
    cmb_date: str = ""
    consent: Consent = Consent()
    consent_note: str = ""


def _lines(text: str, limit: int = 30) -> tuple[str, ...]:
    return tuple(dict.fromkeys(" ".join(x.split()) for x in text.splitlines() if x.strip()))[:limit]


def _date(problems: dict[str, str], field: str, text: str, label: str) -> date | None:
    value = text.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems[field] = f"{label} harus tanggal YYYY-MM-DD, bukan {value!r}"
        return None


def check_client(
    form: ClientForm, *, today: date, facility: Facility | None
) -> tuple[NewInmate | None, dict[str, str]]:
    """Every wrong field at once, in Bahasa Indonesia (pure: ``today`` and the chosen facility come in)."""
    p: dict[str, str] = {}
    external_id = " ".join(form.external_id.split()).upper()
    if not external_id:
        p["external_id"] = "nomor registrasi (SDP) wajib diisi"
    elif len(external_id) > 100:
        p["external_id"] = "nomor registrasi paling panjang 100 karakter"
    name = " ".join(form.full_name.split())
    if not name:
        p["full_name"] = "nama lengkap wajib diisi"
    elif len(name) > 200:
        p["full_name"] = "nama lengkap paling panjang 200 karakter"
    year = form.birth_year.strip()
    birth_year = int(year) if year.isdigit() else None
    if birth_year is None or not today.year - 100 <= birth_year <= today.year - 12:
        p["birth_year"] = f"tahun lahir harus angka antara {today.year - 100} dan {today.year - 12}"
    if form.gender not in ("L", "P"):
        p["gender"] = "pilih jenis kelamin: L (laki-laki) atau P (perempuan)"
    if facility is None:
        p["facility_id"] = "pilih Lapas, Rutan atau LPKA tempat klien dibina (yang berinduk ke Bapas Anda)"
    if not form.domicile_regency_code.strip():
        p["domicile_regency_code"] = "kabupaten/kota domisili wajib dipilih"
    if form.status not in STATUS_NAMES:
        p["status"] = "status harus salah satu dari: " + ", ".join(STATUS_NAMES.values())
    release = _date(p, "expected_release_date", form.expected_release_date, "perkiraan tanggal bebas")
    if release is None and form.status in ("sentenced", "assimilation", "parole") and "expected_release_date" not in p:
        p["expected_release_date"] = "perkiraan tanggal bebas wajib diisi untuk narapidana (YYYY-MM-DD)"
    if form.status == "released" and release is not None and release > today:
        p["expected_release_date"] = "klien berstatus bebas: tanggal bebas tidak boleh sesudah hari ini"
    dates = {f: _date(p, f, getattr(form, f), label) for f, label in PROGRAMME_DATES.items()}
    for field, value in dates.items():
        if value is not None and release is not None and value > release:
            p[field] = f"{PROGRAMME_DATES[field]} ({value.isoformat()}) tidak boleh sesudah tanggal bebas"
    if form.education and form.education not in EDUCATION:
        p["education"] = "pendidikan harus salah satu dari: " + ", ".join(EDUCATION)
    if len(form.consent_note) > 1000:
        p["consent_note"] = "catatan persetujuan paling panjang 1000 karakter"
    if p:
        return None, p
    assert facility is not None and birth_year is not None
    return NewInmate(
        external_id=external_id, full_name=name, birth_year=birth_year, gender=form.gender,
        facility_code=facility.code, domicile_regency_code=form.domicile_regency_code.strip(),
        education=form.education or None, skills=_lines(form.skills), work_history=_lines(form.work_history),
        trainings=_lines(form.trainings), status=form.status, expected_release_date=release, consent=form.consent,
        **dates,
    ), {}  # fmt: skip


async def facilities_of(conn: Any, principal: Principal) -> list[Facility]:
    """The Lapas, Rutan and LPKA that report to the officer's Bapas (where its clients are held)."""
    return [f for f in await PlacesRepo(conn).list_facilities() if f.bapas_id == principal.bapas_id]


async def register_client(
    conn: Any, principal: Principal, form: ClientForm, *, today: date, encoder: Any = None, matcher: Any = None
) -> int:
    """Register one client of the officer's Bapas; returns the new person's id. A taken registration
    number is refused (``Duplicate``), nothing is stored on any mistake."""
    if principal.role != "bapas_officer" or principal.bapas_id is None:
        raise Denied("hanya PK Bapas yang mendaftarkan klien")
    chosen = form.facility_id.strip()
    facility = next((f for f in await facilities_of(conn, principal) if chosen.isdigit() and f.id == int(chosen)),
                    None)  # fmt: skip
    new, problems = check_client(form, today=today, facility=facility)
    if new is not None and new.domicile_regency_code is not None:
        try:
            regency = await PlacesRepo(conn).get_regency(new.domicile_regency_code)
        except NotFound:
            problems["domicile_regency_code"] = f"kabupaten/kota dengan kode {new.domicile_regency_code} tidak dikenal"
    if problems or new is None or facility is None:
        raise ClientInvalid(problems)
    repo = InmateRepo(conn)
    try:
        await repo.get_by_external_id(new.external_id)
    except NotFound:
        pass
    else:
        raise ClientTaken(f"nomor registrasi {new.external_id} sudah terdaftar")
    async with conn.transaction():
        inmate_id = await repo.upsert(new, facility.id, principal.bapas_id, regency.province_code)
        await repo.set_consent(inmate_id, new.consent, principal.user_id,
                               form.consent_note.strip() or "Persetujuan dicatat saat registrasi oleh PK")  # fmt: skip
        await AuditRepo(conn).add(principal.actor, "inmate.create", "inmate", inmate_id, subject_inmate_id=inmate_id,
                                  detail={"external_id": new.external_id, "facility_id": facility.id})  # fmt: skip
    if encoder is not None:
        await embed_inmate_now(conn, encoder, inmate_id, today, matcher)
    return inmate_id

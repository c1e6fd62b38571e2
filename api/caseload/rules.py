"""Caseload rules (pure, no I/O): when placement follow-ups fall due, consent in plain words, and
the printed plan's wording (no raw scores)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from matcher.explain import Explanation
from models.records import Consent

FOLLOWUP_MONTHS = (3, 6, 12)
PLACEMENT_PAST_DAYS = 2 * 366  # a placement may be recorded late, not years late
PLACEMENT_AHEAD_DAYS = 183  # an agreed job may start within about six months


def placement_start_problem(started_on: date, today: date) -> str | None:
    """Why a job cannot have started on ``started_on`` (message for the form's field), or None. The
    person's release dates are not a bound: SDP data lags (an early release, a PB not yet entered), and
    the officer who records the placement knows when the client started."""
    if started_on > today + timedelta(days=PLACEMENT_AHEAD_DAYS):
        latest = today + timedelta(days=PLACEMENT_AHEAD_DAYS)
        return f"tanggal mulai kerja paling lambat {latest.isoformat()} (enam bulan dari hari ini)"
    if started_on < today - timedelta(days=PLACEMENT_PAST_DAYS):
        earliest = today - timedelta(days=PLACEMENT_PAST_DAYS)
        return f"tanggal mulai kerja paling awal {earliest.isoformat()} (dua tahun lalu)"
    return None


def followup_due(started_on: date, month: int) -> date:
    """The day a follow-up falls due: the same day ``month`` months after the start (clamped to month end)."""
    y, m = divmod(started_on.month - 1 + month, 12)
    year, mon = started_on.year + y, m + 1
    for day in (started_on.day, 30, 29, 28):
        try:
            return date(year, mon, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def due_months(started_on: date, done: Sequence[int], today: date) -> list[tuple[int, date]]:
    """The follow-up months whose day has come and that are not recorded yet, with their day."""
    out = []
    for month in FOLLOWUP_MONTHS:
        due = followup_due(started_on, month)
        if month not in done and due <= today:
            out.append((month, due))
    return out


# --- consent in plain words ------------------------------------------------------------------
# (field, what the box says, what ticking it does, what leaving it unticked or withdrawing does)
CONSENT_CHOICES: tuple[tuple[str, str, str, str], ...] = (
    ("employer_matching", "Bersedia dicocokkan dengan pemberi kerja",
     "Pemberi kerja mitra dapat menemukan kompetensi, sertifikat, bulan tersedia dan kabupaten/kota domisili "
     "(tanpa nama dan tanpa lapas/rutan), lalu memasukkannya ke daftar pendek.",
     "Profil tidak muncul bagi pemberi kerja. Bila dicabut, lamaran yang sedang berjalan langsung ditutup; "
     "pekerjaan yang sudah diterima tetap."),
    ("reveal_name", "Nama boleh ditampilkan",
     "Pemberi kerja melihat nama lengkap dan nomor sertifikat.",
     "Pemberi kerja hanya melihat kode samaran (pseudonim)."),
    ("reveal_facility", "Lapas/Rutan boleh ditampilkan",
     "Pemberi kerja melihat nama lapas/rutan tempat ia dibina.",
     "Lapas/rutan tidak disebut, juga tidak lewat nama skema atau LSP yang menunjukkannya."),
    ("reveal_offence", "Tindak pidana boleh diungkap (tahap penawaran)",
     "Setelah pemberi kerja memberi penawaran kerja, Pembimbing Kemasyarakatan dapat mengungkap kategori "
     "tindak pidana kepada pemberi kerja itu saja; setiap pengungkapan dicatat.",
     "Tindak pidana tidak pernah diungkap kepada pemberi kerja."),
)  # fmt: skip
_STATE_WORDS = {
    "employer_matching": ("bersedia dicocokkan dengan pemberi kerja", "tidak bersedia dicocokkan"),
    "reveal_name": ("nama boleh ditampilkan", "nama tidak ditampilkan"),
    "reveal_facility": ("lapas/rutan boleh ditampilkan", "lapas/rutan tidak ditampilkan"),
    "reveal_offence": ("tindak pidana boleh diungkap pada tahap penawaran", "tindak pidana tidak diungkap"),
}
_CHANGE_WORDS = {
    "employer_matching": ("mulai bersedia dicocokkan", "mencabut kesediaan dicocokkan"),
    "reveal_name": ("mengizinkan nama ditampilkan", "mencabut izin menampilkan nama"),
    "reveal_facility": ("mengizinkan lapas/rutan ditampilkan", "mencabut izin menampilkan lapas/rutan"),
    "reveal_offence": ("mengizinkan pengungkapan tindak pidana", "mencabut izin pengungkapan tindak pidana"),
}


def consent_words(consent: Consent) -> str:
    """A consent as one plain sentence: "Bersedia dicocokkan dengan pemberi kerja; nama tidak ..."."""
    parts = [_STATE_WORDS[f][0 if getattr(consent, f) else 1] for f, *_ in CONSENT_CHOICES]
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def consent_change_words(before: Consent | None, after: Consent) -> str:
    """What changed from ``before`` to ``after`` in words ("Pertama dicatat." for the first)."""
    if before is None:
        return "Pertama dicatat."
    changes = [
        _CHANGE_WORDS[f][0 if getattr(after, f) else 1]
        for f, *_ in CONSENT_CHOICES
        if getattr(before, f) != getattr(after, f)
    ]
    if not changes:
        return "Tidak ada perubahan."
    text = "; ".join(changes) + "."
    return text[0].upper() + text[1:]


# --- the printed plan: words, never numbers -------------------------------------------------
MATCH_WORDS = {"strong": "sangat sesuai", "partial": "cukup sesuai", "weak": "kurang sesuai"}
_ITEM_WORDS = {"unit": "unit kompetensi", "scheme": "skema", "skill": "keterampilan", "experience": "pengalaman"}


def plan_lines(explanation: Explanation) -> list[str]:
    """Why a vacancy suits the client, for the printed plan: the same facts as the page's
    explanation but in words only (no score, no similarity number)."""
    lines = []
    for m in explanation.matches:
        subject = "Jabatan" if m.requirement_kind == "title" else "Persyaratan"
        if m.item is None or m.strength == "weak":
            lines.append(f"{subject} “{m.requirement}” belum terpenuhi.")
        else:
            what = _ITEM_WORDS.get(m.item_kind or "", "profil")
            lines.append(f"{subject} “{m.requirement}” {MATCH_WORDS[m.strength]} dengan {what} “{m.item}”.")
    if explanation.units_missing:
        lines.append(f"Belum memiliki unit {', '.join(explanation.units_missing)}.")
    if explanation.units_expired:
        lines.append(f"Sertifikat untuk unit {', '.join(explanation.units_expired)} perlu diperbarui.")
    if explanation.available is False:
        lines.append("Baru tersedia setelah tanggal mulai kerja.")
    return lines


# --- where a client's vacancies are searched -------------------------------------------------
SUPERVISED = ("parole", "assimilation")  # must report to the Bapas: work within its area by default


@dataclass(frozen=True)
class PlaceScope:
    """Where vacancies are searched: ``kind`` is "bapas" (the Bapas's province, the default for
    people on parole or assimilation), "province", "regency" (the officer's choice) or "all"."""

    kind: str
    status: str
    province_code: str | None = None
    regency_code: str | None = None
    name: str = ""
    bapas_name: str = ""
    code: str | None = None  # the chosen region's code (for the picker)


def place_scope(
    status: str,
    requested: str | None,
    *,
    bapas_name: str,
    bapas_province_code: str | None,
    place_names: Mapping[str, str],
) -> PlaceScope:
    """The search area for a client with ``status``: ``requested`` "semua" lifts any limit; a known
    regency or province code narrows to it; anything else (or nothing) is the default: the Bapas
    area for people on parole or assimilation (when the Bapas's province is known), else everywhere."""
    if requested == "semua":
        return PlaceScope("all", status, bapas_name=bapas_name)
    if requested and requested in place_names:
        name = place_names[requested]
        if "." in requested:
            return PlaceScope("regency", status, None, requested, name, bapas_name, requested)
        return PlaceScope("province", status, requested, None, name, bapas_name, requested)
    if status in SUPERVISED and bapas_province_code:
        name = place_names.get(bapas_province_code, bapas_province_code)
        return PlaceScope("bapas", status, bapas_province_code, None, name, bapas_name, bapas_province_code)
    return PlaceScope("all", status, bapas_name=bapas_name)

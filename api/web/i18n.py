"""UI strings: Bahasa Indonesia is the source text; English comes from a small dictionary.

Templates write ``{{ _("Lowongan") }}``; a string missing from the dictionary stays Indonesian.
The language is chosen with ``?lang=en`` (remembered in a cookie) and defaults to Indonesian.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context

LANG_COOKIE = "bk_lang"
LANGS = ("id", "en")

EN: dict[str, str] = {
    "Beranda": "Home",
    "Masuk": "Sign in",
    "Keluar": "Sign out",
    "Kata sandi": "Password",
    "Email": "Email",
    "Lowongan": "Vacancies",
    "Lowongan saya": "My vacancies",
    "Lowongan baru": "New vacancy",
    "Ubah lowongan": "Edit vacancy",
    "Simpan": "Save",
    "Batal": "Cancel",
    "Judul": "Title",
    "Deskripsi": "Description",
    "Persyaratan (satu per baris)": "Requirements (one per line)",
    "Unit kompetensi wajib": "Required competency units",
    "Cari unit (kode atau judul)": "Search units (code or title)",
    "Kabupaten/kota": "Regency/city",
    "Provinsi": "Province",
    "Tanggal mulai": "Start date",
    "Jumlah posisi": "Positions",
    "Status": "Status",
    "Kandidat": "Candidates",
    "Kandidat untuk": "Candidates for",
    "Daftar pendek": "Shortlist",
    "Masukkan daftar pendek": "Shortlist",
    "Tahap": "Stage",
    "Alasan": "Reason",
    "Pindahkan": "Move",
    "Sertifikat": "Certificates",
    "Kemiripan": "Similarity",
    "Tersedia mulai": "Available from",
    "Segera": "Now",
    "Filter": "Filter",
    "Terapkan": "Apply",
    "Bulan tersedia": "Available by month",
    "Skema": "Scheme",
    "Semua": "All",
    "Sebelumnya": "Previous",
    "Berikutnya": "Next",
    "Klien": "Clients",
    "Klien saya": "My clients",
    "Bebas dalam 6 bulan": "Released within 6 months",
    "Profil klien": "Client profile",
    "Persetujuan": "Consent",
    "Lowongan terbaik": "Best vacancies",
    "Analisis kesenjangan": "Gap analysis",
    "Rencana reintegrasi": "Reintegration plan",
    "Cetak": "Print",
    "Penempatan": "Placements",
    "Catat penempatan": "Record placement",
    "Tindak lanjut": "Follow-up",
    "Dasbor": "Dashboard",
    "Pengguna": "Users",
    "Kunci API": "API keys",
    "Log audit": "Audit log",
    "Sertifikasi": "Certification",
    "Cek sertifikat": "Verify a certificate",
    "Dokumentasi API": "API documentation",
    "Keahlian": "Skills",
    "Riwayat kerja": "Work history",
    "Pelatihan": "Trainings",
    "Pendidikan": "Education",
    "Perkiraan bebas": "Expected release",
    "Nama": "Name",
    "Peran": "Role",
    "Tambah": "Add",
    "Cabut": "Revoke",
    "Cari": "Search",
    "Unduh CSV": "Download CSV",
    "Belum ada data.": "No data yet.",
    "Bahasa": "Language",
}


def translate(text: str, lang: str) -> str:
    return EN.get(text, text) if lang == "en" else text


@pass_context
def translator(ctx: Any, text: str) -> str:
    request = ctx.get("request")
    lang = getattr(getattr(request, "state", None), "lang", "id") if request is not None else "id"
    return translate(text, lang)

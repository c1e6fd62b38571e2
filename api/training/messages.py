"""What the training pages and API say when input or a rule is refused: one message per code,
Bahasa Indonesia first and English for ``?lang=en``, each naming the field it is about."""

from __future__ import annotations

from typing import Any

FORM = "_form"  # an error about the whole form, shown above it

MESSAGES: dict[str, tuple[str, str]] = {
    "title_required": (
        "Judul program wajib diisi (3–200 karakter).",
        "The programme title is required (3–200 characters).",
    ),
    "title_names_facility": (
        "Judul program tidak boleh menyebut lapas, rutan, LPKA, Bapas atau nama UPT: judul ikut tampil kepada "
        "pemberi kerja di daftar pelatihan warga binaan.",
        "The programme title must not name a prison, detention centre, juvenile facility, Bapas or any facility: "
        "employers see it among the person's trainings.",
    ),
    "title_taken": (
        "Program dengan judul dan penyelenggara ini sudah ada.",
        "A programme with this title and provider already exists.",
    ),
    "provider_kind_invalid": (
        "Jenis penyelenggara harus BLK, BPVP, LPK atau bengkel kerja lapas.",
        "The provider kind must be BLK, BPVP, LPK or a prison workshop.",
    ),
    "provider_name_required": ("Nama penyelenggara wajib diisi.", "The provider name is required."),
    "scheme_unknown": (
        "Skema sertifikasi tidak dikenal; pilih dari daftar.",
        "Unknown certification scheme; pick one from the list.",
    ),
    "units_unknown": (
        "Ada kode unit kompetensi yang tidak terdaftar di katalog.",
        "Some competency unit codes are not in the catalogue.",
    ),
    "hours_invalid": (
        "Jumlah jam pelatihan harus angka 1 sampai 2000.",
        "Training hours must be a number from 1 to 2000.",
    ),
    "description_too_long": ("Deskripsi paling panjang 2000 karakter.", "The description is at most 2000 characters."),
    "programme_required": ("Pilih program pelatihan.", "Choose a training programme."),
    "starts_on_invalid": ("Tanggal mulai harus berformat YYYY-MM-DD.", "The start date must be YYYY-MM-DD."),
    "starts_on_past": (
        "Tanggal mulai kelas tidak boleh lebih dari 30 hari sebelum hari ini.",
        "The class cannot start more than 30 days before today.",
    ),
    "ends_on_invalid": ("Tanggal selesai harus berformat YYYY-MM-DD.", "The end date must be YYYY-MM-DD."),
    "ends_before_start": (
        "Tanggal selesai tidak boleh sebelum tanggal mulai.",
        "The end date cannot be before the start date.",
    ),
    "ends_too_late": ("Kelas paling lama 365 hari.", "A class lasts at most 365 days."),
    "seats_invalid": ("Jumlah kursi harus angka 1 sampai 500.", "Seats must be a number from 1 to 500."),
    "instructor_required": (
        "Nama instruktur wajib diisi (2–200 karakter).",
        "The instructor's name is required (2–200 characters).",
    ),
    "class_taken": (
        "Kelas program ini di UPT ini dengan tanggal mulai yang sama sudah ada.",
        "A class of this programme at this facility starting that day already exists.",
    ),
    "no_facility": (
        "Akun Anda belum terhubung dengan lapas/rutan/LPKA; hubungi admin.",
        "Your account is not linked to a facility yet; ask an administrator.",
    ),
    "person_required": (
        "Pilih warga binaan, atau isi pseudonim (WB-…) atau nomor registrasinya.",
        "Pick a person, or enter their pseudonym (WB-…) or registration number.",
    ),
    "person_not_here": (
        "Warga binaan ini tidak ditemukan di UPT kelas ini (atau bukan klien Bapas Anda).",
        "This person was not found at the class's facility (or is not a client of your Bapas).",
    ),
    "already_enrolled": (
        "Warga binaan ini sudah terdaftar di kelas ini.",
        "This person is already enrolled in this class.",
    ),
    "class_full": (
        "Kelas penuh: semua {seats} kursi sudah terisi. Pilih kelas lain atau tambah kursi.",
        "The class is full: all {seats} seats are taken. Choose another class.",
    ),
    "class_closed": (
        "Kelas ini sudah selesai atau dibatalkan; pendaftaran dan presensi ditutup.",
        "This class is finished or cancelled; enrolment and attendance are closed.",
    ),
    "session_invalid": ("Tanggal sesi harus berformat YYYY-MM-DD.", "The session date must be YYYY-MM-DD."),
    "session_outside": (
        "Tanggal sesi harus di antara tanggal mulai dan selesai kelas, dan tidak setelah hari ini.",
        "The session date must be within the class dates and not after today.",
    ),
    "nobody_enrolled": ("Belum ada peserta untuk dicatat presensinya.", "There is nobody enrolled to record."),
    "not_open": (
        "Peserta ini sudah selesai atau keluar; kelulusan tidak dapat dicatat lagi.",
        "This participant has already completed or dropped out.",
    ),
    "no_attendance": (
        "Catat presensi minimal satu sesi (hadir) sebelum menandai peserta lulus.",
        "Record attendance (present) for at least one session before marking completion.",
    ),
    "invalid": ("Isian tidak valid.", "Invalid input."),
}

NOTICES: dict[str, tuple[str, str]] = {
    "program": ("Program pelatihan disimpan.", "The training programme was saved."),
    "kelas": ("Kelas dibuka.", "The class was opened."),
    "daftar": ("Peserta didaftarkan ke kelas.", "The participant was enrolled."),
    "presensi": ("Presensi sesi dicatat.", "The session's attendance was recorded."),
    "lulus": (
        "Peserta ditandai lulus. Judul program ditambahkan ke pelatihan warga binaan.",
        "The participant was marked as completed; the programme title was added to their trainings.",
    ),
}


def message(code: str, lang: str = "id", **params: Any) -> str:
    text_id, text_en = MESSAGES.get(code, MESSAGES["invalid"])
    text = text_en if lang == "en" else text_id
    return text.format(**params) if params else text


def notice(code: str | None, lang: str = "id") -> str | None:
    if code is None or code not in NOTICES:
        return None
    text_id, text_en = NOTICES[code]
    return text_en if lang == "en" else text_id

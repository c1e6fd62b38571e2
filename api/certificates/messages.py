"""What the assessor and enrolment pages say when input or a rule is refused: one message per
error code, Bahasa Indonesia first and English for ``?lang=en``, and the form field it belongs
next to. Domain errors (certification.errors) are read by class and field, never by HTTP status.
"""

from __future__ import annotations

from collections.abc import Sequence

from certification import errors as cert

FORM = "_form"  # an error about the whole form, shown above it

MESSAGES: dict[str, tuple[str, str]] = {
    "result_required": ("Pilih K atau BK untuk unit ini.", "Choose K or BK for this unit."),
    "result_invalid": ("Hasil harus K atau BK.", "The result must be K or BK."),
    "date_invalid": ("Isi tanggal asesmen yang valid.", "Enter a valid assessment date."),
    "future_date": ("Tanggal asesmen tidak boleh setelah hari ini.", "The assessment date cannot be in the future."),
    "assessor_inactive": (
        "Registrasi asesor Anda tidak berlaku pada tanggal asesmen ini.",
        "Your assessor registration is not valid on this assessment date.",
    ),
    "assessor_not_in_lsp": (
        "Registrasi asesor Anda tidak terdaftar pada LSP pemilik skema ini.",
        "Your assessor registration is not with the LSP that runs this scheme.",
    ),
    "no_assessor": (
        "Akun ini belum terhubung dengan nomor registrasi asesor; hubungi admin.",
        "This account has no assessor registration number yet; ask an administrator.",
    ),
    "tuk_not_in_lsp": ("TUK ini bukan milik LSP Anda.", "This test site (TUK) does not belong to your LSP."),
    "tuk_invalid": ("Pilih TUK dari daftar.", "Choose a test site (TUK) from the list."),
    "unit_already_competent": (
        "Unit ini sudah K; hanya unit BK atau yang belum dinilai yang dapat dinilai ulang.",
        "This unit is already K; only BK or unassessed units can be reassessed.",
    ),
    "unit_not_in_scheme": ("Unit ini bukan bagian dari skema.", "This unit is not part of the scheme."),
    "duplicate_unit": ("Unit ini tercantum dua kali.", "This unit appears twice."),
    "nothing_to_assess": (
        "Semua unit sudah K; tidak ada unit yang perlu dinilai.",
        "Every unit is already K; there is nothing to assess.",
    ),
    "incomplete_assessment": (
        "Belum semua unit Kompeten (K): sertifikat belum dapat diterbitkan.",
        "Not every unit is Competent (K) yet: the certificate cannot be issued.",
    ),
    "active_certificate_exists": (
        "Asesi sudah memiliki sertifikat yang berlaku untuk skema ini.",
        "This person already holds a certificate in force for this scheme.",
    ),
    "licence_lapsed": (
        "Lisensi BNSP LSP Anda telah berakhir; sertifikat tidak dapat diterbitkan.",
        "Your LSP's BNSP licence has lapsed; no certificate can be issued.",
    ),
    "invalid_transition": (
        "Perubahan status ini tidak diizinkan dari status sertifikat saat ini.",
        "This status change is not allowed from the certificate's current status.",
    ),
    "reason_required": ("Alasan wajib diisi, minimal 3 karakter.", "A reason is required (at least 3 characters)."),
    "reason_too_long": ("Alasan paling banyak 1000 karakter.", "The reason is at most 1000 characters."),
    "until_invalid": ("Isi tanggal yang valid.", "Enter a valid date."),
    "until_not_future": (
        "Tanggal akhir pembekuan harus setelah hari ini.",
        "The end of the suspension must be after today.",
    ),
    "until_after_expiry": (
        "Tanggal akhir pembekuan melewati masa berlaku sertifikat.",
        "The end of the suspension is after the certificate expires.",
    ),
    "renewal_kind": ("Pilih jenis pembaruan.", "Choose the kind of renewal."),
    "confirm_number": (
        "Ketik nomor sertifikat persis seperti tertulis untuk mengonfirmasi pencabutan.",
        "Type the certificate number exactly as shown to confirm the revocation.",
    ),
    "person_required": (
        "Isi pseudonim (WB-…) atau nomor registrasi warga binaan.",
        "Enter the person's pseudonym (WB-…) or registration number.",
    ),
    "person_not_found": (
        "Tidak ditemukan di antara asesi LSP Anda. Periksa pseudonim atau nomor registrasi, atau minta "
        "petugas Bapas mendaftarkan warga binaan ini ke LSP Anda.",
        "Not found among your LSP's candidates. Check the pseudonym or registration number, or ask the "
        "Bapas officer to enrol this person with your LSP.",
    ),
    "client_not_found": (
        "Tidak ditemukan di antara klien Bapas Anda. Periksa pseudonim atau nomor registrasi.",
        "Not found among your Bapas' clients. Check the pseudonym or registration number.",
    ),
    "lsp_required": ("Pilih LSP.", "Choose an LSP."),
    "lsp_home_facility": (
        "LSP P1 ini hanya melayani warga binaan di lapasnya sendiri.",
        "This first-party LSP serves only the people of its own facility.",
    ),
    "already_enrolled": (
        "Warga binaan ini sudah terdaftar pada LSP tersebut.",
        "This person is already enrolled with that LSP.",
    ),
    "invalid": ("Isian tidak valid.", "Invalid input."),
    "claim_code_required": (
        "Kode klaim wajib diisi: 12 huruf/angka yang tercetak di sertifikat pemegang.",
        "Enter the claim code: the 12 letters/digits printed on the holder's certificate.",
    ),
    "claim_code_unknown": (
        "Kode klaim tidak dikenal, bukan sertifikat LSP Anda, atau sertifikatnya sudah dicabut/diperbarui.",
        "Unknown claim code, not your LSP's certificate, or the certificate was revoked or already renewed.",
    ),
}


# Success notices after a redirect (``?ok=<code>``): what just happened, in words.
NOTICES: dict[str, tuple[str, str]] = {
    "terbit": (
        "Sertifikat berhasil diterbitkan dan ditandatangani secara digital. Unduh PDF untuk pemegang "
        "atau Verifiable Credential untuk dompet digital di bawah ini.",
        "The certificate was issued and digitally signed. Download the PDF for the holder or the "
        "Verifiable Credential for a digital wallet below.",
    ),
    "bekukan": ("Sertifikat dibekukan.", "The certificate was suspended."),
    "pulihkan": ("Pembekuan diakhiri; sertifikat berlaku kembali.", "The suspension was lifted."),
    "perbarui": (
        "Sertifikat pembaruan diterbitkan; sertifikat lama tercatat sebagai diperbarui.",
        "The renewal certificate was issued; the old one is recorded as renewed.",
    ),
    "cabut": ("Sertifikat dicabut. Pencabutan bersifat final.", "The certificate was revoked. This is final."),
    "asesmen_pembaruan": (
        "Asesmen pembaruan dicatat. Terbitkan sertifikat pembaruan dengan formulir Perbarui di bawah.",
        "The renewal assessment was recorded. Issue the renewal certificate with the Renew form below.",
    ),
    "daftar": ("Warga binaan didaftarkan ke LSP.", "The person was enrolled with the LSP."),
    "batal": ("Pendaftaran diakhiri.", "The enrolment was ended."),
}


def notice(code: str | None, lang: str = "id") -> str | None:
    if code is None or code not in NOTICES:
        return None
    text_id, text_en = NOTICES[code]
    return text_en if lang == "en" else text_id


def message(code: str, lang: str = "id") -> str:
    text_id, text_en = MESSAGES.get(code, MESSAGES["invalid"])
    return text_en if lang == "en" else text_id


def _invalid_input_code(exc: cert.CertificationError) -> str:
    """Codes for the generic InvalidInput by its field (the rules name the field, not a code)."""
    field, text = exc.field or "", exc.message
    if field == "reason":
        return "reason_too_long" if "longer" in text else "reason_required"
    if field == "until":
        return "until_after_expiry" if "expires" in text else "until_not_future"
    if field == "kind":
        return "renewal_kind"
    if field.endswith(".result"):
        return "result_invalid"
    return "invalid"


def code_of(exc: cert.CertificationError) -> str:
    """The message code of a domain error: its class name in snake case (``FutureDate`` ->
    ``future_date``), the generic ``InvalidInput`` by field."""
    if type(exc) is cert.InvalidInput:
        return _invalid_input_code(exc)
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in type(exc).__name__).lstrip("_")


def field_of(exc: cert.CertificationError, unit_codes: Sequence[str] = ()) -> str:
    """The form field a domain error belongs next to. ``results[i]...`` points at the i-th unit
    sent (``unit_codes``, in the order they were sent) and becomes ``result:<code>``."""
    field = exc.field or ""
    if field.startswith("results[") and "]" in field:
        index = field[len("results[") : field.index("]")]
        if index.isdigit() and int(index) < len(unit_codes):
            return f"result:{unit_codes[int(index)]}"
    if field in ("assessed_on", "tuk_id", "reason", "until", "kind"):
        return field
    return FORM


def describe(exc: cert.CertificationError, lang: str, unit_codes: Sequence[str] = ()) -> tuple[str, str]:
    """(field, message) of a domain error for a form."""
    return field_of(exc, unit_codes), message(code_of(exc), lang)

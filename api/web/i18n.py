"""UI strings: Bahasa Indonesia is the source text; English comes from a small dictionary.

Templates write ``{{ _("Lowongan") }}``; a string missing from the dictionary stays Indonesian.
The language is chosen with ``?lang=en`` (remembered in a cookie) and defaults to Indonesian.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import date
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
    "Daftar mitra": "Partner registration",
    "Lewati ke isi": "Skip to content",
    "Menu": "Menu",
    "Nomor sertifikat": "Certificate number",
    "Organisasi saya": "My organisation",
    "Periksa": "Check",
    "Periksa sertifikat kompetensi": "Check a competency certificate",
    "Skor": "Score",
    "Alasan ekspor": "Reason for export",
    "Catat keberatan": "Record objection",
    "Ekspor dan penghapusan data": "Data export and erasure",
    "Hapus / anonimkan data klien": "Erase / anonymise client data",
    "Keberatan atas peringkat otomatis": "Objection to automated ranking",
    "Keberatan klien": "Client objections",
    "Lowongan (opsional)": "Vacancy (optional)",
    "Pendaftaran sertifikasi": "Certification registration",
    "Pengungkapan": "Disclosure",
    "Privasi dan data pribadi": "Privacy and personal data",
    "Unduh semua data (JSON)": "Download all data (JSON)",
    "Ungkap tindak pidana kepada pemberi kerja": "Disclose the offence to the employer",
    "Asesi": "Candidates for assessment",
    "Cari asesi": "Search candidates for assessment",
    "Catat asesmen": "Record assessment",
    "Daftar asesi": "Candidates for assessment",
    "Nama, nomor registrasi, atau WB-…": "Name, registration number or WB-…",
    "Nama, nomor registrasi, atau pseudonim": "Name, registration number or pseudonym",
    "No. registrasi": "Registration no.",
    "Pseudonim": "Pseudonym",
    "Semua asesi": "All candidates for assessment",
    "Sertifikat terbaru": "Latest certificates",
    "Terbit": "Issued",
    "Terdaftar": "Registered",
    "Warga binaan yang terdaftar pada LSP Anda. Warga binaan lain tidak dapat diases; minta petugas Bapas mendaftarkannya.": "Inmates registered with your LSP. Others cannot be assessed; ask a Bapas officer to register them.",  # noqa: E501
    "asesi": "candidates",
    "Berkas CSV (UTF-8)": "CSV file (UTF-8)",
    "Cari (kode atau judul)": "Search (code or title)",
    "Impor": "Import",
    "Impor CSV": "Import CSV",
    "Jenis": "Type",
    "Katalog": "Catalogue",
    "Katalog unit kompetensi dan skema": "Catalogue of competency units and schemes",
    "Mitra": "Partners",
    "Skema baru": "New scheme",
    "Skema sertifikasi": "Certification schemes",
    "Ubah": "Edit",
    "Unit baru": "New unit",
    "Unit kompetensi": "Competency units",
    "Organisasi": "Organisations",
    "Cari klien": "Search clients",
    "Dalam %s hari": "Within %s days",
    "Sudah lewat": "Already past",
    "sudah lewat": "already past",
    "Bersedia dicocokkan": "Agrees to matching",
    "ya": "yes",
    "tidak": "no",
    "Hapus filter": "Clear filters",
    "Ditemukan": "Found",
    "klien": "clients",
    "diurutkan menurut perkiraan bebas terdekat": "sorted by nearest expected release",
    "bulan": "months",
    "Tindak lanjut berikutnya": "Next follow-up",
    "mulai": "from",
    "Semua tindak lanjut sudah dicatat.": "All follow-ups are recorded.",
    "tahanan": "detainee",
    "narapidana": "sentenced",
    "asimilasi": "assimilation",
    "pembebasan bersyarat": "parole",
    "bebas": "released",
    "aktif": "active",
    "dibekukan": "suspended",
    "dicabut": "revoked",
    "diperbarui": "renewed",
    "kedaluwarsa": "expired",
    "dibuka": "open",
    "ditutup": "closed",
    "draf": "draft",
    "daftar pendek": "shortlisted",
    "wawancara": "interview",
    "penawaran": "offer",
    "diterima": "hired",
    "ditolak": "rejected",
    "ditarik": "withdrawn",
    "mengundurkan diri": "candidate withdrew",
    "masih bekerja": "still employed",
    "Pemberi kerja": "Employer",
    "Jabatan": "Position",
    "Mulai kerja": "Job start",
    "tanggal mulai kerja harus berformat YYYY-MM-DD": "the job start date must be YYYY-MM-DD",
    "jabatan wajib diisi": "the position is required",
    "pemberi kerja tidak dikenal": "unknown employer",
    "catatan paling banyak 2000 karakter": "the note may have at most 2000 characters",
    "bulan tindak lanjut harus 3, 6 atau 12": "the follow-up month must be 3, 6 or 12",
    "alamat email tidak valid": "invalid email address",
    "Konfirmasi": "Confirm",
    "Cabut kunci API": "Revoke API key",
    "Nonaktifkan pengguna": "Deactivate user",
    "Program yang memakai kunci ini langsung ditolak (401). Pencabutan tidak dapat dibatalkan; buat kunci baru bila masih diperlukan.": "Programs using this key are refused at once (401). Revoking cannot be undone; issue a new key if one is still needed.",  # noqa: E501
    "Ya, cabut kunci": "Yes, revoke the key",
    "Pengguna ini tidak dapat masuk lagi dan sesi yang sedang berjalan berakhir; kunci API-nya ikut ditolak. Data dan log audit tetap. Akun dapat diaktifkan kembali.": "This user can no longer sign in and open sessions end; their API keys are refused too. Data and the audit log stay. The account can be activated again.",  # noqa: E501
    "kunci API aktif": "active API keys",
    "admin tidak dapat menonaktifkan akunnya sendiri": "an admin cannot deactivate their own account",
    "Ya, nonaktifkan": "Yes, deactivate",
    "nonaktifkan": "deactivate",
    "aktifkan": "activate",
    "Lingkup: tidak dipakai peran ini": "Scope: not used by this role",
    "Lingkup": "Scope",
    "pemberi kerja untuk employer, Bapas untuk bapas_officer, LSP untuk lsp_assessor, lapas/rutan/LPKA untuk training_staff": "employer for employers, Bapas for officers, LSP for assessors, prison for training staff",  # noqa: E501
    "18 angka; dicetak pada rencana reintegrasi": "18 digits; printed on the reintegration plan",
    "Id warga binaan": "Inmate id",
    "Aksi": "Action",
    "Sejak": "Since",
    "Waktu": "Time",
    "Objek": "Object",
    "Warga binaan": "Inmate",
    "NIP harus 18 angka": "the NIP must be 18 digits",
    "NIP hanya diisi untuk Pembimbing Kemasyarakatan (bapas_officer)": "a NIP is only for probation officers (bapas_officer)",  # noqa: E501
    "Filter dasbor": "Dashboard filters",
    "Periode": "Period",
    "Semua waktu": "All time",
    "%s bulan terakhir": "last %s months",
    "Lapas/Rutan": "Prison",
    "Angka di bawah mengikuti filter. Lowongan hanya mengikuti periode dan provinsi.": "The figures below follow the filters. Vacancies follow only the period and province.",  # noqa: E501
    "Unduh CSV (sesuai filter)": "Download CSV (as filtered)",
    "periode harus 3, 6, 12 atau 24 bulan": "the period must be 3, 6, 12 or 24 months",
    "provinsi tidak dikenal": "unknown province",
    "lapas/rutan tidak dikenal": "unknown prison",
    "skema tidak dikenal": "unknown scheme",
    "Bersedia dicocokkan dengan pemberi kerja": "Agrees to be matched with employers",
    "Pemberi kerja mitra dapat menemukan kompetensi, sertifikat, bulan tersedia dan kabupaten/kota domisili (tanpa nama dan tanpa lapas/rutan), lalu memasukkannya ke daftar pendek.": "Partner employers can find the person's competencies, certificates, month of availability and home regency (without name or prison) and shortlist them.",  # noqa: E501
    "Profil tidak muncul bagi pemberi kerja. Bila dicabut, lamaran yang sedang berjalan langsung ditutup; pekerjaan yang sudah diterima tetap.": "Employers do not see the profile. When withdrawn, open applications are closed at once; a job already accepted stays.",  # noqa: E501
    "Nama boleh ditampilkan": "Name may be shown",
    "Pemberi kerja melihat nama lengkap dan nomor sertifikat.": "Employers see the full name and certificate numbers.",  # noqa: E501
    "Pemberi kerja hanya melihat kode samaran (pseudonim).": "Employers see only a pseudonym.",
    "Lapas/Rutan boleh ditampilkan": "Prison may be shown",
    "Pemberi kerja melihat nama lapas/rutan tempat ia dibina.": "Employers see the name of the prison.",
    "Lapas/rutan tidak disebut, juga tidak lewat nama skema atau LSP yang menunjukkannya.": "The prison is not named, not even through a scheme or LSP name that would reveal it.",  # noqa: E501
    "Tindak pidana boleh diungkap (tahap penawaran)": "Offence may be disclosed (offer stage)",
    "Setelah pemberi kerja memberi penawaran kerja, Pembimbing Kemasyarakatan dapat mengungkap kategori tindak pidana kepada pemberi kerja itu saja; setiap pengungkapan dicatat.": "After an employer makes a job offer, the probation officer may disclose the offence category to that employer only; every disclosure is logged.",  # noqa: E501
    "Tindak pidana tidak pernah diungkap kepada pemberi kerja.": "The offence is never disclosed to employers.",  # noqa: E501
    "Tugas saya": "My tasks",
    "Tidak ada tugas saat ini.": "No tasks right now.",
    "Tindak lanjut jatuh tempo": "Follow-ups due",
    "tindak lanjut": "follow-up",
    "jatuh tempo": "due",
    "Bebas dalam 90 hari, belum ada rencana": "Released within 90 days, no plan yet",
    "perkiraan bebas": "expected release",
    "susun rencana reintegrasi": "draw up the reintegration plan",
    "Kegiatan pemberi kerja (14 hari terakhir)": "Employer activity (last 14 days)",
    "Persetujuan sekarang": "Current consent",
    "Centang hanya yang sudah disetujui klien setelah dijelaskan. Persetujuan dapat diubah atau dicabut kapan saja; setiap perubahan dicatat.": "Tick only what the client agreed to after it was explained. Consent can be changed or withdrawn at any time; every change is recorded.",  # noqa: E501
    "Jika dicentang": "If ticked",
    "Jika tidak dicentang atau dicabut": "If not ticked or withdrawn",
    "Riwayat persetujuan": "Consent history",
    "Sejak itu": "From then on",
    "catatan": "note",
    "catatan paling banyak 1000 karakter": "the note may have at most 1000 characters",
    "Riwayat & catatan": "History & notes",
    "Lamaran": "Application",
    "Tahap sekarang": "Current stage",
    "Pindahkan tahap": "Move stage",
    "Tahap baru": "New stage",
    "wajib untuk ditolak dan untuk kembali ke tahap sebelumnya": "required to reject and to move back a stage",
    "Riwayat tahap": "Stage history",
    "sistem": "system",
    "Catatan": "Notes",
    "pengguna dihapus": "deleted user",
    "Belum ada catatan.": "No notes yet.",
    "Catatan baru": "New note",
    "Simpan catatan": "Save note",
    "catatan wajib diisi": "the note is required",
    "penolakan memerlukan alasan": "a rejection needs a reason",
    "kembali ke tahap sebelumnya memerlukan alasan": "moving back a stage needs a reason",
    "Alasan / sumber data": "Reason / data source",
    "Kategori tindak pidana": "Offence category",
    "NIK dan tindak pidana": "NIK and offence",
    "Simpan NIK dan tindak pidana": "Save NIK and offence",
    "Tindak pidana": "Offence",
    "Unduh PDF": "Download PDF",
    "Unduh VC": "Download VC",
    "Uraian tindak pidana": "Offence description",
    "Periksa isian yang ditandai di bawah.": "Check the marked fields below.",
    "tanggal mulai tidak boleh sebelum hari ini": "the start date cannot be before today",
    "tanggal mulai harus berformat YYYY-MM-DD": "the start date must be YYYY-MM-DD",
    "judul lowongan wajib diisi": "the vacancy title is required",
    "jumlah posisi harus angka": "positions must be a number",
    "jumlah posisi harus 1 sampai 1000": "positions must be 1 to 1000",
    "dimasukkan ke daftar pendek.": "added to the shortlist.",
    "Lihat daftar pendek": "View shortlist",
    "sudah dalam daftar pendek": "already on the shortlist",
    "sertifikat": "certificates",
    "unit wajib": "required units",
    "Rincian": "Details",
    "Unit wajib dimiliki": "Required units held",
    "tidak ada": "none",
    "belum": "not yet",
    "diterbitkan oleh": "issued by",
    "berlaku s.d.": "valid until",
    "Belum memiliki sertifikat kompetensi.": "No competency certificate yet.",
    "Lihat di daftar pendek": "See it on the shortlist",
    "Belum ada kandidat yang cocok.": "No matching candidates yet.",
    "Hanya warga binaan yang memberi persetujuan dan tersedia sebelum tanggal mulai": "Only people who consented and are available before the start date",  # noqa: E501
    "kandidat": "candidates",
    "lebih dari": "more than",
    "Tindak pidana (diungkap Bapas)": "Offence (disclosed by Bapas)",
    "Dasbor nasional": "National dashboard",
    "warga binaan": "inmates",
    "sertifikat aktif": "active certificates",
    "lowongan terbuka": "open vacancies",
    "penempatan": "placements",
    "mitra pemberi kerja": "employer partners",
    "Tingkat penempatan = orang yang pernah ditempatkan / orang yang sudah dapat bekerja (bebas, PB, asimilasi).": "Placement rate = people ever placed / people able to work (released, parole, assimilation).",  # noqa: E501
    "Tabel": "Table",
    "Sertifikat aktif per skema": "Active certificates by scheme",
    "Sertifikat aktif per provinsi domisili": "Active certificates by province of residence",
    "Lowongan baru per bulan": "New vacancies per month",
    "Penempatan kerja per bulan (mulai bekerja)": "Placements per month (job start)",
    "Tingkat penempatan per lapas/rutan": "Placement rate by prison",
    "Tingkat penempatan per skema": "Placement rate by scheme",
    "binakerja — sertifikasi kompetensi dan penempatan kerja warga binaan.": "binakerja — competency certification and job placement for people in prison.",  # noqa: E501
    # first run (api/partners/first_run.py)
    "Buat admin pertama": "Create the first admin",
    'Instans ini belum mempunyai admin. Token penyiapan dicetak di log server saat layanan mulai (baris "first run"); hanya yang dapat membaca log itu yang dapat membuat admin pertama. Form ini hanya dapat dipakai sekali.': 'This instance has no admin yet. A setup token was printed in the server log when the service started (the "first run" line); only someone who can read that log can create the first admin. This form works once.',  # noqa: E501
    "Token penyiapan": "Setup token",
    "minimal 10 karakter": "at least 10 characters",
    "Ulangi kata sandi": "Repeat password",
    "Admin pertama dibuat. Masuk dengan email dan kata sandinya.": "First admin created. Sign in with its email and password.",  # noqa: E501
    "Belum ada admin.": "There is no admin yet.",
    # ranking weights learned from outcomes (api/stats/learning.py)
    "Bobot peringkat": "Ranking weights",
    "Dipakai: bobot hasil belajar dari hasil rekrutmen": "In use: weights learned from hiring outcomes",
    "Dipakai: bobot bawaan yang terdokumentasi (belum ada bobot hasil belajar yang diadopsi).": "In use: the documented default weights (no learned weights adopted yet).",  # noqa: E501
    "Hasil yang pernah ditampilkan": "Results shown so far",
    "dalam": "in",
    "daftar": "lists",
    "Fitur": "Feature",
    "Bobot dipakai": "Weight in use",
    "Bobot bawaan": "Default weight",
    "Bobot baru hanya diadopsi bila mengalahkan bobot yang dipakai pada lowongan yang disisihkan (validasi silang per lowongan, koreksi bias posisi dengan propensitas terbalik).": "New weights are adopted only when they beat the weights in use on held-out vacancies (cross-validation by vacancy, position bias corrected by inverse propensity).",  # noqa: E501
    "Riwayat pelatihan bobot": "Weight fitting history",
    "Belum pernah dijalankan (binakerja learn-weights).": "Never run yet (binakerja learn-weights).",
    "diadopsi": "adopted",
    "tidak diadopsi": "not adopted",
    "Hasil ditampilkan": "Results shown",
    "daftar dengan hasil rekrutmen": "lists with a hiring outcome",
    "model propensitas": "propensity model",
    "Lipatan": "Fold",
    "Daftar uji": "Held-out lists",
    "AUC bobot lama": "AUC current weights",
    "AUC bobot baru": "AUC new weights",
    "NDCG@10 lama": "NDCG@10 current",
    "NDCG@10 baru": "NDCG@10 new",
    "Bobot sebelumnya": "Previous weight",
    "Bobot hasil belajar": "Learned weight",
    # gap advice (matcher/gaps.py, clients/_gaps.html)
    "Unit yang belum dimiliki": "Units not held yet",
    "sesuai keahlian dan lowongan sasaran": "fits the person's trade and target vacancies",
    "Lowongan ini sudah diubah orang lain sejak Anda membukanya. Isian Anda tetap di bawah: simpan lagi untuk "
    "menimpa perubahan itu, atau muat ulang halaman untuk melihatnya.": (
        "Someone else changed this vacancy since you opened it. Your input is kept below: save again to "
        "overwrite that change, or reload the page to see it."
    ),
    "sertifikasi keahlian sendiri, belum dimiliki": "certification in the person's own trade, not held yet",
    "menutup": "covers",
    "melengkapi lowongan": "completes the vacancies",
    "Tidak ada kesenjangan unit untuk lowongan teratas.": "No unit gaps for the top vacancies.",
    # where a client's vacancies are searched (api/caseload/rules.py place_scope)
    "Klien sedang menjalani": "The client is on",
    "dan wajib lapor ke": "and must report to",
    "lowongan dibatasi ke wilayah Bapas": "vacancies are limited to the Bapas area",
    "Lowongan di": "Vacancies in",
    "Batas wilayah Bapas dilepas: lowongan di semua wilayah.": "Bapas area limit lifted: vacancies everywhere.",
    "Wilayah": "Area",
    "Bawaan": "Default",
    "domisili": "home",
    "Semua wilayah": "All areas",
    # the holder's pages, share links and the facility-free proof (api/certificates/holder_pages.py)
    "Bagikan ke pemberi kerja": "Share with an employer",
    "Belum ada tautan berbagi.": "No share links yet.",
    "Belum ada yang memeriksa sertifikat ini.": "Nobody has checked this certificate yet.",
    "Berakhir": "Ends",
    "Berlaku sampai": "Valid until",
    "Berlaku selama": "Valid for",
    "Buat kode QR untuk dompet": "Make a QR code for a wallet",
    "Buat tautan berbagi": "Make a share link",
    "Buka sertifikat": "Open certificate",
    "Bukti ini diterbitkan oleh registri binakerja dari sertifikat LSP asli dan menyebut hanya unit, masa berlaku, dan lisensi BNSP penerbitnya.": "This proof is issued by the binakerja registry from the original LSP certificate and names only the units, the validity and the issuer's BNSP licence.",  # noqa: E501
    "Bukti kompetensi (dibagikan oleh pemegang)": "Proof of competence (shared by the holder)",
    "Bukti kompetensi ini tidak dikenal.": "This proof of competence is not known.",
    "Bukti kompetensi tanpa nama fasilitas": "Proof of competence without the facility's name",
    "Bukti kompetensi yang dibagikan": "Shared proof of competence",
    "Coba lagi dalam": "Try again in",
    "Dibuat": "Created",
    "Dibuka lewat tautan": "Opened by link",
    "Diperiksa oleh orang lain (30 hari terakhir)": "Checked by others (last 30 days)",
    "File VC (Verifiable Credential, Open Badges 3.0) dapat diimpor ke dompet digital seperti Learner Credential Wallet; pemberi kerja dapat memeriksanya tanpa menghubungi LSP.": "The VC file (Verifiable Credential, Open Badges 3.0) can be imported into a digital wallet such as the Learner Credential Wallet; employers can check it without contacting the LSP.",  # noqa: E501
    "Halaman verifikasi publik": "Public verification page",
    "halaman verifikasi publik": "the public verification page",
    "Hanya jumlah per hari; siapa yang memeriksa tidak dicatat untuk Anda.": "Counts per day only; who checked is not recorded for you.",  # noqa: E501
    "Isi": "Content",
    "Keadaan": "State",
    "Kode QR tautan dompet": "QR code of the wallet link",
    "Kode klaim": "Claim code",
    "Kompetensi": "Competence",
    "LSP berlisensi BNSP": "BNSP-licensed LSP",
    "Lembaga Sertifikasi Profesi": "Professional certification body (LSP)",
    "Lupa PIN atau kehilangan surat? Minta petugas Bapas Anda mencetak ulang surat pembebasan: PIN baru akan dibuat dan PIN lama tidak berlaku lagi. Setelah beberapa PIN salah, kode ini dikunci sementara.": "Forgot the PIN or lost the papers? Ask your Bapas officer to reprint the release papers: a new PIN is made and the old one stops working. After several wrong PINs this code is locked for a while.",  # noqa: E501
    "Masukkan kode klaim dan PIN yang tercetak pada surat pembebasan Anda. Kode klaim juga tercetak pada sertifikat (PDF). Tidak perlu akun.": "Enter the claim code and PIN printed on your release papers. The claim code is also printed on the certificate (PDF). No account needed.",  # noqa: E501
    "Nama pemegang": "Holder's name",
    "PIN (6 angka)": "PIN (6 digits)",
    "Pemegang": "Holder",
    "Penerbit": "Issuer",
    "Pindai kode QR ini dengan aplikasi dompet, atau buka tautannya di ponsel. Tautan berlaku": "Scan this QR code with a wallet app, or open the link on the phone. The link lasts",  # noqa: E501
    "Sertifikat ini diterbitkan oleh LSP yang berada di dalam satu lembaga pemasyarakatan, sehingga namanya menunjukkan tempat itu. Bukti ini diterbitkan oleh registri binakerja dan hanya menyebut unit kompetensi, masa berlaku, dan bahwa penerbitnya LSP berlisensi BNSP (dengan nomor lisensinya); nama LSP, lapas, dan TUK tidak disebut.": "This certificate was issued by an LSP inside one correctional facility, so its name tells where. This proof is issued by the binakerja registry and names only the competency units, the validity and that the issuer is a BNSP-licensed LSP (with its licence number); the LSP, the prison and the test site are not named.",  # noqa: E501
    "Sertifikat kompetensi (dibagikan oleh pemegang)": "Competency certificate (shared by the holder)",
    "Sertifikat kompetensi saya": "My competency certificate",
    "Sertifikat lengkap": "Full certificate",
    "Sertifikat saya": "My certificate",
    "Sertifikat yang dibagikan": "Shared certificate",
    "Simpan ke dompet digital (file VC)": "Save to a digital wallet (VC file)",
    "Status terkini": "Current status",
    "TIDAK DITEMUKAN": "NOT FOUND",
    "Tambahkan ke dompet di ponsel": "Add to a wallet on a phone",
    "Tampilan hanya-baca. Status terkini selalu ada di": "Read-only view. The current status is always on",
    "Tanggal": "Date",
    "Tanggal terbit": "Issued on",
    "Tanpa nama fasilitas": "Without the facility's name",
    "Tautan baru (hanya ditampilkan sekali ini, salin sekarang):": "New link (shown only this once, copy it now):",
    "Tautan berbagi": "Share link",
    "Tautan berbagi sudah dicabut.": "The share link was revoked.",
    "Tautan dompet": "Wallet link",
    "Tautan ini tidak dikenal, sudah berakhir, atau sudah dicabut oleh pemegangnya.": "This link is unknown, has ended, or was revoked by its holder.",  # noqa: E501
    "Tidak ditemukan (404)": "Not found (404)",
    "Tutup sertifikat": "Close certificate",
    "Unduh": "Download",
    "Unduh bukti tanpa nama fasilitas (file VC)": "Download the proof without the facility's name (VC file)",
    "Verifikasi bukti kompetensi": "Verify a proof of competence",
    "Verifikasi publik": "Public verifications",
    "detik": "seconds",
    "hari": "days",
    "menit": "minutes",
    "mis.": "e.g.",
    "nomor lisensi": "licence number",
    "sampai": "until",
    "Kode klaim atau PIN salah.": "Wrong claim code or PIN.",
    "Terlalu banyak permintaan; coba lagi nanti.": "Too many requests; try again later.",
    "Terlalu banyak PIN salah untuk kode ini.": "Too many wrong PINs for this code.",
    "Pilih masa berlaku dan isi tautan yang tersedia, dan paling banyak 10 tautan aktif.": "Choose an offered lifetime and content, and at most 10 live links.",  # noqa: E501
    "Pilih isi yang tersedia.": "Choose an offered content.",
    "BERLAKU": "VALID",
    "Sertifikat ini sah dan masih berlaku.": "This certificate is genuine and valid.",
    "TIDAK BERLAKU LAGI": "NO LONGER VALID",
    "Masa berlaku sertifikat ini sudah habis.": "This certificate has expired.",
    "DIBEKUKAN — TIDAK BERLAKU": "SUSPENDED — NOT VALID",
    "Sertifikat ini sedang dibekukan oleh LSP penerbit.": "This certificate is suspended by the issuing LSP.",
    "DICABUT — TIDAK BERLAKU": "REVOKED — NOT VALID",
    "Sertifikat ini telah dicabut oleh LSP penerbit dan tidak berlaku.": "This certificate was revoked by the issuing LSP and is not valid.",  # noqa: E501
    "DIGANTI": "REPLACED",
    "Sertifikat ini telah diganti dengan sertifikat baru; periksa sertifikat penggantinya.": "This certificate was replaced by a new one; check the new certificate.",  # noqa: E501
    # organisation edit pages (api/partners/edit_pages.py)
    "Ubah data perusahaan": "Edit company data",
    "Nama UPT": "Facility name",
    "Jenis UPT": "Facility type",
    "Kanwil": "Regional office (Kanwil)",
    "Bapas induk (untuk Lapas, Rutan, LPKA)": "Parent Bapas (for a Lapas, Rutan, LPKA)",
    "Nama LSP": "LSP name",
    "Jenis LSP": "LSP type",
    "Nomor lisensi BNSP": "BNSP licence number",
    "Lisensi berlaku sampai": "Licence valid until",
    "Format nomor sertifikat": "Certificate number format",
    "UPT induk (hanya LSP P1)": "Home facility (P1 LSPs only)",
    "Nama TUK": "TUK name",
    "Di UPT": "In facility",
    "Kabupaten/kota (bila bukan di UPT)": "Regency/city (when not in a facility)",
    "Aktif dari": "Active from",
    "Aktif sampai": "Active until",
    "Nama perusahaan": "Company name",
    "Sektor usaha": "Business sector",
    "Kode KBLI 2020 (5 angka)": "KBLI 2020 code (5 digits)",
    "Alamat": "Address",
    "Kebijakan kesempatan kedua": "Fair-chance policy",
    "Nama narahubung": "Contact name",
    "Email narahubung": "Contact email",
    "Telepon narahubung": "Contact phone",
    "Kode UPT adalah kuncinya dan tidak dapat diubah.": "The facility code is its key and cannot be changed.",
    "Kode LSP ada di DID dan di setiap nomor sertifikat, jadi tidak dapat diubah.": "The LSP code is in its DID and in every certificate number, so it cannot be changed.",  # noqa: E501
    "Registrasi yang diperpanjang: isi masa aktif yang baru (ini juga membatalkan penonaktifan).": "A renewed registration: enter the new active period (this also lifts a deactivation).",  # noqa: E501
    "NIB dan status kemitraan tidak diubah di sini (status hanya lewat keputusan Kemnaker).": "The NIB and the partner status are not changed here (the status only by Kemnaker's decisions).",  # noqa: E501
    # /verify: a dropped credential file (api/certificates/verify.py)
    "Berkas kredensial ini asli: tanda tangan LSP cocok dengan seluruh isinya, dan sertifikat tidak dicabut atau dibekukan.": "This credential file is genuine: the LSP's signature matches all of its content, and the certificate is not revoked or suspended.",  # noqa: E501
    "DIUBAH — TIDAK ASLI": "ALTERED — NOT GENUINE",
    "Isi berkas ini telah diubah setelah ditandatangani: tanda tangan tidak cocok.": "This file was changed after it was signed: the signature does not match.",  # noqa: E501
    "BELUM BERLAKU": "NOT YET VALID",
    "Sertifikat ini belum mulai berlaku.": "This certificate is not valid yet.",
    "TIDAK DIKENAL": "UNKNOWN",
    "Berkas ini tidak diterbitkan oleh LSP di layanan ini, atau kunci penandatangannya tidak dikenal.": "This file was not issued by an LSP of this service, or its signing key is unknown.",  # noqa: E501
    "STATUS TIDAK DAPAT DIPERIKSA": "STATUS CANNOT BE CHECKED",
    "Status pencabutan dan pembekuan sertifikat ini tidak dapat diperiksa.": "Whether this certificate is revoked or suspended cannot be checked.",  # noqa: E501
    "BUKAN KREDENSIAL": "NOT A CREDENTIAL",
    "Berkas ini bukan kredensial sertifikat yang dikenali (file VC .json).": "This file is not a recognised certificate credential (VC .json file).",  # noqa: E501
    "FORMAT LAMA": "OLD FORMAT",
    "Berkas ini memakai format lama; unduh ulang sertifikatnya untuk mendapat berkas baru.": "This file uses an old format; download the certificate again for a new file.",  # noqa: E501
    "Atau periksa berkas kredensial (file VC .json): pilih atau tarik ke sini": "Or check a credential file (VC .json): choose it or drag it here",  # noqa: E501
    "Periksa berkas": "Check file",
    "Berkas diperiksa di server dengan pemeriksa yang sama dengan perintah binakerja verify, lalu dibuang; berkas tidak disimpan.": "The file is checked on the server with the same verifier as the binakerja verify command, then dropped; it is not stored.",  # noqa: E501
    "Rincian teknis": "Technical details",
    "Kredensial": "Credential",
    "TIDAK DAPAT DIPASTIKAN": "CANNOT BE CONFIRMED",
    "Data sertifikat ini tidak cocok dengan tanda tangan LSP penerbit.": "This certificate's data does not match the issuing LSP's signature.",  # noqa: E501
    "Nomor sertifikat tidak ditemukan. Periksa kembali nomornya.": "Certificate number not found. Check the number again.",  # noqa: E501
    "Verifikasi sertifikat": "Certificate verification",
    "Verifikasi sertifikat kompetensi": "Verify a competency certificate",
    # client registration (api/caseload/registration_pages.py)
    "Daftarkan klien": "Register client",
    "Daftarkan klien baru": "Register a new client",
    "NIK dan tindak pidana diisi sesudahnya di halaman klien (bagian data sensitif, terenkripsi dan tercatat di log audit).": "National id (NIK) and offence are entered afterwards on the client's page (sensitive data section, encrypted and recorded in the audit log).",  # noqa: E501
    "Identitas": "Identity",
    "Nomor registrasi (SDP)": "Registration number (SDP)",
    "Nama lengkap": "Full name",
    "Tahun lahir": "Birth year",
    "Jenis kelamin": "Gender",
    "pilih": "choose",
    "Lapas/Rutan/LPKA": "Prison/detention centre/juvenile facility",
    "Kabupaten/kota domisili": "Regency/city of residence",
    "Keahlian dan riwayat": "Skills and history",
    "Keahlian (satu per baris)": "Skills (one per line)",
    "Riwayat kerja (satu per baris)": "Work history (one per line)",
    "Pelatihan (satu per baris)": "Trainings (one per line)",
    "Status dan tanggal program": "Status and programme dates",
    "Tanggal asimilasi": "Assimilation date",
    "Tanggal pembebasan bersyarat": "Parole date",
    "Tanggal cuti bersyarat": "Conditional leave date",
    "Tanggal cuti menjelang bebas": "Pre-release leave date",
    "Nama boleh ditunjukkan kepada pemberi kerja": "Name may be shown to employers",
    "UPT boleh ditunjukkan kepada pemberi kerja": "Facility may be shown to employers",
    "Tindak pidana boleh diungkap PK sesudah penawaran kerja": "The officer may disclose the offence after a job offer",
    "Catatan persetujuan": "Consent note",
}


# Feeds in (api/feeds): the admin pages and the re-admission charts of the dashboard.
EN.update({
    "Feed masuk": "Incoming feeds",
    "Lowongan dari portal mitra dan perubahan data dari SDP, ditarik terjadwal. Satu rekaman salah: seluruh halaman itu tidak disimpan dan kursor tidak maju.": "Vacancies from partner portals and changes from the SDP, pulled on a schedule. One bad record: nothing of that page is stored and the cursor does not move.",  # noqa: E501
    "Belum ada konektor feed.": "No feed connectors yet.",
    "Belum pernah dijalankan.": "Never run yet.",
    "Konektor baru": "New connector",
    "Ubah konektor": "Edit connector",
    "Nama konektor": "Connector name",
    "Alamat feed (URL)": "Feed address (URL)",
    "Token (Bearer)": "Token (Bearer)",
    "kosongkan untuk tetap memakai token tersimpan": "leave empty to keep the stored token",
    "Hapus token tersimpan": "Remove the stored token",
    "Selang (menit)": "Interval (minutes)",
    "Pemberi kerja tujuan (feed lowongan)": "Target employer (vacancy feed)",
    "Lingkup UPT (feed SDP, kosong = semua)": "Facility scope (SDP feed, empty = all)",
    "Aktif (dijalankan terjadwal)": "Active (runs on schedule)",
    "Aktifkan": "Activate",
    "Nonaktifkan": "Deactivate",
    "nonaktif": "inactive",
    "Jalankan sekarang": "Run now",
    "Kesalahan": "Errors",
    "Kursor": "Cursor",
    "Kursor terakhir": "Last cursor",
    "Mulai": "Started",
    "Pemicu": "Trigger",
    "Proses terakhir": "Last run",
    "Rekaman": "Records",
    "Rekaman diterapkan / dilihat": "Records applied / seen",
    "Riwayat proses": "Run history",
    "belum pernah": "never",
    "berhasil": "succeeded",
    "gagal": "failed",
    "berjalan": "running",
    "terjadwal": "scheduled",
    "manual": "manual",
    "halaman": "page",
    "rekaman": "record",
    "kolom": "field",
    "semua UPT": "all facilities",
    "tersimpan terenkripsi": "stored encrypted",
    "portal lowongan mitra": "partner job portal",
    "delta SDP (pemasyarakatan)": "SDP deltas (corrections)",
    "Masuk kembali per bulan (dari SDP)": "Re-admissions per month (from the SDP)",
    "Tingkat masuk kembali per bulan bebas": "Re-admission rate by month of release",
})  # fmt: skip

# Notifications and webhooks (api/notifications): header bell, inbox, preferences, webhook pages.
EN.update({
    "Kotak masuk": "Inbox",
    "belum dibaca": "unread",
    "Pengaturan pemberitahuan": "Notification settings",
    "Webhook": "Webhooks",
    "Ditandai sudah dibaca.": "Marked as read.",
    "Tandai semua sudah dibaca": "Mark all as read",
    "Tandai sudah dibaca": "Mark as read",
    "Baru": "New",
    "Buka": "Open",
    "Belum ada pemberitahuan.": "No notifications yet.",
    "Pengaturan disimpan.": "Settings saved.",
    "Peristiwa dan saluran yang Anda terima": "Events and the channels you receive them on",
    "Peristiwa": "Event",
    "WhatsApp/SMS": "WhatsApp/SMS",
    "Peran Anda belum menerima pemberitahuan otomatis; kotak masuk tetap tersedia.": "Your role gets no automatic notifications yet; the inbox is still available.",  # noqa: E501
    "Nomor WhatsApp/SMS (opsional)": "WhatsApp/SMS number (optional)",
    "Email dan WhatsApp/SMS hanya memuat kode samaran klien, tidak pernah nama.": "E-mail and WhatsApp/SMS carry the client's pseudonym only, never a name.",  # noqa: E501
    "Sistem perusahaan Anda dapat menerima peristiwa lowongan Anda sendiri. Setiap kiriman ditandatangani HMAC-SHA256.": "Your company's systems can receive events about your own vacancies. Every delivery is signed with HMAC-SHA256.",  # noqa: E501
    "Webhook dibuat. Simpan rahasia ini sekarang: rahasia tidak akan ditampilkan lagi.": "Webhook created. Store this secret now: it will not be shown again.",  # noqa: E501
    "Belum ada webhook.": "No webhooks yet.",
    "Webhook baru": "New webhook",
    "URL penerima (https://…)": "Receiver URL (https://…)",
    "Buat webhook": "Create webhook",
    "Log kiriman webhook": "Webhook delivery log",
    "Percobaan": "Attempts",
    "Kode jawaban": "Response code",
    "Kunci idempotensi": "Idempotency key",
    "menunggu": "pending",
    "terkirim": "sent",
    "Belum ada kiriman.": "No deliveries yet.",
    "URL wajib diisi": "the URL is required",
    "URL terlalu panjang (maksimal 500 karakter)": "the URL is too long (at most 500 characters)",
    "URL harus berupa alamat https://… yang lengkap": "the URL must be a full https://… address",
    "URL harus memakai https://": "the URL must use https://",
    "URL tidak boleh memuat nama pengguna atau kata sandi": "the URL must not contain a user name or password",
    "pilih minimal satu jenis peristiwa yang tersedia": "choose at least one of the available event kinds",
    "nomor telepon harus 8 sampai 15 angka, boleh diawali + atau 0": "the phone number must be 8 to 15 digits, optionally starting with + or 0",  # noqa: E501
})  # fmt: skip

# Training (api/training): programmes, classes, attendance, the funnel.
EN.update({
    "Corong pelatihan": "Training funnel", "Kelas": "Classes", "Program": "Programme", "UPT": "Facility",
    "Selesai": "End", "Kursi terisi": "Seats taken", "Instruktur": "Instructor",
    "Belum ada kelas.": "No classes yet.", "Buka kelas": "Open a class", "— pilih program —": "— choose a programme —",
    "Tanggal selesai": "End date", "Jumlah kursi": "Seats", "Program pelatihan": "Training programmes",
    "Penyelenggara": "Provider", "Jam": "Hours",
    "Belum ada program.": "No programmes yet.", "Program baru": "New programme", "Judul program": "Programme title",
    "Sebut keahliannya, bukan nama lapas/UPT: judul ini tampil kepada pemberi kerja setelah warga binaan lulus.":
        "Name the trade, not the prison or facility: employers see this title once the person completes it.",
    "Jenis penyelenggara": "Provider kind", "— pilih —": "— choose —", "Nama penyelenggara": "Provider name",
    "Skema sertifikasi yang disiapkan (opsional)": "Certification scheme it prepares for (optional)",
    "— tanpa skema —": "— no scheme —",
    "Unit kompetensi yang dicakup (kode, pisahkan dengan koma; kosong = unit skema)":
        "Competency units covered (codes, comma separated; empty = the scheme's units)",
    "Jumlah jam": "Hours", "Simpan program": "Save programme",
    "Program pelatihan vokasi, kelas di UPT, peserta, presensi dan kelulusan. Peserta yang lulus program dengan skema sertifikasi didaftarkan ke LSP skema itu untuk asesmen.":  # noqa: E501
        "Vocational training programmes, classes at facilities, participants, attendance and completion. Participants who complete a programme with a certification scheme are registered with that scheme's LSP for assessment.",  # noqa: E501
    "terdaftar, lulus, bersertifikat, bekerja": "enrolled, completed, certified, placed",
    "peserta yang lulus didaftarkan ke LSP skema ini": "participants who complete are registered with this scheme's LSP",  # noqa: E501
    "Peserta": "Participants", "Hanya klien Bapas Anda yang ditampilkan.": "Only your Bapas' clients are shown.",
    "Hadir": "Present", "Tandai lulus": "Mark completed", "Belum ada peserta.": "No participants yet.",
    "Daftarkan peserta": "Enrol a participant", "Warga binaan di UPT ini": "People at this facility",
    "klien Anda": "your clients", "— pilih warga binaan —": "— choose a person —", "Presensi": "Attendance",
    "Tanggal sesi": "Session date", "Simpan presensi": "Save attendance", "Lulus": "Completed",
    "Bersertifikat": "Certified", "Bekerja": "Placed", "Jumlah": "Total",
    "Per program dan UPT: orang yang pernah terdaftar, yang lulus, yang memperoleh sertifikat skema program setelah terdaftar, dan yang mulai bekerja setelah lulus.":  # noqa: E501
        "Per programme and facility: people ever enrolled, who completed, who obtained the programme scheme's certificate after enrolling, and who started work after completing.",  # noqa: E501
    "BLK": "BLK (Kemnaker training centre)", "BPVP": "BPVP (Kemnaker vocational centre)",
    "LPK": "LPK (private training institute)", "Bengkel kerja lapas": "Prison workshop",
    "Daftarkan": "Enrol", "Kelas pelatihan": "Training classes", "selesai": "finished", "dibatalkan": "cancelled",
    "terdaftar": "enrolled",
    "lulus": "completed", "keluar": "dropped out",
})  # fmt: skip

# Place filter on the employer's candidate list (api/hiring): regency and the nearby view.
EN.update({
    "Sekitar lokasi lowongan": "Near the vacancy", "lalu provinsinya": "then its province",
    "kabupaten/kota tidak dikenal; pilih dari daftar": "unknown regency/city; choose one from the list",
    "kabupaten/kota ini tidak berada di provinsi yang dipilih": "this regency/city is not in the chosen province",
    "provinsi tidak dikenal; pilih dari daftar": "unknown province; choose one from the list",
    "pilih salah satu: provinsi/kabupaten/kota, atau sekitar lokasi lowongan":
        "choose one: a province/regency, or near the vacancy",
    "lowongan belum mencantumkan kabupaten/kota; isi lokasi lowongan dulu":
        "the vacancy has no regency/city yet; fill in its location first",
    "bulan harus berformat YYYY-MM": "the month must be written YYYY-MM",
    "Perbaiki filter yang ditandai di atas.": "Correct the filter marked above.",
})  # fmt: skip

# Distance filter (within_km) on the employer's candidate list and the officer's vacancy list.
EN.update({
    "Jarak dari lokasi lowongan": "Distance from the vacancy", "dalam radius": "within",
    "Jarak dari domisili": "Distance from the domicile",
    "radius harus bilangan bulat kilometer, 1 sampai 500": "the radius must be a whole number of km, 1 to 500",
    "pilih salah satu: kabupaten/kota, sekitar lokasi lowongan, atau radius":
        "choose one: a regency/city, near the vacancy, or a radius",
    "kabupaten/kota lowongan belum punya koordinat; pakai filter provinsi atau kabupaten/kota":
        "the vacancy's regency/city has no coordinates yet; filter by province or regency/city instead",
    "domisili klien belum mencantumkan kabupaten/kota": "the client's domicile has no regency/city yet",
    "kabupaten/kota domisili belum punya koordinat; pakai pilihan wilayah":
        "the domicile regency/city has no coordinates yet; choose an area instead",
})  # fmt: skip


def date_words(lang: str) -> Callable[[date], str]:
    """How a date reads in ``lang``: "2 Desember 2026", or "2 December 2026" in English (printed papers,
    /verify, the plan, the ``wib`` filter)."""
    from certification.documents import tanggal
    from matcher.explain import date_en

    return date_en if lang == "en" else tanggal


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``: the exact dictionary entry, else the first of ``EN_PATTERNS`` that matches the
    whole text (messages with values in them), else the text unchanged. English text passes unchanged, so
    translating twice is harmless."""
    if lang != "en" or not isinstance(text, str) or not text:
        return text
    exact = EN.get(text)
    if exact is not None:
        return exact
    for pattern, english in EN_PATTERNS:
        m = pattern.match(text)
        if m is not None:
            return _FORMATTER.format(english, *m.groups(), **m.groupdict())
    return text


def _phrase(text: str) -> str:
    """An Indonesian sub-phrase (a field label, a stage name) in English; a lower-case phrase may match a
    capitalised entry ("alamat" -> "Address" -> "address")."""
    english = translate(text, "en")
    if english == text and text[:1].islower():
        capital = EN.get(text[:1].upper() + text[1:])
        if capital is not None:
            english = capital[:1].lower() + capital[1:] if not capital[1:2].isupper() else capital
    return english


class _Formatter(string.Formatter):
    """``{0}`` inserts a group as is; ``{0!t}`` translates it (a label, a message after a prefix);
    ``{0!l}`` translates each item of a comma-separated list; ``{0!s}`` each clause of a "; "-joined sentence."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "t":
            return _phrase(str(value)) if value else value
        if conversion == "l":
            return ", ".join(_phrase(item.strip()) for item in str(value).split(","))
        if conversion == "s":  # clauses joined by "; ", the first one capitalised
            english = "; ".join(_clause(item) for item in str(value).split("; "))
            return english[:1].upper() + english[1:]
        return super().convert_field(value, conversion)


def _clause(text: str) -> str:
    """One clause of a "; "-joined sentence, looked up as written or with a lower-case first letter."""
    english = _phrase(text)
    if english == text and text[:1].isupper():
        lower = _phrase(text[:1].lower() + text[1:])
        if lower != text[:1].lower() + text[1:]:
            return lower
    return english


_FORMATTER = _Formatter()


# Renewal by claim code (api/certificates/renewal_pages.py, certification/renewal.html).
EN.update({
    "Pembaruan dengan kode klaim": "Renewal by claim code",
    "Mulai pembaruan dengan kode klaim pemegang": "Start a renewal with the holder's claim code",
    "Minta pemegang menunjukkan kode klaim yang tercetak di sertifikat atau surat pembebasannya. PIN tetap "
    "milik pemegang; jangan memintanya.":
        "Ask the holder for the claim code printed on the certificate or the release papers. The PIN stays the "
        "holder's; do not ask for it.",
    "berlaku sampai": "valid until", "Lanjut": "Continue",
    "Tanggal asesmen": "Assessment date", "Bukti / catatan (opsional)": "Evidence / notes (optional)",
    "Simpan asesmen pembaruan": "Save renewal assessment", "Semua unit K, simpan": "All units K, save",
    "Akun ini belum terhubung dengan nomor registrasi asesor; hubungi admin sebelum mencatat asesmen.":
        "This account is not linked to an assessor registration number; ask an admin before recording "
        "assessments.",
})  # fmt: skip


@pass_context
def translator(ctx: Any, text: str) -> str:
    request = ctx.get("request")
    lang = getattr(getattr(request, "state", None), "lang", "id") if request is not None else "id"
    return translate(text, lang)


# Keys every template wraps in _() that had no English (tests/unit/test_i18n_keys.py keeps it so).
EN.update(
    {
        # catalogue
        "Ubah skema": "Edit scheme",
        "Unit dalam urutan skema": "Units in the scheme's order",
        "Ubah unit": "Edit unit",
        "Kembali": "Back",
        # certification: assessees, assessments, certificates, enrolments
        "otomatis (warga binaan lapas LSP P1 ini)": "automatic (inmates of this P1 LSP's prison)",
        "unit K": "units K",
        "pada asesmen untuk pembaruan": "on the assessment for renewal",
        "Catat asesmen pembaruan": "Record a renewal assessment",
        "LSP ini belum memiliki skema.": "This LSP has no scheme yet.",
        "Hapus pencarian": "Clear search",
        "cocok dengan": "matching",
        "otomatis (LSP P1)": "automatic (P1 LSP)",
        "Tidak ada asesi yang cocok.": "No assessee matches.",
        "Belum ada asesi terdaftar.": "No assessee registered yet.",
        "Asesmen": "Assessment",
        "Warga binaan (pseudonim WB-… atau nomor registrasi)": "Inmate (pseudonym WB-… or registration number)",
        "Belum tahu pseudonimnya?": "Do not know the pseudonym?",
        "Cari di daftar asesi LSP Anda": "Search your LSP's assessees",
        "dari": "of",
        "unit sudah K": "units already K",
        "nilai": "assess",
        "unit di bawah ini": "the units below",
        "Sudah memiliki sertifikat": "Already holds certificate",
        "Asesmen baru dipakai untuk pembaruan.": "A new assessment is used for renewal.",
        "Apa arti K dan BK?": "What do K and BK mean?",
        "asesi telah menunjukkan semua kriteria unjuk kerja unit ini dengan bukti yang cukup. Unit yang sudah K tidak "
        "dinilai ulang.": "the assessee showed every performance criterion of this unit with enough evidence. A unit "
        "already K is not assessed again.",
        "bukti belum cukup. Unit ini dapat diases ulang kapan saja; hasil K berikutnya menggantikan BK.": "not enough evidence yet. The unit can be re-assessed at any time; a later K replaces the BK.",  # noqa: E501
        "Sertifikat dapat diterbitkan setelah semua unit skema K.": "A certificate can be issued once every unit of the scheme is K.",  # noqa: E501
        "TUK (tempat uji kompetensi)": "TUK (competency test site)",
        "— tidak dicatat —": "— not recorded —",
        "Sudah Kompeten sejak": "Competent since",
        "tidak perlu dinilai ulang.": "no need to assess again.",
        "Hasil terakhir": "Latest result",
        "belum dinilai": "not assessed yet",
        "Simpan hasil": "Save results",
        "“Semua unit K” mencatat K untuk setiap unit yang masih dinilai di atas.": "“All units K” records K for every unit still being assessed above.",  # noqa: E501
        "Semua unit sudah K.": "Every unit is K.",
        "Terbitkan sertifikat dari halaman asesi": "Issue the certificate from the assessee's page",
        "Memperbarui": "Renews",
        "Diperbarui oleh": "Renewed by",
        "Unduh Verifiable Credential (JSON)": "Download the Verifiable Credential (JSON)",
        "Versi cetak": "Printable version",
        "Ubah status": "Change status",
        "Bekukan sementara": "Suspend for a time",
        "Alasan pembekuan": "Reason for suspension",
        "Dibekukan sampai (opsional)": "Suspended until (optional)",
        "Bekukan": "Suspend",
        "Akhiri pembekuan": "End the suspension",
        "Alasan pemulihan": "Reason for reinstating",
        "Pulihkan": "Reinstate",
        "Perbarui": "Renew",
        "Jenis pembaruan": "Kind of renewal",
        "Cabut sertifikat": "Revoke the certificate",
        "Alasan pencabutan": "Reason for revocation",
        "Ketik nomor sertifikat untuk konfirmasi": "Type the certificate number to confirm",
        "Daftarkan klien Anda ke LSP agar asesor LSP itu dapat mengases dan menerbitkan sertifikat. Asesor hanya melihat "  # noqa: E501
        "warga binaan yang terdaftar pada LSP-nya. LSP P1 di dalam lapas melayani warga binaan lapasnya sendiri secara "
        "otomatis.": "Register your clients with an LSP so that its assessors can assess them and issue certificates. "
        "Assessors see only the inmates registered with their LSP. A P1 LSP inside a prison serves that prison's inmates "  # noqa: E501
        "automatically.",
        "Klien (pseudonim WB-… atau nomor registrasi)": "Client (pseudonym WB-… or registration number)",
        "— pilih LSP —": "— choose an LSP —",
        "Klien terdaftar": "Registered clients",
        "Akhiri pendaftaran": "End the registration",
        "Asesmen tersimpan": "Assessment saved",
        "Semua unit skema sudah K: sertifikat dapat diterbitkan.": "Every unit of the scheme is K: the certificate can be issued.",  # noqa: E501
        "Terbitkan sertifikat": "Issue the certificate",
        "Semua unit K. Asesi sudah memiliki sertifikat": "Every unit K. The assessee already holds certificate",
        "gunakan “Perbarui” di halaman sertifikat itu.": "use “Renew” on that certificate's page.",
        "Belum semua unit Kompeten: sertifikat belum dapat diterbitkan.": "Not every unit is Competent: no certificate can be issued yet.",  # noqa: E501
        "Masih perlu dinilai": "Still to be assessed",
        "Asesmen ulang unit BK": "Re-assess the BK units",
        "Halaman asesi": "Assessee's page",
        # organisations and partners
        "Admin organisasi": "Organisation admin",
        "Aktif": "Active",
        "asesor": "assessor",
        "Belum ada pengguna.": "No users yet.",
        "Undangan belum diterima": "Invitations not accepted yet",
        "Undang pengguna": "Invite a user",
        "admin organisasi (boleh mengundang rekan)": "organisation admin (may invite colleagues)",
        "Undang": "Invite",
        "Status kemitraan": "Partner status",
        "Permohonan Anda sedang diperiksa staf Kemnaker. Setelah diverifikasi, Anda dapat memasang lowongan dan melihat "  # noqa: E501
        "kandidat.": "Kemnaker staff are reviewing your application. Once verified, you can post vacancies and see candidates.",  # noqa: E501
        "Buka lowongan Anda": "Open your vacancies",
        "Kemitraan dibekukan: lowongan dan kandidat tidak dapat dibuka sampai Kemnaker mengaktifkannya kembali.": "The partnership is suspended: vacancies and candidates cannot be opened until Kemnaker reactivates it.",  # noqa: E501
        "Permohonan ditolak.": "The application was rejected.",
        "Narahubung": "Contact person",
        "menunggu verifikasi": "awaiting verification",
        "pemberi kerja": "employer",
        "PK Bapas": "Bapas officer",
        "asesor/staf LSP": "LSP assessor/staff",
        "staf Kemnaker": "Kemnaker staff",
        "admin": "admin",
        "staf pelatihan": "training staff",
        # clients: privacy, sensitive data, erasure
        "Ungkap": "Release",
        "Hasil tinjauan": "Review outcome",
        "Selesaikan tinjauan": "Complete the review",
        "NIK/tindak pidana tersimpan.": "NIK/offence saved.",
        "Alasan melihat": "Reason for viewing",
        "Tampilkan NIK dan tindak pidana": "Show NIK and offence",
        "Hapus data klien": "Erase the client's data",
        "Alasan penghapusan": "Reason for erasure",
        "Hapus data secara permanen": "Erase the data permanently",
        "di": "at",
        "tidak bekerja lagi": "no longer employed",
        "Profil": "Profile",
        "Pelatihan dan sertifikasi yang disarankan": "Advised training and certification",
        "Penempatan dan tindak lanjut": "Placement and follow-ups",
        "Profil anonim: nama, lapas dan tindak pidana hanya tampil bila yang bersangkutan menyetujui.": "Anonymous profile: name, prison and offence appear only when the person consents.",  # noqa: E501
        "belum dicatat": "not recorded",
        "tercatat": "recorded",
        "Isian yang dibiarkan kosong tidak mengubah data yang tersimpan.": "Fields left empty do not change what is stored.",  # noqa: E501
        "16 angka sesuai KTP/KK": "16 digits as on the KTP/KK",
        "Hapus NIK yang tersimpan": "Delete the stored NIK",
        "sangat sesuai": "very suitable",
        "cukup sesuai": "fairly suitable",
        "kurang sesuai": "less suitable",
    }
)

# Labels and hints the organisation form macros translate (api/partners/templates/organisations/_forms.html).
EN.update(
    {
        "mis. SDP-3273-000123": "e.g. SDP-3273-000123",
        "NIB (Nomor Induk Berusaha, 13 angka)": "NIB (business registration number, 13 digits)",
        "Telepon": "Telephone",
        "mis. industri logam": "e.g. metal industry",
        "mis. 25111": "e.g. 25111",
        "bagaimana perusahaan merekrut, mendampingi dan menjaga kerahasiaan mantan warga binaan": (
            "how the company recruits, supports and keeps confidential former inmates"
        ),
        "mis. 0812 3456 7890": "e.g. 0812 3456 7890",
        "Kode TUK": "TUK code",
        "Nomor registrasi (MET)": "Registration number (MET)",
        "mis. TUK-SKM-01": "e.g. TUK-SKM-01",
        "— bukan di UPT —": "— not at a UPT —",
        "— ikut UPT —": "— as the UPT —",
        "mis. MET.000.004512 2025": "e.g. MET.000.004512 2025",
        "Kode UPT": "UPT code",
        "Kode LSP": "LSP code",
        "mis. LAPAS-SUKAMISKIN": "e.g. LAPAS-SUKAMISKIN",
        "kosong: Kanwil Ditjenpas provinsinya": "empty: the province's Ditjenpas regional office",
        "— tidak ada (Bapas) —": "— none (Bapas) —",
        "mis. LSP-P1-SKM; dipakai di nomor sertifikat dan DID": "e.g. LSP-P1-SKM; used in certificate numbers and the DID",  # noqa: E501
        "kosong: {lsp}/{scheme}/{year}/{seq:06d}": "empty: {lsp}/{scheme}/{year}/{seq:06d}",
        "— tidak ada (P2/P3) —": "— none (P2/P3) —",
        "Kode undangan": "Invitation code",
        "Asesor (bila pengguna ini asesor LSP ini)": "Assessor (when this user is an assessor of this LSP)",
        "— bukan asesor (staf LSP) —": "— not an assessor (LSP staff) —",
    }
)


# Catalogue unit form, certificate page, client and candidate pages (review of 2026-12-03).
EN.update(
    {
        "Kode SKKNI": "SKKNI code",
        "Sektor": "Sector",
        "Jenjang KKNI (1–9, opsional)": "KKNI level (1–9, optional)",
        "Pencabutan bersifat final: sertifikat tidak dapat dipulihkan, dan halaman verifikasi publik akan "
        "menampilkannya sebagai dicabut.": (
            "Revocation is final: the certificate cannot be reinstated, and the public verification page will show it "
            "as revoked."
        ),
        "Untuk penangguhan sementara, gunakan": "For a temporary hold, use",
        "sejak": "since",
        "Dibekukan sampai": "Suspended until",
        "Diterbitkan oleh": "Issued by",
        "dan tidak diubah sejak diterbitkan (tanda tangan digital diperiksa).": (
            "and not changed since it was issued (digital signature checked)."
        ),
        "Menggantikan": "Replaces",
        "Diganti oleh": "Replaced by",
        "Halaman ini menunjukkan status terkini dari LSP penerbit; status yang tercetak di kertas tidak berlaku.": (
            "This page shows the issuing LSP's current status; a status printed on paper does not count."
        ),
        "Kunci publik untuk pemeriksaan tanpa jaringan:": "Public keys for checking offline:",
    }
)


# Partner vetting pages (/mitra) for Kemnaker staff.
EN.update(
    {
        "Mitra pemberi kerja": "Employer partners",
        "semua": "all",
        "Perusahaan": "Company",
        "Mendaftar": "Applied",
        "Belum ada mitra dengan status ini.": "No partners with this status yet.",
        "Belum ada mitra.": "No partners yet.",
        "alasan": "reason",
        "Sektor / KBLI": "Sector / KBLI",
        "Keputusan": "Decision",
        "opsional": "optional",
        "Verifikasi (aktifkan mitra)": "Verify (activate the partner)",
        "Tolak permohonan": "Reject the application",
        "Bekukan kemitraan": "Suspend the partnership",
        "Aktifkan kembali": "Reactivate",
    }
)


# The public partner application (/mitra/daftar).
EN.update(
    {
        "Daftar sebagai mitra pemberi kerja": "Apply as an employer partner",
        "Perusahaan yang bersedia mempekerjakan mantan warga binaan mendaftar di sini. Staf Kemnaker memeriksa data "
        "perusahaan; sesudah diverifikasi, Anda dapat memasang lowongan dan melihat kandidat yang bersedia "
        "dicocokkan.": (
            "Companies willing to employ former inmates apply here. Kemnaker staff check the company's data; once "
            "verified, you can post vacancies and see the candidates who agreed to be matched."
        ),
        "Narahubung (menjadi pengguna pertama perusahaan)": "Contact person (becomes the company's first user)",
        "Kata sandi (minimal 10 karakter)": "Password (at least 10 characters)",
        "Kirim permohonan": "Send the application",
    }
)


# The catalogue's scheme form.
EN.update(
    {
        "Kode skema": "Scheme code",
        "Masa berlaku (tahun)": "Validity (years)",
        "Kode unit, satu per baris, dalam urutan skema": "Unit codes, one per line, in the scheme's order",
    }
)


# Organisation pages and the admin's user page: the text they wrote without _().
EN.update({
    "Urutan hari pertama: UPT (Bapas dulu, lalu Lapas/Rutan/LPKA), LSP dengan TUK dan asesornya, mitra pemberi kerja": "Order for the first day: facilities (Bapas first, then prisons, detention centres and juvenile facilities), LSPs with their TUKs and assessors, employer partners",  # noqa: E501
    "mendaftar sendiri di": "they apply themselves at",
    "diverifikasi staf Kemnaker di": "Kemnaker staff verify them at",
    "lalu pengguna tiap organisasi dari halaman organisasinya.": "then each organisation's users from the organisation's page.",  # noqa: E501
    "Kode": "Code",
    "Belum ada UPT.": "No facilities yet.",
    "UPT baru": "New facility",
    "Simpan UPT": "Save the facility",
    "Lisensi BNSP": "BNSP licence",
    "UPT induk": "Home facility",
    "lewat": "expired",
    "Belum ada LSP.": "No LSPs yet.",
    "LSP baru": "New LSP",
    "Simpan LSP": "Save the LSP",
    "daftar dan verifikasi mitra": "partner list and verification",
    "Kolom:": "Columns:",
    "Semua atau tidak sama sekali.": "All or nothing.",
    "Undang staf Kemnaker atau admin": "Invite Kemnaker staff or an admin",
    "Undangan untuk": "The invitation for",
    "dibuat. Berikan kode ini kepada yang diundang (hanya ditampilkan sekali;": "is created. Give this code to the invitee (shown only this once;",  # noqa: E501
    "Ia memilih kata sandinya di": "They choose their password at",
    "lewat: tidak dapat menerbitkan sertifikat": "expired: cannot issue certificates",
    "Format nomor": "Number format",
    "Belum ada TUK.": "No TUKs yet.",
    "Tambah TUK": "Add a TUK",
    "Asesor": "Assessors",
    "Masa aktif": "Active period",
    "dinonaktifkan": "deactivated",
    "masa aktif lewat": "active period over",
    "belum aktif": "not active yet",
    "alasan penonaktifan": "reason for deactivating",
    "Belum ada asesor.": "No assessors yet.",
    "Tambah asesor": "Add an assessor",
    "UPT yang berinduk ke Bapas ini": "Facilities reporting to this Bapas",
    "Pengguna dibuat untuk Bapas (PK), LSP dan mitra pemberi kerja; UPT lain tidak mempunyai pengguna sendiri.": "Users are created for Bapas (officers), LSPs and employer partners; other facilities have no users of their own.",  # noqa: E501
    "Terima undangan": "Accept an invitation",
    "Masukkan kode undangan yang Anda terima dan pilih kata sandi (minimal 10 karakter). Sesudahnya, masuk dengan email Anda.": "Enter the invitation code you received and choose a password (at least 10 characters). Then sign in with your email.",  # noqa: E501
    "Kata sandi baru": "New password",
    "Buat akun": "Create the account",
    "Kunci API baru (hanya ditampilkan sekali, simpan sekarang):": "New API key (shown only once, save it now):",
    "label": "label",
    "label kunci": "key label",
    "min. 10": "min. 10",
    "Lapas (lembaga pemasyarakatan)": "Lapas (prison)",
    "Rutan (rumah tahanan negara)": "Rutan (state detention centre)",
    "LPKA (lembaga pembinaan khusus anak)": "LPKA (juvenile correctional facility)",
    "Bapas (balai pemasyarakatan)": "Bapas (probation and parole office)",
    "LSP": "LSP",
    "TUK": "TUK",
})  # fmt: skip


# Catalogue, certificate and certification pages (and the printed release papers): the text they wrote
# without _().
EN.update({
    "Impor unit selesai: %s baris, %s baru, %s diubah.": "Units imported: %s rows, %s new, %s changed.",
    "Impor skema selesai: %s baris, %s baru, %s diubah.": "Schemes imported: %s rows, %s new, %s changed.",
    "Berlaku": "Valid",
    "Unit": "Units",
    "th": "yrs",
    "Semua atau tidak sama sekali: satu baris salah berarti tidak ada yang disimpan, dan pesan kesalahan menyebut baris dan kolomnya.": "All or nothing: one wrong row means nothing is saved, and the error message names the row and the column.",  # noqa: E501
    "dipisah": "separated by",
    "mis. LSP-PAS/SKM-LAS-01/2026/000123": "e.g. LSP-PAS/SKM-LAS-01/2026/000123",
    "Sertifikat %s": "Certificate %s",
    "Sertifikat Kompetensi": "Certificate of Competence",
    "Nomor:": "Number:",
    "menyatakan bahwa": "declares that",
    "telah dinyatakan": "has been found",
    "KOMPETEN": "COMPETENT",
    "pada skema sertifikasi": "in the certification scheme",
    "Kode QR verifikasi": "Verification QR code",
    "Periksa keaslian:": "Check authenticity:",
    "Surat pembebasan — akses sertifikat": "Release papers — certificate access",
    "Akses sertifikat kompetensi": "Access to your competency certificate",
    "Untuk:": "For:",
    "Dengan kode dan PIN ini Anda dapat membuka sertifikat Anda kapan saja tanpa akun: mengunduh PDF, menyimpan file ke dompet digital, dan membuat tautan berbagi untuk pemberi kerja. Simpan PIN ini; jangan berikan kepada orang lain.": "With this code and PIN you can open your certificate at any time without an account: download the PDF, save the file to a digital wallet, and create sharing links for employers. Keep this PIN; do not give it to anyone else.",  # noqa: E501
    "Dicetak": "Printed",
    "PIN sebelumnya (jika ada) tidak berlaku lagi. PIN tidak disimpan oleh sistem dan tidak dapat ditampilkan kembali; cetak ulang akan membuat PIN baru.": "Any earlier PIN no longer works. The system does not store the PIN and cannot show it again; printing again creates a new PIN.",  # noqa: E501
    "Cetak halaman ini dengan menu Cetak di peramban (Ctrl+P).": "Print this page with the browser's Print menu (Ctrl+P).",  # noqa: E501
    "Kompeten": "Competent",
    "Belum Kompeten": "Not yet competent",
    "Warga binaan yang terdaftar pada LSP ini": "Inmates registered with this LSP",
    "LSP P1: warga binaan lapas sendiri": "P1 LSP: inmates of its own prison",
    "Cari berdasarkan nama, nomor registrasi, atau pseudonim.": "Search by name, registration number or pseudonym.",
    "Nomor": "Number",
    "Akses pemegang (hanya ditampilkan sekali ini):": "Holder access (shown only this once):",
    "kode klaim": "claim code",
    "Serahkan kepada pemegang; ia membukanya di": "Hand it to the holder; they open it at",
    "Petugas Bapas-nya dapat mencetak ulang surat pembebasan dengan PIN baru.": "Their Bapas officer can reprint the release papers with a new PIN.",  # noqa: E501
    "Tidak ada perubahan status yang diizinkan dari status %s.": "No status change is allowed from the status %s.",
    "surveilan": "surveillance",
    "sertifikasi ulang": "recertification",
    "Memerlukan asesmen baru (semua unit K) yang dicatat setelah sertifikat ini terbit.": "Needs a new assessment (all units K) recorded after this certificate was issued.",  # noqa: E501
})  # fmt: skip


# Client pages (profile, printed reintegration plan, privacy, erasure), the vacancy form, API docs, pager and
# error page: the text they wrote without _().
EN.update({
    "Cetak surat pembebasan (PIN baru)": "Print the release papers (new PIN)",
    "unit": "units",
    "Belum ada sertifikat.": "No certificates yet.",
    "tindak lanjut tercatat:": "follow-ups recorded:",
    "bln": "mo.",
    "belum ada": "none yet",
    "Belum ada penempatan. Tindak lanjut dilakukan 3, 6 dan 12 bulan setelah mulai bekerja.": "No placements yet. Follow-ups take place 3, 6 and 12 months after the job starts.",  # noqa: E501
    "Klien,": "Client,",
    "Pembimbing Kemasyarakatan,": "Probation officer (Pembimbing Kemasyarakatan),",
    "Hanya pada tahap penawaran": "Only at the offer stage",
    "dengan persetujuan klien untuk mengungkap tindak pidana. Setiap pengungkapan dicatat.": "with the client's consent to disclose the offence. Every disclosure is logged.",  # noqa: E501
    "Sudah diungkap": "Disclosed on",
    "menunggu tinjauan": "awaiting review",
    "Hasil:": "Outcome:",
    "Data pribadi spesifik (UU PDP): disimpan terenkripsi, hanya untuk petugas Bapas klien. Setiap pencatatan dan setiap pembacaan dicatat di log audit beserta alasannya. Tindak pidana hanya diungkap kepada pemberi kerja pada tahap penawaran, dengan persetujuan klien.": "Specific personal data (PDP Law): stored encrypted, only for the client's Bapas officers. Every write and every read is logged in the audit log with its reason. The offence is disclosed to an employer only at the offer stage, with the client's consent.",  # noqa: E501
    "pasal, putusan; wajib untuk \"Lainnya\"": "article, verdict; required for \"Other\"",
    "Hapus tindak pidana yang tersimpan": "Delete the stored offence",
    "mis. salinan putusan dari Lapas": "e.g. a copy of the verdict from the prison",
    "Penghapusan tidak dapat dibatalkan. Nama, nomor identitas, tindak pidana, alamat, keahlian, riwayat kerja dan catatan akan dihapus.": "Erasure cannot be undone. Name, identity number, offence, address, skills, work history and notes will be erased.",  # noqa: E501
    "Sertifikat tetap dapat diverifikasi (hanya inisial pemegang yang disimpan) dan log audit tetap ada.": "Certificates can still be verified (only the holder's initials are kept) and the audit log stays.",  # noqa: E501
    "Masih ada %s tinjauan keberatan yang belum selesai.": "%s objection reviews are still open.",
    "Ketik pseudonim": "Type the pseudonym",
    "untuk mengonfirmasi": "to confirm",
    "hapus": "remove",
    "las, roti, C.10…": "las (welding), roti (bread), C.10…",
    "Halaman": "Pages",
    "Kolom": "Field",
    "Kembali ke beranda": "Back to the home page",
    "Spesifikasi mesin:": "Machine-readable specification:",
    "Autentikasi:": "Authentication:",
    "kunci dari admin": "key from an admin",
    "Kesalahan selalu berbentuk": "Errors always have the form",
    "Daftar memakai": "Lists take",
    "dan mengembalikan": "and return",
    "mengunduh CSV.": "downloads CSV.",
    "wajib": "required",
})  # fmt: skip


# Field labels and short phrases that messages with values put in a sentence ("{label} wajib diisi"); the
# patterns below translate them with ``!t``.
EN.update({
    # partners (api/partners/rules.py)
    "kode UPT": "facility code", "nama UPT": "facility name", "kode LSP": "LSP code", "nama LSP": "LSP name",
    "nomor lisensi BNSP": "BNSP licence number", "masa berlaku lisensi": "licence validity",
    "kode TUK": "TUK code", "nama TUK": "TUK name", "nama asesor": "assessor name",
    "awal masa aktif": "start of the active period", "akhir masa aktif": "end of the active period",
    "nama perusahaan": "company name", "sektor usaha": "business sector", "alamat": "address",
    "nama narahubung": "contact name", "nama": "name", "pemberi kerja": "employer",
    "lapas/rutan/LPKA": "prison/detention centre/LPKA", "employer": "employer", "facility": "facility",
    "bapas": "Bapas", "lsp": "LSP", "assessor": "assessor", "regency": "regency/city",
    # catalogue (api/catalogue/service.py FIELD_NAMES)
    "kode": "code", "judul": "title", "sektor": "sector", "deskripsi": "description",
    # caseload (api/caseload/registration.py)
    "tanggal asimilasi": "assimilation date", "tanggal pembebasan bersyarat": "parole date",
    "tanggal cuti bersyarat": "conditional leave date", "tanggal cuti menjelang bebas": "pre-release leave date",
    "perkiraan tanggal bebas": "expected release date", "tahanan (belum diputus)": "detained (not yet sentenced)",
    "pembebasan bersyarat / cuti bersyarat": "parole / conditional leave",
    # privacy (api/privacy/service.py)
    "alasan": "reason", "keberatan": "objection", "hasil tinjauan": "review outcome",
    # hiring stages and outbound address kinds
    "tidak ada (tahap akhir)": "none (final stage)", "tak ditentukan": "unspecified", "cadangan": "reserved",
    "privat": "private", "loopback": "loopback", "link-local": "link-local", "multicast": "multicast",
})  # fmt: skip


# Plain messages (constants) that pages show: form refusals of every capability.
EN.update({
    # web edge (api/web/errors.py, api/web/auth.py)
    "wajib diisi": "is required", "harus bilangan bulat": "must be a whole number", "harus angka": "must be a number",
    "harus ya atau tidak (true/false)": "must be yes or no (true/false)",
    "harus tanggal TTTT-BB-HH": "must be a date YYYY-MM-DD", "harus teks": "must be text",
    "JSON tidak valid": "invalid JSON", "harus objek JSON": "must be a JSON object",
    "harus daftar (array)": "must be a list (array)", "kolom tidak dikenal": "unknown field",
    "nilai tidak valid": "invalid value",
    "Permintaan tidak valid": "Invalid request", "Silakan masuk terlebih dahulu": "Please sign in first",
    "Akses ditolak": "Access denied", "Tidak ditemukan": "Not found", "Konflik data": "Data conflict",
    "Data tidak valid": "Invalid data", "Terlalu banyak permintaan": "Too many requests",
    "Layanan sedang tidak tersedia": "Service unavailable",
    "sertifikat tidak ditemukan; periksa kembali nomornya": "certificate not found; check the number again",
    "Data tidak ditemukan, atau Anda tidak berwenang membukanya.":
        "Not found, or you are not allowed to open it.",
    "layanan sedang tidak tersedia (basis data); coba lagi sebentar lagi":
        "the service is unavailable (database); try again shortly",
    "karakter atau nilai dalam permintaan tidak valid": "a character or value in the request is not valid",
    "Token CSRF tidak valid atau kedaluwarsa; muat ulang halaman lalu coba lagi.":
        "The CSRF token is invalid or expired; reload the page and try again.",
    "Kemitraan perusahaan Anda sedang dibekukan oleh Kemnaker; lowongan dan kandidat tidak dapat dibuka.":
        "Your company's partnership is suspended by Kemnaker; vacancies and candidates cannot be opened.",
    "Permohonan kemitraan perusahaan Anda ditolak; lowongan dan kandidat tidak dapat dibuka.":
        "Your company's partnership application was rejected; vacancies and candidates cannot be opened.",
    "Akun ini tidak terhubung dengan mitra yang aktif.": "This account is not linked to an active partner.",
    "Peran Anda tidak diizinkan membuka halaman ini.": "Your role may not open this page.",
    "Email atau kata sandi salah.": "Wrong email or password.",
    # hiring
    "penolakan memerlukan alasan": "a rejection needs a reason",
    "kembali ke tahap sebelumnya memerlukan alasan": "moving back a stage needs a reason",
    "catatan wajib diisi": "the note is required",
    "status harus draf (draft), dibuka (open) atau ditutup (closed)":
        "the status must be draft, open or closed",
    # caseload
    "nomor registrasi (SDP) wajib diisi": "the registration number (SDP) is required",
    "nomor registrasi paling panjang 100 karakter": "the registration number can have at most 100 characters",
    "nama lengkap wajib diisi": "the full name is required",
    "nama lengkap paling panjang 200 karakter": "the full name can have at most 200 characters",
    "pilih jenis kelamin: L (laki-laki) atau P (perempuan)": "choose the sex: L (male) or P (female)",
    "pilih Lapas, Rutan atau LPKA tempat klien dibina (yang berinduk ke Bapas Anda)":
        "choose the prison, detention centre or LPKA where the client is held (one under your Bapas)",
    "kabupaten/kota domisili wajib dipilih": "the domicile regency/city is required",
    "perkiraan tanggal bebas wajib diisi untuk narapidana (YYYY-MM-DD)":
        "the expected release date is required for a sentenced person (YYYY-MM-DD)",
    "klien berstatus bebas: tanggal bebas tidak boleh sesudah hari ini":
        "the client is released: the release date cannot be after today",
    "catatan persetujuan paling panjang 1000 karakter": "the consent note can have at most 1000 characters",
    "hanya PK Bapas yang mendaftarkan klien": "only Bapas officers register clients",
    "lowongan bukan milik pemberi kerja ini": "the vacancy does not belong to this employer",
    # catalogue
    "jenjang KKNI harus angka 1 sampai 9": "the KKNI level must be a number from 1 to 9",
    "masa berlaku harus angka tahun (1 sampai 10)": "the validity must be a number of years (1 to 10)",
    "masa berlaku harus 1 sampai 10 tahun": "the validity must be 1 to 10 years",
    "jenis impor harus units atau schemes": "the import kind must be units or schemes",
    "berkas CSV harus UTF-8": "the CSV file must be UTF-8",
    "skema memerlukan paling sedikit satu unit kompetensi": "a scheme needs at least one competency unit",
    "berkas kosong: tidak ada baris untuk diimpor": "empty file: no rows to import",
    "kode skema tidak dapat diubah": "the scheme code cannot be changed",
    # feeds
    "jawaban server feed bukan JSON (UTF-8) yang sah": "the feed server's answer is not valid JSON (UTF-8)",
    "wajib diisi: tanggal kejadian YYYY-MM-DD": "required: the date of the event YYYY-MM-DD",
    "alamat harus URL http:// atau https:// yang lengkap": "the address must be a full http:// or https:// URL",
    "token paling panjang 2000 karakter, tanpa baris baru": "the token can have at most 2000 characters, no line breaks",  # noqa: E501
    "selang harus bilangan 1 sampai 10080 menit (satu minggu)": "the interval must be 1 to 10080 minutes (one week)",  # noqa: E501
    "wajib ada dan berupa daftar (array JSON)": "is required and must be a list (JSON array)",
    "wajib diisi: id lowongan di portal (teks atau angka)": "required: the vacancy's id on the portal (text or number)",  # noqa: E501
    "lebih dari 80 karakter": "longer than 80 characters",
    "orang yang sudah bebas hanya dapat masuk kembali dengan jenis 'readmission'":
        "a released person can only come back with the type 'readmission'",
    "pilih dari daftar (id berupa angka)": "choose from the list (the id is a number)",
    "feed lowongan tidak memakai lingkup UPT; kosongkan": "a vacancy feed has no facility scope; leave it empty",
    "feed SDP tidak memakai pemberi kerja; kosongkan": "an SDP feed has no employer; leave it empty",
    "wajib diisi (teks)": "required (text)",
    "status setelah masuk kembali tidak boleh 'released'": "the status after readmission cannot be 'released'",
    "orang yang sudah bebas tidak dapat dipindahkan; pakai 'readmission'":
        "a released person cannot be transferred; use 'readmission'",
    "berisi karakter NUL": "contains a NUL character",
    "tidak ada kunci data untuk mengenkripsi token; atur BINAKERJA_DATA_KEY":
        "no data key to encrypt the token; set BINAKERJA_DATA_KEY",
    "jenis konektor tidak dapat diubah; buat konektor baru": "the connector kind cannot be changed; create a new connector",  # noqa: E501
    "token konektor terenkripsi tetapi tidak ada kunci data (BINAKERJA_DATA_KEY)":
        "the connector token is encrypted but there is no data key (BINAKERJA_DATA_KEY)",
    "lingkup SDP harus lapas/rutan/LPKA, bukan Bapas": "an SDP scope must be a prison/detention centre/LPKA, not a Bapas",  # noqa: E501
    "token konektor tidak dapat didekripsi dengan kunci data yang ada":
        "the connector token cannot be decrypted with the data keys at hand",
    "pemberi kerja tidak dikenal; pilih dari daftar": "unknown employer; choose one from the list",
    "UPT tidak dikenal; pilih dari daftar": "unknown facility; choose one from the list",
    "nama konektor sudah dipakai; pilih nama lain": "the connector name is taken; choose another",
    # imports
    "ada nama kolom yang kosong di baris judul": "a column name in the header row is empty",
    "kolom wajib tidak ada di baris judul": "a required column is missing from the header row",
    "tidak ada kunci data untuk enkripsi": "no data key for encryption",
    "berkas kosong: tidak ada baris data di bawah baris judul": "empty file: no data rows below the header row",
    "required": "required",
    # partners
    "kedua kata sandi tidak sama": "the two passwords differ",
    "hanya pengguna pemberi kerja, Bapas atau LSP yang dapat menjadi admin organisasinya":
        "only employer, Bapas or LSP users can be their organisation's admin",
    "hanya pengguna LSP yang dapat dihubungkan dengan asesor": "only LSP users can be linked to an assessor",
    "hanya admin organisasi yang dapat mengundang rekan; minta admin organisasi Anda":
        "only an organisation admin can invite colleagues; ask your organisation's admin",
    "tidak dikenal": "unknown",
    "undangan ini sudah dipakai; silakan masuk dengan email dan kata sandi Anda":
        "this invitation was already used; sign in with your email and password",
    "undangan ini sudah kedaluwarsa; minta undangan baru kepada yang mengundang Anda":
        "this invitation has expired; ask whoever invited you for a new one",
    "pilihan tidak valid": "invalid choice", "kode undangan tidak dikenal": "unknown invitation code",
    "UPT induk LSP P1 harus Lapas, Rutan atau LPKA, bukan Bapas":
        "a P1 LSP's home facility must be a prison, detention centre or LPKA, not a Bapas",
    "UPT tidak dapat berinduk ke dirinya sendiri": "a facility cannot report to itself",
    "alasan penonaktifan wajib diisi": "the reason for deactivating is required",
    "filter tidak valid: pakai angka untuk id dan YYYY-MM-DD untuk tanggal":
        "invalid filter: use numbers for ids and YYYY-MM-DD for dates",
    "email ini sudah dipakai pengguna lain": "this email is already used by another user",
    "dokumen NIB tidak sesuai": "the NIB document does not match",
    "alamat email tidak valid (mis. nama@perusahaan.co.id)": "invalid email address (e.g. name@company.co.id)",
    "jenis UPT harus lapas, rutan, lpka atau bapas": "the facility kind must be lapas, rutan, lpka or bapas",
    "jenis LSP harus P1, P2 atau P3": "the LSP kind must be P1, P2 or P3",
    "nomor registrasi asesor (MET) wajib diisi": "the assessor registration number (MET) is required",
    "akhir masa aktif tidak boleh sebelum awal masa aktif": "the end of the active period cannot be before its start",  # noqa: E501
    "NIB (Nomor Induk Berusaha dari OSS) wajib diisi": "the NIB (business registration number from OSS) is required",  # noqa: E501
    "kode KBLI wajib diisi (5 angka KBLI 2020, mis. 25111)": "the KBLI code is required (5 digits of KBLI 2020, e.g. 25111)",  # noqa: E501
    "email narahubung wajib diisi": "the contact email is required",
    "nomor telepon narahubung wajib diisi": "the contact phone number is required",
    "alasan wajib diisi (dicatat dan ditunjukkan kepada mitra)": "a reason is required (it is logged and shown to the partner)",  # noqa: E501
    "email wajib diisi": "the email is required",
    "organisasi harus employer, bapas, lsp, facility, kemnaker atau admin":
        "the organisation must be employer, bapas, lsp, facility, kemnaker or admin",
    "kabupaten/kota wajib dipilih (kode BPS NN.NN, mis. 32.73)": "the regency/city is required (BPS code NN.NN, e.g. 32.73)",  # noqa: E501
    "Bapas tidak berinduk ke Bapas lain; kosongkan pilihan Bapas": "a Bapas does not report to another Bapas; leave the Bapas empty",  # noqa: E501
    "LSP P1 wajib memilih UPT induknya (LSP P1 hanya menyertifikasi warga binaan UPT itu)":
        "a P1 LSP must choose its home facility (a P1 LSP certifies only that facility's inmates)",
    "format nomor sertifikat hanya boleh memakai {lsp}, {scheme}, {year}, {seq} dan wajib {seq}":
        "the certificate number format may use only {lsp}, {scheme}, {year}, {seq} and must use {seq}",
    "nomor telepon harus diawali 0, 62 atau +62 dan berisi 8–15 angka":
        "the phone number must start with 0, 62 or +62 and have 8–15 digits",
    "alasan paling panjang 1000 karakter": "the reason can have at most 1000 characters",
    "pilih organisasinya (pemberi kerja, Bapas, LSP atau lapas/rutan/LPKA)":
        "choose the organisation (employer, Bapas, LSP or prison/detention centre/LPKA)",
    "hanya LSP P1 yang mempunyai UPT induk; kosongkan untuk P2/P3": "only a P1 LSP has a home facility; leave it empty for P2/P3",  # noqa: E501
    "staf Kemnaker dan admin tidak berada di organisasi mitra": "Kemnaker staff and admins are not in a partner organisation",  # noqa: E501
    "token penyiapan salah: salin token yang dicetak di log server saat mulai":
        "wrong setup token: copy the token printed in the server log at start-up",
    "nama wajib diisi": "the name is required",
    "hanya asesor LSP yang memakai assessor_id": "only LSP assessors use assessor_id",
    "sudah ada admin; admin berikutnya diundang oleh admin yang ada":
        "there is already an admin; further admins are invited by an existing admin",
    # privacy
    "kode kabupaten/kota dan kecamatan pada NIK (angka ke-3 sampai ke-6) tidak boleh 00":
        "the regency and district codes in the NIK (digits 3 to 6) cannot be 00",
    "nomor urut pada NIK (4 angka terakhir) tidak boleh 0000": "the serial number in the NIK (last 4 digits) cannot be 0000",  # noqa: E501
    "pilih kategori tindak pidana": "choose the offence category",
    "uraian tindak pidana berisi karakter yang tidak sah": "the offence description contains invalid characters",
    "alasan wajib diisi (minimal 3 huruf)": "a reason is required (at least 3 letters)",
    "isi NIK atau tindak pidana (atau pilih hapus) sebelum menyimpan":
        "fill in the NIK or the offence (or choose remove) before saving",
    "lowongan tidak dikenal": "unknown vacancy",
    # training (services' own refusals; form messages are in api/training/messages.py)
    "hanya staf pelatihan dan staf Kemnaker yang dapat membuat program":
        "only training staff and Kemnaker staff can create programmes",
    "hanya staf pelatihan yang membuka kelas di UPT-nya": "only training staff open classes, at their own facility",
    "bagaimana mantan warga binaan direkrut, didampingi dan dijaga kerahasiaannya":
        "how former inmates are recruited, supported and kept confidential",
    "Tidak sekolah": "No schooling", "SD": "SD (primary)", "SMP": "SMP (lower secondary)",
    "SMA/SMK": "SMA/SMK (upper secondary)", "D3": "D3 (diploma)", "S1": "S1 (bachelor)",
    "nama 2-63 karakter: huruf kecil, angka, '-' atau '_', diawali huruf/angka":
        "the name must be 2-63 characters: lower-case letters, digits, '-' or '_', starting with a letter or digit",
    "jangan sertakan 'since=' di alamat; kursor ditambahkan otomatis":
        "do not put 'since=' in the address; the cursor is added automatically",
    "feed lowongan memerlukan pemberi kerja tujuan": "a vacancy feed needs a target employer",
    "— tidak ada —": "— none —",
    "hanya staf pelatihan dan staf Kemnaker yang melihat corong pelatihan":
        "only training staff and Kemnaker staff see the training funnel",
})  # fmt: skip


def _patterns(*pairs: tuple[str, str]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), english) for p, english in pairs]


# Messages with values in them: a regular expression on the whole Indonesian text -> an English template of its
# groups (``{0}`` as is, ``{0!t}`` translated: a label or a nested message; ``{0!l}`` a translated list).
# First match wins; the generic prefixes come last.
EN_PATTERNS: list[tuple[re.Pattern[str], str]] = _patterns(
    # hiring (api/hiring/rules.py, api/hiring/service.py)
    (r"^judul lowongan paling banyak (\d+) karakter \(terisi (\d+)\)$",
     "the vacancy title can have at most {0} characters (it has {1})"),
    (r"^deskripsi paling banyak (\d+) karakter \(terisi (\d+)\)$",
     "the description can have at most {0} characters (it has {1})"),
    (r"^persyaratan paling banyak (\d+) baris \(terisi (\d+)\)$",
     "the requirements can have at most {0} lines (there are {1})"),
    (r"^persyaratan baris (\d+) paling banyak (\d+) karakter$",
     "requirement line {0} can have at most {1} characters"),
    (r"^unit wajib paling banyak (\d+) \(terisi (\d+)\)$", "at most {0} required units (there are {1})"),
    (r"^unit kompetensi tidak dikenal: (.+)$", "unknown competency units: {0}"),
    (r"^kabupaten/kota dengan kode “(.*)” tidak dikenal$", "unknown regency/city code “{0}”"),
    (r"^kabupaten/kota dengan kode (.*) tidak dikenal$", "unknown regency/city code {0}"),
    (r"^radius harus bilangan bulat kilometer, 1 sampai (\d+)$", "the radius must be a whole number of km, 1 to {0}"),
    (r"^tahap “(.*)” tidak dikenal; pilih salah satu: (.+)$", "unknown stage “{0}”; choose one of: {1!l}"),
    (r"^tidak dapat pindah dari (.+) ke (.+); yang diizinkan: (.+)$",
     "cannot move from {0!t} to {1!t}; allowed: {2!l}"),
    (r"^catatan paling banyak (\d+) karakter$", "the note can have at most {0} characters"),
    # web edge (api/web/errors.py validation_message, api/web/outbound.py)
    (r"^paling kecil (\S+)$", "must be at least {0}"),
    (r"^paling besar (\S+)$", "must be at most {0}"),
    (r"^harus lebih dari (\S+)$", "must be greater than {0}"),
    (r"^harus kurang dari (\S+)$", "must be less than {0}"),
    (r"^paling banyak (\S+) karakter$", "can have at most {0} characters"),
    (r"^paling sedikit (\S+) karakter$", "must have at least {0} characters"),
    (r"^harus salah satu dari:? (.+); bukan (.+)$", "must be one of {0}; not {1}"),
    (r"^harus salah satu dari:? (.+)$", "must be one of: {0}"),
    (r"^alamat IP tidak sah \((.*)\)$", "invalid IP address ({0})"),
    (r"^URL menuju alamat (.+) \((.*)\); hanya alamat internet publik yang diizinkan$",
     "the URL leads to a {0!t} address ({1}); only public internet addresses are allowed"),
    (r"^nama host (\S+) tidak dapat di-resolve: (.*)$", "host name {0} cannot be resolved: {1}"),
    # caseload (api/caseload/registration.py, service.py, rules.py)
    (r"^(.+) harus tanggal YYYY-MM-DD, bukan (.*)$", "{0!t} must be a date YYYY-MM-DD, not {1}"),
    (r"^tahun lahir harus angka antara (\d+) dan (\d+)$", "the birth year must be a number between {0} and {1}"),
    (r"^(.+) \((\d{4}-\d\d-\d\d)\) tidak boleh sesudah tanggal bebas$", "{0!t} ({1}) cannot be after the release date"),
    (r"^status harus salah satu dari: (.+)$", "the status must be one of: {0!l}"),
    (r"^pendidikan harus salah satu dari: (.+)$", "the education must be one of: {0!l}"),
    (r"^nomor registrasi (.+) sudah terdaftar$", "registration number {0} is already registered"),
    (r"^tanggal mulai kerja paling lambat (\S+) \(enam bulan dari hari ini\)$",
     "the job start date can be {0} at the latest (six months from today)"),
    (r"^tanggal mulai kerja paling awal (\S+) \(dua tahun lalu\)$",
     "the job start date can be {0} at the earliest (two years ago)"),
    (r"^tindak lanjut (\d+) bulan baru dapat dicatat mulai (\S+)$",
     "the {0}-month follow-up can be recorded from {1}"),
    (r"^tindak lanjut (\d+) bulan untuk penempatan (\d+) sudah tercatat$",
     "the {0}-month follow-up of placement {1} is already recorded"),
    (r"^pendaftaran (\d+) tidak terbuka$", "enrolment {0} is not open"),
    # catalogue (api/catalogue/service.py)
    (r"^(.+) paling banyak (\d+) karakter$", "{0!t} can have at most {1} characters"),
    (r"^skema paling banyak (\d+) unit$", "a scheme can have at most {0} units"),
    (r"^jenis skema harus salah satu dari: (.+)$", "the scheme kind must be one of: {0}"),
    (r"^LSP (\S+) tidak dikenal$", "unknown LSP {0}"),
    (r"^“(.*)” bukan kode unit SKKNI \(contoh: (.+)\)$", "“{0}” is not an SKKNI unit code (example: {1})"),
    (r"^unit (\S+) tercantum dua kali$", "unit {0} appears twice"),
    (r"^kode skema “(.*)” hanya boleh berisi huruf, angka dan \. _ / -$",
     "scheme code “{0}” may contain only letters, digits and . _ / -"),
    # partners (api/partners/*.py)
    (r"^(.+) wajib diisi \(YYYY-MM-DD\)$", "{0!t} is required (YYYY-MM-DD)"),
    (r"^(.+) wajib diisi$", "{0!t} is required"),
    (r"^(.+) wajib diisi \(minimal 3 huruf\)$", "{0!t} is required (at least 3 letters)"),
    (r"^(.+) paling panjang (\d+) karakter \(sekarang (\d+)\)$", "{0!t} can have at most {1} characters (it has {2})"),
    (r"^(.+) hanya boleh huruf, angka dan tanda hubung \(2–40 karakter\), mis\. (.+)$",
     "{0!t} may contain only letters, digits and hyphens (2–40 characters), e.g. {1}"),
    (r"^kode kabupaten/kota harus berbentuk NN\.NN \(mis\. 32\.73\), bukan (.*)$",
     "the regency/city code must look like NN.NN (e.g. 32.73), not {0}"),
    (r"^kata sandi minimal (\d+) karakter$", "the password must have at least {0} characters"),
    (r"^(.+) wajib memilih Bapas tempat warga binaannya dibimbing$",
     "a {0} must choose the Bapas that supervises its inmates"),
    (r"^lisensi BNSP sudah tidak berlaku sejak (\S+)$", "the BNSP licence has not been valid since {0}"),
    (r"^nomor registrasi asesor harus berbentuk MET\.000\.001234 2024, bukan (.*)$",
     "the assessor registration number must look like MET.000.001234 2024, not {0}"),
    (r"^NIB harus tepat 13 angka, ada (\d+) karakter$", "the NIB must be exactly 13 digits; it has {0} characters"),
    (r"^kode KBLI harus 5 angka \(KBLI 2020, mis\. 25111\), bukan (.*)$",
     "the KBLI code must be 5 digits (KBLI 2020, e.g. 25111), not {0}"),
    (r"^jelaskan kebijakan kesempatan kedua perusahaan \(minimal (\d+) karakter\): (.*)$",
     "describe the company's fair-chance policy (at least {0} characters): {1!t}"),
    (r"^kebijakan kesempatan kedua paling panjang (\d+) karakter \(sekarang (\d+)\)$",
     "the fair-chance policy can have at most {0} characters (it has {1})"),
    (r"^tindakan tidak dikenal (.*); pilih (.+)$", "unknown action {0}; choose {1}"),
    (r"^tindakan ini hanya untuk mitra yang (.+)$", "this action is only for partners that are {0!t}"),
    (r"^mitra berstatus (.+); tindakan ini hanya untuk mitra yang (.+)$",
     "the partner is {0!t}; this action is only for partners that are {1!t}"),
    (r"^(.+) (\S+) tidak terdaftar$", "{0!t} {1} is not registered"),
    (r"^LSP dengan kode (.*) tidak terdaftar \(impor LSP lebih dulu\)$",
     "no LSP with code {0} is registered (import the LSPs first)"),
    (r"^(TUK|asesor) (.+) sudah terdaftar pada LSP lain$", "{0!t} {1} is already registered with another LSP"),
    (r"^jenis impor harus salah satu dari (.+)$", "the import kind must be one of {0}"),
    (r"^(.+) sudah ada di baris (\d+)$", "{0} already appears on line {1}"),
    (r"^peran (\S+) tidak memakai lingkup; kosongkan pilihan lingkup$",
     "role {0} has no scope; leave the scope empty"),
    (r"^peran (\S+) memerlukan lingkup (.+); pilih dari daftar (.+)$",
     "role {0} needs a scope of kind {1!t}; choose one from the {2!t} list"),
    (r"^peran (\S+) tidak memakai (\S+)$", "role {0} does not use {1}"),
    (r"^peran (\S+) memerlukan (\S+)$", "role {0} needs {1}"),
    (r"^peran harus salah satu dari (.+)$", "the role must be one of {0}"),
    (r"^UPT (\S+) bukan Bapas; PK Bapas dilingkupkan ke satu Bapas$",
     "facility {0} is not a Bapas; a Bapas officer is scoped to one Bapas"),
    (r"^asesor (\S+) bukan asesor (.+)$", "assessor {0} is not an assessor of {1}"),
    (r"^UPT (\S+) adalah Bapas; staf pelatihan bekerja di lapas/rutan/LPKA$",
     "facility {0} is a Bapas; training staff work at a prison/detention centre/LPKA"),
    (r"^Terlalu banyak percobaan masuk\. Coba lagi dalam (\d+) detik\.$",
     "Too many sign-in attempts. Try again in {0} seconds."),
    (r"^NIB (\S+) sudah terdaftar sebagai mitra; hubungi Kemnaker bila ini keliru$",
     "NIB {0} is already registered as a partner; contact Kemnaker if this is wrong"),
    (r"^email (\S+) sudah dipakai akun lain$", "email {0} is already used by another account"),
    (r"^(.+) bukan Bapas; pilih Bapas tempat warga binaan dibimbing$",
     "{0} is not a Bapas; choose the Bapas that supervises the inmates"),
    (r"^kode (UPT|LSP|TUK) (\S+) sudah terdaftar$", "{0} code {1} is already registered"),
    (r"^nomor registrasi asesor (.+) sudah terdaftar$", "assessor registration number {0} is already registered"),
    (r"^asesor (.+) sudah dinonaktifkan$", "assessor {0} is already deactivated"),
    (r"^jenis UPT (\S+) tidak dapat diubah: sudah dipakai warga binaan, pengguna atau UPT lain$",
     "the kind of facility {0} cannot be changed: inmates, users or other facilities already use it"),
    (r"^berkas CSV lebih dari (\d+) MB$", "the CSV file is larger than {0} MB"),
    # privacy (api/privacy/rules.py)
    (r"^NIK harus tepat (\d+) angka, ada (\d+) angka$", "the NIK must be exactly {0} digits; it has {1}"),
    (r"^NIK hanya boleh berisi (\d+) angka$", "the NIK may contain only {0} digits"),
    (r"^kode provinsi (\S+) di awal NIK tidak dikenal$", "province code {0} at the start of the NIK is unknown"),
    (r"^tanggal lahir pada NIK \(angka ke-7 sampai ke-12: (\S+)\) bukan tanggal yang mungkin$",
     "the date of birth in the NIK (digits 7 to 12: {0}) is not a possible date"),
    (r"^tahun lahir pada NIK \(\.\.(\S+)\) tidak cocok dengan tahun lahir klien \((\S+)\)$",
     "the birth year in the NIK (..{0}) does not match the client's birth year ({1})"),
    (r"^kategori tindak pidana harus salah satu dari: (.+); tertulis (.*)$",
     "the offence category must be one of: {0}; given {1}"),
    (r"^uraian tindak pidana paling banyak (\d+) karakter, ada (\d+)$",
     "the offence description can have at most {0} characters; it has {1}"),
    # feeds (api/feeds/rules.py, connectors.py, service.py): run errors and the connector form
    (r"^jawaban harus objek JSON dengan 'items', bukan (.+)$", "the answer must be a JSON object with 'items', not {0}"),  # noqa: E501
    (r"^lebih dari (\d+) rekaman dalam satu halaman$", "more than {0} records in one page"),
    (r"^harus teks \(paling panjang (\d+) karakter\) atau null$", "must be text (at most {0} characters) or null"),
    (r"^setiap rekaman harus objek JSON, bukan (.+)$", "every record must be a JSON object, not {0}"),
    (r"^kolom tidak dikenal; kolom yang dikenal: (.+)$", "unknown field; known fields: {0}"),
    (r"^lebih dari (\d+) karakter atau berisi karakter NUL$", "longer than {0} characters or contains a NUL character"),
    (r"^tidak dipakai untuk jenis (.+); hapus kolom ini$", "not used for type {0}; remove this field"),
    (r"^wajib diisi untuk jenis (.+)$", "required for type {0}"),
    (r"^jenis 'dates' memerlukan salah satu dari (.+)$", "type 'dates' needs one of {0}"),
    (r"^kode UPT tidak dikenal: (.+)$", "unknown facility code: {0}"),
    (r"^penerimaan kembali hanya untuk orang yang sudah bebas; status sekarang (.+)$",
     "readmission is only for a released person; the status now is {0}"),
    (r"^nomor registrasi tidak dikenal: (.+)$", "unknown registration number: {0}"),
    (r"^jenis harus salah satu dari (.+)$", "the kind must be one of {0}"),
    (r"^server feed tidak menjawab dalam (\d+) detik \((.*)\)$", "the feed server did not answer within {0} seconds ({1})"),  # noqa: E501
    (r"^server feed tidak boleh dihubungi \((.*?)\): (.*)$", "the feed server may not be contacted ({0}): {1!t}"),
    (r"^server feed tidak dapat dihubungi \((.*)\): koneksi gagal$", "the feed server cannot be reached ({0}): connection failed"),  # noqa: E501
    (r"^gagal mengambil feed dari (.+): (\w+)$", "could not fetch the feed from {0}: {1}"),
    (r"^halaman feed lebih dari (\d+) MB$", "the feed page is larger than {0} MB"),
    (r"^server feed menolak token \(HTTP (\d+)\); periksa token konektor$",
     "the feed server refused the token (HTTP {0}); check the connector's token"),
    (r"^server feed menjawab HTTP (\d+), bukan 200$", "the feed server answered HTTP {0}, not 200"),
    (r"^konektor (.+) sedang berjalan; coba lagi setelah selesai$", "connector {0} is running; try again once it is done"),  # noqa: E501
    (r"^kesalahan tak terduga saat menyimpan: (.*)$", "unexpected error while saving: {0}"),
    (r"^harus berupa teks, bukan (.+)$", "must be text, not {0}"),
    (r"^lebih dari (\d+) karakter$", "longer than {0} characters"),
    (r"^harus bilangan bulat, bukan (.+)$", "must be a whole number, not {0}"),
    (r"^harus antara (\S+) dan (\S+), bukan (.+)$", "must be between {0} and {1}, not {2}"),
    (r"^harus tanggal YYYY-MM-DD, bukan (.+)$", "must be a date YYYY-MM-DD, not {0}"),
    (r"^bukan tanggal kalender yang sah: (.+)$", "not a valid calendar date: {0}"),
    (r"^tahun di luar rentang: (.+)$", "year out of range: {0}"),
    (r"^harus true/false \(atau ya/tidak, 1/0\), bukan (.+)$", "must be true/false (or yes/no, 1/0), not {0}"),
    (r"^harus daftar teks, bukan (.+)$", "must be a list of text, not {0}"),
    (r"^isi daftar harus teks, bukan (.+)$", "list items must be text, not {0}"),
    (r"^ada isi daftar yang lebih dari (\d+) karakter$", "an item is longer than {0} characters"),
    (r"^lebih dari (\d+) isi$", "more than {0} items"),
    (r"^harus kode kabupaten/kota BPS seperti 32\.73, bukan (.+)$", "must be a BPS regency code like 32.73, not {0}"),
    (r"^bukan kode unit SKKNI: (.+)$", "not an SKKNI unit code: {0}"),
    (r"^ganda: (.+) sudah ada di rekaman (\d+)$", "duplicate: {0} is already in record {1}"),
    (r"^pemberi kerja tidak dikenal: (.+)$", "unknown employer: {0}"),
    (r"^kode kabupaten/kota tidak dikenal: (.+)$", "unknown regency/city code: {0}"),
    (r"^kode unit kompetensi tidak dikenal di katalog: (.+)$", "competency unit code not in the catalogue: {0}"),
    (r"^(\S+) setelah tanggal perkiraan bebas (\S+)$", "{0} is after the expected release date {1}"),
    # imports (api/imports/*.py; the rest of their messages are English already)
    (r"^NIK harus berupa teks 16 angka, bukan (.+)$", "the NIK must be text of 16 digits, not {0}"),
    (r"^seharusnya (\d+) kolom, ada (\d+)$", "expected {0} columns, found {1}"),
    (r"^JSON tidak sah: (.*)$", "invalid JSON: {0}"),
    (r"^setiap baris harus berupa objek JSON, bukan (.+)$", "every line must be a JSON object, not {0}"),
    (r"^CSV rusak: (.*)$", "broken CSV: {0}"),
    # prefixes: an import's line and field (models/errors.py ImportRowError), a file name, a field name
    (r"^baris (\d+), kolom '([^']*)': (.*)$", "line {0}, field '{1}': {2!t}"),
    (r"^baris (\d+): (.*)$", "line {0}: {1!t}"),
    (r"^rekaman (\d+), kolom '([^']*)': (.*)$", "record {0}, field '{1}': {2!t}"),
    (r"^rekaman (\d+): (.*)$", "record {0}: {1!t}"),
    (r"^halaman, kolom '([^']*)': (.*)$", "page, field '{0}': {1!t}"),
    (r"^halaman: (.*)$", "page: {0!t}"),
    (r"^(.+?): (.*)\. Tidak ada yang disimpan\.$", "{0}: {1!t}. Nothing was saved."),
    (r"^([A-Za-z_][\w.]*): (.+)$", "{0}: {1!t}"),
    # a label with the stored key after it: "daftar pendek (shortlisted)"
    (r"^(.+) \(([a-z_]+)\)$", "{0!t} ({1})"),
)  # fmt: skip

# The printed reintegration plan's lines (api/caseload/rules.py plan_lines): why a vacancy suits the client.
EN.update({
    "Persyaratan": "Requirement", "unit kompetensi": "competency unit", "skema": "scheme",
    "keterampilan": "skill", "pengalaman": "experience", "profil": "profile",
    "Baru tersedia setelah tanggal mulai kerja.": "Available only after the start date.",
})  # fmt: skip
EN_PATTERNS[0:0] = _patterns(
    (r"^(Jabatan|Persyaratan) “(.+)” belum terpenuhi\.$", "{0!t} “{1}” not met yet."),
    (r"^(Jabatan|Persyaratan) “(.+)” (sangat sesuai|cukup sesuai|kurang sesuai) dengan "
     r"(unit kompetensi|skema|keterampilan|pengalaman|profil) “(.+)”\.$", "{0!t} “{1}” matches {3!t} “{4}” ({2!t})."),
    (r"^Belum memiliki unit (.+)\.$", "Does not hold unit(s) {0} yet."),
    (r"^Sertifikat untuk unit (.+) perlu diperbarui\.$", "The certificate for unit(s) {0} needs renewing."),
)  # fmt: skip

# Offence categories (api/privacy/rules.py OFFENCE_CATEGORIES), as the officer's form lists them.
EN.update({
    "Narkotika": "Narcotics", "Pencurian": "Theft", "Penipuan/penggelapan": "Fraud/embezzlement",
    "Penganiayaan": "Assault", "Pembunuhan": "Homicide",
    "Kesusilaan/perlindungan anak": "Sexual offences/child protection",
    "Korupsi": "Corruption", "Lainnya": "Other",
})  # fmt: skip

# Consent in plain words (api/caseload/rules.py consent_words, consent_change_words): clauses joined by "; ".
EN.update({
    "bersedia dicocokkan dengan pemberi kerja": "willing to be matched with employers",
    "tidak bersedia dicocokkan": "not willing to be matched",
    "nama boleh ditampilkan": "the name may be shown", "nama tidak ditampilkan": "the name is not shown",
    "lapas/rutan boleh ditampilkan": "the prison may be shown",
    "lapas/rutan tidak ditampilkan": "the prison is not shown",
    "tindak pidana boleh diungkap pada tahap penawaran": "the offence may be disclosed at the offer stage",
    "tindak pidana tidak diungkap": "the offence is not disclosed",
    "mulai bersedia dicocokkan": "became willing to be matched",
    "mencabut kesediaan dicocokkan": "withdrew willingness to be matched",
    "mengizinkan nama ditampilkan": "allowed the name to be shown",
    "mencabut izin menampilkan nama": "withdrew permission to show the name",
    "mengizinkan lapas/rutan ditampilkan": "allowed the prison to be shown",
    "mencabut izin menampilkan lapas/rutan": "withdrew permission to show the prison",
    "mengizinkan pengungkapan tindak pidana": "allowed disclosure of the offence",
    "mencabut izin pengungkapan tindak pidana": "withdrew permission to disclose the offence",
    "Pertama dicatat.": "First recorded.", "Tidak ada perubahan.": "No change.",
})  # fmt: skip
# a consent sentence: its clauses start with these words (not any sentence: others stay as they are)
_CONSENT_CLAUSE = r"(?:bersedia|tidak bersedia|nama|lapas/rutan|tindak pidana|mulai|mencabut|mengizinkan) [^;]*"
EN_PATTERNS.append((re.compile(rf"^({_CONSENT_CLAUSE}(?:; {_CONSENT_CLAUSE})*)\.$", re.IGNORECASE), "{0!s}."))

# The admin's user form: the scope label names the organisation kind (api/partners/pages.py SCOPE_NAMES).
EN.update({"Bapas": "Bapas"})

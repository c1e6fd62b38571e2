"""Demo employers and vacancies (pure, seeded).

Vacancy texts are composed from several independent choices (opening style, a shuffled subset of
duties, a closing about conditions or fair-chance hiring, optional title decorations), so no two
read like one template with the blanks filled in.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from api.demo.people import person_name
from api.demo.places import NAME_GROUP, REGENCIES, regencies_by_province
from api.demo.trades import TRADES, Trade

_TAIL = (
    "Sejahtera",
    "Mandiri",
    "Abadi",
    "Jaya",
    "Makmur",
    "Nusantara",
    "Sentosa",
    "Prima",
    "Utama",
    "Berkah",
    "Lestari",
    "Mulia",
    "Perkasa",
    "Gemilang",
    "Bersama",
    "Indah",
    "Sukses",
    "Karya",
)
_CITY = {code: name.replace("Kota Administrasi ", "").replace("Kota ", "").replace("Kabupaten ", "")
         for code, name, *_ in REGENCIES}  # fmt: skip
_NAME_GROUPS = sorted(set(NAME_GROUP.values()))
# Java and the big cities host more employers.
_EMPLOYER_REGENCIES = [c for c, *_ in REGENCIES for _ in range(3 if c[:2] in ("31", "32", "33", "35", "36") else 1)]


@dataclass(frozen=True)
class EmployerSpec:
    external_id: str
    name: str
    sector: str
    trade_key: str
    province_code: str
    regency_code: str
    partner_status: str
    contact_email: str
    # partner application (issue 11): what a company types at /mitra/daftar
    nib: str = ""
    kbli: str = ""
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    fair_chance_policy: str = ""
    applied_days_ago: int = 0  # before the load day
    status_reason: str | None = None


@dataclass(frozen=True)
class VacancySpec:
    external_id: str
    employer_external_id: str
    title: str
    description: str
    requirements: tuple[str, ...]
    required_units: tuple[str, ...]
    province_code: str
    regency_code: str
    positions: int
    start_date: date
    fair_chance: bool
    status: str
    trade_key: str = ""
    created_on: date | None = None  # when it was posted (the dashboard counts vacancies per month)

    def copy_row(self, employer_id: int, external_id: str | None = None) -> tuple[object, ...]:
        """VACANCY_COPY_COLS (models.repositories.bulk), under this or another external id."""
        return (
            external_id or self.external_id,
            employer_id,
            self.title,
            self.description,
            list(self.requirements),
            list(self.required_units),
            self.province_code,
            self.regency_code,
            self.positions,
            self.start_date,
            self.fair_chance,
            self.status,
        )


# KBLI 2020 (5 digits) of each trade's typical employer.
KBLI = {
    "welding": "25111", "carpentry": "31001", "bakery": "10710", "culinary": "56101", "barista": "56303",
    "carwash": "45207", "motorcycle": "45405", "sewing": "14111", "fish": "03226", "poultry": "01462",
    "hydroponics": "01134", "coir": "16299", "solar": "43214", "office": "82110", "driving": "49431",
    "masonry": "41011", "housekeeping": "55110", "electrical": "43211",
}  # fmt: skip
_STREETS = ("Jl. Merdeka", "Jl. Sudirman", "Jl. Gatot Subroto", "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. Pemuda",
            "Jl. Raya Industri", "Jl. Kartini", "Jl. Pahlawan", "Jl. Veteran")  # fmt: skip
_POLICY = (
    "Kami merekrut mantan warga binaan sesuai keterampilan dan sertifikatnya. Riwayat hukum hanya dibahas setelah "
    "penawaran kerja, oleh HRD saja, dan tidak disebarkan. Pekerja baru didampingi seorang mentor selama tiga bulan."
)
_SUSPENDED = (
    "Laporan bahwa data kandidat dibagikan kepada pihak lain; dibekukan sampai klarifikasi selesai",
    "Lowongan berisi syarat yang mendiskriminasi mantan warga binaan; menunggu perbaikan",
)
_REJECTED = "NIB tidak ditemukan di OSS; silakan mendaftar lagi dengan NIB yang benar"
# Partners in every state, whatever the draw: these positions (from the end) are pending, suspended, rejected.
_FIXED_STATES = {1: "pending", 2: "pending", 3: "pending", 4: "suspended", 5: "suspended", 6: "rejected"}


def employers(rng: random.Random, count: int) -> list[EmployerSpec]:
    out: list[EmployerSpec] = []
    seen: set[str] = set()
    for i in range(count):
        trade = TRADES[i % len(TRADES)] if i < 2 * len(TRADES) else rng.choice(TRADES)
        regency = rng.choice(_EMPLOYER_REGENCIES)
        legal = rng.choices(("PT", "CV", "UD", "Koperasi"), weights=(50, 30, 15, 5))[0]
        stem = rng.choice(trade.employer_words)
        tail = rng.choice(_TAIL) if rng.random() < 0.7 else _CITY[regency]
        name = f"{legal} {stem} {tail}"
        while name in seen:
            name = f"{name} {rng.choice(_TAIL)}"
        seen.add(name)
        slug = re.sub(r"[^a-z0-9]+", "", name.lower().split(" ", 1)[1])
        status = rng.choices(("active", "pending", "suspended"), weights=(88, 9, 3))[0]
        status = _FIXED_STATES.get(count - i, status) if count >= 2 * len(_FIXED_STATES) else status
        applied = rng.randint(1, 20) if status == "pending" else rng.randint(60, 540)
        reason = rng.choice(_SUSPENDED) if status == "suspended" else _REJECTED if status == "rejected" else None
        contact = person_name(rng, rng.choice(_NAME_GROUPS), "P" if rng.random() < 0.5 else "L")
        out.append(
            EmployerSpec(
                external_id=f"DEMO-EMP-{i + 1:04d}",
                name=name,
                sector=trade.employer_sector,
                trade_key=trade.key,
                province_code=regency.split(".")[0],
                regency_code=regency,
                partner_status=status,
                contact_email=f"hrd.{slug}@contoh.id",
                nib=f"{912000000000 + i * 7919 % 1000000:013d}",
                kbli=KBLI.get(trade.key, "82990"),
                address=f"{rng.choice(_STREETS)} No. {rng.randint(1, 250)}, {_CITY[regency]}",
                contact_name=contact,
                contact_phone=f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}",
                fair_chance_policy=_POLICY,
                applied_days_ago=applied,
                status_reason=reason,
            )
        )
    return out


_OPEN_ID = (
    "{emp} membuka lowongan untuk posisi {title_l}.",
    "Kami sedang mencari {title_l} yang siap bekerja di {city}.",
    "Dibutuhkan segera: {title_l} untuk {place} kami.",
    "Usaha kami terus berkembang dan membutuhkan tambahan {title_l}.",
    "Bergabunglah dengan tim {emp} di {city}.",
    "Lowongan {title_l} — penempatan {city}.",
    "{emp} bergerak di bidang {sector} di {city} sejak {year}.",
    "Kesempatan kerja bagi Anda yang berpengalaman sebagai {title_l}.",
)
_OPEN_EN = (
    "{emp} is hiring a {title_l} in {city}.",
    "We are looking for a motivated {title_l} to join our {place}.",
    "Join our growing team in {city}.",
)
_CLOSE_FAIR = (
    "Kami terbuka bagi mantan warga binaan yang ingin memulai lagi.",
    "Perusahaan mitra program kesempatan kedua Kemnaker; riwayat hukum bukan halangan.",
    "Lamaran dari klien Bapas dipertimbangkan secara adil.",
    "Second-chance hiring welcome: we judge skills, not the past.",
    "Kami mendukung reintegrasi sosial dan menerima peserta program asimilasi.",
)
_CLOSE_TERMS = (
    "Gaji sesuai UMK, BPJS Ketenagakerjaan dan Kesehatan.",
    "Tersedia mess dan makan siang.",
    "Kontrak 6 bulan, dapat diperpanjang.",
    "Bonus target bulanan dan uang lembur.",
    "Pelatihan diberikan sebelum mulai bekerja.",
    "Competitive pay and on-the-job training.",
    "Jam kerja 08.00–16.00, Senin sampai Sabtu.",
    "Sistem kerja shift, libur bergilir.",
)
_GENERIC_REQ = (
    "Usia 18–45 tahun",
    "Sehat jasmani dan rohani",
    "Bersedia ditempatkan di {city}",
    "Minimal lulusan SMP",
    "Jujur, disiplin, dan bertanggung jawab",
    "Bisa bekerja dalam tim",
    "Willing to work shifts",
    "Domisili {city} dan sekitarnya",
    "Memiliki kendaraan sendiri diutamakan",
)
_TITLE_DECOR = (
    "{t}",
    "{t}",
    "{t}",
    "{t} ({city})",
    "{t} – Penempatan {city}",
    "Dibutuhkan {t}",
    "{t} (Kontrak)",
    "Senior {t}",
    "Junior {t}",
    "{t} – {emp_short}",
    "Lowongan {t} {city}",
    "{t} / Harian Lepas",
    "{t} Shift Malam",
)


def _sentence_case(text: str) -> str:
    """'Tukang Las SMAW' -> 'tukang las SMAW': lower-case ordinary words, keep acronyms and codes."""
    return " ".join(
        w if w[1:] and (w[1:] != w[1:].lower() or any(ch.isdigit() for ch in w)) else w.lower() for w in text.split(" ")
    )


def vacancies(rng: random.Random, emps: list[EmployerSpec], count: int, today: date) -> list[VacancySpec]:
    by_key = {t.key: t for t in TRADES}
    reg_by_prov = regencies_by_province()
    out: list[VacancySpec] = []
    for i in range(count):
        emp = emps[i] if i < len(emps) else rng.choice(emps)
        trade: Trade = by_key[emp.trade_key]
        if rng.random() < 0.12:  # a few employers also hire outside their main trade
            trade = rng.choice(TRADES)
        regency = emp.regency_code if rng.random() < 0.8 else rng.choice(reg_by_prov[emp.province_code])
        city = _CITY[regency]
        english = rng.random() < 0.15
        english_titles = [
            t
            for t in trade.titles
            if re.search(
                r"\b(Crew|Worker|Installer|Operator|Mechanic|"
                r"Driver|Cook|Attendant|Helper|Assistant)\b",
                t,
            )
        ]
        base = rng.choice(english_titles if english and english_titles else trade.titles)
        emp_short = emp.name.split(" ", 1)[1]
        title = rng.choice(_TITLE_DECOR).format(t=base, city=city, emp_short=emp_short)
        fmt = {
            "emp": emp.name,
            "title_l": _sentence_case(base),
            "city": city,
            "place": rng.choice(trade.places),
            "sector": trade.employer_sector.lower(),
            "year": rng.randint(1985, 2021),
        }
        parts = [rng.choice(_OPEN_EN if english else _OPEN_ID).format(**fmt)]
        parts += rng.sample(trade.duties, k=rng.randint(2, min(4, len(trade.duties))))
        fair = rng.random() < 0.85
        if fair and rng.random() < 0.7:
            parts.append(rng.choice(_CLOSE_FAIR))
        parts += rng.sample(_CLOSE_TERMS, k=rng.randint(0, 2))
        requirements = rng.sample(trade.requirements, k=rng.randint(2, min(5, len(trade.requirements))))
        requirements += [r.format(city=city) for r in rng.sample(_GENERIC_REQ, k=rng.randint(0, 2))]
        rng.shuffle(requirements)
        required_units: tuple[str, ...] = ()
        if rng.random() < 0.5:
            codes = [c for c, _ in trade.units]
            required_units = tuple(sorted(rng.sample(codes, k=rng.randint(1, min(3, len(codes))))))
        # A year and more of history: a third were posted 2-15 months ago (most of those filled and
        # closed, their start date past); the rest recently, most still open.
        if rng.random() < 0.35:
            created = today - timedelta(days=rng.randint(60, 460))
            start = created + timedelta(days=rng.randint(14, 60))
            status = rng.choices(("closed", "open"), weights=(85, 15))[0]
        else:
            created = today - timedelta(days=rng.randint(0, 59))
            start = today + timedelta(days=rng.randint(-30, 300))
            status = rng.choices(("open", "closed", "draft"), weights=(85, 10, 5))[0]
        out.append(
            VacancySpec(
                external_id=f"DEMO-VAC-{i + 1:05d}",
                employer_external_id=emp.external_id,
                title=title,
                description=" ".join(parts),
                requirements=tuple(requirements),
                required_units=required_units,
                province_code=regency.split(".")[0],
                regency_code=regency,
                positions=rng.choices((1, 2, 3, 5, 10), weights=(40, 25, 15, 12, 8))[0],
                start_date=start,
                fair_chance=fair,
                status=status,
                trade_key=trade.key,
                created_on=min(created, start),
            )
        )
    return out

"""Demo geography: BPS province and regency codes with approximate coordinates, and real UPT names.

Facility codes are the demo's own (``LAPAS-CIPINANG``); names and places are real, capacities and
the Bapas links are approximations good enough for a demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# code, name, name group used for people born there (see people.py)
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("12", "Sumatera Utara", "batak"),
    ("13", "Sumatera Barat", "minang"),
    ("16", "Sumatera Selatan", "melayu"),
    ("18", "Lampung", "melayu"),
    ("31", "DKI Jakarta", "betawi"),
    ("32", "Jawa Barat", "sunda"),
    ("33", "Jawa Tengah", "jawa"),
    ("34", "DI Yogyakarta", "jawa"),
    ("35", "Jawa Timur", "jawa"),
    ("36", "Banten", "sunda"),
    ("51", "Bali", "bali"),
    ("53", "Nusa Tenggara Timur", "ntt"),
    ("61", "Kalimantan Barat", "melayu"),
    ("64", "Kalimantan Timur", "bugis"),
    ("71", "Sulawesi Utara", "minahasa"),
    ("73", "Sulawesi Selatan", "bugis"),
    ("81", "Maluku", "maluku"),
    ("91", "Papua", "papua"),
)

# code, name, lat, lon
REGENCIES: tuple[tuple[str, str, float, float], ...] = (
    ("12.71", "Kota Medan", 3.59, 98.67),
    ("12.07", "Kabupaten Deli Serdang", 3.42, 98.70),
    ("12.75", "Kota Binjai", 3.60, 98.49),
    ("12.72", "Kota Pematangsiantar", 2.96, 99.06),
    ("13.71", "Kota Padang", -0.95, 100.35),
    ("13.75", "Kota Bukittinggi", -0.31, 100.37),
    ("16.71", "Kota Palembang", -2.98, 104.76),
    ("16.10", "Kabupaten Ogan Ilir", -3.43, 104.62),
    ("18.71", "Kota Bandar Lampung", -5.43, 105.26),
    ("18.01", "Kabupaten Lampung Selatan", -5.56, 105.55),
    ("31.74", "Kota Administrasi Jakarta Selatan", -6.26, 106.81),
    ("31.75", "Kota Administrasi Jakarta Timur", -6.23, 106.90),
    ("31.71", "Kota Administrasi Jakarta Pusat", -6.19, 106.83),
    ("31.73", "Kota Administrasi Jakarta Barat", -6.17, 106.76),
    ("31.72", "Kota Administrasi Jakarta Utara", -6.14, 106.88),
    ("32.01", "Kabupaten Bogor", -6.48, 106.83),
    ("32.04", "Kabupaten Bandung", -7.02, 107.53),
    ("32.09", "Kabupaten Cirebon", -6.76, 108.48),
    ("32.14", "Kabupaten Purwakarta", -6.56, 107.44),
    ("32.71", "Kota Bogor", -6.60, 106.80),
    ("32.73", "Kota Bandung", -6.91, 107.61),
    ("32.74", "Kota Cirebon", -6.71, 108.56),
    ("32.75", "Kota Bekasi", -6.24, 106.99),
    ("33.01", "Kabupaten Cilacap", -7.72, 109.01),
    ("33.02", "Kabupaten Banyumas", -7.43, 109.25),
    ("33.20", "Kabupaten Jepara", -6.59, 110.67),
    ("33.72", "Kota Surakarta", -7.57, 110.82),
    ("33.74", "Kota Semarang", -6.99, 110.42),
    ("34.02", "Kabupaten Bantul", -7.89, 110.33),
    ("34.03", "Kabupaten Gunungkidul", -7.97, 110.60),
    ("34.04", "Kabupaten Sleman", -7.72, 110.36),
    ("34.71", "Kota Yogyakarta", -7.80, 110.37),
    ("35.05", "Kabupaten Blitar", -8.10, 112.25),
    ("35.07", "Kabupaten Malang", -8.16, 112.63),
    ("35.15", "Kabupaten Sidoarjo", -7.45, 112.72),
    ("35.73", "Kota Malang", -7.98, 112.63),
    ("35.78", "Kota Surabaya", -7.25, 112.75),
    ("36.03", "Kabupaten Tangerang", -6.19, 106.48),
    ("36.71", "Kota Tangerang", -6.18, 106.63),
    ("36.73", "Kota Serang", -6.12, 106.15),
    ("51.03", "Kabupaten Badung", -8.58, 115.18),
    ("51.07", "Kabupaten Karangasem", -8.45, 115.61),
    ("51.71", "Kota Denpasar", -8.65, 115.22),
    ("53.71", "Kota Kupang", -10.18, 123.60),
    ("53.10", "Kabupaten Manggarai", -8.61, 120.46),
    ("61.71", "Kota Pontianak", -0.03, 109.33),
    ("61.72", "Kota Singkawang", 0.91, 108.98),
    ("64.71", "Kota Balikpapan", -1.24, 116.85),
    ("64.72", "Kota Samarinda", -0.50, 117.15),
    ("71.71", "Kota Manado", 1.47, 124.84),
    ("71.72", "Kota Bitung", 1.44, 125.19),
    ("73.71", "Kota Makassar", -5.14, 119.42),
    ("73.09", "Kabupaten Maros", -5.01, 119.57),
    ("73.06", "Kabupaten Gowa", -5.31, 119.74),
    ("81.71", "Kota Ambon", -3.70, 128.18),
    ("91.71", "Kota Jayapura", -2.54, 140.72),
    ("91.03", "Kabupaten Jayapura", -2.57, 140.50),
)


@dataclass(frozen=True)
class FacilitySpec:
    code: str
    name: str
    kind: str  # lapas | rutan | lpka | bapas
    regency_code: str
    weight: int = 0  # share of the demo population (0 for Bapas)
    gender: str | None = None  # 'P' for women's facilities, 'L' for men-only, None for mixed
    juvenile: bool = False

    @cached_property
    def province_code(self) -> str:
        return self.regency_code.split(".")[0]


F = FacilitySpec
FACILITIES: tuple[FacilitySpec, ...] = (
    # Bapas first: every Lapas/Rutan/LPKA is linked to the Bapas of its province.
    F("BAPAS-MEDAN", "Bapas Kelas I Medan", "bapas", "12.71"),
    F("BAPAS-PADANG", "Bapas Kelas I Padang", "bapas", "13.71"),
    F("BAPAS-PALEMBANG", "Bapas Kelas I Palembang", "bapas", "16.71"),
    F("BAPAS-BDLAMPUNG", "Bapas Kelas II Bandar Lampung", "bapas", "18.71"),
    F("BAPAS-JAKTIM", "Bapas Kelas I Jakarta Timur-Utara", "bapas", "31.75"),
    F("BAPAS-BANDUNG", "Bapas Kelas I Bandung", "bapas", "32.73"),
    F("BAPAS-SEMARANG", "Bapas Kelas I Semarang", "bapas", "33.74"),
    F("BAPAS-YOGYAKARTA", "Bapas Kelas I Yogyakarta", "bapas", "34.71"),
    F("BAPAS-SURABAYA", "Bapas Kelas I Surabaya", "bapas", "35.78"),
    F("BAPAS-TANGERANG", "Bapas Kelas I Tangerang", "bapas", "36.71"),
    F("BAPAS-DENPASAR", "Bapas Kelas I Denpasar", "bapas", "51.71"),
    F("BAPAS-KUPANG", "Bapas Kelas I Kupang", "bapas", "53.71"),
    F("BAPAS-PONTIANAK", "Bapas Kelas I Pontianak", "bapas", "61.71"),
    F("BAPAS-SAMARINDA", "Bapas Kelas II Samarinda", "bapas", "64.72"),
    F("BAPAS-MANADO", "Bapas Kelas I Manado", "bapas", "71.71"),
    F("BAPAS-MAKASSAR", "Bapas Kelas I Makassar", "bapas", "73.71"),
    F("BAPAS-AMBON", "Bapas Kelas II Ambon", "bapas", "81.71"),
    F("BAPAS-JAYAPURA", "Bapas Kelas II Jayapura", "bapas", "91.71"),
    F("LAPAS-TJGUSTA", "Lapas Kelas I Medan (Tanjung Gusta)", "lapas", "12.71", 40, "L"),
    F("RUTAN-MEDAN", "Rutan Kelas I Medan", "rutan", "12.71", 30),
    F("LPKA-MEDAN", "LPKA Kelas I Medan", "lpka", "12.71", 3, "L", True),
    F("LAPAS-PADANG", "Lapas Kelas IIA Padang", "lapas", "13.71", 18),
    F("LAPAS-PALEMBANG", "Lapas Kelas I Palembang", "lapas", "16.71", 25, "L"),
    F("LAPAS-RAJABASA", "Lapas Kelas I Bandar Lampung (Rajabasa)", "lapas", "18.71", 20, "L"),
    F("LAPAS-CIPINANG", "Lapas Kelas I Cipinang", "lapas", "31.75", 45, "L"),
    F("LAPAS-NARKOTIKA-JKT", "Lapas Narkotika Kelas IIA Jakarta", "lapas", "31.75", 30, "L"),
    F("RUTAN-SALEMBA", "Rutan Kelas I Jakarta Pusat (Salemba)", "rutan", "31.71", 35, "L"),
    F("RUTAN-PONDOKBAMBU", "Rutan Perempuan Kelas IIA Jakarta (Pondok Bambu)", "rutan", "31.75", 12, "P"),
    F("LAPAS-SUKAMISKIN", "Lapas Kelas I Sukamiskin", "lapas", "32.73", 10, "L"),
    F("LAPAS-BANCEUY", "Lapas Narkotika Kelas IIA Bandung (Banceuy)", "lapas", "32.73", 18, "L"),
    F("LAPAS-GNSINDUR", "Lapas Kelas IIA Gunung Sindur", "lapas", "32.01", 20, "L"),
    F("LAPAS-PALEDANG", "Lapas Kelas IIA Bogor (Paledang)", "lapas", "32.71", 15),
    F("LAPAS-CIREBON", "Lapas Kelas I Cirebon", "lapas", "32.74", 15, "L"),
    F("LAPAS-PURWAKARTA", "Lapas Kelas IIB Purwakarta", "lapas", "32.14", 10),
    F("LAPAS-SEMARANG", "Lapas Kelas I Semarang (Kedungpane)", "lapas", "33.74", 30, "L"),
    F("LAPAS-NK-BATU", "Lapas Kelas I Batu Nusakambangan", "lapas", "33.01", 10, "L"),
    F("LAPAS-NK-PASIRPUTIH", "Lapas Kelas IIA Pasir Putih Nusakambangan", "lapas", "33.01", 8, "L"),
    F("LAPAS-NK-TERBUKA", "Lapas Terbuka Kelas IIB Nusakambangan", "lapas", "33.01", 5, "L"),
    F("LAPAS-PURWOKERTO", "Lapas Kelas IIA Purwokerto", "lapas", "33.02", 12),
    F("RUTAN-SURAKARTA", "Rutan Kelas I Surakarta", "rutan", "33.72", 14),
    F("LAPAS-WIROGUNAN", "Lapas Kelas IIA Yogyakarta (Wirogunan)", "lapas", "34.71", 15, "L"),
    F("LAPAS-NARKOTIKA-YK", "Lapas Narkotika Kelas IIA Yogyakarta", "lapas", "34.04", 10, "L"),
    F("LPKA-YOGYAKARTA", "LPKA Kelas II Yogyakarta", "lpka", "34.03", 2, "L", True),
    F("LAPAS-PORONG", "Lapas Kelas I Surabaya (Porong)", "lapas", "35.15", 35, "L"),
    F("RUTAN-MEDAENG", "Rutan Kelas I Surabaya (Medaeng)", "rutan", "35.15", 25),
    F("LAPAS-LOWOKWARU", "Lapas Kelas I Malang (Lowokwaru)", "lapas", "35.73", 25, "L"),
    F("LAPAS-PEREMPUAN-MLG", "Lapas Perempuan Kelas IIA Malang", "lapas", "35.73", 10, "P"),
    F("LPKA-BLITAR", "LPKA Kelas I Blitar", "lpka", "35.05", 3, "L", True),
    F("LAPAS-PEMUDA-TNG", "Lapas Pemuda Kelas IIA Tangerang", "lapas", "36.71", 20, "L"),
    F("LAPAS-PEREMPUAN-TNG", "Lapas Perempuan Kelas IIA Tangerang", "lapas", "36.71", 8, "P"),
    F("LPKA-TANGERANG", "LPKA Kelas I Tangerang", "lpka", "36.71", 3, "L", True),
    F("RUTAN-SERANG", "Rutan Kelas IIB Serang", "rutan", "36.73", 10),
    F("LAPAS-KEROBOKAN", "Lapas Kelas IIA Kerobokan", "lapas", "51.03", 20),
    F("LPKA-KARANGASEM", "LPKA Kelas II Karangasem", "lpka", "51.07", 1, "L", True),
    F("LAPAS-KUPANG", "Lapas Kelas IIA Kupang", "lapas", "53.71", 12),
    F("LAPAS-PONTIANAK", "Lapas Kelas IIA Pontianak", "lapas", "61.71", 14),
    F("LAPAS-SAMARINDA", "Lapas Kelas IIA Samarinda", "lapas", "64.72", 16),
    F("LAPAS-BALIKPAPAN", "Lapas Kelas IIA Balikpapan", "lapas", "64.71", 12),
    F("LAPAS-TUMINTING", "Lapas Kelas IIA Manado (Tuminting)", "lapas", "71.71", 10),
    F("LAPAS-MAKASSAR", "Lapas Kelas I Makassar", "lapas", "73.71", 22, "L"),
    F("RUTAN-MAKASSAR", "Rutan Kelas I Makassar", "rutan", "73.71", 16),
    F("LPKA-MAROS", "LPKA Kelas II Maros", "lpka", "73.09", 1, "L", True),
    F("LAPAS-AMBON", "Lapas Kelas IIA Ambon", "lapas", "81.71", 8),
    F("LAPAS-ABEPURA", "Lapas Kelas IIA Abepura", "lapas", "91.71", 8),
)
del F

PROVINCE_NAME = {code: name for code, name, _ in PROVINCES}
NAME_GROUP = {code: group for code, _, group in PROVINCES}


def kanwil_for(province_code: str) -> str:
    return f"Kanwil Ditjenpas {PROVINCE_NAME[province_code]}"


def regencies_by_province() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code, *_ in REGENCIES:
        out.setdefault(code.split(".")[0], []).append(code)
    return out

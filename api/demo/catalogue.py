"""Demo LSPs, schemes, assessors and TUKs (pure: specs and seeded generators, no I/O)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from api.demo.people import person_name
from api.demo.places import NAME_GROUP
from api.demo.trades import TRADE_BY_KEY, TRADES


@dataclass(frozen=True)
class LspSpec:
    code: str
    name: str
    kind: str  # P1 | P2 | P3
    licence_number: str
    licence_valid_until: date
    number_format: str
    regency_code: str
    home_facility: str | None = None  # P1 in a Lapas certifies only its own people


LSPS: tuple[LspSpec, ...] = (
    LspSpec(
        "LSP-P1-CPN",
        "LSP P1 Lapas Kelas I Cipinang",
        "P1",
        "KEP.1187/BNSP/IX/2022",
        date(2027, 9, 14),
        "{seq:05d}/LSP-P1-CPN/{scheme}/{year}",
        "31.75",
        "LAPAS-CIPINANG",
    ),
    LspSpec(
        "LSP-P1-NKT",
        "LSP P1 Lapas Terbuka Nusakambangan",
        "P1",
        "KEP.0412/BNSP/III/2023",
        date(2028, 3, 2),
        "NKT/{year}/{seq:06d}",
        "33.01",
        "LAPAS-NK-TERBUKA",
    ),
    LspSpec(
        "LSP-P1-PTNG",
        "LSP P1 Lapas Perempuan Tangerang",
        "P1",
        "KEP.0933/BNSP/VII/2021",
        date(2026, 7, 20),
        "{seq:05d}/LSP-P1-PTNG/{year}",
        "36.71",
        "LAPAS-PEREMPUAN-TNG",
    ),
    LspSpec(
        "LSP-BBPVP-BKS",
        "LSP P2 BBPVP Bekasi",
        "P2",
        "BNSP-LSP-0278-ID",
        date(2028, 1, 31),
        "{lsp}/{scheme}/{year}/{seq:06d}",
        "32.75",
    ),
    LspSpec(
        "LSP-BBPVP-SMG",
        "LSP P2 BBPVP Semarang",
        "P2",
        "BNSP-LSP-0315-ID",
        date(2027, 5, 10),
        "{lsp}.{year}.{seq:07d}",
        "33.74",
    ),
    LspSpec(
        "LSP-PAR-NUS",
        "LSP Pariwisata Nusantara",
        "P3",
        "BNSP-LSP-1044-ID",
        date(2026, 11, 30),
        "{seq:07d}/{lsp}/{scheme}/{year}",
        "51.71",
    ),
    LspSpec(
        "LSP-KONS-IND",
        "LSP Konstruksi Bangunan Indonesia",
        "P3",
        "BNSP-LSP-0861-ID",
        date(2029, 2, 28),
        "{lsp}/{year}/{scheme}/{seq:06d}",
        "31.74",
    ),
    LspSpec(
        "LSP-AGRI",
        "LSP Agribisnis dan Peternakan Mandiri",
        "P3",
        "BNSP-LSP-1302-ID",
        date(2027, 8, 15),
        "AGR-{year}-{seq:06d}",
        "35.73",
    ),
    LspSpec(
        "LSP-GRM-IND",
        "LSP Garmen Indonesia",
        "P3",
        "BNSP-LSP-0709-ID",
        date(2026, 4, 1),
        "{lsp}/{seq:06d}/{year}",
        "32.73",
    ),
    LspSpec(
        "LSP-LOG-TRANS",
        "LSP Logistik dan Transportasi",
        "P3",
        "BNSP-LSP-1120-ID",
        date(2028, 6, 30),
        "{lsp}-{scheme}-{year}-{seq:05d}",
        "35.78",
    ),
    LspSpec(
        "LSP-DIGITAL",
        "LSP Teknologi Digital Nusantara",
        "P3",
        "BNSP-LSP-1451-ID",
        date(2029, 10, 1),
        "{lsp}/{scheme}/{seq:06d}/{year}",
        "31.73",
    ),
    LspSpec(
        "LSP-KRIYA",
        "LSP Kriya dan Kerajinan Nusantara",
        "P3",
        "BNSP-LSP-0994-ID",
        date(2027, 12, 12),
        "{lsp}/{year}/{seq:06d}",
        "33.20",
    ),
    LspSpec(
        "LSP-OTO",
        "LSP Otomotif Indonesia",
        "P3",
        "BNSP-LSP-0566-ID",
        date(2028, 9, 9),
        "{lsp}/{scheme}/{year}/{seq:06d}",
        "36.03",
    ),
)

# Which LSP runs each trade's main scheme.
SCHEME_LSP: dict[str, str] = {
    "welding": "LSP-BBPVP-BKS",
    "carpentry": "LSP-KRIYA",
    "bakery": "LSP-PAR-NUS",
    "culinary": "LSP-PAR-NUS",
    "barista": "LSP-PAR-NUS",
    "carwash": "LSP-OTO",
    "motorcycle": "LSP-OTO",
    "sewing": "LSP-GRM-IND",
    "fish": "LSP-AGRI",
    "poultry": "LSP-AGRI",
    "hydroponics": "LSP-AGRI",
    "coir": "LSP-KRIYA",
    "solar": "LSP-BBPVP-SMG",
    "office": "LSP-DIGITAL",
    "driving": "LSP-LOG-TRANS",
    "masonry": "LSP-KONS-IND",
    "housekeeping": "LSP-PAR-NUS",
    "electrical": "LSP-BBPVP-SMG",
}


@dataclass(frozen=True)
class SchemeSpec:
    code: str
    title: str
    kind: str  # occupation | cluster | kkni
    lsp_code: str
    trade_key: str
    kkni_level: int | None
    unit_codes: tuple[str, ...]
    validity_years: int = 3


def _cluster(code: str, title: str, lsp: str, trade: str, picks: tuple[int, ...]) -> SchemeSpec:
    units = TRADE_BY_KEY[trade].units
    return SchemeSpec(code, title, "cluster", lsp, trade, None, tuple(units[i][0] for i in picks))


SCHEMES: tuple[SchemeSpec, ...] = tuple(
    SchemeSpec(
        t.scheme_code,
        t.scheme_title,
        "occupation",
        SCHEME_LSP[t.key],
        t.key,
        t.kkni_level,
        tuple(c for c, _ in t.units),
    )
    for t in TRADES
) + (
    _cluster("SKM-KLS-KOPI", "Klaster Penyajian Kopi Pojok Vokasi", "LSP-P1-CPN", "barista", (0, 1, 3)),
    _cluster("SKM-KLS-ROTI", "Klaster Pembuatan Roti Manis", "LSP-P1-CPN", "bakery", (0, 2, 3, 4)),
    _cluster("SKM-KLS-SAYUR", "Klaster Budidaya Sayuran Hidroponik", "LSP-P1-NKT", "hydroponics", (0, 1, 2, 4)),
    _cluster("SKM-KLS-AYAM", "Klaster Pemeliharaan Ayam Petelur", "LSP-P1-NKT", "poultry", (1, 2, 4)),
    _cluster("SKM-KLS-JAHIT", "Klaster Menjahit Pakaian Dasar", "LSP-P1-PTNG", "sewing", (0, 1, 2)),
    SchemeSpec(
        "SKM-KKNI2-BOGA",
        "Sertifikat II Tata Boga",
        "kkni",
        "LSP-PAR-NUS",
        "culinary",
        2,
        tuple(c for c, _ in TRADE_BY_KEY["culinary"].units) + ("C.10ROT00.001.1",),
    ),
)

LSP_BY_CODE = {lsp.code: lsp for lsp in LSPS}


@dataclass(frozen=True)
class AssessorSpec:
    registration_number: str
    name: str
    lsp_code: str
    active_from: date
    active_until: date


def assessors(rng: random.Random, today: date) -> list[AssessorSpec]:
    """Rolling three-year registrations so every LSP has someone active on any date since 2019."""
    out: list[AssessorSpec] = []
    serial = 1000
    groups = sorted(set(NAME_GROUP.values()))
    for lsp in LSPS:
        for year in range(2018, today.year + 1):
            for _ in range(1 if lsp.kind == "P1" else 2):
                serial += rng.randint(1, 97)
                start = date(year, rng.randint(1, 12), rng.randint(1, 28))
                gender = "P" if rng.random() < 0.35 else "L"
                out.append(
                    AssessorSpec(
                        f"MET.000.{serial:06d} {start.year}",
                        person_name(rng, rng.choice(groups), gender),
                        lsp.code,
                        start,
                        start + timedelta(days=3 * 365),
                    )
                )
        # Someone registered whose window covers today, whatever day the demo is loaded: the demo
        # assessor records assessments dated today.
        serial += rng.randint(1, 97)
        start = today - timedelta(days=rng.randint(120, 400))
        out.append(AssessorSpec(f"MET.000.{serial:06d} {start.year}", person_name(rng, rng.choice(groups), "L"),
                                lsp.code, start, start + timedelta(days=3 * 365)))  # fmt: skip
    # One registration that lapsed last month, to show the rule: the LSP lists the assessor, but no
    # assessment dated after the window is accepted.
    serial += rng.randint(1, 97)
    end = today - timedelta(days=30)
    start = end - timedelta(days=3 * 365)
    out.append(AssessorSpec(f"MET.000.{serial:06d} {start.year}", person_name(rng, rng.choice(groups), "P"),
                            LSPS[0].code, start, end))  # fmt: skip
    return out


@dataclass(frozen=True)
class TukSpec:
    code: str
    name: str
    lsp_code: str
    facility_code: str | None
    regency_code: str


def tuks(rng: random.Random, facilities: list[tuple[str, str, str]]) -> list[TukSpec]:
    """A TUK Mandiri for each P1 at home; TUK Sewaktu in a share of facilities for the others.

    ``facilities`` are (code, name, regency_code) of Lapas/Rutan/LPKA.
    """
    out: list[TukSpec] = []
    names = {code: (name, reg) for code, name, reg in facilities}
    for lsp in LSPS:
        if lsp.home_facility:
            name, reg = names[lsp.home_facility]
            out.append(TukSpec(f"TUK-{lsp.code}-MANDIRI", f"TUK Mandiri {name}", lsp.code, lsp.home_facility, reg))
            continue
        out.append(TukSpec(f"TUK-{lsp.code}-KANTOR", f"TUK Tempat Kerja {lsp.name}", lsp.code, None, lsp.regency_code))
        for code, name, reg in facilities:
            if rng.random() < 0.45:
                out.append(TukSpec(f"TUK-{lsp.code}-{code}", f"TUK Sewaktu {name}", lsp.code, code, reg))
    return out

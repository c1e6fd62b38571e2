"""Demo people: Indonesian names by region, and the profile text (skills, trainings, work history)."""

from __future__ import annotations

import itertools
import random

from api.demo.trades import NEIGHBOURS, SOFT_SKILLS, TRADE_BY_KEY, Trade

_MALE: dict[str, tuple[str, ...]] = {
    "jawa": (
        "Budi",
        "Slamet",
        "Agus",
        "Joko",
        "Bambang",
        "Sugeng",
        "Wahyu",
        "Eko",
        "Dwi",
        "Tri",
        "Teguh",
        "Hadi",
        "Sutrisno",
        "Rudi",
        "Yanto",
        "Prasetyo",
        "Nur",
        "Fajar",
        "Aris",
        "Heru",
    ),
    "sunda": (
        "Asep",
        "Ujang",
        "Dede",
        "Cecep",
        "Dadang",
        "Ade",
        "Yayan",
        "Iwan",
        "Engkus",
        "Jajang",
        "Wawan",
        "Ridwan",
        "Encep",
        "Usep",
    ),
    "betawi": (
        "Mamat",
        "Rojali",
        "Sabeni",
        "Jaelani",
        "Bang Udin",
        "Ahmad",
        "Rahmat",
        "Sarip",
        "Fikri",
        "Irfan",
        "Dimas",
        "Rizky",
    ),
    "batak": (
        "Togar",
        "Poltak",
        "Rudolf",
        "Jonathan",
        "Parlindungan",
        "Hotman",
        "Sahat",
        "Benny",
        "Marihot",
        "Daniel",
        "Roy",
        "Maruli",
    ),
    "minang": ("Rizal", "Fauzan", "Yusrizal", "Afrizal", "Zulkifli", "Andika", "Hendri", "Syafri", "Dodi", "Ilham"),
    "melayu": ("Muhammad", "Abdul", "Hasan", "Syahrul", "Firdaus", "Zainal", "Rahman", "Arif", "Heri", "Yusuf"),
    "bali": ("I Wayan", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Kadek", "I Komang", "I Gede"),
    "ntt": ("Yohanes", "Fransiskus", "Petrus", "Markus", "Yakobus", "Aloysius", "Stefanus", "Dominggus"),
    "bugis": ("Andi", "Muhammad", "Syamsul", "Arifin", "Baharuddin", "Irwan", "Haerul", "Sudirman", "Nurdin", "Jufri"),
    "minahasa": ("Jefri", "Stevanus", "Ronny", "Frangky", "Johny", "Alfrets", "Novry", "Deibby"),
    "maluku": ("Yopie", "Max", "Semuel", "Abraham", "Hamid", "Rusli", "Anis", "Agustinus"),
    "papua": ("Yance", "Markus", "Otis", "Yeremias", "Nikolas", "Yosias", "Benyamin", "Alfons"),
}
_FEMALE: dict[str, tuple[str, ...]] = {
    "jawa": ("Sri", "Siti", "Dewi", "Wulan", "Endang", "Rina", "Tutik", "Lestari", "Yuli", "Ratna"),
    "sunda": ("Euis", "Neneng", "Iis", "Cucu", "Lilis", "Nining", "Rini", "Popon"),
    "betawi": ("Nur", "Mpok Ani", "Fitri", "Siti", "Rohaya", "Zakiah"),
    "batak": ("Rosmawati", "Lamtiar", "Rumondang", "Friska", "Tiurma", "Debora"),
    "minang": ("Yusnimar", "Nurhayati", "Rahmi", "Yeni", "Mardiana", "Fitria"),
    "melayu": ("Aisyah", "Zubaidah", "Nurul", "Farida", "Halimah", "Maryam"),
    "bali": ("Ni Luh", "Ni Made", "Ni Nyoman", "Ni Ketut", "Ni Putu", "Ni Kadek"),
    "ntt": ("Maria", "Yuliana", "Agustina", "Theresia", "Florentina", "Veronika"),
    "bugis": ("Andi Nurul", "Hasnah", "Sitti", "Rosmini", "Nurhaedah", "Ramlah"),
    "minahasa": ("Meiske", "Grace", "Juliet", "Vivi", "Novita", "Christy"),
    "maluku": ("Ance", "Yohana", "Salomina", "Mince", "Paulina", "Hadijah"),
    "papua": ("Yuliana", "Ribka", "Naomi", "Mariam", "Ester", "Selfina"),
}
_FAMILY: dict[str, tuple[str, ...]] = {
    "jawa": (
        "Santoso",
        "Wibowo",
        "Setiawan",
        "Susanto",
        "Purnomo",
        "Hidayat",
        "Kurniawan",
        "Saputra",
        "Nugroho",
        "Prakoso",
        "Wijaya",
        "Gunawan",
        "Hartono",
        "Sulistyo",
        "",
        "",
        "",
    ),
    "sunda": ("Suryana", "Hermawan", "Kusnadi", "Sopandi", "Ruhiyat", "Permana", "Supriatna", "", ""),
    "betawi": ("Saputra", "Hidayat", "Maulana", "Ramadhan", "Firmansyah", "", ""),
    "batak": (
        "Siregar",
        "Simanjuntak",
        "Nasution",
        "Lubis",
        "Harahap",
        "Sitompul",
        "Situmorang",
        "Hutapea",
        "Pardede",
        "Sinaga",
        "Tambunan",
        "Panjaitan",
    ),
    "minang": ("Putra", "Chaniago", "Koto", "Piliang", "Tanjung", "Sikumbang", ""),
    "melayu": ("Effendi", "Syahputra", "Ramadhan", "Rahman", "Hamzah", "", ""),
    "bali": ("Suardana", "Sudarma", "Arsana", "Wirawan", "Adnyana", "Sukerta", "Mahendra", "Astawa"),
    "ntt": ("Ndun", "Manafe", "Bria", "Lay", "Tefa", "Nitbani", "Fanggidae", "Kause"),
    "bugis": ("Rahman", "Hamzah", "Pawelloi", "Mappiasse", "Daeng Ngalle", "Sultan", "Patongai"),
    "minahasa": ("Rompas", "Mandagi", "Wenas", "Lumowa", "Sumampouw", "Pangemanan", "Tumbelaka"),
    "maluku": ("Latuconsina", "Sahetapy", "Matulessy", "Pattinama", "Tuhumury", "Ohorella"),
    "papua": ("Wenda", "Kogoya", "Rumbiak", "Mandowen", "Yikwa", "Wanimbo", "Rumbewas"),
}
_CHINESE_INDONESIAN = (
    "Hendra Wijaya",
    "Tan Siong Liem",
    "Lim Kok Hwa",
    "Yohanes Halim",
    "Sutanto Lie",
    "Gunawan Tanoto",
    "Liem Swie King",
    "Ferry Tanujaya",
    "Stefanie Gunawan",
)


def person_name(rng: random.Random, group: str, gender: str) -> str:
    """A plausible Indonesian name for someone from a region group."""
    if rng.random() < 0.03:
        return rng.choice(_CHINESE_INDONESIAN)
    first = rng.choice((_FEMALE if gender == "P" else _MALE)[group])
    family = rng.choice(_FAMILY[group])
    if group in ("jawa", "sunda", "betawi", "melayu") and rng.random() < 0.3:
        first = f"{first} {rng.choice((_FEMALE if gender == 'P' else _MALE)[group])}"
    if group == "bali" and not family:
        family = "Suardana"
    return f"{first} {family}".strip()


EDUCATION = (
    ("Tidak tamat SD", 4),
    ("SD", 22),
    ("SMP", 28),
    ("SMA", 20),
    ("SMK Teknik Mesin", 4),
    ("SMK Teknik Kendaraan Ringan", 3),
    ("SMK Tata Boga", 2),
    ("SMK Akuntansi", 2),
    ("SMK Teknik Komputer dan Jaringan", 2),
    ("Paket C", 5),
    ("D3 Teknik Sipil", 1),
    ("D3 Akuntansi", 1),
    ("S1 Manajemen", 3),
    ("S1 Hukum", 1),
    ("S1 Teknik Informatika", 1),
    ("Diploma Perhotelan", 1),
)
_EDU_LABELS = tuple(e for e, _ in EDUCATION)
_EDU_WEIGHTS = tuple(w for _, w in EDUCATION)
_EDU_CUM_WEIGHTS = tuple(itertools.accumulate(_EDU_WEIGHTS))  # what choices(weights=...) computes per call
JUVENILE_EDUCATION = ("SD", "SMP", "SMP (putus sekolah)", "Paket B", "SMA kelas 10")

_HISTORY_FORMS = (
    "{Job} di {place} ({start}–{end})",
    "{job} {place}, {years} tahun",
    "Bekerja sebagai {job} di {place} selama {years} tahun",
    "{Job} harian di {place} sekitar {years} tahun",
    "{years} tahun jadi {job} ({place})",
    "Worked as a {job} at a {place} for {years} years",
    "Membantu usaha keluarga: {job} di {place}",
    "{Job}, {place} {city} {start}-{end}",
)
_TRAINING_FORMS = ("{t}", "{t} ({year})", "{t}, {year}", "{t} — lulus {year}")
_CITIES = (
    "Bekasi",
    "Medan",
    "Surabaya",
    "Makassar",
    "Bandung",
    "Semarang",
    "Denpasar",
    "Palembang",
    "Tangerang",
    "Malang",
    "Kupang",
    "Samarinda",
    "Jepara",
    "Cirebon",
    "Bogor",
    "Manado",
)
_GENERIC_JOBS = (
    "buruh harian lepas",
    "pedagang kaki lima",
    "ojek pangkalan",
    "petani",
    "nelayan",
    "kuli bangunan",
    "sopir angkot",
    "penjaga toko",
    "buruh pabrik",
)


def pick_trades(rng: random.Random, all_keys: list[str]) -> list[Trade]:
    """One main trade, sometimes a neighbouring second one."""
    main = TRADE_BY_KEY[rng.choice(all_keys)]
    trades = [main]
    if rng.random() < 0.35:
        trades.append(TRADE_BY_KEY[rng.choice(NEIGHBOURS[main.key])])
    return trades


def skills_for(rng: random.Random, trades: list[Trade]) -> list[str]:
    out = rng.sample(trades[0].skills, k=rng.randint(2, min(5, len(trades[0].skills))))
    for t in trades[1:]:
        out += rng.sample(t.skills, k=rng.randint(1, 2))
    if rng.random() < 0.4:
        out.append(rng.choice(SOFT_SKILLS))
    return out


def trainings_for(rng: random.Random, trades: list[Trade], year_now: int) -> list[str]:
    out: list[str] = []
    for t in trades:
        if rng.random() < 0.6:
            form = rng.choice(_TRAINING_FORMS)
            out.append(form.format(t=rng.choice(t.trainings), year=year_now - rng.randint(0, 4)))
    if rng.random() < 0.15:
        out.append(
            rng.choice(
                (
                    "Pelatihan kewirausahaan UMKM",
                    "Pembinaan kemandirian: literasi keuangan",
                    "Pelatihan K3 umum",
                    "Kelas Bahasa Inggris dasar",
                )
            )
        )
    return out


def work_history_for(rng: random.Random, trades: list[Trade], birth_year: int, year_now: int) -> list[str]:
    out: list[str] = []
    earliest = birth_year + 17
    for t in trades[: rng.randint(0, len(trades))] or ([] if rng.random() < 0.2 else trades[:1]):
        job = rng.choice(t.jobs)
        years = rng.randint(1, 8)
        end = max(earliest + 1, year_now - rng.randint(1, 6))
        start = max(earliest, end - years)
        form = rng.choice(_HISTORY_FORMS)
        out.append(
            form.format(
                job=job,
                Job=job[:1].upper() + job[1:],
                place=rng.choice(t.places),
                start=start,
                end=end,
                years=max(1, end - start),
                city=rng.choice(_CITIES),
            )
        )
    if rng.random() < 0.3:
        job = rng.choice(_GENERIC_JOBS)
        out.append(f"{job[:1].upper() + job[1:]} di {rng.choice(_CITIES)}")
    return out


def education_for(rng: random.Random, juvenile: bool) -> str:
    if juvenile:
        return rng.choice(JUVENILE_EDUCATION)
    return rng.choices(_EDU_LABELS, cum_weights=_EDU_CUM_WEIGHTS)[0]

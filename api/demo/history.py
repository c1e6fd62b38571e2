"""Demo history (pure, seeded): more than a year of hiring behind the demo, so every dashboard chart
and page has something true to show.

- **Applications** for vacancies posted over the last 15 months, moving shortlisted -> interview ->
  offer -> hired, or closed with a rejection and a reason, each move dated after the one before.
- **Placements** for the hires, started on the vacancy's start date (never before the person could
  work: release, parole or assimilation), with the 3-, 6- and 12-month follow-ups that have fallen
  due; about one in seven has left the job at a follow-up (later ones are then not recorded).
- **National id (NIK) and offence** for a share of the people, as a Bapas officer or the SDP import
  would record them (category from the fixed list, plus the article).

Database ids are known (the loader passes them in); dates come from ``today``, never the clock.
"""

from __future__ import annotations

import itertools
import random
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

FOLLOWUP_MONTHS = (3, 6, 12)
STAYED = 0.86  # chance a placed person is still employed at each follow-up
_REJECT = (
    "Posisi sudah terisi kandidat lain",
    "Kandidat belum memenuhi syarat pengalaman",
    "Jadwal mulai kerja tidak cocok dengan tanggal bebas",
    "Lokasi kerja terlalu jauh dari domisili kandidat",
    "Tidak hadir pada jadwal wawancara",
)
_LEFT = (
    "Berhenti: pindah ke kota asal bersama keluarga",
    "Berhenti: mendapat pekerjaan lain dengan gaji lebih tinggi",
    "Kontrak tidak diperpanjang oleh perusahaan",
    "Berhenti karena masalah kesehatan",
)
_STAYED_NOTES = (
    "Masih bekerja; atasan puas dengan kinerjanya",
    "Masih bekerja, sudah diangkat menjadi pekerja tetap",
    "Masih bekerja; hadir teratur",
    "Masih bekerja di posisi yang sama",
)
# (category, article) with rough weights of the prison population by offence.
OFFENCES: tuple[tuple[str, str, int], ...] = (
    ("narkotika", "Pasal 112 ayat (1) UU 35/2009 tentang Narkotika", 30),
    ("narkotika", "Pasal 114 ayat (1) UU 35/2009 tentang Narkotika", 15),
    ("pencurian", "Pasal 363 KUHP (pencurian dengan pemberatan)", 15),
    ("pencurian", "Pasal 362 KUHP", 10),
    ("penipuan", "Pasal 378 KUHP", 6),
    ("penipuan", "Pasal 372 KUHP (penggelapan)", 3),
    ("penganiayaan", "Pasal 351 ayat (1) KUHP", 8),
    ("pembunuhan", "Pasal 338 KUHP", 3),
    ("kesusilaan", "Pasal 81 ayat (1) UU 35/2014 tentang Perlindungan Anak", 4),
    ("korupsi", "Pasal 3 UU 31/1999 jo. UU 20/2001", 2),
    ("lainnya", "Pasal 170 KUHP (kekerasan bersama)", 4),
)
WITH_SENSITIVE = 0.45  # share of people whose NIK and offence are on record


class Worker(NamedTuple):
    """A person who could be hired: consents to employer matching and is (or will be) able to work.
    A tuple, not a dataclass: the loader keeps one per such person until the history is drawn."""

    inmate_id: int
    trade_key: str
    province_code: str
    available_on: date  # released, or out on parole/assimilation, from this day


@dataclass(frozen=True)
class Opening:
    vacancy_id: int
    employer_id: int
    title: str
    trade_key: str
    province_code: str
    created_on: date
    start_date: date
    status: str
    positions: int


@dataclass(frozen=True)
class Move:
    stage: str
    on: date
    reason: str | None = None


@dataclass(frozen=True)
class ApplicationSpec:
    vacancy_id: int
    inmate_id: int
    moves: tuple[Move, ...]  # the first is 'shortlisted'


@dataclass(frozen=True)
class FollowupSpec:
    month: int
    still_employed: bool
    recorded_on: date
    note: str


@dataclass(frozen=True)
class PlacementSpec:
    inmate_id: int
    employer_id: int
    vacancy_id: int
    position_title: str
    started_on: date
    followups: tuple[FollowupSpec, ...]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (clamped to the month's end)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def hiring_history(
    rng: random.Random, today: date, openings: Sequence[Opening], workers: Sequence[Worker]
) -> tuple[list[ApplicationSpec], list[PlacementSpec]]:
    """Applications and placements for ``openings`` (oldest first), from ``workers``.

    The groups hold positions in ``workers`` (8 bytes each), and a ``Worker`` is only read for the
    people drawn: ``workers`` may be a lazy sequence (``api.demo.rows.WorkerPool``), and the loader's
    memory does not grow by a tuple per person while the history is drawn (~10 MB at 300,000)."""
    by_trade_province: dict[tuple[str, str], array[int]] = {}
    by_trade: dict[str, array[int]] = {}
    ids = array("q")
    for i, w in enumerate(workers):
        by_trade_province.setdefault((w.trade_key, w.province_code), array("l")).append(i)
        by_trade.setdefault(w.trade_key, array("l")).append(i)
        ids.append(w.inmate_id)
    none = array("l")
    placed: set[int] = set()
    apps: list[ApplicationSpec] = []
    placements: list[PlacementSpec] = []
    for o in sorted(openings, key=lambda o: (o.created_on, o.vacancy_id)):
        if o.status == "draft" or (today - o.created_on).days < 10:
            continue
        local = by_trade_province.get((o.trade_key, o.province_code), none)
        group = local if len(local) >= 3 else local + by_trade.get(o.trade_key, none)
        pool = [i for i in dict.fromkeys(group) if ids[i] not in placed]
        if not pool:
            continue
        chosen = [workers[i] for i in rng.sample(pool, k=min(len(pool), rng.randint(2, 6)))]
        hires = 0
        for w in chosen:
            moves = [Move("shortlisted", min(today, o.created_on + timedelta(days=rng.randint(2, 12))))]
            for stage, chance in (("interview", 0.6), ("offer", 0.6)):
                on = moves[-1].on + timedelta(days=rng.randint(3, 14))
                if on > today or rng.random() >= chance:
                    break
                moves.append(Move(stage, on))
            started = max(o.start_date, w.available_on, moves[-1].on + timedelta(days=1))
            if (
                moves[-1].stage == "offer"
                and hires < o.positions
                and w.inmate_id not in placed
                and started <= today
                and rng.random() < 0.8
            ):
                moves.append(Move("hired", max(moves[-1].on + timedelta(days=1), started - timedelta(days=7))))
                hires += 1
                placed.add(w.inmate_id)
                placements.append(_placement(rng, today, o, w, started))
            elif o.status == "closed" or (today - moves[-1].on).days > 45:
                on = moves[-1].on + timedelta(days=rng.randint(2, 20))
                if on <= today and rng.random() < 0.75:
                    moves.append(Move("rejected", on, rng.choice(_REJECT)))
            apps.append(ApplicationSpec(o.vacancy_id, w.inmate_id, tuple(moves)))
    return apps, placements


def _placement(rng: random.Random, today: date, o: Opening, w: Worker, started: date) -> PlacementSpec:
    followups: list[FollowupSpec] = []
    for month in FOLLOWUP_MONTHS:
        due = add_months(started, month)
        if due > today:
            break
        stayed = rng.random() < STAYED
        recorded = min(today, due + timedelta(days=rng.randint(0, 10)))
        followups.append(FollowupSpec(month, stayed, recorded, rng.choice(_STAYED_NOTES if stayed else _LEFT)))
        if not stayed:
            break
    return PlacementSpec(w.inmate_id, o.employer_id, o.vacancy_id, o.title, started, tuple(followups))


def nik_for(rng: random.Random, regency_code: str, birth_year: int, gender: str) -> str:
    """A 16-digit NIK-shaped number: regency (4 digits), district, birth date (women +40), serial.
    Demo only: it names nobody."""
    day = rng.randint(1, 28) + (40 if gender == "P" else 0)
    return f"{regency_code.replace('.', '')}{rng.randint(1, 30):02d}{day:02d}{rng.randint(1, 12):02d}" \
        f"{birth_year % 100:02d}{rng.randint(1, 9999):04d}"  # fmt: skip


def sensitive_for(rng: random.Random, people: Iterable[tuple[int, str, int, str]]) -> list[tuple[int, str, str, str]]:
    """(inmate id, NIK, offence category, article) for a share of ``people`` (id, regency, birth
    year, gender)."""
    cum_weights = list(itertools.accumulate(w for *_, w in OFFENCES))  # as choices(weights=) computes it
    out = []
    for inmate_id, regency, birth_year, gender in people:
        if rng.random() >= WITH_SENSITIVE:
            continue
        category, article, _ = rng.choices(OFFENCES, cum_weights=cum_weights)[0]
        out.append((inmate_id, nik_for(rng, regency, birth_year, gender), category, article))
    return out

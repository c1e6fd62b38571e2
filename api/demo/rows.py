"""The demo's people as COPY rows, chunk by chunk (pure, seeded; no I/O, no clock).

``chunks`` turns the population into ``ChunkRows``: every row that a chunk of people writes, with
*local* keys (position of the person, assessment or certificate within the chunk) where database
ids go, because ids are taken from the sequences only when the loader writes the chunk.
That split lets the rows be built in a second process while the first one writes the previous
chunk (``api/demo/service.py``), with exactly the rows the in-process path builds.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dtime
from typing import Any, overload

from api.demo import history
from api.demo.catalogue import LSP_BY_CODE, SCHEMES, TukSpec
from api.demo.draws import DemoRandom
from api.demo.inmates import DemoPopulation, InmateBundle
from api.demo.places import REGENCIES

# NIK and offence draws come from one random stream per block of this many people, seeded by the
# block's first person (the loader wrote 10,000 people per chunk when the demo was made: keeping
# the block keeps every demo's sensitive data the same whatever the chunk size).
SENSITIVE_BLOCK = 10_000
_PROVINCE_OF = {code: code.split(".")[0] for code, *_ in REGENCIES}


@dataclass(frozen=True)
class IdMaps:
    """Database ids of the reference data, by the codes the generated people use."""

    facilities: dict[str, int]
    bapas: dict[str, int]  # custodial facility code -> its Bapas id (a Bapas -> itself)
    lsps: dict[str, int]
    schemes: dict[str, int]
    assessors: dict[str, int]
    tuks: dict[str, int]


@dataclass
class ChunkRows:
    """One chunk's rows. Local keys: ``P`` person, ``A`` assessment, ``C`` certificate index.
    Consent events, certificate units and LSP enrolments follow from these rows (``Derived``), so
    they are not built (nor sent between processes) here; an assessment's unit results travel as the
    tuple it was drawn with and become rows in the loader (``result_rows``): the worker process, which
    bounds the load, does the least."""

    people: int = 0
    inmates: list[tuple[Any, ...]] = field(default_factory=list)  # (P, ...INMATE_COPY_COLS[1:])
    assessments: list[tuple[Any, ...]] = field(default_factory=list)  # (A, P, scheme, assessor, tuk, on)
    results: list[tuple[int, tuple[tuple[str, str, str], ...]]] = field(default_factory=list)  # (A, units')
    certificates: list[tuple[Any, ...]] = field(default_factory=list)  # (C, number, P, scheme, lsp, A, ...)
    workers: list[tuple[Any, ...]] = field(default_factory=list)  # (P, trade, province, available on)
    sensitive: list[tuple[Any, ...]] = field(default_factory=list)  # (P, NIK, offence category, article)


def chunks(
    population: DemoPopulation,
    count: int,
    chunk_size: int,
    ids: IdMaps,
    *,
    seed: int,
    sensitive: bool,
) -> Iterator[ChunkRows]:
    """``count`` people from ``population`` as rows, ``chunk_size`` at a time (a divisor of
    ``SENSITIVE_BLOCK``); with ``sensitive``, a NIK and offence for a share of them."""
    if SENSITIVE_BLOCK % chunk_size:
        raise ValueError(f"chunk size must divide {SENSITIVE_BLOCK}")
    status_at = datetime.combine(population.today, dtime(9, 0), tzinfo=UTC)
    people = population.generate(count)
    sensitive_rng: random.Random | None = None
    for start in range(0, count, chunk_size):
        bundles = [next(people) for _ in range(min(chunk_size, count - start))]
        if sensitive and start % SENSITIVE_BLOCK == 0:
            sensitive_rng = DemoRandom(f"{seed}:sensitive:{bundles[0].external_id}")
        yield _rows(bundles, ids, status_at, population.today, sensitive_rng)


@dataclass(frozen=True)
class Derived:
    """What the rows imply, by database id: built once per load (``derived``)."""

    units: dict[int, tuple[str, ...]]  # scheme id -> its unit codes (a certificate lists them all)
    lsp_of_scheme: dict[int, int]  # scheme id -> its LSP id, for P2/P3 LSPs only
    lsps_at: dict[int, frozenset[int]]  # facility id -> P2/P3 LSPs that run a TUK there


def derived(ids: IdMaps, tuk_specs: Sequence[TukSpec]) -> Derived:
    """P2/P3 only: a P1 LSP takes its own Lapas' people without an enrolment row."""
    lsps_at: dict[int, set[int]] = {}
    for t in tuk_specs:
        if t.facility_code is not None and LSP_BY_CODE[t.lsp_code].home_facility is None:
            lsps_at.setdefault(ids.facilities[t.facility_code], set()).add(ids.lsps[t.lsp_code])
    return Derived(
        units={ids.schemes[s.code]: s.unit_codes for s in SCHEMES},
        lsp_of_scheme={
            ids.schemes[s.code]: ids.lsps[s.lsp_code] for s in SCHEMES if LSP_BY_CODE[s.lsp_code].home_facility is None
        },
        lsps_at={k: frozenset(v) for k, v in lsps_at.items()},
    )


_CONSENT_NOTE = "Persetujuan awal dicatat saat registrasi (data demo)"


def consent_rows(chunk: ChunkRows, pid: Sequence[int]) -> list[tuple[Any, ...]]:
    """CONSENT_COPY_COLS: each person's consent as recorded at registration."""
    return [(pid[r[0]], r[20], r[21], r[22], r[23], None, _CONSENT_NOTE) for r in chunk.inmates]


def result_rows(chunk: ChunkRows, aid: Sequence[int]) -> list[tuple[int, str, str, str]]:
    """RESULT_COPY_COLS: (assessment id, unit code, K|BK, evidence) for every unit assessed."""
    return [(aid[a], code, result, evidence) for a, results in chunk.results for code, result, evidence in results]


def certificate_unit_rows(chunk: ChunkRows, cid: Sequence[int], d: Derived) -> list[tuple[int, str]]:
    """(certificate id, unit code): every unit of the certificate's scheme."""
    units = d.units
    return [(cid[r[0]], code) for r in chunk.certificates for code in units[r[3]]]


def enrolment_rows(chunk: ChunkRows, pid: Sequence[int], d: Derived) -> list[tuple[int, int, str]]:
    """(lsp id, inmate id, 'demo'): with each P2/P3 LSP, the people it assessed and the people held
    where it runs a TUK; per person in LSP id order."""
    assessed: dict[int, set[int]] = {}
    for r in chunk.assessments:
        lsp = d.lsp_of_scheme.get(r[2])
        if lsp is not None:
            assessed.setdefault(r[1], set()).add(lsp)
    out: list[tuple[int, int, str]] = []
    empty: frozenset[int] = frozenset()
    for r in chunk.inmates:
        p = r[0]
        lsps = d.lsps_at.get(r[6], empty)
        extra = assessed.get(p)
        if extra:
            lsps = lsps | extra
        inmate_id = pid[p]
        out.extend((lsp, inmate_id, "demo") for lsp in sorted(lsps))
    return out


def _rows(
    chunk: list[InmateBundle],
    ids: IdMaps,
    status_at: datetime,
    today: date,
    sensitive_rng: random.Random | None,
) -> ChunkRows:
    out = ChunkRows(people=len(chunk))
    fac_ids, bapas_ids, scheme_ids, lsp_ids = ids.facilities, ids.bapas, ids.schemes, ids.lsps
    assessor_ids, tuk_ids = ids.assessors, ids.tuks
    inmates, assessments, results, certs, workers = (
        out.inmates,
        out.assessments,
        out.results,
        out.certificates,
        out.workers,
    )
    for p, b in enumerate(chunk):
        province = _PROVINCE_OF.get(b.domicile_regency_code) or b.domicile_regency_code.split(".")[0]
        inmates.append(
            (
                p,
                b.external_id,
                b.pseudonym,
                b.full_name,
                b.birth_year,
                b.gender,
                fac_ids[b.facility.code],
                bapas_ids[b.facility.code],
                b.domicile_regency_code,
                province,
                b.education,
                b.skills,
                b.work_history,
                b.trainings,
                b.status,
                b.expected_release_date,
                b.asimilasi_date,
                b.pb_date,
                b.cb_date,
                b.cmb_date,
                *b.consent,
            )
        )
        for a in b.assessments:
            a_key = len(assessments)
            scheme_id = scheme_ids[a.scheme.code]
            assessments.append(
                (a_key, p, scheme_id, assessor_ids[a.assessor], tuk_ids[a.tuk] if a.tuk else None, a.assessed_on)
            )
            results.append((a_key, a.results))
            c = a.certificate
            if c is not None:
                c_key = len(certs)
                certs.append(
                    (
                        c_key,
                        c.number,
                        p,
                        scheme_id,
                        lsp_ids[a.scheme.lsp_code],
                        a_key,
                        c.issued_on,
                        c.valid_until,
                        c.status,
                        c.status_reason,
                        status_at if c.status_reason else None,
                        c.suspended_until,
                    )
                )
        available = available_on(b, today)
        if available is not None and b.consent[0] and b.trade_keys:
            workers.append((p, b.trade_keys[0], province, available))
    if sensitive_rng is not None:
        people = [(p, b.domicile_regency_code, b.birth_year, b.gender) for p, b in enumerate(chunk)]
        out.sensitive.extend(history.sensitive_for(sensitive_rng, people))
    return out


def available_on(b: InmateBundle, today: date) -> date | None:
    """The day this person could start work outside (release, parole or assimilation), if it has come."""
    if b.status == "released":
        return b.expected_release_date
    if b.status == "parole":
        return min(d for d in (b.pb_date, b.cb_date, b.cmb_date) if d is not None and d <= today)
    if b.status == "assimilation":
        return b.asimilasi_date
    return None


class WorkerPool:
    """The people the hiring history may draw from, in load order, packed in arrays (about 14
    bytes each instead of ~150 for a tuple of objects) until the history is drawn: while the
    chunks stream, the loader's memory does not grow with the number of people."""

    def __init__(self) -> None:
        self._ids = array("q")
        self._trades = array("H")
        self._provinces = array("H")
        self._days = array("l")
        self._codes: dict[str, int] = {}
        self._names: list[str] = []

    def __len__(self) -> int:
        return len(self._ids)

    def _code(self, name: str) -> int:
        code = self._codes.get(name)
        if code is None:
            code = self._codes[name] = len(self._names)
            self._names.append(name)
        return code

    def add(self, chunk: ChunkRows, pid: Sequence[int]) -> None:
        for p, trade, province, on in chunk.workers:
            self._ids.append(pid[p])
            self._trades.append(self._code(trade))
            self._provinces.append(self._code(province))
            self._days.append(on.toordinal())

    def workers(self) -> Sequence[history.Worker]:
        """The people in load order, each ``Worker`` made when it is read (``history.hiring_history``
        keeps positions, not tuples)."""
        return _Workers(self._ids, self._trades, self._provinces, self._days, self._names)


class _Workers(Sequence["history.Worker"]):
    """``WorkerPool``'s people as a read-only sequence over its arrays."""

    def __init__(self, ids: array[int], trades: array[int], provinces: array[int], days: array[int], names: list[str]):
        self._ids, self._trades, self._provinces, self._ordinals, self._names = ids, trades, provinces, days, names
        self._days = {d: date.fromordinal(d) for d in set(days)}  # one object per day

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, i: int) -> history.Worker: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[history.Worker]: ...
    def __getitem__(self, i: int | slice) -> history.Worker | Sequence[history.Worker]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        names = self._names
        return history.Worker(
            self._ids[i], names[self._trades[i]], names[self._provinces[i]], self._days[self._ordinals[i]]
        )

    def __iter__(self) -> Iterator[history.Worker]:
        names, days = self._names, self._days
        for i, t, p, d in zip(self._ids, self._trades, self._provinces, self._ordinals, strict=True):
            yield history.Worker(i, names[t], names[p], days[d])

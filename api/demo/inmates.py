"""Demo warga binaan, their programme dates, consent, assessments and certificates (pure, seeded, lazy).

``generate`` yields one ``InmateBundle`` at a time so any population size streams in flat memory.
Database ids are not known here: bundles refer to facilities, schemes, assessors and TUKs by code,
and the loader maps them.
"""

from __future__ import annotations

import bisect
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from api.demo import people
from api.demo.catalogue import LSP_BY_CODE, SCHEMES, AssessorSpec, SchemeSpec, TukSpec
from api.demo.places import NAME_GROUP, FacilitySpec, regencies_by_province
from api.demo.trades import TRADES, Trade


@dataclass(frozen=True)
class CertSpec:
    number: str
    issued_on: date
    valid_until: date
    status: str
    status_reason: str | None
    suspended_until: date | None


@dataclass(frozen=True)
class AssessmentSpec:
    scheme: SchemeSpec
    assessor: str  # registration number
    tuk: str | None  # TUK code
    assessed_on: date
    results: tuple[tuple[str, str, str], ...]  # (unit code, K|BK, evidence)
    certificate: CertSpec | None


@dataclass(slots=True)
class InmateBundle:
    """Mutable, unlike the other records: the generator appends its assessments, and a frozen
    dataclass's ``__init__`` (``object.__setattr__`` per field) cost 4 of the ~55 µs of building a person."""

    external_id: str
    pseudonym: str
    full_name: str
    birth_year: int
    gender: str
    facility: FacilitySpec
    domicile_regency_code: str
    education: str
    skills: list[str]
    work_history: list[str]
    trainings: list[str]
    status: str
    expected_release_date: date | None
    asimilasi_date: date | None
    pb_date: date | None
    cb_date: date | None
    cmb_date: date | None
    consent: tuple[bool, bool, bool, bool]
    assessments: list[AssessmentSpec] = field(default_factory=list)
    trade_keys: tuple[str, ...] = ()  # the person's trades, first the main one (history picks jobs by it)


def pseudonym_for(external_id: str) -> str:
    """Demo data only: deterministic, so two demo loads with one seed are identical. Real rows
    (import, forms) get random pseudonyms that cannot be traced back to the registration number."""
    return "WB-" + hashlib.sha256(("binakerja:" + external_id).encode()).hexdigest()[:10].upper()


_EVIDENCE = (
    "Observasi demonstrasi praktik",
    "Portofolio dan wawancara",
    "Uji tertulis dan praktik",
    "Observasi di tempat kerja",
    "Verifikasi portofolio",
    "Tanya jawab lisan dan praktik",
)
_REVOKE = (
    "Pemalsuan bukti portofolio ditemukan saat audit LSP",
    "Asesmen dinyatakan tidak sah oleh BNSP",
    "Permintaan pemegang sertifikat (data keliru)",
)
_SUSPEND = ("Klarifikasi laporan pelanggaran kode etik", "Pemeriksaan ulang bukti asesmen")


class DemoPopulation:
    """Seeded generator of inmates. All randomness comes from ``rng``; the clock from ``today``."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        facilities: list[FacilitySpec],
        assessors: list[AssessorSpec],
        tuks: list[TukSpec],
    ) -> None:
        self.rng = rng
        self.today = today
        self.facilities = [f for f in facilities if f.kind != "bapas"]
        self.weights = list(_cumulative([f.weight for f in self.facilities]))
        self.regencies = regencies_by_province()
        self.all_regencies = [r for rs in self.regencies.values() for r in rs]
        self.provinces = list(self.regencies)
        self.trade_keys = [t.key for t in TRADES]
        self.schemes_by_trade: dict[str, list[SchemeSpec]] = {}
        for s in SCHEMES:
            self.schemes_by_trade.setdefault(s.trade_key, []).append(s)
        self.assessors: dict[str, list[AssessorSpec]] = {}
        for a in sorted(assessors, key=lambda a: a.active_from):
            self.assessors.setdefault(a.lsp_code, []).append(a)
        self.tuks_at: dict[tuple[str, str | None], list[str]] = {}
        self.tuks_any: dict[str, list[str]] = {}
        for t in tuks:
            self.tuks_at.setdefault((t.lsp_code, t.facility_code), []).append(t.code)
            self.tuks_any.setdefault(t.lsp_code, []).append(t.code)
        self.seq: dict[str, int] = {}
        # (trade, facility) -> (schemes open to its people, those of the facility's own P1 LSP)
        self._options: dict[tuple[str, str], tuple[list[SchemeSpec], list[SchemeSpec]]] = {}
        self._active_spans = {code: _active_spans(specs) for code, specs in self.assessors.items()}

    def generate(self, count: int) -> Iterator[InmateBundle]:
        for i in range(count):
            yield self._one(i)

    def _one(self, i: int) -> InmateBundle:
        rng, today = self.rng, self.today
        fac = self.facilities[bisect.bisect_right(self.weights, rng.random() * self.weights[-1])]
        gender = fac.gender or ("P" if rng.random() < 0.06 else "L")
        age = rng.randint(14, 18) if fac.juvenile else min(75, int(rng.gammavariate(3.0, 4.5)) + 19)
        birth_year = today.year - age
        home_prov = fac.province_code if rng.random() < 0.75 else rng.choice(self.provinces)
        regency = rng.choice(self.regencies[home_prov])
        trades = people.pick_trades(rng, self.trade_keys)
        status, dates, start = self._sentence(fac)
        matching = rng.random() < 0.8
        consent = (
            matching,
            matching and rng.random() < 0.25,
            matching and rng.random() < 0.3,
            matching and rng.random() < 0.05,
        )
        external_id = f"DEMO-{i + 1:07d}"
        bundle = InmateBundle(
            external_id=external_id,
            pseudonym=pseudonym_for(external_id),
            full_name=people.person_name(rng, NAME_GROUP[home_prov], gender),
            birth_year=birth_year,
            gender=gender,
            facility=fac,
            domicile_regency_code=regency,
            education=people.education_for(rng, fac.juvenile),
            skills=people.skills_for(rng, trades),
            work_history=[] if fac.juvenile else people.work_history_for(rng, trades, birth_year, today.year),
            trainings=people.trainings_for(rng, trades, today.year),
            status=status,
            consent=consent,
            trade_keys=tuple(t.key for t in trades),
            **dates,
        )
        if start is not None:
            self._assess(bundle, trades, start)
        return bundle

    def _sentence(self, fac: FacilitySpec) -> tuple[str, dict[str, date | None], date | None]:
        """Status and programme dates consistent with a sentence ending on the expected release."""
        rng, today = self.rng, self.today
        none = {
            "expected_release_date": None,
            "asimilasi_date": None,
            "pb_date": None,
            "cb_date": None,
            "cmb_date": None,
        }
        if fac.kind == "rutan" and rng.random() < 0.55:
            release = today + timedelta(days=rng.randint(30, 540)) if rng.random() < 0.5 else None
            return "detained", {**none, "expected_release_date": release}, None
        release = today + timedelta(days=rng.randint(-365, 3 * 365))
        years = rng.uniform(0.8, 5.0) if fac.juvenile else rng.choice((1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15))
        days = int(years * 365 * rng.uniform(0.9, 1.1))
        start = release - timedelta(days=days)
        dates: dict[str, date | None] = {**none, "expected_release_date": release}
        if rng.random() < 0.85:  # some offences exclude integration programmes
            dates["asimilasi_date"] = start + timedelta(days=days // 2)
            if years <= 1.5:
                dates["cb_date"] = start + timedelta(days=2 * days // 3)
            else:
                dates["pb_date"] = start + timedelta(days=2 * days // 3)
            if years > 1 and rng.random() < 0.5:
                dates["cmb_date"] = release - timedelta(days=min(180, days // 6))
        if release <= today:
            status = "released"
        elif any(d is not None and d <= today for d in (dates["pb_date"], dates["cb_date"], dates["cmb_date"])):
            status = "parole"
        elif dates["asimilasi_date"] is not None and dates["asimilasi_date"] <= today:
            status = "assimilation"
        else:
            status = "sentenced"
        return status, dates, start

    def _assess(self, b: InmateBundle, trades: list[Trade], start: date) -> None:
        """About a third certified (some in two trades), 5% with a failed (BK) assessment only."""
        rng, today = self.rng, self.today
        first = max(start + timedelta(days=90), today - timedelta(days=5 * 365))
        last = min(today - timedelta(days=21), b.expected_release_date or today)
        if first >= last:
            return
        roll = rng.random()
        if roll < 0.46:
            wanted = trades[:2] if rng.random() < 0.2 else trades[:1]
            for t in wanted:
                self._one_assessment(b, t.key, first, last, passed=True)
        elif roll < 0.51:
            self._one_assessment(b, trades[0].key, first, last, passed=False)

    def _scheme_options(self, trade_key: str, facility_code: str) -> tuple[list[SchemeSpec], list[SchemeSpec]]:
        key = (trade_key, facility_code)
        found = self._options.get(key)
        if found is None:
            found = self._options[key] = _options_for(self.schemes_by_trade[trade_key], facility_code)
        return found

    def _active(self, lsp_code: str, on: date) -> list[AssessorSpec]:
        """The LSP's assessors registered on that day, in ``active_from`` order: the span of days
        the day falls in (``_active_spans``), found by bisection instead of a scan per assessment."""
        starts, sets = self._active_spans[lsp_code]
        k = bisect.bisect_right(starts, on) - 1
        return sets[k] if k >= 0 else []

    def _one_assessment(self, b: InmateBundle, trade_key: str, first: date, last: date, *, passed: bool) -> None:
        rng = self.rng
        options, home = self._scheme_options(trade_key, b.facility.code)
        scheme = rng.choice(home) if home and rng.random() < 0.7 else rng.choice(options)
        lsp = LSP_BY_CODE[scheme.lsp_code]
        assessed = first + timedelta(days=rng.randint(0, (last - first).days))
        active = self._active(lsp.code, assessed)
        if not active:
            return
        assessor = rng.choice(active)
        local = self.tuks_at.get((lsp.code, b.facility.code))
        tuk = rng.choice(local or self.tuks_any[lsp.code])
        failed = rng.randrange(len(scheme.unit_codes)) if not passed else -1
        results = tuple(
            (code, "BK" if k == failed else "K", rng.choice(_EVIDENCE)) for k, code in enumerate(scheme.unit_codes)
        )
        cert = None
        if passed:
            issued = min(self.today, assessed + timedelta(days=rng.randint(5, 21)))
            seq = self.seq[lsp.code] = self.seq.get(lsp.code, 0) + 1
            number = lsp.number_format.format(lsp=lsp.code, scheme=scheme.code, year=issued.year, seq=seq)
            status, reason, until = "active", None, None
            roll = rng.random()
            if roll < 0.02:
                status, reason = "revoked", rng.choice(_REVOKE)
            elif roll < 0.03:
                status, reason = "suspended", rng.choice(_SUSPEND)
                until = self.today + timedelta(days=rng.randint(14, 120))
            valid_until = (
                issued.replace(year=issued.year + scheme.validity_years)
                if not (issued.month == 2 and issued.day == 29)
                else issued + timedelta(days=365 * scheme.validity_years)
            )
            cert = CertSpec(number, issued, valid_until, status, reason, until)
        b.assessments.append(AssessmentSpec(scheme, assessor.registration_number, tuk, assessed, results, cert))


def _active_spans(specs: list[AssessorSpec]) -> tuple[list[date], list[list[AssessorSpec]]]:
    """The days on which the set of registered assessors changes, each with the set from that day
    on (in ``specs`` order): between two such days every day has the same assessors."""
    changes = {a.active_from for a in specs} | {
        a.active_until + timedelta(days=1) for a in specs if a.active_until < date.max
    }
    starts = sorted(changes)
    return starts, [[a for a in specs if a.active_from <= day <= a.active_until] for day in starts]


def _options_for(schemes: list[SchemeSpec], facility_code: str) -> tuple[list[SchemeSpec], list[SchemeSpec]]:
    options = [s for s in schemes if LSP_BY_CODE[s.lsp_code].home_facility in (None, facility_code)]
    return options, [s for s in options if LSP_BY_CODE[s.lsp_code].home_facility == facility_code]


def _cumulative(values: list[int]) -> Iterator[int]:
    total = 0
    for v in values:
        total += v
        yield total

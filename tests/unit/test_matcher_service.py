"""The matcher's ranking service and indexing over small in-memory fakes of matcher.ports: what
is asked of the stores (filters, pool size), what is read instead of re-encoded, paging, gaps,
and that indexing writes only what changed, inside transactions. No database, no model."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from matcher import indexing
from matcher.documents import candidate_text
from matcher.errors import NotIndexed
from matcher.indexing import bulk_build, ensure_dimension, reindex_inmates, reindex_vacancies
from matcher.ports import (
    CertificateStore,
    DocumentVector,
    IndexStores,
    InmateStore,
    MatcherStores,
    SchemeCatalogue,
    StoredVector,
    TermRow,
    VacancyStats,
    VacancyStore,
    VectorIndex,
    VectorStore,
)
from matcher.profiles import candidate_doc
from matcher.service import Matcher, held_units
from models.errors import NotFound
from models.records import (
    CandidateFilter,
    CandidateHit,
    CertificateView,
    CompetencyUnit,
    Consent,
    Inmate,
    Scheme,
    Vacancy,
    VacancyFilter,
    VacancyHit,
)
from tests.unit.test_matcher_scoring import BagOfWords

TODAY = date(2026, 11, 25)
START = date(2027, 1, 10)
WELD_UNITS = ("C.25LAS00.001.1", "C.25LAS00.002.1")
BAKE_UNITS = ("C.10ROT00.001.1",)
WELDER, BAKER, REFUSER, LATE = 10, 11, 12, 13
WELD_JOB, BAKE_JOB, CLOSED_JOB = 1, 2, 3


# --- fakes -------------------------------------------------------------------------------------
class FakeEmbedder:
    """Bag of words with a model name, a dimension and a log of every text it encoded."""

    def __init__(self, model_name: str = "bow-64") -> None:
        self.model_name = model_name
        self.dim = 64
        self.encoded: list[str] = []
        self._bow = BagOfWords()

    def encode_uncached(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        return self._bow.encode(texts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_uncached(texts)


@dataclass
class Db:
    """What the fake stores hold; the vector tables are copied on ``transaction()`` entry and
    restored when the block raises."""

    inmates: dict[int, Inmate] = field(default_factory=dict)
    vacancies: dict[int, Vacancy] = field(default_factory=dict)
    certificates: dict[int, list[CertificateView]] = field(default_factory=dict)
    schemes: list[Scheme] = field(default_factory=list)
    dim: int = 64
    inmate_vecs: dict[int, StoredVector] = field(default_factory=dict)
    vacancy_vecs: dict[int, StoredVector] = field(default_factory=dict)
    texts: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    terms: dict[str, TermRow] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    reference_hubs: dict[tuple[str, str], float] = field(default_factory=dict)
    reference_states: dict[tuple[str, str], VacancyStats] = field(default_factory=dict)
    kept_reference: tuple[Any, ...] | None = None  # (fingerprint, model, fitted on, documents, vectors, ids...)
    in_tx: int = 0
    schema_reloads: int = 0
    fail_on: str | None = None  # a write method that raises (after the ones before it succeeded)
    searches: list[tuple[str, int, object]] = field(default_factory=list)  # (direction, k, filter)
    graphs: set[str] = field(default_factory=lambda: {"inmates", "vacancies"})  # kinds with a search index
    graph_events: list[str] = field(default_factory=list)  # "drop inmates", "build vacancies", ...
    owner: bool = True  # the connection owns the vector tables (False: the service's app role)

    def write(self, method: str) -> None:
        assert self.in_tx, f"{method} outside a transaction"
        if method == self.fail_on:
            raise RuntimeError("disk full")


class FakeInmates:
    def __init__(self, db: Db) -> None:
        self.db = db

    async def get(self, inmate_id: int) -> Inmate:
        if inmate_id not in self.db.inmates:
            raise NotFound("inmate", inmate_id)
        return self.db.inmates[inmate_id]

    async def get_many(self, ids: Sequence[int]) -> Mapping[int, Inmate]:
        return {i: self.db.inmates[i] for i in ids if i in self.db.inmates}

    async def list_after(self, last_id: int, limit: int) -> Sequence[Inmate]:
        return [self.db.inmates[i] for i in sorted(self.db.inmates) if i > last_id][:limit]


class FakeVacancies:
    def __init__(self, db: Db) -> None:
        self.db = db

    async def get(self, vacancy_id: int) -> Vacancy:
        if vacancy_id not in self.db.vacancies:
            raise NotFound("vacancy", vacancy_id)
        return self.db.vacancies[vacancy_id]

    async def get_many(self, ids: Sequence[int]) -> Mapping[int, Vacancy]:
        return {i: self.db.vacancies[i] for i in ids if i in self.db.vacancies}

    async def list_after(self, last_id: int, limit: int) -> Sequence[Vacancy]:
        return [self.db.vacancies[i] for i in sorted(self.db.vacancies) if i > last_id][:limit]


class FakeCertificates:
    def __init__(self, db: Db) -> None:
        self.db = db

    async def views_for_inmates(self, inmate_ids: Sequence[int]) -> Mapping[int, Sequence[CertificateView]]:
        return {i: self.db.certificates[i] for i in inmate_ids if self.db.certificates.get(i)}


class FakeCatalogue:
    def __init__(self, db: Db) -> None:
        self.db = db

    async def list_schemes(self) -> Sequence[Scheme]:
        return list(self.db.schemes)

    async def get_units(self, codes: Sequence[str]) -> Mapping[str, CompetencyUnit]:
        return {c: CompetencyUnit(c, f"Unit {c}", "test") for c in codes}


def _available_by(inmate: Inmate, by: date) -> bool:
    if inmate.status in ("released", "parole", "assimilation"):
        return True
    return inmate.expected_release_date is not None and inmate.expected_release_date <= by


class FakeVectors:
    """Both sides of the vector storage; retrieval is exact cosine under the same filters the
    SQL applies (``models/repositories/embeddings.py``)."""

    def __init__(self, db: Db) -> None:
        self.db = db

    async def vacancy_vector(self, vacancy_id: int) -> np.ndarray | None:
        row = self.db.vacancy_vecs.get(vacancy_id)
        return None if row is None else row[2]

    async def inmate_vector(self, inmate_id: int) -> np.ndarray | None:
        row = self.db.inmate_vecs.get(inmate_id)
        return None if row is None else row[2]

    async def vacancy_vectors(self, vacancy_ids: Sequence[int]) -> Mapping[int, StoredVector]:
        return {i: self.db.vacancy_vecs[i] for i in vacancy_ids if i in self.db.vacancy_vecs}

    async def inmate_vectors(self, inmate_ids: Sequence[int]) -> Mapping[int, StoredVector]:
        return {i: self.db.inmate_vecs[i] for i in inmate_ids if i in self.db.inmate_vecs}

    async def text_vectors(self, model: str, hashes: Sequence[str]) -> Mapping[str, np.ndarray]:
        return {h: self.db.texts[(model, h)] for h in hashes if (model, h) in self.db.texts}

    async def terms(self, hashes: Sequence[str]) -> Mapping[str, tuple[TermRow, str | None]]:
        return {h: (self.db.terms[h], self.db.languages.get(h)) for h in hashes if h in self.db.terms}

    async def reference_stats(
        self, reference: str, profiles: Sequence[str], vacancies: Sequence[str] = ()
    ) -> tuple[Mapping[str, float], Mapping[str, VacancyStats]]:
        hubs = {h: self.db.reference_hubs[(reference, h)] for h in profiles if (reference, h) in self.db.reference_hubs}
        states = {
            h: self.db.reference_states[(reference, h)] for h in vacancies if (reference, h) in self.db.reference_states
        }
        return hubs, states

    async def ranking_reads(
        self,
        model: str,
        terms: Sequence[str],
        items: Sequence[str],
        reference: str,
        profiles: Sequence[str],
        vacancies: Sequence[str],
    ) -> Any:
        hubs, states = await self.reference_stats(reference, profiles, vacancies)
        return SimpleNamespace(
            terms=await self.terms(terms), items=await self.text_vectors(model, items), hubs=hubs, states=states
        )

    async def add_reference_stats(
        self,
        reference: str,
        profiles: Sequence[tuple[str, float]] = (),
        vacancies: Sequence[tuple[str, VacancyStats]] = (),
    ) -> None:
        for h, v in profiles:
            self.db.reference_hubs.setdefault((reference, h), v)
        for h, state in vacancies:
            self.db.reference_states.setdefault((reference, h), state)

    async def drop_reference_stats(self, keep: str) -> int:
        gone = 0
        for table in (self.db.reference_hubs, self.db.reference_states):
            for key in [key for key in table if key[0] != keep]:
                del table[key]
                gone += 1
        return gone

    async def stored_reference(self) -> Any:
        return None if self.db.kept_reference is None else self.db.kept_reference[:5]

    async def store_reference(self, reference: Any, inmate_ids: Sequence[int], vacancy_ids: Sequence[int]) -> None:
        self.db.kept_reference = (*reference, tuple(inmate_ids), tuple(vacancy_ids))

    async def nearest_inmates(self, query: np.ndarray, k: int, flt: CandidateFilter) -> Sequence[CandidateHit]:
        self.db.searches.append(("inmates", k, flt))
        schemes = {s.id: s.code for s in self.db.schemes}
        found = []
        for iid, (_, _, vec) in self.db.inmate_vecs.items():
            p = self.db.inmates[iid]
            certs = self.db.certificates.get(iid, [])
            if (
                p.anonymised_at is not None
                or (flt.for_employer and not p.consent.employer_matching)
                or (flt.available_by is not None and not _available_by(p, flt.available_by))
                or (flt.province_code is not None and p.domicile_province_code != flt.province_code)
                or (flt.regency_code is not None and p.domicile_regency_code != flt.regency_code)
                or (flt.bapas_id is not None and p.bapas_id != flt.bapas_id)
                or (
                    flt.scheme_id is not None
                    and not any(c.scheme_code == schemes.get(flt.scheme_id) and c.status == "active" for c in certs)
                )
            ):
                continue
            found.append((float(vec @ query), iid))
        found.sort(key=lambda r: (-r[0], r[1]))
        return [CandidateHit(iid, self.db.inmates[iid].pseudonym, sim) for sim, iid in found[:k]]

    async def nearest_vacancies(self, query: np.ndarray, k: int, flt: VacancyFilter) -> Sequence[VacancyHit]:
        self.db.searches.append(("vacancies", k, flt))
        found = []
        for vid, (_, _, vec) in self.db.vacancy_vecs.items():
            v = self.db.vacancies[vid]
            if (
                v.status != "open"
                or (flt.available_from is not None and v.start_date is not None and v.start_date < flt.available_from)
                or (flt.province_code is not None and v.province_code != flt.province_code)
            ):
                continue
            found.append((float(vec @ query), vid))
        found.sort(key=lambda r: (-r[0], r[1]))
        return [VacancyHit(vid, sim) for sim, vid in found[:k]]  # no vectors: the service reads them

    # indexing side
    async def dimension(self) -> int:
        return self.db.dim

    async def reset_dimension(self, dim: int) -> None:
        self.db.write("reset_dimension")
        self.db.dim = dim
        self.db.inmate_vecs.clear()
        self.db.vacancy_vecs.clear()

    async def vector_counts(self, kind: str) -> tuple[int, int]:
        if kind == "inmates":
            return len(self.db.inmates), len(self.db.inmate_vecs)
        return len(self.db.vacancies), len(self.db.vacancy_vecs)

    async def may_build_graphs(self, kind: str) -> bool:
        return self.db.owner

    async def drop_graphs(self, kind: str) -> None:
        self.db.graphs.discard(kind)
        self.db.graph_events.append(f"drop {kind}")

    async def build_missing_graphs(self, kind: str) -> int:
        if kind in self.db.graphs:
            return 0
        self.db.graphs.add(kind)
        self.db.graph_events.append(f"build {kind}")
        return 1

    async def inmate_hashes(self, inmate_ids: Sequence[int]) -> Mapping[int, tuple[str, str]]:
        return {i: self.db.inmate_vecs[i][:2] for i in inmate_ids if i in self.db.inmate_vecs}

    async def vacancy_hashes(self, vacancy_ids: Sequence[int]) -> Mapping[int, tuple[str, str]]:
        return {i: self.db.vacancy_vecs[i][:2] for i in vacancy_ids if i in self.db.vacancy_vecs}

    async def upsert_inmates(self, rows: Sequence[DocumentVector]) -> None:
        self.db.write("upsert_inmates")
        for key, model, digest, vec in rows:
            assert vec.shape == (self.db.dim,), "vector does not fit the column"
            self.db.inmate_vecs[key] = (model, digest, np.asarray(vec))

    async def upsert_vacancies(self, rows: Sequence[DocumentVector]) -> None:
        self.db.write("upsert_vacancies")
        for key, model, digest, vec in rows:
            assert vec.shape == (self.db.dim,), "vector does not fit the column"
            self.db.vacancy_vecs[key] = (model, digest, np.asarray(vec))

    async def missing_texts(self, model: str, hashes: Sequence[str]) -> Sequence[str]:
        return [h for h in hashes if (model, h) not in self.db.texts]

    async def add_texts(self, model: str, rows: Sequence[tuple[str, np.ndarray]]) -> None:
        self.db.write("add_texts")
        for digest, vec in rows:
            self.db.texts.setdefault((model, digest), vec)

    async def terms_to_fill(self, hashes: Sequence[str]) -> tuple[Sequence[str], Sequence[str]]:
        absent = [h for h in hashes if h not in self.db.terms]
        return absent, [h for h in hashes if h in self.db.terms and h not in self.db.languages]

    async def add_terms(self, rows: Sequence[tuple[str, TermRow, str]]) -> None:
        self.db.write("add_terms")
        for digest, row, language in rows:
            self.db.terms.setdefault(digest, row)
            self.db.languages.setdefault(digest, language)

    async def add_languages(self, rows: Sequence[tuple[str, str]]) -> None:
        self.db.write("add_languages")
        for digest, language in rows:
            self.db.languages.setdefault(digest, language)


class FakeStores:
    """One object for both ``MatcherStores`` and ``IndexStores``, as the PostgreSQL adapter is."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self._vectors = FakeVectors(db)

    @property
    def inmates(self) -> InmateStore:
        return FakeInmates(self.db)

    @property
    def vacancies(self) -> VacancyStore:
        return FakeVacancies(self.db)

    @property
    def certificates(self) -> CertificateStore:
        return FakeCertificates(self.db)

    @property
    def catalogue(self) -> SchemeCatalogue:
        return FakeCatalogue(self.db)

    @property
    def vectors(self) -> VectorStore:
        return self._vectors

    @property
    def index(self) -> VectorIndex:
        return self._vectors

    def transaction(self) -> AbstractAsyncContextManager[object]:
        @asynccontextmanager
        async def tx() -> AsyncIterator[object]:
            db = self.db
            saved = copy.deepcopy((db.dim, db.inmate_vecs, db.vacancy_vecs, db.texts, db.terms, db.languages))
            db.in_tx += 1
            try:
                yield self
            except BaseException:
                db.dim, db.inmate_vecs, db.vacancy_vecs, db.texts, db.terms, db.languages = saved
                raise
            finally:
                db.in_tx -= 1

        return tx()

    async def schema_changed(self) -> None:
        assert not self.db.in_tx, "schema reloaded before the change committed"
        self.db.schema_reloads += 1


def matcher_stores(db: Db) -> MatcherStores:
    return FakeStores(db)


def index_stores(db: Db) -> IndexStores:
    return FakeStores(db)


# --- the world ---------------------------------------------------------------------------------
def person(pid: int, skills: tuple[str, ...], **kw: object) -> Inmate:
    base = Inmate(
        id=pid, external_id=f"X{pid}", pseudonym=f"WB-{pid}", full_name=f"Nama {pid}", birth_year=1990, gender="L",
        facility_id=1, bapas_id=5, domicile_regency_code="32.73", domicile_province_code="32", education="SMA",
        skills=skills, work_history=(), trainings=(), status="sentenced", expected_release_date=date(2026, 12, 1),
        consent=Consent(employer_matching=True),
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def job(vid: int, title: str, requirements: tuple[str, ...], units: tuple[str, ...], **kw: object) -> Vacancy:
    base = Vacancy(
        id=vid, external_id=f"V{vid}", employer_id=1, title=title, description=title, requirements=requirements,
        required_units=units, province_code="32", regency_code="32.73", positions=1, start_date=START,
        fair_chance=True, status="open",
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def cert(
    scheme: str, units: tuple[str, ...], *, status: str = "active", valid_until: date = date(2029, 1, 1)
) -> CertificateView:
    return CertificateView(
        number=f"N-{scheme}-{status}", scheme_code=scheme, scheme_title=f"Skema {scheme}", issued_on=date(2025, 1, 1),
        valid_until=valid_until, status=status,
        units=tuple(CompetencyUnit(code=u, title=f"unit {u} welding steel", sector="x") for u in units),
    )  # fmt: skip


def world() -> Db:
    db = Db()
    welding = ("welding steel pipes", "read welding drawings")
    db.inmates = {
        WELDER: person(WELDER, welding),
        BAKER: person(
            BAKER, ("bake bread dough",), domicile_regency_code="35.78", domicile_province_code="35", status="released"
        ),
        REFUSER: person(REFUSER, (*welding, "cut steel plates"), consent=Consent()),
        LATE: person(LATE, (*welding, "grind welds"), expected_release_date=date(2027, 6, 1)),
    }
    db.vacancies = {
        WELD_JOB: job(WELD_JOB, "welder", ("welding steel pipes", "read welding drawings"), WELD_UNITS),
        BAKE_JOB: job(
            BAKE_JOB,
            "baker",
            ("bake bread dough",),
            BAKE_UNITS,
            province_code="35",
            regency_code="35.78",
            start_date=None,
        ),  # fmt: skip
        CLOSED_JOB: job(CLOSED_JOB, "welder helper", ("welding steel pipes",), (), status="closed"),
    }
    db.certificates = {WELDER: [cert("LAS", WELD_UNITS)]}
    db.schemes = [
        Scheme(id=100, code="LAS", title="Las", kind="occupation", lsp_id=1, kkni_level=2, validity_years=3,
               unit_codes=WELD_UNITS),
        Scheme(id=101, code="ROTI", title="Roti", kind="occupation", lsp_id=1, kkni_level=2, validity_years=3,
               unit_codes=BAKE_UNITS),
    ]  # fmt: skip
    return db


async def indexed(encoder: FakeEmbedder | None = None) -> Db:
    db = world()
    encoder = encoder or FakeEmbedder()
    await reindex_vacancies(index_stores(db), encoder, batch=2)
    await reindex_inmates(index_stores(db), encoder, TODAY, batch=3)
    return db


# --- ranking -----------------------------------------------------------------------------------
async def test_employer_ranking_asks_for_the_hard_filters_and_explains() -> None:
    db = await indexed()
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    vacancy, matches = await matcher.candidates_for_vacancy(db, WELD_JOB, as_of=TODAY)
    assert vacancy == db.vacancies[WELD_JOB]
    assert db.searches == [("inmates", 100, CandidateFilter(for_employer=True, available_by=START))]
    assert [m.inmate_id for m in matches] == [WELDER, BAKER]  # no refuser, nobody released too late
    welder, baker = matches
    assert welder.score > baker.score
    assert welder.pseudonym == "WB-10" and welder.inmate == db.inmates[WELDER]
    assert welder.certificates == tuple(db.certificates[WELDER]) and baker.certificates == ()
    assert (welder.location, baker.location) == ("same_regency", "elsewhere")
    assert welder.explanation.units_covered == WELD_UNITS and baker.explanation.units_missing == WELD_UNITS


@pytest.mark.parametrize(
    ("vacancy_id", "available_by", "expected"),
    [
        (WELD_JOB, None, START),
        (WELD_JOB, date(2026, 12, 31), date(2026, 12, 31)),  # the earlier of start date and filter
        (WELD_JOB, date(2027, 3, 1), START),
        (BAKE_JOB, None, None),  # no start date, no filter: anyone
        (BAKE_JOB, date(2027, 3, 1), date(2027, 3, 1)),
    ],
)
async def test_available_by_is_the_earlier_of_start_date_and_the_filter(
    vacancy_id: int, available_by: date | None, expected: date | None
) -> None:
    db = await indexed()
    await Matcher(FakeEmbedder(), matcher_stores).candidates_for_vacancy(
        db, vacancy_id, as_of=TODAY, available_by=available_by, province_code="32", scheme_id=100
    )
    flt = db.searches[-1][2]
    assert flt == CandidateFilter(for_employer=True, available_by=expected, province_code="32", scheme_id=100)


async def test_pages_are_slices_of_one_ranking_and_the_pool_covers_the_page() -> None:
    db = await indexed()
    db.inmates[LATE] = replace(db.inmates[LATE], expected_release_date=date(2026, 12, 1))
    matcher = Matcher(FakeEmbedder(), matcher_stores, pool=3)
    _, everyone, total = await matcher.candidates_page(db, WELD_JOB, as_of=TODAY, k=10)
    assert db.searches[-1][1] == 10  # the pool grows to the page's end
    assert total == len(everyone) == 3
    pages = [await matcher.candidates_page(db, WELD_JOB, as_of=TODAY, k=1, offset=n) for n in range(4)]
    assert [s[1] for s in db.searches[-4:]] == [3, 3, 3, 4]
    assert [m.inmate_id for _, page, _ in pages for m in page] == [m.inmate_id for m in everyone]
    assert [len(page) for _, page, _ in pages] == [1, 1, 1, 0] and {t for _, _, t in pages} == {3}


async def test_a_score_is_the_same_with_and_without_filters_on_every_page_and_in_both_views() -> None:
    db = await indexed()
    db.inmates[LATE] = replace(db.inmates[LATE], expected_release_date=date(2026, 12, 1))
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    _, everyone, _ = await matcher.candidates_page(db, WELD_JOB, as_of=TODAY, k=10)
    _, filtered, _ = await matcher.candidates_page(db, WELD_JOB, as_of=TODAY, k=10, province_code="32")
    assert {m.inmate_id for m in filtered} < {m.inmate_id for m in everyone}  # the filter changed the pool
    score = {m.inmate_id: m.score for m in everyone}
    for m in filtered:
        assert m.score == pytest.approx(score[m.inmate_id], abs=1e-3)
    for n in range(len(everyone)):
        _, page, _ = await matcher.candidates_page(db, WELD_JOB, as_of=TODAY, k=1, offset=n)
        assert page[0].score == pytest.approx(score[page[0].inmate_id], abs=1e-3)
        assert page[0].explanation.label == everyone[n].explanation.label
    officer = await matcher.vacancies_for_candidate(db, WELDER, as_of=TODAY, k=5)
    assert next(m.score for m in officer if m.vacancy.id == WELD_JOB) == pytest.approx(score[WELDER], abs=1e-3)
    assert all(0.0 <= s <= 100.0 for s in score.values())


async def test_unindexed_or_unknown_records_are_reported() -> None:
    db = await indexed()
    del db.vacancy_vecs[WELD_JOB], db.inmate_vecs[BAKER]
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    with pytest.raises(NotIndexed):
        await matcher.candidates_for_vacancy(db, WELD_JOB, as_of=TODAY)
    with pytest.raises(NotIndexed):
        await matcher.vacancies_for_candidate(db, BAKER, as_of=TODAY)
    with pytest.raises(NotFound):
        await matcher.candidates_for_vacancy(db, 999, as_of=TODAY)
    assert db.searches == []


async def test_ranking_reads_stored_vectors_and_runs_no_model() -> None:
    db = await indexed()
    encoder = FakeEmbedder()  # the indexing model, with an empty cache
    matcher = Matcher(encoder, matcher_stores)
    await matcher.candidates_for_vacancy(db, WELD_JOB, as_of=TODAY)
    await matcher.vacancies_for_candidate(db, WELDER, as_of=TODAY)
    assert encoder.encoded == []


async def test_vectors_of_another_model_or_an_edited_text_are_not_used() -> None:
    db = await indexed()
    other = FakeEmbedder("another-model")
    _, before = await Matcher(other, matcher_stores).candidates_for_vacancy(db, WELD_JOB, as_of=TODAY)
    welder_text = candidate_text(candidate_doc(db.inmates[WELDER], db.certificates[WELDER], TODAY), TODAY)
    assert welder_text in other.encoded and "welding steel pipes" in other.encoded

    db.inmates[WELDER] = replace(db.inmates[WELDER], skills=("bake bread dough",))  # not reindexed
    same = FakeEmbedder()
    await Matcher(same, matcher_stores).candidates_for_vacancy(db, WELD_JOB, as_of=TODAY)
    edited = candidate_text(candidate_doc(db.inmates[WELDER], db.certificates[WELDER], TODAY), TODAY)
    # only the edited profile's document (for the query and for the index's reference statistics)
    assert set(same.encoded) == {edited}


async def test_officer_view_asks_for_vacancies_the_person_can_start() -> None:
    db = await indexed()
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    matches = await matcher.vacancies_for_candidate(db, WELDER, as_of=TODAY, k=5, province_code="32")
    assert db.searches[-1] == ("vacancies", 100, VacancyFilter(available_from=date(2026, 12, 1), province_code="32"))
    assert [m.vacancy.id for m in matches] == [WELD_JOB]  # the closed one and the other province left out
    assert matches[0].location == "same_regency" and matches[0].explanation.units_covered == WELD_UNITS

    both = await matcher.vacancies_for_candidate(db, BAKER, as_of=TODAY)
    assert db.searches[-1][2] == VacancyFilter(available_from=None)  # released: free now
    assert [m.vacancy.id for m in both] == [BAKE_JOB, WELD_JOB]
    assert [m.location for m in both] == ["same_regency", "elsewhere"]


async def test_gaps_for_one_vacancy_and_for_the_home_province() -> None:
    db = await indexed()
    matcher = Matcher(FakeEmbedder(), matcher_stores)
    one = await matcher.gaps(db, BAKER, as_of=TODAY, vacancy_id=WELD_JOB)
    assert [(t.vacancy_id, t.missing) for t in one.targets] == [(str(WELD_JOB), WELD_UNITS)]
    assert [s.scheme for s in one.schemes] == ["LAS"] and one.schemes[0].vacancies_completed == (str(WELD_JOB),)
    assert db.searches == []  # one named vacancy: no retrieval

    home = await matcher.gaps(db, BAKER, as_of=TODAY)
    assert db.searches[-1][2] == VacancyFilter(available_from=None, province_code="35")
    assert [(t.vacancy_id, t.missing) for t in home.targets] == [(str(BAKE_JOB), BAKE_UNITS)]
    assert [s.scheme for s in home.schemes][0] == "ROTI"  # its own trade and the target; others may follow

    covered = await matcher.gaps(db, WELDER, as_of=TODAY, vacancy_id=WELD_JOB)
    assert covered.missing_units == () and covered.schemes == ()


def test_held_units_count_only_live_certificates() -> None:
    certs = [
        cert("A", ("U.1",)),
        cert("B", ("U.2",), valid_until=TODAY),  # still valid on its last day
        cert("C", ("U.3",), valid_until=date(2026, 11, 24)),
        cert("D", ("U.4",), status="suspended"),
        cert("E", ("U.5",), status="revoked"),
    ]
    assert held_units(certs, TODAY) == ["U.1", "U.2"]


# --- indexing ----------------------------------------------------------------------------------
async def test_reindex_writes_only_what_changed() -> None:
    db = world()
    encoder = FakeEmbedder()
    stores = index_stores(db)
    v = await reindex_vacancies(stores, encoder, batch=2)
    i = await reindex_inmates(stores, encoder, TODAY, batch=3)
    assert (v.seen, v.embedded, i.seen, i.embedded) == (3, 3, 4, 4)
    assert set(db.inmate_vecs) == set(db.inmates) and set(db.vacancy_vecs) == set(db.vacancies)
    assert len(db.terms) == 7 and i.items > 0 and len(db.texts) == v.items + i.items
    assert len(encoder.encoded) == len(set(encoder.encoded))  # each text encoded once

    encoder.encoded.clear()
    again = await reindex_inmates(stores, encoder, TODAY, batch=3)
    assert (again.seen, again.embedded, again.items) == (4, 0, 0) and encoder.encoded == []

    db.inmates[BAKER] = replace(db.inmates[BAKER], skills=("bake bread dough", "decorate cakes"))
    changed = await reindex_inmates(stores, encoder, TODAY, batch=3)
    assert (changed.embedded, changed.items) == (1, 1)
    assert encoder.encoded[-1] == "decorate cakes" and len(db.terms) == 8


def test_bulk_build_only_when_many_rows_lack_a_vector() -> None:
    assert bulk_build(300_000, 0) and bulk_build(10_000, 7_999)
    assert not bulk_build(300_000, 297_000)  # a 1% change inserts into the graphs
    assert not bulk_build(1_000, 0)  # too few to be worth a rebuild
    assert not bulk_build(100_000, 80_000) and bulk_build(100_000, 79_999)


async def test_a_bulk_run_drops_the_graphs_and_builds_them_once_after(monkeypatch) -> None:
    monkeypatch.setattr(indexing, "BULK_MIN", 2)
    db = world()
    stores = index_stores(db)
    await reindex_vacancies(stores, FakeEmbedder(), batch=2)
    await reindex_inmates(stores, FakeEmbedder(), TODAY, batch=3)
    assert db.graph_events == ["drop vacancies", "build vacancies", "drop inmates", "build inmates"]
    db.graph_events.clear()
    db.inmates[BAKER] = replace(db.inmates[BAKER], skills=("decorate cakes",))
    assert (await reindex_inmates(stores, FakeEmbedder(), TODAY, batch=3)).embedded == 1
    assert db.graph_events == []  # one changed profile goes into the graphs row by row


async def test_a_bulk_run_without_ownership_inserts_into_the_live_graphs(monkeypatch) -> None:
    monkeypatch.setattr(indexing, "BULK_MIN", 2)
    db = world()
    db.owner = False
    assert (await reindex_inmates(index_stores(db), FakeEmbedder(), TODAY, batch=3)).embedded == len(db.inmates)
    assert db.graph_events == [] and db.graphs == {"inmates", "vacancies"}


async def test_an_interrupted_bulk_run_still_builds_the_graphs(monkeypatch) -> None:
    monkeypatch.setattr(indexing, "BULK_MIN", 2)
    db = world()
    db.fail_on = "add_terms"
    with pytest.raises(RuntimeError, match="disk full"):
        await reindex_inmates(index_stores(db), FakeEmbedder(), TODAY, batch=10)
    assert db.graph_events == ["drop inmates", "build inmates"] and "inmates" in db.graphs


async def test_a_failed_batch_leaves_nothing_half_written() -> None:
    db = world()
    db.fail_on = "add_terms"  # the batch's last write: vectors were written before it
    with pytest.raises(RuntimeError, match="disk full"):
        await reindex_inmates(index_stores(db), FakeEmbedder(), TODAY, batch=10)
    assert db.inmate_vecs == {} and db.texts == {} and db.terms == {}
    db.fail_on = None
    assert (await reindex_inmates(index_stores(db), FakeEmbedder(), TODAY, batch=10)).embedded == 4


async def test_another_model_size_resets_the_columns_then_reloads_the_schema() -> None:
    db = await indexed()
    stores = index_stores(db)
    assert await ensure_dimension(stores, FakeEmbedder()) is False and db.schema_reloads == 0

    class Wider(FakeEmbedder):
        def encode_uncached(self, texts: Sequence[str]) -> np.ndarray:
            narrow = super().encode_uncached(texts)
            return np.hstack([narrow, np.zeros((len(texts), 32), dtype=np.float32)])

    wider = Wider("wider-96")
    wider.dim = 96
    assert await ensure_dimension(stores, wider) is True
    assert db.dim == 96 and db.schema_reloads == 1 and db.inmate_vecs == {} and db.vacancy_vecs == {}
    stats = await reindex_inmates(stores, wider, TODAY)
    assert stats.embedded == 4 and {m for m, _, _ in db.inmate_vecs.values()} == {"wider-96"}
    assert db.schema_reloads == 1


def test_a_run_starts_on_a_small_batch_and_doubles_up_to_its_batch() -> None:
    sizes = indexing.batch_sizes(512)
    assert [next(sizes) for _ in range(7)] == [32, 64, 128, 256, 512, 512, 512]
    small = indexing.batch_sizes(3)
    assert [next(small) for _ in range(3)] == [3, 3, 3]

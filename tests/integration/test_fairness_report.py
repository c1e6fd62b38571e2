"""The fairness report on a real database with the real model; the invariance check
detects a leak when a protected attribute is slipped into the candidate document."""

from __future__ import annotations

from datetime import date

from api.stats.fairness import run_report
from api.web.stores import PgMatcherStores
from matcher import fairness
from matcher.indexing import reindex_inmates, reindex_vacancies
from matcher.profiles import candidate_doc
from matcher.service import Matcher
from tests import factories as f


async def _world(conn) -> dict[str, int]:
    fac = await f.places(conn)
    cat = await f.catalogue(conn)
    for n in range(6):
        welder = await f.inmate(
            conn, fac["lapas"], fac["bapas"], skills=("pengelasan SMAW", f"las pipa {n}"), name=f"Las {n}"
        )
        await f.certificate(conn, welder, cat["welding"], cat["lsp"], [u.code for u in f.WELDING_UNITS])
        await f.inmate(
            conn, fac["other_lapas"], fac["other_bapas"], skills=("membuat roti", f"kue {n}"),
            regency="35.78", province="35",
        )  # fmt: skip
    emp = await f.employer(conn)
    await f.vacancy(conn, emp, "Tukang Las SMAW", "Bengkel las.", ("mengelas pelat baja",))
    await f.vacancy(conn, emp, "Pembuat Roti", "Toko roti.", ("membuat adonan roti",))
    return fac


async def test_report_measures_exposure_and_passes_invariance(conn, encoder) -> None:
    await _world(conn)
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    report = await run_report(conn, Matcher(encoder, PgMatcherStores), date.today(), k=3)
    assert report.vacancies >= 2 and report.population >= 12
    facilities = {g.group: g for g in report.groups if g.attribute == "facility"}
    assert set(facilities) >= {"Lapas Kelas I Sukamiskin", "Lapas Kelas I Surabaya"}
    assert all(0 <= g.ratio <= 1 for g in report.groups)
    assert report.invariance.candidates > 0 and report.invariance.passed
    assert "PASS" in report.to_text() and '"flags"' in report.to_json()
    assert not {"gender", "birth_year", "facility_id", "full_name"} & set(
        fairness.doc_fields(candidate_doc(*(await _any_inmate(conn)), date.today()))
    )


async def _any_inmate(conn):
    from models.repositories.inmates import InmateRepo

    inmate = (await InmateRepo(conn).list_after(0, 1))[0]
    return inmate, []


async def test_invariance_check_fails_when_gender_leaks_into_the_document(conn, encoder, monkeypatch) -> None:
    await _world(conn)
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())

    def leaky(inmate, certificates, as_of):
        doc = candidate_doc(inmate, certificates, as_of)
        from dataclasses import replace

        return replace(doc, skills=doc.skills + (("perempuan",) if inmate.gender == "P" else ("laki-laki",)))

    monkeypatch.setattr(fairness, "candidate_doc", leaky)
    report = await run_report(conn, Matcher(encoder, PgMatcherStores), date.today(), k=3)
    assert report.invariance.documents_changed == report.invariance.candidates > 0
    assert not report.invariance.passed and "FAIL" in report.to_text()

"""Explanations: structured facts and their Indonesian rendering."""

from __future__ import annotations

from datetime import date

from matcher.documents import parse_candidate, parse_vacancy
from matcher.explain import Explanation, explain_pair, render_id, tanggal
from matcher.features import embed_candidates, embed_vacancies, pair_features
from tests.unit.test_matcher_scoring import BagOfWords

TODAY = date(2026, 11, 25)

VACANCY = parse_vacancy(
    {
        "id": "v1",
        "title": "juru las",
        "requirements": ["las pipa baja", "membaca gambar kerja"],
        "required_units": ["W.1", "W.2", "W.3"],
        "region": "Batam",
        "start_date": "2027-02-01",
    }
)


def explain(candidate_raw: dict[str, object]) -> Explanation:
    candidate = parse_candidate(candidate_raw)
    emb = BagOfWords()
    vac = embed_vacancies([VACANCY], emb)
    cand = embed_candidates([candidate], emb, TODAY)
    feats = pair_features([VACANCY], [candidate], vac, cand, TODAY)
    return explain_pair(VACANCY, candidate, vac, 0, cand, 0, feats, 1.5, TODAY)


def test_structured_explanation() -> None:
    e = explain(
        {
            "id": "c1",
            "skills": ["memasak nasi"],
            "certificates": [
                {
                    "scheme": "Juru Las",
                    "units": [{"code": "W.1", "title": "las pipa baja"}],
                    "valid_until": "2028-01-01",
                },
                {"scheme": "Lama", "units": [{"code": "W.2", "title": "gerinda"}], "valid_until": "2024-01-01"},
            ],
            "region": "Medan",
            "available_from": "2027-03-01",
        }
    )
    first = e.matches[0]
    assert (first.requirement, first.item, first.item_kind, first.unit_code) == (
        "las pipa baja",
        "las pipa baja",
        "unit",
        "W.1",
    )
    assert first.strength == "strong" and first.similarity > 0.99
    assert e.matches[1].strength == "weak"  # nothing about drawings
    assert e.matches[-1].requirement_kind == "title"
    assert (e.units_covered, e.units_expired, e.units_missing) == (("W.1",), ("W.2",), ("W.3",))
    assert e.available is False and e.same_region is False
    assert set(e.features) >= {"embedding", "alignment", "unit_coverage"}


def test_indonesian_rendering() -> None:
    e = explain(
        {
            "id": "c1",
            "skills": ["las pipa baja"],
            "certificates": [{"scheme": "Las", "units": [{"code": "W.1", "title": "x"}], "valid_until": "2020-01-01"}],
            "region": "Kota Batam",
            "available_from": "2027-01-15",
        }
    )
    text = render_id(e)
    assert "Persyaratan “las pipa baja” cocok dengan keterampilan “las pipa baja” (kecocokan kuat, 1,00)." in text
    assert any(line.startswith("Persyaratan “membaca gambar kerja” belum terpenuhi.") for line in text)
    assert "Memiliki 0 dari 3 unit kompetensi yang diminta." in text
    assert "Sertifikat untuk unit W.1 sudah kedaluwarsa." in text
    assert "Belum memiliki unit W.2, W.3." in text
    assert "Tersedia mulai 15 Januari 2027, sebelum tanggal mulai kerja 1 Februari 2027." in text
    assert "Berdomisili di wilayah lowongan (Kota Batam)." in text


def test_rendering_late_and_unknown() -> None:
    late = render_id(explain({"id": "c", "available_from": "2027-05-02"}))
    assert "Baru tersedia 2 Mei 2027, setelah tanggal mulai kerja 1 Februari 2027." in late
    assert any("profil belum berisi keterampilan" in line for line in late)
    unknown = render_id(explain({"id": "c", "skills": ["las"]}))
    assert "Tanggal ketersediaan atau tanggal mulai kerja belum diketahui." in unknown
    assert not any(line.startswith("Berdomisili") for line in unknown)
    assert tanggal(date(2026, 12, 31)) == "31 Desember 2026"


def test_the_english_explanation_says_what_the_indonesian_one_says() -> None:
    from datetime import date

    from matcher.explain import Explanation, render, render_en, render_id

    e = Explanation(
        vacancy_id="v", candidate_id="c", features={}, score=72.0, label="strong", matches=(),
        units_covered=("A.1",), units_expired=("B.2",), units_missing=("C.3",),
        available=True, available_from=date(2026, 6, 4), start_date=date(2026, 7, 1), candidate_region="32.73",
        vacancy_region="32.73", same_region=True, distance_km=None,
    )  # fmt: skip
    en, id_ = render_en(e, {"32.73": "Kota Bandung"}), render_id(e, {"32.73": "Kota Bandung"})
    assert len(en) == len(id_) and render(e, {}, "en") == render_en(e, {}) and render(e, {}) == render_id(e, {})
    assert en[0] == "Overall match strong (score 72 of 100)."
    assert "Holds 1 of the 3 competency units asked for (A.1)." in en
    assert "Available from 4 June 2026, before the job's start on 1 July 2026." in en
    assert en[-1] == "Lives in the vacancy's area (Kota Bandung)."
    assert not any(word in " ".join(en) for word in ("Kecocokan", "Memiliki", "Berdomisili", "Tersedia"))

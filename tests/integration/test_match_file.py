"""Offline ranking with the real model: hand-checked order and the match-file format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from matcher.documents import parse_candidate, parse_vacancy
from matcher.embedding import Encoder
from matcher.explain import explain_pair, render_id
from matcher.features import embed_candidates, embed_vacancies, pair_features
from matcher.offline import main, rank_docs
from matcher.scoring import rank_candidates

TODAY = date(2026, 11, 25)

CANDIDATES = [
    {
        "id": "baker",
        "skills": ["membuat adonan roti", "mengoperasikan oven", "menghias kue"],
        "certificates": [
            {
                "scheme": "Pembuat Roti dan Kue",
                "units": [{"code": "C.10ROT00.002.1", "title": "Membuat roti manis dan roti tawar"}],
                "valid_until": "2028-05-01",
            }
        ],
        "experience": ["3 tahun di toko roti"],
        "region": "Bandung",
        "available_from": "2026-12-01",
    },
    {
        "id": "welder",
        "skills": ["las listrik SMAW", "membaca gambar kerja", "memotong plat besi"],
        "certificates": [
            {
                "scheme": "Juru Las",
                "units": [{"code": "C.25LAS00.001.1", "title": "Mengelas pelat baja dengan proses las busur manual"}],
                "valid_until": "2028-05-01",
            }
        ],
        "experience": ["2 tahun di bengkel las pagar dan kanopi"],
        "region": "Bekasi",
        "available_from": "2026-12-01",
    },
    {
        "id": "driver",
        "skills": ["mengemudi truk", "merawat kendaraan"],
        "experience": ["sopir ekspedisi 4 tahun"],
        "region": "Bekasi",
        "available_from": "2026-12-01",
    },
]

WELD_ID = {
    "id": "las-id",
    "title": "Juru Las",
    "description": "Bengkel konstruksi baja di Bekasi membutuhkan juru las. Terbuka bagi mantan warga binaan.",
    "requirements": ["mampu mengelas SMAW", "membaca gambar teknik"],
    "required_units": [],
    "region": "Bekasi",
    "start_date": "2027-01-15",
}
WELD_EN = {
    "id": "weld-en",
    "title": "Welder",
    "description": "Steel fabrication workshop is hiring a welder. Fair-chance employer.",
    "requirements": ["stick welding (SMAW) of steel plates", "read technical drawings"],
    "start_date": "2027-01-15",
}
BAKE_EN = {
    "id": "bake-en",
    "title": "Bakery Assistant",
    "description": "A bakery needs an assistant baker for the morning shift.",
    "requirements": ["prepare bread dough", "operate the oven"],
    "start_date": "2027-01-15",
}


def _ranking(encoder: Encoder, vacancies: list[dict[str, object]]) -> dict[str, list[str]]:
    return rank_docs(
        [parse_vacancy(v) for v in vacancies],
        [parse_candidate(c) for c in CANDIDATES],
        10,
        encoder,
        as_of=TODAY,
    )


@pytest.mark.parametrize("vacancy", [WELD_ID, WELD_EN], ids=["indonesian", "english"])
def test_welder_ranks_above_baker_for_welding_vacancy(encoder: Encoder, vacancy: dict[str, object]) -> None:
    order = _ranking(encoder, [vacancy, BAKE_EN])[str(vacancy["id"])]
    assert order[0] == "welder"
    assert order.index("welder") < order.index("baker")


def test_baker_ranks_first_for_bakery_vacancy(encoder: Encoder) -> None:
    # the same candidates are not simply ordered by profile quality
    assert _ranking(encoder, [WELD_EN, BAKE_EN])["bake-en"][0] == "baker"


def test_explanation_names_the_welding_evidence(encoder: Encoder) -> None:
    vacancies = [parse_vacancy(WELD_ID)]
    candidates = [parse_candidate(c) for c in CANDIDATES]
    vac = embed_vacancies(vacancies, encoder)
    cand = embed_candidates(candidates, encoder, TODAY)
    feats = pair_features(vacancies, candidates, vac, cand, TODAY)
    scores, orders = rank_candidates(feats)
    top = int(orders[0][0])
    explanation = explain_pair(vacancies[0], candidates[top], vac, 0, cand, top, feats, float(scores[0, top]), TODAY)
    weld_req = explanation.matches[0]
    assert weld_req.requirement == "mampu mengelas SMAW"
    assert weld_req.strength in ("strong", "partial")
    assert "las" in (weld_req.item or "").lower()
    assert explanation.same_region is True and explanation.available is True
    lines = render_id(explanation)
    assert lines[0].startswith("Persyaratan “mampu mengelas SMAW” cocok dengan")
    assert "Berdomisili di wilayah lowongan (Bekasi)." in lines


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_match_file_output_format(encoder: Encoder, tmp_path: Path) -> None:
    late_welder = {**CANDIDATES[1], "id": "late-welder", "available_from": "2027-06-01"}
    cands = _write_jsonl(tmp_path / "c.jsonl", [*CANDIDATES, late_welder])
    vacs = _write_jsonl(tmp_path / "v.jsonl", [WELD_ID, WELD_EN, BAKE_EN])
    out = tmp_path / "ranking.json"
    argv = ["--candidates", str(cands), "--vacancies", str(vacs), "--top", "2", "--out", str(out)]
    assert main(argv, encoder=encoder) == 0
    ranking = json.loads(out.read_text(encoding="utf-8"))
    assert list(ranking) == ["las-id", "weld-en", "bake-en"]
    ids = {c["id"] for c in CANDIDATES} | {"late-welder"}
    for ranked in ranking.values():
        assert 1 <= len(ranked) <= 2
        assert len(set(ranked)) == len(ranked) and set(ranked) <= ids
    assert ranking["las-id"][0] == "welder"
    assert "late-welder" not in ranking["las-id"]  # not available by the start date
    assert ranking["bake-en"][0] == "baker"


def test_match_file_bad_input_names_line_and_field(
    encoder: Encoder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cands = _write_jsonl(tmp_path / "c.jsonl", [CANDIDATES[0], {"id": "x", "available_from": "31/12/2026"}])
    vacs = _write_jsonl(tmp_path / "v.jsonl", [WELD_EN])
    out = tmp_path / "ranking.json"
    argv = ["--candidates", str(cands), "--vacancies", str(vacs), "--top", "5", "--out", str(out)]
    assert main(argv, encoder=encoder) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "available_from" in err
    assert not out.exists()

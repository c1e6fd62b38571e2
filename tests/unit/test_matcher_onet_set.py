"""The generated O*NET evaluation set: format, labels and determinism, on tiny fake tables."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from bench.onet_set import build
from matcher.documents import read_candidates, read_vacancies

# A, B related (Primary-Short); C, D unrelated to them. "Bakers" is left out (sample-like).
OCCUPATIONS = {
    "A": "Actuaries",
    "B": "Statisticians",
    "C": "Librarians",
    "D": "Geographers",
    "E": "Bakers",
}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _tables(folder: Path) -> Path:
    folder.mkdir()
    _write(
        folder / "occupation_data.csv",
        ["O*NET-SOC Code", "Title", "Description"],
        [[c, t, f"{t} do {t.lower()} work."] for c, t in OCCUPATIONS.items()],
    )
    tasks, dwas, titles, tools = [], [], [], []
    for c, t in OCCUPATIONS.items():
        for k in range(9):
            tid = f"{ord(c)}{k}"
            tasks.append([c, tid, f"Perform {t.lower()} task number {k} with care, using tools.", "Core"])
            dwas.append([c, tid, f"x{tid}", f"Analyze {t.lower()} activity {k}."])
        titles += [[c, f"{t} title {k}", "Y"] for k in range(3)]
        tools.append([c, f"{t} Suite", "Analytical software", "N", "N"])
    _write(folder / "task_statements.csv", ["O*NET-SOC Code", "Task ID", "Task", "Task Type"], tasks)
    _write(folder / "tasks_to_dwas.csv", ["O*NET-SOC Code", "Task ID", "DWA ID", "DWA Title"], dwas)
    _write(folder / "sample_of_reported_titles.csv", ["O*NET-SOC Code", "Reported Job Title", "Shown"], titles)
    _write(
        folder / "technology_skills.csv",
        ["O*NET-SOC Code", "Example", "Commodity Title", "Hot Technology", "In Demand"],
        tools,
    )
    _write(
        folder / "related_occupations.csv",
        ["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
        [["A", "B", "Primary-Short", "1"], ["C", "D", "Supplemental", "1"]],
    )
    return folder


def test_generated_set_format_labels_and_determinism(tmp_path: Path) -> None:
    data = _tables(tmp_path / "onet")
    counts = build(data, tmp_path / "one", seed=3, clusters=1, distractors=2)
    build(data, tmp_path / "two", seed=3, clusters=1, distractors=2)
    for name in ("candidates.jsonl", "vacancies.jsonl", "qrels.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()

    candidates = read_candidates(tmp_path / "one" / "candidates.jsonl")  # the DESIGN.md §5 format
    vacancies = read_vacancies(tmp_path / "one" / "vacancies.jsonl")
    qrels = json.loads((tmp_path / "one" / "qrels.json").read_text(encoding="utf-8"))
    assert counts == {"occupations": 4, "candidates": 28, "vacancies": 4}
    assert len(candidates) == 28 and set(qrels) == {v.id for v in vacancies}
    text = (tmp_path / "one" / "candidates.jsonl").read_text(encoding="utf-8")
    assert "baker" not in text.lower()  # sample-like occupations are left out
    assert all(c.skills for c in candidates)

    # the vacancies belong to the related pair A/B: 7 same-occupation people, 7 related
    by_id = {c.id: c for c in candidates}
    for vacancy in vacancies:
        labels = qrels[vacancy.id]
        assert set(labels.values()) <= {1, 2}
        assert vacancy.start_date is not None
        for cid in labels:
            available_from = by_id[cid].available_from
            assert available_from is not None and available_from <= vacancy.start_date
        late = [c.id for c in candidates if (c.available_from or date.min) > vacancy.start_date]
        assert not set(late) & set(labels)
        assert sum(1 for g in labels.values() if g == 2) <= 7 and sum(1 for g in labels.values() if g == 1) <= 7
    assert any(2 in qrels[v.id].values() for v in vacancies)
    assert any(1 in qrels[v.id].values() for v in vacancies)

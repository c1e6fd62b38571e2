"""The human-like rewrite of generated sets: same people and vacancies, prose instead of lists."""

from __future__ import annotations

import random

from bench.prose_set import humanise
from matcher.documents import parse_candidate, parse_vacancy

CANDIDATES = [
    {
        "id": "k0001",
        "skills": ["mengelas pipa", "membaca gambar kerja", "merawat mesin las", "kerja tim"],
        "experience": ["Juru las (3 tahun)"],
        "available_from": "2026-07-01",
    },
    {"id": "o0002", "skills": ["weld pipes", "read blueprints"], "experience": []},
]
VACANCIES = [
    {
        "id": "kv001",
        "title": "Juru Las",
        "description": "Juru las bekerja di bengkel.",
        "requirements": ["Mengelas pipa"],
    },
    {"id": "ov002", "title": "Welder", "description": "Welders join metal.", "requirements": ["Weld pipes"]},
]
LANGUAGE = {"k": "id", "o": "en"}


def _run(seed: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    return humanise(CANDIDATES, VACANCIES, random.Random(seed), LANGUAGE)


def test_humanise_keeps_ids_dates_and_every_skill_word() -> None:
    candidates, vacancies = _run(3)
    assert [c["id"] for c in candidates] == ["k0001", "o0002"]
    assert [v["id"] for v in vacancies] == ["kv001", "ov002"]
    assert candidates[0]["available_from"] == "2026-07-01"
    for before, after in zip(CANDIDATES, candidates, strict=True):
        text = " ".join([*after["skills"], *after["experience"]])  # type: ignore[misc]
        assert all(s in text for s in before["skills"])  # type: ignore[attr-defined]
        parse_candidate(after)  # still the offline format
    for before, after in zip(VACANCIES, vacancies, strict=True):
        assert str(before["title"]) in str(after["title"])
        assert str(before["description"]) in str(after["description"])
        assert len(str(after["description"])) > len(str(before["description"]))  # paragraphs around it
        parse_vacancy(after)


def test_humanise_writes_each_side_in_its_own_language_and_is_seeded() -> None:
    candidates, vacancies = _run(5)
    assert _run(5) == (candidates, vacancies)
    assert any(w in str(vacancies[0]["description"]) for w in ("Kami", "PT kami", "Bergabunglah"))
    assert any(w in str(vacancies[1]["description"]) for w in ("We ", "Our ", "Join "))
    skills_moved = [len(c["skills"]) < len(o["skills"]) for c, o in zip(candidates, CANDIDATES)]  # type: ignore[arg-type]
    assert any(skills_moved) or any(_run(s)[0][0]["skills"] != CANDIDATES[0]["skills"] for s in range(5))

"""A second, independent ranking evaluation set generated from O*NET at run time.

usage: python -m bench.onet_set OUT_DIR [--data DIR] [--seed N]

The public sample (``shared/bench/sample``) is small and covers Indonesian trades
only, so a ranker tuned on it may not carry over. This module builds a set in the
same DESIGN.md §5 format from the O*NET 29.3 tables in ``shared/data/onet`` (CC BY
4.0, see ``shared/data/SOURCES.md``): different occupations (the sample's trades
are left out), English texts, noisy skill lists. Nothing is committed: the files
are written to a folder the caller chooses (``bench.quality`` uses a temporary
one). The same seed gives byte-identical files.

How it is built (all choices seeded):

* occupations: clusters of a randomly drawn occupation and up to two of its
  *Primary-Short* related occupations, plus distractor occupations that have
  candidates but no vacancies;
* candidates (7 per occupation): skills are short paraphrases of the occupation's
  work (O*NET detailed work activities and the first clause of task statements,
  cut to a few words), a technology or two, some skills from unrelated occupations,
  typos and truncations, shuffled; experience lines use reported job titles (some
  people changed careers: their line names another occupation); some hold a
  certificate whose units are task statements (codes ``ON.<task id>``), some of
  them expired, some a certificate from another occupation;
* vacancies (2 per clustered occupation): a reported job title, the occupation
  description plus boilerplate, 2-4 task statements as requirements (other tasks
  than the candidates' where possible), sometimes required unit codes;
* labels: 2 same occupation, 1 related occupation (Primary-Short or Primary-Long
  in either direction), 0 otherwise; a candidate not available by the vacancy's
  start date is never relevant (as in the sample).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "onet"

# Occupations that resemble the public sample's trades are left out, so this set
# measures something the sample does not.
_SAMPLE_LIKE = re.compile(
    r"weld|bak|barista|cook|chef|food|electrician|mason|brick|carpent|cabinet|tailor|sew|textile|"
    r"truck|driver|farm|agricultur|poultry|fish|aquacult|greenhouse|nursery|motorcycle|solar|maid|"
    r"housekeep|janitor|cleaner|administrative assistant|secretar|data entry|weav|construction laborer",
    re.IGNORECASE,
)
_RELATED_TIERS = {"Primary-Short", "Primary-Long"}
_BOILERPLATE = (
    "Fair-chance employer: people with records are welcome to apply.",
    "Full-time position with health insurance.",
    "Immediate start, training provided.",
    "We offer a competitive salary and paid leave.",
    "Day shift, Monday to Friday.",
    "",
)
_REGIONS = ("Jakarta", "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Batam", "Denpasar")
_EDUCATION = (None, "SMA", "SMK", "D3", "S1", "high school diploma", "vocational certificate")
# Requirements and skills that say nothing about the trade: real postings and CVs are full of
# them, and a profile that lists "Microsoft Office" matches every posting that asks for it.
GENERIC_REQUIREMENTS = (
    "Good communication skills",
    "Able to work in a team",
    "Proficient in Microsoft Office",
    "High school diploma or equivalent",
    "Honest, disciplined and responsible",
    "Willing to work shifts",
    "Basic computer skills",
    "Attention to detail",
)
GENERIC_SKILLS = (
    "teamwork",
    "communication",
    "Microsoft Office",
    "MS Excel",
    "problem solving",
    "time management",
    "customer service",
    "honest and disciplined",
)
_EXPERIENCE = (
    "{n} years as {title}",
    "{title} ({n} years)",
    "worked as {lower} at a local company",
    "{title}, {n} yrs",
    "former {lower}",
)


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    title: str
    description: str
    tasks: tuple[tuple[str, str], ...]  # (task id, statement)
    activities: tuple[str, ...]  # detailed work activity titles
    titles: tuple[str, ...]  # reported job titles
    tools: tuple[str, ...]  # technology examples


@dataclass(frozen=True, slots=True)
class Style:
    """How people of one language write: experience lines, boilerplate, generic lines, schooling."""

    experience: tuple[str, ...] = _EXPERIENCE
    boilerplate: tuple[str, ...] = _BOILERPLATE
    generic_requirements: tuple[str, ...] = GENERIC_REQUIREMENTS
    generic_skills: tuple[str, ...] = GENERIC_SKILLS
    education: tuple[str | None, ...] = _EDUCATION


ENGLISH = Style()


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_occupations(data: Path) -> tuple[dict[str, Occupation], dict[str, set[str]]]:
    """Occupations with enough text to build profiles, and the related-occupation graph."""
    tasks: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in _rows(data / "task_statements.csv"):
        tasks[r["O*NET-SOC Code"]].append((r["Task ID"], r["Task"].strip()))
    activities: dict[str, dict[str, None]] = defaultdict(dict)
    for r in _rows(data / "tasks_to_dwas.csv"):
        activities[r["O*NET-SOC Code"]][r["DWA Title"].strip()] = None
    titles: dict[str, list[str]] = defaultdict(list)
    for r in _rows(data / "sample_of_reported_titles.csv"):
        titles[r["O*NET-SOC Code"]].append(r["Reported Job Title"].strip())
    tools: dict[str, list[str]] = defaultdict(list)
    for r in _rows(data / "technology_skills.csv"):
        tools[r["O*NET-SOC Code"]].append(r["Example"].strip())
    occupations = {}
    for r in _rows(data / "occupation_data.csv"):
        code = r["O*NET-SOC Code"]
        if len(tasks[code]) < 8 or len(activities[code]) < 6 or len(titles[code]) < 3:
            continue
        if _SAMPLE_LIKE.search(r["Title"]) or any(_SAMPLE_LIKE.search(t) for t in titles[code]):
            continue
        occupations[code] = Occupation(
            code,
            r["Title"].strip(),
            r["Description"].strip(),
            tuple(tasks[code]),
            tuple(activities[code]),
            tuple(titles[code]),
            tuple(tools[code]),
        )
    related: dict[str, set[str]] = defaultdict(set)
    for r in _rows(data / "related_occupations.csv"):
        if r["Relatedness Tier"] in _RELATED_TIERS:
            a, b = r["O*NET-SOC Code"], r["Related O*NET-SOC Code"]
            related[a].add(b)
            related[b].add(a)
    return occupations, related


def _short(text: str, rng: random.Random, low: int = 3, high: int = 7) -> str:
    """A task statement cut to its first clause and a few words, lower case."""
    clause = re.split(
        r",|;| to | in order | such as | including | for the purpose"
        r"| untuk | guna | seperti | termasuk | dalam rangka ",
        text,
        maxsplit=1,
    )[0]
    words = clause.rstrip(".").split()
    return " ".join(words[: rng.randint(low, high)]).lower()


def _typo(text: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.random()
    if kind < 0.4:  # swap two neighbours
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind < 0.7:  # drop a letter
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]  # double a letter


def _truncate(text: str, rng: random.Random) -> str:
    if len(text) < 12:
        return text
    return text[: rng.randint(8, len(text) - 2)].rstrip()


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _generic(pool: tuple[str, ...], rng: random.Random, low: int, high: int) -> list[str]:
    """A few requirements or skills from ``pool`` (generic ones: teamwork, office software)."""
    return rng.sample(pool, min(rng.randint(low, high), len(pool)))


def _skills(
    occ: Occupation, rng: random.Random, noise: list[Occupation], generic: tuple[str, ...] = GENERIC_SKILLS
) -> list[str]:
    n_act = rng.randint(1, 4)
    n_task = rng.randint(0, 3)
    skills = [_short(a, rng, 2, 6) for a in rng.sample(occ.activities, min(n_act, len(occ.activities)))]
    skills += [_short(t, rng) for _, t in rng.sample(occ.tasks, min(n_task, len(occ.tasks)))]
    if occ.tools and rng.random() < 0.5:
        skills += rng.sample(occ.tools, min(rng.randint(1, 2), len(occ.tools)))
    for other in rng.sample(noise, min(rng.randint(0, 3), len(noise))):  # unrelated skills people also list
        skills.append(_short(rng.choice(other.activities), rng, 2, 5))
    if rng.random() < 0.6:
        skills += _generic(generic, rng, 1, 3)
    out = []
    for s in skills:
        roll = rng.random()
        if roll < 0.15:
            s = _typo(s, rng)
        elif roll < 0.22:
            s = _truncate(s, rng)
        out.append(s)
    rng.shuffle(out)
    return list(dict.fromkeys(s for s in out if s))


def _experience(
    occ: Occupation, rng: random.Random, noise: list[Occupation], avoid: set[str], templates: tuple[str, ...]
) -> list[str]:
    lines = []
    for _ in range(rng.choices((0, 1, 2), (0.2, 0.55, 0.25))[0]):
        source = occ if rng.random() > 0.2 or not noise else rng.choice(noise)  # some changed careers
        choices = [t for t in source.titles if t not in avoid] or list(source.titles)
        title = rng.choice(choices)
        line = rng.choice(templates).format(n=rng.randint(1, 12), title=title, lower=title.lower())
        lines.append(line)
    return lines


def _certificate(occ: Occupation, rng: random.Random) -> dict[str, object]:
    units = rng.sample(occ.tasks, min(rng.randint(1, 4), len(occ.tasks)))
    valid = _day(rng, date(2024, 6, 1), date(2030, 12, 31)) if rng.random() < 0.8 else None
    return {
        "scheme": rng.choice((occ.title, rng.choice(occ.titles), "")),
        "units": [
            {"code": f"ON.{tid}" if rng.random() < 0.8 else None, "title": _short(text, rng, 4, 10).capitalize()}
            for tid, text in units
        ],
        "valid_until": valid.isoformat() if valid else None,
    }


def build(data: Path, out: Path, *, seed: int = 7, clusters: int = 12, distractors: int = 8) -> dict[str, int]:
    """Write candidates.jsonl, vacancies.jsonl and qrels.json to ``out``; return counts."""
    occupations, related = load_occupations(data)
    generated = generate(occupations, related, random.Random(seed), clusters=clusters, distractors=distractors)
    return write_set(out, *generated)


def generate(
    occupations: dict[str, Occupation],
    related: dict[str, set[str]],
    rng: random.Random,
    *,
    clusters: int = 12,
    distractors: int = 8,
    style: Style = ENGLISH,
    prefix: str = "o",
) -> tuple[list[dict[str, object]], list[dict[str, object]], dict[str, dict[str, int]], int]:
    """(candidates, vacancies, qrels, number of occupations) drawn from ``occupations``.

    ``prefix`` starts every id (candidates ``<p>0001``, vacancies ``<p>v001``), so sets of
    two taxonomies can share one pool.
    """
    codes = sorted(occupations)
    chosen: list[str] = []
    with_vacancies: list[str] = []
    for _ in range(10_000):  # bounded: stops long before on real data
        if len(with_vacancies) >= 3 * clusters - 2:
            break
        head = rng.choice(codes)
        if head in chosen:
            continue
        friends = sorted(c for c in related.get(head, ()) if c in occupations and c not in chosen)
        if not friends:
            continue
        group = [head, *rng.sample(friends, min(2, len(friends)))]
        chosen.extend(group)
        with_vacancies.extend(group)
    rest = [c for c in codes if c not in chosen]
    chosen.extend(rng.sample(rest, min(distractors, len(rest))))

    candidates: list[dict[str, object]] = []
    occupation_of: dict[str, str] = {}
    vacancy_titles: dict[str, list[str]] = {}
    for code in with_vacancies:
        occ = occupations[code]
        vacancy_titles[code] = rng.sample(occ.titles, 2) if len(occ.titles) >= 2 else [occ.titles[0]] * 2
    for code in chosen:
        occ = occupations[code]
        noise = [occupations[c] for c in rng.sample(rest, min(6, len(rest)))]
        for _ in range(7):
            cid = f"{prefix}{len(candidates) + 1:04d}"
            certs = []
            if rng.random() < 0.45:
                certs.append(_certificate(occ, rng))
            if rng.random() < 0.15 and noise:
                certs.append(_certificate(rng.choice(noise), rng))
            candidates.append(
                {
                    "id": cid,
                    "skills": _skills(occ, rng, noise, style.generic_skills),
                    "certificates": certs,
                    "experience": _experience(occ, rng, noise, set(vacancy_titles.get(code, ())), style.experience),
                    "education": rng.choice(style.education),
                    "region": rng.choice(_REGIONS),
                    "available_from": _day(rng, date(2026, 6, 1), date(2027, 9, 30)).isoformat(),
                }
            )
            occupation_of[cid] = code

    vacancies: list[dict[str, object]] = []
    qrels: dict[str, dict[str, int]] = {}
    for code in with_vacancies:
        occ = occupations[code]
        for title in vacancy_titles[code]:
            vid = f"{prefix}v{len(vacancies) + 1:03d}"
            tasks = rng.sample(occ.tasks, rng.randint(2, 4))
            required = [f"ON.{tid}" for tid, _ in tasks[:2]] if rng.random() < 0.3 else []
            start = _day(rng, date(2027, 1, 1), date(2027, 6, 30))
            description = f"{occ.description} {rng.choice(style.boilerplate)}".strip()
            requirements = [t.rstrip(".") if rng.random() < 0.5 else _short(t, rng, 4, 9) for _, t in tasks]
            if rng.random() < 0.7:
                requirements += _generic(style.generic_requirements, rng, 1, 3)
            vacancies.append(
                {
                    "id": vid,
                    "title": title,
                    "description": description,
                    "requirements": requirements,
                    "required_units": required,
                    "region": rng.choice((None, *_REGIONS)),
                    "start_date": start.isoformat(),
                }
            )
            labels = {}
            for cand in candidates:
                cid = str(cand["id"])
                if date.fromisoformat(str(cand["available_from"])) > start:
                    continue
                other = occupation_of[cid]
                grade = 2 if other == code else 1 if other in related.get(code, ()) else 0
                if grade:
                    labels[cid] = grade
            qrels[vid] = labels
    return candidates, vacancies, qrels, len(chosen)


def write_set(
    out: Path,
    candidates: list[dict[str, object]],
    vacancies: list[dict[str, object]],
    qrels: dict[str, dict[str, int]],
    occupations: int,
) -> dict[str, int]:
    """Write the three files of a labelled set; return counts."""
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("candidates.jsonl", candidates), ("vacancies.jsonl", vacancies)):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (out / name).write_text(text, encoding="utf-8")
    (out / "qrels.json").write_text(json.dumps(qrels, indent=1) + "\n", encoding="utf-8")
    return {"occupations": occupations, "candidates": len(candidates), "vacancies": len(vacancies)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    counts = build(args.data, args.out, seed=args.seed)
    print(", ".join(f"{v} {k}" for k, v in counts.items()), f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

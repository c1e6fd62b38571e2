"""An Indonesian ranking evaluation set generated from KBJI 2014 at run time.

usage: python -m bench.kbji_set OUT_DIR [--data FILE] [--seed N] [--with-onet DIR] [--prose]

The same generator as ``bench.onet_set`` (noisy skill lists, generic requirements,
changed careers, expired certificates, availability), fed with the Indonesian
occupation classification KBJI 2014 (``shared/data/kbji/kbji2014.csv``, see
``shared/data/SOURCES.md``): an occupation is a 4-digit unit group; its tasks are
the group's and its jabatan's task lists ("Tugasnya meliputi: ..."), its titles the
jabatan titles and the group's "Contoh jabatan"; two groups are related when one
lists the other under "jabatan terkait diklasifikasikan di tempat lain" or both are
in the same 3-digit minor group. Trades like the public sample's are left out, and
so are the armed forces (major group 0).

``--with-onet`` adds an English O*NET set to the same pool (ids ``o...``), so every
vacancy is ranked against people writing in both languages; labels stay within each
taxonomy (no crosswalk is available, so an English profile is never labelled
relevant for an Indonesian vacancy).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections import defaultdict
from pathlib import Path

from bench.onet_set import DEFAULT_DATA as DEFAULT_ONET
from bench.onet_set import Occupation, Style, generate, load_occupations, write_set
from bench.prose_set import humanise

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "data" / "kbji" / "kbji2014.csv"

_SAMPLE_LIKE = re.compile(
    r"las\b|pengelas|roti|kue|barista|kopi|juru masak|koki|masak|listrik|batu|bata|tukang kayu|mebel|jahit|"
    r"tekstil|sopir|pengemudi|petani|tani|ternak|unggas|ayam|ikan|sepeda motor|surya|rumah tangga|kebersihan|"
    r"administrasi perkantoran|sekretaris|tenun|bangunan|pembantu",
    re.IGNORECASE,
)
INDONESIAN = Style(
    experience=(
        "{n} tahun sebagai {lower}",
        "{title} ({n} tahun)",
        "pernah bekerja sebagai {lower} di perusahaan lokal",
        "{title}, {n} thn",
        "mantan {lower}",
    ),
    boilerplate=(
        "Terbuka bagi mantan warga binaan.",
        "Gaji sesuai UMK, BPJS Ketenagakerjaan.",
        "Penempatan segera, pelatihan disediakan.",
        "Kerja shift pagi, Senin sampai Sabtu.",
        "Usia maksimal 40 tahun.",
        "",
    ),
    generic_requirements=(
        "Mampu bekerja dalam tim",
        "Komunikasi yang baik",
        "Menguasai Microsoft Office",
        "Pendidikan minimal SMA/SMK sederajat",
        "Jujur, disiplin dan bertanggung jawab",
        "Bersedia bekerja shift",
        "Sehat jasmani dan rohani",
        "Teliti dan rapi",
    ),
    generic_skills=(
        "kerja tim",
        "komunikasi",
        "Microsoft Office",
        "Ms. Excel",
        "disiplin",
        "jujur dan bertanggung jawab",
        "pelayanan pelanggan",
        "teamwork",
    ),
    education=(None, "SMA", "SMK", "SMP", "D3", "S1", "Paket C"),
)
_TASKS_AT = re.compile(r"Tugas(?:nya)?\s+meliputi\s*:?", re.IGNORECASE)
_TASKS_END = re.compile(r"Contoh jabatan|Beberapa jabatan|Termasuk dalam|Dapat mengkhususkan|Catatan", re.IGNORECASE)
_ITEM = re.compile(r"\n\s*[a-z]\)\s*|;\s*|\.\s*\n")
_CROSS_REFERENCE = re.compile(r"-\s*[^\n]+?\s*-\s*(\d{4})")
_EXAMPLES = re.compile(r"Contoh jabatan[^\n]*:\s*\n(.*?)(?:Beberapa jabatan|$)", re.IGNORECASE | re.DOTALL)


def _tasks(text: str) -> list[str]:
    found = _TASKS_AT.search(text)
    if not found:
        return []
    body = _TASKS_END.split(text[found.end() :], maxsplit=1)[0]
    out = []
    for part in _ITEM.split(body):
        part = re.sub(r"^\s*[a-z]\)\s*", "", part).strip(' .;:\n"')
        if len(part) > 12:
            out.append(part[0].upper() + part[1:])
    return out


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=\.)\s", text.strip(), maxsplit=1)[0].strip()


def load_kbji(path: Path) -> tuple[dict[str, Occupation], dict[str, set[str]]]:
    """KBJI unit groups with enough tasks and titles, and the related-group graph."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups = {r["kode"].strip(): r for r in rows if r["digit"].strip() == "4"}
    jobs: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if r["digit"].strip() == "6":
            jobs[r["kode"].strip()[:4]].append(r)
    occupations: dict[str, Occupation] = {}
    related: dict[str, set[str]] = defaultdict(set)
    for code, row in sorted(groups.items()):
        text = row["deskripsi"]
        tasks = list(dict.fromkeys(_tasks(text) + [t for j in jobs[code] for t in _tasks(j["deskripsi"])]))
        examples = _EXAMPLES.search(text)
        titles = [j["judul"].strip() for j in jobs[code] if "lainnya" not in j["judul"].lower()]
        if examples:
            titles += [
                re.sub(r"\s*-\s*\d{4}.*$", "", t).strip() for t in re.findall(r"-\s*([^\n]+)", examples.group(1))
            ]
        titles = list(dict.fromkeys(t for t in titles if 3 <= len(t) <= 60))
        for other in _CROSS_REFERENCE.findall(text):
            if other != code:
                related[code].add(other)
                related[other].add(code)
        title = row["judul"].strip()
        if code.startswith("0") or len(tasks) < 8 or len(titles) < 3:
            continue
        if _SAMPLE_LIKE.search(title) or any(_SAMPLE_LIKE.search(t) for t in titles):
            continue
        activities = tuple(dict.fromkeys(re.split(r" dan | atau ", t, maxsplit=1)[0] for t in tasks))
        occupations[code] = Occupation(
            code,
            title,
            _first_sentence(text),
            tuple((f"{code}.{k:02d}", t) for k, t in enumerate(tasks)),
            activities,
            tuple(titles),
            (),
        )
    by_minor: dict[str, list[str]] = defaultdict(list)
    for code in occupations:
        by_minor[code[:3]].append(code)
    for members in by_minor.values():
        for a in members:
            related[a].update(b for b in members if b != a)
    return occupations, related


def build(
    data: Path,
    out: Path,
    *,
    seed: int = 7,
    clusters: int = 12,
    distractors: int = 8,
    onet: Path | None = None,
    prose: bool = False,
) -> dict[str, int]:
    """Write candidates.jsonl, vacancies.jsonl and qrels.json to ``out``; return counts.

    With ``onet`` (the O*NET tables folder) an English set of the same size joins the pool;
    ``prose`` rewrites the set as people write (``bench.prose_set``; same labels).
    """
    rng = random.Random(seed)
    occupations, related = load_kbji(data)
    candidates, vacancies, qrels, n = generate(
        occupations, related, rng, clusters=clusters, distractors=distractors, style=INDONESIAN, prefix="k"
    )
    if onet is not None:
        en_occupations, en_related = load_occupations(onet)
        en = generate(en_occupations, en_related, rng, clusters=clusters, distractors=distractors, prefix="o")
        candidates, vacancies, n = candidates + en[0], vacancies + en[1], n + en[3]
        qrels = {**qrels, **en[2]}
        order = random.Random(seed + 1)
        order.shuffle(candidates)
    if prose:
        candidates, vacancies = humanise(candidates, vacancies, random.Random(seed + 2), {"k": "id", "o": "en"})
    return write_set(out, candidates, vacancies, qrels, n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--with-onet", type=Path, default=None, nargs="?", const=DEFAULT_ONET, dest="onet")
    parser.add_argument("--prose", action="store_true", help="CV prose, posting paragraphs (bench.prose_set)")
    args = parser.parse_args(argv)
    counts = build(args.data, args.out, seed=args.seed, onet=args.onet, prose=args.prose)
    print(", ".join(f"{v} {k}" for k, v in counts.items()), f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A human-like variant of the generated sets: CV prose, posting boilerplate, mixed-language CVs.

The generators of ``bench.onet_set`` and ``bench.kbji_set`` write short skill phrases and
requirements cut from the same task statements, so word overlap between a vacancy and
the right profiles is often verbatim, and a ranker can win on it without transferring to
real postings and CVs. ``humanise`` rewrites a generated set the way people write (same
people, same vacancies, same labels), so a change that only fits the generator shows:

* **CVs in prose**: most skills move into one or two sentences of the work history
  ("Sehari-hari saya bertugas ...", "My daily work included ..."), framed by a personal
  statement; a few stay as a list, sometimes none;
* **mixed-language CVs**: some profiles carry lines in the other language (generic
  phrases people copy from templates, the certificate scheme left untranslated);
* **postings with paragraphs**: a company blurb before the description, benefits and
  how-to-apply paragraphs after it, requirements wrapped in sentences, a title with a
  call ("Dicari segera: ...", "URGENT hiring: ...").

All choices are seeded. ``language`` maps an id prefix (``k``, ``o``) to ``"id"``/``"en"``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

_PROSE = {
    "id": {
        "work": (
            "Sehari-hari saya bertugas {skills}.",
            "Pekerjaan saya meliputi {skills}.",
            "Di tempat kerja sebelumnya saya terbiasa {skills}.",
            "Saya punya pengalaman {skills}.",
        ),
        "and": " dan ",
        "statement": (
            "Saya orang yang jujur, disiplin dan siap bekerja keras.",
            "Saya ingin memulai lembaran baru dan bekerja dengan sungguh-sungguh.",
            "Siap ditempatkan di mana saja dan cepat belajar hal baru.",
            "Selama di lapas saya aktif mengikuti pelatihan kerja.",
        ),
        "blurb": (
            "Kami adalah perusahaan yang berkembang pesat dan membuka kesempatan bagi semua orang.",
            "PT kami telah berdiri lebih dari 15 tahun dan melayani pelanggan di seluruh Indonesia.",
            "Bergabunglah dengan tim kami yang solid dan kekeluargaan.",
        ),
        "benefits": (
            "Kami menawarkan gaji pokok, uang makan, uang transport, BPJS Kesehatan dan BPJS "
            "Ketenagakerjaan, THR, serta jenjang karier yang jelas.",
            "Fasilitas: mess karyawan, makan siang, seragam kerja, bonus bulanan dan cuti tahunan.",
        ),
        "apply": (
            "Kirim lamaran dan CV lewat WhatsApp atau datang langsung ke kantor kami, Senin sampai Jumat.",
            "Lamaran yang memenuhi syarat akan dihubungi untuk wawancara. Tidak dipungut biaya apa pun.",
        ),
        "requirement": ("Kandidat diharapkan mampu {r}.", "Diutamakan yang bisa {r}.", "{r}"),
        "title": ("Dicari segera: {t}", "Lowongan {t}", "{t}", "{t} (penempatan segera)"),
    },
    "en": {
        "work": (
            "My daily work included {skills}.",
            "I was responsible for {skills}.",
            "In my last job I was used to {skills}.",
            "I have hands-on experience with {skills}.",
        ),
        "and": " and ",
        "statement": (
            "Hard-working and reliable, looking for a fresh start.",
            "I am honest, punctual and eager to learn new things.",
            "Motivated team player who completed vocational training while inside.",
            "Ready to start immediately and willing to relocate.",
        ),
        "blurb": (
            "We are a fast-growing company committed to second-chance hiring.",
            "Our family-owned business has served customers across the region for over 15 years.",
            "Join a friendly team where everyone is welcome.",
        ),
        "benefits": (
            "We offer a competitive salary, health insurance, paid leave, a yearly bonus and clear career progression.",
            "Benefits: free lunch, uniform, transport allowance, overtime pay and paid holidays.",
        ),
        "apply": (
            "Send your CV by email or WhatsApp, or walk in Monday to Friday. Only shortlisted applicants "
            "will be contacted.",
            "Applications are free of charge. Interviews are held on site.",
        ),
        "requirement": ("Candidates should be able to {r}.", "Experience with {r} is a plus.", "{r}"),
        "title": ("URGENT hiring: {t}", "Now hiring {t}", "{t}", "{t} (immediate start)"),
    },
}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _join(parts: Sequence[str], conjunction: str) -> str:
    parts = [p.strip().rstrip(".") for p in parts if p.strip()]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + conjunction + parts[-1]


def humanise_candidate(raw: Mapping[str, object], lang: str, rng: random.Random) -> dict[str, object]:
    """One generated profile rewritten as people write CVs (see the module docstring)."""
    words, other = _PROSE[lang], _PROSE["en" if lang == "id" else "id"]
    skills = [str(s) for s in raw.get("skills") or ()]  # type: ignore[attr-defined]
    rng.shuffle(skills)
    keep = rng.choice((0, 0, 1, 2, 3))
    listed, told = skills[:keep], skills[keep:]
    lines = [str(x) for x in raw.get("experience") or ()]  # type: ignore[attr-defined]
    sentences = []
    while told:
        n = rng.randint(2, 4)
        sentences.append(rng.choice(words["work"]).format(skills=_join(told[:n], words["and"])))
        told = told[n:]
    prose = " ".join(sentences)
    if lines and prose:
        lines[0] = f"{lines[0].rstrip('.')}. {prose}"
    elif prose:
        lines.append(prose)
    if rng.random() < 0.7:
        lines.append(rng.choice(words["statement"]))
    if rng.random() < 0.25:  # a line copied from a template in the other language
        lines.append(rng.choice(other["statement"]))
    return {**raw, "skills": listed, "experience": lines}


def humanise_vacancy(raw: Mapping[str, object], lang: str, rng: random.Random) -> dict[str, object]:
    """One generated vacancy rewritten as people write postings (see the module docstring)."""
    words = _PROSE[lang]
    description = str(raw.get("description") or "")
    parts = [rng.choice(words["blurb"]), description]
    parts += rng.sample(words["benefits"], rng.randint(1, 2))
    parts.append(rng.choice(words["apply"]))
    requirements = []
    for r in raw.get("requirements") or ():  # type: ignore[attr-defined]
        template = rng.choice(words["requirement"])
        requirements.append(template.format(r=_lower_first(str(r)) if template != "{r}" else str(r)))
    title = rng.choice(words["title"]).format(t=raw["title"])
    return {**raw, "title": title, "description": " ".join(p for p in parts if p), "requirements": requirements}


def humanise(
    candidates: Sequence[Mapping[str, object]],
    vacancies: Sequence[Mapping[str, object]],
    rng: random.Random,
    language: Mapping[str, str],
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(candidates, vacancies) of a generated set, rewritten; ids and so labels unchanged."""

    def lang_of(row: Mapping[str, object]) -> str:
        return language.get(str(row["id"])[:1], "en")

    return (
        [humanise_candidate(c, lang_of(c), rng) for c in candidates],
        [humanise_vacancy(v, lang_of(v), rng) for v in vacancies],
    )

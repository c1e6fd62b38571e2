"""Which language a text is written in: Indonesian, English, or unknown.

People write profiles and postings in either language (and mix them), and word
overlap between an Indonesian and an English text is noise, not evidence. The
lexical features therefore compare texts of one language only (see
``matcher.features``), and the multilingual embedding carries the match across.

A small rule, no model: function words and affixes typical of each language are
counted, and a text is assigned a language when one side clearly wins. Short
texts with no telling word ("forklift", "Microsoft Office") stay ``UNKNOWN``, and
an unknown side is compared lexically with anything.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

INDONESIAN = "id"
ENGLISH = "en"
UNKNOWN = ""

_WORD = re.compile(r"[a-z]+")
_ID_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "atau",
        "dalam",
        "sebagai",
        "tahun",
        "adalah",
        "ini",
        "itu",
        "akan",
        "bisa",
        "dapat",
        "tidak",
        "serta",
        "oleh",
        "secara",
        "sesuai",
        "bagi",
        "kerja",
        "pekerja",
        "tenaga",
        "minimal",
        "memiliki",
        "mampu",
        "bersedia",
        "berpengalaman",
        "terbuka",
        "dibutuhkan",
        "segera",
        "gaji",
        "usia",
        "lokasi",
        "pengalaman",
        "keterampilan",
        "pernah",
        "mantan",
        "sebagai",
        "bidang",
        "baik",
        "para",
        "setiap",
        "sudah",
        "belum",
        "juga",
        "lain",
        "lainnya",
        "tentang",
        "melalui",
        "antara",
        "kepada",
        "terhadap",
        "hasil",
        "alat",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "for",
        "with",
        "in",
        "on",
        "at",
        "or",
        "a",
        "an",
        "as",
        "is",
        "are",
        "be",
        "by",
        "from",
        "this",
        "that",
        "will",
        "can",
        "able",
        "years",
        "year",
        "experience",
        "skills",
        "work",
        "worker",
        "working",
        "required",
        "we",
        "our",
        "you",
        "your",
        "us",
        "who",
        "which",
        "their",
        "all",
        "any",
        "must",
        "hiring",
        "position",
        "full",
        "time",
        "team",
        "good",
        "knowledge",
        "ability",
        "plus",
        "preferred",
        "former",
        "local",
        "company",
    ]
)
_ID_AFFIX = re.compile(r"^(me[mnr]?|meng|meny|ber|ter|pe[mnr]?|peng|peny|di)[a-z]{3,}|[a-z]{3,}(kan|nya|an)$")
_EN_AFFIX = re.compile(r"[a-z]{3,}(ing|tion|tions|ment|ness|ed|ly|ity|ies)$")


@functools.lru_cache(maxsize=200_000)
def _word_scores(w: str) -> tuple[float, float]:
    """(Indonesian, English) evidence of one casefolded word; cached, since the vocabulary of
    profiles and vacancies is small next to the number of words read (the affix patterns were
    most of a first-seen text's cost, issue 17). Sums of 1.0 and 0.5 are exact in any order."""
    if w in _ID_WORDS:
        return 1.0, 0.0
    if w in _EN_WORDS:
        return 0.0, 1.0
    return (0.5 if _ID_AFFIX.match(w) else 0.0), (0.5 if _EN_AFFIX.search(w) else 0.0)


def detect(text: str) -> str:
    """``"id"``, ``"en"`` or ``""`` (unknown) for one text."""
    words = _WORD.findall(text.casefold())
    if not words:
        return UNKNOWN
    id_score = en_score = 0.0
    for w in words:
        id_word, en_word = _word_scores(w)
        id_score += id_word
        en_score += en_word
    if id_score >= 1.0 and id_score >= 1.5 * en_score:
        return INDONESIAN
    if en_score >= 1.0 and en_score >= 1.5 * id_score:
        return ENGLISH
    return UNKNOWN


def detect_all(texts: Sequence[str]) -> list[str]:
    """``detect`` of each text."""
    return [detect(t) for t in texts]


def same_language(left: Sequence[str], right: Sequence[str]) -> list[list[bool]]:
    """``out[i][j]``: may texts ``i`` and ``j`` be compared word by word (same or unknown language)?"""
    return [[not a or not b or a == b for b in right] for a in left]

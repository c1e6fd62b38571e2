"""Hiring rules: the stage machine of an application (pure, no I/O)."""

from __future__ import annotations

from datetime import date

from models.errors import Conflict

STAGES = ("shortlisted", "interview", "offer", "hired", "rejected", "withdrawn", "candidate_withdrew")
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    "shortlisted": ("interview", "rejected"),
    "interview": ("offer", "rejected"),
    "offer": ("hired", "rejected"),
    "hired": (),
    "rejected": (),
    "withdrawn": (),  # set only when the person withdraws consent to employer matching, never by an employer
    "candidate_withdrew": (),  # the employer records that the candidate withdrew ("mengundurkan diri")
}
# One stage back (e.g. an interview rescheduled into the shortlist); needs a reason. 'hired' has a
# placement behind it and stays final.
PREVIOUS_STAGE: dict[str, str] = {"interview": "shortlisted", "offer": "interview"}
CANDIDATE_WITHDREW = "candidate_withdrew"
# Applications still in progress: withdrawing consent closes these (hired stays: the job is real).
OPEN_STAGES = ("shortlisted", "interview", "offer")
WITHDRAWN = "withdrawn"


def employer_may_see(stage: str, consent_matching: bool, erased: bool) -> bool:
    """An employer sees (and may move) an application only while the person consents to employer
    matching: a withdrawn application, or one of a person who withdrew or was erased, is gone."""
    return stage != WITHDRAWN and consent_matching and not erased


class StageError(Conflict):
    """A move that the stage rules do not allow (e.g. hired -> interview, rejection without reason)."""


class NoteError(ValueError):
    """A note that cannot be kept (empty or too long); the service maps it to the note field."""


# Stage names as employers read them (Bahasa Indonesia); the stored keys stay English.
STAGE_LABELS = {
    "shortlisted": "daftar pendek", "interview": "wawancara", "offer": "penawaran", "hired": "diterima",
    "rejected": "ditolak", "withdrawn": "ditarik", "candidate_withdrew": "mengundurkan diri",
}  # fmt: skip
NOTE_MAX = 2000


def moves_from(current: str) -> tuple[str, ...]:
    """Every stage an employer may move an application to from ``current``: forward one stage or
    'rejected', back one stage, or "the candidate withdrew"; none from a final stage."""
    forward = NEXT_STAGES.get(current, ())
    if not forward:
        return ()
    back = (PREVIOUS_STAGE[current],) if current in PREVIOUS_STAGE else ()
    return (*forward, *back, CANDIDATE_WITHDREW)


def is_back_move(current: str, target: str) -> bool:
    return PREVIOUS_STAGE.get(current) == target


def check_move(current: str, target: str, reason: str | None) -> None:
    """Allowed moves are ``moves_from(current)``; a rejection and a move back need a reason."""
    if target not in STAGES:
        choices = ", ".join(f"{STAGE_LABELS[s]} ({s})" for s in STAGES)
        raise StageError(f"tahap “{target}” tidak dikenal; pilih salah satu: {choices}")
    allowed_moves = moves_from(current)
    if target not in allowed_moves:
        allowed = ", ".join(STAGE_LABELS[s] for s in allowed_moves) or "tidak ada (tahap akhir)"
        raise StageError(
            f"tidak dapat pindah dari {STAGE_LABELS[current]} ke {STAGE_LABELS[target]}; yang diizinkan: {allowed}"
        )
    if target == "rejected" and not (reason and reason.strip()):
        raise StageError("penolakan memerlukan alasan")
    if is_back_move(current, target) and not (reason and reason.strip()):
        raise StageError("kembali ke tahap sebelumnya memerlukan alasan")


def check_note(body: str) -> str:
    """A note's text, trimmed; empty or longer than ``NOTE_MAX`` characters is refused."""
    text = body.strip()
    if not text:
        raise NoteError("catatan wajib diisi")
    if len(text) > NOTE_MAX:
        raise NoteError(f"catatan paling banyak {NOTE_MAX} karakter")
    return text


TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
REQUIREMENTS_MAX = 50
REQUIREMENT_MAX = 500
UNITS_MAX = 50


def vacancy_size_problem(
    title: str, description: str, requirements: tuple[str, ...], required_units: tuple[str, ...]
) -> tuple[str, str] | None:
    """(field, message) for the first part of a posting longer than a posting is, else None. Without
    limits one 900 KB form with 2,000 requirement lines held the service for half a minute."""
    if len(title.strip()) > TITLE_MAX:
        return "title", f"judul lowongan paling banyak {TITLE_MAX} karakter (terisi {len(title.strip())})"
    if len(description.strip()) > DESCRIPTION_MAX:
        return "description", f"deskripsi paling banyak {DESCRIPTION_MAX} karakter (terisi {len(description.strip())})"
    if len(requirements) > REQUIREMENTS_MAX:
        return "requirements", f"persyaratan paling banyak {REQUIREMENTS_MAX} baris (terisi {len(requirements)})"
    for n, line in enumerate(requirements, 1):
        if len(line) > REQUIREMENT_MAX:
            return "requirements", f"persyaratan baris {n} paling banyak {REQUIREMENT_MAX} karakter"
    if len(required_units) > UNITS_MAX:
        return "required_units", f"unit wajib paling banyak {UNITS_MAX} (terisi {len(required_units)})"
    return None


def start_date_allowed(start: date | None, today: date, current: date | None = None) -> bool:
    """A vacancy's start date may not lie in the past; an unchanged date of an existing vacancy
    is kept as it is (editing an older vacancy must not force a new date)."""
    return start is None or start >= today or start == current

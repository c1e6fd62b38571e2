"""Hiring rules: the stage machine of an application (pure, no I/O)."""

from __future__ import annotations

from datetime import date

from models.errors import Conflict

STAGES = ("shortlisted", "interview", "offer", "hired", "rejected", "withdrawn")
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    "shortlisted": ("interview", "rejected"),
    "interview": ("offer", "rejected"),
    "offer": ("hired", "rejected"),
    "hired": (),
    "rejected": (),
    "withdrawn": (),  # set only when the person withdraws consent to employer matching, never by an employer
}
# Applications still in progress: withdrawing consent closes these (hired stays: the job is real).
OPEN_STAGES = ("shortlisted", "interview", "offer")
WITHDRAWN = "withdrawn"


def employer_may_see(stage: str, consent_matching: bool, erased: bool) -> bool:
    """An employer sees (and may move) an application only while the person consents to employer
    matching: a withdrawn application, or one of a person who withdrew or was erased, is gone."""
    return stage != WITHDRAWN and consent_matching and not erased


class StageError(Conflict):
    """A move that the stage rules do not allow (e.g. hired -> interview, rejection without reason)."""


# Stage names as employers read them (Bahasa Indonesia); the stored keys stay English.
STAGE_LABELS = {
    "shortlisted": "daftar pendek", "interview": "wawancara", "offer": "penawaran", "hired": "diterima",
    "rejected": "ditolak", "withdrawn": "ditarik",
}  # fmt: skip


def check_move(current: str, target: str, reason: str | None) -> None:
    """Allowed moves go forward one stage, or to 'rejected' (which needs a reason)."""
    if target not in STAGES:
        raise StageError(f"tahap {target!r} tidak dikenal; pilih salah satu: {', '.join(STAGES)}")
    if target not in NEXT_STAGES[current]:
        allowed = ", ".join(STAGE_LABELS[s] for s in NEXT_STAGES[current]) or "tidak ada (tahap akhir)"
        raise StageError(
            f"tidak dapat pindah dari {STAGE_LABELS[current]} ke {STAGE_LABELS[target]}; yang diizinkan: {allowed}"
        )
    if target == "rejected" and not (reason and reason.strip()):
        raise StageError("penolakan memerlukan alasan")


def start_date_allowed(start: date | None, today: date, current: date | None = None) -> bool:
    """A vacancy's start date may not lie in the past; an unchanged date of an existing vacancy
    is kept as it is (editing an older vacancy must not force a new date)."""
    return start is None or start >= today or start == current

"""Hiring rules: the stage machine of an application (pure, no I/O)."""

from __future__ import annotations

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


def check_move(current: str, target: str, reason: str | None) -> None:
    """Allowed moves go forward one stage, or to 'rejected' (which needs a reason)."""
    if target not in STAGES:
        raise StageError(f"unknown stage {target!r}; expected one of {', '.join(STAGES)}")
    if target not in NEXT_STAGES[current]:
        allowed = ", ".join(NEXT_STAGES[current]) or "none (final stage)"
        raise StageError(f"cannot move from {current!r} to {target!r}; allowed: {allowed}")
    if target == "rejected" and not (reason and reason.strip()):
        raise StageError("a rejection needs a reason")

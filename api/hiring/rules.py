"""Hiring rules: the stage machine of an application (pure, no I/O)."""

from __future__ import annotations

from models.errors import Conflict

STAGES = ("shortlisted", "interview", "offer", "hired", "rejected")
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    "shortlisted": ("interview", "rejected"),
    "interview": ("offer", "rejected"),
    "offer": ("hired", "rejected"),
    "hired": (),
    "rejected": (),
}


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

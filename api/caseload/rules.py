"""Caseload rules: when placement follow-ups fall due (pure, no I/O)."""

from __future__ import annotations

from datetime import date

FOLLOWUP_MONTHS = (3, 6, 12)


def followup_due(started_on: date, month: int) -> date:
    """The day a follow-up falls due: the same day ``month`` months after the start (clamped to month end)."""
    y, m = divmod(started_on.month - 1 + month, 12)
    year, mon = started_on.year + y, m + 1
    for day in (started_on.day, 30, 29, 28):
        try:
            return date(year, mon, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")

"""Dashboard filter rules (pure, no I/O, no clock): the periods offered and where each starts."""

from __future__ import annotations

from datetime import date

PERIODS = (3, 6, 12, 24)  # months offered by the period filter
DEFAULT_MONTHS = 12  # per-month figures without a period


def period_start(today: date, months: int) -> date:
    """The first day of the period of ``months`` calendar months that ends with today's month:
    3 months on 2026-12-02 starts 2026-10-01."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)

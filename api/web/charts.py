"""Server-rendered SVG bar charts: no JavaScript, no CDN, readable by screen readers.

Pure functions from (label, value) pairs to geometry; the template draws the rectangles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    horizontal: bool


def horizontal_bars(title: str, items: Sequence[tuple[str, float, str]], *, width: int = 640, row: int = 22,
                    label_width: int = 220) -> Chart:  # fmt: skip
    """One row per item, bar length proportional to value (the longest fills the plot width)."""
    top = max((v for _, v, _ in items), default=0.0) or 1.0
    plot = width - label_width - 60
    bars = tuple(
        Bar(label, value, text, label_width, i * row + 4, max(1.0, plot * value / top) if value else 0.0, row - 8)
        for i, (label, value, text) in enumerate(items)
    )
    return Chart(title, bars, width, max(row, len(items) * row + 8), True)


def columns(title: str, items: Sequence[tuple[str, float, str]], *, width: int = 640, height: int = 200) -> Chart:
    """One column per item (time series), height proportional to value; labels under the axis."""
    top = max((v for _, v, _ in items), default=0.0) or 1.0
    n = max(1, len(items))
    slot = width / n
    plot = height - 40
    bars = tuple(
        Bar(label, value, text, i * slot + slot * 0.15, 16 + plot - plot * value / top, slot * 0.7, plot * value / top)
        for i, (label, value, text) in enumerate(items)
    )
    return Chart(title, bars, width, height, False)

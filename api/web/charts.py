"""Server-rendered SVG bar charts: no JavaScript, no CDN, readable by screen readers.

Pure functions from (label, value) pairs to geometry; the template draws the rectangles.
Counts scale to the largest value; rates (0..1) always scale to a fixed 0-100 % axis, so 2 %
is drawn as a short bar, never full width. Long labels wrap onto a second line instead of being
clipped; the full label stays in the bar's tooltip and in the table under the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_CHARS = 30  # characters per label line at 12 px in the 220 px label column
LABEL_LINES = 2


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...] = ()  # the label as drawn: wrapped, at most LABEL_LINES lines
    share: float = 0.0  # the bar's length as a share of the axis (0..1), for the narrow layout


@dataclass(frozen=True)
class Tick:
    """A gridline of a fixed axis: ``x`` in chart units, ``text`` its label (e.g. '50 %')."""

    x: float
    text: str
    share: float = 0.0  # position on the axis (0..1), for the narrow layout


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    horizontal: bool
    ticks: tuple[Tick, ...] = ()
    row: int = 22  # height of one horizontal row (a bar and its label lines)

    @property
    def narrow_height(self) -> int:
        """Height of the phone layout (label above its bar, NARROW_ROW per item, then the axis)."""
        return len(self.bars) * NARROW_ROW + (22 if self.ticks else 6)


NARROW_WIDTH = 360  # the phone layout's viewBox width: drawn about 1:1 on a 390 px screen
NARROW_ROW = 34
NARROW_PLOT = 250  # bar length at 100 % in the phone layout (the rest is for the value)


def wrap(label: str, width: int = LABEL_CHARS, lines: int = LABEL_LINES) -> tuple[str, ...]:
    """Split a label on spaces into at most ``lines`` lines of about ``width`` characters; the last
    line ends in '…' when text is left over. A single word longer than a line is cut."""
    out: list[str] = []
    current = ""
    words = label.split()
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
        if len(out) == lines - 1:
            rest = " ".join([word, *words[i + 1 :]])
            out.append(rest if len(rest) <= width else rest[: width - 1].rstrip() + "…")
            return tuple(out)
    if current:
        out.append(current if len(current) <= width else current[: width - 1] + "…")
    return tuple(out[:lines])


def horizontal_bars(title: str, items: Sequence[tuple[str, float, str]], *, width: int = 640, row: int = 22,
                    label_width: int = 220, scale: float | None = None,
                    ticks: Sequence[tuple[float, str]] = ()) -> Chart:  # fmt: skip
    """One row per item, bar length proportional to value: against ``scale`` when given (a fixed
    axis, values above it are drawn at full length), else against the largest value."""
    top = scale or max((v for _, v, _ in items), default=0.0) or 1.0
    plot = width - label_width - 90
    wrapped = [wrap(label) for label, _, _ in items]
    tall = max((len(w) for w in wrapped), default=1) > 1
    step = row + 12 if tall else row  # room for a second label line
    bars = tuple(
        Bar(label, value, text, label_width, i * step + 4 + (step - row) / 2,
            max(1.0, plot * min(value, top) / top) if value else 0.0, row - 8, lines, min(value, top) / top)
        for i, ((label, value, text), lines) in enumerate(zip(items, wrapped, strict=True))
    )  # fmt: skip
    axis = tuple(Tick(label_width + plot * v / top, t, v / top) for v, t in ticks)
    extra = 18 if axis else 0
    return Chart(title, bars, width, max(row, len(items) * step + 8) + extra, True, axis, step)


PERCENT_TICKS = ((0.0, "0%"), (0.25, "25%"), (0.5, "50%"), (0.75, "75%"), (1.0, "100%"))


def rate_bars(title: str, items: Sequence[tuple[str, float, str]], **kw: int) -> Chart:
    """Horizontal bars of rates in 0..1 on a fixed 0-100 % axis with gridlines."""
    return horizontal_bars(title, items, scale=1.0, ticks=PERCENT_TICKS, **kw)


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

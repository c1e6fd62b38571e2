"""Pure parts behind the role pages: chart geometry (fixed rate axis, wrapped labels), the
vacancy start-date rule, and the caseload filter built from a page's query."""

from __future__ import annotations

from datetime import date, timedelta

from api.caseload.pages import caseload_filter
from api.hiring.rules import start_date_allowed
from api.web import charts
from models.repositories.inmates import CaseloadFilter, caseload_where


def test_rates_use_a_fixed_0_to_100_percent_axis() -> None:
    chart = charts.rate_bars("Tingkat", [("Lapas A", 0.02, "2%"), ("Lapas B", 0.5, "50%")])
    small, half = chart.bars
    full = chart.width - small.x - 90
    assert abs(half.width - full / 2) < 0.01 and small.width < full * 0.03
    assert [t.text for t in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert chart.ticks[0].x == small.x and abs(chart.ticks[-1].x - (small.x + full)) < 0.01


def test_counts_still_scale_to_the_largest_value() -> None:
    chart = charts.horizontal_bars("Jumlah", [("a", 2, "2"), ("b", 4, "4")])
    assert chart.bars[1].width == 2 * chart.bars[0].width and chart.ticks == ()


def test_long_labels_wrap_instead_of_being_clipped() -> None:
    label = "Lembaga Pemasyarakatan Kelas IIA Perempuan Bandung Jawa Barat"
    lines = charts.wrap(label)
    assert len(lines) == 2 and all(len(line) <= charts.LABEL_CHARS for line in lines)
    assert lines[0].startswith("Lembaga") and lines[1].endswith("…")
    assert charts.wrap("Lapas Cipinang") == ("Lapas Cipinang",)
    assert charts.wrap("x" * 50)[0].endswith("…")
    chart = charts.horizontal_bars("t", [(label, 1, "1"), ("b", 2, "2")])
    assert chart.row > 22 and chart.bars[0].lines == lines
    assert chart.bars[1].y - chart.bars[0].y == chart.row


def test_start_date_in_the_past_is_refused_unless_unchanged() -> None:
    today = date(2026, 12, 2)
    assert start_date_allowed(None, today) and start_date_allowed(today, today)
    assert not start_date_allowed(today - timedelta(days=1), today)
    assert start_date_allowed(date(2026, 1, 1), today, current=date(2026, 1, 1))
    assert not start_date_allowed(date(2026, 1, 2), today, current=date(2026, 1, 1))


def test_caseload_filter_from_query() -> None:
    today = date(2026, 12, 2)
    f = caseload_filter(" budi ", "sentenced", "90", "tidak", today)
    assert f == CaseloadFilter("budi", "sentenced", today, today + timedelta(days=90), False)
    past = caseload_filter("", "", "lewat", "", today)
    assert past.released_from is None and past.released_to == today - timedelta(days=1)
    assert caseload_filter("", "bogus", "bogus", "bogus", today) == CaseloadFilter()


def test_caseload_where_escapes_wildcards() -> None:
    cond, args = caseload_where(7, CaseloadFilter(text="50%_a", matching_consent=True))
    assert args == [7, "%50\\%\\_a%", True]
    assert "ILIKE $2" in cond and "consent_matching = $3" in cond

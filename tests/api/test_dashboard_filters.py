"""Kemnaker dashboard: filters (period, province, facility, scheme) narrow every figure, a bad
filter is named next to its field in Indonesian, and the CSV export honours the filters."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import httpx

from api.stats.rules import period_start
from tests.api.conftest import World, sign_in


def test_period_start_counts_whole_calendar_months() -> None:
    assert period_start(date(2026, 12, 2), 3) == date(2026, 10, 1)
    assert period_start(date(2026, 2, 28), 12) == date(2025, 3, 1)
    assert period_start(date(2026, 1, 31), 1) == date(2026, 1, 1)
    assert period_start(date(2026, 1, 15), 24) == date(2024, 2, 1)


async def _setup(conn: Any, world: World) -> None:
    """A placement of the welder (Lapas Sukamiskin, Jawa Barat) started 2 months ago, and one of
    Joko (Surabaya, Jawa Timur) started 8 months ago; both released."""
    today = date.today()
    for who, started in (("welder", today - timedelta(days=60)), ("other", today - timedelta(days=240))):
        await conn.execute(
            "INSERT INTO placements (inmate_id, employer_id, position_title, started_on) VALUES ($1, $2, 'Las', $3)",
            world.ids[who], world.ids["emp_a"], started,
        )  # fmt: skip
    await conn.execute("UPDATE inmates SET status = 'released' WHERE id = ANY($1::bigint[])",
                       [world.ids["welder"], world.ids["baker"], world.ids["other"]])  # fmt: skip


async def test_filters_narrow_every_figure(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await _setup(conn, world)
    h = world.auth("kemnaker_staff")
    everything = (await client.get("/api/v1/stats", headers=h)).json()
    jabar = (await client.get("/api/v1/stats", params={"province": "32"}, headers=h)).json()
    assert everything["totals"]["placements"] >= 2
    assert jabar["totals"]["placements"] == everything["totals"]["placements"] - 1  # Joko lives in Jawa Timur
    facilities = {x["label"] for x in jabar["placement_rate_by_facility"]}
    assert "Lapas Kelas I Sukamiskin" in facilities and "Lapas Kelas I Surabaya" not in facilities
    recent = (await client.get("/api/v1/stats", params={"period": "6"}, headers=h)).json()
    assert len(recent["placements_by_month"]) == 6 and len(everything["placements_by_month"]) == 12
    assert recent["totals"]["placements"] == everything["totals"]["placements"] - 1  # Joko's started 8 months ago
    bakery = await conn.fetchval("SELECT id FROM schemes WHERE title = 'Pembuat Roti' ORDER BY id LIMIT 1")
    by_scheme = (await client.get("/api/v1/stats", params={"scheme": str(bakery)}, headers=h)).json()
    assert [x["label"] for x in by_scheme["certificates_by_scheme"]] == ["Pembuat Roti"]
    assert by_scheme["totals"]["placements"] == 0  # the baker was never placed
    lapas = str(world.ids["other_lapas"])
    surabaya = (await client.get("/api/v1/stats", params={"facility": lapas}, headers=h)).json()
    assert {x["label"] for x in surabaya["placement_rate_by_facility"]} == {"Lapas Kelas I Surabaya"}
    bad = await client.get("/api/v1/stats", params={"period": "7"}, headers=h)
    assert bad.status_code == 422 and bad.json()["field"] == "period"


async def test_csv_export_honours_the_filters(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await _setup(conn, world)
    h = world.auth("kemnaker_staff")

    async def rows(**params: str) -> list[dict[str, str]]:
        r = await client.get("/api/v1/stats", params=params | {"format": "csv"}, headers=h)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        return list(csv.DictReader(io.StringIO(r.text)))

    def total(rs: list[dict[str, str]], key: str) -> int:
        return int(next(r["value"] for r in rs if r["figure"] == "totals" and r["label"] == key))

    every, jabar = await rows(), await rows(province="32")
    assert total(jabar, "placements") == total(every, "placements") - 1
    assert {r["figure"] for r in every} >= {"totals", "certificates_by_scheme", "placement_rate_by_facility"}
    six = await rows(period="6")
    assert len([r for r in six if r["figure"] == "placements_by_month"]) == 6
    rate = next(
        r for r in jabar if r["figure"] == "placement_rate_by_facility" and r["label"] == "Lapas Kelas I Sukamiskin"
    )
    assert rate["numerator"] == "1" and rate["denominator"] == "2" and rate["rate"] == "0.5"


async def test_dashboard_page_filters_link_and_errors(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    await _setup(conn, world)
    await sign_in(client, world.emails["kemnaker_staff"])
    page = await client.get("/dasbor", params={"province": "32", "period": "12"})
    assert page.status_code == 200
    assert '<option value="32" selected>' in page.text and '<option value="12" selected>' in page.text
    assert 'href="/api/v1/stats?period=12&amp;province=32&amp;format=csv"' in page.text
    assert "Lapas Kelas I Surabaya" not in page.text.split('<div class="charts">', 1)[1]
    bad = await client.get("/dasbor", params={"facility": "abc", "province": "32"})
    assert bad.status_code == 422
    field = bad.text.split('id="facility"', 1)[1].split("</label>", 1)[0]
    assert 'aria-invalid="true"' in field and 'id="facility-error"' in field and "lapas/rutan tidak dikenal" in field
    assert '<option value="32" selected>' in bad.text  # the other choices are kept
    en = await client.get("/dasbor", params={"lang": "en"})
    assert "Download CSV (as filtered)" in en.text and "Period" in en.text

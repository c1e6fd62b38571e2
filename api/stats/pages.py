"""The national dashboard (Kemnaker staff, admin): charts of aggregates, no personal data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from api.stats.service import national_stats
from api.web import charts, deps
from api.web.auth import Principal, require_role
from api.web.pages import render

router = APIRouter(include_in_schema=False)
staff = require_role("kemnaker_staff", "admin")


@router.get("/dasbor", response_class=HTMLResponse)
async def dashboard(request: Request, _: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> Any:
    s = await national_stats(conn)

    def counts(rows: list[Any]) -> list[tuple[str, float, str]]:
        return [(r.label, float(r.value), str(r.value)) for r in rows]

    def rates(rows: list[Any]) -> list[tuple[str, float, str]]:
        return [(r.label, r.rate, f"{100 * r.rate:.0f}% ({r.placed}/{r.eligible})") for r in rows]

    figures = [
        charts.horizontal_bars("Sertifikat aktif per skema", counts(s["certificates_by_scheme"])),
        charts.horizontal_bars("Sertifikat aktif per provinsi domisili", counts(s["certificates_by_province"])),
        charts.columns("Lowongan baru per bulan", counts(s["vacancies_by_month"])),
        charts.columns("Penempatan kerja per bulan (mulai bekerja)", counts(s["placements_by_month"])),
        charts.rate_bars("Tingkat penempatan per lapas/rutan", rates(s["placement_rate_by_facility"])),
        charts.rate_bars("Tingkat penempatan per skema", rates(s["placement_rate_by_scheme"])),
    ]
    return render(request, "dashboards/index.html", {"totals": s["totals"], "figures": figures})

"""The national dashboard (Kemnaker staff, admin): charts of aggregates, no personal data."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from api.stats.learning import weights_overview
from api.stats.rules import PERIODS
from api.stats.service import filter_choices, national_stats, parse_filter
from api.web import charts, deps
from api.web.auth import Principal, require_role
from api.web.errors import InvalidInput
from api.web.pages import render

router = APIRouter(include_in_schema=False)
staff = require_role("kemnaker_staff", "admin")


@router.get("/dasbor", response_class=HTMLResponse)
async def dashboard(
    request: Request, period: str = Query(""), province: str = Query(""), facility: str = Query(""),
    scheme: str = Query(""), _: Principal = Depends(staff), conn: Any = Depends(deps.connection),
) -> Any:  # fmt: skip
    """The national dashboard under the chosen filters; a filter value that names nothing comes
    back next to its field (the figures are then shown unfiltered)."""
    chosen = {"period": period, "province": province, "facility": facility, "scheme": scheme}
    error, status = None, 200
    try:
        f = await parse_filter(conn, **chosen, today=date.today())
    except InvalidInput as exc:
        error, status, f = exc, 422, None
    s = await national_stats(conn, f)

    def counts(rows: list[Any]) -> list[tuple[str, float, str]]:
        return [(r.label, float(r.value), str(r.value)) for r in rows]

    def rates(rows: list[Any]) -> list[tuple[str, float, str]]:
        return [(r.label, r.rate, f"{100 * r.rate:.0f}% ({r.placed}/{r.eligible})") for r in rows]

    def readmission(rows: list[Any]) -> list[tuple[str, float, str]]:
        return [(r.label, r.rate, f"{100 * r.rate:.0f}% ({r.readmitted}/{r.released})") for r in rows]

    figures = [
        charts.horizontal_bars("Sertifikat aktif per skema", counts(s["certificates_by_scheme"])),
        charts.horizontal_bars("Sertifikat aktif per provinsi domisili", counts(s["certificates_by_province"])),
        charts.columns("Lowongan baru per bulan", counts(s["vacancies_by_month"])),
        charts.columns("Penempatan kerja per bulan (mulai bekerja)", counts(s["placements_by_month"])),
        charts.rate_bars("Tingkat penempatan per lapas/rutan", rates(s["placement_rate_by_facility"])),
        charts.rate_bars("Tingkat penempatan per skema", rates(s["placement_rate_by_scheme"])),
        charts.columns("Masuk kembali per bulan (dari SDP)", counts(s["readmissions_by_month"])),
        charts.rate_bars("Tingkat masuk kembali per bulan bebas", readmission(s["readmission_rate_by_release_month"])),
    ]
    query = urlencode({k: v for k, v in chosen.items() if v})
    ctx = {"totals": s["totals"], "figures": figures, "f": chosen, "choices": await filter_choices(conn),
           "periods": PERIODS, "query": query, "filtered": bool(query) and error is None,
           "error": str(error) if error else None, "field": error.field if error else None}  # fmt: skip
    return render(request, "dashboards/index.html", ctx, status)


@router.get("/dasbor/bobot-peringkat", response_class=HTMLResponse)
async def ranking_weights(request: Request, _: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> Any:
    """The ranking weights in use, where they come from, and the evidence of every recent fit."""
    return render(request, "dashboards/weights.html", {"o": await weights_overview(conn)})

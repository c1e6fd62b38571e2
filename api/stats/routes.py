"""Kemnaker staff and admin: national statistics (aggregates only, no personal data)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from api.stats.learning import weights_overview
from api.stats.service import STATS_CSV_COLUMNS, national_stats, parse_filter, stats_rows
from api.web import deps
from api.web.auth import Principal, require_role
from api.web.downloads import csv_response, wants_csv

router = APIRouter(prefix="/api/v1", tags=["statistics"])
staff = require_role("kemnaker_staff", "admin")


@router.get("/stats")
async def stats(
    request: Request,
    period: str = Query("", description="last 3, 6, 12 or 24 months (empty: all time; per-month figures 12)"),
    province: str = Query("", description="province code of the person's domicile (the vacancy's own)"),
    facility: str = Query("", description="facility id (Lapas/Rutan/LPKA) where people are held"),
    scheme: str = Query("", description="scheme id: people holding a certificate of it"),
    format: str | None = Query(None, pattern="^(json|csv)$"),
    _: Principal = Depends(staff),
    conn: Any = Depends(deps.connection),
) -> Any:
    """Certificates by scheme and province, vacancies and placements per month (last 12), placement
    rate by facility and by scheme (placed people / people who can work now); re-admissions per month
    and, per month of release, the share of people released then who have been re-admitted since
    (recorded from the SDP delta feed). The filters narrow every figure (vacancies: period and
    province only); `format=csv` gives the same figures, under the same filters, as one CSV."""
    chosen = await parse_filter(conn, period=period, province=province, facility=facility, scheme=scheme,
                                today=date.today())  # fmt: skip
    data = await national_stats(conn, chosen)
    if wants_csv(request, format):
        return csv_response(STATS_CSV_COLUMNS, stats_rows(data), "statistik-binakerja.csv")
    out: dict[str, Any] = {"totals": data["totals"]}
    for key, rows in data.items():
        if key == "totals":
            continue
        out[key] = [
            {"label": r.label, "value": r.value} if hasattr(r, "value") else
            {"label": r.label, "released": r.released, "readmitted": r.readmitted, "rate": round(r.rate, 4)}
            if hasattr(r, "readmitted") else
            {"label": r.label, "placed": r.placed, "eligible": r.eligible, "rate": round(r.rate, 4)}
            for r in rows
        ]  # fmt: skip
    return out


@router.get("/stats/ranking-weights")
async def ranking_weights(_: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> dict[str, Any]:
    """The ranking weights in use (learned from outcomes once adopted, else the documented defaults),
    and the latest fits of `binakerja learn-weights` with their evidence (held-out folds, counts)."""
    o = await weights_overview(conn)

    def fit(w: Any) -> dict[str, Any]:
        return {
            "id": w.id, "weights": w.weights, "previous": w.previous, "adopted": w.adopted, "reason": w.reason,
            "evidence": w.evidence, "created_by": w.created_by, "created_at": w.created_at.isoformat(),
        }  # fmt: skip

    return {
        "in_use": o.in_use,
        "source": fit(o.source) if o.source is not None else "defaults",
        "defaults": o.defaults,
        "shown_lists": o.lists,
        "shown_results": o.shown,
        "recent": [fit(w) for w in o.recent],
    }

"""Kemnaker staff and admin: national statistics (aggregates only, no personal data)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.web import deps
from api.web.auth import Principal, require_role
from models.repositories.stats import StatsRepo

router = APIRouter(prefix="/api/v1", tags=["statistics"])
staff = require_role("kemnaker_staff", "admin")


async def national_stats(conn: Any) -> dict[str, Any]:
    repo = StatsRepo(conn)
    return {
        "totals": await repo.totals(),
        "certificates_by_scheme": await repo.certificates_by_scheme(),
        "certificates_by_province": await repo.certificates_by_province(),
        "vacancies_by_month": await repo.vacancies_by_month(),
        "placements_by_month": await repo.placements_by_month(),
        "placement_rate_by_facility": await repo.placement_rate_by_facility(),
        "placement_rate_by_scheme": await repo.placement_rate_by_scheme(),
    }


@router.get("/stats")
async def stats(_: Principal = Depends(staff), conn: Any = Depends(deps.connection)) -> dict[str, Any]:
    """Certificates by scheme and province, vacancies and placements per month (last 12), placement
    rate by facility and by scheme (placed people / people who can work now)."""
    data = await national_stats(conn)
    out: dict[str, Any] = {"totals": data["totals"]}
    for key, rows in data.items():
        if key == "totals":
            continue
        out[key] = [
            {"label": r.label, "value": r.value} if hasattr(r, "value") else
            {"label": r.label, "placed": r.placed, "eligible": r.eligible, "rate": round(r.rate, 4)}
            for r in rows
        ]  # fmt: skip
    return out

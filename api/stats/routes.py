"""Kemnaker staff and admin: national statistics (aggregates only, no personal data)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.stats.service import national_stats
from api.web import deps
from api.web.auth import Principal, require_role

router = APIRouter(prefix="/api/v1", tags=["statistics"])
staff = require_role("kemnaker_staff", "admin")


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

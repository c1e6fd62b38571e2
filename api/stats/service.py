"""National statistics use cases (aggregates only, no personal data)."""

from __future__ import annotations

from typing import Any

from models.repositories.stats import StatsRepo


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

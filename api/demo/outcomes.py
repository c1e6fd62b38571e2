"""Simulated hiring outcomes for the demo, so ``binakerja learn-weights`` has something to learn from.

The simulation, stated (nothing here is real behaviour of real employers):

1. For ``SEARCHES`` (300) open vacancies (lowest ids first), the employer's candidate search is run by the
   real matcher (top ``SHOWN``) and logged as a shown list, exactly as the employer's page logs it.
2. **Position bias**: the employer looks at the result at position r with probability ``1 / r``
   (the examination model ``matcher.learning`` corrects for).
3. **What employers value** (the planted truth): the same normalised features the matcher uses,
   weighted by ``PLANTED``: the default weights, except that place (``region``) weighs 2.0 instead of
   0.5 and held SKKNI units (``unit_coverage``) 2.0 instead of 1.0: these employers care more about
   a local, certified person than the defaults assume. A looked-at result is shortlisted with
   probability ``sigmoid(1.5 * (u - mean u of the list) - 1)``, ``u`` its planted utility.
4. **Funnel**: shortlisted -> interview 60% -> offer 60% -> hired 70%; a hire started 13 months ago
   and was still employed at 3, 6 and 12 months with 85% each (stopping at the first "no").

``learn-weights`` on this data should find a larger region (and unit coverage) weight than the
defaults and adopt it; ``tests/unit/test_learning.py`` checks the same on synthetic features.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from matcher.features import FEATURE_NAMES, REGION, UNIT_COVERAGE
from matcher.learning import propensity
from matcher.scoring import DEFAULT_WEIGHTS
from models.errors import Conflict
from models.repositories.applications import ApplicationRepo
from models.repositories.impressions import ImpressionRepo, ShownResult
from models.repositories.placements import PlacementRepo
from models.repositories.vacancies import VacancyRepo

PLANTED: Mapping[str, float] = {**DEFAULT_WEIGHTS, REGION: 2.0, UNIT_COVERAGE: 2.0}
SEARCHES = 300
SHOWN = 20
FUNNEL = (("interview", 0.6), ("offer", 0.6), ("hired", 0.7))
RETENTION = ((3, 0.85), (6, 0.85), (12, 0.85))
STARTED_MONTHS_AGO = 13


@dataclass(frozen=True)
class Outcome:
    furthest_stage: str | None  # None: nothing followed
    retained: tuple[tuple[int, bool], ...] = ()  # (month, still employed) follow-ups recorded


def simulate_list(
    features: Sequence[Sequence[float]],
    rng: random.Random,
    truth: Mapping[str, float] = PLANTED,
    names: Sequence[str] = FEATURE_NAMES,
) -> list[Outcome]:
    """Outcomes of one shown list (rows in shown order), by the stated simulation."""
    w = [float(truth.get(n, 0.0)) for n in names]
    utility = [sum(a * b for a, b in zip(w, x, strict=True)) for x in features]
    centre = sum(utility) / len(utility) if utility else 0.0
    seen = propensity(np.arange(1, len(features) + 1))
    out = []
    for k, u in enumerate(utility):
        if rng.random() >= seen[k] or rng.random() >= 1.0 / (1.0 + math.exp(-(1.5 * (u - centre) - 1.0))):
            out.append(Outcome(None))
            continue
        stage = "shortlisted"
        for nxt, p in FUNNEL:
            if rng.random() >= p:
                break
            stage = nxt
        retained: list[tuple[int, bool]] = []
        if stage == "hired":
            for month, p in RETENTION:
                kept = rng.random() < p
                retained.append((month, kept))
                if not kept:
                    break
        out.append(Outcome(stage, tuple(retained)))
    return out


async def simulate_outcomes(conn: Any, matcher: Any, today: date, *, seed: int = 7, searches: int = SEARCHES) -> int:
    """Run, log and answer ``searches`` employer searches (see the module docstring); returns the
    number of applications written. One transaction."""
    rng = random.Random(seed)
    vacancies = [v for v in await VacancyRepo(conn).list_after(0, 10_000) if v.status == "open"][:searches]
    apps, placements, impressions = ApplicationRepo(conn), PlacementRepo(conn), ImpressionRepo(conn)
    written = 0
    async with conn.transaction():
        for vacancy in vacancies:
            _, ranked, _ = await matcher.candidates_page(conn, vacancy.id, as_of=today, k=SHOWN)
            shown = [ShownResult(k + 1, vacancy.id, m.inmate_id, m.score, m.features) for k, m in enumerate(ranked)]
            if not shown:
                continue
            await impressions.log_search("employer", vacancy.id, FEATURE_NAMES, shown, matcher.weights_id)
            for result, outcome in zip(shown, simulate_list([r.features for r in shown], rng), strict=True):
                if outcome.furthest_stage is None:
                    continue
                try:
                    app = await apps.add(vacancy.id, result.inmate_id, None)
                except Conflict:  # already on this vacancy (the demo's own history): its story stands
                    continue
                written += 1
                for stage in ("interview", "offer", "hired"):
                    if _rank(stage) > _rank(outcome.furthest_stage):
                        break
                    app = await apps.move(app.id, app.version, stage, None, None)
                if outcome.furthest_stage != "hired":
                    if rng.random() < 0.5:  # half the stalled applications are closed with a rejection
                        await apps.move(app.id, app.version, "rejected", "simulasi demo", None)
                    continue
                started = today - timedelta(days=round(30.4 * STARTED_MONTHS_AGO))
                p = await placements.add(
                    result.inmate_id, vacancy.employer_id, vacancy.id, vacancy.title, started, None
                )
                for month, kept in outcome.retained:
                    await placements.add_followup(p.id, month, kept, "simulasi demo", None)
    return written


def _rank(stage: str) -> int:
    return ("shortlisted", "interview", "offer", "hired").index(stage)

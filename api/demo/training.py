"""Demo training: a few programmes for demo schemes, a finished class (with attendance and
completions) and an upcoming class at a few Lapas, on the demo's own people.

Deterministic (its own seed; the loader's random stream is left untouched) and written through
the repositories inside the loader's transaction. Completed programmes join the people's
trainings and register them with the scheme's LSP; embeddings follow in ``finish_demo``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from api.training import service as training
from models.repositories.catalogue import CatalogueRepo
from models.repositories.enrolments import EnrolmentRepo
from models.repositories.places import PlacesRepo
from models.repositories.training import TrainingRepo

PROGRAMMES = 3
FACILITIES = 3
FINISHED_SEATS = 12
SESSIONS = 5
INSTRUCTORS = ("Hendra Wijaya", "Sri Lestari", "Yusuf Hidayat", "Maria Ulfa", "Dedi Kurniawan", "Rina Marlina")
PROVIDERS = (("blk", "BLK Kemnaker"), ("bpvp", "BPVP Kemnaker"), ("lapas_workshop", "Bengkel kerja pembinaan"))


async def load(conn: Any, today: date, *, seed: int = 16) -> dict[str, int]:
    """Write the demo's programmes, classes, enrolments, attendance and completions; returns counts."""
    rng = random.Random(seed)
    repo = TrainingRepo(conn)
    catalogue = CatalogueRepo(conn)
    lsps = {lsp.id: lsp for lsp in await catalogue.list_lsps()}
    schemes = [s for s in await catalogue.list_schemes() if lsps[s.lsp_id].home_facility_id is None]
    facilities = [f for f in await PlacesRepo(conn).list_facilities("lapas")][:FACILITIES]
    names = [f.name for f in facilities]
    counts = {"programmes": 0, "classes": 0, "enrolments": 0, "completions": 0}
    enrolments = EnrolmentRepo(conn)
    for n, scheme in enumerate(schemes[:PROGRAMMES]):
        title = f"Pelatihan {scheme.title}"
        if training.title_names_facility(title, names):
            continue
        kind, provider = PROVIDERS[n % len(PROVIDERS)]
        programme = await repo.add_programme(
            title=title, provider_kind=kind, provider_name=provider, scheme_id=scheme.id, hours=120 + 40 * n,
            description=f"Pelatihan berbasis kompetensi yang menyiapkan asesmen skema {scheme.title}.",
            unit_codes=scheme.unit_codes, created_by=None,
        )  # fmt: skip
        counts["programmes"] += 1
        for facility in facilities:
            people = await repo.people_at(facility.id, limit=FINISHED_SEATS + 4)
            if len(people) < 4:
                continue
            rng.shuffle(people)
            start = today - timedelta(days=45 + 7 * n)
            finished = await repo.add_class(
                programme_id=programme.id, facility_id=facility.id, starts_on=start,
                ends_on=start + timedelta(days=28), seats=FINISHED_SEATS, instructor_name=rng.choice(INSTRUCTORS),
                created_by=None,
            )  # fmt: skip
            upcoming = await repo.add_class(
                programme_id=programme.id, facility_id=facility.id, starts_on=today + timedelta(days=14 + 7 * n),
                ends_on=today + timedelta(days=42 + 7 * n), seats=15, instructor_name=rng.choice(INSTRUCTORS),
                created_by=None,
            )  # fmt: skip
            counts["classes"] += 2
            cohort = people[: min(len(people) - 3, FINISHED_SEATS)]
            marks: dict[int, dict[int, bool]] = {}
            for person in cohort:
                enrolled = await repo.add_enrolment(finished.id, person.id, None)
                counts["enrolments"] += 1
                marks[enrolled.id] = {s: rng.random() < 0.85 for s in range(SESSIONS)}
            for s in range(SESSIONS):
                await repo.record_attendance(start + timedelta(days=7 * s), {e: m[s] for e, m in marks.items()}, None)
            for person, (eid, m) in zip(cohort, marks.items()):
                if sum(m.values()) >= SESSIONS - 1:  # present at (almost) every session: completed
                    await repo.complete(eid)
                    await repo.add_training(person.id, programme.title)
                    if not await enrolments.is_enrolled(scheme.lsp_id, person.id):
                        await enrolments.add(lsp_id=scheme.lsp_id, inmate_id=person.id, source="demo",
                                             enrolled_by=None)  # fmt: skip
                    counts["completions"] += 1
            for person in people[len(cohort) : len(cohort) + 3]:
                await repo.add_enrolment(upcoming.id, person.id, None)
                counts["enrolments"] += 1
    return counts

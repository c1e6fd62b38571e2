"""Placements (a person started work) and their follow-ups at 3, 6 and 12 months."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import asyncpg

from models.errors import Conflict, NotFound
from models.records import Placement, PlacementFollowup

_COLS = "p.id, p.inmate_id, p.employer_id, p.vacancy_id, p.position_title, p.started_on"


@dataclass(frozen=True)
class PlacementView:
    """A placement with the employer's name and the follow-ups recorded so far."""

    placement: Placement
    employer_name: str
    followups: tuple[PlacementFollowup, ...]


def _placement(r: asyncpg.Record) -> Placement:
    return Placement(r["id"], r["inmate_id"], r["employer_id"], r["vacancy_id"], r["position_title"], r["started_on"])


class PlacementRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(
        self,
        inmate_id: int,
        employer_id: int,
        vacancy_id: int | None,
        position_title: str,
        started_on: date,
        created_by: int | None,
    ) -> Placement:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO placements AS p (inmate_id, employer_id, vacancy_id, position_title, started_on, created_by)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING {_COLS}
            """,
            inmate_id,
            employer_id,
            vacancy_id,
            position_title,
            started_on,
            created_by,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _placement(r)

    async def get(self, placement_id: int) -> Placement:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM placements p WHERE p.id = $1", placement_id)
        if r is None:
            raise NotFound("placement", placement_id)
        return _placement(r)

    async def list_for_inmate(self, inmate_id: int) -> list[PlacementView]:
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS}, e.name AS employer_name FROM placements p JOIN employers e ON e.id = p.employer_id
            WHERE p.inmate_id = $1 ORDER BY p.started_on DESC, p.id DESC
            """,
            inmate_id,
        )
        ups = await self.followups([r["id"] for r in rows])
        return [PlacementView(_placement(r), r["employer_name"], tuple(ups.get(r["id"], ()))) for r in rows]

    async def add_followup(
        self, placement_id: int, month: int, still_employed: bool, note: str, created_by: int | None
    ) -> PlacementFollowup:
        try:
            await self.conn.execute(
                """
                INSERT INTO placement_followups (placement_id, month, still_employed, note, created_by)
                VALUES ($1, $2, $3, $4, $5)
                """,
                placement_id,
                month,
                still_employed,
                note,
                created_by,
            )
        except asyncpg.UniqueViolationError as exc:
            raise Conflict(f"tindak lanjut {month} bulan untuk penempatan {placement_id} sudah tercatat") from exc
        except asyncpg.ForeignKeyViolationError as exc:
            raise NotFound("placement", placement_id) from exc
        return PlacementFollowup(placement_id, month, still_employed, note)

    async def followups(self, placement_ids: Sequence[int]) -> dict[int, list[PlacementFollowup]]:
        rows = await self.conn.fetch(
            """
            SELECT placement_id, month, still_employed, note FROM placement_followups
            WHERE placement_id = ANY($1::bigint[]) ORDER BY placement_id, month
            """,
            list(placement_ids),
        )
        out: dict[int, list[PlacementFollowup]] = defaultdict(list)
        for r in rows:
            out[r["placement_id"]].append(
                PlacementFollowup(r["placement_id"], r["month"], r["still_employed"], r["note"])
            )
        return dict(out)

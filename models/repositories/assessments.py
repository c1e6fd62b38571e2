"""Assessments of one person against one scheme, with a K/BK result per unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import asyncpg

from models.errors import NotFound
from models.records import Assessment, UnitResult

_COLS = "a.id, a.inmate_id, a.scheme_id, a.assessor_id, a.tuk_id, a.assessed_on, a.created_by"


class AssessmentRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def add(
        self,
        *,
        inmate_id: int,
        scheme_id: int,
        assessor_id: int,
        tuk_id: int | None,
        assessed_on: date,
        results: Sequence[UnitResult],
        created_by: int | None = None,
    ) -> Assessment:
        assessment_id = await self.conn.fetchval(
            """
            INSERT INTO assessments (inmate_id, scheme_id, assessor_id, tuk_id, assessed_on, created_by)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            """,
            inmate_id,
            scheme_id,
            assessor_id,
            tuk_id,
            assessed_on,
            created_by,
        )
        await self.conn.executemany(
            """
            INSERT INTO assessment_results (assessment_id, unit_code, result, evidence)
            VALUES ($1, $2, $3, $4)
            """,
            [(assessment_id, r.unit_code, r.result, r.evidence) for r in results],
        )
        return Assessment(
            id=int(assessment_id),
            inmate_id=inmate_id,
            scheme_id=scheme_id,
            assessor_id=assessor_id,
            tuk_id=tuk_id,
            assessed_on=assessed_on,
            results=tuple(results),
            created_by=created_by,
        )

    async def _with_results(self, rows: list[asyncpg.Record]) -> list[Assessment]:
        ids = [r["id"] for r in rows]
        results: dict[int, list[UnitResult]] = defaultdict(list)
        for r in await self.conn.fetch(
            """
            SELECT ar.assessment_id, ar.unit_code, ar.result, ar.evidence
            FROM assessment_results ar
            JOIN assessments a ON a.id = ar.assessment_id
            LEFT JOIN scheme_units su ON su.scheme_id = a.scheme_id AND su.unit_code = ar.unit_code
            WHERE ar.assessment_id = ANY($1::bigint[])
            ORDER BY ar.assessment_id, su.position NULLS LAST, ar.unit_code
            """,
            ids,
        ):
            results[r["assessment_id"]].append(UnitResult(r["unit_code"], r["result"], r["evidence"]))
        return [
            Assessment(
                id=r["id"],
                inmate_id=r["inmate_id"],
                scheme_id=r["scheme_id"],
                assessor_id=r["assessor_id"],
                tuk_id=r["tuk_id"],
                assessed_on=r["assessed_on"],
                results=tuple(results[r["id"]]),
                created_by=r["created_by"],
            )
            for r in rows
        ]

    async def get(self, assessment_id: int) -> Assessment:
        rows = await self.conn.fetch(f"SELECT {_COLS} FROM assessments a WHERE a.id = $1", assessment_id)
        if not rows:
            raise NotFound("assessment", assessment_id)
        return (await self._with_results(rows))[0]

    async def list_for(self, inmate_id: int, scheme_id: int) -> list[Assessment]:
        """A person's assessments of one scheme, oldest first."""
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS} FROM assessments a
            WHERE a.inmate_id = $1 AND a.scheme_id = $2 ORDER BY a.assessed_on, a.id
            """,
            inmate_id,
            scheme_id,
        )
        return await self._with_results(rows)

    async def list_for_lsp(self, lsp_id: int, limit: int = 100, offset: int = 0) -> list[Assessment]:
        rows = await self.conn.fetch(
            f"""
            SELECT {_COLS} FROM assessments a JOIN schemes s ON s.id = a.scheme_id
            WHERE s.lsp_id = $1 ORDER BY a.id DESC LIMIT $2 OFFSET $3
            """,
            lsp_id,
            limit,
            offset,
        )
        return await self._with_results(rows)

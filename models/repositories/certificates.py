"""Certificates and their units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import asyncpg

from models.records import CertificateView, CompetencyUnit


class CertificateRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def views_for_inmates(self, inmate_ids: Sequence[int]) -> dict[int, list[CertificateView]]:
        """Certificates of many people at once (one query), newest first, with unit titles."""
        rows = await self.conn.fetch(
            """
            SELECT c.inmate_id, c.id, c.number, s.code AS scheme_code, s.title AS scheme_title,
                   c.issued_on, c.valid_until, c.status,
                   cu.unit_code, u.title AS unit_title, u.sector, u.kkni_level
            FROM certificates c
            JOIN schemes s ON s.id = c.scheme_id
            JOIN certificate_units cu ON cu.certificate_id = c.id
            JOIN competency_units u ON u.code = cu.unit_code
            WHERE c.inmate_id = ANY($1::bigint[])
            ORDER BY c.inmate_id, c.issued_on DESC, c.id, cu.unit_code
            """,
            list(inmate_ids),
        )
        grouped: dict[tuple[int, int], list[asyncpg.Record]] = defaultdict(list)
        for r in rows:
            grouped[(r["inmate_id"], r["id"])].append(r)
        out: dict[int, list[CertificateView]] = defaultdict(list)
        for (inmate_id, _), rs in grouped.items():
            first = rs[0]
            out[inmate_id].append(
                CertificateView(
                    number=first["number"],
                    scheme_code=first["scheme_code"],
                    scheme_title=first["scheme_title"],
                    issued_on=first["issued_on"],
                    valid_until=first["valid_until"],
                    status=first["status"],
                    units=tuple(
                        CompetencyUnit(r["unit_code"], r["unit_title"], r["sector"], r["kkni_level"])
                        for r in rs
                    ),
                )
            )
        return dict(out)

    async def add(
        self,
        *,
        number: str,
        inmate_id: int,
        scheme_id: int,
        lsp_id: int,
        unit_codes: Sequence[str],
        issued_on: date,
        valid_until: date,
        assessment_id: int | None = None,
        renewed_from_id: int | None = None,
        key_id: str | None = None,
        signature: str | None = None,
    ) -> int:
        """Insert an issued certificate and its units; returns its id."""
        cert_id = await self.conn.fetchval(
            """
            INSERT INTO certificates (number, inmate_id, scheme_id, lsp_id, assessment_id, issued_on,
                                      valid_until, renewed_from_id, key_id, signature)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
            """,
            number,
            inmate_id,
            scheme_id,
            lsp_id,
            assessment_id,
            issued_on,
            valid_until,
            renewed_from_id,
            key_id,
            signature,
        )
        await self.conn.executemany(
            "INSERT INTO certificate_units (certificate_id, unit_code) VALUES ($1, $2)",
            [(cert_id, c) for c in unit_codes],
        )
        return int(cert_id)

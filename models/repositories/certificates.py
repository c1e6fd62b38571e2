"""Certificates and their units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import asyncpg

from models.errors import Conflict, NotFound
from models.records import Certificate, CertificateDetail, CertificateView, CompetencyUnit, certificate_state_on

_COLS = """
    c.id, c.number, c.inmate_id, c.scheme_id, c.lsp_id, c.assessment_id, c.issued_on, c.valid_until,
    c.status, coalesce((SELECT array_agg(cu.unit_code ORDER BY cu.unit_code) FROM certificate_units cu
                        WHERE cu.certificate_id = c.id), '{}') AS unit_codes,
    c.status_reason, c.status_by, c.status_at, c.suspended_until, c.renewed_from_id, c.key_id, c.signature
"""


def _cert(r: asyncpg.Record) -> Certificate:
    return Certificate(
        id=r["id"],
        number=r["number"],
        inmate_id=r["inmate_id"],
        scheme_id=r["scheme_id"],
        lsp_id=r["lsp_id"],
        assessment_id=r["assessment_id"],
        issued_on=r["issued_on"],
        valid_until=r["valid_until"],
        status=r["status"],
        unit_codes=tuple(r["unit_codes"]),
        status_reason=r["status_reason"],
        status_by=r["status_by"],
        status_at=r["status_at"],
        suspended_until=r["suspended_until"],
        renewed_from_id=r["renewed_from_id"],
        key_id=r["key_id"],
        signature=r["signature"],
    )


class CertificateRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def views_for_inmates(
        self, inmate_ids: Sequence[int], today: date | None = None
    ) -> dict[int, list[CertificateView]]:
        """Certificates of many people at once (one query), newest first, with unit titles; each status
        as it is ``today`` (``certificate_state_on``: past its end date is expired). One row per
        certificate with its units as arrays (the ranking reads this for a whole pool: a row per
        certificate unit repeated the scheme and LSP columns ~8 times)."""
        today = today or date.today()
        rows = await self.conn.fetch(
            """
            SELECT c.inmate_id, c.id, c.number, s.code AS scheme_code, s.title AS scheme_title,
                   c.issued_on, c.valid_until, c.status, c.suspended_until,
                   l.code AS lsp_code, l.name AS lsp_name, l.kind AS lsp_kind, l.home_facility_id,
                   array_agg(u.code ORDER BY u.code) AS codes, array_agg(u.title ORDER BY u.code) AS titles,
                   array_agg(u.sector ORDER BY u.code) AS sectors, array_agg(u.kkni_level ORDER BY u.code) AS levels
            FROM certificates c
            JOIN schemes s ON s.id = c.scheme_id
            JOIN lsps l ON l.id = c.lsp_id
            JOIN certificate_units cu ON cu.certificate_id = c.id
            JOIN competency_units u ON u.code = cu.unit_code
            WHERE c.inmate_id = ANY($1::bigint[])
            GROUP BY c.id, s.id, l.id
            ORDER BY c.inmate_id, c.issued_on DESC, c.id
            """,
            list(inmate_ids),
        )
        out: dict[int, list[CertificateView]] = defaultdict(list)
        for r in rows:
            out[r["inmate_id"]].append(
                CertificateView(
                    number=r["number"],
                    scheme_code=r["scheme_code"],
                    scheme_title=r["scheme_title"],
                    issued_on=r["issued_on"],
                    valid_until=r["valid_until"],
                    status=certificate_state_on(r["status"], r["valid_until"], r["suspended_until"], today),
                    units=tuple(map(CompetencyUnit, r["codes"], r["titles"], r["sectors"], r["levels"])),
                    lsp_code=r["lsp_code"],
                    lsp_name=r["lsp_name"],
                    lsp_kind=r["lsp_kind"],
                    lsp_home_facility_id=r["home_facility_id"],
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
        """Insert an issued certificate and its units; returns its id.

        A second live certificate for the same person and scheme, or a taken number, is a Conflict.
        """
        try:
            cert_id = await self._insert(
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
        except asyncpg.UniqueViolationError as exc:
            raise Conflict(f"certificate conflicts with an existing one ({exc.constraint_name})") from exc
        await self.conn.executemany(
            "INSERT INTO certificate_units (certificate_id, unit_code) VALUES ($1, $2)",
            [(cert_id, c) for c in unit_codes],
        )
        return int(cert_id)

    async def _insert(self, *values: object) -> int:
        cert_id = await self.conn.fetchval(
            """
            INSERT INTO certificates (number, inmate_id, scheme_id, lsp_id, assessment_id, issued_on,
                                      valid_until, renewed_from_id, key_id, signature)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
            """,
            *values,
        )
        return int(cert_id)

    # --- lifecycle (certification service) ------------------------------------------------------
    async def lock_pair(self, inmate_id: int, scheme_id: int) -> None:
        """Serialise issuing for one person and scheme until the transaction ends."""
        await self.conn.execute("SELECT pg_advisory_xact_lock($1::int, $2::int)", inmate_id, scheme_id)

    async def get(self, cert_id: int) -> Certificate:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM certificates c WHERE c.id = $1", cert_id)
        if r is None:
            raise NotFound("certificate", cert_id)
        return _cert(r)

    async def find_by_number(self, number: str, *, for_update: bool = False) -> Certificate | None:
        lock = "FOR UPDATE OF c" if for_update else ""
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM certificates c WHERE c.number = $1 {lock}", number)
        return None if r is None else _cert(r)

    async def live_for(self, inmate_id: int, scheme_id: int) -> Certificate | None:
        """The person's active or suspended certificate for a scheme (at most one, by index)."""
        r = await self.conn.fetchrow(
            f"""
            SELECT {_COLS} FROM certificates c
            WHERE c.inmate_id = $1 AND c.scheme_id = $2 AND c.status IN ('active', 'suspended')
            """,
            inmate_id,
            scheme_id,
        )
        return None if r is None else _cert(r)

    async def last_consumed_assessment(self, inmate_id: int, scheme_id: int) -> int | None:
        """The newest assessment any of the person's certificates for the scheme was issued from."""
        value = await self.conn.fetchval(
            "SELECT max(assessment_id) FROM certificates WHERE inmate_id = $1 AND scheme_id = $2",
            inmate_id,
            scheme_id,
        )
        return None if value is None else int(value)

    async def next_sequence(self, lsp_id: int, scheme_scope: int, year: int) -> int:
        """Draw the next number of a counter; the row lock holds concurrent issuers until commit."""
        value = await self.conn.fetchval(
            """
            INSERT INTO certificate_sequences (lsp_id, scheme_id, year, last_seq) VALUES ($1, $2, $3, 1)
            ON CONFLICT (lsp_id, scheme_id, year)
            DO UPDATE SET last_seq = certificate_sequences.last_seq + 1
            RETURNING last_seq
            """,
            lsp_id,
            scheme_scope,
            year,
        )
        return int(value)

    async def number_taken(self, number: str) -> bool:
        return bool(await self.conn.fetchval("SELECT EXISTS (SELECT 1 FROM certificates WHERE number = $1)", number))

    async def set_status(
        self,
        cert_id: int,
        *,
        status: str,
        reason: str | None,
        by: int | None,
        suspended_until: date | None = None,
        renewal_kind: str | None = None,
    ) -> Certificate:
        r = await self.conn.fetchrow(
            f"""
            UPDATE certificates AS c
            SET status = $2, status_reason = $3, status_by = $4, status_at = now(),
                suspended_until = $5, renewal_kind = coalesce($6, c.renewal_kind)
            WHERE c.id = $1 RETURNING {_COLS}
            """,
            cert_id,
            status,
            reason,
            by,
            suspended_until,
            renewal_kind,
        )
        if r is None:
            raise NotFound("certificate", cert_id)
        return _cert(r)

    async def set_renewal_kind(self, cert_id: int, kind: str) -> None:
        await self.conn.execute("UPDATE certificates SET renewal_kind = $2 WHERE id = $1", cert_id, kind)

    async def set_signature(self, cert_id: int, key_id: str, signature: str) -> None:
        await self.conn.execute(
            "UPDATE certificates SET key_id = $2, signature = $3 WHERE id = $1", cert_id, key_id, signature
        )

    async def unsigned_ids(self) -> list[int]:
        rows = await self.conn.fetch("SELECT id FROM certificates WHERE signature IS NULL ORDER BY id")
        return [int(r["id"]) for r in rows]

    async def revoked_numbers(self) -> list[str]:
        rows = await self.conn.fetch("SELECT number FROM certificates WHERE status = 'revoked' ORDER BY number")
        return [r["number"] for r in rows]

    async def list_for_lsp(self, lsp_id: int, limit: int = 100, offset: int = 0) -> list[Certificate]:
        rows = await self.conn.fetch(
            f"SELECT {_COLS} FROM certificates c WHERE c.lsp_id = $1 ORDER BY c.id DESC LIMIT $2 OFFSET $3",
            lsp_id,
            limit,
            offset,
        )
        return [_cert(r) for r in rows]

    async def detail(self, cert_id: int) -> CertificateDetail:
        """The certificate with LSP, scheme, holder and unit titles, and its renewal links."""
        r = await self.conn.fetchrow(
            f"""
            SELECT {_COLS}, l.code AS lsp_code, l.name AS lsp_name, s.code AS scheme_code,
                   s.title AS scheme_title, i.pseudonym, coalesce(i.initials, i.full_name) AS full_name, c.renewal_kind,
                   prev.number AS prev_number,
                   (SELECT n.number FROM certificates n WHERE n.renewed_from_id = c.id
                    ORDER BY n.id DESC LIMIT 1) AS next_number
            FROM certificates c
            JOIN lsps l ON l.id = c.lsp_id
            JOIN schemes s ON s.id = c.scheme_id
            JOIN inmates i ON i.id = c.inmate_id
            LEFT JOIN certificates prev ON prev.id = c.renewed_from_id
            WHERE c.id = $1
            """,
            cert_id,
        )
        if r is None:
            raise NotFound("certificate", cert_id)
        units = await self.conn.fetch(
            """
            SELECT u.code, u.title, u.sector, u.kkni_level, u.description
            FROM certificate_units cu JOIN competency_units u ON u.code = cu.unit_code
            LEFT JOIN scheme_units su ON su.unit_code = cu.unit_code AND su.scheme_id = $2
            WHERE cu.certificate_id = $1 ORDER BY su.position NULLS LAST, u.code
            """,
            cert_id,
            r["scheme_id"],
        )
        return CertificateDetail(
            certificate=_cert(r),
            lsp_code=r["lsp_code"],
            lsp_name=r["lsp_name"],
            scheme_code=r["scheme_code"],
            scheme_title=r["scheme_title"],
            holder_id=r["pseudonym"],
            holder_name=r["full_name"],
            units=tuple(
                CompetencyUnit(u["code"], u["title"], u["sector"], u["kkni_level"], u["description"]) for u in units
            ),
            renewal_kind=r["renewal_kind"],
            renewed_from_number=r["prev_number"],
            renewed_to_number=r["next_number"],
        )

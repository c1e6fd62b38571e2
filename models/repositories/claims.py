"""Holder access to certificates: claim codes with PIN hashes, attempt counts, share links, and
the per-day verification counts the holder sees (from the audit log, no identities)."""

from __future__ import annotations

from datetime import date, datetime

import asyncpg

from models.records import CertificateClaim, CertificateShare

_COLS = "k.id, k.certificate_id, k.code, k.pin_hash, k.failed_attempts, k.locked_until, k.pin_set_at"
_SHARE = "s.id, s.claim_id, s.expires_at, s.revoked_at, s.created_at, s.kind"


def _claim(r: asyncpg.Record) -> CertificateClaim:
    return CertificateClaim(
        r["id"], r["certificate_id"], r["code"], r["pin_hash"], r["failed_attempts"], r["locked_until"], r["pin_set_at"]
    )


def _share(r: asyncpg.Record) -> CertificateShare:
    return CertificateShare(r["id"], r["claim_id"], r["expires_at"], r["revoked_at"], r["created_at"], r["kind"])


class ClaimRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def for_certificate(self, certificate_id: int) -> CertificateClaim | None:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM certificate_claims k WHERE k.certificate_id = $1",
                                     certificate_id)  # fmt: skip
        return None if r is None else _claim(r)

    async def get(self, claim_id: int) -> CertificateClaim | None:
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM certificate_claims k WHERE k.id = $1", claim_id)
        return None if r is None else _claim(r)

    async def lock_by_code(self, code: str) -> CertificateClaim | None:
        """The claim with ``code``, its row locked until the transaction ends (one PIN check at a time)."""
        r = await self.conn.fetchrow(f"SELECT {_COLS} FROM certificate_claims k WHERE k.code = $1 FOR UPDATE", code)
        return None if r is None else _claim(r)

    async def add(self, *, certificate_id: int, code: str, pin_hash: str, by: int | None) -> CertificateClaim | None:
        """Insert; None when the certificate already has a claim or the code is taken."""
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO certificate_claims AS k (certificate_id, code, pin_hash, pin_set_by)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING
            RETURNING {_COLS}
            """,
            certificate_id,
            code,
            pin_hash,
            by,
        )
        return None if r is None else _claim(r)

    async def set_pin(self, claim_id: int, pin_hash: str, *, by: int | None, at: datetime) -> CertificateClaim:
        """A new PIN (the old one stops working) and a clean attempt count."""
        r = await self.conn.fetchrow(
            f"""
            UPDATE certificate_claims AS k
            SET pin_hash = $2, pin_set_by = $3, pin_set_at = $4, failed_attempts = 0, locked_until = NULL
            WHERE k.id = $1
            RETURNING {_COLS}
            """,
            claim_id,
            pin_hash,
            by,
            at,
        )
        assert r is not None
        return _claim(r)

    async def record_attempt(self, claim_id: int, *, failed_attempts: int, locked_until: datetime | None) -> None:
        await self.conn.execute(
            "UPDATE certificate_claims SET failed_attempts = $2, locked_until = $3 WHERE id = $1",
            claim_id,
            failed_attempts,
            locked_until,
        )

    # --- share links -------------------------------------------------------------------------
    async def add_share(
        self, claim_id: int, token_hash: str, expires_at: datetime, kind: str = "full"
    ) -> CertificateShare:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO certificate_shares AS s (claim_id, token_hash, expires_at, kind) VALUES ($1, $2, $3, $4)
            RETURNING {_SHARE}
            """,
            claim_id,
            token_hash,
            expires_at,
            kind,
        )
        assert r is not None
        return _share(r)

    async def shares(self, claim_id: int) -> list[CertificateShare]:
        rows = await self.conn.fetch(
            f"SELECT {_SHARE} FROM certificate_shares s WHERE s.claim_id = $1 ORDER BY s.created_at DESC, s.id DESC",
            claim_id,
        )
        return [_share(r) for r in rows]

    async def share_by_token(self, token_hash: str) -> tuple[CertificateShare, int] | None:
        """The share with that token hash and its certificate id."""
        r = await self.conn.fetchrow(
            f"""
            SELECT {_SHARE}, k.certificate_id FROM certificate_shares s
            JOIN certificate_claims k ON k.id = s.claim_id
            WHERE s.token_hash = $1
            """,
            token_hash,
        )
        return None if r is None else (_share(r), int(r["certificate_id"]))

    # --- wallet links (short-lived URLs to the credential JSON) -------------------------------
    async def add_wallet_link(self, claim_id: int, token_hash: str, kind: str, expires_at: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO certificate_wallet_links (token_hash, claim_id, kind, expires_at) VALUES ($1, $2, $3, $4)",
            token_hash,
            claim_id,
            kind,
            expires_at,
        )

    async def wallet_link(self, token_hash: str) -> tuple[int, str, datetime] | None:
        """(claim id, kind, expiry) of the wallet link with that token hash."""
        r = await self.conn.fetchrow(
            "SELECT w.claim_id, w.kind, w.expires_at FROM certificate_wallet_links w WHERE w.token_hash = $1",
            token_hash,
        )
        return None if r is None else (int(r["claim_id"]), str(r["kind"]), r["expires_at"])

    async def revoke_share(self, claim_id: int, share_id: int, at: datetime) -> bool:
        """End one of the claim's live share links; False when it is not the claim's or already ended."""
        done = await self.conn.fetchval(
            """
            UPDATE certificate_shares SET revoked_at = $3
            WHERE id = $2 AND claim_id = $1 AND revoked_at IS NULL
            RETURNING id
            """,
            claim_id,
            share_id,
            at,
        )
        return done is not None

    async def views_by_day(self, certificate_id: int, since: date) -> list[tuple[date, int, int]]:
        """(day, public verifications, share-link views) per day since ``since``, oldest first:
        the anonymous counts of ``certificate_verification_counts`` and the audited share views."""
        rows = await self.conn.fetch(
            """
            WITH verified AS (
                SELECT v.day, v.count FROM certificate_verification_counts v
                WHERE v.certificate_id = $1 AND v.day >= $2
            ), shared AS (
                SELECT (a.at AT TIME ZONE 'Asia/Jakarta')::date AS day, count(*) AS count
                FROM audit_events a
                WHERE a.action = 'holder.share_view' AND a.object_id = $1::text
                  AND a.at >= $2::date - interval '1 day'
                GROUP BY 1
            )
            SELECT coalesce(verified.day, shared.day) AS day, coalesce(verified.count, 0) AS verified,
                   coalesce(shared.count, 0) AS shared
            FROM verified FULL JOIN shared ON shared.day = verified.day
            WHERE coalesce(verified.day, shared.day) >= $2
            ORDER BY 1
            """,
            certificate_id,
            since,
        )
        return [(r["day"], int(r["verified"]), int(r["shared"])) for r in rows]

"""Issue 13 row 10: anonymous verification is counted per certificate per day (one upserted row),
not written as one audit row per request; a signed-in verification stays an audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from api.certificates.stores import PgCertificationStores
from certification import service
from models.records import Actor
from tests.api.conftest import World


class Today:
    def today(self) -> date:
        return date.today()


async def test_anonymous_verifications_are_counted_not_audited(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    cert_id, number = await conn.fetchrow(
        "SELECT id, number FROM certificates WHERE inmate_id = $1", world.ids["welder"]
    )
    audit_before = await conn.fetchval("SELECT count(*) FROM audit_events")
    for _ in range(3):
        assert (await client.get(f"/api/v1/verify/{number}")).status_code == 200
    assert (await client.get(f"/verify/{number}")).status_code == 200
    assert (await client.get("/verify", params={"nomor": number.lower()})).status_code == 200
    assert await conn.fetchval("SELECT count(*) FROM audit_events") == audit_before
    rows = await conn.fetch("SELECT certificate_id, day, count FROM certificate_verification_counts")
    assert [tuple(r) for r in rows] == [(cert_id, date.today(), 5)]


async def test_signed_in_verification_is_an_audit_event(conn: Any, world: World) -> None:
    cert_id, number = await conn.fetchrow(
        "SELECT id, number FROM certificates WHERE inmate_id = $1", world.ids["welder"]
    )
    officer = Actor(user_id=world.ids["user_bapas_officer"], role="bapas_officer")
    await service.verify_by_number(PgCertificationStores(conn), number, clock=Today(), actor=officer)
    row = await conn.fetchrow(
        "SELECT actor_user_id, object_id FROM audit_events WHERE action = 'certificate.verify' ORDER BY id DESC LIMIT 1"
    )
    assert row is not None and tuple(row) == (officer.user_id, str(cert_id))
    assert await conn.fetchval("SELECT count(*) FROM certificate_verification_counts") == 0

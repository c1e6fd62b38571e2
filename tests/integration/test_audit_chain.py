"""Issue 13 row 8 (tamper evidence): every audit row carries a hash chained to the previous one,
computed by the database on insert whatever code path writes it; ``verify_chain`` (behind
``binakerja audit-verify``) recomputes the chain and names the first broken row."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from models.records import Actor
from models.repositories.audit import AuditRepo, verify_chain

WHO = Actor(user_id=None, role="system")


async def _tamper(conn: Any, sql: str, *args: Any) -> None:
    """What an attacker with the owner's rights does: switch the append-only triggers off."""
    await conn.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
    await conn.execute(sql, *args)
    await conn.execute("ALTER TABLE audit_events ENABLE TRIGGER USER")


async def _write(conn: Any, n: int = 5) -> list[int]:
    repo = AuditRepo(conn)
    for i in range(n - 2):
        await repo.add(WHO, "test.chain", "thing", i, detail={"i": i, "teks": "ünïcode ✓"})
    await repo.add_reads(WHO, "test.read", [101, 102])  # one statement, many rows: each chained
    rows = await conn.fetch("SELECT id FROM audit_events ORDER BY seq DESC LIMIT $1", n)
    return sorted(r["id"] for r in rows)


async def test_each_row_is_chained_to_the_previous(conn: Any) -> None:
    await _write(conn)
    rows = await conn.fetch("SELECT seq, hash FROM audit_events ORDER BY seq")
    assert [r["seq"] for r in rows] == list(range(rows[0]["seq"], rows[0]["seq"] + len(rows)))
    assert all(len(r["hash"]) == 64 for r in rows)
    check = await verify_chain(conn)
    assert check.ok and check.rows == len(rows) and check.head_hash == rows[-1]["hash"]


async def test_a_client_cannot_choose_its_own_hash(conn: Any) -> None:
    await conn.execute(
        "INSERT INTO audit_events (actor_role, action, object_type, seq, hash) VALUES ('x', 'y', 'z', 1, 'forged')"
    )
    row = await conn.fetchrow("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
    assert row["hash"] != "forged" and len(row["hash"]) == 64
    assert (await verify_chain(conn)).ok


@pytest.mark.parametrize("attack", ["edit", "delete", "delete_tail", "rehash"])
async def test_tampering_is_found_and_the_first_broken_row_named(conn: Any, attack: str) -> None:
    ids = await _write(conn)
    target = ids[2]
    if attack == "edit":
        await _tamper(conn, "UPDATE audit_events SET actor_role = 'admin' WHERE id = $1", target)
        broken = target
    elif attack == "delete":
        await _tamper(conn, "DELETE FROM audit_events WHERE id = $1", target)
        broken = ids[3]
    elif attack == "delete_tail":
        await _tamper(conn, "DELETE FROM audit_events WHERE id >= $1", ids[3])
        broken = None  # the head records the last row: removing the tail is found too
    else:  # edit a row and recompute its own hash: the next row no longer follows from it
        await _tamper(conn, "UPDATE audit_events SET action = 'forged' WHERE id = $1", target)
        await _tamper(
            conn,
            """UPDATE audit_events e
               SET hash = encode(sha256(convert_to(p.hash || audit_event_payload(e), 'UTF8')), 'hex')
               FROM audit_events p WHERE e.id = $1 AND p.seq = e.seq - 1""",
            target,
        )
        broken = ids[3]
    check = await verify_chain(conn)
    assert not check.ok and check.problem
    assert check.broken_id == broken
    if attack == "delete_tail":
        assert "akhir" in check.problem


async def test_hash_is_sha256_of_previous_hash_and_row(conn: Any) -> None:
    await _write(conn, 3)
    a, b = await conn.fetch("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 2")
    payload = await conn.fetchval("SELECT audit_event_payload(e) FROM audit_events e WHERE seq = $1", a["seq"])
    assert a["hash"] == hashlib.sha256((b["hash"] + payload).encode()).hexdigest()


async def test_cli_reports_the_broken_row(conn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import report_chain

    ids = await _write(conn)
    assert report_chain(await verify_chain(conn)) == 0
    assert "utuh" in capsys.readouterr().out
    await _tamper(conn, "UPDATE audit_events SET detail = '{}' WHERE id = $1", ids[1])
    assert report_chain(await verify_chain(conn)) == 1
    assert f"id {ids[1]}" in capsys.readouterr().out


async def test_chain_holds_under_concurrent_writers_and_rollbacks(pool: Any, pg_uri: str) -> None:
    """Parallel transactions (some rolled back) on a real pool: the committed chain has no gap."""
    import asyncio

    from models.db import create_pool
    from tests.conftest import drop_database, with_db

    name = "audit_chain_concurrency"
    async with pool.acquire() as admin:
        await admin.execute(f"DROP DATABASE IF EXISTS {name}")
        await admin.execute(f"CREATE DATABASE {name}")
    p = await create_pool(with_db(pg_uri, name), min_size=1, max_size=8)
    try:
        async with p.acquire() as c:
            from models.migrate import migrate

            await migrate(c)

        async def writer(i: int) -> None:
            async with p.acquire() as c:
                tx = c.transaction()
                await tx.start()
                await AuditRepo(c).add(WHO, "test.parallel", "thing", i)
                await asyncio.sleep(0.01 * (i % 3))
                await AuditRepo(c).add_reads(WHO, "test.read", [i, i + 1000])
                if i % 4 == 0:
                    await tx.rollback()
                else:
                    await tx.commit()

        await asyncio.gather(*(writer(i) for i in range(24)))
        async with p.acquire() as c:
            check = await verify_chain(c)
            assert check.ok, check
            assert check.rows == 18 * 3 == await c.fetchval("SELECT count(*) FROM audit_events")
    finally:
        await p.close()
        await drop_database(pg_uri, name)

"""The vertical slice: a vacancy's top candidates from the database by pgvector cosine
on the real model's embeddings, with the certificates behind each, via the authenticated API."""

from __future__ import annotations

from datetime import date

import asyncpg
import httpx

from api.app import create_app
from api.config import Settings
from api.partners import service as accounts
from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_inmates, reindex_vacancies
from models.records import SYSTEM
from tests import factories as f


async def test_reindex_embeds_only_what_changed(conn: asyncpg.Connection, encoder) -> None:
    await f.welding_world(conn)
    first = await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    assert first.embedded == first.seen == 4
    again = await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    assert again.embedded == 0
    await conn.execute("UPDATE inmates SET skills = skills || '{memasak}' WHERE id = (SELECT min(id) FROM inmates)")
    third = await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    assert third.embedded == 1


async def test_slice_api_and_page_rank_welder_first(conn: asyncpg.Connection, db, encoder) -> None:
    ids = await f.welding_world(conn)
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    user = await accounts.create_user(
        conn, SYSTEM, email="slice@test.binakerja.id", name="HRD", role="employer",
        password="slice-password-123", employer_id=ids["employer"],  # noqa: S106 - test user
    )  # fmt: skip
    _, key = await accounts.issue_api_key(conn, SYSTEM, user.id, "slice")
    auth = {"Authorization": f"Bearer {key}"}
    app = create_app(Settings(), embedder=encoder, db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        anonymous = await client.get(f"/api/v1/vacancies/{ids['vacancy']}/candidates")
        assert anonymous.status_code == 401
        r = await client.get(f"/api/v1/vacancies/{ids['vacancy']}/candidates", headers=auth)
        assert r.status_code == 200, r.text
        body = r.json()
        pseudonyms = [c["candidate"] for c in body["items"]]
        welder = await conn.fetchval("SELECT pseudonym FROM inmates WHERE id = $1", ids["welder"])
        refuser = await conn.fetchval("SELECT pseudonym FROM inmates WHERE id = $1", ids["refuser"])
        late = await conn.fetchval("SELECT pseudonym FROM inmates WHERE id = $1", ids["late"])
        assert pseudonyms[0] == welder
        assert refuser not in pseudonyms and late not in pseudonyms
        assert len(pseudonyms) == 2
        assert body["items"][0]["certificates"][0]["scheme_title"] == "Juru Las SMAW"
        assert "Budi" not in r.text  # never the name

        missing = await client.get("/api/v1/vacancies/999999999/candidates", headers=auth)
        assert missing.status_code == 404 and missing.json()["type"] == "not_found"

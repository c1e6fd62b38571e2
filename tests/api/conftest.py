"""A small world for API and page tests: two employers, two Bapas, one LSP, users of every role
with API keys, and an app on the test's rolled-back connection.

The world is built once per session (``world_template`` in tests/conftest.py) and copied into this
directory's own database; ``conn`` here is a connection to that copy inside a transaction that is
rolled back after each test, so every test starts from the same committed world and sees no other
test's writes."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio

from api.app import create_app
from api.config import Settings
from api.partners import service as accounts
from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_inmates, reindex_vacancies
from models.db import create_pool
from models.records import SYSTEM, Consent
from tests import factories as f
from tests.conftest import WorldTemplate, clone_database, drop_database, rolled_back, with_db

PASSWORD = "rahasia-sekali-123"  # noqa: S105 - test users only
TEST_DATA_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="  # bytes 0..31, base64: test data only


@dataclass
class World:
    ids: dict[str, int]
    keys: dict[str, str]  # role (or 'employer_b', 'officer_b') -> bearer key
    emails: dict[str, str]
    pseudonyms: dict[str, str] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}


async def build_world(conn: asyncpg.Connection, encoder: Any) -> World:
    fac = await f.places(conn)
    cat = await f.catalogue(conn)
    welder = await f.inmate(
        conn, fac["lapas"], fac["bapas"], skills=("pengelasan SMAW", "membaca gambar teknik"),
        work_history=("3 tahun di bengkel las konstruksi baja",), name="Budi Santoso",
    )  # fmt: skip
    await f.certificate(conn, welder, cat["welding"], cat["lsp"], [u.code for u in f.WELDING_UNITS])
    baker = await f.inmate(conn, fac["lapas"], fac["bapas"], skills=("membuat roti",), name="Siti Aminah",
                           consent=Consent(employer_matching=True, reveal_name=True, reveal_facility=True))  # fmt: skip
    await f.certificate(conn, baker, cat["bakery"], cat["lsp"], [u.code for u in f.BAKERY_UNITS])
    refuser = await f.inmate(conn, fac["lapas"], fac["bapas"], skills=("pengelasan SMAW",), consent=Consent(),
                             name="Rahasia Tertutup")  # fmt: skip
    other = await f.inmate(conn, fac["other_lapas"], fac["other_bapas"], skills=("pengelasan SMAW",),
                           regency="35.78", province="35", name="Joko Surabaya")  # fmt: skip
    # Registered with the LSP for certification: its assessor may look them up and assess them.
    await f.enrol(conn, cat["lsp"], welder, baker, refuser, other)
    emp_a = await f.employer(conn, "PT Baja Sejahtera")
    emp_b = await f.employer(conn, "PT Roti Lain")
    vac_a = await f.vacancy(conn, emp_a, "Tukang Las SMAW", "Bengkel fabrikasi baja membutuhkan juru las.",
                            ("mampu mengelas pelat baja SMAW",), (f.WELDING_UNITS[1].code,))  # fmt: skip
    vac_b = await f.vacancy(conn, emp_b, "Pembuat Roti", "Toko roti.", ("membuat roti tawar",))
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    scopes = {
        "admin": {}, "kemnaker_staff": {}, "lsp_assessor": {"lsp_id": cat["lsp"], "assessor_id": cat["assessor"]},
        "bapas_officer": {"bapas_id": fac["bapas"]}, "employer": {"employer_id": emp_a},
        "employer_b": {"employer_id": emp_b}, "officer_b": {"bapas_id": fac["other_bapas"]},
        "training_staff": {"facility_id": fac["lapas"]}, "training_b": {"facility_id": fac["other_lapas"]},
    }  # fmt: skip
    keys, emails, ids = {}, {}, {}
    for who, scope in scopes.items():
        role = {"employer_b": "employer", "officer_b": "bapas_officer", "training_b": "training_staff"}.get(who, who)
        email = f"{who}-{f.uid('u')}@test.binakerja.id".lower()
        user = await accounts.create_user(conn, SYSTEM, email=email, name=who, role=role, password=PASSWORD, **scope)
        _, keys[who] = await accounts.issue_api_key(conn, SYSTEM, user.id, "test")
        emails[who] = email
        ids[f"user_{who}"] = user.id
    ids.update(fac | cat | {"welder": welder, "baker": baker, "refuser": refuser, "other": other,
                            "emp_a": emp_a, "emp_b": emp_b, "vac_a": vac_a, "vac_b": vac_b})  # fmt: skip
    pseudonyms = {
        k: await conn.fetchval("SELECT pseudonym FROM inmates WHERE id = $1", ids[k])
        for k in ("welder", "baker", "refuser", "other")
    }
    return World(ids, keys, emails, pseudonyms)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def world_pool(pg_uri: str, world_template: WorldTemplate) -> AsyncIterator[asyncpg.Pool]:
    """A pool on this session's copy of the committed world (API tests only)."""
    name = world_template.database + "_api"
    await clone_database(pg_uri, world_template.database, name)
    p = await create_pool(with_db(pg_uri, name), min_size=1, max_size=2)
    try:
        yield p
    finally:
        await p.close()
        await drop_database(pg_uri, name)


@pytest_asyncio.fixture(loop_scope="session")
async def conn(world_pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """Overrides tests/conftest.py: a connection to the world's database inside a transaction that
    is rolled back after the test (services' own transactions become savepoints inside it)."""
    async with rolled_back(world_pool) as c:
        yield c


@pytest.fixture
def world(world_template: WorldTemplate, conn: asyncpg.Connection) -> World:
    """The session's world (a copy per test, so a test may change it freely); its rows are in ``conn``."""
    return copy.deepcopy(world_template.world)


@pytest_asyncio.fixture(loop_scope="session")
async def client(db: Any, encoder: Any) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(secret_key="test-secret", data_key=TEST_DATA_KEY)  # noqa: S106
    app = create_app(settings, embedder=encoder, db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        c.app = app  # type: ignore[attr-defined]
        yield c


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    """Sign in through the real form (fetching its CSRF token first)."""
    page = await client.get("/masuk")
    token = csrf_from(page.text)
    return await client.post("/masuk", data={"email": email, "password": password, "csrf_token": token})


def csrf_from(html: str) -> str:
    import re

    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in page"
    return m.group(1)

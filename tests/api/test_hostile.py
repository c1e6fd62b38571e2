"""Hostile users and hostile input through the real app: injection and script payloads in
every text field are stored literally and rendered escaped; ids guessed across tenants and
caseloads give 403/404 and never data."""

from __future__ import annotations

import re
from typing import Any

import httpx
from markupsafe import escape

from models.records import Consent
from tests import factories as f
from tests.api.conftest import World, sign_in

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
SQLI = "Robert'); DROP TABLE inmates; --"
PAYLOAD = f"{XSS} {SQLI}"


async def _hostile_rows(conn: Any, world: World, encoder: Any) -> dict[str, int]:
    person = await f.inmate(
        conn,
        world.ids["lapas"],
        world.ids["bapas"],
        skills=("pengelasan SMAW", PAYLOAD),
        work_history=(PAYLOAD,),
        name=PAYLOAD,
        consent=Consent(employer_matching=True, reveal_name=True, reveal_facility=True),
    )
    await conn.execute("UPDATE inmates SET education = $2, trainings = $3 WHERE id = $1", person, PAYLOAD, [PAYLOAD])
    vac = await f.vacancy(
        conn, world.ids["emp_a"], "Las " + PAYLOAD, PAYLOAD, ("mengelas SMAW", PAYLOAD), start_in_days=400
    )
    from datetime import date

    from api.web.stores import PgMatcherStores
    from matcher.indexing import reindex_inmates, reindex_vacancies

    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    return {"person": person, "vac": vac}


ESCAPED = str(escape(XSS))  # what Jinja2 autoescape writes


def _assert_escaped(page: str) -> None:
    assert "<script>alert" not in page and "<img src=x" not in page and "onerror=alert(1)>" not in page
    assert ESCAPED in page


async def test_payloads_stored_literally_and_rendered_escaped(
    client: httpx.AsyncClient, world: World, conn: Any, encoder: Any
) -> None:
    ids = await _hostile_rows(conn, world, encoder)
    assert await conn.fetchval("SELECT full_name FROM inmates WHERE id = $1", ids["person"]) == PAYLOAD
    assert await conn.fetchval("SELECT to_regclass('inmates') IS NOT NULL")

    api = await client.get(f"/api/v1/vacancies/{ids['vac']}", headers=world.auth("employer"))
    assert api.status_code == 200 and api.json()["description"] == PAYLOAD
    assert api.headers["content-type"].startswith("application/json")

    await sign_in(client, world.emails["employer"])
    pages = [
        "/lowongan",
        f"/lowongan/{ids['vac']}/kandidat",
        f"/lowongan/{ids['vac']}/ubah",
    ]
    seen = 0
    for path in pages:
        r = await client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        _assert_escaped(r.text)
        csp = r.headers.get("content-security-policy", "")
        assert "script-src" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
        seen += 1
    # the person's name (consented) and skills reach the candidate page, escaped
    cands = await client.get(f"/lowongan/{ids['vac']}/kandidat")
    assert cands.text.count(ESCAPED) >= 2  # name and skills
    assert seen == len(pages)


async def test_injection_in_query_parameters_is_data(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    before = await conn.fetchval("SELECT count(*) FROM inmates")
    h = world.auth("employer")
    for value in (SQLI, "' OR '1'='1", "1; SELECT pg_sleep(5)", "%' --", "😀" * 50, "a" * 5000):
        for path in (
            f"/api/v1/units?q={value}",
            f"/api/v1/vacancies/{world.ids['vac_a']}/candidates?province={value}",
            f"/api/v1/vacancies/{world.ids['vac_a']}/candidates?month={value}",
            f"/api/v1/vacancies?status={value}",
            f"/verify/{value}",
        ):
            r = await client.get(path, headers=h)
            assert r.status_code < 500, (path, r.status_code, r.text[:200])
    assert await conn.fetchval("SELECT count(*) FROM inmates") == before


async def test_nul_byte_in_a_parameter_is_a_clean_422(client: httpx.AsyncClient, world: World) -> None:
    """PostgreSQL text cannot hold NUL: the database refuses it and the app answers 422, not 500.
    (Last request of the test: the refused query aborts the test's enclosing transaction.)"""
    r = await client.get("/api/v1/units?q=las%00", headers=world.auth("employer"))
    assert r.status_code == 422 and r.json()["type"] == "invalid"


def _int_routes(app: Any) -> list[tuple[str, str]]:
    from api.web.auth import iter_routes

    out = []
    for path, methods, _ in iter_routes(app):
        if re.search(r"\{\w+_id\}", path):
            out.extend((m, path) for m in sorted(methods - {"HEAD", "OPTIONS"}))
    return out


async def test_guessing_ids_across_tenants_and_caseloads_gives_no_data(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    """Employer B and the officer of another Bapas try every route that takes an id, with the
    ids of employer A's and Bapas A's objects: never a 2xx, never their data."""
    app_id = await conn.fetchval(
        "INSERT INTO applications (vacancy_id, inmate_id) VALUES ($1, $2) RETURNING id",
        world.ids["vac_a"],
        world.ids["welder"],
    )
    placement = await conn.fetchval(
        "INSERT INTO placements (inmate_id, employer_id, vacancy_id, position_title, started_on) "
        "VALUES ($1, $2, $3, 'Juru las', current_date) RETURNING id",
        world.ids["welder"],
        world.ids["emp_a"],
        world.ids["vac_a"],
    )
    values = {
        "vacancy_id": world.ids["vac_a"],
        "inmate_id": world.ids["welder"],
        "application_id": app_id,
        "placement_id": placement,
        "lsp_id": world.ids["lsp"],
    }
    tried = 0
    for who in ("employer_b", "officer_b"):
        for method, path in _int_routes(client.app):  # type: ignore[attr-defined]
            names = re.findall(r"\{(\w+)\}", path)
            if not all(n in values for n in names):
                continue
            url = path
            for n in names:
                url = url.replace("{" + n + "}", str(values[n]))
            kwargs: dict[str, Any] = {"headers": world.auth(who)}
            if method in ("POST", "PUT", "PATCH"):
                kwargs["json"] = {"stage": "rejected", "version": 1, "reason": "x", "month": 3, "still_employed": True}
            r = await client.request(method, url, **kwargs)
            tried += 1
            assert r.status_code in (401, 403, 404, 405, 422), (who, method, url, r.status_code, r.text[:200])
            assert "Budi" not in r.text and "Tukang Las SMAW" not in r.text, (who, url)
    print(f"id-guessing requests: {tried}")
    assert tried >= 8
    # nothing changed by the attempts
    assert await conn.fetchval("SELECT stage FROM applications WHERE id = $1", app_id) == "shortlisted"
    assert await conn.fetchval("SELECT count(*) FROM placement_followups WHERE placement_id = $1", placement) == 0

"""Findings of the hands-on attack (issue 13, SECURITY.md), each pinned against the real service and
database: rows 1 (P1 certificates name the prison), 6 (consent withdrawal and open applications),
7 (sign-in throttle), 11 (one "not found"), 13 (refused offence release audited), 15 (key folder,
CSRF with an empty Authorization header)."""

from __future__ import annotations

import asyncio
import json
import stat
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.config import Settings
from api.partners import service as accounts
from models.db import create_pool
from models.repositories.catalogue import CatalogueRepo
from models.repositories.certificates import CertificateRepo
from tests import factories as f
from tests.api.conftest import PASSWORD, World, csrf_from, sign_in
from tests.conftest import WorldTemplate, clone_database, drop_database, with_db

# --- row 1: employers never learn the facility from a P1 certificate ---------------------------------

P1_SECRETS = ("Sukamiskin", "LSP-P1-SKM", "SKM-LAS-P1SKM", "Pojok Vokasi", "TUK Bengkel")


async def p1_certificates(conn: Any, world: World) -> dict[str, str]:
    """A P1 LSP inside the world's Lapas, its scheme and TUK, and a certificate for the welder
    (consented to matching only) and the baker (consented to reveal name and facility)."""
    repo = CatalogueRepo(conn)
    lsp = await repo.add_lsp(
        "LSP-P1-SKM", "LSP P1 Lapas Kelas I Sukamiskin", "P1", "KEP.0001/BNSP/2026", date(2030, 1, 1),
        "{seq:05d}/LSP-P1-SKM/{year}", world.ids["lapas"],
    )  # fmt: skip
    scheme = await repo.add_scheme(
        "SKM-LAS-P1SKM", "Juru Las Pojok Vokasi Sukamiskin", "occupation", lsp.id, 2, [u.code for u in f.WELDING_UNITS]
    )
    await repo.add_tuk("TUK-P1-SKM", "TUK Bengkel Las Lapas Sukamiskin", lsp.id, world.ids["lapas"], "32.73")
    numbers = {}
    for who in ("welder", "baker"):
        numbers[who] = f"00017/LSP-P1-SKM/{who}/2026"
        await CertificateRepo(conn).add(
            number=numbers[who], inmate_id=world.ids[who], scheme_id=scheme.id, lsp_id=lsp.id,
            unit_codes=[u.code for u in f.WELDING_UNITS], issued_on=date(2026, 1, 5), valid_until=date(2029, 1, 5),
        )  # fmt: skip
    return {"scheme": scheme.code, **numbers}


def _p1(certs: list[dict[str, Any]]) -> dict[str, Any]:
    return next(
        c for c in certs if c["units"][0].startswith(f.WELDING_UNITS[0].code) and c["issued_on"] == "2026-01-05"
    )


async def test_p1_certificate_shows_occupation_and_units_but_nothing_that_names_the_facility(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    made = await p1_certificates(conn, world)
    h = world.auth("employer")
    ranked = (await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/candidates", headers=h)).json()
    by = {c["candidate"]: c for c in ranked["items"]}
    welder = by[world.pseudonyms["welder"]]
    card = json.dumps(welder)
    for secret in (*P1_SECRETS, made["welder"]):
        assert secret not in card, secret
    cert = _p1(welder["certificates"])
    assert cert["scheme_code"] is None and cert["number"] is None
    assert cert["scheme_title"] == "Sertifikat kompetensi bidang Manufaktur"
    assert cert["issuer"] == "LSP berlisensi BNSP"
    assert [u.split(" ", 1)[0] for u in cert["units"]] == [u.code for u in f.WELDING_UNITS]

    profile = await client.get(f"/api/v1/candidates/{world.pseudonyms['welder']}", headers=h)
    for secret in (*P1_SECRETS, made["welder"]):
        assert secret not in profile.text, secret
    page = await client.get(f"/kandidat/{world.pseudonyms['welder']}", headers=h)
    assert page.status_code == 200 and "LSP berlisensi BNSP" in page.text
    for secret in (*P1_SECRETS, made["welder"]):
        assert secret not in page.text, secret

    # the baker consented to reveal name and facility: everything is shown
    baker = _p1((await client.get(f"/api/v1/candidates/{world.pseudonyms['baker']}", headers=h)).json()["certificates"])
    assert baker["scheme_code"] == made["scheme"] and baker["number"] == made["baker"]
    assert baker["issuer"] == "LSP P1 Lapas Kelas I Sukamiskin"


async def test_scheme_filter_cannot_list_a_p1_schemes_people(
    client: httpx.AsyncClient, world: World, conn: Any
) -> None:
    made = await p1_certificates(conn, world)
    h = world.auth("employer")
    url = f"/api/v1/vacancies/{world.ids['vac_a']}/candidates"
    p1 = (await client.get(url, params={"scheme": made["scheme"]}, headers=h)).json()
    unknown = (await client.get(url, params={"scheme": "NO-SUCH-SCHEME"}, headers=h)).json()
    assert p1["items"] == [] and p1["total"] == 0 and p1 == unknown
    welding = await conn.fetchval("SELECT code FROM schemes WHERE id = $1", world.ids["welding"])
    assert (await client.get(url, params={"scheme": welding}, headers=h)).json()["total"] >= 1  # P2/P3 still filter
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/kandidat", headers=h)
    assert page.status_code == 200 and f'value="{welding}"' in page.text
    assert f'value="{made["scheme"]}"' not in page.text  # not offered (the baker's own card may name it)


# --- row 6: withdrawing consent closes open applications ----------------------------------------------


async def test_consent_withdrawal_closes_open_applications(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h, hb = world.auth("employer"), world.auth("employer_b")
    welder = world.pseudonyms["welder"]
    app = (await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications", json={"candidate": welder},
                             headers=h)).json()  # fmt: skip
    for stage in ("interview", "offer"):
        app = (await client.post(f"/api/v1/applications/{app['id']}/stage",
                                 json={"stage": stage, "version": app["version"]}, headers=h)).json()  # fmt: skip
    other = (await client.post(f"/api/v1/vacancies/{world.ids['vac_b']}/applications", json={"candidate": welder},
                               headers=hb)).json()  # fmt: skip

    r = await client.put(f"/api/v1/clients/{world.ids['welder']}/consent", json={"employer_matching": False},
                         headers=world.auth("bapas_officer"))  # fmt: skip
    assert r.status_code == 200, r.text
    closed = {c["application_id"]: c for c in r.json()["closed_applications"]}
    assert set(closed) == {app["id"], other["id"]}
    assert closed[app["id"]]["from_stage"] == "offer" and closed[app["id"]]["vacancy_title"] == "Tukang Las SMAW"
    rows = await conn.fetch("SELECT stage, stage_reason FROM applications WHERE inmate_id = $1", world.ids["welder"])
    assert {(x["stage"], x["stage_reason"]) for x in rows} == {("withdrawn", "persetujuan dicabut")}

    # hidden from the employer's shortlist, and no offer/hire any more
    listed = (await client.get(f"/api/v1/vacancies/{world.ids['vac_a']}/applications", headers=h)).json()
    assert listed["items"] == [] and listed["total"] == 0
    page = await client.get(f"/lowongan/{world.ids['vac_a']}/pelamar", headers=h)
    assert page.status_code == 200 and welder not in page.text
    hire = await client.post(f"/api/v1/applications/{app['id']}/stage",
                             json={"stage": "hired", "version": app["version"]}, headers=h)  # fmt: skip
    assert hire.status_code == 404
    stale = await client.post(f"/api/v1/applications/{app['id']}/stage",
                              json={"stage": "hired", "version": app["version"] + 1}, headers=h)  # fmt: skip
    assert stale.status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM placements WHERE inmate_id = $1", world.ids["welder"]) == 0
    audited = await conn.fetch(
        "SELECT object_id, reason FROM audit_events WHERE action = 'application.withdraw' AND subject_inmate_id = $1",
        world.ids["welder"],
    )
    assert {a["object_id"] for a in audited} == {str(app["id"]), str(other["id"])}

    # the officer sees what was closed
    await sign_in(client, world.emails["bapas_officer"])
    officer_page = await client.get(f"/klien/{world.ids['welder']}")
    assert officer_page.status_code == 200
    assert "ditarik" in officer_page.text and "persetujuan dicabut" in officer_page.text

    # consent given again: the employer may shortlist the person afresh
    r = await client.put(f"/api/v1/clients/{world.ids['welder']}/consent", json={"employer_matching": True},
                         headers=world.auth("bapas_officer"))  # fmt: skip
    assert r.json()["closed_applications"] == []
    again = await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications", json={"candidate": welder},
                              headers=h)  # fmt: skip
    assert again.status_code == 201 and again.json()["stage"] == "shortlisted"


# --- row 7: sign-in throttle ---------------------------------------------------------------------------


async def _attempt(conn: Any, email: str, password: str, client: str) -> tuple[int, str, float]:
    try:
        await accounts.sign_in(conn, email, password, client=client)
    except accounts.SignInRefused as exc:
        return exc.status, str(exc), exc.retry_after
    return 200, "", 0.0


async def _age_throttle(conn: Any, seconds: float) -> None:
    """Move every throttle entry ``seconds`` into the past (the test's transaction has one now())."""
    await conn.execute(
        "UPDATE sign_in_throttle SET last_failure_at = last_failure_at - make_interval(secs => $1)", seconds
    )


async def test_failures_grow_a_delay_and_never_lock_out_the_real_user(conn: Any, world: World) -> None:
    email = world.emails["admin"]
    first = [await _attempt(conn, email, "salah-kata-sandi", "10.7.0.1") for _ in range(accounts.FREE_FAILURES)]
    assert [s for s, _, _ in first] == [401] * accounts.FREE_FAILURES
    status, message, wait = await _attempt(conn, email, PASSWORD, "10.7.0.1")  # right password, but too soon
    assert status == 429 and "Terlalu banyak percobaan" in message and wait >= 1
    # the real user at another address is not held up by the attacker's failures
    assert (await _attempt(conn, email, PASSWORD, "10.7.0.2"))[0] == 200
    # a delay, not a lock: once it has passed one more try is allowed, and the next delay is longer
    await _age_throttle(conn, wait)
    assert (await _attempt(conn, email, "salah-lagi-kata-sandi", "10.7.0.1"))[0] == 401
    status, _, longer = await _attempt(conn, email, PASSWORD, "10.7.0.1")
    assert status == 429 and longer > wait
    await _age_throttle(conn, longer)
    assert (await _attempt(conn, email, PASSWORD, "10.7.0.1"))[0] == 200
    audited = await conn.fetchval(
        "SELECT count(*) FROM audit_events WHERE action = 'sign_in.throttled' AND actor_user_id IS NULL"
    )
    assert audited == 2


async def test_unknown_and_known_accounts_get_the_same_answers(conn: Any, world: World) -> None:
    known = [await _attempt(conn, world.emails["kemnaker_staff"], "salah-kata-sandi", "10.8.0.1") for _ in range(7)]
    unknown = [await _attempt(conn, "tidak-ada@test.binakerja.id", "salah-kata-sandi", "10.8.0.2") for _ in range(7)]
    assert known == unknown
    assert [s for s, _, _ in known] == [401] * accounts.FREE_FAILURES + [429] * (7 - accounts.FREE_FAILURES)


async def test_throttle_decides_before_hashing_and_counts_failures_only(
    client: httpx.AsyncClient, world: World, conn: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[int] = []
    verify = accounts._verify

    async def counting(stored: str, password: str) -> bool:
        checks.append(1)
        return await verify(stored, password)

    monkeypatch.setattr(accounts, "_verify", counting)
    # many successful sign-ins from one address are never throttled (only failures count)
    for _ in range(12):
        r = await sign_in(client, world.emails["employer"])
        assert r.status_code == 303, r.text
    for _ in range(accounts.FREE_FAILURES):
        assert (await sign_in(client, world.emails["employer"], "salah-kata-sandi")).status_code == 401
    before = len(checks)
    assert before >= 12 + accounts.FREE_FAILURES  # the counter really sees every password check
    r = await sign_in(client, world.emails["employer"])
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1 and "Terlalu banyak percobaan" in r.text
    assert len(checks) == before  # refused without a password check


async def test_thirty_parallel_guesses_get_no_more_checks_than_the_limit(
    pg_uri: str, world_template: WorldTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real concurrency (a pool of separate connections on a committed copy of the world): the
    check-and-count is one locked step in the database, so parallel guesses cannot overtake it."""
    name = world_template.database + "_throttle"
    await clone_database(pg_uri, world_template.database, name)
    pool = await create_pool(with_db(pg_uri, name), min_size=2, max_size=15)
    checks: list[int] = []
    verify = accounts._verify

    async def counting(stored: str, password: str) -> bool:
        checks.append(1)
        return await verify(stored, password)

    monkeypatch.setattr(accounts, "_verify", counting)
    # the waits after the free failures start at 2 s; on a slow machine 30 attempts can outlast that
    # and a sixth check would then be legitimate. This test is about the check-and-count being atomic.
    monkeypatch.setattr(accounts, "FIRST_DELAY", 600.0)

    async def guess(i: int) -> int:
        async with pool.acquire() as conn:
            return (await _attempt(conn, world_template.world.emails["admin"], f"tebakan-ke-{i:03d}", "10.9.0.1"))[0]

    try:
        statuses = await asyncio.gather(*(guess(i) for i in range(30)))
    finally:
        await pool.close()
        await drop_database(pg_uri, name)
    assert len(checks) == accounts.FREE_FAILURES
    assert sorted(statuses) == [401] * accounts.FREE_FAILURES + [429] * (30 - accounts.FREE_FAILURES)


# --- row 11: one "not found" ---------------------------------------------------------------------------

MISSING = 987_654_321


async def _same_answers(client: httpx.AsyncClient, headers: dict[str, str], calls: list[tuple[str, str, Any]],
                        mine: dict[str, int]) -> None:  # fmt: skip
    for method, template, body in calls:
        answers = []
        for value in (mine, dict.fromkeys(mine, MISSING)):
            url = template.format(**value)
            kwargs: dict[str, Any] = {"headers": headers}
            if body is not None:
                kwargs["data" if not url.startswith("/api/") else "json"] = body
            r = await client.request(method, url, **kwargs)
            answers.append((r.status_code, r.text))
        assert answers[0][0] == 404, (template, answers[0])
        assert answers[0] == answers[1], template


async def test_not_yours_and_does_not_exist_look_the_same(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h, officer = world.auth("employer"), world.auth("bapas_officer")
    app = (await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                             json={"candidate": world.pseudonyms["welder"]}, headers=h)).json()  # fmt: skip
    placed = await client.post(f"/api/v1/clients/{world.ids['welder']}/placements", headers=officer,
                               json={"employer_id": world.ids["emp_a"], "position_title": "Juru Las",
                                     "started_on": "2026-01-05"})  # fmt: skip
    review = await client.post(f"/api/v1/clients/{world.ids['welder']}/objections", headers=officer,
                               json={"objection": "sertifikat saya tidak dihitung"})  # fmt: skip
    assert placed.status_code == 201 and review.status_code == 201, (placed.text, review.text)
    vac = {"title": "Juru Las", "version": 1}
    employer_calls = [
        ("GET", "/api/v1/vacancies/{v}", None), ("PUT", "/api/v1/vacancies/{v}", vac),
        ("GET", "/api/v1/vacancies/{v}/candidates", None), ("GET", "/api/v1/vacancies/{v}/applications", None),
        ("POST", "/api/v1/vacancies/{v}/applications", {"candidate": world.pseudonyms["baker"]}),
        ("POST", "/api/v1/applications/{a}/stage", {"stage": "interview", "version": 1}),
        ("GET", "/api/v1/applications/{a}/offence", None),
        ("GET", "/lowongan/{v}/ubah", None), ("GET", "/lowongan/{v}/kandidat", None),
        ("GET", "/lowongan/{v}/pelamar", None),
        ("POST", "/lowongan/{v}/daftar-pendek", {"candidate": world.pseudonyms["baker"]}),
        ("POST", "/lamaran/{a}/tahap", {"stage": "interview", "version": "1"}),
    ]  # fmt: skip
    await _same_answers(client, world.auth("employer_b"), employer_calls, {"v": world.ids["vac_a"], "a": app["id"]})
    officer_calls = [
        ("GET", "/api/v1/clients/{c}", None), ("GET", "/api/v1/clients/{c}/vacancies", None),
        ("GET", "/api/v1/clients/{c}/gaps", None), ("PUT", "/api/v1/clients/{c}/consent", {"employer_matching": False}),
        ("POST", "/api/v1/clients/{c}/placements",
         {"employer_id": world.ids["emp_a"], "position_title": "Juru Las", "started_on": "2026-01-05"}),
        ("POST", "/api/v1/placements/{p}/followups", {"month": 3, "still_employed": True}),
        ("POST", "/api/v1/clients/{c}/offence-releases", {"application_id": app["id"], "reason": "penawaran"}),
        ("POST", "/api/v1/clients/{c}/objections", {"objection": "tidak adil"}),
        ("POST", "/api/v1/reviews/{r}/complete", {"outcome": "sudah ditinjau"}),
        ("GET", "/api/v1/clients/{c}/export?reason=permintaan", None),
        ("POST", "/api/v1/clients/{c}/erasure", {"reason": "permintaan", "confirm": world.pseudonyms["welder"]}),
        ("GET", "/klien/{c}", None), ("GET", "/klien/{c}/rencana", None), ("GET", "/klien/{c}/hapus", None),
    ]  # fmt: skip
    ids = {"c": world.ids["welder"], "p": placed.json()["id"], "r": review.json()["id"]}
    await _same_answers(client, world.auth("officer_b"), officer_calls, ids)


# --- row 13: a refused offence release by another Bapas' officer is audited ----------------------------


async def test_refused_release_by_another_bapas_is_audited(client: httpx.AsyncClient, world: World, conn: Any) -> None:
    h = world.auth("employer")
    app = (await client.post(f"/api/v1/vacancies/{world.ids['vac_a']}/applications",
                             json={"candidate": world.pseudonyms["welder"]}, headers=h)).json()  # fmt: skip
    body = {"application_id": app["id"], "reason": "penawaran bersyarat"}
    r = await client.post(f"/api/v1/clients/{world.ids['welder']}/offence-releases", json=body,
                          headers=world.auth("officer_b"))  # fmt: skip
    assert r.status_code == 404
    rows = await conn.fetch(
        "SELECT object_id, subject_inmate_id, reason FROM audit_events "
        "WHERE action = 'offence.release.refused' AND actor_user_id = $1",
        world.ids["user_officer_b"],
    )
    assert [(x["object_id"], x["subject_inmate_id"]) for x in rows] == [(str(app["id"]), world.ids["welder"])]
    assert rows[0]["reason"]


# --- row 15: key folder 0700; CSRF whenever the principal comes from a session ---------------------------


async def test_key_folder_is_private(tmp_path: Path, db: Any, encoder: Any) -> None:
    fresh, loose = tmp_path / "fresh" / "keys", tmp_path / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    for folder in (fresh, loose):
        create_app(Settings(key_dir=folder), embedder=encoder, db=db)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        files = sorted(p.name for p in folder.iterdir())
        assert "session.secret" in files and "data-current" in files
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


async def test_csrf_is_checked_even_with_an_empty_authorization_header(client: httpx.AsyncClient, world: World) -> None:
    empty = {"Authorization": ""}
    r = await client.post("/masuk", data={"email": world.emails["employer"], "password": PASSWORD}, headers=empty)
    assert r.status_code == 403
    await sign_in(client, world.emails["employer"])
    r = await client.post("/keluar", data={}, headers=empty)
    assert r.status_code == 403
    page = await client.get("/lowongan")
    ok = await client.post("/keluar", data={"csrf_token": csrf_from(page.text)}, headers=empty)
    assert ok.status_code == 303

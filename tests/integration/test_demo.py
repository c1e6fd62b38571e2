"""The demo data set on the real PostgreSQL: sizes the issue asks for, consistency, determinism."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg
import pytest

from api.demo import load_demo, load_demo_if_empty
from models.errors import Conflict

TODAY = date(2025, 6, 2)

# A digest of everything the demo writes, by natural keys only (database ids differ between loads).
FINGERPRINT = """
SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
    SELECT concat_ws(',', i.external_id, i.full_name, i.birth_year, i.gender, f.code, i.domicile_regency_code,
                     i.education, i.skills::text, i.work_history::text, i.trainings::text, i.status,
                     i.expected_release_date, i.asimilasi_date, i.pb_date, i.cb_date, i.cmb_date,
                     i.consent_matching, i.consent_reveal_name) AS x
    FROM inmates i JOIN facilities f ON f.id = i.facility_id
    UNION ALL
    SELECT concat_ws(',', c.number, i.external_id, s.code, c.issued_on, c.valid_until, c.status)
    FROM certificates c JOIN inmates i ON i.id = c.inmate_id JOIN schemes s ON s.id = c.scheme_id
    UNION ALL
    SELECT concat_ws(',', v.external_id, v.title, v.description, v.requirements::text, v.required_units::text,
                     v.regency_code, v.start_date, e.name)
    FROM vacancies v JOIN employers e ON e.id = v.employer_id
    UNION ALL
    SELECT concat_ws(',', registration_number, name, active_from) FROM assessors
) t
"""


async def _load_and_fingerprint(conn: asyncpg.Connection, seed: int) -> str:
    tx = conn.transaction()
    await tx.start()
    try:
        await load_demo(conn, inmates=300, seed=seed, today=TODAY)
        return str(await conn.fetchval(FINGERPRINT))
    finally:
        await tx.rollback()


async def test_demo_sizes_and_shape(conn: asyncpg.Connection) -> None:
    seen: list[int] = []
    summary = await load_demo(conn, inmates=300, seed=7, today=TODAY, progress=seen.append)
    assert sum(seen) == 300
    assert "300 inmates" in str(summary)
    count = conn.fetchval
    assert await count("SELECT count(*) FROM inmates WHERE external_id LIKE 'DEMO-%'") == 300
    assert await count("SELECT count(*) FROM facilities WHERE kind IN ('lapas','rutan','lpka','bapas')") >= 30
    assert await count("SELECT count(DISTINCT province_code) FROM facilities") >= 10
    assert await count("SELECT count(*) FROM facilities WHERE kind = 'lpka'") >= 3
    # every custodial UPT is linked to a Bapas of its own province
    assert (
        await count(
            """SELECT count(*) FROM facilities f LEFT JOIN facilities b ON b.id = f.bapas_id
           WHERE f.kind <> 'bapas' AND (b.kind IS DISTINCT FROM 'bapas' OR b.province_code <> f.province_code)"""
        )
        == 0
    )
    assert await count("SELECT count(*) FROM schemes") >= 15
    # 3-8 units per scheme, all with sector and KKNI level, SKKNI-shaped codes
    assert (
        await count(
            "SELECT count(*) FROM (SELECT scheme_id, count(*) n FROM scheme_units GROUP BY 1) s"
            " WHERE n NOT BETWEEN 3 AND 8"
        )
        == 0
    )
    assert (
        await count(
            r"""SELECT count(*) FROM competency_units u JOIN scheme_units su ON su.unit_code = u.code
            WHERE u.kkni_level IS NULL OR u.sector = '' OR u.code !~ '^[A-Z]\.[0-9]{2}[A-Z]{3}00\.[0-9]{3}\.[0-9]$'"""
        )
        == 0
    )
    assert set(r[0] for r in await conn.fetch("SELECT DISTINCT kind FROM lsps")) == {"P1", "P2", "P3"}
    assert (
        await count(r"SELECT count(*) FROM assessors WHERE registration_number !~ '^MET\.000\.[0-9]{6} 20[0-9]{2}$'")
        == 0
    )
    assert await count("SELECT count(*) FROM tuks") > 20
    assert await count("SELECT count(*) FROM employers WHERE external_id LIKE 'DEMO-EMP-%'") >= 100
    assert await count("SELECT count(*) FROM vacancies WHERE external_id LIKE 'DEMO-VAC-%'") >= 300
    distinct_titles = await count("SELECT count(DISTINCT title)::float / count(*) FROM vacancies")
    distinct_texts = await count("SELECT count(DISTINCT description)::float / count(*) FROM vacancies")
    assert distinct_titles > 0.6 and distinct_texts > 0.98
    with_units = await count("SELECT avg((cardinality(required_units) > 0)::int) FROM vacancies")
    assert 0.35 < with_units < 0.65


async def test_demo_people_are_varied_and_consistent(conn: asyncpg.Connection) -> None:
    await load_demo(conn, inmates=300, seed=11, today=TODAY)
    count = conn.fetchval
    assert await count("SELECT count(DISTINCT full_name) FROM inmates") > 200
    assert await count("SELECT count(DISTINCT domicile_province_code) FROM inmates") >= 10
    women = await count("SELECT avg((gender = 'P')::int) FROM inmates")
    assert 0.02 < women < 0.3
    certified = await count("SELECT count(DISTINCT inmate_id)::float / 300 FROM certificates")
    assert 0.25 < certified < 0.45
    # a certificate only for a person assessed K on every unit of the scheme, with the same units
    assert (
        await count(
            """SELECT count(*) FROM certificates c
           JOIN assessment_results r ON r.assessment_id = c.assessment_id WHERE r.result <> 'K'"""
        )
        == 0
    )
    assert (
        await count(
            """SELECT count(*) FROM certificates c JOIN scheme_units su ON su.scheme_id = c.scheme_id
           LEFT JOIN certificate_units cu ON cu.certificate_id = c.id AND cu.unit_code = su.unit_code
           WHERE cu.unit_code IS NULL"""
        )
        == 0
    )
    # the assessor was registered to the scheme's LSP and active on the assessment date
    assert (
        await count(
            """SELECT count(*) FROM assessments a JOIN assessors s ON s.id = a.assessor_id
           JOIN schemes sc ON sc.id = a.scheme_id
           WHERE s.lsp_id <> sc.lsp_id OR a.assessed_on NOT BETWEEN s.active_from AND s.active_until"""
        )
        == 0
    )
    assert await count("SELECT count(*) FROM certificates WHERE status = 'revoked' AND status_reason IS NULL") == 0
    assert await count("SELECT count(*) FROM certificates WHERE valid_until < $1", TODAY) > 0
    # programme dates in order and before release; status agrees with the dates
    assert (
        await count(
            """SELECT count(*) FROM inmates WHERE asimilasi_date > coalesce(pb_date, cb_date)
           OR pb_date > expected_release_date OR cmb_date > expected_release_date"""
        )
        == 0
    )
    assert (
        await count("SELECT count(*) FROM inmates WHERE status = 'released' AND expected_release_date > $1", TODAY) == 0
    )
    assert await count("SELECT count(*) FROM inmates WHERE expected_release_date < $1", TODAY) > 0
    assert await count("SELECT count(*) FROM inmates WHERE expected_release_date > $1", TODAY.replace(year=2027)) > 0
    consent = await conn.fetchrow(
        "SELECT avg(consent_matching::int) m, avg(consent_reveal_name::int) n, avg(consent_reveal_offence::int) o "
        "FROM inmates"
    )
    assert consent["m"] > 0.6 and consent["n"] < consent["m"] and consent["o"] < consent["n"]
    assert await count("SELECT count(*) FROM consent_events") == 300
    # skills drawn from many trades in different phrasings, some English
    assert await count("SELECT count(DISTINCT s) FROM inmates, unnest(skills) s") > 80
    assert await count("SELECT count(*) FROM inmates WHERE work_history::text ILIKE '%worked as%'") > 0


async def test_demo_is_deterministic(conn: asyncpg.Connection) -> None:
    first = await _load_and_fingerprint(conn, seed=7)
    again = await _load_and_fingerprint(conn, seed=7)
    other = await _load_and_fingerprint(conn, seed=8)
    assert first == again
    assert first != other


async def test_load_demo_if_empty_loads_once(conn: asyncpg.Connection) -> None:
    if await conn.fetchval("SELECT count(*) FROM inmates"):
        pytest.skip("database already has people")
    assert await load_demo_if_empty(conn, inmates=50, seed=3) is True
    assert await load_demo_if_empty(conn, inmates=50, seed=3) is False
    assert await conn.fetchval("SELECT count(*) FROM inmates") == 50


async def test_second_demo_load_is_refused_and_changes_nothing(conn: asyncpg.Connection) -> None:
    await load_demo(conn, inmates=20, seed=7, today=TODAY)
    before = await conn.fetchval("SELECT count(*) FROM inmates")
    with pytest.raises(Conflict):
        await load_demo(conn, inmates=20, seed=9, today=TODAY)
    assert await conn.fetchval("SELECT count(*) FROM inmates") == before


# --- issue 11: demo data that shows the product working -------------------------------------------------
def _cipher() -> Any:
    from api.privacy.crypto import DataCipher

    return DataCipher.from_keys(bytes(range(32)))


async def test_dashboard_shows_placement_rates_and_trends_on_todays_demo(conn: asyncpg.Connection) -> None:
    """The Kemnaker dashboard on a demo loaded today: every month of the last year has vacancies,
    most have placements, and placement rates are not zero."""
    from api.stats.service import national_stats

    summary = await load_demo(conn, inmates=600, seed=7, today=date.today(), cipher=_cipher())
    assert summary.placements > 0 and summary.applications > summary.placements
    stats = await national_stats(conn)
    vacancy_months = [c.value for c in stats["vacancies_by_month"]]
    placement_months = [c.value for c in stats["placements_by_month"]]
    assert len(vacancy_months) == 12 and sum(v > 0 for v in vacancy_months) >= 11, vacancy_months
    assert sum(v > 0 for v in placement_months) >= 8, placement_months
    assert stats["totals"]["placements"] == summary.placements
    by_facility = stats["placement_rate_by_facility"]
    assert sum(r.rate > 0 for r in by_facility) >= 5 and all(0 <= r.rate <= 1 for r in by_facility)
    assert any(r.rate > 0 for r in stats["placement_rate_by_scheme"])


async def test_demo_history_is_consistent(conn: asyncpg.Connection) -> None:
    today = date.today()
    await load_demo(conn, inmates=600, seed=7, today=today)
    count = conn.fetchval
    stages = {r[0] for r in await conn.fetch("SELECT DISTINCT stage FROM applications")}
    assert {"shortlisted", "interview", "offer", "hired", "rejected"} <= stages
    # every move is an event, in order, none in the future; the row's version counts them
    assert await count(
        """SELECT count(*) FROM applications a WHERE a.version <> (SELECT count(*) FROM application_events e
           WHERE e.application_id = a.id) OR a.stage <> (SELECT e.to_stage FROM application_events e
           WHERE e.application_id = a.id ORDER BY e.created_at DESC, e.id DESC LIMIT 1)"""
    ) == 0  # fmt: skip
    assert await count(
        """SELECT count(*) FROM application_events e JOIN application_events f ON f.application_id = e.application_id
           AND f.id > e.id WHERE f.created_at < e.created_at"""
    ) == 0  # fmt: skip
    assert await count("SELECT count(*) FROM application_events WHERE created_at > now()") == 0
    assert await count("SELECT count(*) FROM applications WHERE stage = 'rejected' AND stage_reason IS NULL") == 0
    # one placement per hire; only people who consented and could work by the start date
    assert await count("SELECT count(*) FROM applications WHERE stage = 'hired'") == await count(
        "SELECT count(*) FROM placements"
    )
    assert await count(
        """SELECT count(*) FROM placements p JOIN inmates i ON i.id = p.inmate_id
           WHERE NOT i.consent_matching OR i.status NOT IN ('released', 'parole', 'assimilation')
              OR (i.status = 'released' AND p.started_on < i.expected_release_date) OR p.started_on > $1""",
        today,
    ) == 0  # fmt: skip
    assert await count("SELECT count(DISTINCT inmate_id) FROM placements") == await count(
        "SELECT count(*) FROM placements"
    )
    # follow-ups at 3, 6 and 12 months, only once due; some left the job, and nothing is recorded after that
    assert {r[0] for r in await conn.fetch("SELECT DISTINCT month FROM placement_followups")} == {3, 6, 12}
    assert await count("SELECT count(*) FROM placement_followups WHERE NOT still_employed") > 0
    assert await count(
        """SELECT count(*) FROM placement_followups f JOIN placements p ON p.id = f.placement_id
           WHERE p.started_on + make_interval(months => f.month) > $1""",
        today,
    ) == 0  # fmt: skip
    assert await count(
        """SELECT count(*) FROM placement_followups f JOIN placement_followups g ON g.placement_id = f.placement_id
           AND g.month > f.month WHERE NOT f.still_employed"""
    ) == 0  # fmt: skip
    # vacancies posted over more than a year
    assert await count("SELECT count(DISTINCT date_trunc('month', created_at)) FROM vacancies") >= 13


async def test_demo_assessors_active_today_and_one_lapsed(conn: asyncpg.Connection) -> None:
    from models.repositories.bulk import BulkRepo

    today = date.today()
    await load_demo(conn, inmates=50, seed=7, today=today)
    without_current = await conn.fetch(
        """SELECT l.code FROM lsps l WHERE NOT EXISTS (SELECT 1 FROM assessors a WHERE a.lsp_id = l.id
           AND $1 BETWEEN a.active_from AND a.active_until)""",
        today,
    )
    assert without_current == []
    lapsed = await conn.fetchval(
        "SELECT count(*) FROM assessors WHERE active_until BETWEEN $1::date - 60 AND $1::date - 1", today
    )
    assert lapsed >= 1
    *_, assessor = await BulkRepo(conn).demo_scopes()  # the demo assessor user can assess today
    window = await conn.fetchrow("SELECT active_from, active_until FROM assessors WHERE id = $1", assessor)
    assert window["active_from"] <= today <= window["active_until"]


async def test_demo_partners_in_every_state(conn: asyncpg.Connection) -> None:
    await load_demo(conn, inmates=20, seed=7, today=TODAY)
    rows = await conn.fetch(
        "SELECT partner_status, nib, kbli, fair_chance_policy, applied_at, status_reason FROM employers"
    )
    assert {r["partner_status"] for r in rows} == {"pending", "active", "suspended", "rejected"}
    assert all(r["nib"] and len(r["nib"]) == 13 and len(r["kbli"]) == 5 and r["applied_at"] for r in rows)
    assert len({r["nib"] for r in rows}) == len(rows)
    assert all(r["status_reason"] for r in rows if r["partner_status"] in ("suspended", "rejected"))


async def test_demo_offences_are_encrypted_with_the_cipher(conn: asyncpg.Connection) -> None:
    from api.privacy.rules import OFFENCE_CATEGORIES, decode_offence, nik_problem

    cipher = _cipher()
    summary = await load_demo(conn, inmates=200, seed=7, today=TODAY, cipher=cipher)
    rows = await conn.fetch(
        "SELECT national_id_enc, offence_enc, birth_year FROM inmates WHERE offence_enc IS NOT NULL"
    )
    assert 40 < len(rows) == summary.offences < 140
    provinces = {r[0] for r in await conn.fetch("SELECT code FROM provinces")}
    for r in rows:
        offence = decode_offence(cipher.decrypt(bytes(r["offence_enc"]), "offence"))
        assert offence.category in OFFENCE_CATEGORIES and offence.text.startswith("Pasal")
        nik = cipher.decrypt(bytes(r["national_id_enc"]), "national_id")
        assert nik_problem(nik, provinces, r["birth_year"]) is None, nik
    without = await load_demo_count_offences(conn)
    assert without == len(rows)


async def load_demo_count_offences(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM inmates WHERE offence_enc IS NOT NULL"))


async def test_demo_regencies_are_the_kemendagri_codes(conn: asyncpg.Connection) -> None:
    """The demo's regency codes are the ones migration 0610 seeds, with the same names (a wrong code
    would put Cipinang in another city); the demo adds no regency of its own."""
    from api.demo import places

    before = await conn.fetchval("SELECT count(*) FROM regencies")
    await load_demo(conn, inmates=50, seed=7, today=TODAY)
    assert await conn.fetchval("SELECT count(*) FROM regencies") == before == 514
    seeded = {r["code"]: r["name"] for r in await conn.fetch("SELECT code, name FROM regencies")}
    wrong = [(code, name, seeded.get(code)) for code, name, *_ in places.REGENCIES if seeded.get(code) != name]
    assert wrong == []
    cipinang = await conn.fetchval(
        "SELECT r.name FROM facilities f JOIN regencies r ON r.code = f.regency_code WHERE f.code = 'LAPAS-CIPINANG'"
    )
    assert cipinang == "Kota Administrasi Jakarta Timur"

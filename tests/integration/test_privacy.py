"""Privacy by design on the real database: consent, encryption, offence release, review,
export, erasure with verifiable certificates, retention and key rotation."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest

from api.privacy import actions as privacy
from api.privacy.crypto import DataCipher
from api.web.stores import PgMatcherStores
from matcher.indexing import reindex_inmates, reindex_vacancies
from matcher.service import Matcher
from models.errors import Conflict, Denied, NotFound
from models.records import SYSTEM, Actor, Consent
from tests import factories as f

KEY_A = bytes(range(32))
KEY_B = bytes(range(32, 64))


async def user(conn: asyncpg.Connection, role: str, **scope: int) -> Actor:
    cols = ", ".join(scope)
    params = ", ".join(f"${i}" for i in range(4, 4 + len(scope)))
    uid = await conn.fetchval(
        f"INSERT INTO users (email, name, password_hash, role{', ' + cols if cols else ''}) "
        f"VALUES ($1, $2, 'x', $3{', ' + params if params else ''}) RETURNING id",
        f.uid("u") + "@example.id",
        "Petugas",
        role,
        *scope.values(),
    )
    return Actor(user_id=uid, role=role)


async def application(conn: asyncpg.Connection, vacancy_id: int, inmate_id: int, stage: str) -> int:
    return int(
        await conn.fetchval(
            "INSERT INTO applications (vacancy_id, inmate_id, stage) VALUES ($1, $2, $3) RETURNING id",
            vacancy_id,
            inmate_id,
            stage,
        )
    )


@pytest.fixture
def cipher() -> DataCipher:
    return DataCipher.from_keys(KEY_A)


async def _world(conn: asyncpg.Connection) -> dict[str, int]:
    fac = await f.places(conn)
    cat = await f.catalogue(conn)
    welder = await f.inmate(
        conn,
        fac["lapas"],
        fac["bapas"],
        skills=("pengelasan SMAW", "membaca gambar teknik"),
        work_history=("3 tahun di bengkel las konstruksi baja",),
        name="Siti Rahayu Lestari",
    )
    cert = await f.certificate(conn, welder, cat["welding"], cat["lsp"], [u.code for u in f.WELDING_UNITS])
    other = await f.inmate(conn, fac["lapas"], fac["bapas"], skills=("las listrik", "pengelasan SMAW"))
    emp = await f.employer(conn)
    emp_b = await f.employer(conn, "PT Lain")
    vac = await f.vacancy(conn, emp, "Tukang Las SMAW", "Bengkel las.", ("mampu mengelas pelat baja SMAW",))
    return {**fac, **cat, "welder": welder, "cert": cert, "other": other, "emp": emp, "emp_b": emp_b, "vac": vac}


async def test_withdrawing_consent_removes_person_from_employer_results_at_once(conn, encoder) -> None:
    w = await _world(conn)
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    officer = await user(conn, "bapas_officer", bapas_id=w["bapas"])

    matcher = Matcher(encoder, PgMatcherStores)
    _, before = await matcher.candidates_for_vacancy(conn, w["vac"], as_of=date.today())
    assert w["welder"] in [c.inmate_id for c in before]

    event = await privacy.withdraw_consent(conn, officer, w["welder"], "tidak ingin dicocokkan")
    assert event.consent == Consent()

    _, after = await matcher.candidates_for_vacancy(conn, w["vac"], as_of=date.today())
    ids = [c.inmate_id for c in after]
    assert w["welder"] not in ids and w["other"] in ids  # no re-index needed, the filter is in SQL
    history = await conn.fetch("SELECT employer_matching FROM consent_events WHERE inmate_id = $1", w["welder"])
    assert [r["employer_matching"] for r in history] == [False]
    actions = await conn.fetch(
        "SELECT action, actor_user_id FROM audit_events WHERE subject_inmate_id = $1", w["welder"]
    )
    assert [(r["action"], r["actor_user_id"]) for r in actions] == [("consent.withdraw", officer.user_id)]

    await privacy.set_consent(conn, officer, w["welder"], Consent(employer_matching=True), "setuju lagi")
    _, again = await matcher.candidates_for_vacancy(conn, w["vac"], as_of=date.today())
    assert w["welder"] in [c.inmate_id for c in again]


async def test_officer_of_other_bapas_cannot_change_consent(conn) -> None:
    w = await _world(conn)
    stranger = await user(conn, "bapas_officer", bapas_id=w["other_bapas"])
    with pytest.raises(Denied):
        await privacy.withdraw_consent(conn, stranger, w["welder"])
    employer = await user(conn, "employer", employer_id=w["emp"])
    with pytest.raises(Denied):
        await privacy.set_consent(conn, employer, w["welder"], Consent())
    assert await conn.fetchval("SELECT consent_matching FROM inmates WHERE id = $1", w["welder"])


async def test_sensitive_columns_are_encrypted_and_reads_are_logged(conn, cipher) -> None:
    w = await _world(conn)
    officer = await user(conn, "bapas_officer", bapas_id=w["bapas"])
    await privacy.store_sensitive(
        conn, officer, cipher, w["welder"], national_id="3273012345678901", offence="Pasal 362 KUHP (pencurian)"
    )
    raw = await conn.fetchrow("SELECT national_id_enc, offence_enc FROM inmates WHERE id = $1", w["welder"])
    assert b"3273012345678901" not in raw["national_id_enc"] and b"362" not in raw["offence_enc"]
    assert raw["national_id_enc"].startswith(b"BK1")

    nid, offence = await privacy.read_sensitive(conn, officer, cipher, w["welder"], "penyusunan Litmas")
    assert (nid, offence) == ("3273012345678901", "Pasal 362 KUHP (pencurian)")
    read = await conn.fetchrow(
        "SELECT actor_user_id, reason FROM audit_events"
        " WHERE action = 'inmate.sensitive.read' AND subject_inmate_id = $1",
        w["welder"],
    )
    assert (read["actor_user_id"], read["reason"]) == (officer.user_id, "penyusunan Litmas")

    stranger = await user(conn, "bapas_officer", bapas_id=w["other_bapas"])
    with pytest.raises(Denied):
        await privacy.read_sensitive(conn, stranger, cipher, w["welder"], "ingin tahu")
    with pytest.raises(Denied):
        await privacy.read_sensitive(conn, officer, cipher, w["welder"], "  ")
    # a key the service was not given cannot read the column
    with pytest.raises(Exception, match="unknown key id"):
        await privacy.read_sensitive(conn, officer, DataCipher.from_keys(KEY_B), w["welder"], "audit")


async def test_offence_released_only_at_offer_with_consent_by_own_officer(conn, cipher) -> None:
    w = await _world(conn)
    officer = await user(conn, "bapas_officer", bapas_id=w["bapas"])
    stranger = await user(conn, "bapas_officer", bapas_id=w["other_bapas"])
    employer = await user(conn, "employer", employer_id=w["emp"])
    employer_b = await user(conn, "employer", employer_id=w["emp_b"])
    await privacy.store_sensitive(conn, officer, cipher, w["welder"], national_id=None, offence="Pasal 480 KUHP")
    app_id = await application(conn, w["vac"], w["welder"], "interview")

    with pytest.raises(Conflict, match="offer"):
        await privacy.release_offence(conn, officer, app_id, "tawaran bersyarat")
    await conn.execute("UPDATE applications SET stage = 'offer' WHERE id = $1", app_id)
    with pytest.raises(Denied, match="consented"):
        await privacy.release_offence(conn, officer, app_id, "tawaran bersyarat")
    await privacy.set_consent(
        conn, officer, w["welder"], Consent(employer_matching=True, reveal_offence=True), "setuju diungkap"
    )
    with pytest.raises(Denied, match="own Bapas"):
        await privacy.release_offence(conn, stranger, app_id, "tawaran bersyarat")
    with pytest.raises(Denied):
        await privacy.release_offence(conn, employer, app_id, "saya mau tahu")
    with pytest.raises(Denied, match="not been released"):
        await privacy.offence_for_employer(conn, employer, cipher, app_id)

    disclosure = await privacy.release_offence(conn, officer, app_id, "tawaran bersyarat diterima")
    assert (disclosure.employer_id, disclosure.released_by) == (w["emp"], officer.user_id)
    assert await privacy.offence_for_employer(conn, employer, cipher, app_id) == "Pasal 480 KUHP"
    with pytest.raises(NotFound):  # another employer guessing the application id
        await privacy.offence_for_employer(conn, employer_b, cipher, app_id)

    # consent withdrawn after release: the employer can no longer read it
    await privacy.set_consent(conn, officer, w["welder"], Consent(employer_matching=True), "ditarik")
    with pytest.raises(Denied):
        await privacy.offence_for_employer(conn, employer, cipher, app_id)

    actions = [
        r["action"]
        for r in await conn.fetch(
            "SELECT action FROM audit_events WHERE subject_inmate_id = $1 ORDER BY id", w["welder"]
        )
    ]
    assert actions.count("offence.release.refused") == 3  # wrong stage, no consent, other Bapas
    assert "offence.release" in actions and actions.count("offence.read") == 1


async def test_objection_opens_a_human_review_that_a_person_completes(conn) -> None:
    w = await _world(conn)
    officer = await user(conn, "bapas_officer", bapas_id=w["bapas"])
    review = await privacy.object_to_ranking(
        conn, officer, w["welder"], w["vac"], "Sertifikat las saya tidak dihitung dengan benar"
    )
    assert review.status == "requested"
    with pytest.raises(Denied):
        await privacy.complete_review(conn, SYSTEM, review.id, "otomatis")
    done = await privacy.complete_review(conn, officer, review.id, "Diperiksa: peringkat dikoreksi manual")
    assert done.status == "completed" and done.reviewed_by == officer.user_id and done.reviewed_at is not None
    with pytest.raises(NotFound):
        await privacy.complete_review(conn, officer, review.id, "dua kali")
    actions = await conn.fetch(
        "SELECT action FROM audit_events WHERE object_type = 'human_review' AND object_id = $1 ORDER BY id",
        str(review.id),
    )
    assert [r["action"] for r in actions] == ["review.request", "review.complete"]


async def test_export_holds_everything_about_the_person(conn, cipher) -> None:
    w = await _world(conn)
    officer = await user(conn, "bapas_officer", bapas_id=w["bapas"])
    await privacy.store_sensitive(conn, officer, cipher, w["welder"], national_id="3273", offence="Pasal 362")
    await privacy.set_consent(conn, officer, w["welder"], Consent(employer_matching=True, reveal_name=True), "ok")
    await application(conn, w["vac"], w["welder"], "shortlisted")

    data = await privacy.export_subject(conn, officer, cipher, w["welder"], "permintaan akses pribadi")
    text = json.dumps(data)  # JSON-ready all the way down
    assert data["person"]["full_name"] == "Siti Rahayu Lestari"
    assert data["person"]["national_id"] == "3273" and data["person"]["offence"] == "Pasal 362"
    assert "national_id_enc" not in data["person"]
    assert [c["scheme_title"] for c in data["certificates"]] == ["Juru Las SMAW"]
    assert sorted(data["certificates"][0]["units"]) == sorted(u.code for u in f.WELDING_UNITS)
    assert len(data["consent_history"]) == 1 and data["consent_history"][0]["reveal_name"] is True
    assert data["applications"][0]["vacancy_title"] == "Tukang Las SMAW"
    actions = [e["action"] for e in data["audit_events"]]
    assert actions == ["inmate.sensitive.write", "consent.set", "subject.export"]
    assert "Pasal 362" in text
    stranger = await user(conn, "bapas_officer", bapas_id=w["other_bapas"])
    with pytest.raises(Denied):
        await privacy.export_subject(conn, stranger, cipher, w["welder"], "x")


async def test_erasure_keeps_certificate_verifiable_and_audit_append_only(conn, cipher, encoder, tmp_path) -> None:
    from api.certificates.stores import PgCertificationStores
    from certification import service
    from certification.signing import FileKeyStore

    class Clock:
        def today(self) -> date:
            return date.today()

        def now(self) -> datetime:
            return datetime.now(UTC)

    w = await _world(conn)
    keys = FileKeyStore(tmp_path / "keys")
    number = await conn.fetchval("SELECT number FROM certificates WHERE id = $1", w["cert"])
    assert await service.sign_unsigned(PgCertificationStores(conn), SYSTEM, keystore=keys) >= 1
    before = await service.verify_by_number(PgCertificationStores(conn), number, clock=Clock())
    assert before.signature_valid and before.holder_initials == "S. R. L."
    officer = await user(conn, "bapas_officer", bapas_id=w["bapas"])
    await privacy.store_sensitive(conn, officer, cipher, w["welder"], national_id="3273", offence="Pasal 362")
    await reindex_vacancies(PgMatcherStores(conn), encoder)
    await reindex_inmates(PgMatcherStores(conn), encoder, date.today())
    cert_before = await conn.fetchrow(
        "SELECT number, status, valid_until, key_id, signature FROM certificates WHERE id = $1", w["cert"]
    )

    assert await privacy.erase_subject(conn, officer, w["welder"], "permintaan penghapusan") is True
    assert await privacy.erase_subject(conn, SYSTEM, w["welder"], "lagi") is False

    row = await conn.fetchrow(
        """SELECT full_name, initials, external_id, national_id_enc, offence_enc, skills, work_history,
                  anonymised_at, birth_year FROM inmates WHERE id = $1""",
        w["welder"],
    )
    assert row["full_name"] == "Dihapus" and row["initials"] == "S. R. L."
    assert row["external_id"].startswith("DIHAPUS-")
    assert row["national_id_enc"] is None and row["offence_enc"] is None
    assert row["skills"] == [] and row["work_history"] == [] and row["anonymised_at"] is not None
    assert row["birth_year"] == 1990
    cert_after = await conn.fetchrow(
        "SELECT number, status, valid_until, key_id, signature FROM certificates WHERE id = $1", w["cert"]
    )
    assert cert_after == cert_before
    after = await service.verify_by_number(PgCertificationStores(conn), number, clock=Clock())
    assert after.signature_valid and after.status == before.status and after.holder_initials == "S. R. L."
    assert await conn.fetchval("SELECT count(*) FROM certificate_units WHERE certificate_id = $1", w["cert"]) == 3
    assert await conn.fetchval("SELECT count(*) FROM inmate_embeddings WHERE inmate_id = $1", w["welder"]) == 0
    _, found = await Matcher(encoder, PgMatcherStores).candidates_for_vacancy(conn, w["vac"], as_of=date.today())
    assert w["welder"] not in [c.inmate_id for c in found]

    # the audit log about the person survives erasure and cannot be rewritten
    assert (
        await conn.fetchval(
            "SELECT count(*) FROM audit_events WHERE subject_inmate_id = $1 AND action = 'subject.erase'", w["welder"]
        )
        == 1
    )
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        async with conn.transaction():
            await conn.execute("DELETE FROM audit_events WHERE subject_inmate_id = $1", w["welder"])
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        async with conn.transaction():
            await conn.execute("UPDATE audit_events SET reason = 'x' WHERE subject_inmate_id = $1", w["welder"])


async def test_retention_erases_released_people_after_n_years_only(conn) -> None:
    w = await _world(conn)
    today = date(2031, 6, 1)
    old = await f.inmate(conn, w["lapas"], w["bapas"], name="Lama Sekali")
    recent = await f.inmate(conn, w["lapas"], w["bapas"], name="Baru Bebas")
    await conn.execute(
        "UPDATE inmates SET status = 'released', expected_release_date = $2 WHERE id = $1", old, date(2025, 5, 31)
    )
    await conn.execute(
        "UPDATE inmates SET status = 'released', expected_release_date = $2 WHERE id = $1", recent, date(2025, 6, 2)
    )
    dry = await privacy.apply_retention(conn, SYSTEM, today, 6, apply=False)
    assert dry.due == (old,) and dry.erased == 0
    assert await conn.fetchval("SELECT anonymised_at FROM inmates WHERE id = $1", old) is None

    run = await privacy.apply_retention(conn, SYSTEM, today, 6, apply=True)
    assert run.due == (old,) and run.erased == 1
    names = dict(await conn.fetch("SELECT id, full_name FROM inmates WHERE id = ANY($1)", [old, recent, w["welder"]]))
    assert names == {old: "Dihapus", recent: "Baru Bebas", w["welder"]: "Siti Rahayu Lestari"}
    again = await privacy.apply_retention(conn, SYSTEM, today + timedelta(days=5), 6, apply=True)
    assert again.due == (recent,)


async def test_key_rotation_reencrypts_with_the_new_key(conn, cipher) -> None:
    w = await _world(conn)
    officer = await user(conn, "bapas_officer", bapas_id=w["bapas"])
    await privacy.store_sensitive(conn, officer, cipher, w["welder"], national_id="3273", offence="Pasal 362")
    rotated = DataCipher.from_keys(KEY_B, KEY_A)
    assert (await privacy.rotate_data_key(conn, SYSTEM, rotated))["inmates"] == 1
    assert (await privacy.rotate_data_key(conn, SYSTEM, rotated))["inmates"] == 0
    only_new = DataCipher.from_keys(KEY_B)
    assert await privacy.read_sensitive(conn, officer, only_new, w["welder"], "cek") == ("3273", "Pasal 362")


async def test_a_certificate_past_its_end_is_shown_as_expired_wherever_it_is_listed(conn: asyncpg.Connection) -> None:
    """The stored status stays 'active' when the end date passes (it is derived, as on /verify): the
    views every page and API read (employer cards, the candidate page, the officer's client page)
    said "aktif" for a certificate that ended months ago."""
    from models.repositories.certificates import CertificateRepo

    ids = await f.places(conn)
    cat = await f.catalogue(conn)
    person = await f.inmate(conn, ids["lapas"], ids["bapas"])
    cert = await f.certificate(conn, person, cat["welding"], cat["lsp"], [u.code for u in f.WELDING_UNITS])
    await conn.execute(
        "UPDATE certificates SET issued_on = $2, valid_until = $3 WHERE id = $1",
        cert,
        date.today() - timedelta(days=1200),
        date.today() - timedelta(days=100),
    )
    (view,) = (await CertificateRepo(conn).views_for_inmates([person]))[person]
    assert view.status == "expired"
    await conn.execute("UPDATE certificates SET valid_until = $2 WHERE id = $1", cert, date.today())
    (view,) = (await CertificateRepo(conn).views_for_inmates([person]))[person]
    assert view.status == "active"  # valid through its last day

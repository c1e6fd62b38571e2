"""Key rotation reaches every encrypted column (``binakerja rotate-data-key``).

Every bytea ``*_enc`` column of the schema must be declared in
``models.repositories.encrypted_columns.ENCRYPTED_COLUMNS`` (and no undeclared bytea column may
hold a ``BK1`` data-cipher value), so a new encrypted column fails here until rotation covers it.
Then a row in each declared table is encrypted with key A, the key is rotated to B in one
transaction, key A is dropped from the key ring, and everything still decrypts."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg
import pytest

from api.certificates.stores import SealedHolderNames
from api.privacy import actions as privacy
from api.privacy.crypto import FIELDS, MAGIC, CryptoError, DataCipher, split
from models.records import SYSTEM, Actor
from models.repositories.encrypted_columns import ENCRYPTED_COLUMNS
from models.repositories.feeds import FeedRepo
from models.repositories.webhooks import WebhookRepo
from tests import factories as f

KEY_A = bytes(range(32))
KEY_B = bytes(range(32, 64))
KEY_C = bytes(range(64, 96))

_BYTEA = """
SELECT c.table_name, c.column_name FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = 'bytea'
ORDER BY 1, 2
"""


async def bytea_columns(conn: asyncpg.Connection) -> set[tuple[str, str]]:
    return {(r["table_name"], r["column_name"]) for r in await conn.fetch(_BYTEA)}


def declared() -> set[tuple[str, str]]:
    return {(t, c) for t, spec in ENCRYPTED_COLUMNS.items() for c in spec.columns}


def undeclared_enc(found: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(t, c) for t, c in found if c.endswith("_enc")} - declared()


async def test_every_bytea_enc_column_is_declared_for_rotation(conn: asyncpg.Connection) -> None:
    found = await bytea_columns(conn)
    assert undeclared_enc(found) == set(), "declare these in ENCRYPTED_COLUMNS so rotation re-encrypts them"
    assert declared() <= found, "ENCRYPTED_COLUMNS names a column the schema does not have"
    assert {field for spec in ENCRYPTED_COLUMNS.values() for field in spec.columns.values()} == FIELDS
    for table, spec in ENCRYPTED_COLUMNS.items():  # the declared key is the table's single-column primary key
        pk = await conn.fetch(
            """
            SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = $1::regclass AND i.indisprimary
            """,
            table,
        )
        assert [r["attname"] for r in pk] == [spec.key], table


async def test_the_schema_check_fails_on_a_new_undeclared_enc_column(conn: asyncpg.Connection) -> None:
    # The check must be able to fail: an encrypted column added without declaring it is caught.
    found = await bytea_columns(conn) | {("partner_secrets", "api_secret_enc")}
    assert undeclared_enc(found) == {("partner_secrets", "api_secret_enc")}


async def _one_row_per_table(conn: asyncpg.Connection, cipher: DataCipher) -> dict[str, object]:
    fac = await f.places(conn)
    cat = await f.catalogue(conn)
    person = await f.inmate(conn, fac["lapas"], fac["bapas"], name="Siti Rahayu Lestari")
    cert = await f.certificate(conn, person, cat["welding"], cat["lsp"], [u.code for u in f.WELDING_UNITS])
    emp = await f.employer(conn)
    officer_id = await conn.fetchval(
        "INSERT INTO users (email, name, password_hash, role, bapas_id) VALUES ($1, 'Petugas', 'x', "
        "'bapas_officer', $2) RETURNING id",
        f.uid("pk") + "@example.id",
        fac["bapas"],
    )
    officer = Actor(user_id=officer_id, role="bapas_officer")
    await privacy.store_sensitive(conn, officer, cipher, person, national_id="3273010101900001", offence="Pasal 362")
    names = SealedHolderNames(conn, cipher)
    await names.keep(cert, "Siti Rahayu Lestari", date.today() + timedelta(days=3 * 365))
    hook = await WebhookRepo(conn).add_subscription(
        emp, "https://hooks.example.id/bk", cipher.encrypt("rahasia-webhook-123", "webhook_secret"),
        ["vacancy.applied"], None,
    )  # fmt: skip
    feed = await FeedRepo(conn).add_connector(
        name=f.uid("feed").lower().replace("_", "-")[:40], kind="vacancy_portal", url="https://feed.example.id",
        token_enc=cipher.encrypt("token-feed-456", "feed_token"), interval_minutes=60, employer_id=emp,
        facility_id=None, active=True, created_by=None,
    )  # fmt: skip
    return {"person": person, "officer": officer, "cert": cert, "hook": hook.id, "feed": feed}


async def _read_all(conn: asyncpg.Connection, cipher: DataCipher, w: dict[str, object]) -> dict[str, str | None]:
    nik, offence = await privacy.read_sensitive(conn, w["officer"], cipher, w["person"], "cek rotasi")  # type: ignore[arg-type]
    name = await SealedHolderNames(conn, cipher).repo.get(w["cert"], date.today())  # type: ignore[arg-type]
    secret = await conn.fetchval("SELECT secret_enc FROM webhook_subscriptions WHERE id = $1", w["hook"])
    token = await conn.fetchval("SELECT token_enc FROM feed_connectors WHERE id = $1", w["feed"])
    assert name is not None
    return {
        "nik": nik,
        "offence": offence,
        "name": cipher.decrypt(name, "certificate_holder_name"),
        "secret": cipher.decrypt(bytes(secret), "webhook_secret"),
        "feed": cipher.decrypt(bytes(token), "feed_token"),
    }


async def _stored_key_ids(conn: asyncpg.Connection, w: dict[str, object]) -> set[str]:
    blobs = [
        *(await conn.fetchrow("SELECT national_id_enc, offence_enc FROM inmates WHERE id = $1", w["person"])).values(),
        await conn.fetchval("SELECT name_enc FROM certificate_holder_names WHERE certificate_id = $1", w["cert"]),
        await conn.fetchval("SELECT secret_enc FROM webhook_subscriptions WHERE id = $1", w["hook"]),
        await conn.fetchval("SELECT token_enc FROM feed_connectors WHERE id = $1", w["feed"]),
    ]
    return {split(bytes(b))[0] for b in blobs}


async def test_rotation_reencrypts_every_declared_column_then_old_key_can_go(conn: asyncpg.Connection) -> None:
    old = DataCipher.from_keys(KEY_A)
    w = await _one_row_per_table(conn, old)
    before = await _read_all(conn, old, w)
    assert before["feed"] == "token-feed-456" and before["name"] == f"{w['cert']}\nSiti Rahayu Lestari"

    rotated = DataCipher.from_keys(KEY_B, KEY_A)
    changed = await privacy.rotate_data_key(conn, SYSTEM, rotated)
    assert set(changed) == set(ENCRYPTED_COLUMNS)
    assert all(changed[t] >= 1 for t in ENCRYPTED_COLUMNS), changed
    assert await _stored_key_ids(conn, w) == {rotated.current}
    again = await privacy.rotate_data_key(conn, SYSTEM, rotated)
    assert again == dict.fromkeys(ENCRYPTED_COLUMNS, 0)

    only_new = DataCipher.from_keys(KEY_B)  # key A removed from the key ring
    assert await _read_all(conn, only_new, w) == before
    with pytest.raises(CryptoError):
        await _read_all(conn, old, w)
    audit = await conn.fetchval(
        "SELECT detail FROM audit_events WHERE action = 'data_key.rotate' ORDER BY id DESC LIMIT 1"
    )
    assert audit is not None and rotated.current in str(audit)


async def test_rotation_with_a_missing_old_key_rewrites_nothing(conn: asyncpg.Connection) -> None:
    w = await _one_row_per_table(conn, DataCipher.from_keys(KEY_A))
    # The feed token was written with a key the new ring does not have: rotation fails, all or nothing.
    stray = DataCipher.from_keys(KEY_C).encrypt("token-lain", "feed_token")
    await conn.execute("UPDATE feed_connectors SET token_enc = $2 WHERE id = $1", w["feed"], stray)
    before = await _stored_key_ids(conn, w)
    with pytest.raises(CryptoError, match=r"feed_connectors\.token_enc id="):
        await privacy.rotate_data_key(conn, SYSTEM, DataCipher.from_keys(KEY_B, KEY_A))
    assert await _stored_key_ids(conn, w) == before


async def test_no_undeclared_bytea_column_holds_a_cipher_value(conn: asyncpg.Connection) -> None:
    await _one_row_per_table(conn, DataCipher.from_keys(KEY_A))
    holding = set()
    for table, column in sorted(await bytea_columns(conn) - declared()):
        hit = await conn.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE substring({column} FROM 1 FOR 3) = $1)", MAGIC
        )
        if hit:
            holding.add((table, column))
    assert holding == set(), "these columns hold data-cipher values: declare them in ENCRYPTED_COLUMNS"

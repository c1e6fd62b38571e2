"""Specific personal data (UU PDP 27/2022): the national id number (NIK) and the offence, stored
encrypted (``api.privacy.crypto``), written and read only by the person's own Bapas officer (or
the system: the SDP import, key rotation), each write and read an audit event in the same
transaction. The values never enter the audit log, which is append-only and outlives erasure.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from api.privacy.crypto import CryptoError, DataCipher
from api.privacy.rules import Offence, decode_offence, encode_offence
from api.privacy.scope import OFFICER, in_scope
from models.errors import Denied, NotFound
from models.records import Actor
from models.repositories.audit import AuditRepo
from models.repositories.encrypted_columns import ENCRYPTED_COLUMNS, EncryptedColumnRepo
from models.repositories.inmates import InmateRepo
from models.repositories.privacy import PrivacyRepo


async def store_sensitive(
    conn: asyncpg.Connection,
    actor: Actor,
    cipher: DataCipher,
    inmate_id: int,
    *,
    national_id: str | None,
    offence: str | None,
) -> None:
    """Encrypt and store both values as given (AES-256-GCM, key from configuration), unchecked.

    The low-level write (tests, tools); people and the import go through ``update_sensitive``
    after the NIK and offence rules, with a reason."""
    async with conn.transaction():
        inmate = await InmateRepo(conn).get(inmate_id)
        await in_scope(conn, actor, inmate, OFFICER)
        await PrivacyRepo(conn).set_sensitive(
            inmate_id,
            cipher.encrypt_optional(national_id, "national_id"),
            cipher.encrypt_optional(offence, "offence"),
        )
        await AuditRepo(conn).add(
            actor,
            "inmate.sensitive.write",
            "inmate",
            inmate_id,
            subject_inmate_id=inmate_id,
            detail={"national_id": national_id is not None, "offence": offence is not None, "key_id": cipher.current},
        )


class _Keep:
    """The value of a field left out of an update: what is stored stays."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


@dataclass(frozen=True)
class SensitiveData:
    """The decrypted national id and offence of one person (``None``: nothing on record)."""

    national_id: str | None
    offence: Offence | None


async def update_sensitive(
    conn: asyncpg.Connection,
    actor: Actor,
    cipher: DataCipher,
    inmate_id: int,
    *,
    reason: str,
    national_id: str | None | _Keep = KEEP,
    offence: Offence | None | _Keep = KEEP,
) -> tuple[str, ...]:
    """Encrypt and store the national id and/or the offence of one person; returns the fields written.

    A field passed as ``KEEP`` is left as stored, ``None`` clears it. The caller has validated the
    values (``rules.nik_problem``, ``rules.offence_problems``). The audit event names the fields,
    the key and the reason, never the values (the log is append-only and outlives erasure).
    """
    if not reason.strip():
        raise Denied("a reason is required to record specific personal data")
    fields = tuple(f for f, v in (("national_id", national_id), ("offence", offence)) if not isinstance(v, _Keep))
    if not fields:
        return ()
    async with conn.transaction():
        inmate = await InmateRepo(conn).get(inmate_id)
        if inmate.anonymised_at is not None:
            raise NotFound("inmate", inmate_id)
        await in_scope(conn, actor, inmate, OFFICER)
        await PrivacyRepo(conn).update_sensitive(
            inmate_id,
            None if isinstance(national_id, _Keep) else cipher.encrypt_optional(national_id, "national_id"),
            None if isinstance(offence, _Keep)
            else cipher.encrypt_optional(None if offence is None else encode_offence(offence), "offence"),
            set_national_id=not isinstance(national_id, _Keep),
            set_offence=not isinstance(offence, _Keep),
        )  # fmt: skip
        await AuditRepo(conn).add(
            actor, "inmate.sensitive.write", "inmate", inmate_id, subject_inmate_id=inmate_id, reason=reason.strip(),
            detail={"fields": list(fields), "cleared": [f for f, v in (("national_id", national_id),
                                                                         ("offence", offence)) if v is None],
                    "key_id": cipher.current},
        )  # fmt: skip
    return fields


async def read_sensitive_data(
    conn: asyncpg.Connection, actor: Actor, cipher: DataCipher, inmate_id: int, reason: str
) -> SensitiveData:
    """The national id and offence for the person's own officer; the read is logged with its reason."""
    if not reason.strip():
        raise Denied("a reason is required to read specific personal data")
    async with conn.transaction():
        inmate = await InmateRepo(conn).get(inmate_id)
        if inmate.anonymised_at is not None:
            raise NotFound("inmate", inmate_id)
        await in_scope(conn, actor, inmate, OFFICER)
        await AuditRepo(conn).add(
            actor, "inmate.sensitive.read", "inmate", inmate_id, subject_inmate_id=inmate_id, reason=reason
        )
        offence = cipher.decrypt_optional(inmate.offence_enc, "offence")
        return SensitiveData(
            cipher.decrypt_optional(inmate.national_id_enc, "national_id"),
            None if offence is None else decode_offence(offence),
        )


async def read_sensitive(
    conn: asyncpg.Connection, actor: Actor, cipher: DataCipher, inmate_id: int, reason: str
) -> tuple[str | None, str | None]:
    """(national id, offence as one line of text) for the person's own officer; the read is logged."""
    data = await read_sensitive_data(conn, actor, cipher, inmate_id, reason)
    return data.national_id, None if data.offence is None else data.offence.display()


async def rotate_data_key(
    conn: asyncpg.Connection, actor: Actor, cipher: DataCipher, *, batch: int = 500
) -> dict[str, int]:
    """Re-encrypt with the current key every value of every declared encrypted column
    (``models.repositories.encrypted_columns.ENCRYPTED_COLUMNS``) not written with it, all in one
    transaction: a value that does not decrypt (its key not configured, tampered) raises
    ``CryptoError`` naming the row and nothing is rewritten. Returns rows changed per table."""
    repo = EncryptedColumnRepo(conn)
    changed: dict[str, int] = {}
    async with conn.transaction():
        for table, spec in ENCRYPTED_COLUMNS.items():
            changed[table] = 0
            last = 0
            while page := await repo.page(table, last, batch):
                for row in page:
                    last = key = row.key
                    fresh: dict[str, bytes | None] = {}
                    for column, blob in row.values.items():
                        field = spec.columns[column]
                        try:
                            if blob is not None and cipher.needs_rotation(blob):
                                fresh[column] = cipher.encrypt(cipher.decrypt(blob, field), field)
                        except CryptoError as exc:  # malformed, tampered, or its key not configured
                            raise CryptoError(f"{table}.{column} {spec.key}={key}: {exc}") from exc
                    if fresh:
                        await repo.rewrite(table, key, fresh)
                        changed[table] += 1
        await AuditRepo(conn).add(
            actor, "data_key.rotate", "data_key", None, detail={"key_id": cipher.current, "changed": changed}
        )
    return changed

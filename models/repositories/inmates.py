"""Warga binaan: profiles, consent and caseloads."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import asyncpg

from models.errors import NotFound
from models.records import Consent, ConsentEvent, Inmate, NewInmate

INMATE_COLS = """
    id, external_id, pseudonym, full_name, birth_year, gender, facility_id, bapas_id,
    domicile_regency_code, domicile_province_code, education, skills, work_history, trainings,
    status, expected_release_date, asimilasi_date, pb_date, cb_date, cmb_date,
    consent_matching, consent_reveal_name, consent_reveal_facility, consent_reveal_offence,
    national_id_enc, offence_enc, anonymised_at, version
"""


def new_pseudonym() -> str:
    """A public handle shown to employers: random (48 bits), so it cannot be traced back to the
    registration number; made once when the person is first stored and never changed."""
    return "WB-" + secrets.token_hex(6).upper()


def inmate_from_row(r: asyncpg.Record) -> Inmate:
    return Inmate(
        id=r["id"],
        external_id=r["external_id"],
        pseudonym=r["pseudonym"],
        full_name=r["full_name"],
        birth_year=r["birth_year"],
        gender=r["gender"],
        facility_id=r["facility_id"],
        bapas_id=r["bapas_id"],
        domicile_regency_code=r["domicile_regency_code"],
        domicile_province_code=r["domicile_province_code"],
        education=r["education"],
        skills=tuple(r["skills"]),
        work_history=tuple(r["work_history"]),
        trainings=tuple(r["trainings"]),
        status=r["status"],
        expected_release_date=r["expected_release_date"],
        asimilasi_date=r["asimilasi_date"],
        pb_date=r["pb_date"],
        cb_date=r["cb_date"],
        cmb_date=r["cmb_date"],
        consent=Consent(
            employer_matching=r["consent_matching"],
            reveal_name=r["consent_reveal_name"],
            reveal_facility=r["consent_reveal_facility"],
            reveal_offence=r["consent_reveal_offence"],
        ),
        national_id_enc=r["national_id_enc"],
        offence_enc=r["offence_enc"],
        anonymised_at=r["anonymised_at"],
        version=r["version"],
    )


class InmateRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def get(self, inmate_id: int) -> Inmate:
        r = await self.conn.fetchrow(f"SELECT {INMATE_COLS} FROM inmates WHERE id = $1", inmate_id)
        if r is None:
            raise NotFound("inmate", inmate_id)
        return inmate_from_row(r)

    async def get_by_external_id(self, external_id: str) -> Inmate:
        r = await self.conn.fetchrow(f"SELECT {INMATE_COLS} FROM inmates WHERE external_id = $1", external_id)
        if r is None:
            raise NotFound("inmate", external_id)
        return inmate_from_row(r)

    async def get_by_pseudonym(self, pseudonym: str) -> Inmate:
        r = await self.conn.fetchrow(f"SELECT {INMATE_COLS} FROM inmates WHERE pseudonym = $1", pseudonym)
        if r is None:
            raise NotFound("inmate", pseudonym)
        return inmate_from_row(r)

    async def get_many(self, ids: Sequence[int]) -> dict[int, Inmate]:
        rows = await self.conn.fetch(f"SELECT {INMATE_COLS} FROM inmates WHERE id = ANY($1::bigint[])", list(ids))
        return {r["id"]: inmate_from_row(r) for r in rows}

    async def list_after(self, last_id: int, limit: int) -> list[Inmate]:
        """Keyset page in id order (resumable batch jobs)."""
        rows = await self.conn.fetch(
            f"SELECT {INMATE_COLS} FROM inmates WHERE id > $1 ORDER BY id LIMIT $2", last_id, limit
        )
        return [inmate_from_row(r) for r in rows]

    async def list_caseload(
        self, bapas_id: int, *, limit: int = 50, offset: int = 0, today: date | None = None,
        where: CaseloadFilter | None = None,
    ) -> list[Inmate]:  # fmt: skip
        """Clients supervised by one Bapas matching ``where``: upcoming releases first (soonest
        first), then those without a date, then past releases (most recent first)."""
        cond, args = caseload_where(bapas_id, where or CaseloadFilter())
        n = len(args)
        rows = await self.conn.fetch(
            f"""
            SELECT {INMATE_COLS} FROM inmates
            WHERE {cond}
            ORDER BY CASE WHEN expected_release_date >= ${n + 1} THEN 0
                          WHEN expected_release_date IS NULL THEN 1 ELSE 2 END,
                     CASE WHEN expected_release_date >= ${n + 1} THEN expected_release_date END,
                     expected_release_date DESC, id
            LIMIT ${n + 2} OFFSET ${n + 3}
            """,
            *args,
            today or date.today(),
            limit,
            offset,
        )
        return [inmate_from_row(r) for r in rows]

    async def count(self) -> int:
        return int(await self.conn.fetchval("SELECT count(*) FROM inmates"))

    async def upsert(self, new: NewInmate, facility_id: int, bapas_id: int | None, province: str | None) -> int:
        """Insert or update by external id; returns the inmate id. Consent changes go through set_consent."""
        return int(
            await self.conn.fetchval(
                """
                INSERT INTO inmates (
                    external_id, pseudonym, full_name, birth_year, gender, facility_id, bapas_id,
                    domicile_regency_code, domicile_province_code, education, skills, work_history, trainings,
                    status, expected_release_date, asimilasi_date, pb_date, cb_date, cmb_date,
                    consent_matching, consent_reveal_name, consent_reveal_facility, consent_reveal_offence)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                        $20, $21, $22, $23)
                ON CONFLICT (external_id) DO UPDATE SET
                    full_name = EXCLUDED.full_name, birth_year = EXCLUDED.birth_year, gender = EXCLUDED.gender,
                    facility_id = EXCLUDED.facility_id, bapas_id = EXCLUDED.bapas_id,
                    domicile_regency_code = EXCLUDED.domicile_regency_code,
                    domicile_province_code = EXCLUDED.domicile_province_code,
                    education = EXCLUDED.education, skills = EXCLUDED.skills,
                    work_history = EXCLUDED.work_history, trainings = EXCLUDED.trainings,
                    status = EXCLUDED.status, expected_release_date = EXCLUDED.expected_release_date,
                    asimilasi_date = EXCLUDED.asimilasi_date, pb_date = EXCLUDED.pb_date,
                    cb_date = EXCLUDED.cb_date, cmb_date = EXCLUDED.cmb_date,
                    version = inmates.version + 1, updated_at = now()
                WHERE (inmates.full_name, inmates.birth_year, inmates.gender, inmates.facility_id,
                       inmates.bapas_id, inmates.domicile_regency_code, inmates.education, inmates.skills,
                       inmates.work_history, inmates.trainings, inmates.status,
                       inmates.expected_release_date, inmates.asimilasi_date, inmates.pb_date,
                       inmates.cb_date, inmates.cmb_date)
                  IS DISTINCT FROM
                      (EXCLUDED.full_name, EXCLUDED.birth_year, EXCLUDED.gender, EXCLUDED.facility_id,
                       EXCLUDED.bapas_id, EXCLUDED.domicile_regency_code, EXCLUDED.education, EXCLUDED.skills,
                       EXCLUDED.work_history, EXCLUDED.trainings, EXCLUDED.status,
                       EXCLUDED.expected_release_date, EXCLUDED.asimilasi_date, EXCLUDED.pb_date,
                       EXCLUDED.cb_date, EXCLUDED.cmb_date)
                RETURNING id
                """,
                new.external_id,
                new_pseudonym(),
                new.full_name,
                new.birth_year,
                new.gender,
                facility_id,
                bapas_id,
                new.domicile_regency_code,
                province,
                new.education,
                list(new.skills),
                list(new.work_history),
                list(new.trainings),
                new.status,
                new.expected_release_date,
                new.asimilasi_date,
                new.pb_date,
                new.cb_date,
                new.cmb_date,
                new.consent.employer_matching,
                new.consent.reveal_name,
                new.consent.reveal_facility,
                new.consent.reveal_offence,
            )
            or await self.conn.fetchval("SELECT id FROM inmates WHERE external_id = $1", new.external_id)
        )

    async def set_consent(
        self, inmate_id: int, consent: Consent, recorded_by: int | None, note: str | None = None
    ) -> ConsentEvent:
        """Change current consent and append it to the history, in the caller's transaction."""
        updated = await self.conn.execute(
            """
            UPDATE inmates SET consent_matching = $2, consent_reveal_name = $3, consent_reveal_facility = $4,
                   consent_reveal_offence = $5, version = version + 1, updated_at = now()
            WHERE id = $1
            """,
            inmate_id,
            consent.employer_matching,
            consent.reveal_name,
            consent.reveal_facility,
            consent.reveal_offence,
        )
        if updated == "UPDATE 0":
            raise NotFound("inmate", inmate_id)
        r = await self.conn.fetchrow(
            """
            INSERT INTO consent_events (inmate_id, employer_matching, reveal_name, reveal_facility,
                                        reveal_offence, recorded_by, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING id, created_at
            """,
            inmate_id,
            consent.employer_matching,
            consent.reveal_name,
            consent.reveal_facility,
            consent.reveal_offence,
            recorded_by,
            note,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return ConsentEvent(r["id"], inmate_id, consent, recorded_by, note, r["created_at"])

    async def consent_history(self, inmate_id: int) -> list[ConsentEvent]:
        rows = await self.conn.fetch(
            """
            SELECT id, inmate_id, employer_matching, reveal_name, reveal_facility, reveal_offence,
                   recorded_by, note, created_at
            FROM consent_events WHERE inmate_id = $1 ORDER BY created_at, id
            """,
            inmate_id,
        )
        return [
            ConsentEvent(
                r["id"],
                r["inmate_id"],
                Consent(r["employer_matching"], r["reveal_name"], r["reveal_facility"], r["reveal_offence"]),
                r["recorded_by"],
                r["note"],
                r["created_at"],
            )
            for r in rows
        ]

    async def count_caseload(self, bapas_id: int, where: CaseloadFilter | None = None) -> int:
        cond, args = caseload_where(bapas_id, where or CaseloadFilter())
        return int(await self.conn.fetchval(f"SELECT count(*) FROM inmates WHERE {cond}", *args))

    async def list_releasing(self, bapas_id: int, start: date, end: date, *, limit: int = 500) -> list[Inmate]:
        """Clients of one Bapas whose expected release falls in [start, end], soonest first."""
        rows = await self.conn.fetch(
            f"""
            SELECT {INMATE_COLS} FROM inmates
            WHERE bapas_id = $1 AND anonymised_at IS NULL AND expected_release_date BETWEEN $2 AND $3
            ORDER BY expected_release_date, id LIMIT $4
            """,
            bapas_id,
            start,
            end,
            limit,
        )
        return [inmate_from_row(r) for r in rows]


@dataclass(frozen=True)
class CaseloadFilter:
    """What an officer narrows the caseload to; ``None`` or empty means "any"."""

    text: str = ""  # part of the name, the registration number (external id) or the pseudonym
    status: str | None = None
    released_from: date | None = None
    released_to: date | None = None
    matching_consent: bool | None = None


def caseload_where(bapas_id: int, where: CaseloadFilter) -> tuple[str, list[object]]:
    """The WHERE clause (with ``$n`` parameters) and its arguments for one Bapas' filtered caseload."""
    cond: list[str] = ["bapas_id = $1", "anonymised_at IS NULL"]
    args: list[object] = [bapas_id]

    def arg(value: object) -> str:
        args.append(value)
        return f"${len(args)}"

    text = where.text.strip()
    if text:
        like = arg("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        cond.append(f"(full_name ILIKE {like} OR external_id ILIKE {like} OR pseudonym ILIKE {like})")
    if where.status:
        cond.append(f"status = {arg(where.status)}")
    if where.released_from:
        cond.append(f"expected_release_date >= {arg(where.released_from)}")
    if where.released_to:
        cond.append(f"expected_release_date <= {arg(where.released_to)}")
    if where.matching_consent is not None:
        cond.append(f"consent_matching = {arg(where.matching_consent)}")
    return " AND ".join(cond), args

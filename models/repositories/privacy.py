"""Privacy storage: sensitive columns, offence disclosures, human reviews, export, erasure.

The caller owns the transaction (models/privacy.py opens one per use case).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import asyncpg

from models.errors import NotFound
from models.records import HumanReview, OffenceDisclosure
from models.repositories.audit import AuditRepo

_DISCLOSURE_COLS = "id, application_id, inmate_id, employer_id, released_by, reason, created_at"
_REVIEW_COLS = (
    "id, inmate_id, vacancy_id, requested_by, objection, status, outcome, reviewed_by, reviewed_at, created_at"
)


CLEARED = "cleared"
DELETED = "deleted with the row"

# Every text-like column (text, text[], json, bytea) of the tables about a person (``inmates``,
# every table with an ``inmate_id``, and the tables below those by foreign key) and what
# ``PrivacyRepo.anonymise`` does with it: ``CLEARED``, ``DELETED``, or kept, saying why.
# tests/integration/test_erasure_columns.py reads the schema and fails on a column missing here,
# so a new free-text column about a person cannot slip past erasure unnoticed.
ERASURE_COLUMNS: dict[str, dict[str, str]] = {
    "inmates": {
        "external_id": CLEARED, "full_name": CLEARED, "domicile_regency_code": CLEARED,
        "domicile_province_code": CLEARED, "education": CLEARED, "skills": CLEARED, "work_history": CLEARED,
        "trainings": CLEARED, "national_id_enc": CLEARED, "offence_enc": CLEARED,
        "pseudonym": "kept: a one-way hash covered by certificate signatures",
        "initials": "kept: stand in for the name on verification, covered by certificate signatures",
        "gender": "kept: statistics (L/P code)", "status": "kept: a status code",
    },
    "consent_events": {"note": CLEARED},
    "assessment_results": {"evidence": CLEARED, "unit_code": "kept: an SKKNI unit code", "result": "kept: K/BK"},
    "certificates": {
        "status_reason": CLEARED,
        "number": "kept: the certificate stays verifiable", "status": "kept: a status code",
        "renewal_kind": "kept: a code", "key_id": "kept: the signing key's id", "signature": "kept: the signature",
    },
    "certificate_units": {"unit_code": "kept: an SKKNI unit code"},
    "certificate_status_entries": {"holder_salt": "kept: random salt of the holder hash in issued credentials"},
    "certificate_claims": {"code": "kept: random claim code", "pin_hash": "kept: a PIN hash"},
    "certificate_holder_names": {
        "name_enc": "kept until the certificate's validity ends: the holder's name, encrypted, for the holder's "
        "full-name documents and renewal after erasure (SECURITY.md)",
    },
    "registry_entries": {
        "public_id": "kept: random id of the facility-free credential", "holder_salt": "kept: random salt",
    },
    "applications": {"stage_reason": CLEARED, "stage": "kept: a stage code"},
    "application_events": {"reason": CLEARED, "from_stage": "kept: a stage code", "to_stage": "kept: a stage code"},
    "application_notes": {"body": DELETED},
    "placements": {"position_title": CLEARED},
    "placement_followups": {"note": CLEARED},
    "offence_disclosures": {"reason": CLEARED},
    "human_reviews": {"objection": CLEARED, "outcome": CLEARED, "status": "kept: a status code"},
    "lsp_enrolments": {"source": "kept: a code"},
    "training_enrolments": {"status": "kept: a status code"},
    "inmate_embeddings": {"model": DELETED, "text_hash": DELETED, "province_code": DELETED},
    "result_searches": {"view": "kept: a view code (employer/officer)",
                        "feature_names": "kept: the matcher's feature names, no text about the person"},
    "inmate_events": {"kind": "kept: an event code (release, transfer, readmission)",
                      "delta_id": "kept: the SDP's opaque delta id"},
    "feed_deltas": {"delta_id": "kept: the SDP's opaque delta id"},
}  # fmt: skip


@dataclass(frozen=True)
class ApplicationContext:
    """An application with the ids needed to check who may act on it."""

    id: int
    stage: str
    inmate_id: int
    vacancy_id: int
    employer_id: int


@dataclass(frozen=True)
class UserScope:
    id: int
    role: str
    employer_id: int | None
    bapas_id: int | None
    lsp_id: int | None
    active: bool


@dataclass(frozen=True)
class SubjectData:
    """Everything stored about one person, as plain JSON-ready mappings (export)."""

    inmate: dict[str, Any]
    consent_events: tuple[dict[str, Any], ...]
    assessments: tuple[dict[str, Any], ...]
    certificates: tuple[dict[str, Any], ...]
    applications: tuple[dict[str, Any], ...]
    placements: tuple[dict[str, Any], ...]
    offence_disclosures: tuple[dict[str, Any], ...]
    human_reviews: tuple[dict[str, Any], ...]
    audit_events: tuple[dict[str, Any], ...]


def _disclosure(r: asyncpg.Record) -> OffenceDisclosure:
    return OffenceDisclosure(
        r["id"], r["application_id"], r["inmate_id"], r["employer_id"], r["released_by"], r["reason"], r["created_at"]
    )


def _review(r: asyncpg.Record) -> HumanReview:
    return HumanReview(
        id=r["id"],
        inmate_id=r["inmate_id"],
        vacancy_id=r["vacancy_id"],
        requested_by=r["requested_by"],
        objection=r["objection"],
        status=r["status"],
        outcome=r["outcome"],
        reviewed_by=r["reviewed_by"],
        reviewed_at=r["reviewed_at"],
        created_at=r["created_at"],
    )


def _rows(records: list[asyncpg.Record]) -> tuple[dict[str, Any], ...]:
    return tuple(dict(r) for r in records)


class PrivacyRepo:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def matching_consented(self, pseudonyms: Sequence[str]) -> set[str]:
        """Those of ``pseudonyms`` whose person still consents to employer matching and is not
        erased (an erasure also clears the consent; both are checked)."""
        rows = await self.conn.fetch(
            """
            SELECT pseudonym FROM inmates
            WHERE pseudonym = ANY ($1::text[]) AND consent_matching AND anonymised_at IS NULL
            """,
            list(pseudonyms),
        )
        return {r["pseudonym"] for r in rows}

    async def user_scope(self, user_id: int) -> UserScope:
        r = await self.conn.fetchrow(
            "SELECT id, role, employer_id, bapas_id, lsp_id, active FROM users WHERE id = $1", user_id
        )
        if r is None:
            raise NotFound("user", user_id)
        return UserScope(r["id"], r["role"], r["employer_id"], r["bapas_id"], r["lsp_id"], r["active"])

    async def set_sensitive(self, inmate_id: int, national_id_enc: bytes | None, offence_enc: bytes | None) -> None:
        done = await self.conn.execute(
            """
            UPDATE inmates SET national_id_enc = $2, offence_enc = $3, version = version + 1, updated_at = now()
            WHERE id = $1 AND anonymised_at IS NULL
            """,
            inmate_id,
            national_id_enc,
            offence_enc,
        )
        if done == "UPDATE 0":
            raise NotFound("inmate", inmate_id)

    async def update_sensitive(
        self,
        inmate_id: int,
        national_id_enc: bytes | None,
        offence_enc: bytes | None,
        *,
        set_national_id: bool,
        set_offence: bool,
    ) -> None:
        """Write either encrypted column or both (a column not set keeps its value), in one statement."""
        done = await self.conn.execute(
            """
            UPDATE inmates SET
                national_id_enc = CASE WHEN $4 THEN $2 ELSE national_id_enc END,
                offence_enc = CASE WHEN $5 THEN $3 ELSE offence_enc END,
                version = version + 1, updated_at = now()
            WHERE id = $1 AND anonymised_at IS NULL
            """,
            inmate_id,
            national_id_enc,
            offence_enc,
            set_national_id,
            set_offence,
        )
        if done == "UPDATE 0":
            raise NotFound("inmate", inmate_id)

    async def application_context(self, application_id: int, *, for_update: bool = False) -> ApplicationContext:
        r = await self.conn.fetchrow(
            f"""
            SELECT a.id, a.stage, a.inmate_id, a.vacancy_id, v.employer_id
            FROM applications a JOIN vacancies v ON v.id = a.vacancy_id
            WHERE a.id = $1 {"FOR UPDATE OF a" if for_update else ""}
            """,
            application_id,
        )
        if r is None:
            raise NotFound("application", application_id)
        return ApplicationContext(r["id"], r["stage"], r["inmate_id"], r["vacancy_id"], r["employer_id"])

    async def add_disclosure(
        self, application_id: int, inmate_id: int, employer_id: int, released_by: int, reason: str
    ) -> OffenceDisclosure:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO offence_disclosures (application_id, inmate_id, employer_id, released_by, reason)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (application_id) DO UPDATE SET reason = offence_disclosures.reason
            RETURNING {_DISCLOSURE_COLS}
            """,
            application_id,
            inmate_id,
            employer_id,
            released_by,
            reason,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _disclosure(r)

    async def disclosure_for(self, application_id: int) -> OffenceDisclosure | None:
        r = await self.conn.fetchrow(
            f"SELECT {_DISCLOSURE_COLS} FROM offence_disclosures WHERE application_id = $1", application_id
        )
        return None if r is None else _disclosure(r)

    async def add_review(
        self, inmate_id: int, vacancy_id: int | None, requested_by: int | None, objection: str
    ) -> HumanReview:
        r = await self.conn.fetchrow(
            f"""
            INSERT INTO human_reviews (inmate_id, vacancy_id, requested_by, objection)
            VALUES ($1, $2, $3, $4) RETURNING {_REVIEW_COLS}
            """,
            inmate_id,
            vacancy_id,
            requested_by,
            objection,
        )
        assert r is not None  # INSERT ... RETURNING always yields the row
        return _review(r)

    async def get_review(self, review_id: int) -> HumanReview:
        r = await self.conn.fetchrow(f"SELECT {_REVIEW_COLS} FROM human_reviews WHERE id = $1", review_id)
        if r is None:
            raise NotFound("human review", review_id)
        return _review(r)

    async def complete_review(self, review_id: int, reviewed_by: int | None, outcome: str) -> HumanReview:
        r = await self.conn.fetchrow(
            f"""
            UPDATE human_reviews SET status = 'completed', outcome = $3, reviewed_by = $2, reviewed_at = now()
            WHERE id = $1 AND status = 'requested' RETURNING {_REVIEW_COLS}
            """,
            review_id,
            reviewed_by,
            outcome,
        )
        if r is None:
            raise NotFound("open human review", review_id)
        return _review(r)

    async def list_reviews(self, *, inmate_id: int | None = None, status: str | None = None) -> list[HumanReview]:
        rows = await self.conn.fetch(
            f"""
            SELECT {_REVIEW_COLS} FROM human_reviews
            WHERE ($1::bigint IS NULL OR inmate_id = $1) AND ($2::text IS NULL OR status = $2)
            ORDER BY created_at, id
            """,
            inmate_id,
            status,
        )
        return [_review(r) for r in rows]

    async def subject_data(self, inmate_id: int) -> SubjectData:
        """Every row about one person (the data-subject export)."""
        conn = self.conn
        inmate = await conn.fetchrow(
            """
            SELECT id, external_id, pseudonym, full_name, initials, birth_year, gender, facility_id, bapas_id,
                   domicile_regency_code, domicile_province_code, education, skills, work_history, trainings,
                   status, expected_release_date, asimilasi_date, pb_date, cb_date, cmb_date,
                   consent_matching, consent_reveal_name, consent_reveal_facility, consent_reveal_offence,
                   national_id_enc, offence_enc, anonymised_at, version, created_at, updated_at
            FROM inmates WHERE id = $1
            """,
            inmate_id,
        )
        if inmate is None:
            raise NotFound("inmate", inmate_id)
        consent = await conn.fetch(
            """
            SELECT id, employer_matching, reveal_name, reveal_facility, reveal_offence, recorded_by, note, created_at
            FROM consent_events WHERE inmate_id = $1 ORDER BY created_at, id
            """,
            inmate_id,
        )
        assessments = await conn.fetch(
            """
            SELECT a.id, s.code AS scheme_code, a.assessor_id, a.tuk_id, a.assessed_on, a.created_at,
                   coalesce(array_agg(r.unit_code || ':' || r.result ORDER BY r.unit_code)
                            FILTER (WHERE r.unit_code IS NOT NULL), '{}') AS results
            FROM assessments a JOIN schemes s ON s.id = a.scheme_id
            LEFT JOIN assessment_results r ON r.assessment_id = a.id
            WHERE a.inmate_id = $1 GROUP BY a.id, s.code ORDER BY a.assessed_on, a.id
            """,
            inmate_id,
        )
        certificates = await conn.fetch(
            """
            SELECT c.id, c.number, s.code AS scheme_code, s.title AS scheme_title, c.issued_on, c.valid_until,
                   c.status, c.status_reason, c.status_at,
                   coalesce(array_agg(cu.unit_code ORDER BY cu.unit_code)
                            FILTER (WHERE cu.unit_code IS NOT NULL), '{}') AS units
            FROM certificates c JOIN schemes s ON s.id = c.scheme_id
            LEFT JOIN certificate_units cu ON cu.certificate_id = c.id
            WHERE c.inmate_id = $1 GROUP BY c.id, s.code, s.title ORDER BY c.issued_on, c.id
            """,
            inmate_id,
        )
        applications = await conn.fetch(
            """
            SELECT a.id, a.vacancy_id, v.title AS vacancy_title, v.employer_id, a.stage, a.stage_reason,
                   a.created_at, a.updated_at,
                   coalesce((SELECT json_agg(json_build_object('from', e.from_stage, 'to', e.to_stage,
                                                               'reason', e.reason, 'at', e.created_at)
                                             ORDER BY e.created_at, e.id)
                             FROM application_events e WHERE e.application_id = a.id)::text, '[]') AS events
            FROM applications a JOIN vacancies v ON v.id = a.vacancy_id
            WHERE a.inmate_id = $1 ORDER BY a.created_at, a.id
            """,
            inmate_id,
        )
        placements = await conn.fetch(
            """
            SELECT p.id, p.employer_id, p.vacancy_id, p.position_title, p.started_on,
                   coalesce((SELECT json_agg(json_build_object('month', f.month,
                                                               'still_employed', f.still_employed,
                                                               'note', f.note) ORDER BY f.month)
                             FROM placement_followups f WHERE f.placement_id = p.id)::text, '[]') AS followups
            FROM placements p WHERE p.inmate_id = $1 ORDER BY p.started_on, p.id
            """,
            inmate_id,
        )
        disclosures = await conn.fetch(
            f"SELECT {_DISCLOSURE_COLS} FROM offence_disclosures WHERE inmate_id = $1 ORDER BY id", inmate_id
        )
        reviews = await conn.fetch(
            f"SELECT {_REVIEW_COLS} FROM human_reviews WHERE inmate_id = $1 ORDER BY id", inmate_id
        )
        audit = await AuditRepo(conn).search(subject_inmate_id=inmate_id, limit=1_000_000)
        return SubjectData(
            inmate=dict(inmate),
            consent_events=_rows(consent),
            assessments=_rows(assessments),
            certificates=_rows(certificates),
            applications=_rows(applications),
            placements=_rows(placements),
            offence_disclosures=_rows(disclosures),
            human_reviews=_rows(reviews),
            audit_events=tuple(asdict(e) for e in reversed(audit)),
        )

    async def anonymise(self, inmate_id: int, initials: str, erased_name: str) -> bool:
        """Erase a person but keep their certificates verifiable; False if already erased.

        Identity and free text go; what stays is the row id (certificates point at it), the
        pseudonym and holder initials (both covered by certificate signatures; the pseudonym is a
        one-way hash of the erased external id), gender and the birth decade (statistics), and the
        consent history without notes. Certificates, their units and the audit log are kept. Every
        free-text column about the person is cleared: ``ERASURE_COLUMNS`` lists each and what happens.
        """
        done = await self.conn.execute(
            """
            UPDATE inmates SET
                initials = $2, full_name = $3,
                external_id = 'DIHAPUS-' || id::text,
                birth_year = birth_year - birth_year % 10,
                domicile_regency_code = NULL, domicile_province_code = NULL, education = NULL,
                skills = '{}', work_history = '{}', trainings = '{}',
                expected_release_date = NULL, asimilasi_date = NULL, pb_date = NULL, cb_date = NULL,
                cmb_date = NULL,
                consent_matching = false, consent_reveal_name = false, consent_reveal_facility = false,
                consent_reveal_offence = false,
                national_id_enc = NULL, offence_enc = NULL,
                anonymised_at = now(), version = version + 1, updated_at = now()
            WHERE id = $1 AND anonymised_at IS NULL
            """,
            inmate_id,
            initials,
            erased_name,
        )
        if done == "UPDATE 0":
            return False
        await self.conn.execute("DELETE FROM inmate_embeddings WHERE inmate_id = $1", inmate_id)
        # the matcher's kept reference holds up to 200 people's document texts (migration 0834)
        await self.conn.execute("DELETE FROM reference_snapshots WHERE inmate_ids @> ARRAY[$1::bigint]", inmate_id)
        await self.conn.execute("UPDATE consent_events SET note = NULL WHERE inmate_id = $1", inmate_id)
        await self.conn.execute(
            "UPDATE assessment_results SET evidence = '' WHERE assessment_id IN "
            "(SELECT id FROM assessments WHERE inmate_id = $1)",
            inmate_id,
        )
        await self.conn.execute("UPDATE applications SET stage_reason = NULL WHERE inmate_id = $1", inmate_id)
        await self.conn.execute(
            "UPDATE application_events SET reason = NULL WHERE application_id IN "
            "(SELECT id FROM applications WHERE inmate_id = $1)",
            inmate_id,
        )
        await self.conn.execute(
            "DELETE FROM application_notes WHERE application_id IN (SELECT id FROM applications WHERE inmate_id = $1)",
            inmate_id,
        )
        await self.conn.execute(
            "UPDATE placement_followups SET note = '' WHERE placement_id IN "
            "(SELECT id FROM placements WHERE inmate_id = $1)",
            inmate_id,
        )
        await self.conn.execute("UPDATE placements SET position_title = '' WHERE inmate_id = $1", inmate_id)
        await self.conn.execute("UPDATE offence_disclosures SET reason = '' WHERE inmate_id = $1", inmate_id)
        await self.conn.execute("UPDATE certificates SET status_reason = NULL WHERE inmate_id = $1", inmate_id)
        await self.conn.execute(
            "UPDATE human_reviews SET objection = '', outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '' END "
            "WHERE inmate_id = $1",
            inmate_id,
        )
        return True

    async def released_due(self, today: date, years: int) -> list[int]:
        """Ids of released, not yet erased people whose release is ``years`` or more ago."""
        rows = await self.conn.fetch(
            """
            SELECT id FROM inmates
            WHERE status = 'released' AND anonymised_at IS NULL AND expected_release_date IS NOT NULL
              AND expected_release_date + make_interval(years => $2) <= $1
            ORDER BY id
            """,
            today,
            years,
        )
        return [r["id"] for r in rows]

-- Day one of a deployment (issue 11): organisations are registered through the service, not by SQL.
--
-- Employer partners apply with their company data and go pending -> active (verified by Kemnaker
-- staff) -> suspended (with a reason) -> active again; an application can also be rejected.
-- Who changed the status last, when and why is kept on the row (the full history is in the audit log).
ALTER TABLE employers
    ADD COLUMN nib                text,
    ADD COLUMN kbli               text,
    ADD COLUMN address            text,
    ADD COLUMN contact_name       text,
    ADD COLUMN contact_phone      text,
    ADD COLUMN fair_chance_policy text,
    ADD COLUMN applied_at         timestamptz,
    ADD COLUMN status_reason      text,
    ADD COLUMN status_changed_at  timestamptz,
    ADD COLUMN status_changed_by  bigint;
ALTER TABLE employers DROP CONSTRAINT IF EXISTS employers_partner_status_check;
ALTER TABLE employers ADD CONSTRAINT employers_partner_status_check
    CHECK (partner_status IN ('pending', 'active', 'suspended', 'rejected'));
-- One partner per business (NIB = Nomor Induk Berusaha, 13 digits); demo rows have none.
CREATE UNIQUE INDEX IF NOT EXISTS employers_nib_idx ON employers (nib) WHERE nib IS NOT NULL;
CREATE INDEX IF NOT EXISTS employers_partner_status_idx ON employers (partner_status, applied_at);

-- An assessor is deactivated (BNSP registration withdrawn, left the LSP) by ending the active
-- period the day before; the date and reason are kept for the LSP's list.
ALTER TABLE assessors
    ADD COLUMN deactivated_at      timestamptz,
    ADD COLUMN deactivation_reason text;

-- The user who administers an organisation's own accounts (invites colleagues of the same
-- employer, Bapas or LSP). The employer's applicant is its first one.
ALTER TABLE users ADD COLUMN org_admin boolean NOT NULL DEFAULT false;

-- An invitation to an organisation: role and scope fixed by whoever invited, password chosen by
-- the invitee with a one-time code (only its sha256 is stored; the code is shown once).
CREATE TABLE invitations (
    id          bigserial PRIMARY KEY,
    code_hash   text NOT NULL UNIQUE,
    email       text NOT NULL,
    name        text NOT NULL,
    role        text NOT NULL
                CHECK (role IN ('employer', 'bapas_officer', 'lsp_assessor', 'kemnaker_staff', 'admin')),
    employer_id bigint REFERENCES employers (id),
    bapas_id    bigint REFERENCES facilities (id),
    lsp_id      bigint REFERENCES lsps (id),
    assessor_id bigint REFERENCES assessors (id),
    org_admin   boolean NOT NULL DEFAULT false,
    invited_by  bigint REFERENCES users (id),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    user_id     bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'employer' OR employer_id IS NOT NULL),
    CHECK (role <> 'bapas_officer' OR bapas_id IS NOT NULL),
    CHECK (role <> 'lsp_assessor' OR lsp_id IS NOT NULL)
);
CREATE INDEX invitations_email_idx ON invitations (lower(email)) WHERE accepted_at IS NULL;

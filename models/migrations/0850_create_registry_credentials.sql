-- Competence without the record (issue 14 item 4). For a certificate of a facility-bound (P1) LSP
-- the deployment, as registry, issues a second credential with the facility-free facts (units,
-- occupation, validity, "issued by a BNSP-licensed LSP (licence number)"), signed with its own
-- did:web key and with its own Bitstring Status List entries whose bits mirror the original's.
CREATE TABLE registry_keys (
    key_id      text PRIMARY KEY,
    public_key  bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

-- One row per certificate that has a registry credential: its opaque public id (the credential's
-- id and its public page, never the certificate number, which names the LSP), its position in the
-- registry's status lists, and the salt of the holder's identity hash in that credential (not the
-- original's, so the two credentials share no salt a reader could match).
CREATE TABLE registry_entries (
    certificate_id  bigint PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,
    public_id       text NOT NULL UNIQUE CHECK (public_id ~ '^[A-Za-z0-9_-]{16,64}$'),
    list_no         integer NOT NULL CHECK (list_no >= 0),
    status_index    integer NOT NULL CHECK (status_index >= 0 AND status_index < 131072),
    holder_salt     text NOT NULL CHECK (length(holder_salt) BETWEEN 16 AND 64),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (list_no, status_index)
);

-- A share link shows either the whole certificate or only the facility-free facts.
ALTER TABLE certificate_shares
    ADD COLUMN kind text NOT NULL DEFAULT 'full' CHECK (kind IN ('full', 'facility_free'));

-- Certificate numbering: one counter per LSP, scheme and year (0 = not part of the LSP's format),
-- incremented with a row lock so two issuers never draw the same number.
CREATE TABLE certificate_sequences (
    lsp_id    bigint  NOT NULL REFERENCES lsps (id),
    scheme_id bigint  NOT NULL,
    year      integer NOT NULL,
    last_seq  integer NOT NULL CHECK (last_seq > 0),
    PRIMARY KEY (lsp_id, scheme_id, year)
);

-- Renewal kind and revocation details are kept beside the status columns.
ALTER TABLE certificates ADD COLUMN renewal_kind text
    CHECK (renewal_kind IS NULL OR renewal_kind IN ('surveillance', 'recertification'));
CREATE INDEX certificates_renewed_from_idx ON certificates (renewed_from_id);
CREATE INDEX signing_keys_lsp_idx ON signing_keys (lsp_id, created_at);
-- at most one active (not retired) signing key per LSP
CREATE UNIQUE INDEX signing_keys_one_active_idx ON signing_keys (lsp_id) WHERE retired_at IS NULL;

-- People registered with an LSP for certification ("asesi" of that LSP), by their Bapas officer,
-- their facility or an import. An assessor looks up and assesses only people enrolled with the
-- own LSP; a first-party LSP (P1, lsps.home_facility_id) serves its own facility's people without
-- a row. Withdrawal keeps the row (who enrolled whom stays on record); a new enrolment is a new row.
CREATE TABLE lsp_enrolments (
    id           bigserial PRIMARY KEY,
    lsp_id       bigint NOT NULL REFERENCES lsps (id) ON DELETE CASCADE,
    inmate_id    bigint NOT NULL REFERENCES inmates (id) ON DELETE CASCADE,
    source       text NOT NULL CHECK (source IN ('officer', 'facility', 'import', 'demo')),
    enrolled_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz,
    withdrawn_by bigint REFERENCES users (id) ON DELETE SET NULL
);
-- At most one live enrolment per person and LSP.
CREATE UNIQUE INDEX lsp_enrolments_live_idx ON lsp_enrolments (lsp_id, inmate_id) WHERE withdrawn_at IS NULL;
CREATE INDEX lsp_enrolments_inmate_idx ON lsp_enrolments (inmate_id);

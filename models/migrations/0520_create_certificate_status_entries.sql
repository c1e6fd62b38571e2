-- Verifiable credentials (issue 14): each certificate's stable position in its LSP's Bitstring
-- Status Lists (one list per purpose, revocation and suspension, same index in both), drawn at
-- random when its credential is first exported, and the salt of the holder's identity hash.
CREATE TABLE certificate_status_entries (
    certificate_id bigint PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,
    lsp_id         bigint NOT NULL REFERENCES lsps (id),
    list_no        integer NOT NULL CHECK (list_no >= 0),
    status_index   integer NOT NULL CHECK (status_index >= 0 AND status_index < 131072),
    holder_salt    text NOT NULL CHECK (length(holder_salt) BETWEEN 16 AND 64),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (lsp_id, list_no, status_index)
);

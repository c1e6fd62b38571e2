-- Retention that protects the holder (issue 14 item 5): the holder's full name, encrypted by the
-- application (AES-256-GCM with the data key, the certificate id sealed inside), kept per
-- certificate until the certificate's validity ends, so that after an erasure of the profile the
-- holder (claim code + PIN) still gets the full-name document and the LSP can still renew.
CREATE TABLE certificate_holder_names (
    certificate_id  bigint PRIMARY KEY REFERENCES certificates (id) ON DELETE CASCADE,
    name_enc        bytea NOT NULL,
    keep_until      date NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_holder_names_keep_idx ON certificate_holder_names (keep_until);

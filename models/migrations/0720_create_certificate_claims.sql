-- Holder access without an account (issue 14): every certificate gets a claim code (random,
-- printed on the PDF and on the release papers) and a PIN kept only as a scrypt hash. Wrong PINs
-- are counted per code and lock it for a growing time (checked and counted under the row lock, so
-- parallel guesses cannot slip past); the Bapas officer's reprint of the release papers sets a new
-- PIN and clears the count. Share links are stored as the SHA-256 of their token only.
CREATE TABLE certificate_claims (
    id              bigserial PRIMARY KEY,
    certificate_id  bigint NOT NULL UNIQUE REFERENCES certificates (id) ON DELETE CASCADE,
    code            text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z]{12}$'),
    pin_hash        text NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    pin_set_at      timestamptz NOT NULL DEFAULT now(),
    pin_set_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE certificate_shares (
    id          bigserial PRIMARY KEY,
    claim_id    bigint NOT NULL REFERENCES certificate_claims (id) ON DELETE CASCADE,
    token_hash  text NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_shares_claim_idx ON certificate_shares (claim_id, created_at);
-- The holder page counts share-link views per day from the audit log (public verifications come
-- from certificate_verification_counts, 0713).
CREATE INDEX audit_events_share_view_idx ON audit_events (object_id, at) WHERE action = 'holder.share_view';

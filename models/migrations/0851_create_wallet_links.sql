-- "Add to a wallet" (issue 14 item 3): the holder page shows a QR code / deep link to a short-lived
-- URL from which a wallet app fetches the credential JSON. Only the token's SHA-256 is kept; the
-- link ends after minutes (certification.holder.WALLET_MINUTES) and with the claim.
CREATE TABLE certificate_wallet_links (
    token_hash  text PRIMARY KEY,
    claim_id    bigint NOT NULL REFERENCES certificate_claims (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('full', 'facility_free')),
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_wallet_links_claim_idx ON certificate_wallet_links (claim_id, expires_at);

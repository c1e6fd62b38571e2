-- Sign-in throttle (SECURITY.md row 7): failed sign-ins counted per key (an address, an account, an
-- account at an address; keys are SHA-256 digests, never the email or address itself). A key with
-- enough recent failures must wait a delay that grows with each further failure; nothing locks.
-- The check and the count are one locked step (SELECT ... FOR UPDATE in the sign-in transaction).
CREATE TABLE sign_in_throttle (
    key             text PRIMARY KEY,
    failures        integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_failure_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_throttle_age_idx ON sign_in_throttle (last_failure_at);

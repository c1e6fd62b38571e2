-- Anonymous /verify requests are counted per certificate per day (one upserted row), not written
-- to the append-only audit log one row per request (issue 13 row 10). Signed-in reads stay audited.
CREATE TABLE certificate_verification_counts (
    certificate_id bigint NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    day            date NOT NULL,
    count          bigint NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (certificate_id, day)
);

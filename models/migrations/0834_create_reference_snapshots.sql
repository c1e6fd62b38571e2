-- Issue 17: the reference documents `binakerja reindex` fitted on (matcher.snapshot), so every process
-- fits the same reference until the next reindex renews it, and the statistics stored against its
-- fingerprint (reference_profile_stats, reference_vacancy_stats) stay in use when one of the reference's
-- profiles is edited. One row is kept. It holds document texts of up to 200 people (skills, work history,
-- certificates; no name, NIK or offence): erasing one of them deletes the row (inmate_ids), and the next
-- fit falls back to the live index.
CREATE TABLE IF NOT EXISTS reference_snapshots (
    fingerprint text PRIMARY KEY,
    model       text NOT NULL,
    fitted_on   date NOT NULL,
    inmate_ids  bigint[] NOT NULL,
    vacancy_ids bigint[] NOT NULL,
    documents   jsonb NOT NULL,   -- texts and items of both sides (matcher.snapshot.pack)
    vectors     bytea NOT NULL,   -- their float32 vectors, little-endian, in pack's order
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS reference_snapshots_inmates ON reference_snapshots USING gin (inmate_ids);

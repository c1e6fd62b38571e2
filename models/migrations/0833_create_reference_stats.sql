-- Issue 17: per-profile statistics against the matcher's reference sample (matcher.reference),
-- computed at index time (``binakerja reindex``) instead of on the first query that retrieves the
-- profile: its typical pseudo-relevance feedback over the reference vacancies ("feedback hubness"),
-- which needs the profile's TF-IDF similarity with every reference profile (most of the re-ranking
-- cost of a pool of first-seen profiles at 300,000 profiles). Keyed like text_terms by the hash of the
-- document text, and by the fingerprint of the reference it was measured against: a row of another
-- reference is never used (the query computes the value itself), and is deleted by the next run.
CREATE TABLE IF NOT EXISTS reference_stats (
    reference    text NOT NULL,
    text_hash    text NOT NULL,
    feedback_hub real NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (reference, text_hash)
);

-- Issue 17: statistics of each document against the matcher's reference sample (matcher.reference),
-- computed at index time (``binakerja reindex``) instead of on the first query that retrieves it:
-- * a profile's typical pseudo-relevance feedback over the reference vacancies ("feedback hubness"),
--   which needs the profile's TF-IDF similarity with every reference profile;
-- * a vacancy's feedback state: the reference profiles that stand for it and the (mean, std) of their
--   centre's similarities over the reference candidates, which needs all of the vacancy's features
--   against every reference profile.
-- Together most of the re-ranking cost of a pool of first-seen documents at 300,000 profiles. Keyed
-- like text_terms by the hash of the document text, and by the fingerprint of the reference they were
-- measured against: a row of another reference is never used (the query computes the value itself),
-- and is deleted by the next run.
CREATE TABLE IF NOT EXISTS reference_profile_stats (
    reference    text NOT NULL,
    text_hash    text NOT NULL,
    feedback_hub real NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (reference, text_hash)
);

CREATE TABLE IF NOT EXISTS reference_vacancy_stats (
    reference        text NOT NULL,
    text_hash        text NOT NULL,
    feedback_top     integer[] NOT NULL,           -- rows of the reference profiles, ascending
    feedback_spreads double precision[] NOT NULL,  -- (mean, std) per part: embedding, char, word
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (reference, text_hash)
);

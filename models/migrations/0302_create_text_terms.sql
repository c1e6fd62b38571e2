-- Hashed word (1-2) and char_wb (3-5) n-gram counts of each profile and vacancy document text,
-- keyed by text hash, computed at index time. Re-ranking a pool of a few hundred profiles then
-- reads them instead of running the analyzers on every query (the largest share of query time
-- at 300,000 profiles). Arrays are raw little-endian int32 column indices and float32 counts.
CREATE TABLE IF NOT EXISTS text_terms (
    text_hash  text PRIMARY KEY,
    word_idx   bytea NOT NULL,
    word_val   bytea NOT NULL,
    char_idx   bytea NOT NULL,
    char_val   bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

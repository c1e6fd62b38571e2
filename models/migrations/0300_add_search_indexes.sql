-- Search at national scale (issue 6): indexes for the filters retrieval checks before or instead of
-- the HNSW scan, and vectors kept inline.

-- Narrow filters are searched exactly on the filtered set (models/repositories/embeddings.py), so
-- each narrow filter needs an index that finds that set: regency (province and Bapas have one).
CREATE INDEX IF NOT EXISTS inmates_regency_idx ON inmates (domicile_regency_code);
-- "holds a live certificate of scheme X" filter.
CREATE INDEX IF NOT EXISTS certificates_scheme_live_idx ON certificates (scheme_id, inmate_id)
    WHERE status = 'active';
-- Employer searches in one province: people who consented, by province and release date.
CREATE INDEX IF NOT EXISTS inmates_employer_search_idx
    ON inmates (domicile_province_code, expected_release_date)
    WHERE consent_matching AND anonymised_at IS NULL;

-- A 512-dimension vector is 2,056 bytes: with pgvector's default (EXTERNAL) storage every row is
-- pushed to TOAST, so each exact-search row and each re-ranking vector fetch costs a second index
-- lookup. PLAIN keeps it in the row (3 rows per 8 kB page). Applies to rows written from now on.
ALTER TABLE inmate_embeddings ALTER COLUMN embedding SET STORAGE PLAIN;
ALTER TABLE vacancy_embeddings ALTER COLUMN embedding SET STORAGE PLAIN;

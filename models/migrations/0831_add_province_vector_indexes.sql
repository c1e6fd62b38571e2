-- Province-filtered candidate search at national scale (issue 17): one partial HNSW index per province.
--
-- pgvector 0.6 has no iterative index scan: the global HNSW index yields at most hnsw.ef_search (<= 1,000)
-- rows and a WHERE clause is applied after it. An employer searching one province that holds 5 % of
-- 300,000 profiles saw ~25 passing rows per 1,000 scanned, so the search fell back to an exact scan of
-- the province's set (tens of thousands of 2 kB vectors: p95 173 ms at 300,000 profiles). With a partial
-- index per province (pgvector's "partial indexing" for filters with few distinct values) the scan walks
-- only the province's graph and every row it yields is in the province.
--
-- The index predicate must name a column of the indexed table, so inmate_embeddings carries a copy of
-- the person's domicile province, kept by triggers: set from inmates on every insert or update of an
-- embedding row, and copied when a person's domicile province changes (or is cleared on anonymisation).
-- The search adds "e.province_code = '<code>'" as a literal (models/repositories/embeddings.py), so the
-- planner can prove the predicate and choose the province's index.

ALTER TABLE inmate_embeddings ADD COLUMN IF NOT EXISTS province_code text;

CREATE OR REPLACE FUNCTION inmate_embeddings_set_province() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.province_code := (SELECT i.domicile_province_code FROM inmates i WHERE i.id = NEW.inmate_id);
    RETURN NEW;
END $$;

CREATE TRIGGER inmate_embeddings_province BEFORE INSERT OR UPDATE ON inmate_embeddings
    FOR EACH ROW EXECUTE FUNCTION inmate_embeddings_set_province();

CREATE OR REPLACE FUNCTION inmates_copy_province_to_embedding() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inmate_embeddings SET province_code = NEW.domicile_province_code WHERE inmate_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER inmates_province_to_embedding AFTER UPDATE OF domicile_province_code ON inmates
    FOR EACH ROW WHEN (OLD.domicile_province_code IS DISTINCT FROM NEW.domicile_province_code)
    EXECUTE FUNCTION inmates_copy_province_to_embedding();

-- Backfill rows written before this migration. Every updated row is a new row version that each HNSW
-- index would take as one more insert, so the global index is dropped first and built again after,
-- with the partial ones, from the finished rows (a bulk build, far cheaper than row-by-row inserts).
DROP INDEX IF EXISTS inmate_embeddings_hnsw;
UPDATE inmate_embeddings e SET province_code = i.domicile_province_code
    FROM inmates i WHERE i.id = e.inmate_id AND e.province_code IS DISTINCT FROM i.domicile_province_code;
SET LOCAL maintenance_work_mem = '1GB';
CREATE INDEX inmate_embeddings_hnsw ON inmate_embeddings USING hnsw (embedding vector_cosine_ops);

DO $$
DECLARE p record;
BEGIN
    FOR p IN SELECT code FROM provinces ORDER BY code LOOP
        IF p.code ~ '^[0-9]{2}$' THEN
            EXECUTE format(
                'CREATE INDEX IF NOT EXISTS %I ON inmate_embeddings USING hnsw (embedding vector_cosine_ops) '
                'WHERE province_code = %L', 'inmate_embeddings_hnsw_p' || p.code, p.code);
        END IF;
    END LOOP;
END $$;

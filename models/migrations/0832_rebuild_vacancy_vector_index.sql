-- Candidate -> vacancies retrieval recall (issue 17). With pgvector's default graph (m = 16,
-- ef_construction = 64) the 50,000-vacancy index reached recall@20 0.945 under the officer's filter
-- (open, starting after the person is free) at ef_search 250, and 0.98 only at ef_search 1,000. A graph
-- built with ef_construction = 200 reaches 0.977 at 250 and 0.985 at 400 (bench/scale.py's database,
-- 2026-12-02), and the search starts vacancies at ef_search 400 (models/repositories/embeddings.py).
-- Vacancies are few (one building takes ~23 s at 50,000 on 2 cores), so the better graph is cheap.
SET LOCAL maintenance_work_mem = '1GB';
DROP INDEX IF EXISTS vacancy_embeddings_hnsw;
CREATE INDEX vacancy_embeddings_hnsw ON vacancy_embeddings USING hnsw (embedding vector_cosine_ops)
    WITH (m = 16, ef_construction = 200);

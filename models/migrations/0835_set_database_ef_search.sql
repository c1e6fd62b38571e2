-- Issue 17: every HNSW scan of the service starts at hnsw.ef_search 400
-- (models/repositories/embeddings.py, DEFAULT_EF_SEARCH), which cost one SET statement per search,
-- a round trip of every ranking query. As the database's default, a search that wants 400 sends
-- none (it checks the value it ran with and sets it only when another one was in force). Needs the
-- database's owner; without that right the default stays pgvector's and searches send the SET.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET hnsw.ef_search = 400', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'hnsw.ef_search default not set (not the database owner): searches set it per query';
END
$$;

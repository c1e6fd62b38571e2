-- Vectors of the short item texts the re-ranker aligns one by one (skills, work-history lines,
-- certified unit titles, vacancy requirements and titles), keyed by model and text hash. They are
-- computed when profiles and vacancies are indexed, so ranking a query never runs the model:
-- at 300,000 profiles most work-history lines are unique and an in-process cache misses them.
CREATE TABLE IF NOT EXISTS text_embeddings (
    model      text NOT NULL,
    text_hash  text NOT NULL,
    embedding  vector NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, text_hash)
);
ALTER TABLE text_embeddings ALTER COLUMN embedding SET STORAGE PLAIN;

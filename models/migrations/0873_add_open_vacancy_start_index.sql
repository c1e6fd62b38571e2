-- Issue 17: the officer's view (a person's vacancies) keeps open vacancies that start on or after the
-- person is free. For someone released late, few pass: the HNSW scan finds too few and the search
-- falls back to an exact scan of the filtered set (models/repositories/embeddings.py), which read every
-- open vacancy to keep a handful (14-20 ms at 50,000 vacancies, for 31 % of the benchmark's people).
-- On this index the filter is two index conditions (start_date IS NULL OR start_date >= the day).
CREATE INDEX IF NOT EXISTS vacancies_open_start_idx ON vacancies (start_date) WHERE status = 'open';

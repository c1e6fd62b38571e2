-- Issue 17: the language of every document text (matcher.language.detect: 'id', 'en' or '' for
-- unknown), detected once at index time and stored with its n-gram counts, so ranking a pool of
-- first-seen profiles reads it instead of detecting it per query. NULL: not detected yet
-- (`binakerja reindex` fills it; a query detects it meanwhile).
ALTER TABLE text_terms ADD COLUMN IF NOT EXISTS language text CHECK (language IN ('id', 'en', ''));

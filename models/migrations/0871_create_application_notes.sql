-- Issue 12: every note an employer writes on an application is kept (author and time), never
-- overwritten; the stage reason stays on the stage event it belongs to.
CREATE TABLE application_notes (
    id             bigserial PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    body           text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
    created_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_notes_application_idx ON application_notes (application_id, created_at, id);

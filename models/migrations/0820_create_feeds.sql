-- Feeds in (issue 16, items 3 and 5): scheduled pulls from partner systems, their runs, and what
-- the SDP (Sistem Database Pemasyarakatan) deltas record about people: releases, transfers between
-- facilities and re-admissions of released people (an outcome shown next to retention).

-- A partner system pulled on a schedule. vacancy_portal feeds write vacancies of one employer
-- (employer_id); sdp_delta feeds update people, optionally only those of one facility (facility_id).
-- The bearer token is encrypted with the data cipher (AES-256-GCM, field 'feed_token'); never plain.
CREATE TABLE feed_connectors (
    id               bigserial PRIMARY KEY,
    name             text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]{1,62}$'),
    kind             text NOT NULL CHECK (kind IN ('vacancy_portal', 'sdp_delta')),
    url              text NOT NULL CHECK (url ~ '^https?://'),
    token_enc        bytea,
    interval_minutes integer NOT NULL DEFAULT 60 CHECK (interval_minutes BETWEEN 1 AND 10080),
    employer_id      bigint REFERENCES employers (id),
    facility_id      bigint REFERENCES facilities (id),
    active           boolean NOT NULL DEFAULT true,
    last_cursor      text,
    last_run_at      timestamptz,
    last_status      text CHECK (last_status IN ('ok', 'failed')),
    created_by       bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'vacancy_portal' OR employer_id IS NOT NULL),
    CHECK (kind <> 'sdp_delta' OR employer_id IS NULL)
);

-- One pull of one connector. errors: [{"page", "record", "id", "field", "message"}] with the
-- record's 1-based position in its page and an Indonesian message; a failed batch stores nothing
-- and leaves the cursor where it was (cursor_after = the cursor after the last committed batch).
CREATE TABLE feed_runs (
    id              bigserial PRIMARY KEY,
    connector_id    bigint NOT NULL REFERENCES feed_connectors (id),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed')),
    trigger         text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'manual')),
    records_seen    integer NOT NULL DEFAULT 0,
    records_applied integer NOT NULL DEFAULT 0,
    cursor_before   text,
    cursor_after    text,
    errors          jsonb NOT NULL DEFAULT '[]'::jsonb,
    started_by      bigint
);
CREATE INDEX feed_runs_connector_idx ON feed_runs (connector_id, started_at DESC);

-- SDP deltas already applied, by the SDP's own delta id: a re-run (or a page served twice) is a no-op.
CREATE TABLE feed_deltas (
    connector_id bigint NOT NULL REFERENCES feed_connectors (id),
    delta_id     text NOT NULL,
    run_id       bigint NOT NULL REFERENCES feed_runs (id),
    inmate_id    bigint REFERENCES inmates (id),
    applied_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connector_id, delta_id)
);

-- What happened to a person, as a dated history: release, transfer (facility change, from -> to)
-- and re-admission of a released person (the outcome counted on the Kemnaker dashboard).
CREATE TABLE inmate_events (
    id               bigserial PRIMARY KEY,
    inmate_id        bigint NOT NULL REFERENCES inmates (id),
    kind             text NOT NULL CHECK (kind IN ('release', 'transfer', 'readmission')),
    occurred_on      date NOT NULL,
    facility_id      bigint REFERENCES facilities (id),
    from_facility_id bigint REFERENCES facilities (id),
    run_id           bigint REFERENCES feed_runs (id),
    delta_id         text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'transfer' OR (facility_id IS NOT NULL AND from_facility_id IS NOT NULL)),
    CHECK (kind <> 'readmission' OR facility_id IS NOT NULL)
);
CREATE INDEX inmate_events_inmate_idx ON inmate_events (inmate_id, occurred_on);
CREATE INDEX inmate_events_kind_idx ON inmate_events (kind, occurred_on);

-- Core schema: places, facilities, people, catalogue, certificates, employers, vacancies,
-- applications, placements, users, consent and audit. Province codes are carried on the big
-- tables (inmates, vacancies) so they can become a distribution key (Citus) without joins.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE provinces (
    code        text PRIMARY KEY,
    name        text NOT NULL
);

CREATE TABLE regencies (
    code          text PRIMARY KEY,
    name          text NOT NULL,
    province_code text NOT NULL REFERENCES provinces (code),
    lat           double precision,
    lon           double precision
);

CREATE TABLE facilities (
    id            bigserial PRIMARY KEY,
    code          text NOT NULL UNIQUE,
    name          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('lapas', 'rutan', 'lpka', 'bapas')),
    kanwil        text NOT NULL,
    province_code text NOT NULL REFERENCES provinces (code),
    regency_code  text NOT NULL REFERENCES regencies (code),
    bapas_id      bigint REFERENCES facilities (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inmates (
    id                      bigserial PRIMARY KEY,
    external_id             text NOT NULL UNIQUE,
    pseudonym               text NOT NULL UNIQUE,
    full_name               text NOT NULL,
    birth_year              integer NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
    gender                  text NOT NULL CHECK (gender IN ('L', 'P')),
    facility_id             bigint NOT NULL REFERENCES facilities (id),
    bapas_id                bigint REFERENCES facilities (id),
    domicile_regency_code   text REFERENCES regencies (code),
    domicile_province_code  text REFERENCES provinces (code),
    education               text,
    skills                  text[] NOT NULL DEFAULT '{}',
    work_history            text[] NOT NULL DEFAULT '{}',
    trainings               text[] NOT NULL DEFAULT '{}',
    status                  text NOT NULL DEFAULT 'sentenced'
                            CHECK (status IN ('detained', 'sentenced', 'assimilation', 'parole', 'released')),
    expected_release_date   date,
    asimilasi_date          date,
    pb_date                 date,
    cb_date                 date,
    cmb_date                date,
    -- current consent (history in consent_events)
    consent_matching        boolean NOT NULL DEFAULT false,
    consent_reveal_name     boolean NOT NULL DEFAULT false,
    consent_reveal_facility boolean NOT NULL DEFAULT false,
    consent_reveal_offence  boolean NOT NULL DEFAULT false,
    -- application-level encrypted specific personal data (UU PDP 27/2022)
    national_id_enc         bytea,
    offence_enc             bytea,
    anonymised_at           timestamptz,
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inmates_bapas_idx ON inmates (bapas_id);
CREATE INDEX inmates_facility_idx ON inmates (facility_id);
CREATE INDEX inmates_province_idx ON inmates (domicile_province_code);
CREATE INDEX inmates_release_idx ON inmates (expected_release_date);

CREATE TABLE consent_events (
    id               bigserial PRIMARY KEY,
    inmate_id        bigint NOT NULL REFERENCES inmates (id),
    employer_matching boolean NOT NULL,
    reveal_name      boolean NOT NULL,
    reveal_facility  boolean NOT NULL,
    reveal_offence   boolean NOT NULL,
    recorded_by      bigint,
    note             text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_events_inmate_idx ON consent_events (inmate_id);

CREATE TABLE competency_units (
    code        text PRIMARY KEY,
    title       text NOT NULL,
    sector      text NOT NULL,
    kkni_level  integer CHECK (kkni_level BETWEEN 1 AND 9),
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lsps (
    id                  bigserial PRIMARY KEY,
    code                text NOT NULL UNIQUE,
    name                text NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('P1', 'P2', 'P3')),
    licence_number      text NOT NULL,
    licence_valid_until date NOT NULL,
    number_format       text NOT NULL DEFAULT '{lsp}/{scheme}/{year}/{seq:06d}',
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schemes (
    id             bigserial PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    title          text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('occupation', 'cluster', 'kkni')),
    lsp_id         bigint NOT NULL REFERENCES lsps (id),
    kkni_level     integer CHECK (kkni_level BETWEEN 1 AND 9),
    validity_years integer NOT NULL DEFAULT 3 CHECK (validity_years BETWEEN 1 AND 10),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scheme_units (
    scheme_id bigint NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    unit_code text NOT NULL REFERENCES competency_units (code),
    position  integer NOT NULL,
    PRIMARY KEY (scheme_id, unit_code)
);

CREATE TABLE assessors (
    id                  bigserial PRIMARY KEY,
    registration_number text NOT NULL UNIQUE,
    name                text NOT NULL,
    lsp_id              bigint NOT NULL REFERENCES lsps (id),
    active_from         date NOT NULL,
    active_until        date NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tuks (
    id           bigserial PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    name         text NOT NULL,
    lsp_id       bigint NOT NULL REFERENCES lsps (id),
    facility_id  bigint REFERENCES facilities (id),
    regency_code text REFERENCES regencies (code),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assessments (
    id          bigserial PRIMARY KEY,
    inmate_id   bigint NOT NULL REFERENCES inmates (id),
    scheme_id   bigint NOT NULL REFERENCES schemes (id),
    assessor_id bigint NOT NULL REFERENCES assessors (id),
    tuk_id      bigint REFERENCES tuks (id),
    assessed_on date NOT NULL,
    created_by  bigint,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessments_inmate_idx ON assessments (inmate_id, scheme_id);

CREATE TABLE assessment_results (
    assessment_id bigint NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    unit_code     text NOT NULL REFERENCES competency_units (code),
    result        text NOT NULL CHECK (result IN ('K', 'BK')),
    evidence      text NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, unit_code)
);

CREATE TABLE signing_keys (
    key_id      text PRIMARY KEY,
    lsp_id      bigint NOT NULL REFERENCES lsps (id),
    public_key  bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

CREATE TABLE certificates (
    id               bigserial PRIMARY KEY,
    number           text NOT NULL UNIQUE,
    inmate_id        bigint NOT NULL REFERENCES inmates (id),
    scheme_id        bigint NOT NULL REFERENCES schemes (id),
    lsp_id           bigint NOT NULL REFERENCES lsps (id),
    assessment_id    bigint REFERENCES assessments (id),
    issued_on        date NOT NULL,
    valid_until      date NOT NULL,
    status           text NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'suspended', 'revoked', 'renewed')),
    status_reason    text,
    status_by        bigint,
    status_at        timestamptz,
    suspended_until  date,
    renewed_from_id  bigint REFERENCES certificates (id),
    key_id           text REFERENCES signing_keys (key_id),
    signature        text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_until > issued_on)
);
CREATE INDEX certificates_inmate_idx ON certificates (inmate_id);
-- at most one live (active or suspended) certificate per person and scheme
CREATE UNIQUE INDEX certificates_one_live_idx ON certificates (inmate_id, scheme_id)
    WHERE status IN ('active', 'suspended');

CREATE TABLE certificate_units (
    certificate_id bigint NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    unit_code      text NOT NULL REFERENCES competency_units (code),
    PRIMARY KEY (certificate_id, unit_code)
);

CREATE TABLE employers (
    id             bigserial PRIMARY KEY,
    external_id    text NOT NULL UNIQUE,
    name           text NOT NULL,
    sector         text NOT NULL DEFAULT '',
    province_code  text REFERENCES provinces (code),
    regency_code   text REFERENCES regencies (code),
    partner_status text NOT NULL DEFAULT 'active' CHECK (partner_status IN ('pending', 'active', 'suspended')),
    contact_email  text,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vacancies (
    id             bigserial PRIMARY KEY,
    external_id    text NOT NULL UNIQUE,
    employer_id    bigint NOT NULL REFERENCES employers (id),
    title          text NOT NULL,
    description    text NOT NULL DEFAULT '',
    requirements   text[] NOT NULL DEFAULT '{}',
    required_units text[] NOT NULL DEFAULT '{}',
    province_code  text REFERENCES provinces (code),
    regency_code   text REFERENCES regencies (code),
    positions      integer NOT NULL DEFAULT 1 CHECK (positions > 0),
    start_date     date,
    fair_chance    boolean NOT NULL DEFAULT true,
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('draft', 'open', 'closed')),
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vacancies_employer_idx ON vacancies (employer_id);
CREATE INDEX vacancies_province_idx ON vacancies (province_code) WHERE status = 'open';

CREATE TABLE applications (
    id           bigserial PRIMARY KEY,
    vacancy_id   bigint NOT NULL REFERENCES vacancies (id),
    inmate_id    bigint NOT NULL REFERENCES inmates (id),
    stage        text NOT NULL DEFAULT 'shortlisted'
                 CHECK (stage IN ('shortlisted', 'interview', 'offer', 'hired', 'rejected')),
    stage_reason text,
    version      integer NOT NULL DEFAULT 1,
    created_by   bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vacancy_id, inmate_id)
);

CREATE TABLE application_events (
    id             bigserial PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id),
    from_stage     text,
    to_stage       text NOT NULL,
    reason         text,
    created_by     bigint,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE placements (
    id             bigserial PRIMARY KEY,
    inmate_id      bigint NOT NULL REFERENCES inmates (id),
    employer_id    bigint NOT NULL REFERENCES employers (id),
    vacancy_id     bigint REFERENCES vacancies (id),
    position_title text NOT NULL,
    started_on     date NOT NULL,
    created_by     bigint,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE placement_followups (
    placement_id   bigint NOT NULL REFERENCES placements (id),
    month          integer NOT NULL CHECK (month IN (3, 6, 12)),
    still_employed boolean NOT NULL,
    note           text NOT NULL DEFAULT '',
    created_by     bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (placement_id, month)
);

CREATE TABLE users (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    name           text NOT NULL,
    password_hash  text NOT NULL,
    role           text NOT NULL
                   CHECK (role IN ('employer', 'bapas_officer', 'lsp_assessor', 'kemnaker_staff', 'admin')),
    employer_id    bigint REFERENCES employers (id),
    bapas_id       bigint REFERENCES facilities (id),
    lsp_id         bigint REFERENCES lsps (id),
    assessor_id    bigint REFERENCES assessors (id),
    active         boolean NOT NULL DEFAULT true,
    failed_logins  integer NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'employer' OR employer_id IS NOT NULL),
    CHECK (role <> 'bapas_officer' OR bapas_id IS NOT NULL),
    CHECK (role <> 'lsp_assessor' OR lsp_id IS NOT NULL)
);

CREATE TABLE api_keys (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id),
    prefix      text NOT NULL UNIQUE,
    key_hash    text NOT NULL,
    label       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE audit_events (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor_user_id   bigint,
    actor_role      text NOT NULL,
    action          text NOT NULL,
    object_type     text NOT NULL,
    object_id       text,
    subject_inmate_id bigint,
    reason          text,
    detail          jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_inmate_id, at);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, at);

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Embeddings live beside the rows they describe; text_hash + model decide re-embedding.
CREATE TABLE inmate_embeddings (
    inmate_id     bigint PRIMARY KEY REFERENCES inmates (id) ON DELETE CASCADE,
    model         text NOT NULL,
    text_hash     text NOT NULL,
    embedding     vector(512) NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inmate_embeddings_hnsw ON inmate_embeddings USING hnsw (embedding vector_cosine_ops);

CREATE TABLE vacancy_embeddings (
    vacancy_id    bigint PRIMARY KEY REFERENCES vacancies (id) ON DELETE CASCADE,
    model         text NOT NULL,
    text_hash     text NOT NULL,
    embedding     vector(512) NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vacancy_embeddings_hnsw ON vacancy_embeddings USING hnsw (embedding vector_cosine_ops);

-- Training (issue 16 item 1): programmes (what is taught, by whom, for which scheme), classes (a
-- programme run at one facility with dates, seats and an instructor), enrolment of people in a
-- class, attendance per session date, and completion. A training_staff user works at one facility.

-- Users and invitations get a facility scope (training staff of a Lapas, Rutan or LPKA).
ALTER TABLE users ADD COLUMN facility_id bigint REFERENCES facilities (id);
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('employer', 'bapas_officer', 'lsp_assessor', 'kemnaker_staff', 'admin', 'training_staff'));
ALTER TABLE users ADD CONSTRAINT users_training_staff_facility_check
    CHECK (role <> 'training_staff' OR facility_id IS NOT NULL);

ALTER TABLE invitations ADD COLUMN facility_id bigint REFERENCES facilities (id);
ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check
    CHECK (role IN ('employer', 'bapas_officer', 'lsp_assessor', 'kemnaker_staff', 'admin', 'training_staff'));
ALTER TABLE invitations ADD CONSTRAINT invitations_training_staff_facility_check
    CHECK (role <> 'training_staff' OR facility_id IS NOT NULL);

-- A programme: BLK/BPVP (Kemnaker training centres), an LPK (private training institute) or the
-- Lapas' own workshop. Titles are shown to employers among a person's trainings, so they name the
-- trade, never the facility (checked by the service).
CREATE TABLE training_programmes (
    id            bigserial PRIMARY KEY,
    title         text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
    provider_kind text NOT NULL CHECK (provider_kind IN ('blk', 'bpvp', 'lpk', 'lapas_workshop')),
    provider_name text NOT NULL CHECK (length(provider_name) BETWEEN 2 AND 200),
    scheme_id     bigint REFERENCES schemes (id),
    hours         integer NOT NULL CHECK (hours BETWEEN 1 AND 2000),
    description   text NOT NULL DEFAULT '',
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX training_programmes_title_provider_idx ON training_programmes (lower(title), lower(provider_name));
CREATE INDEX training_programmes_scheme_idx ON training_programmes (scheme_id);

-- The competency units a programme covers (usually units of its scheme).
CREATE TABLE training_programme_units (
    programme_id bigint NOT NULL REFERENCES training_programmes (id) ON DELETE CASCADE,
    unit_code    text NOT NULL REFERENCES competency_units (code),
    position     integer NOT NULL,
    PRIMARY KEY (programme_id, unit_code)
);

CREATE TABLE training_classes (
    id              bigserial PRIMARY KEY,
    programme_id    bigint NOT NULL REFERENCES training_programmes (id),
    facility_id     bigint NOT NULL REFERENCES facilities (id),
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    seats           integer NOT NULL CHECK (seats BETWEEN 1 AND 500),
    instructor_name text NOT NULL CHECK (length(instructor_name) BETWEEN 2 AND 200),
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'running', 'finished', 'cancelled')),
    created_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on),
    UNIQUE (programme_id, facility_id, starts_on)
);
CREATE INDEX training_classes_facility_idx ON training_classes (facility_id, starts_on);

-- One enrolment per person and class; a dropped place is free again. completed_at is set exactly
-- when the status is completed.
CREATE TABLE training_enrolments (
    id           bigserial PRIMARY KEY,
    class_id     bigint NOT NULL REFERENCES training_classes (id),
    inmate_id    bigint NOT NULL REFERENCES inmates (id) ON DELETE CASCADE,
    enrolled_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    status       text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'completed', 'dropped')),
    completed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (class_id, inmate_id),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX training_enrolments_inmate_idx ON training_enrolments (inmate_id);

-- Seats are a hard limit, also against two enrolments at once: the class row is locked while its
-- taken places are counted.
CREATE FUNCTION training_seats_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cap   integer;
    taken integer;
BEGIN
    IF NEW.status = 'dropped' THEN
        RETURN NEW;
    END IF;
    SELECT seats INTO cap FROM training_classes WHERE id = NEW.class_id FOR UPDATE;
    SELECT count(*) INTO taken FROM training_enrolments
     WHERE class_id = NEW.class_id AND status <> 'dropped' AND id <> NEW.id;
    IF taken >= cap THEN
        RAISE EXCEPTION 'training class % has no free seat', NEW.class_id USING ERRCODE = 'check_violation',
            CONSTRAINT = 'training_enrolments_seats';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER training_enrolments_seats BEFORE INSERT OR UPDATE OF status ON training_enrolments
    FOR EACH ROW EXECUTE FUNCTION training_seats_check();

CREATE TABLE training_attendance (
    enrolment_id bigint NOT NULL REFERENCES training_enrolments (id) ON DELETE CASCADE,
    session_on   date NOT NULL,
    present      boolean NOT NULL,
    recorded_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enrolment_id, session_on)
);

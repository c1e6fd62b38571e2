-- Privacy by design (UU PDP 27/2022): offence disclosures, human review of automated
-- rankings, and the holder initials kept when a person is erased so their certificates
-- stay verifiable.

-- Initials shown on /verify after erasure (full_name becomes 'Dihapus').
ALTER TABLE inmates ADD COLUMN initials text;

-- One row per release of offence details to one employer, for one application at the
-- 'offer' stage, with the person's consent, by their Bapas officer.
CREATE TABLE offence_disclosures (
    id             bigserial PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id),
    inmate_id      bigint NOT NULL REFERENCES inmates (id),
    employer_id    bigint NOT NULL REFERENCES employers (id),
    released_by    bigint NOT NULL REFERENCES users (id),
    reason         text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (application_id)
);
CREATE INDEX offence_disclosures_inmate_idx ON offence_disclosures (inmate_id);

-- An objection to an automated ranking, and the human review that answers it.
CREATE TABLE human_reviews (
    id            bigserial PRIMARY KEY,
    inmate_id     bigint NOT NULL REFERENCES inmates (id),
    vacancy_id    bigint REFERENCES vacancies (id),
    requested_by  bigint REFERENCES users (id),
    objection     text NOT NULL,
    status        text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'completed')),
    outcome       text,
    reviewed_by   bigint REFERENCES users (id),
    reviewed_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'completed' OR (outcome IS NOT NULL AND reviewed_at IS NOT NULL))
);
CREATE INDEX human_reviews_inmate_idx ON human_reviews (inmate_id);
CREATE INDEX human_reviews_open_idx ON human_reviews (created_at) WHERE status = 'requested';

-- Released people due for the retention rule are found by status and release date.
CREATE INDEX inmates_retention_idx ON inmates (expected_release_date)
    WHERE status = 'released' AND anonymised_at IS NULL;

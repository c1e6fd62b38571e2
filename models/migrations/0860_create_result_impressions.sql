-- Learning from outcomes (issue 15, DESIGN §5). Every list of results people were shown is one
-- row of result_searches (whose view, which anchor, the feature names in column order, which
-- weights ranked it) and one row per shown result in result_impressions: its 1-based position,
-- the pair, the calibrated score and the normalised features (matcher.scoring.normalised) that
-- scored it. What followed (shortlist, interview, offer, hire, retention at 3/6/12 months) is NOT
-- copied here: `binakerja learn-weights` joins it from applications, application_events,
-- placements and placement_followups when it fits. Written with one INSERT per shown list.
CREATE TABLE ranking_weights (
    id          bigserial PRIMARY KEY,
    weights     jsonb NOT NULL,        -- feature name -> weight (fitted)
    previous    jsonb NOT NULL,        -- the weights in use when it was fitted
    adopted     boolean NOT NULL,      -- beat the previous weights on held-out outcomes
    reason      text NOT NULL,
    evidence    jsonb NOT NULL,        -- folds, held-out NDCG@10 of both, counts, propensity model
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ranking_weights_adopted_idx ON ranking_weights (created_at DESC, id DESC) WHERE adopted;

CREATE TABLE result_searches (
    id             bigserial PRIMARY KEY,
    view           text NOT NULL CHECK (view IN ('employer', 'officer')),
    vacancy_id     bigint REFERENCES vacancies (id) ON DELETE CASCADE,  -- employer's list: its vacancy
    inmate_id      bigint REFERENCES inmates (id) ON DELETE CASCADE,    -- officer's list: the client
    feature_names  text[] NOT NULL,
    weights_id     bigint REFERENCES ranking_weights (id),              -- NULL: the default weights
    shown_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((view = 'employer') = (vacancy_id IS NOT NULL) AND (view = 'officer') = (inmate_id IS NOT NULL))
);

CREATE TABLE result_impressions (
    search_id   bigint NOT NULL REFERENCES result_searches (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position >= 1),
    vacancy_id  bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    inmate_id   bigint NOT NULL REFERENCES inmates (id) ON DELETE CASCADE,
    score       real NOT NULL,
    features    real[] NOT NULL,
    PRIMARY KEY (search_id, position)
);
CREATE INDEX result_impressions_pair_idx ON result_impressions (vacancy_id, inmate_id);

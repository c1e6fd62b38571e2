-- Sign-in bookkeeping: a per-user session epoch (bumped on sign-out or password change, which
-- invalidates every signed session cookie issued before) and the last successful sign-in.
ALTER TABLE users
    ADD COLUMN session_epoch integer NOT NULL DEFAULT 0,
    ADD COLUMN last_login_at timestamptz;

ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

CREATE INDEX applications_inmate_idx ON applications (inmate_id);
CREATE INDEX placements_inmate_idx ON placements (inmate_id);
CREATE INDEX placements_employer_idx ON placements (employer_id);
CREATE INDEX audit_events_action_idx ON audit_events (action, at);

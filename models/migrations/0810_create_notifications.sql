-- Notifications and webhooks (issue 16, items 2 and 4).
--
-- A use case that changes something people should hear about writes one row to
-- notification_outbox in its own transaction (so an event exists exactly when its change was
-- committed). The worker fans each event out, in one transaction, to one delivery per recipient
-- and channel (honouring preferences) and one webhook delivery per matching subscription, then
-- delivers them at least once: a delivery is claimed with FOR UPDATE SKIP LOCKED and a lease
-- (locked_until); one whose worker died before marking it is claimed again after the lease, and
-- carries the same idempotency key, so a receiver can drop the duplicate.
CREATE TABLE notification_outbox (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL,
    payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- Scans (follow-up due, daily match digest) name their event so a repeated scan emits nothing.
    dedupe_key    text UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    fanned_out_at timestamptz
);
CREATE INDEX notification_outbox_pending_idx ON notification_outbox (id) WHERE fanned_out_at IS NULL;

CREATE TABLE notification_deliveries (
    id              bigserial PRIMARY KEY,
    event_id        bigint NOT NULL REFERENCES notification_outbox (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel         text NOT NULL CHECK (channel IN ('inbox', 'email', 'gateway')),
    address         text,
    idempotency_key text NOT NULL UNIQUE,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_event_idx ON notification_deliveries (event_id);

-- The in-app channel's messages; the text is rendered from the event when shown (in the
-- reader's language). One row per delivery key: a re-sent inbox delivery writes nothing twice.
CREATE TABLE notification_inbox (
    id              bigserial PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id        bigint NOT NULL REFERENCES notification_outbox (id) ON DELETE CASCADE,
    idempotency_key text NOT NULL UNIQUE,
    read_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_inbox_user_idx ON notification_inbox (user_id, id DESC);
CREATE INDEX notification_inbox_unread_idx ON notification_inbox (user_id) WHERE read_at IS NULL;

-- A row only where the user changed the default (api/notifications/rules.py: default_enabled).
CREATE TABLE notification_preferences (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    channel    text NOT NULL CHECK (channel IN ('inbox', 'email', 'gateway')),
    enabled    boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind, channel)
);

-- Where the WhatsApp/SMS gateway reaches a user (users carry an e-mail address only).
CREATE TABLE notification_contacts (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    phone      text NOT NULL CHECK (phone ~ '^\+?[0-9]{8,15}$'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Daily jobs run by the worker (follow-up scan, match digest): the last day each ran.
CREATE TABLE notification_jobs (
    name        text PRIMARY KEY,
    last_run_on date NOT NULL
);

-- Strong matches already told to the employer, so the daily digest names only new ones.
CREATE TABLE notification_match_seen (
    vacancy_id    bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    inmate_id     bigint NOT NULL REFERENCES inmates (id) ON DELETE CASCADE,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vacancy_id, inmate_id)
);

-- Events out to partner systems: an employer's subscription, its secret encrypted with the data
-- cipher (AES-256-GCM, api/privacy/crypto.py; shown once when made), and the event kinds it takes.
CREATE TABLE webhook_subscriptions (
    id             bigserial PRIMARY KEY,
    employer_id    bigint NOT NULL REFERENCES employers (id),
    url            text NOT NULL CHECK (url ~ '^https?://'),
    secret_enc     bytea NOT NULL,
    event_kinds    text[] NOT NULL CHECK (cardinality(event_kinds) > 0),
    active         boolean NOT NULL DEFAULT true,
    created_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    deactivated_at timestamptz
);
CREATE INDEX webhook_subscriptions_employer_idx ON webhook_subscriptions (employer_id) WHERE active;

-- One delivery per (event, subscription); the body is fixed at fan-out (every retry sends the same
-- bytes, signed afresh with its own timestamp); attempt_log keeps every try.
CREATE TABLE webhook_deliveries (
    id              bigserial PRIMARY KEY,
    subscription_id bigint NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id        bigint NOT NULL REFERENCES notification_outbox (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    body            text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    response_code   integer,
    last_error      text,
    attempt_log     jsonb NOT NULL DEFAULT '[]'::jsonb,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, id DESC);

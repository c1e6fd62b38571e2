-- Issue 12: a civil servant's NIP (18 digits) for the officer's signature on the printed
-- reintegration plan; optional, set by an administrator.
ALTER TABLE users ADD COLUMN IF NOT EXISTS nip text CHECK (nip ~ '^[0-9]{18}$');

-- Tamper evidence for the append-only audit log (issue 13 row 8): every row carries
-- seq (1, 2, 3, ... without gaps) and hash = sha256(previous row's hash || the row's payload),
-- set by a trigger on insert, so no code path (nor a client choosing its own values) can skip it.
-- The one-row head records the last seq and hash: removing rows at the end is found as well.
-- Inserts are serialised by the head's row lock until commit. `binakerja audit-verify` checks it.
ALTER TABLE audit_events ADD COLUMN seq bigint, ADD COLUMN hash text;

CREATE TABLE audit_chain_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq  bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO audit_chain_head (seq, hash) VALUES (0, repeat('0', 64));

-- The canonical text of a row that its hash covers (jsonb text is deterministic; time in UTC).
CREATE FUNCTION audit_event_payload(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_array(
        e.seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.actor_user_id,
        e.actor_role, e.action, e.object_type, e.object_id, e.subject_inmate_id, e.reason, e.detail
    )::text
$$;

CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE
    head record;
BEGIN
    SELECT seq, hash INTO head FROM public.audit_chain_head FOR UPDATE;
    NEW.seq := head.seq + 1;
    NEW.hash := encode(sha256(convert_to(head.hash || public.audit_event_payload(NEW), 'UTF8')), 'hex');
    UPDATE public.audit_chain_head SET seq = NEW.seq, hash = NEW.hash;
    RETURN NEW;
END;
$$;

-- Rows written before this migration join the chain in id order.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
DO $$
DECLARE
    r record;
    prev text := repeat('0', 64);
    n bigint := 0;
BEGIN
    FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
        n := n + 1;
        r.seq := n;
        prev := encode(sha256(convert_to(prev || audit_event_payload(r::audit_events), 'UTF8')), 'hex');
        UPDATE audit_events SET seq = n, hash = prev WHERE id = r.id;
    END LOOP;
    UPDATE audit_chain_head SET seq = n, hash = prev;
END;
$$;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;

ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_events_seq_idx ON audit_events (seq);
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

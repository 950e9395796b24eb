-- Issue 21. Gmail push: a run a Pub/Sub notification asked for has its own trigger; each connection
-- keeps the state of its mailbox watch and when the last notification came; the push endpoint
-- finds a mailbox's connections by address and remembers the Pub/Sub message ids it has handled.
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_trigger_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_trigger_check
  CHECK (trigger IN ('schedule', 'manual', 'resume', 'initial', 'reprocess', 'label_change', 'reconcile', 'push'));

ALTER TABLE connections
  ADD COLUMN push_state text NOT NULL DEFAULT 'off'
    CHECK (push_state IN ('off', 'watching', 'failed', 'stopped')),
  ADD COLUMN watch_expires_at timestamptz,
  ADD COLUMN last_push_at timestamptz;

CREATE INDEX connections_mailbox_idx ON connections (lower(gmail_address)) WHERE gmail_address IS NOT NULL;

-- Pub/Sub delivers at least once: a message id seen here is acknowledged without a second run.
-- Kept a day (the push route deletes older ones as it inserts).
CREATE TABLE gmail_push_receipts (
  message_id  text PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gmail_push_receipts_received_idx ON gmail_push_receipts (received_at);

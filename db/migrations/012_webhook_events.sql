-- The outbox of what happened that a workspace's webhook endpoints may want to hear
-- (contracts/webhook-events.ts). Written in the same transaction as the change it reports, so an
-- event is never lost and never told about a change that rolled back; delivery reads from here.
CREATE TABLE webhook_events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  type        text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_workspace_created ON webhook_events (workspace_id, created_at, id);

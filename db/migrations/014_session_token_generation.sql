-- Issue 20. A web session lives no longer than the API token it was signed in with.
-- The workspace's token has a generation: rotate and revoke move it on. A session records the
-- generation it was made with and is honoured only while the workspace still has that generation
-- (and a token at all); rotate and revoke also delete the workspace's sessions in their transaction.
ALTER TABLE workspaces ADD COLUMN api_token_generation bigint NOT NULL DEFAULT 0;

-- last_seen_at: the idle timeout (WEB_SESSION_IDLE_MINUTES), besides the absolute expires_at
ALTER TABLE web_sessions
  ADD COLUMN token_generation bigint NOT NULL DEFAULT 0,
  ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

-- sessions signed in before their workspace's token last changed were made with a token that is
-- gone: end them now rather than let generation 0 match
DELETE FROM web_sessions s USING workspaces w
WHERE s.workspace_id = w.id
  AND (w.api_token_hash IS NULL OR (w.api_token_changed_at IS NOT NULL AND s.created_at < w.api_token_changed_at));

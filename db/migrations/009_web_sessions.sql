-- Sessions of the web app (/app): one row per signed-in browser. The cookie carries a random id,
-- signed; only its sha256 is stored, so a database read cannot be replayed as a cookie. Signing out
-- deletes the row; deleting the workspace ends its sessions.
CREATE TABLE web_sessions (
  id_hash       text PRIMARY KEY,
  workspace_id  uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX web_sessions_workspace_idx ON web_sessions (workspace_id);

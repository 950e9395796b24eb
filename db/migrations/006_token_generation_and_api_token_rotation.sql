-- Issue 10. Every write of a new grant (a consent) or of no grant (a disconnect) moves
-- token_generation on; a refresh writes its tokens back only while the generation is the one it
-- read, so a refresh racing a disconnect (or a newer consent) cannot put the old grant back.
ALTER TABLE connections ADD COLUMN token_generation bigint NOT NULL DEFAULT 0;

-- A workspace API token can be rotated (a new hash replaces the old) and revoked (no hash at all:
-- nothing authenticates until the admin issues a new one).
ALTER TABLE workspaces ALTER COLUMN api_token_hash DROP NOT NULL;
ALTER TABLE workspaces ADD COLUMN api_token_changed_at timestamptz;

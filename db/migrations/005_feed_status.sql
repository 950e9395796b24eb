-- A feed is imported on its schedule (active), stopped by a person (paused), or held: its last
-- import would have cancelled most future stays, so nothing was applied until a person looks.
-- `accept_drop` is that person's answer: the next import applies the drop once.
-- last_error holds an error code from the registry, never upstream text.
ALTER TABLE ical_feeds
  ADD COLUMN status text NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'paused', 'held_for_review')),
  ADD COLUMN accept_drop boolean NOT NULL DEFAULT false;

-- what earlier imports wrote there was upstream text with the URL in it
UPDATE ical_feeds SET last_error = 'FEED_UNREACHABLE' WHERE last_error IS NOT NULL;

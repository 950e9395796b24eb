-- Issue 22. A fact's platform is the channel that sold the stay (contracts/platforms.ts
-- FACT_PLATFORMS: the channels, and `pms` in facts stored before channels existed). SQL cannot
-- import the list: test/integration/db/check-constraints.test.ts reads this CHECK back from
-- Postgres and compares it with the array. Connections and feeds keep CONNECTION_PLATFORMS.
ALTER TABLE reservation_facts DROP CONSTRAINT reservation_facts_platform_check;
ALTER TABLE reservation_facts ADD CONSTRAINT reservation_facts_platform_check
  CHECK (platform IN ('airbnb', 'vrbo', 'booking', 'expedia', 'agoda', 'direct', 'other', 'pms'));

-- Who read the fact (domain/facts/read-by.ts): a template, the generic labelled-field reader alone,
-- or a template with fields the generic reader filled. Matching trusts a generic reading's dates
-- only through an exact confirmation code, so it must know after the fact is stored. Every fact
-- stored before this migration was read by a template: the generic reader did not exist.
ALTER TABLE reservation_facts ADD COLUMN read_by text NOT NULL DEFAULT 'template'
  CHECK (read_by IN ('template', 'generic', 'mixed'));

-- Mail nobody could read (flag `unrecognized`) is shown to a person with the start of its text,
-- made off the event loop when the flag is written (domain/archive/message-excerpt.ts; NULL for
-- other mail), and the person may say it is not a booking: when, and through which door (the
-- API's bearer token or the web app's session).
ALTER TABLE gmail_messages ADD COLUMN excerpt text;
ALTER TABLE gmail_messages ADD COLUMN dismissed_at timestamptz;
ALTER TABLE gmail_messages ADD COLUMN dismissed_by text CHECK (dismissed_by IN ('api', 'web'));
ALTER TABLE gmail_messages ADD CONSTRAINT gmail_messages_dismissed_together
  CHECK ((dismissed_at IS NULL) = (dismissed_by IS NULL));

-- The share of unread mail per connection (metrics/unrecognized-mail.ts, read at every scrape):
-- the few messages still waiting for a person, then each such connection's recent total.
CREATE INDEX gmail_messages_unrecognized_open_idx ON gmail_messages (connection_id, archived_at)
  WHERE 'unrecognized' = ANY(flags) AND dismissed_at IS NULL;
CREATE INDEX gmail_messages_connection_archived_idx ON gmail_messages (connection_id, archived_at);

-- Connections: the whole data model (SPEC §4). Every row belongs to exactly one workspace.

CREATE TABLE workspaces (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- sha256 of the API token; the token itself is shown once and never stored
  api_token_hash  text NOT NULL UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE connections (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id            uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  platform                text NOT NULL CHECK (platform IN ('airbnb', 'vrbo', 'booking', 'pms')),
  reservation_label       text CHECK (reservation_label IS NULL OR length(reservation_label) BETWEEN 1 AND 225),
  gmail_label_id          text,
  gmail_address           text,
  gmail_status            text NOT NULL DEFAULT 'pending'
                            CHECK (gmail_status IN ('pending', 'connected', 'error', 'revoked')),
  sync_state              text NOT NULL DEFAULT 'active' CHECK (sync_state IN ('active', 'paused')),
  sync_interval_minutes   integer NOT NULL DEFAULT 15 CHECK (sync_interval_minutes BETWEEN 1 AND 10080),
  history_id              text,
  -- AES-256-GCM envelope: {keyId, iv, tag, data}, the connection id as associated data
  oauth_tokens            jsonb,
  last_sync_at            timestamptz,
  last_error_at           timestamptz,
  last_error_code         text,
  last_error_message      text,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
-- A label is watched by one connection per workspace; revoked connections free their label.
CREATE UNIQUE INDEX connections_workspace_label_key
  ON connections (workspace_id, lower(reservation_label))
  WHERE gmail_status <> 'revoked';
CREATE INDEX connections_workspace_idx ON connections (workspace_id);

CREATE TABLE gmail_messages (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id       uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  connection_id      uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  gmail_message_id   text NOT NULL,
  gmail_thread_id    text,
  history_id         text,
  internal_date      timestamptz,
  subject            text,
  sender             text,
  headers            jsonb NOT NULL DEFAULT '{}'::jsonb,
  body_text          text,
  body_html          text,
  raw                bytea,
  size_bytes         integer,
  parse_error        text,
  archived_at        timestamptz NOT NULL DEFAULT now(),
  processed_at       timestamptz,
  parser_version     text,
  CONSTRAINT gmail_messages_connection_message_key UNIQUE (connection_id, gmail_message_id)
);
CREATE INDEX gmail_messages_unprocessed_idx ON gmail_messages (connection_id) WHERE processed_at IS NULL;

CREATE TABLE ical_feeds (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id       uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  platform           text NOT NULL CHECK (platform IN ('airbnb', 'vrbo', 'booking', 'pms')),
  url                text NOT NULL,
  name               text,
  import_interval_minutes integer NOT NULL DEFAULT 60 CHECK (import_interval_minutes BETWEEN 1 AND 10080),
  last_imported_at   timestamptz,
  last_error         text,
  last_counts        jsonb,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ical_feeds_workspace_url_key UNIQUE (workspace_id, url)
);

CREATE TABLE bookings (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id       uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  feed_id            uuid NOT NULL REFERENCES ical_feeds(id) ON DELETE CASCADE,
  ical_uid           text NOT NULL,
  platform           text NOT NULL CHECK (platform IN ('airbnb', 'vrbo', 'booking', 'pms')),
  check_in           date NOT NULL,
  check_out          date NOT NULL,
  status             text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'blocked', 'cancelled')),
  summary            text,
  confirmation_code  text,
  guest_name         text,
  guest_count        integer CHECK (guest_count IS NULL OR guest_count > 0),
  payout_amount      numeric(12, 2),
  payout_currency    text,
  enrichment_status  text CHECK (enrichment_status IS NULL OR enrichment_status IN ('enriched', 'cancelled')),
  -- {enrichment_reason: code_match|exact_dates|manual, fact_id, enriched_at, ...}
  raw_data           jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT bookings_feed_uid_key UNIQUE (feed_id, ical_uid),
  CONSTRAINT bookings_dates_check CHECK (check_out >= check_in)
);
CREATE INDEX bookings_workspace_dates_idx ON bookings (workspace_id, check_in, check_out);
CREATE INDEX bookings_workspace_code_idx ON bookings (workspace_id, confirmation_code) WHERE confirmation_code IS NOT NULL;

CREATE TABLE reservation_facts (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id        uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  connection_id       uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  message_id          bigint NOT NULL REFERENCES gmail_messages(id) ON DELETE CASCADE,
  -- position of the fact in its e-mail (a payout e-mail lists several stays)
  ordinal             integer NOT NULL CHECK (ordinal >= 0),
  platform            text NOT NULL CHECK (platform IN ('airbnb', 'vrbo', 'booking', 'pms')),
  kind                text NOT NULL CHECK (kind IN ('confirmed', 'cancelled', 'change_requested', 'payout', 'other')),
  guest_name          text,
  check_in            date,
  check_out           date,
  guest_count         integer,
  confirmation_code   text,
  listing_name        text,
  payout_amount       numeric(12, 2),
  payout_currency     text,
  requested_check_in  date,
  requested_check_out date,
  requested_guest_count integer,
  confidence          real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  parser_version      text NOT NULL,
  match_status        text NOT NULL DEFAULT 'pending'
                        CHECK (match_status IN ('pending', 'matched', 'review', 'unmatched')),
  match_reason        text,
  matched_booking_id  uuid REFERENCES bookings(id) ON DELETE SET NULL,
  -- ranked [{bookingId, score, checkIn, checkOut, confirmationCode}] the matcher considered
  match_candidates    jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reservation_facts_message_ordinal_key UNIQUE (message_id, ordinal)
);
CREATE INDEX reservation_facts_connection_idx ON reservation_facts (connection_id, match_status);

CREATE TABLE enrichment_review_items (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id        uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  connection_id       uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  fact_id             uuid NOT NULL REFERENCES reservation_facts(id) ON DELETE CASCADE,
  reason              text NOT NULL CHECK (reason IN ('no_match', 'ambiguous', 'change_request', 'low_confidence')),
  -- [{bookingId, score, checkIn, checkOut, confirmationCode}], best first
  candidates          jsonb NOT NULL DEFAULT '[]'::jsonb,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
  resolution          jsonb,
  resolved_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT enrichment_review_items_fact_key UNIQUE (fact_id)
);
CREATE INDEX enrichment_review_items_queue_idx ON enrichment_review_items (workspace_id, status, created_at DESC);

CREATE TABLE sync_runs (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id          uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  connection_id         uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  -- the sync child workflow id: one row per run, so a retried start is idempotent
  workflow_id           text NOT NULL UNIQUE,
  trigger               text NOT NULL CHECK (trigger IN ('schedule', 'manual', 'resume', 'initial', 'reprocess')),
  mode                  text NOT NULL CHECK (mode IN ('incremental', 'full')),
  status                text NOT NULL DEFAULT 'running'
                          CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
  started_at            timestamptz NOT NULL DEFAULT now(),
  finished_at           timestamptz,
  emails_scanned        integer NOT NULL DEFAULT 0,
  emails_archived       integer NOT NULL DEFAULT 0,
  duplicates_skipped    integer NOT NULL DEFAULT 0,
  facts_extracted       integer NOT NULL DEFAULT 0,
  bookings_enriched     integer NOT NULL DEFAULT 0,
  review_items_created  integer NOT NULL DEFAULT 0,
  error_code            text,
  error_message         text
);
CREATE INDEX sync_runs_connection_idx ON sync_runs (connection_id, started_at DESC);

CREATE TABLE activity_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  connection_id uuid REFERENCES connections(id) ON DELETE CASCADE,
  event         text NOT NULL CHECK (event ~ '^connector_[a-z_]+$'),
  context       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_log_connection_idx ON activity_log (connection_id, created_at DESC);

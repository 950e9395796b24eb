-- Webhooks out (docs/webhooks.md): the endpoints a workspace registers, and one delivery per event
-- and subscribed endpoint, which the endpoint's workflow sends in `seq` order.
CREATE TABLE webhook_endpoints (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id                uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  url                         text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
  events                      text[] NOT NULL CHECK (cardinality(events) > 0),
  -- the signing secret (whsec_…), sealed like the OAuth tokens (AES-256-GCM envelope
  -- {keyId, iv, tag, data}, the endpoint id as associated data); shown to the host once
  secret                      jsonb NOT NULL,
  -- the secret before the last rotation: deliveries carry its signature too until it expires
  previous_secret             jsonb,
  previous_secret_expires_at  timestamptz,
  -- failed attempts since the last accepted one; WEBHOOK_DISABLE_AFTER_FAILURES of them disable it
  consecutive_failures        integer NOT NULL DEFAULT 0,
  disabled_at                 timestamptz,
  disabled_reason             text CHECK (disabled_reason IN ('gone', 'failing')),
  created_at                  timestamptz NOT NULL DEFAULT now(),
  CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL)),
  CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id, created_at, id);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the order an endpoint's deliveries are sent in
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  workspace_id     uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  -- the event's id is the `webhook-id` header: the same on every attempt and every redelivery
  event_id         uuid NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  -- a person asked for this event to be sent again (it queues behind what is pending)
  redelivery_of    uuid REFERENCES webhook_deliveries(id) ON DELETE SET NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- the receiver's HTTP status at the last attempt; null when it gave none
  last_status      integer,
  -- why the last attempt got no answer: not_allowed, unreachable, timeout, secret_unreadable
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_attempt_at  timestamptz,
  next_attempt_at  timestamptz,
  finished_at      timestamptz
);
-- the first delivery of an event to an endpoint exists once
CREATE UNIQUE INDEX webhook_deliveries_first ON webhook_deliveries (endpoint_id, event_id)
  WHERE redelivery_of IS NULL;
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, seq DESC);

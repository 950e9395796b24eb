-- Gmail's per-user quota, one token bucket per mailbox (lower-case Gmail address, or the connection
-- id while the address is unknown), shared by every worker process (gmail/quota-postgres.ts). A
-- lease refills `units` for the time since `refilled_at` (the database's clock), takes what it was
-- granted and records that in `last_lease` so the same UPDATE can return it. The bucket's size and
-- rate are the caller's configuration, not stored.
CREATE TABLE gmail_quota_buckets (
  mailbox      text PRIMARY KEY,
  units        double precision NOT NULL CHECK (units >= 0),
  refilled_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  last_lease   double precision NOT NULL DEFAULT 0
);

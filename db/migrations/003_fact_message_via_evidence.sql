-- Issue 12. A guest message relayed by a platform restates a reservation but confirms nothing:
-- its own kind. `platform` is the channel that owns the stay; `via` the system that sent the mail
-- (`scidoo` for a PMS relay of a Booking.com stay). `evidence` keeps, per field, where the
-- extractor read it ({"checkIn": {"part": "text", "start": 10, "end": 40, "text": "…"}}); reprocess
-- rewrites it with the facts.
ALTER TABLE reservation_facts DROP CONSTRAINT reservation_facts_kind_check;
ALTER TABLE reservation_facts ADD CONSTRAINT reservation_facts_kind_check
  CHECK (kind IN ('confirmed', 'cancelled', 'change_requested', 'payout', 'message', 'other'));
ALTER TABLE reservation_facts ADD COLUMN via text;
ALTER TABLE reservation_facts ADD COLUMN evidence jsonb NOT NULL DEFAULT '{}'::jsonb;

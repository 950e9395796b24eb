-- Issue 23. One truth across channels (docs/conflicts.md).
--
-- A property is a place that can be booked once per night. Each feed belongs to at most one; the
-- listing names seen in mail map to one (through an earlier match or a person's word), so a mail
-- can be compared with the calendars of the place it is about before any calendar shows its stay.
CREATE TABLE properties (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id  uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX properties_workspace_name_key ON properties (workspace_id, lower(name));
-- New mail touched the property since its last conflict check: the enrichment loop marks it with
-- the facts it reads, and checks it (clearing the mark) once it has read them all.
ALTER TABLE properties ADD COLUMN conflicts_stale boolean NOT NULL DEFAULT false;
CREATE INDEX properties_conflicts_stale_idx ON properties (workspace_id) WHERE conflicts_stale;

ALTER TABLE ical_feeds ADD COLUMN property_id uuid REFERENCES properties(id) ON DELETE SET NULL;
CREATE INDEX ical_feeds_property_idx ON ical_feeds (property_id) WHERE property_id IS NOT NULL;

-- Every listing name mail has named, per channel (`platform`, the fact's), as first written and as
-- compared (`name_key`: lower case, blanks collapsed). `source` says how `property_id` was
-- established (contracts/conflicts.ts LISTING_NAME_SOURCES); a suggestion counts for nothing until
-- a person confirms it.
CREATE TABLE listing_names (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id           uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  platform               text NOT NULL,
  name                   text NOT NULL,
  name_key               text NOT NULL,
  property_id            uuid REFERENCES properties(id) ON DELETE SET NULL,
  source                 text NOT NULL DEFAULT 'none' CHECK (source IN ('none', 'match', 'person')),
  suggested_property_id  uuid REFERENCES properties(id) ON DELETE SET NULL,
  first_seen_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT listing_names_key UNIQUE (workspace_id, platform, name_key)
);
CREATE INDEX listing_names_property_idx ON listing_names (property_id) WHERE property_id IS NOT NULL;

-- A fact is read for conflicts (its listing name recorded, its property marked stale) once it is
-- written and again whenever its match changes; facts written before this migration belong to no
-- property yet, so they count as read.
ALTER TABLE reservation_facts
  ADD COLUMN listing_name_id uuid REFERENCES listing_names(id) ON DELETE SET NULL,
  ADD COLUMN conflicts_checked boolean NOT NULL DEFAULT true;
ALTER TABLE reservation_facts ALTER COLUMN conflicts_checked SET DEFAULT false;
CREATE INDEX reservation_facts_conflicts_unchecked_idx
  ON reservation_facts (connection_id) WHERE NOT conflicts_checked;
CREATE INDEX reservation_facts_listing_name_idx
  ON reservation_facts (listing_name_id) WHERE listing_name_id IS NOT NULL;
CREATE INDEX reservation_facts_matched_booking_idx
  ON reservation_facts (matched_booking_id) WHERE matched_booking_id IS NOT NULL;
CREATE INDEX reservation_facts_workspace_code_idx
  ON reservation_facts (workspace_id, upper(confirmation_code)) WHERE confirmation_code IS NOT NULL;

-- A stay that mail confirmed left its feed with no cancellation mail: kept as it was (feeds go
-- empty by mistake) and raised as `vanished_without_cancellation`, until a cancellation mail comes,
-- the stay comes back, or a person acknowledges the conflict and the next import applies it.
ALTER TABLE bookings ADD COLUMN vanished_at timestamptz;

-- Two sources disagree about a property's nights. `cause` names what makes it this conflict (its
-- kind and the stays or the mail it is about): one open or acknowledged conflict per cause, so a
-- re-import finds it again instead of adding another. `sides` holds the bookings and facts on each
-- side ([{bookingIds, factIds}, …]), `evidence` the lines that show it, `nights_*` the nights it is
-- about (half-open: nights_to is the morning after the last night).
CREATE TABLE conflicts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id     uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  property_id      uuid NOT NULL REFERENCES properties(id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('double_booking', 'mail_overlaps_calendar',
                     'cancelled_still_blocked', 'vanished_without_cancellation', 'dates_differ')),
  cause            text NOT NULL,
  sides            jsonb NOT NULL,
  evidence         jsonb NOT NULL DEFAULT '[]'::jsonb,
  nights_from      date NOT NULL,
  nights_to        date NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  detected_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  acknowledged_at  timestamptz,
  resolved_at      timestamptz,
  resolution       text CHECK (resolution IS NULL OR resolution IN ('stay_cancelled', 'dates_changed',
                     'calendar_caught_up', 'back_in_feed', 'cancellation_mail', 'nights_passed', 'gone')),
  CONSTRAINT conflicts_nights_check CHECK (nights_to > nights_from),
  CONSTRAINT conflicts_resolved_says_why CHECK ((status = 'resolved') = (resolution IS NOT NULL))
);
CREATE UNIQUE INDEX conflicts_one_live_per_cause ON conflicts (property_id, cause) WHERE status <> 'resolved';
CREATE INDEX conflicts_list_idx ON conflicts (workspace_id, status, detected_at DESC, id DESC);
CREATE INDEX conflicts_property_idx ON conflicts (property_id, status);

import type { ConflictKind } from '../../contracts/conflicts.js';
import type { Queryable } from '../../db/client.js';
import { normalizeCode } from '../matching/score.js';
import { channelName } from './evidence.js';
import { nightsOf } from './nights.js';
import type {
  CalendarStay,
  ConflictSide,
  EvidenceLine,
  LiveConflict,
  MailFact,
  PropertySnapshot,
} from './property-snapshot.js';

/** The mail fields whose lines show a conflict: the dates and the code. */
const QUOTED_FIELDS = ['checkIn', 'checkOut', 'confirmationCode'] as const;
const MAX_QUOTED = 200;
/** How far a mail's date may run ahead of our archive's clock and still be believed. */
const DATE_SKEW = '5 minutes';

interface LiveRow {
  id: string;
  kind: ConflictKind;
  cause: string;
  sides: [ConflictSide, ConflictSide];
  evidence: EvidenceLine[];
  nights_from: string;
  nights_to: string;
  status: 'open' | 'acknowledged';
}

/** The property's conflicts not resolved yet. */
export async function liveConflicts(tx: Queryable, propertyId: string): Promise<LiveConflict[]> {
  const rows = await tx<LiveRow[]>`
    SELECT id, kind, cause, sides, evidence, nights_from::text, nights_to::text, status
    FROM conflicts WHERE property_id = ${propertyId} AND status <> 'resolved'`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    cause: r.cause,
    sides: r.sides,
    evidence: r.evidence,
    nights: { from: r.nights_from, to: r.nights_to },
    status: r.status,
  }));
}

interface StayRow {
  id: string;
  feed_id: string;
  feed_name: string | null;
  channel: string;
  ical_uid: string;
  check_in: string;
  check_out: string;
  status: CalendarStay['status'];
  confirmation_code: string | null;
  guest_name: string | null;
  summary: string | null;
  updated_at: Date;
  vanished_at: Date | null;
}

interface FactRow {
  id: string;
  platform: string;
  kind: MailFact['kind'];
  check_in: string | null;
  check_out: string | null;
  confirmation_code: string | null;
  guest_name: string | null;
  received_at: Date;
  date_trusted: boolean;
  matched_booking_id: string | null;
  evidence: Record<string, { text?: unknown } | undefined>;
}

/**
 * What the rules see of one property: the stays of its calendars that are not past (and those a
 * live conflict names), and the confirmations and cancellations its mail tells of. A fact belongs
 * to the property through its listing name or the stay it matched; every other e-mail about the
 * same reservation (channel and code) comes with it, so a cancellation without a listing name
 * still cancels the confirmation that had one.
 */
export async function loadSnapshot(
  tx: Queryable,
  input: {
    workspaceId: string;
    propertyId: string;
    today: string;
    now: Date;
    cancelledStillBlockedHours: number;
    live: readonly LiveConflict[];
  },
): Promise<PropertySnapshot> {
  const liveIds = (pick: (side: ConflictSide) => string[]) => [
    ...new Set(input.live.flatMap((c) => c.sides.flatMap(pick))),
  ];
  const stays = await tx<StayRow[]>`
    SELECT b.id, b.feed_id, f.name AS feed_name, f.platform AS channel, b.ical_uid,
      b.check_in::text AS check_in, b.check_out::text AS check_out, b.status, b.confirmation_code,
      b.guest_name, b.summary, b.updated_at, b.vanished_at
    FROM bookings b JOIN ical_feeds f ON f.id = b.feed_id
    WHERE f.property_id = ${input.propertyId} AND f.workspace_id = ${input.workspaceId}
      AND (b.check_out > ${input.today}::date OR b.id = ANY(${liveIds((s) => s.bookingIds)}::uuid[]))`;
  const facts = await tx<FactRow[]>`
    WITH of_property AS (
      SELECT f.id, f.platform, f.kind, f.check_out, f.confirmation_code FROM reservation_facts f
      JOIN listing_names l ON l.id = f.listing_name_id
      WHERE l.property_id = ${input.propertyId}
      UNION
      SELECT f.id, f.platform, f.kind, f.check_out, f.confirmation_code FROM ical_feeds fe
      JOIN bookings b ON b.feed_id = fe.id
      JOIN reservation_facts f ON f.matched_booking_id = b.id
      WHERE fe.property_id = ${input.propertyId}
    ), mine AS (
      SELECT id, platform, upper(confirmation_code) AS code FROM of_property
      WHERE kind IN ('confirmed', 'cancelled')
        AND (check_out IS NULL OR check_out > ${input.today}::date OR id = ANY(${liveIds((s) => s.factIds)}::uuid[]))
    ), wanted AS (
      SELECT id FROM mine
      UNION
      SELECT f.id FROM (SELECT DISTINCT platform, code FROM mine WHERE code IS NOT NULL) c
      JOIN reservation_facts f ON f.workspace_id = ${input.workspaceId}
        AND upper(f.confirmation_code) = c.code AND f.platform = c.platform
      WHERE f.kind IN ('confirmed', 'cancelled')
    )
    SELECT f.id, f.platform, f.kind, f.check_in::text AS check_in, f.check_out::text AS check_out,
      f.confirmation_code, f.guest_name, coalesce(m.internal_date, m.archived_at) AS received_at,
      coalesce(m.internal_date <= m.archived_at + ${DATE_SKEW}::interval, false) AS date_trusted,
      f.matched_booking_id, f.evidence
    FROM reservation_facts f JOIN gmail_messages m ON m.id = f.message_id
    WHERE f.id IN (SELECT id FROM wanted)`;
  return {
    propertyId: input.propertyId,
    today: input.today,
    now: input.now.toISOString(),
    cancelledStillBlockedHours: input.cancelledStillBlockedHours,
    stays: stays.map(toStay),
    facts: facts.map(toFact),
  };
}

function toStay(r: StayRow): CalendarStay {
  return {
    id: r.id,
    feedId: r.feed_id,
    feedName: r.feed_name ?? `${channelName(r.channel)} calendar`,
    channel: r.channel,
    icalUid: r.ical_uid,
    nights: { from: r.check_in, to: r.check_out },
    status: r.status,
    code: normalizeCode(r.confirmation_code),
    guestName: r.guest_name,
    summary: r.summary,
    heldSince: r.updated_at.toISOString(),
    vanishedAt: r.vanished_at?.toISOString() ?? null,
  };
}

function toFact(r: FactRow): MailFact {
  const lines = QUOTED_FIELDS.flatMap((field) => {
    const text = r.evidence?.[field]?.text;
    return typeof text === 'string' && text.trim() !== '' ? [text.trim().slice(0, MAX_QUOTED)] : [];
  });
  return {
    id: r.id,
    channel: r.platform,
    kind: r.kind,
    nights: nightsOf(r.check_in, r.check_out),
    code: normalizeCode(r.confirmation_code),
    guestName: r.guest_name,
    receivedAt: r.received_at.toISOString(),
    dateTrusted: r.date_trusted,
    matchedBookingId: r.matched_booking_id,
    lines,
  };
}

import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { FactPlatform, Platform } from '../../../contracts/platforms.js';
import type { Sql } from '../../../db/client.js';
import type { ReadBy } from '../../../extraction/fact.js';

export interface Tenant {
  workspaceId: string;
  connectionId: string;
  feedId: string;
}

/** A workspace with one connection and one feed of the platform; every test gets its own. */
export async function createTenant(sql: Sql, platform: Platform = 'airbnb'): Promise<Tenant> {
  const [workspace] = await sql<{ id: string }[]>`
    INSERT INTO workspaces (name, api_token_hash) VALUES ('test', ${randomUUID()}) RETURNING id`;
  const workspaceId = workspace!.id;
  const [connection] = await sql<{ id: string }[]>`
    INSERT INTO connections (workspace_id, platform, reservation_label, gmail_status)
    VALUES (${workspaceId}, ${platform}, ${`label-${randomUUID()}`}, 'connected') RETURNING id`;
  const feedId = await addFeed(sql, workspaceId, platform);
  return { workspaceId, connectionId: connection!.id, feedId };
}

export async function addFeed(
  sql: Sql,
  workspaceId: string,
  platform: Platform,
  url?: string,
): Promise<string> {
  const [feed] = await sql<{ id: string }[]>`
    INSERT INTO ical_feeds (workspace_id, platform, url)
    VALUES (${workspaceId}, ${platform}, ${url ?? `https://example.test/${randomUUID()}.ics`}) RETURNING id`;
  return feed!.id;
}

/**
 * A stay's dates, and the confirmation code it is booked under when it has one, as bookings and facts
 * spell them: `{ ...stay('2026-07-10', '2026-07-14', 'HMABC'), … }`.
 */
export function stay(
  checkIn: string,
  checkOut: string,
  confirmationCode?: string,
): { checkIn: string; checkOut: string; confirmationCode?: string } {
  return confirmationCode === undefined ? { checkIn, checkOut } : { checkIn, checkOut, confirmationCode };
}

export interface BookingFixture {
  feedId?: string;
  platform?: Platform;
  checkIn: string;
  checkOut: string;
  status?: 'confirmed' | 'blocked' | 'cancelled';
  confirmationCode?: string | null;
  guestName?: string | null;
  guestCount?: number | null;
}

export async function addBooking(sql: Sql, tenant: Tenant, booking: BookingFixture): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO bookings (workspace_id, feed_id, ical_uid, platform, check_in, check_out, status,
                          confirmation_code, guest_name, guest_count)
    SELECT ${tenant.workspaceId}, f.id, ${`${randomUUID()}@test`}, coalesce(${booking.platform ?? null}, f.platform),
           ${booking.checkIn}, ${booking.checkOut}, ${booking.status ?? 'confirmed'},
           ${booking.confirmationCode ?? null}, ${booking.guestName ?? null}, ${booking.guestCount ?? null}
    FROM ical_feeds f WHERE f.id = ${booking.feedId ?? tenant.feedId}
    RETURNING id`;
  return row!.id;
}

export interface FactFixture {
  platform?: FactPlatform;
  kind?: 'confirmed' | 'cancelled' | 'change_requested' | 'payout' | 'message' | 'other';
  guestName?: string | null;
  checkIn?: string | null;
  checkOut?: string | null;
  guestCount?: number | null;
  confirmationCode?: string | null;
  payoutAmount?: number | null;
  payoutCurrency?: string | null;
  requestedCheckIn?: string | null;
  requestedCheckOut?: string | null;
  confidence?: number;
  readBy?: ReadBy;
  /** Fields whose evidence says the generic reader read them. */
  genericFields?: string[];
}

let messageClock = Date.parse('2026-01-01T00:00:00Z');

/** Each fact gets its own e-mail, sent a minute after the previous one, so "oldest first" is known. */
export async function addFact(sql: Sql, tenant: Tenant, fact: FactFixture): Promise<string> {
  messageClock += 60_000;
  const [message] = await sql<{ id: string }[]>`
    INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, internal_date, subject)
    VALUES (${tenant.workspaceId}, ${tenant.connectionId}, ${randomUUID()}, ${new Date(messageClock)}, 'fixture')
    RETURNING id`;
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO reservation_facts (workspace_id, connection_id, message_id, ordinal, platform, kind, guest_name,
      check_in, check_out, guest_count, confirmation_code, payout_amount, payout_currency,
      requested_check_in, requested_check_out, confidence, parser_version, read_by, evidence)
    VALUES (${tenant.workspaceId}, ${tenant.connectionId}, ${message!.id}, 0, ${fact.platform ?? 'airbnb'},
      ${fact.kind ?? 'confirmed'}, ${fact.guestName ?? null}, ${fact.checkIn ?? null}, ${fact.checkOut ?? null},
      ${fact.guestCount ?? null}, ${fact.confirmationCode ?? null}, ${fact.payoutAmount ?? null},
      ${fact.payoutCurrency ?? null}, ${fact.requestedCheckIn ?? null}, ${fact.requestedCheckOut ?? null},
      ${fact.confidence ?? 0.95}, 'test', ${fact.readBy ?? 'template'}, ${sql.json(genericEvidence(fact.genericFields ?? []))})
    RETURNING id`;
  return row!.id;
}

/** Evidence marking each field read by the generic reader, as the extractor writes it. */
function genericEvidence(fields: string[]) {
  return Object.fromEntries(
    fields.map((field) => [field, { part: 'text', start: 0, end: 1, text: field, reader: 'generic' }]),
  );
}

export interface StoredFact {
  id: string;
  matchStatus: string;
  matchReason: string | null;
  matchedBookingId: string | null;
  matchCandidates: { bookingId: string; score: number; checkIn: string; checkOut: string }[];
}

export async function readFact(sql: Sql, factId: string): Promise<StoredFact> {
  const [fact] = await sql<StoredFact[]>`
    SELECT id, match_status AS "matchStatus", match_reason AS "matchReason",
           matched_booking_id AS "matchedBookingId", match_candidates AS "matchCandidates"
    FROM reservation_facts WHERE id = ${factId}`;
  return fact!;
}

/** The fact is matched to the booking (for the reason, when given): the link the matcher writes. */
export async function expectMatched(sql: Sql, factId: string, bookingId: string, reason?: string) {
  expect(await readFact(sql, factId)).toMatchObject({
    matchStatus: 'matched',
    ...(reason ? { matchReason: reason } : {}),
    matchedBookingId: bookingId,
  });
}

export interface StoredBooking {
  id: string;
  status: string;
  checkIn: string;
  checkOut: string;
  confirmationCode: string | null;
  guestName: string | null;
  guestCount: number | null;
  payoutAmount: string | null;
  payoutCurrency: string | null;
  enrichmentStatus: string | null;
  rawData: Record<string, unknown>;
  updatedAt: Date;
}

function bookingColumns(sql: Sql) {
  return sql`
    id, status, check_in::text AS "checkIn", check_out::text AS "checkOut",
    confirmation_code AS "confirmationCode", guest_name AS "guestName", guest_count AS "guestCount",
    payout_amount::text AS "payoutAmount", payout_currency AS "payoutCurrency",
    enrichment_status AS "enrichmentStatus", raw_data AS "rawData", updated_at AS "updatedAt"`;
}

export async function readBookings(sql: Sql, workspaceId: string): Promise<StoredBooking[]> {
  return sql<StoredBooking[]>`
    SELECT ${bookingColumns(sql)} FROM bookings WHERE workspace_id = ${workspaceId} ORDER BY id`;
}

export async function readBooking(sql: Sql, bookingId: string): Promise<StoredBooking> {
  const [booking] = await sql<
    StoredBooking[]
  >`SELECT ${bookingColumns(sql)} FROM bookings WHERE id = ${bookingId}`;
  return booking!;
}

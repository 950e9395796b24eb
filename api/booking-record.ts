import { z } from '@hono/zod-openapi';
import type { Sql } from '../db/client.js';
import { IsoDate, Platform, Timestamp, Uuid } from './schemas.js';

/** A booking as the API shows it: the feed's stay plus what the e-mails added. */
export const Booking = z
  .object({
    id: Uuid,
    feedId: Uuid,
    icalUid: z.string(),
    platform: Platform,
    checkIn: IsoDate,
    checkOut: IsoDate,
    status: z.enum(['confirmed', 'blocked', 'cancelled']),
    summary: z.string().nullable(),
    confirmationCode: z.string().nullable(),
    guestName: z.string().nullable(),
    guestCount: z.number().int().nullable(),
    payoutAmount: z.number().nullable(),
    payoutCurrency: z.string().nullable(),
    enrichmentStatus: z.enum(['enriched', 'cancelled']).nullable(),
    enrichment: z
      .object({
        reason: z.string().nullable().openapi({ description: 'code_match, exact_dates, manual, …' }),
        factId: z.string().nullable(),
        enrichedAt: z.string().nullable(),
      })
      .nullable(),
    updatedAt: Timestamp,
  })
  .openapi('Booking');
export type Booking = z.infer<typeof Booking>;

export interface BookingRow {
  id: string;
  workspace_id: string;
  feed_id: string;
  ical_uid: string;
  platform: Booking['platform'];
  check_in: string;
  check_out: string;
  status: Booking['status'];
  summary: string | null;
  confirmation_code: string | null;
  guest_name: string | null;
  guest_count: number | null;
  payout_amount: number | null;
  payout_currency: string | null;
  enrichment_status: Booking['enrichmentStatus'];
  enrichment_reason: string | null;
  enrichment_fact_id: string | null;
  enriched_at: string | null;
  updated_at: Date;
}

/** The columns of BookingRow, from `bookings b`; dates as text so no time zone ever shifts them. */
export const bookingColumns = (sql: Sql) => sql`
  b.id, b.workspace_id, b.feed_id, b.ical_uid, b.platform, b.check_in::text AS check_in, b.check_out::text AS check_out,
  b.status, b.summary, b.confirmation_code, b.guest_name, b.guest_count, b.payout_amount::float8 AS payout_amount,
  b.payout_currency, b.enrichment_status, b.raw_data->>'enrichment_reason' AS enrichment_reason,
  b.raw_data->>'fact_id' AS enrichment_fact_id, b.raw_data->>'enriched_at' AS enriched_at, b.updated_at`;

export function toBooking(r: BookingRow): Booking {
  const enriched = r.enrichment_reason !== null || r.enrichment_fact_id !== null;
  return {
    id: r.id,
    feedId: r.feed_id,
    icalUid: r.ical_uid,
    platform: r.platform,
    checkIn: r.check_in,
    checkOut: r.check_out,
    status: r.status,
    summary: r.summary,
    confirmationCode: r.confirmation_code,
    guestName: r.guest_name,
    guestCount: r.guest_count,
    payoutAmount: r.payout_amount,
    payoutCurrency: r.payout_currency,
    enrichmentStatus: r.enrichment_status,
    enrichment: enriched
      ? { reason: r.enrichment_reason, factId: r.enrichment_fact_id, enrichedAt: r.enriched_at }
      : null,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function readBooking(sql: Sql, id: string): Promise<Booking | null> {
  const [row] = await sql<BookingRow[]>`SELECT ${bookingColumns(sql)} FROM bookings b WHERE b.id = ${id}`;
  return row ? toBooking(row) : null;
}

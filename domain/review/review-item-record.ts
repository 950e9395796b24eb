import type postgres from 'postgres';
import type { ReviewReason } from '../../contracts/review-reasons.js';
import type { Ranked } from '../matching/match-inputs.js';

export interface ReviewItem {
  id: string;
  workspaceId: string;
  connectionId: string;
  factId: string;
  reason: ReviewReason;
  candidates: Ranked[];
  status: 'open' | 'resolved' | 'dismissed';
  resolution: Record<string, unknown> | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

export interface EnrichedBooking {
  id: string;
  workspaceId: string;
  feedId: string;
  icalUid: string;
  platform: string;
  checkIn: string;
  checkOut: string;
  status: 'confirmed' | 'blocked' | 'cancelled';
  summary: string | null;
  confirmationCode: string | null;
  guestName: string | null;
  guestCount: number | null;
  payoutAmount: number | null;
  payoutCurrency: string | null;
  enrichmentStatus: 'enriched' | 'cancelled' | null;
  rawData: Record<string, unknown>;
  updatedAt: Date;
}

/** The first row of a by-id lookup, or null when the id matches nothing. */
async function firstOrNull<T>(rows: Promise<T[]>): Promise<T | null> {
  return (await rows)[0] ?? null;
}

export function readReviewItem(tx: postgres.TransactionSql, itemId: string): Promise<ReviewItem | null> {
  return firstOrNull(tx<ReviewItem[]>`
    SELECT id, workspace_id AS "workspaceId", connection_id AS "connectionId", fact_id AS "factId", reason,
           candidates, status, resolution, resolved_at AS "resolvedAt", created_at AS "createdAt"
    FROM enrichment_review_items WHERE id = ${itemId}`);
}

export function readBooking(tx: postgres.TransactionSql, bookingId: string): Promise<EnrichedBooking | null> {
  return firstOrNull(tx<EnrichedBooking[]>`
    SELECT id, workspace_id AS "workspaceId", feed_id AS "feedId", ical_uid AS "icalUid", platform,
           check_in::text AS "checkIn", check_out::text AS "checkOut", status, summary,
           confirmation_code AS "confirmationCode", guest_name AS "guestName", guest_count AS "guestCount",
           payout_amount::float8 AS "payoutAmount", payout_currency AS "payoutCurrency",
           enrichment_status AS "enrichmentStatus", raw_data AS "rawData", updated_at AS "updatedAt"
    FROM bookings WHERE id = ${bookingId}`);
}

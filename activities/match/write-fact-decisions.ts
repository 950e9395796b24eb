import type postgres from 'postgres';
import type { ReviewReason } from '../../contracts/review-reasons.js';
import type { Ranked } from '../../domain/matching/match-inputs.js';
import { closeMatchedItems, refreshOpenItems } from '../../domain/review/review-item-writes.js';

export interface BatchFactDecision {
  factId: string;
  status: 'matched' | 'review' | 'unmatched';
  reason: string;
  bookingId: string | null;
  candidates: Ranked[];
  review: { reason: ReviewReason; candidates: Ranked[] } | null;
}

/**
 * Writes the batch's decisions to its facts, then, for facts re-matched after a feed import, closes
 * the open review item of each fact tied to a booking and refreshes the open item of each fact still
 * for review. Items a person already resolved or dismissed are history and stay as they are.
 */
export async function writeFactDecisions(
  tx: postgres.TransactionSql,
  decisions: readonly BatchFactDecision[],
): Promise<void> {
  if (decisions.length === 0) return;
  const facts = decisions.map((d) => ({
    id: d.factId,
    status: d.status,
    reason: d.reason,
    booking_id: d.bookingId,
    candidates: d.candidates,
  }));
  await tx`
    UPDATE reservation_facts f
    SET match_status = d.status, match_reason = d.reason, matched_booking_id = d.booking_id,
        match_candidates = d.candidates,
        -- a new match can tie the fact to another property, or show its stay in its calendar
        conflicts_checked = conflicts_checked AND f.matched_booking_id IS NOT DISTINCT FROM d.booking_id
    FROM json_to_recordset(${tx.json(facts as unknown as postgres.JSONValue)}::json)
      AS d(id uuid, status text, reason text, booking_id uuid, candidates jsonb)
    WHERE f.id = d.id`;
  await closeMatchedItems(
    tx,
    decisions.flatMap((d) => (d.bookingId === null ? [] : [{ factId: d.factId, bookingId: d.bookingId }])),
  );
  await refreshOpenItems(
    tx,
    decisions.flatMap((d) => (d.review === null ? [] : [{ factId: d.factId, ...d.review }])),
  );
}

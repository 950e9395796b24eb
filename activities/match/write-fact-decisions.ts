import type postgres from 'postgres';
import type { Ranked } from '../../domain/matching/match-inputs.js';
import type { ReviewReason } from '../../domain/matching/rank.js';

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
        match_candidates = d.candidates
    FROM json_to_recordset(${tx.json(facts as unknown as postgres.JSONValue)}::json)
      AS d(id uuid, status text, reason text, booking_id uuid, candidates jsonb)
    WHERE f.id = d.id`;
  const closes = decisions.flatMap((d) =>
    d.bookingId === null ? [] : [{ fact_id: d.factId, booking_id: d.bookingId }],
  );
  if (closes.length > 0) {
    await tx`
      UPDATE enrichment_review_items i
      SET status = 'resolved', resolved_at = now(),
          resolution = jsonb_build_object('bookingId', d.booking_id, 'at', now(), 'by', 'matcher')
      FROM json_to_recordset(${tx.json(closes)}::json) AS d(fact_id uuid, booking_id text)
      WHERE i.fact_id = d.fact_id AND i.status = 'open'`;
  }
  const refreshes = decisions.flatMap((d) =>
    d.review === null
      ? []
      : [{ fact_id: d.factId, reason: d.review.reason, candidates: d.review.candidates }],
  );
  if (refreshes.length > 0) {
    await tx`
      UPDATE enrichment_review_items i
      SET reason = d.reason, candidates = d.candidates
      FROM json_to_recordset(${tx.json(refreshes as unknown as postgres.JSONValue)}::json)
        AS d(fact_id uuid, reason text, candidates jsonb)
      WHERE i.fact_id = d.fact_id AND i.status = 'open'
        AND (i.reason, i.candidates) IS DISTINCT FROM (d.reason, d.candidates)`;
  }
}

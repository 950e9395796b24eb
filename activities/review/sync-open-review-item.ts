import type postgres from 'postgres';
import type { Ranked } from '../match/match-inputs.js';
import type { ReviewReason } from '../match/rank.js';

/**
 * A fact re-matched after a later feed import may already have an open review item: close it when
 * the fact now matched, or refresh its reason and candidates when it is still for review.
 * Items a person already resolved or dismissed are history and stay as they are.
 */
export async function closeOpenReviewItem(
  tx: postgres.TransactionSql,
  factId: string,
  bookingId: string,
): Promise<void> {
  await tx`
    UPDATE enrichment_review_items
    SET status = 'resolved', resolved_at = now(),
        resolution = jsonb_build_object('bookingId', ${bookingId}::text, 'at', now(), 'by', 'matcher')
    WHERE fact_id = ${factId} AND status = 'open'`;
}

export async function refreshOpenReviewItem(
  tx: postgres.TransactionSql,
  factId: string,
  reason: ReviewReason,
  candidates: Ranked[],
): Promise<void> {
  const json = tx.json(candidates as unknown as postgres.JSONValue);
  await tx`
    UPDATE enrichment_review_items
    SET reason = ${reason}, candidates = ${json}::jsonb
    WHERE fact_id = ${factId} AND status = 'open'
      AND (reason, candidates) IS DISTINCT FROM (${reason}::text, ${json}::jsonb)`;
}

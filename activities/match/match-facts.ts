import type postgres from 'postgres';
import type { Sql } from '../../db/client.js';
import { closeOpenReviewItem, refreshOpenReviewItem } from '../review/sync-open-review-item.js';
import { applyEnrichment } from './apply-enrichment.js';
import { enrichmentPatch } from './enrichment-patch.js';
import { loadCandidates } from './load-candidates.js';
import { lockPendingFacts } from './load-facts.js';
import type { FactToMatch } from './match-inputs.js';
import { type MatchDecision, rankFact } from './rank.js';

export const DEFAULT_MATCH_BATCH = 200;

export interface MatchFactsInput {
  connectionId: string;
  limit?: number;
}

/**
 * `decided`: facts taken from pending in this batch (less than the limit: none left);
 * `matched`: facts tied to a booking (enriched or cancelled); `enriched`: bookings whose values really
 * changed; `review`: facts left for a person; `unmatched`: facts that describe no stay (kind other).
 */
export interface MatchFactsResult {
  decided: number;
  matched: number;
  enriched: number;
  review: number;
  unmatched: number;
}

const FACT_STATUS: Record<MatchDecision['outcome'], 'matched' | 'review' | 'unmatched'> = {
  enrich: 'matched',
  cancel: 'matched',
  review: 'review',
  skip: 'unmatched',
};

/**
 * Decides one batch of the connection's pending facts (oldest e-mail first) in one transaction.
 * Bookings are only updated, and only within the fact's workspace.
 */
export async function matchFacts(sql: Sql, input: MatchFactsInput): Promise<MatchFactsResult> {
  const limit = input.limit ?? DEFAULT_MATCH_BATCH;
  return sql.begin(async (tx) => {
    const result: MatchFactsResult = { decided: 0, matched: 0, enriched: 0, review: 0, unmatched: 0 };
    for (const fact of await lockPendingFacts(tx, input.connectionId, limit)) {
      const decision = rankFact(fact, await loadCandidates(tx, fact));
      const changed = await applyDecision(tx, fact, decision);
      result.decided += 1;
      result[FACT_STATUS[decision.outcome]] += 1;
      if (changed) result.enriched += 1;
    }
    return result;
  });
}

/** Writes the decision to the booking (if any) and the fact; returns whether the booking changed. */
async function applyDecision(
  tx: postgres.TransactionSql,
  fact: FactToMatch,
  decision: MatchDecision,
): Promise<boolean> {
  const target = decision.outcome === 'enrich' || decision.outcome === 'cancel' ? decision : null;
  const bookingId = target?.bookingId ?? null;
  const changed =
    target !== null &&
    (await applyEnrichment(
      tx,
      { workspaceId: fact.workspaceId, bookingId: target.bookingId },
      enrichmentPatch(fact, target.reason),
    ));
  await tx`
    UPDATE reservation_facts
    SET match_status = ${FACT_STATUS[decision.outcome]}, match_reason = ${decision.reason},
        matched_booking_id = ${bookingId}::uuid,
        match_candidates = ${tx.json(decision.candidates as unknown as postgres.JSONValue)}::jsonb
    WHERE id = ${fact.id}`;
  if (bookingId !== null) await closeOpenReviewItem(tx, fact.id, bookingId);
  if (decision.outcome === 'review')
    await refreshOpenReviewItem(tx, fact.id, decision.reason, decision.candidates);
  return changed;
}

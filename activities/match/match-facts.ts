import { applyEnrichments, type BookingEnrichment } from '../../domain/enrichment/apply-enrichment.js';
import { enrichmentPatch } from '../../domain/enrichment/enrichment-patch.js';
import { lockPendingFacts } from '../../domain/matching/facts-to-match.js';
import { type MatchDecision, rankFact } from '../../domain/matching/rank.js';
import type { ActivityDeps } from '../deps.js';
import { queryCandidates } from './query-candidates.js';
import { type BatchFactDecision, writeFactDecisions } from './write-fact-decisions.js';

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
 * Bookings are only updated, and only within the fact's workspace. Facts are decided one after the
 * other (a later fact sees what an earlier one wrote to a booking's code or guest name, through the
 * candidate index), then the batch's writes go out as a few set-based statements.
 */
export function matchFacts(deps: Pick<ActivityDeps, 'sql'>) {
  return async (input: MatchFactsInput): Promise<MatchFactsResult> => {
    const { sql } = deps;
    const limit = input.limit ?? DEFAULT_MATCH_BATCH;
    return sql.begin(async (tx) => {
      const result: MatchFactsResult = { decided: 0, matched: 0, enriched: 0, review: 0, unmatched: 0 };
      const facts = await lockPendingFacts(tx, input.connectionId, limit);
      const candidates = await queryCandidates(tx, facts);
      const enrichments: BookingEnrichment[] = [];
      const decisions: BatchFactDecision[] = [];
      for (const fact of facts) {
        const decision = rankFact(fact, candidates.forFact(fact));
        const target = decision.outcome === 'enrich' || decision.outcome === 'cancel' ? decision : null;
        if (target !== null) {
          const patch = enrichmentPatch(fact, target.reason);
          enrichments.push({ workspaceId: fact.workspaceId, bookingId: target.bookingId, patch });
          candidates.applied(target.bookingId, patch);
        }
        decisions.push({
          factId: fact.id,
          status: FACT_STATUS[decision.outcome],
          reason: decision.reason,
          bookingId: target?.bookingId ?? null,
          candidates: decision.candidates,
          review:
            decision.outcome === 'review'
              ? { reason: decision.reason, candidates: decision.candidates }
              : null,
        });
        result.decided += 1;
        result[FACT_STATUS[decision.outcome]] += 1;
      }
      result.enriched = await applyEnrichments(tx, enrichments);
      await writeFactDecisions(tx, decisions);
      return result;
    });
  };
}

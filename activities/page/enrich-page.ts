import { openReviewItems } from '../../domain/review/review-item-writes.js';
import type { ActivityDeps } from '../deps.js';
import { extractMessages } from '../extract/extract-messages.js';
import { matchFacts } from '../match/match-facts.js';

export interface EnrichPageInput {
  connectionId: string;
}

export interface EnrichPageResult {
  factsExtracted: number;
  bookingsEnriched: number;
  reviewItemsCreated: number;
  /** The deadline stopped it with work left: call again. */
  more: boolean;
}

const BATCH = 500;

/**
 * How long one call works before it answers: it runs as a local activity, and a backlog (a first
 * sync over an archive that older code left unextracted) must not outlive its timeout.
 */
const ENRICH_DEADLINE_MS = 20_000;

/**
 * What follows archiving: extract what the archive step left, match every pending fact, open review
 * items. Each stage works in batches of 500 in its own transaction, so a retry repeats at most one
 * batch. The next page's `archiveLabelPage` runs it while it fetches; after the last page the sync
 * calls it as a local activity (one marker instead of five).
 */
export function enrichPage(deps: ActivityDeps) {
  const extract = extractMessages(deps);
  const match = matchFacts(deps);
  return async (input: EnrichPageInput): Promise<EnrichPageResult> => {
    const deadline = Date.now() + ENRICH_DEADLINE_MS;
    const result = { factsExtracted: 0, bookingsEnriched: 0, reviewItemsCreated: 0, more: false };
    const outOfTime = () => Date.now() > deadline;
    for (;;) {
      const extracted = await extract({ connectionId: input.connectionId, limit: BATCH });
      result.factsExtracted += extracted.factsExtracted;
      if (extracted.messages < BATCH) break;
      if (outOfTime()) return { ...result, more: true };
    }
    for (;;) {
      const matched = await match({ connectionId: input.connectionId, limit: BATCH });
      result.bookingsEnriched += matched.enriched;
      if (matched.decided < BATCH) break;
      if (outOfTime()) return { ...result, more: true };
    }
    result.reviewItemsCreated = await openReviewItems(deps.sql, input.connectionId);
    return result;
  };
}

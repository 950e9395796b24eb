import type { RunCounts } from '../../contracts/workflows.js';
import { openReviewItems } from '../../domain/review/review-item-writes.js';
import { checkNewFacts } from '../conflicts/check-new-facts.js';
import type { ActivityDeps } from '../deps.js';
import { extractMessages } from '../extract/extract-messages.js';
import { matchFacts } from '../match/match-facts.js';

export interface EnrichInput {
  connectionId: string;
}

export interface EnrichResult {
  counts: Pick<RunCounts, 'factsExtracted' | 'bookingsEnriched' | 'reviewItemsCreated'>;
  /** The deadline stopped it with work left: call again. */
  more: boolean;
}

const BATCH = 500;

/**
 * How long one call works before it answers: the sync runs it as a local activity, and a backlog (a
 * first sync over an archive that older code left unextracted, a reprocess that changed every fact)
 * must not outlive its timeout.
 */
const ENRICH_DEADLINE_MS = 20_000;

/**
 * The enrichment loop, the one every path runs after archiving or re-extracting: extract what the
 * archive step left, match every pending fact, open review items, check the new facts for
 * conflicts with the calendars of their property. Each stage works in batches of 500
 * in its own transaction, so a retry repeats at most one batch. A sync's page activity runs it for
 * the previous page while it fetches, and the sync calls it after its last page; reprocess calls it
 * after re-extracting; both call again while it answers `more` (workflows/enrich-all.ts).
 */
export function enrichConnection(deps: ActivityDeps) {
  const extract = extractMessages(deps);
  const match = matchFacts(deps);
  const checkConflicts = checkNewFacts(deps);
  return async (input: EnrichInput): Promise<EnrichResult> => {
    const deadline = Date.now() + ENRICH_DEADLINE_MS;
    const counts = { factsExtracted: 0, bookingsEnriched: 0, reviewItemsCreated: 0 };
    const outOfTime = () => Date.now() > deadline;
    for (;;) {
      const extracted = await extract({ connectionId: input.connectionId, limit: BATCH });
      counts.factsExtracted += extracted.factsExtracted;
      // a batch is cut by bytes as well as by count (ARCHIVE_READ_BATCH_BYTES): only none left ends it
      if (extracted.messages === 0) break;
      if (outOfTime()) return { counts, more: true };
    }
    for (;;) {
      const matched = await match({ connectionId: input.connectionId, limit: BATCH });
      counts.bookingsEnriched += matched.enriched;
      if (matched.decided < BATCH) break;
      if (outOfTime()) return { counts, more: true };
    }
    counts.reviewItemsCreated = await openReviewItems(deps.sql, input.connectionId);
    await checkConflicts({ connectionId: input.connectionId });
    return { counts, more: false };
  };
}

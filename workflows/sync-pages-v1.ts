import { log } from '@temporalio/workflow';
import type { LabelPage } from '../activities/fetch/fetch-label.js';
import type { RunCounts, SyncInput, SyncMode } from '../contracts/workflows.js';
import { db, gmail } from './sync-activities.js';

export interface PageLoopRun {
  runId: string;
  labelId: string;
  historyId: string | null;
}

export interface PageLoopState {
  mode: SyncMode;
  pages: number;
}

/** What either page loop works on: the run, its running totals and state, and its two callbacks. */
export interface PageLoop {
  input: SyncInput;
  run: PageLoopRun;
  totals: RunCounts;
  state: PageLoopState;
  stopRequested: () => boolean;
  /** after each page */
  onPage: () => void;
}

/**
 * The page loop of runs started before `one-step-pages` (sync.ts): list, archive, then extract,
 * match and review as separate steps. Kept so those runs replay and finish as they began.
 */
export async function pageThroughV1({
  input,
  run,
  totals,
  state,
  stopRequested,
  onPage,
}: PageLoop): Promise<boolean> {
  let pageToken: string | null = null;
  let relistHistoryId: string | null = null;
  for (;;) {
    if (stopRequested()) return true;
    const page: LabelPage = await gmail.fetchLabelPage({
      connectionId: input.connectionId,
      labelId: run.labelId,
      mode: state.mode,
      pageToken,
      startHistoryId: run.historyId,
      pageSize: input.pageSize,
    });
    if (page.historyExpired) {
      log.warn('history cursor expired: relisting the whole label', { connectionId: input.connectionId });
      state.mode = 'full';
      pageToken = null;
      continue;
    }
    if (state.mode === 'full' && pageToken === null) relistHistoryId = page.historyIdAfterPage;
    const last = page.nextPageToken === null;
    const archived = await gmail.archiveMessages({
      connectionId: input.connectionId,
      runId: run.runId,
      labelId: run.labelId,
      messageIds: page.messageIds,
      historyIdAfterPage: state.mode === 'full' ? (last ? relistHistoryId : null) : page.historyIdAfterPage,
      mode: state.mode,
    });
    totals.emailsScanned += archived.scanned;
    totals.emailsArchived += archived.archived;
    totals.duplicatesSkipped += archived.duplicates;
    // today's archive step extracts on the way in (absent from results recorded before it did)
    totals.factsExtracted += archived.factsExtracted ?? 0;
    if (archived.archived > 0) await enrichV1(input.connectionId, totals);
    state.pages += 1;
    onPage();
    if (last) return false;
    pageToken = page.nextPageToken;
  }
}

async function enrichV1(connectionId: string, totals: RunCounts) {
  for (;;) {
    const extracted = await db.extractMessages({ connectionId, limit: 500 });
    totals.factsExtracted += extracted.factsExtracted;
    if (extracted.messages < 500) break;
  }
  for (;;) {
    const matched = await db.matchFacts({ connectionId, limit: 500 });
    totals.bookingsEnriched += matched.enriched;
    if (matched.decided < 500) break;
  }
  const reviewed = await db.createReviewItems({ connectionId });
  totals.reviewItemsCreated += reviewed.created;
}

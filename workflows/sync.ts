import {
  ApplicationFailure,
  getExternalWorkflowHandle,
  log,
  patched,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ArchivedLabelPage } from '../activities/page/archive-label-page.js';
import { addArchivedPage, addEnriched, enrichmentPending } from '../activities/page/page-totals.js';
import {
  type PageProgress,
  pageProgressSignal,
  type RunCounts,
  type SyncInput,
  type SyncResult,
  stopAtPageBoundarySignal,
  ZERO_COUNTS,
} from '../contracts/workflows.js';
import { failureCode } from './failure-code.js';
import { bookkeeping, db, gmail } from './sync-activities.js';
import { type PageLoop, type PageLoopState, pageThroughV1 } from './sync-pages-v1.js';

/**
 * Runs from here on take a page as one activity (list + archive + extract, enriching the previous
 * page meanwhile), enrich the last page with local activities after the loop, keep their run row
 * with local activities, and tell the parent their progress at most every few seconds: about 6
 * history events a page instead of about 29.
 */
const ONE_STEP_PAGES = 'one-step-pages';

/**
 * How often a run tells its parent how far it is: after each of its first pages (a short run is
 * followed page by page), then once in PROGRESS_EVERY_MS of workflow time.
 */
const PROGRESS_EAGER_PAGES = 3;
const PROGRESS_EVERY_MS = 5_000;

/**
 * One pass over the label, page by page: fetch ids → archive → extract → match → review.
 * The history cursor moves in the archive step's transaction, never ahead of archived mail.
 */
export async function syncWorkflow(input: SyncInput): Promise<SyncResult> {
  let stopRequested = false;
  setHandler(stopAtPageBoundarySignal, () => {
    stopRequested = true;
  });
  const oneStep = patched(ONE_STEP_PAGES);
  const runs = oneStep ? db : bookkeeping;

  const run = await runs.startSyncRun({
    connectionId: input.connectionId,
    workflowId: workflowInfo().workflowId,
    trigger: input.trigger,
  });
  const totals = { ...ZERO_COUNTS };
  const state: PageLoopState = { mode: run.mode, pages: 0 };
  const progress = progressReporter(input, state, totals, oneStep ? PROGRESS_EVERY_MS : 0);
  try {
    if (run.refused) throw ApplicationFailure.nonRetryable(run.refused.message, run.refused.code);
    const pageThrough = oneStep ? pageThroughV2 : pageThroughV1;
    const stopped = await pageThrough({
      input,
      run,
      totals,
      state,
      stopRequested: () => stopRequested,
      onPage: progress,
    });
    const status = stopped ? 'cancelled' : 'completed';
    await runs.finishSyncRun({ runId: run.runId, status, totals, mode: state.mode });
    setCurrentDetails(describe(status, state, totals));
    return { runId: run.runId, status, pages: state.pages, mode: state.mode, ...totals };
  } catch (err) {
    const error = { code: failureCode(err), message: err instanceof Error ? err.message : String(err) };
    await runs.finishSyncRun({ runId: run.runId, status: 'failed', totals, mode: state.mode, error });
    setCurrentDetails(describe(`failed (${error.code})`, state, totals));
    throw ApplicationFailure.create({
      message: error.message,
      type: error.code,
      nonRetryable: true,
      cause: err as Error,
    });
  }
}

async function pageThroughV2(loop: PageLoop): Promise<boolean> {
  const { input, run, totals, state } = loop;
  let pageToken: string | null = null;
  let relistHistoryId: string | null = null;
  // the previous page archived mail not yet enriched: the next page's activity enriches it meanwhile
  let enrichPending = false;
  let stopped = true;
  while (!loop.stopRequested()) {
    const page: ArchivedLabelPage = await gmail.archiveLabelPage({
      connectionId: input.connectionId,
      runId: run.runId,
      labelId: run.labelId,
      mode: state.mode,
      pageToken,
      startHistoryId: run.historyId,
      relistHistoryId,
      pageSize: input.pageSize,
      enrichPrevious: enrichPending,
    });
    if (page.enriched) addEnriched(totals, page.enriched);
    enrichPending = enrichmentPending(page, enrichPending);
    if (page.historyExpired) {
      log.warn('history cursor expired: relisting the whole label', { connectionId: input.connectionId });
      state.mode = 'full';
      pageToken = null;
      continue;
    }
    relistHistoryId = page.relistHistoryId;
    addArchivedPage(totals, page);
    state.pages += 1;
    loop.onPage();
    if (page.nextPageToken === null) {
      stopped = false;
      break;
    }
    pageToken = page.nextPageToken;
  }
  // the last page's enrichment (or the one a stop left), as local activities
  if (enrichPending) await enrich(input.connectionId, totals);
  return stopped;
}

async function enrich(connectionId: string, totals: RunCounts) {
  for (;;) {
    const enriched = await db.enrichPage({ connectionId });
    addEnriched(totals, enriched);
    if (!enriched.more) return;
  }
}

/**
 * After each page: the run's details for the Temporal UI, and its progress to the parent, which
 * shows it in the connection's status. Each signal costs the two workflows about nine events, so
 * with `everyMs` > 0, past the first pages, only one page in `everyMs` of workflow time sends one.
 */
function progressReporter(input: SyncInput, state: PageLoopState, totals: RunCounts, everyMs: number) {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  return () => {
    setCurrentDetails(describe('running', state, totals));
    const now = Date.now();
    if (!input.parentWorkflowId) return;
    if (state.pages > PROGRESS_EAGER_PAGES && now - lastSentAt < everyMs) return;
    lastSentAt = now;
    const progress: PageProgress = {
      workflowId: workflowInfo().workflowId,
      pagesDone: state.pages,
      emailsScanned: totals.emailsScanned,
      emailsArchived: totals.emailsArchived,
    };
    // fire and forget: progress is a courtesy, the parent learns the result from the child itself
    getExternalWorkflowHandle(input.parentWorkflowId)
      .signal(pageProgressSignal, progress)
      .catch(() => {});
  };
}

function describe(status: string, state: PageLoopState, t: RunCounts): string {
  return [
    `**${status}** — ${state.mode} sync, ${state.pages} page(s)`,
    `scanned ${t.emailsScanned}, archived ${t.emailsArchived}, duplicates ${t.duplicatesSkipped}`,
    `facts ${t.factsExtracted}, bookings enriched ${t.bookingsEnriched}, review items ${t.reviewItemsCreated}`,
  ].join('\n\n');
}

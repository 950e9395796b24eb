import {
  ApplicationFailure,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { LabelPage } from '../activities/fetch/fetch-label.js';
import type { Activities } from '../activities/index.js';
import { NON_RETRYABLE_CODES } from '../contracts/errors.js';
import {
  type PageProgress,
  pageProgressSignal,
  type RunCounts,
  type SyncInput,
  type SyncMode,
  type SyncResult,
  stopAtPageBoundarySignal,
  ZERO_COUNTS,
} from '../contracts/workflows.js';
import { failureCode } from './failure-code.js';

// Gmail calls: rate limits carry their own delay (nextRetryDelay); the rest back off exponentially.
const gmail = proxyActivities<Activities>({
  // a flaky Gmail is retried for a quarter of an hour, however many attempts that takes
  scheduleToCloseTimeout: '15 minutes',
  startToCloseTimeout: '5 minutes',
  // short, so a crashed worker's page is handed to another worker within seconds
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
});

// Postgres-only steps: short, and run inside the workflow task so they cost no extra history.
const db = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '500 milliseconds',
    maximumInterval: '10 seconds',
    maximumAttempts: 8,
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
});

const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_CODES,
  },
});

/**
 * One pass over the label, page by page: fetch ids → archive → extract → match → review.
 * The history cursor moves in the archive step's transaction, never ahead of archived mail.
 */
export async function syncWorkflow(input: SyncInput): Promise<SyncResult> {
  let stopRequested = false;
  setHandler(stopAtPageBoundarySignal, () => {
    stopRequested = true;
  });

  const run = await bookkeeping.startSyncRun({
    connectionId: input.connectionId,
    workflowId: workflowInfo().workflowId,
    trigger: input.trigger,
  });
  const totals = { ...ZERO_COUNTS };
  const state = { mode: run.mode, pages: 0 };
  try {
    if (run.refused) throw ApplicationFailure.nonRetryable(run.refused.message, run.refused.code);
    const stopped = await pageThrough(input, run, totals, state, () => stopRequested);
    const status = stopped ? 'cancelled' : 'completed';
    await bookkeeping.finishSyncRun({ runId: run.runId, status, totals, mode: state.mode });
    setCurrentDetails(describe(status, state.mode, state.pages, totals));
    return { runId: run.runId, status, pages: state.pages, mode: state.mode, ...totals };
  } catch (err) {
    const error = { code: failureCode(err), message: err instanceof Error ? err.message : String(err) };
    await bookkeeping.finishSyncRun({ runId: run.runId, status: 'failed', totals, mode: state.mode, error });
    setCurrentDetails(describe(`failed (${error.code})`, state.mode, state.pages, totals));
    throw ApplicationFailure.create({
      message: error.message,
      type: error.code,
      nonRetryable: true,
      cause: err as Error,
    });
  }
}

async function pageThrough(
  input: SyncInput,
  run: { runId: string; labelId: string; historyId: string | null },
  totals: RunCounts,
  state: { mode: SyncMode; pages: number },
  stopRequested: () => boolean,
): Promise<boolean> {
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
      // a relist's cursor is only safe once its last page is in
      historyIdAfterPage: state.mode === 'full' ? (last ? relistHistoryId : null) : page.historyIdAfterPage,
      mode: state.mode,
    });
    totals.emailsScanned += archived.scanned;
    totals.emailsArchived += archived.archived;
    totals.duplicatesSkipped += archived.duplicates;
    if (archived.archived > 0) await enrich(input.connectionId, totals);
    state.pages += 1;
    reportProgress(input, state, totals);
    if (last) return false;
    pageToken = page.nextPageToken;
  }
}

async function enrich(connectionId: string, totals: RunCounts) {
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

function reportProgress(input: SyncInput, state: { mode: string; pages: number }, totals: RunCounts) {
  const pagesDone = state.pages;
  setCurrentDetails(describe('running', state.mode, pagesDone, totals));
  if (!input.parentWorkflowId) return;
  const progress: PageProgress = {
    workflowId: workflowInfo().workflowId,
    pagesDone,
    emailsScanned: totals.emailsScanned,
    emailsArchived: totals.emailsArchived,
  };
  // fire and forget: progress is a courtesy, the parent learns the result from the child itself
  getExternalWorkflowHandle(input.parentWorkflowId)
    .signal(pageProgressSignal, progress)
    .catch(() => {});
}

function describe(status: string, mode: string, pages: number, t: RunCounts): string {
  return [
    `**${status}** — ${mode} sync, ${pages} page(s)`,
    `scanned ${t.emailsScanned}, archived ${t.emailsArchived}, duplicates ${t.duplicatesSkipped}`,
    `facts ${t.factsExtracted}, bookings enriched ${t.bookingsEnriched}, review items ${t.reviewItemsCreated}`,
  ].join('\n\n');
}

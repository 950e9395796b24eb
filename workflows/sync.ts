import {
  ApplicationFailure,
  deprecatePatch,
  getExternalWorkflowHandle,
  log,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type PageProgress,
  pageProgressSignal,
  type SyncInput,
  type SyncResult,
  stopAtPageBoundarySignal,
  ZERO_COUNTS,
} from '../contracts/workflows.js';
import { failureCode } from './failure-code.js';
import { type PageLoopState, type PageSteps, pageThrough } from './page-loop.js';
import { db, gmail } from './sync-activities.js';

/**
 * Marks every run since a page became one activity. The page loop from before it (sync-pages-v1.ts)
 * is gone: deploy only once no run started without the marker is still running (docs/decisions.md,
 * "One sync path").
 */
const ONE_STEP_PAGES = 'one-step-pages';

/**
 * How often a run tells its parent how far it is: after each of its first pages (a short run is
 * followed page by page), then once in PROGRESS_EVERY_MS of workflow time.
 */
const PROGRESS_EAGER_PAGES = 3;
const PROGRESS_EVERY_MS = 5_000;

/** Each page a regular activity (it calls Gmail); the enrichment after the last one a local activity. */
const STEPS: PageSteps = { syncPage: gmail.syncPage, enrichConnection: db.enrichConnection };

/**
 * One pass over the label, page by page: fetch ids → archive → extract → match → review.
 * The history cursor moves in the archive step's transaction, never ahead of archived mail.
 */
export async function syncWorkflow(input: SyncInput): Promise<SyncResult> {
  let stopRequested = false;
  setHandler(stopAtPageBoundarySignal, () => {
    stopRequested = true;
  });
  deprecatePatch(ONE_STEP_PAGES);

  const run = await db.startSyncRun({
    connectionId: input.connectionId,
    workflowId: workflowInfo().workflowId,
    trigger: input.trigger,
  });
  const state: PageLoopState = { mode: run.mode, pages: 0, totals: { ...ZERO_COUNTS } };
  try {
    if (run.refused) throw ApplicationFailure.nonRetryable(run.refused.message, run.refused.code);
    const stopped = await pageThrough(
      STEPS,
      {
        ...run,
        connectionId: input.connectionId,
        pageSize: input.pageSize,
        awaitHistoryId: input.awaitHistoryId,
      },
      state,
      {
        stopRequested: () => stopRequested,
        afterPage: progressReporter(input, state),
        relisting: () =>
          log.warn('history cursor expired: relisting the whole label', { connectionId: input.connectionId }),
      },
    );
    const status = stopped ? 'cancelled' : 'completed';
    await db.finishSyncRun({ runId: run.runId, status, totals: state.totals, mode: state.mode });
    setCurrentDetails(describe(status, state));
    return { runId: run.runId, status, pages: state.pages, mode: state.mode, ...state.totals };
  } catch (err) {
    const error = { code: failureCode(err), message: err instanceof Error ? err.message : String(err) };
    await db.finishSyncRun({
      runId: run.runId,
      status: 'failed',
      totals: state.totals,
      mode: state.mode,
      error,
    });
    setCurrentDetails(describe(`failed (${error.code})`, state));
    throw ApplicationFailure.create({
      message: error.message,
      type: error.code,
      nonRetryable: true,
      cause: err as Error,
    });
  }
}

/**
 * After each page: the run's details for the Temporal UI, and its progress to the parent, which
 * shows it in the connection's status. Each signal costs the two workflows about nine events, so
 * past the first pages, only one page in PROGRESS_EVERY_MS of workflow time sends one.
 */
function progressReporter(input: SyncInput, state: PageLoopState) {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  return () => {
    setCurrentDetails(describe('running', state));
    const now = Date.now();
    if (!input.parentWorkflowId) return;
    if (state.pages > PROGRESS_EAGER_PAGES && now - lastSentAt < PROGRESS_EVERY_MS) return;
    lastSentAt = now;
    const progress: PageProgress = {
      workflowId: workflowInfo().workflowId,
      pagesDone: state.pages,
      emailsScanned: state.totals.emailsScanned,
      emailsArchived: state.totals.emailsArchived,
    };
    // fire and forget: progress is a courtesy, the parent learns the result from the child itself
    getExternalWorkflowHandle(input.parentWorkflowId)
      .signal(pageProgressSignal, progress)
      .catch(() => {});
  };
}

function describe(status: string, { mode, pages, totals: t }: PageLoopState): string {
  return [
    `**${status}** — ${mode} sync, ${pages} page(s)`,
    `scanned ${t.emailsScanned}, archived ${t.emailsArchived}, duplicates ${t.duplicatesSkipped}`,
    `facts ${t.factsExtracted}, bookings enriched ${t.bookingsEnriched}, review items ${t.reviewItemsCreated}`,
  ].join('\n\n');
}

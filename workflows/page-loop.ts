import type { EnrichInput, EnrichResult } from '../activities/enrich/enrich-connection.js';
import type { PageCursor, SyncPageResult } from '../activities/page/page-cursor.js';
import type { SyncPageInput } from '../activities/page/sync-page.js';
import { addRunCounts, type RunCounts, type SyncMode } from '../contracts/workflows.js';
import { enrichAll } from './enrich-all.js';

/** The two activities a sync pages with; the sync passes its proxies, the benchmark the functions. */
export interface PageSteps {
  syncPage(input: SyncPageInput): Promise<SyncPageResult>;
  enrichConnection(input: EnrichInput): Promise<EnrichResult>;
}

/** The run, as startSyncRun opened it. */
export interface PageRun {
  connectionId: string;
  runId: string;
  labelId: string;
  /** The saved history cursor an incremental run starts from. */
  historyId: string | null;
  pageSize?: number;
  /** A push's history id: the first incremental listing waits for Gmail to reach it (fetch-label.ts). */
  awaitHistoryId?: string;
}

/** What the loop moves as it goes: the sync shows it and returns it. */
export interface PageLoopState {
  mode: SyncMode;
  pages: number;
  totals: RunCounts;
}

export interface PageLoopHooks {
  /** Asked before each page: stop at this page boundary. */
  stopRequested(): boolean;
  /** After each page. */
  afterPage(): void;
  /** Gmail no longer has history from the saved cursor: the run lists the whole label instead. */
  relisting(): void;
}

/**
 * The sync's pages, one `syncPage` activity each, until the label is done or a stop is asked for;
 * then the enrichment the last page (or the stop) left. Each page says what comes next, and its
 * cursor goes back unread into the next call. Deterministic: the sync workflow and the benchmark's
 * direct path (bench/direct-run.ts) both run it. Returns true when it stopped before the end.
 */
export async function pageThrough(
  steps: PageSteps,
  run: PageRun,
  state: PageLoopState,
  hooks: PageLoopHooks,
): Promise<boolean> {
  let cursor: PageCursor | null = null;
  let unenriched = false;
  let stopped = true;
  while (!hooks.stopRequested()) {
    const page = await steps.syncPage({
      connectionId: run.connectionId,
      runId: run.runId,
      labelId: run.labelId,
      mode: state.mode,
      startHistoryId: run.historyId,
      pageSize: run.pageSize,
      cursor,
      ...(run.awaitHistoryId && cursor === null ? { awaitHistoryId: run.awaitHistoryId } : {}),
    });
    addRunCounts(state.totals, page.counts);
    unenriched = page.unenriched;
    if (page.next.kind === 'relist') {
      hooks.relisting();
      state.mode = 'full';
      cursor = page.next.cursor;
      continue;
    }
    state.pages += 1;
    hooks.afterPage();
    if (page.next.kind === 'done') {
      stopped = false;
      break;
    }
    cursor = page.next.cursor;
  }
  if (unenriched) await enrichAll(steps.enrichConnection, run.connectionId, state.totals);
  return stopped;
}

import type { RunCountKey, RunCounts, SyncMode } from '../../contracts/workflows.js';
import type { Queryable } from '../../db/client.js';

/** Each count's `sync_runs` column. */
export const RUN_COUNT_COLUMNS: Readonly<Record<RunCountKey, string>> = {
  emailsScanned: 'emails_scanned',
  emailsArchived: 'emails_archived',
  duplicatesSkipped: 'duplicates_skipped',
  factsExtracted: 'facts_extracted',
  bookingsEnriched: 'bookings_enriched',
  reviewItemsCreated: 'review_items_created',
};

/**
 * The only writes of a `sync_runs` row's counts. While the run goes, each archived batch adds to
 * its scanned and archived counts in the batch's own transaction (a retried page never counts
 * twice), so the runs list shows a sync in flight; when the run ends, its totals — what the workflow
 * summed from its steps' results, and what it returns — replace them all.
 */
export async function countArchivedBatch(
  tx: Queryable,
  input: { runId: string; mode: SyncMode; scanned: number; archived: number },
): Promise<void> {
  await tx`UPDATE sync_runs SET mode = ${input.mode},
      emails_scanned = emails_scanned + ${input.scanned},
      emails_archived = emails_archived + ${input.archived}
    WHERE id = ${input.runId}`;
}

/** The run's final counts as `sync_runs` columns, for the statement that closes the row. */
export function runCountColumns(totals: RunCounts): Record<string, number> {
  return Object.fromEntries(
    (Object.keys(RUN_COUNT_COLUMNS) as RunCountKey[]).map((key) => [RUN_COUNT_COLUMNS[key], totals[key]]),
  );
}

import type { RunCounts, SyncMode } from '../../contracts/workflows.js';
import type { Queryable } from '../../db/client.js';

/**
 * The only writes of a `sync_runs` row's counts. While the run goes, each archived batch adds to
 * its scanned and archived counts in the batch's own transaction (a retried page never counts
 * twice), so the runs list shows a sync in flight; when the run ends, its totals — what the workflow
 * summed from its steps' results, and what it returns — replace them all. A closed run takes no more:
 * an attempt orphaned by a reset or a timeout can still finish its batch after the run has ended.
 */
export async function countArchivedBatch(
  tx: Queryable,
  input: { runId: string; mode: SyncMode; scanned: number; archived: number },
): Promise<void> {
  await tx`UPDATE sync_runs SET mode = ${input.mode},
      emails_scanned = emails_scanned + ${input.scanned},
      emails_archived = emails_archived + ${input.archived}
    WHERE id = ${input.runId} AND status = 'running'`;
}

/** The run's final counts, as the SET list of the statement that closes its row. */
export function runTotalsSet(sql: Queryable, t: RunCounts) {
  return sql`emails_scanned = ${t.emailsScanned}, emails_archived = ${t.emailsArchived},
    duplicates_skipped = ${t.duplicatesSkipped}, facts_extracted = ${t.factsExtracted},
    bookings_enriched = ${t.bookingsEnriched}, review_items_created = ${t.reviewItemsCreated}`;
}

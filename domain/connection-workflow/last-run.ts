import { CODE, type ErrorCode, isErrorCode } from '../../contracts/errors.js';
import { type LastRun, runCountsOf } from '../../contracts/workflows.js';
import type { Sql } from '../../db/client.js';

interface LastRunRow {
  id: string;
  workflow_id: string;
  status: LastRun['status'];
  finished_at: Date;
  error_code: string | null;
  emails_scanned: number;
  emails_archived: number;
  duplicates_skipped: number;
  facts_extracted: number;
  bookings_enriched: number;
  review_items_created: number;
}

/**
 * A connection's latest finished sync run (reprocess runs aside), as its workflow would carry it:
 * what the rebuild of a lost workflow starts from and what the API answers when no workflow does.
 */
export async function lastFinishedRun(sql: Sql, connectionId: string): Promise<LastRun | null> {
  const [last] = await sql<LastRunRow[]>`
    SELECT id, workflow_id, status, finished_at, error_code, emails_scanned, emails_archived, duplicates_skipped,
           facts_extracted, bookings_enriched, review_items_created
    FROM sync_runs
    WHERE connection_id = ${connectionId} AND trigger <> 'reprocess' AND finished_at IS NOT NULL AND status <> 'running'
    ORDER BY finished_at DESC LIMIT 1`;
  return last ? lastRunOf(last) : null;
}

/** A code Postgres holds as text, back in the registry's terms (one from an older release: a failed sync). */
export const errorCodeOf = (code: string | null): ErrorCode => (isErrorCode(code) ? code : CODE.SYNC_FAILED);

function lastRunOf(r: LastRunRow): LastRun {
  return {
    ...runCountsOf({
      emailsScanned: r.emails_scanned,
      emailsArchived: r.emails_archived,
      duplicatesSkipped: r.duplicates_skipped,
      factsExtracted: r.facts_extracted,
      bookingsEnriched: r.bookings_enriched,
      reviewItemsCreated: r.review_items_created,
    }),
    runId: r.id,
    workflowId: r.workflow_id,
    status: r.status,
    finishedAt: r.finished_at.toISOString(),
    errorCode: r.error_code === null ? null : errorCodeOf(r.error_code),
  };
}

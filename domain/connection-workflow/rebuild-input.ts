import { CODE, isErrorCode } from '../../contracts/errors.js';
import {
  type ConnectionWorkflowInput,
  type LastRun,
  runCountsOf,
  type SyncState,
} from '../../contracts/workflows.js';
import type { Sql } from '../../db/client.js';

interface ConnectionRow {
  workspace_id: string;
  reservation_label: string | null;
  gmail_status: 'pending' | 'connected' | 'error' | 'revoked';
  sync_state: SyncState;
  sync_interval_minutes: number;
  last_sync_at: Date | null;
  last_error_at: Date | null;
  last_error_code: string | null;
  last_error_message: string | null;
}

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
 * A connection workflow's input rebuilt from Postgres, for when Temporal has lost the workflow
 * (terminated, or a namespace restored without it): the label, interval and pause state from the
 * row, the run number and last run from `sync_runs` (so the next run's id `sync-<id>-<n>` is new),
 * the Gmail health and the error still in force. The history cursor needs no carrying: it lives
 * in the row and every sync reads it there.
 *
 * `catchUp`: start with a run at once (the reconciler: nobody knows what the lost workflow missed);
 * off for Update-with-Start, whose update says what to do. Null when the connection should have no
 * workflow (never connected, disconnected, or no label).
 */
export async function rebuildConnectionInput(
  sql: Sql,
  connectionId: string,
  opts: { catchUp: boolean; now?: Date },
): Promise<ConnectionWorkflowInput | null> {
  const [conn] = await sql<ConnectionRow[]>`
    SELECT workspace_id, reservation_label, gmail_status, sync_state, sync_interval_minutes,
           last_sync_at, last_error_at, last_error_code, last_error_message
    FROM connections WHERE id = ${connectionId}`;
  if (!conn?.reservation_label || (conn.gmail_status !== 'connected' && conn.gmail_status !== 'error'))
    return null;
  const [numbered] = await sql<{ n: number | null }[]>`
    SELECT max(substring(workflow_id from '-([0-9]+)$')::int) AS n FROM sync_runs
    WHERE connection_id = ${connectionId} AND workflow_id LIKE 'sync-%'`;
  const [last] = await sql<LastRunRow[]>`
    SELECT id, workflow_id, status, finished_at, error_code, emails_scanned, emails_archived, duplicates_skipped,
           facts_extracted, bookings_enriched, review_items_created
    FROM sync_runs
    WHERE connection_id = ${connectionId} AND trigger <> 'reprocess' AND finished_at IS NOT NULL AND status <> 'running'
    ORDER BY finished_at DESC LIMIT 1`;
  const now = (opts.now ?? new Date()).getTime();
  const gmail = conn.gmail_status === 'error' ? 'needs_reauth' : 'ok';
  const errorStillCurrent =
    conn.last_error_code !== null &&
    conn.last_error_at !== null &&
    (conn.last_sync_at === null || conn.last_error_at > conn.last_sync_at);
  const intervalMs = conn.sync_interval_minutes * 60_000;
  return {
    connectionId,
    workspaceId: conn.workspace_id,
    label: conn.reservation_label,
    intervalMinutes: conn.sync_interval_minutes,
    syncState: conn.sync_state,
    initialSync: false,
    carried: {
      gmail,
      runCount: numbered?.n ?? 0,
      lastRun: last ? lastRunOf(last) : null,
      lastError: errorStillCurrent
        ? {
            code: codeOf(conn.last_error_code),
            message: conn.last_error_message ?? '',
            at: conn.last_error_at!.toISOString(),
          }
        : null,
      // overdue already: the timer fires at once
      nextSyncAt: (conn.last_sync_at?.getTime() ?? now) + intervalMs,
      pendingTrigger: opts.catchUp && gmail === 'ok' && conn.sync_state === 'active' ? 'reconcile' : null,
    },
  };
}

const codeOf = (code: string | null) => (isErrorCode(code) ? code : CODE.SYNC_FAILED);

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
    errorCode: r.error_code === null ? null : codeOf(r.error_code),
  };
}

import { gmailHealthOf } from '../../contracts/connection-state.js';
import type { ConnectionWorkflowInput } from '../../contracts/workflows.js';
import type { Sql } from '../../db/client.js';
import type { ConnectionRow } from '../connection-row.js';
import { errorCodeOf, lastFinishedRun } from './last-run.js';

type RebuildRow = Pick<
  ConnectionRow,
  | 'workspace_id'
  | 'reservation_label'
  | 'gmail_status'
  | 'sync_state'
  | 'sync_interval_minutes'
  | 'last_sync_at'
  | 'last_error_at'
  | 'last_error_code'
  | 'last_error_message'
>;

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
  const [conn] = await sql<RebuildRow[]>`
    SELECT workspace_id, reservation_label, gmail_status, sync_state, sync_interval_minutes,
           last_sync_at, last_error_at, last_error_code, last_error_message
    FROM connections WHERE id = ${connectionId}`;
  const gmail = conn ? gmailHealthOf(conn.gmail_status) : null;
  if (!conn?.reservation_label || gmail === null) return null;
  const [numbered] = await sql<{ n: number | null }[]>`
    SELECT max(substring(workflow_id from '-([0-9]+)$')::int) AS n FROM sync_runs
    WHERE connection_id = ${connectionId} AND workflow_id LIKE 'sync-%'`;
  const now = (opts.now ?? new Date()).getTime();
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
      lastRun: await lastFinishedRun(sql, connectionId),
      lastError: errorStillCurrent
        ? {
            code: errorCodeOf(conn.last_error_code),
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

import { z } from '@hono/zod-openapi';
import { gmailHealthOf, stateNameOf } from '../contracts/connection-state.js';
import {
  CONNECTION_STATE_NAMES,
  SYNC_STATES,
  SYNC_TRIGGERS,
  type ConnectionStatus as WorkflowStatus,
} from '../contracts/workflows.js';
import type { Sql } from '../db/client.js';
import type { ConnectionRow } from '../domain/connection-row.js';
import { timelinessOf } from '../domain/connection-timeliness.js';
import { lastFinishedRun } from '../domain/connection-workflow/last-run.js';
import { SyncLagField, TimelinessField } from './connection-record.js';
import { PushStatusField, pushStatusOf } from './push-status.js';
import { RunCountFields } from './run-counts.js';
import { iso, Timestamp } from './schemas.js';

/** The connection workflow's status query answer, as the API documents it. */

export const CurrentRun = z
  .object({
    runId: z.string(),
    workflowId: z.string(),
    trigger: z.enum(SYNC_TRIGGERS),
    startedAt: Timestamp,
    pagesDone: z.number().int(),
    emailsScanned: z.number().int(),
    emailsArchived: z.number().int(),
  })
  .openapi('CurrentRun');

const LastRun = z.object({
  ...RunCountFields,
  runId: z.string(),
  workflowId: z.string(),
  status: z.enum(['completed', 'failed', 'cancelled']),
  finishedAt: Timestamp,
  errorCode: z.string().nullable(),
});

export const ConnectionStatus = z
  .object({
    state: z.enum(CONNECTION_STATE_NAMES),
    syncState: z.enum(SYNC_STATES),
    gmail: z.enum(['ok', 'needs_reauth']),
    intervalMinutes: z.number().int(),
    pollIntervalMinutes: z.number().int().openapi({
      description:
        'the interval polls run at now: longer while push is healthy (GMAIL_PUSH_POLL_MINUTES), else intervalMinutes',
    }),
    push: PushStatusField,
    runCount: z.number().int(),
    currentRun: CurrentRun.nullable(),
    lastRun: LastRun.nullable(),
    nextSyncAt: Timestamp.nullable(),
    lastError: z.object({ code: z.string(), message: z.string(), at: Timestamp }).nullable(),
    timeliness: TimelinessField,
    syncLagSeconds: SyncLagField,
    source: z.enum(['workflow', 'database']).openapi({
      description:
        'workflow: the live answer of the connection workflow; database: no workflow runs, read from Postgres',
    }),
  })
  .openapi('ConnectionStatus');
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** The workflow's live answer, with the timeliness Postgres says (the same rule as the metrics). */
export const fromWorkflow = (status: WorkflowStatus, conn: ConnectionRow): ConnectionStatus => ({
  ...status,
  ...timelinessFields(conn),
  source: 'workflow',
});

function timelinessFields(conn: ConnectionRow) {
  const { timeliness, lagSeconds } = timelinessOf(conn);
  return { timeliness, syncLagSeconds: lagSeconds };
}

/**
 * What Postgres knows when no connection workflow runs (never connected, disconnected, or Temporal
 * lost it): the state by the workflow's own rule (contracts/connection-state.ts), from the row and
 * the last finished run, so the answer does not change with its `source`. A connection with no
 * Gmail grant at all (never connected, disconnected) answers `gmail: needs_reauth`: nothing syncs
 * before a consent.
 */
export async function statusFromDatabase(sql: Sql, conn: ConnectionRow): Promise<ConnectionStatus> {
  const [lastRun, [counted]] = await Promise.all([
    lastFinishedRun(sql, conn.id),
    sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM sync_runs WHERE connection_id = ${conn.id} AND trigger <> 'reprocess'`,
  ]);
  const gmail = gmailHealthOf(conn.gmail_status);
  return {
    state: stateNameOf({
      gmail,
      syncState: conn.sync_state,
      running: false,
      lastRun: lastRun?.status ?? null,
    }),
    syncState: conn.sync_state,
    gmail: gmail ?? 'needs_reauth',
    intervalMinutes: conn.sync_interval_minutes,
    // no workflow runs: nothing polls, and nothing can say whether push is healthy
    pollIntervalMinutes: conn.sync_interval_minutes,
    push: pushStatusOf(conn),
    runCount: lastRun ? counted!.n : 0,
    currentRun: null,
    lastRun,
    nextSyncAt: null,
    lastError: conn.last_error_code
      ? {
          code: conn.last_error_code,
          message: conn.last_error_message ?? '',
          at: iso(conn.last_error_at) ?? iso(conn.updated_at)!,
        }
      : null,
    ...timelinessFields(conn),
    source: 'database',
  };
}

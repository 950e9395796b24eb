import { z } from '@hono/zod-openapi';
import {
  CONNECTION_STATE_NAMES,
  SYNC_STATES,
  SYNC_TRIGGERS,
  type ConnectionStatus as WorkflowStatus,
} from '../contracts/workflows.js';
import type { Sql } from '../db/client.js';
import { timelinessOf } from '../domain/connection-timeliness.js';
import { type ConnectionRow, SyncLagField, TimelinessField } from './connection-record.js';
import { RunCountFields, type RunCountRow, runCountsOfRow } from './run-counts.js';
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

interface LastRunRow extends RunCountRow {
  id: string;
  workflow_id: string;
  status: 'completed' | 'failed' | 'cancelled';
  finished_at: Date;
  error_code: string | null;
  run_count: number;
}

/** What Postgres knows when no connection workflow runs (never connected, disconnected, or Temporal lost it). */
export async function statusFromDatabase(sql: Sql, conn: ConnectionRow): Promise<ConnectionStatus> {
  const [last] = await sql<LastRunRow[]>`
    SELECT r.*, (SELECT count(*) FROM sync_runs WHERE connection_id = ${conn.id} AND trigger <> 'reprocess')::int AS run_count
    FROM sync_runs r
    WHERE r.connection_id = ${conn.id} AND r.trigger <> 'reprocess' AND r.finished_at IS NOT NULL AND r.status <> 'running'
    ORDER BY r.finished_at DESC LIMIT 1`;
  const failed = conn.gmail_status === 'error' || conn.gmail_status === 'revoked';
  return {
    state: conn.sync_state === 'paused' ? 'paused' : failed ? 'error' : 'idle',
    syncState: conn.sync_state,
    gmail: conn.gmail_status === 'connected' ? 'ok' : 'needs_reauth',
    intervalMinutes: conn.sync_interval_minutes,
    runCount: last?.run_count ?? 0,
    currentRun: null,
    lastRun: last ? lastRunOf(last) : null,
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

function lastRunOf(r: LastRunRow): NonNullable<ConnectionStatus['lastRun']> {
  return {
    runId: r.id,
    workflowId: r.workflow_id,
    status: r.status,
    finishedAt: r.finished_at.toISOString(),
    errorCode: r.error_code,
    ...runCountsOfRow(r),
  };
}

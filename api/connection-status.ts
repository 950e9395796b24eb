import { z } from '@hono/zod-openapi';
import type { Sql } from '../db/client.js';
import type { ConnectionStatus as WorkflowStatus } from '../workflows/messages.js';
import type { ConnectionRow } from './connection-record.js';
import { iso, Timestamp } from './schemas.js';

/** The connection workflow's status query answer, as the API documents it. */
const Trigger = z.enum(['schedule', 'manual', 'resume', 'initial', 'reprocess']);
const Counts = {
  emailsScanned: z.number().int(),
  emailsArchived: z.number().int(),
  duplicatesSkipped: z.number().int(),
  factsExtracted: z.number().int(),
  bookingsEnriched: z.number().int(),
  reviewItemsCreated: z.number().int(),
};

export const CurrentRun = z
  .object({
    runId: z.string(),
    workflowId: z.string(),
    trigger: Trigger,
    startedAt: Timestamp,
    pagesDone: z.number().int(),
    emailsScanned: z.number().int(),
    emailsArchived: z.number().int(),
  })
  .openapi('CurrentRun');

const LastRun = z.object({
  ...Counts,
  runId: z.string(),
  workflowId: z.string(),
  status: z.enum(['completed', 'failed', 'cancelled']),
  finishedAt: Timestamp,
  errorCode: z.string().nullable(),
});

export const ConnectionStatus = z
  .object({
    state: z.enum(['idle', 'syncing', 'paused', 'error', 'needs_reauth']),
    syncState: z.enum(['active', 'paused']),
    gmail: z.enum(['ok', 'needs_reauth']),
    intervalMinutes: z.number().int(),
    runCount: z.number().int(),
    currentRun: CurrentRun.nullable(),
    lastRun: LastRun.nullable(),
    nextSyncAt: Timestamp.nullable(),
    lastError: z.object({ code: z.string(), message: z.string(), at: Timestamp }).nullable(),
    source: z.enum(['workflow', 'database']).openapi({
      description:
        'workflow: the live answer of the connection workflow; database: no workflow runs, read from Postgres',
    }),
  })
  .openapi('ConnectionStatus');
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const fromWorkflow = (status: WorkflowStatus): ConnectionStatus => ({ ...status, source: 'workflow' });

interface LastRunRow {
  id: string;
  workflow_id: string;
  status: 'completed' | 'failed' | 'cancelled';
  finished_at: Date;
  error_code: string | null;
  emails_scanned: number;
  emails_archived: number;
  duplicates_skipped: number;
  facts_extracted: number;
  bookings_enriched: number;
  review_items_created: number;
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
    emailsScanned: r.emails_scanned,
    emailsArchived: r.emails_archived,
    duplicatesSkipped: r.duplicates_skipped,
    factsExtracted: r.facts_extracted,
    bookingsEnriched: r.bookings_enriched,
    reviewItemsCreated: r.review_items_created,
  };
}

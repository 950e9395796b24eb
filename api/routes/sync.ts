import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { CODE } from '../../contracts/errors.js';
import { SYNC_MODES, SYNC_TRIGGERS } from '../../contracts/workflows.js';
import { CONNECTION_COLUMNS, type ConnectionRow } from '../../domain/connection-row.js';
import { rebuildConnectionInput } from '../../domain/connection-workflow/rebuild-input.js';
import { findOwnedConnection, GmailStatus, LastError, lastErrorOf, SyncState } from '../connection-record.js';
import { ConnectionStatus, fromWorkflow, statusFromDatabase } from '../connection-status.js';
import type { ApiEnv, AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { syncNowLimit } from '../middleware/sync-now-limit.js';
import { createRouter } from '../router.js';
import { RunCountFields, type RunCountRow, runCountsOfRow } from '../run-counts.js';
import { iso, json, PageQuery, page, Timestamp, toPage, Uuid } from '../schemas.js';
import { queryStatus, setSyncState, startReprocess, syncNow } from '../workflow-client.js';
import { ownedRoute } from '../workspace-route.js';

const StartedRun = z.object({ workflowId: z.string(), runId: z.string() }).openapi('StartedRun');
export type StartedRun = z.infer<typeof StartedRun>;

const SyncRun = z
  .object({
    id: Uuid,
    workflowId: z.string(),
    trigger: z.enum(SYNC_TRIGGERS),
    mode: z.enum(SYNC_MODES),
    status: z.enum(['running', 'completed', 'failed', 'cancelled']),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    counts: z.object(RunCountFields),
    error: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  })
  .openapi('SyncRun');
const SyncRunPage = page(SyncRun).openapi('SyncRunPage');
export type SyncRunPage = z.infer<typeof SyncRunPage>;

const Health = z
  .object({
    connectionId: Uuid,
    gmailStatus: GmailStatus,
    gmailAddress: z.string().nullable(),
    syncState: SyncState,
    lastSyncAt: Timestamp.nullable(),
    lastErrorAt: Timestamp.nullable(),
    lastError: LastError,
  })
  .openapi('ConnectionHealth');
export type ConnectionHealth = z.infer<typeof Health>;

type Method = 'get' | 'post';
// all of these act on one connection, so its path is written once
const connectionPath = <const S extends string>(name: S) => `/api/connections/{id}/${name}` as const;

// "sync now" and reprocess: each starts a workflow and answers its ids, or 409 while one runs
const startingRun = <const S extends string>(
  name: S,
  summary: string,
  started: string,
  middleware: MiddlewareHandler<ApiEnv>[] = [],
) =>
  ownedRoute('sync', `post ${connectionPath(name)}`, {
    summary,
    middleware,
    errors: [409, 503],
    responses: { 202: json(StartedRun, started) },
  });
// pause, resume and status: each answers the connection's status, live or from Postgres
const answeringStatus = <const M extends Method, const S extends string>(
  method: M,
  name: S,
  summary: string,
  status: string,
) =>
  ownedRoute('sync', `${method} ${connectionPath(name)}`, {
    summary,
    errors: [503],
    responses: { 200: json(ConnectionStatus, status) },
  });

const pause = answeringStatus(
  'post',
  'pause',
  'Pause: no scheduled or manual runs; a running one stops at its next page',
  'The paused status',
);
const resume = answeringStatus(
  'post',
  'resume',
  'Resume: sync at once, then on the interval',
  'The resumed status',
);
const status = answeringStatus('get', 'status', 'Live state of the connection workflow', 'The status');
const runs = ownedRoute('sync', `get ${connectionPath('runs')}`, {
  summary: 'Sync runs, newest first',
  query: PageQuery,
  responses: { 200: json(SyncRunPage, 'One page of runs') },
});
const health = ownedRoute('sync', `get ${connectionPath('health')}`, {
  summary: 'Gmail status and last sync times',
  responses: { 200: json(Health, 'The health') },
});
const reprocess = startingRun(
  'reprocess',
  'Re-extract and re-match the archive, without asking Gmail',
  'The reprocess workflow started',
);

interface SyncRunRow extends RunCountRow {
  id: string;
  workflow_id: string;
  trigger: z.infer<typeof SyncRun>['trigger'];
  mode: z.infer<typeof SyncRun>['mode'];
  status: z.infer<typeof SyncRun>['status'];
  started_at: Date;
  finished_at: Date | null;
  error_code: string | null;
  error_message: string | null;
}

export function syncRoutes(deps: AppDeps) {
  const { sql } = deps;
  // its window lives as long as this router: one per process, whichever door calls it
  const sync = startingRun('sync', 'Sync now', 'The run started', [
    syncNowLimit(deps.env.SYNC_NOW_PER_MINUTE),
  ]);
  const target = { temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE };
  const owned = (workspaceId: string, id: string) => findOwnedConnection(sql, workspaceId, id);

  // a lost workflow is started again from Postgres by the update itself (Update-with-Start)
  const startIfMissing = (conn: ConnectionRow) => rebuildConnectionInput(sql, conn.id, { catchUp: false });

  const changeSyncState = async (conn: ConnectionRow, state: 'active' | 'paused') => {
    const live = await setSyncState(target, conn.id, state, await startIfMissing(conn));
    const [row] = await sql<ConnectionRow[]>`
      UPDATE connections SET sync_state = ${state}, updated_at = now() WHERE id = ${conn.id} RETURNING ${sql(CONNECTION_COLUMNS)}`;
    return live ? fromWorkflow(live, row!) : statusFromDatabase(sql, row!);
  };

  // A disconnected connection's workflow has ended, and one no worker answers for says nothing:
  // Postgres is the truth then (the answer's `source` tells which).
  const liveStatus = async (conn: ConnectionRow) => {
    if (conn.gmail_status === 'revoked') return null;
    try {
      return await queryStatus(target, conn.id);
    } catch (err) {
      if (err instanceof AppError && err.code === CODE.TEMPORAL_UNAVAILABLE) return null;
      throw err;
    }
  };

  return createRouter()
    .openapi(sync, async (c) => {
      const conn = await owned(c.get('workspaceId'), c.req.valid('param').id);
      if (conn.gmail_status !== 'connected')
        throw new AppError(CODE.GMAIL_NOT_CONNECTED, 'connect Gmail first');
      return c.json(await syncNow(target, conn.id, await startIfMissing(conn)), 202);
    })
    .openapi(pause, async (c) => {
      const conn = await owned(c.get('workspaceId'), c.req.valid('param').id);
      return c.json(await changeSyncState(conn, 'paused'), 200);
    })
    .openapi(resume, async (c) => {
      const conn = await owned(c.get('workspaceId'), c.req.valid('param').id);
      return c.json(await changeSyncState(conn, 'active'), 200);
    })
    .openapi(status, async (c) => {
      const conn = await owned(c.get('workspaceId'), c.req.valid('param').id);
      const live = await liveStatus(conn);
      return c.json(live ? fromWorkflow(live, conn) : await statusFromDatabase(sql, conn), 200);
    })
    .openapi(runs, async (c) => {
      const conn = await owned(c.get('workspaceId'), c.req.valid('param').id);
      const { limit, cursor } = c.req.valid('query');
      const rows = await sql<SyncRunRow[]>`
        SELECT * FROM sync_runs
        WHERE connection_id = ${conn.id}
          ${cursor ? sql`AND (started_at, id) < (SELECT started_at, id FROM sync_runs WHERE id = ${cursor} AND connection_id = ${conn.id})` : sql``}
        ORDER BY started_at DESC, id DESC
        LIMIT ${limit + 1}`;
      return c.json(toPage(rows, limit, toSyncRun), 200);
    })
    .openapi(health, async (c) => {
      const conn = await owned(c.get('workspaceId'), c.req.valid('param').id);
      return c.json(
        {
          connectionId: conn.id,
          gmailStatus: conn.gmail_status,
          gmailAddress: conn.gmail_address,
          syncState: conn.sync_state,
          lastSyncAt: iso(conn.last_sync_at),
          lastErrorAt: iso(conn.last_error_at),
          lastError: lastErrorOf(conn),
        },
        200,
      );
    })
    .openapi(reprocess, async (c) => {
      const conn = await owned(c.get('workspaceId'), c.req.valid('param').id);
      const started = await startReprocess(target, {
        connectionId: conn.id,
        workspaceId: conn.workspace_id,
        label: conn.reservation_label ?? '',
      });
      return c.json(started, 202);
    });
}

function toSyncRun(r: SyncRunRow): z.infer<typeof SyncRun> {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    trigger: r.trigger,
    mode: r.mode,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: iso(r.finished_at),
    counts: runCountsOfRow(r),
    error: r.error_code || r.error_message ? { code: r.error_code, message: r.error_message } : null,
  };
}

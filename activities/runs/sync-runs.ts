import { ApplicationFailure } from '@temporalio/common';
import { CODE, type ErrorCode } from '../../contracts/errors.js';
import type { GmailHealth, RunCounts, SyncMode, SyncTrigger } from '../../contracts/workflows.js';
import { logActivity } from '../../domain/activity-log.js';
import { recordEvent } from '../../domain/events/record-event.js';
import { runTotalsSet } from '../../domain/runs/run-counts.js';
import type { ActivityDeps } from '../deps.js';

export interface StartSyncRunInput {
  connectionId: string;
  workflowId: string;
  trigger: SyncTrigger;
}

export interface StartedSyncRun {
  runId: string;
  workspaceId: string;
  labelId: string;
  label: string;
  mode: SyncMode;
  historyId: string | null;
  /** Set when the run must not proceed; the run row exists so the failure is on record. */
  refused: RunError | null;
}

export interface RunError {
  code: ErrorCode;
  message: string;
}

export interface FinishSyncRunInput {
  runId: string;
  status: 'completed' | 'failed' | 'cancelled';
  totals: RunCounts;
  mode: SyncMode;
  error?: RunError | null;
}

interface ClosedRun {
  workspace_id: string;
  connection_id: string;
  started_at: Date;
  workflow_id: string;
  trigger: string;
  status_before: string;
}

interface ConnectionRow {
  workspace_id: string;
  reservation_label: string | null;
  gmail_label_id: string | null;
  gmail_status: string;
  history_id: string | null;
}

/** Opens the run's `sync_runs` row (idempotent on the workflow id, so a retried start is harmless). */
export function startSyncRun(deps: ActivityDeps) {
  return async (input: StartSyncRunInput): Promise<StartedSyncRun> => {
    const { sql } = deps;
    const [conn] = await sql<ConnectionRow[]>`
      SELECT workspace_id, reservation_label, gmail_label_id, gmail_status, history_id
      FROM connections WHERE id = ${input.connectionId}`;
    if (!conn) throw ApplicationFailure.nonRetryable('connection not found', CODE.NOT_FOUND);
    const mode = conn.history_id && input.trigger !== 'reprocess' ? 'incremental' : 'full';
    const [run] = await sql<{ id: string; inserted: boolean }[]>`
      INSERT INTO sync_runs (workspace_id, connection_id, workflow_id, trigger, mode)
      VALUES (${conn.workspace_id}, ${input.connectionId}, ${input.workflowId}, ${input.trigger}, ${mode})
      ON CONFLICT (workflow_id) DO UPDATE SET workflow_id = EXCLUDED.workflow_id
      RETURNING id, (xmax = 0) AS inserted`;
    if (run!.inserted) {
      await logActivity(sql, {
        workspaceId: conn.workspace_id,
        connectionId: input.connectionId,
        event: 'connector_sync_started',
        context: { runId: run!.id, workflowId: input.workflowId, trigger: input.trigger, mode },
      });
    }
    // reprocessing reads only the archive; a sync needs a resolved label of its own
    const refused = input.trigger === 'reprocess' ? null : await refusal(deps, input.connectionId, conn);
    return {
      refused,
      runId: run!.id,
      workspaceId: conn.workspace_id,
      labelId: conn.gmail_label_id ?? '',
      label: conn.reservation_label ?? '',
      mode,
      historyId: conn.history_id,
    };
  };
}

async function refusal(
  deps: ActivityDeps,
  connectionId: string,
  conn: ConnectionRow,
): Promise<RunError | null> {
  if (!conn.gmail_label_id || !conn.reservation_label) {
    return { code: CODE.LABEL_NOT_CONFIGURED, message: 'connection has no resolved Gmail label' };
  }
  return labelIsolationViolation(deps, connectionId, conn);
}

/** Two live connections of one workspace must never watch the same Gmail label. */
async function labelIsolationViolation(
  deps: ActivityDeps,
  connectionId: string,
  conn: ConnectionRow,
): Promise<RunError | null> {
  const others = await deps.sql<{ id: string }[]>`
    SELECT id FROM connections
    WHERE workspace_id = ${conn.workspace_id} AND id <> ${connectionId} AND gmail_status <> 'revoked'
      AND (gmail_label_id = ${conn.gmail_label_id} OR lower(reservation_label) = lower(${conn.reservation_label}))`;
  if (others.length === 0) return null;
  deps.log.error(
    {
      event: 'label_isolation_violation',
      connectionId,
      workspaceId: conn.workspace_id,
      others: others.map((o) => o.id),
    },
    'two connections of one workspace watch the same label',
  );
  return {
    code: CODE.LABEL_CONFLICT,
    message: `label ${conn.reservation_label} is also watched by connection ${others[0]!.id}`,
  };
}

/** Closes the run, stamps the connection and writes the audit and log events. */
export function finishSyncRun(deps: ActivityDeps) {
  return async (input: FinishSyncRunInput): Promise<void> => {
    const { sql, log } = deps;
    const t = input.totals;
    const error = input.error ?? null;
    const run = await sql.begin(async (tx) => {
      const [closed] = await tx<ClosedRun[]>`
        UPDATE sync_runs s SET ${runTotalsSet(tx, t)},
          status = ${input.status}, finished_at = COALESCE(s.finished_at, now()), mode = ${input.mode},
          error_code = ${error?.code ?? null}, error_message = ${error?.message ?? null}
        FROM (SELECT id, status FROM sync_runs WHERE id = ${input.runId} FOR UPDATE) before
        WHERE s.id = before.id
        RETURNING s.workspace_id, s.connection_id, s.started_at, s.workflow_id, s.trigger,
          before.status AS status_before`;
      if (!closed) return null;
      if (input.status === 'failed') {
        await tx`UPDATE connections SET last_error_at = now(), last_error_code = ${error?.code ?? CODE.SYNC_FAILED},
          last_error_message = ${error?.message ?? null}, updated_at = now() WHERE id = ${closed.connection_id}`;
        // once per run: a retried finish finds it failed already
        if (closed.status_before !== 'failed')
          await recordEvent(tx, {
            workspaceId: closed.workspace_id,
            type: 'connection.sync_failed',
            data: {
              connectionId: closed.connection_id,
              runId: input.runId,
              errorCode: error?.code ?? CODE.SYNC_FAILED,
            },
          });
      } else {
        await tx`UPDATE connections SET last_sync_at = now(), updated_at = now() WHERE id = ${closed.connection_id}`;
      }
      return closed;
    });
    if (!run) return;
    const event = input.status === 'failed' ? 'connector_sync_failed' : 'connector_sync_completed';
    await logActivity(sql, {
      workspaceId: run.workspace_id,
      connectionId: run.connection_id,
      event,
      context: { runId: input.runId, status: input.status, ...t, error },
    });
    const durationMs = Date.now() - run.started_at.getTime();
    deps.metrics.syncRuns.record({
      status: input.status,
      trigger: run.trigger,
      durationSeconds: durationMs / 1000,
      totals: t,
      factKinds: t.factsExtracted > 0 && run.trigger !== 'reprocess' ? await factKindsOf(deps, run) : [],
    });
    const fields = {
      runId: input.runId,
      workflowId: run.workflow_id,
      connectionId: run.connection_id,
      status: input.status,
      mode: input.mode,
      durationMs,
      ...t,
      errorCode: error?.code,
    };
    log.info({ event: 'gmail_ingest_run', ...fields }, 'gmail ingest run');
    log.info({ event: 'sync_run_end', ...fields }, `sync run ${input.status}`);
  };
}

/**
 * The run's new facts by platform and kind. Facts carry no run id, but one connection runs one
 * sync at a time: its facts created since the run started are the run's.
 */
async function factKindsOf(deps: ActivityDeps, run: { connection_id: string; started_at: Date }) {
  return deps.sql<{ platform: string; kind: string; n: number }[]>`
    SELECT platform, kind, count(*)::int AS n FROM reservation_facts
    WHERE connection_id = ${run.connection_id} AND created_at >= ${run.started_at}
    GROUP BY platform, kind`;
}

export interface ConnectionHealthInput {
  connectionId: string;
  from: GmailHealth;
  to: GmailHealth;
  error?: RunError | null;
}

/** Records a Gmail health transition (ok ⇄ needs_reauth) in the row and in the logs. */
export function recordConnectionHealth(deps: ActivityDeps) {
  return async (input: ConnectionHealthInput): Promise<void> => {
    const { sql } = deps;
    if (input.to === 'needs_reauth') {
      await sql.begin(async (tx) => {
        const [changed] = await tx<{ workspace_id: string; status_before: string }[]>`
          UPDATE connections c SET gmail_status = 'error', last_error_at = now(),
            last_error_code = ${input.error?.code ?? CODE.AUTH_REVOKED}, last_error_message = ${input.error?.message ?? null},
            updated_at = now()
          FROM (SELECT id, gmail_status FROM connections WHERE id = ${input.connectionId} FOR UPDATE) before
          WHERE c.id = before.id AND before.gmail_status <> 'revoked'
          RETURNING c.workspace_id, before.gmail_status AS status_before`;
        // told once per loss of access: a retried report finds the connection waiting already
        if (changed && changed.status_before !== 'error')
          await recordEvent(tx, {
            workspaceId: changed.workspace_id,
            type: 'connection.needs_reauth',
            data: {
              connectionId: input.connectionId,
              errorCode: input.error?.code ?? CODE.AUTH_REVOKED,
            },
          });
      });
    }
    deps.log.warn(
      {
        event: 'connection_health',
        connectionId: input.connectionId,
        from: input.from,
        to: input.to,
        errorCode: input.error?.code,
      },
      `connection ${input.from} → ${input.to}`,
    );
  };
}

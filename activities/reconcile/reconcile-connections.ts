import { Context } from '@temporalio/activity';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy } from '@temporalio/common';
import { gmailHealthOf } from '../../contracts/connection-state.js';
import {
  CONNECTION_WORKFLOW_TYPE,
  connectionWorkflowId,
  disconnectSignal,
  type ReconcilePage,
} from '../../contracts/workflows.js';
import type { ConnectionRow } from '../../domain/connection-row.js';
import { rebuildConnectionInput } from '../../domain/connection-workflow/rebuild-input.js';
import { connectionStartOptions } from '../../domain/connection-workflow/start-options.js';
import type { ActivityDeps } from '../deps.js';

export interface ReconcileConnectionsInput {
  afterId: string | null;
  limit: number;
}

type Row = Pick<ConnectionRow, 'id' | 'gmail_status' | 'reservation_label'>;

type Outcome = 'started' | 'stopped' | 'in_order';

// each connection costs one describe call: a few at once, so a page finishes in a second or two
const CONCURRENCY = 8;

/**
 * One page of connections, in id order: each one that should be watched (connected, or waiting
 * for a reconnect) gets its connection workflow back if Temporal has none running, rebuilt from
 * Postgres; each disconnected one whose workflow still runs is told to end. Running workflows are
 * left alone, so a pass changes nothing when all is well. Idempotent: a retried page finds the
 * workflows it started already running.
 */
export function reconcileConnections(deps: ActivityDeps) {
  return async (input: ReconcileConnectionsInput): Promise<ReconcilePage> => {
    const { client, info } = Context.current();
    const rows = await deps.sql<Row[]>`
      SELECT id, gmail_status, reservation_label FROM connections
      ${input.afterId ? deps.sql`WHERE id > ${input.afterId}` : deps.sql``}
      ORDER BY id LIMIT ${input.limit}`;
    const outcomes: Outcome[] = [];
    for (let at = 0; at < rows.length; at += CONCURRENCY) {
      const batch = rows.slice(at, at + CONCURRENCY);
      outcomes.push(
        ...(await Promise.all(batch.map((row) => reconcileOne(deps, client, info.taskQueue, row)))),
      );
      Context.current().heartbeat(at);
    }
    const changed = rows.flatMap((row, i) =>
      outcomes[i] === 'in_order' ? [] : [`${row.id}: ${outcomes[i]}`],
    );
    if (changed.length > 0)
      deps.log.warn({ event: 'connections_reconciled', changed }, 'reconciler repaired connections');
    return {
      checked: rows.length,
      started: outcomes.filter((o) => o === 'started').length,
      stopped: outcomes.filter((o) => o === 'stopped').length,
      lastId: rows.at(-1)?.id ?? null,
    };
  };
}

/**
 * A sync whose workflow ended without recording its end (its parent was terminated, so it was
 * cancelled before it could) would stay `running` forever: closed here as `cancelled`. What it
 * archived is in the archive and its cursor moved with it, so the next run loses nothing.
 */
async function closeAbandonedRuns(deps: ActivityDeps, client: Client, connectionId: string): Promise<void> {
  const open = await deps.sql<{ id: string; workflow_id: string }[]>`
    SELECT id, workflow_id FROM sync_runs
    WHERE connection_id = ${connectionId} AND status = 'running' AND trigger <> 'reprocess'`;
  for (const run of open) {
    const alive = await client.workflow
      .getHandle(run.workflow_id)
      .describe()
      .then(
        (d) => d.status.name === 'RUNNING',
        (err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        },
      );
    if (alive) continue;
    await deps.sql`UPDATE sync_runs SET status = 'cancelled', finished_at = now(),
        error_message = 'its workflow ended without recording it; closed by the reconciler'
      WHERE id = ${run.id} AND status = 'running'`;
    deps.log.warn(
      { event: 'sync_run_abandoned', runId: run.id, workflowId: run.workflow_id },
      'abandoned run closed',
    );
  }
}

/** Connected, or waiting for a reconnect: a grant a workflow watches (contracts/connection-state.ts). */
const shouldRun = (row: Row) => row.reservation_label !== null && gmailHealthOf(row.gmail_status) !== null;

async function reconcileOne(
  deps: ActivityDeps,
  client: Client,
  taskQueue: string,
  row: Row,
): Promise<Outcome> {
  const handle = client.workflow.getHandle(connectionWorkflowId(row.id));
  const running = await handle.describe().then(
    (d) => d.status.name === 'RUNNING',
    (err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    },
  );
  if (running && row.gmail_status === 'revoked') {
    await handle.signal(disconnectSignal);
    return 'stopped';
  }
  if (!shouldRun(row)) return 'in_order';
  await closeAbandonedRuns(deps, client, row.id);
  if (running) return 'in_order';
  const input = await rebuildConnectionInput(deps.sql, row.id, { catchUp: true });
  if (!input) return 'in_order';
  try {
    await client.workflow.start(CONNECTION_WORKFLOW_TYPE, {
      ...connectionStartOptions(input, taskQueue),
      // the API may have started it since the describe: then that one stands
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'in_order';
    throw err;
  }
}

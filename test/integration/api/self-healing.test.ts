import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import { type ConnectionStatus, statusFromDatabase } from '../../../api/connection-status.js';
import type { StartedRun } from '../../../api/routes/sync.js';
import { ConnectionState } from '../../../contracts/search-attributes.js';
import {
  connectionWorkflowId,
  RECONCILE_WORKFLOW_TYPE,
  type ReconcileTally,
  syncWorkflowId,
} from '../../../contracts/workflows.js';
import { CONNECTION_COLUMNS, type ConnectionRow } from '../../../domain/connection-row.js';
import { ensureReconcilerSchedule } from '../../../temporal/reconciler-schedule.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { type Api, eventually, startApi } from './harness.js';

// Issue 13 item 7: "sync now", pause and resume are Update-with-Start, so a connection workflow
// Temporal lost is started again from Postgres instead of the call failing; the reconciler ends
// the workflow of a disconnected connection; its schedule is created once.
let api: Api;
let token: string;
let conn: Connection;
const path = (action: string) => `/api/connections/${conn.id}/${action}`;
const handle = () => api.stack.client.workflow.getHandle(connectionWorkflowId(conn.id));
const idleAfter = (runs: number) => api.idleAfter(token, conn.id, runs);
const reconcile = (pass: string): Promise<ReconcileTally> =>
  api.stack.client.workflow.execute(RECONCILE_WORKFLOW_TYPE, {
    taskQueue: api.stack.taskQueue,
    workflowId: `connections-reconciler-test-${api.stack.taskQueue}-${pass}`,
    args: [{}],
  });

beforeAll(async () => {
  api = await startApi();
  token = (await api.newWorkspace('self-healing')).token;
  await api.mailbox('Airbnb', [airbnbConfirmation(31), airbnbConfirmation(32)]);
  conn = await api.newConnection(token, 'Airbnb');
  expect((await api.connectGmail(token, conn.id)).status).toBe(200);
  await idleAfter(1);
});
afterAll(async () => {
  await handle()
    .terminate('test over')
    .catch(() => {});
  await api?.stop();
});

describe('Update-with-Start', () => {
  it('"sync now" starts a terminated connection workflow again and runs, numbered after Postgres\'s runs', async () => {
    await handle().terminate('test: Temporal lost it');
    await api.mailbox('Airbnb', [airbnbConfirmation(33)]);
    const started = await api.call<StartedRun>('POST', path('sync'), { token });
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(syncWorkflowId(conn.id, 2));
    const s = await idleAfter(2);
    expect(s).toMatchObject({ source: 'workflow', runCount: 2, syncState: 'active', gmail: 'ok' });
    expect(s.lastRun).toMatchObject({ status: 'completed', emailsArchived: 1 });
    expect((await handle().describe()).status.name).toBe('RUNNING');
  });

  it('pause on a terminated workflow starts it again, paused; resume syncs at once', async () => {
    await handle().terminate('test: Temporal lost it again');
    const paused = await api.call<ConnectionStatus>('POST', path('pause'), { token });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      source: 'workflow',
      state: 'paused',
      syncState: 'paused',
      runCount: 2,
    });
    const resumed = await api.call<ConnectionStatus>('POST', path('resume'), { token });
    expect(resumed.status).toBe(200);
    expect(resumed.body.syncState).toBe('active');
    const s = await idleAfter(3);
    expect(s.lastRun?.status).toBe('completed');
  });
});

describe('the reconciler', () => {
  it('leaves a healthy connection alone', async () => {
    expect(await reconcile('healthy')).toEqual({ checked: 1, started: 0, stopped: 0 });
  });

  it('rebuilds a connection that waits for a reconnect in the state Postgres already answered', async () => {
    await handle().terminate('test: Temporal lost it while Gmail access was revoked');
    // what recordConnectionHealth writes when Google revokes the grant
    await api.stack.sql`
      UPDATE connections SET gmail_status = 'error', last_error_at = now(), last_error_code = 'AUTH_REVOKED',
        last_error_message = 'revoked' WHERE id = ${conn.id}`;
    // what the API answers when no workflow does (a terminated one still answers queries by replay)
    const [row] = await api.stack.sql<ConnectionRow[]>`
      SELECT ${api.stack.sql(CONNECTION_COLUMNS)} FROM connections WHERE id = ${conn.id}`;
    const fromPostgres = await statusFromDatabase(api.stack.sql, row!);
    expect(fromPostgres).toMatchObject({ source: 'database', state: 'needs_reauth', gmail: 'needs_reauth' });

    expect(await reconcile('needs-reauth')).toEqual({ checked: 1, started: 1, stopped: 0 });
    const fromWorkflow = await api.statusOf(token, conn.id);
    expect(fromWorkflow).toMatchObject({ source: 'workflow', state: 'needs_reauth', gmail: 'needs_reauth' });
    const attributes = (await handle().describe()).typedSearchAttributes;
    expect(attributes.get(ConnectionState)).toBe('needs_reauth');
  });

  it('ends the workflow of a disconnected connection whose own signal was lost, and starts none', async () => {
    // as if DELETE had updated the row but its disconnect signal never reached the workflow
    await api.stack
      .sql`UPDATE connections SET gmail_status = 'revoked', oauth_tokens = NULL WHERE id = ${conn.id}`;
    expect(await reconcile('revoked')).toEqual({ checked: 1, started: 0, stopped: 1 });
    await eventually(
      async () => ((await handle().describe()).status.name === 'COMPLETED' ? true : undefined),
      30_000,
      'the workflow to end',
    );
    expect(await reconcile('revoked-again')).toEqual({ checked: 1, started: 0, stopped: 0 });
  });
});

describe('the reconciler schedule', () => {
  it('is created once; a second worker finds it and leaves it; it starts the reconciler', async () => {
    const scheduleId = `connections-reconciler-test-${api.stack.taskQueue}`;
    const opts = { scheduleId, taskQueue: api.stack.taskQueue, everyMinutes: 5 };
    expect(await ensureReconcilerSchedule(api.stack.client, opts)).toBe('created');
    const schedule = api.stack.client.schedule.getHandle(scheduleId);
    try {
      expect(await ensureReconcilerSchedule(api.stack.client, opts)).toBe('existed');
      const described = await schedule.describe();
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: RECONCILE_WORKFLOW_TYPE,
      });
      expect(described.spec.intervals?.[0]?.every).toBe(5 * 60_000);
      await schedule.trigger();
      const action = await eventually(
        async () => (await schedule.describe()).info.recentActions[0],
        30_000,
        'the triggered pass',
      );
      const tally = await api.stack.client.workflow
        .getHandle<() => Promise<ReconcileTally>>(action.action.workflow.workflowId)
        .result();
      expect(tally.checked).toBe(1);
    } finally {
      await schedule.delete();
    }
  });
});

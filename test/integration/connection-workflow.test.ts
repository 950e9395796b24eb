import { describe, expect, it } from 'vitest';
import type { ConnectionWorkflowInput } from '../../contracts/workflows.js';
import {
  type ConnectionStatus,
  connectionWorkflowId,
  pauseUpdate,
  reconnectedSignal,
  resumeUpdate,
  statusQuery,
  syncNowUpdate,
} from '../../contracts/workflows.js';
import {
  createConnectedConnection,
  deliver,
  expireAccessToken,
  startConnectionWorkflow,
  type TestConnection,
} from '../../testing/connections.js';
import { airbnbConfirmation, confirmations } from '../../testing/mail.js';
import { untilStatus } from '../support/connection-status.js';
import { recordHistory } from '../support/histories.js';
import { type Stack, useStack } from '../support/stack.js';

let stack: Stack;
useStack((s) => {
  stack = s;
});

const startConnection = (conn: TestConnection, extra: Partial<ConnectionWorkflowInput> = {}) =>
  startConnectionWorkflow(stack, conn, extra);

const runsDone = (n: number) => (s: ConnectionStatus) =>
  s.runCount >= n && s.currentRun === null && s.lastRun !== null;

async function archivedIds(connectionId: string): Promise<string[]> {
  const rows = await stack.sql<{ gmail_message_id: string }[]>`
    SELECT gmail_message_id FROM gmail_messages WHERE connection_id = ${connectionId} ORDER BY gmail_message_id`;
  return rows.map((r) => r.gmail_message_id);
}

describe('connection workflow', () => {
  it('runs a full first sync, then an incremental one that fetches only new mail', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Incremental' });
    const first = await deliver(stack, conn.label, [
      airbnbConfirmation(),
      airbnbConfirmation(),
      airbnbConfirmation(),
    ]);
    const handle = await startConnection(conn);
    await untilStatus(handle, runsDone(1));
    const runs1 =
      await stack.sql`SELECT mode, status FROM sync_runs WHERE connection_id = ${conn.connectionId}`;
    expect(runs1).toEqual([{ mode: 'full', status: 'completed' }]);

    const second = await deliver(stack, conn.label, [airbnbConfirmation(), airbnbConfirmation()]);
    const since = Date.now();
    await handle.executeUpdate(syncNowUpdate);
    const status = await untilStatus(handle, runsDone(2));
    expect(status.lastRun).toMatchObject({ status: 'completed', emailsScanned: 2, emailsArchived: 2 });
    expect(stack.emulator.faults.calls({ kind: 'history.list', since }).length).toBeGreaterThan(0);
    expect(stack.emulator.faults.calls({ kind: 'messages.list', since })).toHaveLength(0);
    expect(stack.emulator.faults.calls({ kind: 'messages.get', since })).toHaveLength(2);
    expect(await archivedIds(conn.connectionId)).toEqual([...first, ...second].sort());
    const modes =
      await stack.sql`SELECT mode FROM sync_runs WHERE connection_id = ${conn.connectionId} ORDER BY started_at`;
    expect(modes.map((r) => r.mode)).toEqual(['full', 'incremental']);
    await recordHistory(stack.client, handle.workflowId, 'connection-two-syncs');
    await recordHistory(stack.client, status.lastRun!.workflowId, 'sync-incremental');
    await handle.terminate();
  });

  it('relists the label when the history id is stale, losing and doubling nothing', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Stale' });
    const first = await deliver(stack, conn.label, [airbnbConfirmation(), airbnbConfirmation()]);
    const handle = await startConnection(conn);
    await untilStatus(handle, runsDone(1));
    const second = await deliver(stack, conn.label, [airbnbConfirmation()]);
    stack.emulator.faults.staleHistoryBefore(Number.MAX_SAFE_INTEGER);
    try {
      await handle.executeUpdate(syncNowUpdate);
      const status = await untilStatus(handle, runsDone(2));
      expect(status.lastRun).toMatchObject({
        status: 'completed',
        emailsScanned: 3,
        emailsArchived: 1,
        duplicatesSkipped: 2,
      });
    } finally {
      stack.emulator.faults.clear();
    }
    expect(await archivedIds(conn.connectionId)).toEqual([...first, ...second].sort());
    const [run] =
      await stack.sql`SELECT mode FROM sync_runs WHERE connection_id = ${conn.connectionId} ORDER BY started_at DESC LIMIT 1`;
    expect(run!.mode).toBe('full');
    await recordHistory(stack.client, `sync-${conn.connectionId}-2`, 'sync-stale-history-relist');
    await handle.terminate();
  });

  it('honours Retry-After on 429 and finishes the run', async () => {
    const conn = await createConnectedConnection(stack, { label: 'RateLimited' });
    await deliver(stack, conn.label, [airbnbConfirmation(), airbnbConfirmation()]);
    stack.emulator.faults.rateLimit({ times: 1, retryAfterSeconds: 2, routes: ['messages.list'] });
    const since = Date.now();
    try {
      const handle = await startConnection(conn);
      const status = await untilStatus(handle, runsDone(1));
      expect(status.lastRun?.status).toBe('completed');
      const lists = stack.emulator.faults.calls({ kind: 'messages.list', since });
      expect(lists.map((c) => c.status)).toEqual([429, 200]);
      expect(lists[1]!.at - lists[0]!.at).toBeGreaterThanOrEqual(1900);
      const retried =
        await stack.sql`SELECT context FROM activity_log WHERE connection_id = ${conn.connectionId} AND event = 'connector_job_retried'`;
      expect(retried.length).toBeGreaterThanOrEqual(1);
      await handle.terminate();
    } finally {
      stack.emulator.faults.clear();
    }
  });

  it('turns invalid_grant into needs_reauth without a retry storm, and resumes on reconnected', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Revoked' });
    await deliver(stack, conn.label, [airbnbConfirmation()]);
    await expireAccessToken(stack, conn.connectionId);
    stack.emulator.faults.invalidGrant(true);
    const since = Date.now();
    const handle = await startConnection(conn);
    const status = await untilStatus(handle, (s) => s.state === 'needs_reauth');
    expect(status.lastError?.code).toBe('AUTH_REVOKED');
    await new Promise((r) => setTimeout(r, 2000));
    expect(stack.emulator.faults.calls({ kind: 'oauth.token', since })).toHaveLength(1);
    expect(stack.emulator.faults.calls({ since }).filter((c) => c.kind.startsWith('messages'))).toHaveLength(
      0,
    );
    const [row] =
      await stack.sql`SELECT gmail_status, last_error_code FROM connections WHERE id = ${conn.connectionId}`;
    expect(row).toEqual({ gmail_status: 'error', last_error_code: 'AUTH_REVOKED' });
    await expect(handle.executeUpdate(syncNowUpdate)).rejects.toThrow();

    stack.emulator.faults.invalidGrant(false);
    await handle.signal(reconnectedSignal);
    const after = await untilStatus(handle, (s) => s.lastRun?.status === 'completed');
    expect(after.state).toBe('idle');
    expect(await archivedIds(conn.connectionId)).toHaveLength(1);
    await recordHistory(stack.client, handle.workflowId, 'connection-reauth');
    await handle.terminate();
  });

  it('pauses a run at a page boundary and resume finishes the label', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Paged' });
    const ids = await deliver(stack, conn.label, confirmations(8));
    stack.emulator.faults.latency(300, ['messages.get']);
    try {
      const handle = await startConnection(conn, { pageSize: 2 });
      await untilStatus(handle, (s) => (s.currentRun?.pagesDone ?? 0) >= 1, 30_000);
      const paused = await handle.executeUpdate(pauseUpdate);
      expect(paused.syncState).toBe('paused');
      const stopped = await untilStatus(handle, (s) => s.currentRun === null && s.lastRun !== null);
      expect(stopped.lastRun?.status).toBe('cancelled');
      const archived = await archivedIds(conn.connectionId);
      expect(archived.length).toBeLessThan(8);
      expect(archived.length % 2).toBe(0);
      await expect(handle.executeUpdate(syncNowUpdate)).rejects.toThrow();

      const resumed = await handle.executeUpdate(resumeUpdate);
      expect(resumed.syncState).toBe('active');
      await untilStatus(handle, (s) => s.lastRun?.status === 'completed');
      expect(await archivedIds(conn.connectionId)).toEqual([...ids].sort());
      const runs =
        await stack.sql`SELECT trigger, status FROM sync_runs WHERE connection_id = ${conn.connectionId} ORDER BY started_at`;
      expect(runs).toEqual([
        { trigger: 'initial', status: 'cancelled' },
        { trigger: 'resume', status: 'completed' },
      ]);
      await recordHistory(stack.client, handle.workflowId, 'connection-pause-resume');
      await recordHistory(stack.client, `sync-${conn.connectionId}-1`, 'sync-paused-at-boundary');
      await handle.terminate();
    } finally {
      stack.emulator.faults.clear();
    }
  });

  it('never lets reconnected un-pause a paused connection', async () => {
    const conn = await createConnectedConnection(stack, { label: 'StaysPaused' });
    const handle = await startConnection(conn, { syncState: 'paused', initialSync: false });
    await handle.signal(reconnectedSignal);
    const status = await handle.query(statusQuery);
    expect(status).toMatchObject({ state: 'paused', syncState: 'paused', runCount: 0, nextSyncAt: null });
    await handle.terminate();
  });

  it('fails a run with LABEL_CONFLICT when two connections of a workspace watch one label', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Shared' });
    await stack.sql`INSERT INTO connections (workspace_id, platform, reservation_label, gmail_label_id, gmail_status)
      VALUES (${conn.workspaceId}, 'vrbo', 'Shared-renamed', ${conn.labelId}, 'connected')`;
    const handle = await startConnection(conn);
    const status = await untilStatus(handle, runsDone(1));
    expect(status.lastRun).toMatchObject({ status: 'failed', errorCode: 'LABEL_CONFLICT' });
    expect(status.state).toBe('error');
    await recordHistory(stack.client, `sync-${conn.connectionId}-1`, 'sync-label-conflict');
    const [run] =
      await stack.sql`SELECT status, error_code FROM sync_runs WHERE connection_id = ${conn.connectionId}`;
    expect(run).toEqual({ status: 'failed', error_code: 'LABEL_CONFLICT' });
    await handle.terminate();
  });

  it('continues as new when the server suggests it, keeping its state', async () => {
    const conn = await createConnectedConnection(stack, { label: 'LongLived' });
    await deliver(stack, conn.label, [airbnbConfirmation()]);
    const handle = await startConnection(conn);
    await untilStatus(handle, runsDone(1));
    const firstRunId = (await handle.describe()).runId;
    // the test server suggests continue-as-new at 400 events; each sync adds a couple of dozen
    for (let i = 2; i <= 30; i++) {
      await handle.executeUpdate(syncNowUpdate);
      await untilStatus(handle, runsDone(i));
    }
    const latest = stack.client.workflow.getHandle(connectionWorkflowId(conn.connectionId));
    const description = await latest.describe();
    expect(description.runId).not.toBe(firstRunId);
    const status = await latest.query(statusQuery);
    expect(status.runCount).toBe(30);
    expect(status.lastRun?.status).toBe('completed');
    expect(await archivedIds(conn.connectionId)).toHaveLength(1);
    await latest.terminate();
  });
});

/** Makes googleapis refresh before its next call, as it does once an hour in production. */

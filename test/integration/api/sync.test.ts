import { Client, Connection as TemporalConnection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app.js';
import type { Connection } from '../../../api/connection-record.js';
import type { ConnectionStatus } from '../../../api/connection-status.js';
import type { ConnectionHealth, StartedRun, SyncRunPage } from '../../../api/routes/sync.js';
import { connectionWorkflowId } from '../../../contracts/workflows.js';
import { airbnbConfirmation } from '../../../testing/mail.js';
import { type Api, eventually, startApi } from './harness.js';

let api: Api;
let token: string;
let conn: Connection;
const path = (action: string) => `/api/connections/${conn.id}/${action}`;
const status = () => api.statusOf(token, conn.id);
const idleAfter = (runs: number) => api.idleAfter(token, conn.id, runs);

/** "Sync now" on a connection without Gmail is refused: there is no mailbox to read. */
async function expectSyncRefused(connectionId: string) {
  const sync = await api.call('POST', `/api/connections/${connectionId}/sync`, { token });
  expect(sync.status).toBe(409);
  expect(sync.body.error.code).toBe('GMAIL_NOT_CONNECTED');
}

beforeAll(async () => {
  api = await startApi();
  token = (await api.newWorkspace('sync')).token;
  await api.mailbox('Airbnb', [airbnbConfirmation(11), airbnbConfirmation(12), airbnbConfirmation(13)]);
  conn = await api.newConnection(token, 'Airbnb');
  const connected = await api.connectGmail(token, conn.id);
  expect(connected.status).toBe(200);
  await idleAfter(1);
});
afterAll(async () => {
  api?.stack.emulator.faults.clear();
  await api?.stop();
});

describe('status, runs and health of a connected connection', () => {
  it('reports the live workflow status after the initial sync', async () => {
    const s = await status();
    expect(s).toMatchObject({
      source: 'workflow',
      state: 'idle',
      syncState: 'active',
      gmail: 'ok',
      runCount: 1,
    });
    expect(s.lastRun).toMatchObject({ status: 'completed', emailsArchived: 3 });
    expect(s.nextSyncAt).not.toBeNull();
  });

  it('lists the runs with their counts', async () => {
    const runs = await api.call<SyncRunPage>('GET', path('runs'), { token });
    expect(runs.status).toBe(200);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({
      trigger: 'initial',
      status: 'completed',
      counts: { emailsArchived: 3 },
    });
    expect(runs.body.nextCursor).toBeNull();
  });

  it('reports health', async () => {
    const res = await api.call<ConnectionHealth>('GET', path('health'), { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      connectionId: conn.id,
      gmailStatus: 'connected',
      syncState: 'active',
      lastError: null,
    });
    expect(res.body.lastSyncAt).toEqual(expect.any(String));
  });

  it('validates the runs query', async () => {
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=abc',
      'cursor=%%%',
      `cursor=${Buffer.from('nope').toString('base64url')}`,
    ]) {
      const res = await api.call('GET', `${path('runs')}?${query}`, { token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('sync now', () => {
  it('answers 202 with the run, and 409 SYNC_IN_PROGRESS (with the current run) while it runs', async () => {
    // slow Gmail down so the run is still going when the second request arrives
    api.stack.emulator.faults.latency(1_500);
    try {
      const first = await api.call<StartedRun>('POST', path('sync'), { token });
      expect(first.status).toBe(202);
      expect(first.body.workflowId).toBe(`sync-${conn.id}-2`);
      expect(first.body.runId).toEqual(expect.any(String));

      const second = await api.call('POST', path('sync'), { token });
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('SYNC_IN_PROGRESS');
      expect(second.body.error.details).toMatchObject({ currentRun: { workflowId: first.body.workflowId } });
    } finally {
      api.stack.emulator.faults.clear();
    }
    await idleAfter(2);
  });

  it('pages through the runs, newest first', async () => {
    const first = await api.call<SyncRunPage>('GET', `${path('runs')}?limit=1`, { token });
    expect(first.body.items.map((r) => r.trigger)).toEqual(['manual']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.call<SyncRunPage>(
      'GET',
      `${path('runs')}?limit=1&cursor=${first.body.nextCursor}`,
      {
        token,
      },
    );
    expect(second.body.items.map((r) => r.trigger)).toEqual(['initial']);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('pause and resume', () => {
  it('pauses: 200 with the paused state, persisted, and sync now is 409 CONNECTION_PAUSED', async () => {
    const res = await api.call<ConnectionStatus>('POST', path('pause'), { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'paused', syncState: 'paused', source: 'workflow' });
    const [row] = await api.stack.sql`SELECT sync_state FROM connections WHERE id = ${conn.id}`;
    expect(row!.sync_state).toBe('paused');

    const sync = await api.call('POST', path('sync'), { token });
    expect(sync.status).toBe(409);
    expect(sync.body.error.code).toBe('CONNECTION_PAUSED');
    expect((await status()).state).toBe('paused');
  });

  it('resumes: 200 active, persisted, and a resume run follows at once', async () => {
    const res = await api.call<ConnectionStatus>('POST', path('resume'), { token });
    expect(res.status).toBe(200);
    expect(res.body.syncState).toBe('active');
    const [row] = await api.stack.sql`SELECT sync_state FROM connections WHERE id = ${conn.id}`;
    expect(row!.sync_state).toBe('active');
    await idleAfter(3);
    const runs = await api.call<SyncRunPage>('GET', path('runs'), { token });
    expect(runs.body.items[0]!.trigger).toBe('resume');
  });
});

describe('configuration changes on a connected connection', () => {
  it('tells the workflow about a new interval', async () => {
    const res = await api.call<Connection>('PATCH', path('').slice(0, -1), {
      token,
      json: { syncIntervalMinutes: 42 },
    });
    expect(res.status).toBe(200);
    await eventually(async () => ((await status()).intervalMinutes === 42 ? true : undefined));
  });

  it('resolves a new label in Gmail before taking it', async () => {
    const { labelId } = await api.mailbox('Airbnb 2026');
    const res = await api.call<Connection>('PATCH', `/api/connections/${conn.id}`, {
      token,
      json: { reservationLabel: 'Airbnb 2026' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      reservationLabel: 'Airbnb 2026',
      gmailLabelId: labelId,
      gmailStatus: 'connected',
    });
    const [row] = await api.stack.sql`SELECT history_id FROM connections WHERE id = ${conn.id}`;
    expect(row!.history_id).toBeNull();
  });

  it('refuses a label Gmail does not have, changing nothing', async () => {
    const res = await api.call('PATCH', `/api/connections/${conn.id}`, {
      token,
      json: { reservationLabel: 'Nowhere' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('LABEL_NOT_FOUND');
    const [row] = await api.stack.sql`SELECT reservation_label FROM connections WHERE id = ${conn.id}`;
    expect(row!.reservation_label).toBe('Airbnb 2026');
  });
});

describe('reprocess', () => {
  it('answers 202 and starts the reprocess workflow, recorded as a reprocess run', async () => {
    const res = await api.call<StartedRun>('POST', path('reprocess'), { token });
    expect(res.status).toBe(202);
    expect(res.body.workflowId).toBe(`reprocess-${conn.id}`);
    const described = await api.stack.client.workflow.getHandle(res.body.workflowId).describe();
    expect(described.type).toBe('reprocessWorkflow');
    expect(described.runId).toBe(res.body.runId);
    await eventually(
      async () => {
        const runs = await api.call<SyncRunPage>('GET', path('runs'), { token });
        // each reprocess run is its own row, keyed by workflow id and run id
        const key = `${res.body.workflowId}/${res.body.runId}`;
        return runs.body.items.find((r) => r.trigger === 'reprocess' && r.workflowId === key);
      },
      30_000,
      'the reprocess run',
    );
  });
});

describe('a connection without Gmail', () => {
  it('answers sync with 409 GMAIL_NOT_CONNECTED and status from the database', async () => {
    const pending = await api.newConnection(token, 'Pending');
    await expectSyncRefused(pending.id);
    expect(await api.statusOf(token, pending.id)).toMatchObject({
      source: 'database',
      state: 'idle',
      gmail: 'needs_reauth',
      runCount: 0,
      lastRun: null,
    });
  });

  it('pauses and resumes in the database alone', async () => {
    const pending = await api.newConnection(token, 'Pending pause');
    const paused = await api.call<ConnectionStatus>('POST', `/api/connections/${pending.id}/pause`, {
      token,
    });
    expect(paused.body).toMatchObject({ state: 'paused', syncState: 'paused', source: 'database' });
    const resumed = await api.call<ConnectionStatus>('POST', `/api/connections/${pending.id}/resume`, {
      token,
    });
    expect(resumed.body).toMatchObject({ state: 'idle', syncState: 'active', source: 'database' });
  });
});

describe('when Temporal does not answer', () => {
  it('answers "sync now" with a retryable 503 and Retry-After, never a silent drop', async () => {
    // a client whose frontend is a closed loopback port: every call fails as UNAVAILABLE
    const nowhere = new Client({ connection: TemporalConnection.lazy({ address: '127.0.0.1:1' }) });
    const app = createApp({ ...api.deps, temporal: nowhere, log: pino({ level: 'silent' }) });
    const res = await app.request(path('sync'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TEMPORAL_UNAVAILABLE');
    await nowhere.connection.close();
  });
});

describe('disconnect', () => {
  it('ends the workflow; sync is then 409 GMAIL_NOT_CONNECTED and status comes from the database', async () => {
    const res = await api.call<Connection>('DELETE', `/api/connections/${conn.id}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.gmailStatus).toBe('revoked');
    const handle = api.stack.client.workflow.getHandle(connectionWorkflowId(conn.id));
    await eventually(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined));
    const [row] = await api.stack.sql`SELECT oauth_tokens FROM connections WHERE id = ${conn.id}`;
    expect(row!.oauth_tokens).toBeNull();

    await expectSyncRefused(conn.id);
    expect((await status()).source).toBe('database');
    const paused = await api.call<ConnectionStatus>('POST', path('pause'), { token });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ syncState: 'paused', source: 'database' });
  });
});

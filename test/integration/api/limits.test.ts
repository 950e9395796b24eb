import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import type { ErrorResponse } from '../../../api/schemas.js';
import { reprocessWorkflowId } from '../../../contracts/workflows.js';
import { type Api, startApi } from './harness.js';

const EMPTY_ICS = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//limits//EN', 'END:VCALENDAR', ''].join(
  '\r\n',
);

let api: Api;
let token: string;
let workspaceId: string;
let conn: Connection;
let server: Server;
let feedBase: string;

beforeAll(async () => {
  server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/calendar' });
    res.end(EMPTY_ICS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feedHost = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  feedBase = `http://${feedHost}`;
  api = await startApi({
    feedAllowPrivateHosts: [feedHost],
    env: {
      SYNC_NOW_PER_MINUTE: '2',
      AUTH_FAILURES_PER_WINDOW: '3',
      FEEDS_PER_WORKSPACE: '2',
      FEED_MIN_INTERVAL_MINUTES: '15',
    },
  });
  ({ token, id: workspaceId } = await api.newWorkspace('limits'));
  conn = await api.newConnection(token, 'Limits');
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await api?.stop();
});

const codeOf = (body: unknown) => (body as ErrorResponse).error.code;

describe('request body limit', () => {
  it('answers a 5 MB body with 413 PAYLOAD_TOO_LARGE, JSON like every error', async () => {
    const raw = JSON.stringify({ platform: 'airbnb', reservationLabel: 'x'.repeat(5 * 1024 * 1024) });
    const res = await api.call('POST', '/api/connections', { token, raw });
    expect(res.status).toBe(413);
    expect(codeOf(res.body)).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('feeds per workspace', () => {
  it('refuses an interval under the minimum, naming the field', async () => {
    const res = await api.call('POST', '/api/ical-feeds', {
      token,
      json: { platform: 'airbnb', url: `${feedBase}/short.ics`, importIntervalMinutes: 5 },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'json.importIntervalMinutes' }] },
    });
  });

  it('takes FEEDS_PER_WORKSPACE feeds, refuses the next with 409 FEED_LIMIT_REACHED; other workspaces are not affected', async () => {
    for (const n of [1, 2]) {
      const res = await api.call('POST', '/api/ical-feeds', {
        token,
        json: { platform: 'airbnb', url: `${feedBase}/cap-${n}.ics`, importIntervalMinutes: 15 },
      });
      expect(res.status).toBe(201);
    }
    const third = await api.call('POST', '/api/ical-feeds', {
      token,
      json: { platform: 'airbnb', url: `${feedBase}/cap-3.ics` },
    });
    expect(third.status).toBe(409);
    expect(codeOf(third.body)).toBe('FEED_LIMIT_REACHED');

    const other = (await api.newWorkspace('other')).token;
    const res = await api.call('POST', '/api/ical-feeds', {
      token: other,
      json: { platform: 'airbnb', url: `${feedBase}/cap-3.ics` },
    });
    expect(res.status).toBe(201);
  });
});

describe('one reprocess per connection', () => {
  it('answers 409 REPROCESS_IN_PROGRESS while one runs, and starts one again once it ended', async () => {
    // a reprocess no worker picks up stays running for as long as the test needs
    const held = await api.stack.client.workflow.start('reprocessWorkflow', {
      taskQueue: `${api.stack.taskQueue}-nobody-polls`,
      workflowId: reprocessWorkflowId(conn.id),
      args: [{ connectionId: conn.id, workspaceId }],
    });
    const refused = await api.call('POST', `/api/connections/${conn.id}/reprocess`, { token });
    expect(refused.status).toBe(409);
    expect(codeOf(refused.body)).toBe('REPROCESS_IN_PROGRESS');

    await held.terminate();
    const started = await api.call<{ workflowId: string }>('POST', `/api/connections/${conn.id}/reprocess`, {
      token,
    });
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(reprocessWorkflowId(conn.id));
    await api.stack.client.workflow.getHandle(started.body.workflowId).result();
    const again = await api.call('POST', `/api/connections/${conn.id}/reprocess`, { token });
    expect(again.status).toBe(202);
  });
});

describe('sync now', () => {
  it('allows SYNC_NOW_PER_MINUTE calls per connection, then 429 TOO_MANY_REQUESTS with Retry-After', async () => {
    const sync = (id: string) => api.call('POST', `/api/connections/${id}/sync`, { token });
    for (const _ of [1, 2]) expect((await sync(conn.id)).status).not.toBe(429);
    const limited = await sync(conn.id);
    expect(limited.status).toBe(429);
    expect(codeOf(limited.body)).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const other = await api.newConnection(token, 'Limits other');
    expect((await sync(other.id)).status).not.toBe(429);
  });

  it('has one window whichever door the calls come through: the API or the web app', async () => {
    const sync = (id: string) => api.call('POST', `/api/connections/${id}/sync`, { token });
    const session = await api.webSession(token);
    const syncFromApp = (id: string) => api.web('POST', `/app/connections/${id}/sync`, session, {});

    // SYNC_NOW_PER_MINUTE is 2: one call from each door uses the window up, for both doors
    const first = await api.newConnection(token, 'Limits doors 1');
    expect((await syncFromApp(first.id)).status).toBe(409); // GMAIL_NOT_CONNECTED, counted all the same
    expect((await sync(first.id)).status).toBe(409);
    expect((await syncFromApp(first.id)).status).toBe(429);
    expect(codeOf((await sync(first.id)).body)).toBe('TOO_MANY_REQUESTS');

    const second = await api.newConnection(token, 'Limits doors 2');
    expect((await sync(second.id)).status).toBe(409);
    expect((await sync(second.id)).status).toBe(409);
    const refused = await syncFromApp(second.id);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/too many requests/i);
  });

  it('opens no second window for another spelling of the id: an upper-case one is refused, naming it', async () => {
    const sync = (id: string) => api.call('POST', `/api/connections/${id}/sync`, { token });
    const conn = await api.newConnection(token, 'Limits spelling');
    for (const _ of [1, 2]) expect((await sync(conn.id)).status).toBe(409);
    const upper = await sync(conn.id.toUpperCase());
    expect(upper.status).toBe(400);
    expect(upper.body).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [{ path: 'param.id', message: 'must be a UUID in lower case' }],
      },
    });
    expect((await sync(conn.id)).status).toBe(429);
  });
});

// last: it locks this file's in-process client out of the API
describe('failed authentication', () => {
  it('answers 429 TOO_MANY_FAILED_AUTH with Retry-After after AUTH_FAILURES_PER_WINDOW bad tokens', async () => {
    for (const n of [1, 2, 3]) {
      const res = await api.call('GET', '/api/connections', { token: `cn_wrong_${n}` });
      expect(res.status).toBe(401);
    }
    const slowed = await api.call('GET', '/api/connections', { token: 'cn_wrong_4' });
    expect(slowed.status).toBe(429);
    expect(codeOf(slowed.body)).toBe('TOO_MANY_FAILED_AUTH');
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    // a guesser learns nothing more, even when a guess would be right
    expect((await api.call('GET', '/api/connections', { token })).status).toBe(429);
  });
});

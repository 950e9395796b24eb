import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import type { ConnectionList } from '../../../api/routes/connections.js';
import type { ErrorResponse } from '../../../api/schemas.js';
import { reprocessWorkflowId } from '../../../contracts/workflows.js';
import { type CalendarServer, startCalendarServer } from '../../../testing/calendar-server.js';
import { type Api, startApi } from './harness.js';

const EMPTY_ICS = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//limits//EN', 'END:VCALENDAR', ''].join(
  '\r\n',
);

let api: Api;
let token: string;
let workspaceId: string;
let conn: Connection;
let feeds: CalendarServer;

beforeAll(async () => {
  feeds = await startCalendarServer(() => EMPTY_ICS);
  api = await startApi({
    feedAllowPrivateHosts: [feeds.host],
    env: {
      SYNC_NOW_PER_MINUTE: '2',
      AUTH_FAILURES_PER_WINDOW: '3',
      FEEDS_PER_WORKSPACE: '2',
      CONNECTIONS_PER_WORKSPACE: '6',
      FEED_MIN_INTERVAL_MINUTES: '15',
    },
  });
  ({ token, id: workspaceId } = await api.newWorkspace('limits'));
  conn = await api.newConnection(token, 'Limits');
});
afterAll(async () => {
  await feeds?.stop();
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
      json: { platform: 'airbnb', url: `${feeds.url}/short.ics`, importIntervalMinutes: 5 },
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
        json: { platform: 'airbnb', url: `${feeds.url}/cap-${n}.ics`, importIntervalMinutes: 15 },
      });
      expect(res.status).toBe(201);
    }
    const third = await api.call('POST', '/api/ical-feeds', {
      token,
      json: { platform: 'airbnb', url: `${feeds.url}/cap-3.ics` },
    });
    expect(third.status).toBe(409);
    expect(codeOf(third.body)).toBe('FEED_LIMIT_REACHED');

    const other = (await api.newWorkspace('other')).token;
    const res = await api.call('POST', '/api/ical-feeds', {
      token: other,
      json: { platform: 'airbnb', url: `${feeds.url}/cap-3.ics` },
    });
    expect(res.status).toBe(201);
  });
});

describe('connections per workspace', () => {
  it('takes CONNECTIONS_PER_WORKSPACE connections, refuses the next with 409 CONNECTION_LIMIT_REACHED; other workspaces are not affected', async () => {
    const capped = (await api.newWorkspace('connection cap')).token;
    for (const n of [1, 2, 3, 4, 5, 6]) await api.newConnection(capped, `Cap ${n}`);
    const seventh = await api.call('POST', '/api/connections', {
      token: capped,
      json: { platform: 'airbnb', reservationLabel: 'Cap 7' },
    });
    expect(seventh.status).toBe(409);
    expect(seventh.body).toMatchObject({
      error: { code: 'CONNECTION_LIMIT_REACHED', details: { limit: 6 } },
    });
    const other = (await api.newWorkspace('not capped')).token;
    expect((await api.newConnection(other, 'Cap 7')).id).toBeTruthy();
  });

  it('lists them a page at a time, newest first, with a cursor like the other lists', async () => {
    const paged = (await api.newWorkspace('paged')).token;
    const made: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) made.unshift((await api.newConnection(paged, `Page ${n}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await api.call<ConnectionList>('GET', `/api/connections${query}`, { token: paged });
      expect(res.status).toBe(200);
      sizes.push(res.body.items.length);
      seen.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(made);
    const tooMany = await api.call('GET', '/api/connections?limit=201', { token: paged });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: { details: [{ path: 'query.limit' }] } });
  });

  it("gives nothing for a cursor made from another workspace's connection", async () => {
    const cursor = Buffer.from(conn.id).toString('base64url');
    const other = (await api.newWorkspace('cursor thief')).token;
    await api.newConnection(other, 'Thief');
    const res = await api.call<ConnectionList>('GET', `/api/connections?cursor=${cursor}`, { token: other });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});

describe("the card's polls parameter", () => {
  it('is a whole number from 0 to the poll limit: anything else is 400 naming it, not a card that polls forever', async () => {
    const session = await api.webSession(token);
    for (const polls of ['-1e9', '151', '1.5', 'lots']) {
      const res = await api.web('GET', `/app/connections/${conn.id}/card?polls=${polls}`, session);
      expect(res.status, polls).toBe(400);
      expect(await res.text(), polls).toContain('polls:');
    }
    const card = (polls: number) =>
      api.web('GET', `/app/connections/${conn.id}/card?polls=${polls}&until=sync-watched`, session);
    const watched = await card(3);
    expect(watched.status).toBe(200);
    expect(await watched.text()).toContain('polls=4');
    // the last refresh it may make: the card stops polling
    const last = await card(150);
    expect(last.status).toBe(200);
    expect(await last.text()).not.toContain('polls=');
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

describe('failed authentication', () => {
  it('answers further failures 429 TOO_MANY_FAILED_AUTH with Retry-After after AUTH_FAILURES_PER_WINDOW bad tokens', async () => {
    for (const n of [1, 2, 3]) {
      const res = await api.call('GET', '/api/connections', { token: `cn_wrong_${n}` });
      expect(res.status).toBe(401);
    }
    const slowed = await api.call('GET', '/api/connections', { token: 'cn_wrong_4' });
    expect(slowed.status).toBe(429);
    expect(codeOf(slowed.body)).toBe('TOO_MANY_FAILED_AUTH');
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('never refuses a valid credential from the same client: the API, the admin token and the sign-in', async () => {
    expect((await api.call('GET', '/api/connections', { token: 'cn_wrong_5' })).status).toBe(429);
    expect((await api.call('GET', '/api/connections', { token })).status).toBe(200);
    const created = await api.call('POST', '/api/workspaces', {
      json: { name: 'still admin' },
      headers: { 'X-Admin-Token': api.env.ADMIN_TOKEN },
    });
    expect(created.status).toBe(201);
    const refused = await api.web('POST', '/app/sign-in', null, { token: 'cn_wrong_6' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await refused.text()).toMatch(/The right one still works/);
    expect((await api.webSession(token)).length).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../api/connection-record.js';
import type { ConnectionList, ConnectionWithCounts } from '../../../api/routes/connections.js';
import { type Api, startApi } from './harness.js';

let api: Api;
let token: string;
beforeAll(async () => {
  api = await startApi();
  token = (await api.newWorkspace()).token;
});
afterAll(async () => {
  await api?.stop();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('POST /api/connections', () => {
  it('creates a pending, active connection', async () => {
    const res = await api.call<Connection>('POST', '/api/connections', {
      token,
      json: { platform: 'vrbo', reservationLabel: 'Vrbo', syncIntervalMinutes: 5 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      platform: 'vrbo',
      reservationLabel: 'Vrbo',
      gmailStatus: 'pending',
      syncState: 'active',
      syncIntervalMinutes: 5,
      gmailLabelId: null,
      gmailAddress: null,
      lastError: null,
    });
  });

  it('defaults the interval to 15 minutes', async () => {
    const conn = await api.newConnection(token, 'Default interval');
    expect(conn.syncIntervalMinutes).toBe(15);
  });

  it('refuses the same label twice in a workspace, whatever its case', async () => {
    await api.newConnection(token, 'Booking.com');
    const again = await api.call('POST', '/api/connections', {
      token,
      json: { platform: 'booking', reservationLabel: 'BOOKING.COM' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LABEL_CONFLICT');
  });

  it('lets another workspace use the same label', async () => {
    const other = await api.newWorkspace('other');
    await api.newConnection(token, 'Shared name');
    await expect(api.newConnection(other.token, 'Shared name')).resolves.toMatchObject({
      reservationLabel: 'Shared name',
    });
  });

  it.each([
    ['malformed JSON', { raw: '{"platform": "airbnb",' }, 'body'],
    ['missing fields', { json: {} }, 'json.platform'],
    ['an unknown platform', { json: { platform: 'expedia', reservationLabel: 'x' } }, 'json.platform'],
    ['a wrong-typed label', { json: { platform: 'airbnb', reservationLabel: 7 } }, 'json.reservationLabel'],
    ['a blank label', { json: { platform: 'airbnb', reservationLabel: '   ' } }, 'json.reservationLabel'],
    [
      'a too-long label',
      { json: { platform: 'airbnb', reservationLabel: 'x'.repeat(226) } },
      'json.reservationLabel',
    ],
    [
      'a zero interval',
      { json: { platform: 'airbnb', reservationLabel: 'x', syncIntervalMinutes: 0 } },
      'json.syncIntervalMinutes',
    ],
    [
      'a fractional interval',
      { json: { platform: 'airbnb', reservationLabel: 'x', syncIntervalMinutes: 1.5 } },
      'json.syncIntervalMinutes',
    ],
    [
      'a string interval',
      { json: { platform: 'airbnb', reservationLabel: 'x', syncIntervalMinutes: '5' } },
      'json.syncIntervalMinutes',
    ],
    ['an array body', { json: [] }, 'json'],
    ['null', { raw: 'null' }, 'json'],
  ])('answers %s with 400 VALIDATION_FAILED naming the field', async (_, input, path) => {
    const res = await api.call('POST', '/api/connections', { token, ...input });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
    expect(paths.some((p) => p === path || p.startsWith(`${path}.`) || path === 'json')).toBe(true);
  });
});

describe('GET /api/connections and /api/connections/:id', () => {
  it('lists the workspace connections and reads one with its counts', async () => {
    const { token: t } = await api.newWorkspace('lister');
    const a = await api.newConnection(t, 'One');
    await api.newConnection(t, 'Two');
    const list = await api.call<ConnectionList>('GET', '/api/connections', { token: t });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => c.reservationLabel).sort()).toEqual(['One', 'Two']);

    const one = await api.call<ConnectionWithCounts>('GET', `/api/connections/${a.id}`, {
      token: t,
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: a.id, reservationLabel: 'One' });
    expect(one.body.counts).toEqual({
      messagesArchived: 0,
      factsExtracted: 0,
      bookingsEnriched: 0,
      openReviewItems: 0,
    });
  });

  it('answers an unknown id with 404 and a malformed one with 400', async () => {
    const missing = await api.call('GET', `/api/connections/${UNKNOWN}`, { token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    for (const bad of ['not-a-uuid', '1', "1' OR '1'='1", '7d0f7a5e3c514d6e9b0b2f1f3c9b8a11x']) {
      const res = await api.call('GET', `/api/connections/${encodeURIComponent(bad)}`, { token });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([{ path: 'param.id', message: expect.any(String) }]);
    }
  });
});

describe('PATCH /api/connections/:id', () => {
  it('changes the label and the interval of a connection not yet connected', async () => {
    const conn = await api.newConnection(token, 'Before');
    const res = await api.call<Connection>('PATCH', `/api/connections/${conn.id}`, {
      token,
      json: { reservationLabel: 'After', syncIntervalMinutes: 30 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reservationLabel: 'After', syncIntervalMinutes: 30 });
  });

  it('refuses a label another connection watches', async () => {
    await api.newConnection(token, 'Taken');
    const conn = await api.newConnection(token, 'Free');
    const res = await api.call('PATCH', `/api/connections/${conn.id}`, {
      token,
      json: { reservationLabel: 'taken' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LABEL_CONFLICT');
  });

  it('needs at least one field, and valid ones', async () => {
    const conn = await api.newConnection(token, 'Patch me');
    for (const json of [
      {},
      { syncIntervalMinutes: 0 },
      { syncIntervalMinutes: 10081 },
      { reservationLabel: '' },
    ]) {
      const res = await api.call('PATCH', `/api/connections/${conn.id}`, { token, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers an unknown id with 404', async () => {
    const res = await api.call('PATCH', `/api/connections/${UNKNOWN}`, {
      token,
      json: { syncIntervalMinutes: 5 },
    });
    expect(res.status).toBe(404);
  });
});

describe('DELETE /api/connections/:id', () => {
  it('revokes the connection, keeps its archive, frees its label and logs it', async () => {
    const { id: workspaceId, token: t } = await api.newWorkspace('deleter');
    const conn = await api.newConnection(t, 'Leaving');
    await api.stack.sql`
      INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, subject)
      VALUES (${workspaceId}, ${conn.id}, 'm1', 'kept')`;

    const res = await api.call<Connection>('DELETE', `/api/connections/${conn.id}`, { token: t });
    expect(res.status).toBe(200);
    expect(res.body.gmailStatus).toBe('revoked');

    const [kept] = await api.stack
      .sql`SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${conn.id}`;
    expect(kept!.n).toBe(1);
    const events = await api.stack.sql<{ event: string }[]>`
      SELECT event FROM activity_log WHERE connection_id = ${conn.id}`;
    expect(events.map((e) => e.event)).toContain('connector_disconnect_succeeded');
    await expect(api.newConnection(t, 'Leaving')).resolves.toMatchObject({ gmailStatus: 'pending' });

    const again = await api.call<Connection>('DELETE', `/api/connections/${conn.id}`, { token: t });
    expect(again.status).toBe(200);
  });

  it('answers an unknown id with 404', async () => {
    const res = await api.call('DELETE', `/api/connections/${UNKNOWN}`, { token });
    expect(res.status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchivedMessage, ArchivedMessagePage } from '../../../api/routes/messages.js';
import type { Sql } from '../../../db/client.js';
import { type Api, startApi } from './harness.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let api: Api;
let owner: { id: string; token: string };
let connectionId: string;

/** Archived messages as the archive leaves them, one a day from Jun 1: later days are newer. */
const SEEDED = [
  { id: 'plain-1', day: 1, flags: [] },
  { id: 'hostile-2', day: 2, flags: ['budget_exceeded'] },
  { id: 'plain-3', day: 3, flags: [] },
  { id: 'huge-4', day: 4, flags: ['too_large', 'mime_parse_failed'] },
  { id: 'plain-5', day: 5, flags: [] },
  { id: 'broken-6', day: 6, flags: ['invalid_base64'] },
] as const;

async function seedMessages(sql: Sql, workspaceId: string, connId: string): Promise<void> {
  for (const m of SEEDED) {
    await sql`
      INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, subject, sender,
        internal_date, size_bytes, flags)
      VALUES (${workspaceId}, ${connId}, ${m.id}, ${`Subject ${m.id}`}, 'Airbnb <automated@airbnb.com>',
        ${`2026-06-0${m.day}T10:00:00Z`}, ${1000 * m.day}, ${[...m.flags]})`;
  }
}

beforeAll(async () => {
  api = await startApi();
  owner = await api.newWorkspace('owner');
  connectionId = (await api.newConnection(owner.token, 'Archive')).id;
  await seedMessages(api.stack.sql, owner.id, connectionId);
  // another connection's mail must not show up in this one's list
  const other = await api.newConnection(owner.token, 'Elsewhere');
  await api.stack.sql`
    INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, subject, internal_date, flags)
    VALUES (${owner.id}, ${other.id}, 'other-conn', 'Not mine', '2026-06-30T10:00:00Z', '{budget_exceeded}')`;
});
afterAll(async () => {
  await api?.stop();
});

const list = (query = '', token = owner.token, id = connectionId) =>
  api.call<ArchivedMessagePage>('GET', `/api/connections/${id}/messages${query}`, { token });

describe('GET /api/connections/{id}/messages', () => {
  it('lists every archived message of the connection, newest first', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.items.map((m) => m.gmailMessageId)).toEqual([
      'broken-6',
      'plain-5',
      'huge-4',
      'plain-3',
      'hostile-2',
      'plain-1',
    ]);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items[2]).toEqual({
      gmailMessageId: 'huge-4',
      subject: 'Subject huge-4',
      from: 'Airbnb <automated@airbnb.com>',
      internalDate: '2026-06-04T10:00:00.000Z',
      sizeBytes: 4000,
      flags: ['too_large', 'mime_parse_failed'],
      excerpt: null,
      dismissedAt: null,
      dismissedBy: null,
    });
    expect(res.body.items[1]!.flags).toEqual([]);
  });

  it('?flagged=true lists only the flagged ones, with their flags', async () => {
    const res = await list('?flagged=true');
    expect(res.status).toBe(200);
    expect(res.body.items.map((m) => [m.gmailMessageId, m.flags])).toEqual([
      ['broken-6', ['invalid_base64']],
      ['huge-4', ['too_large', 'mime_parse_failed']],
      ['hostile-2', ['budget_exceeded']],
    ]);
  });

  it('?flagged=false is the unfiltered list', async () => {
    const res = await list('?flagged=false');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(SEEDED.length);
  });

  it('pages with limit and cursor, each message once', async () => {
    const seen: string[] = [];
    let query = '?limit=4';
    for (let pages = 0; pages < 5; pages++) {
      const res = await list(query);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((m) => m.gmailMessageId));
      if (!res.body.nextCursor) break;
      query = `?limit=4&cursor=${res.body.nextCursor}`;
    }
    expect(seen).toEqual(['broken-6', 'plain-5', 'huge-4', 'plain-3', 'hostile-2', 'plain-1']);
  });

  it('pages the flagged list too', async () => {
    const first = await list('?flagged=true&limit=2');
    expect(first.body.items.map((m) => m.gmailMessageId)).toEqual(['broken-6', 'huge-4']);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await list(`?flagged=true&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((m) => m.gmailMessageId)).toEqual(['hostile-2']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('a well-formed cursor of no message of this connection selects nothing', async () => {
    const foreign = Buffer.from('999999999').toString('base64url');
    const res = await list(`?cursor=${foreign}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('answers 400 VALIDATION_FAILED for bad query values', async () => {
    const uuidCursor = Buffer.from(UNKNOWN).toString('base64url');
    // a 19-digit id would overflow Postgres' bigint: refused before it reaches SQL
    const hugeCursor = Buffer.from('9999999999999999999').toString('base64url');
    for (const query of [
      '?flagged=yes',
      '?flagged=1',
      '?limit=0',
      '?limit=201',
      '?limit=abc',
      '?cursor=zzz',
      `?cursor=${uuidCursor}`,
      `?cursor=${hugeCursor}`,
    ]) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it("answers 403 for another workspace's connection and 404 for an unknown one", async () => {
    const intruder = await api.newWorkspace('intruder');
    const forbidden = await list('?flagged=true', intruder.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const missing = await list('', owner.token, UNKNOWN);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('mail nobody could read: listed, read one by one, dismissed', () => {
  let unreadConn: string;
  const path = (messageId: string, id = unreadConn) => `/api/connections/${id}/messages/${messageId}`;

  beforeAll(async () => {
    unreadConn = (await api.newConnection(owner.token, 'Small inn')).id;
    const rows: [string, number, string[], string | null][] = [
      ['unread-1', 1, ['unrecognized'], 'Thank you! The reservation for 14/08/2026 has been received.'],
      ['read-2', 2, [], null],
      ['unread-3', 3, ['unrecognized'], 'Nueva reserva <script>alert(1)</script>'],
      ['broken-4', 4, ['invalid_base64'], null],
    ];
    for (const [id, day, flags, excerpt] of rows) {
      await api.stack.sql`
        INSERT INTO gmail_messages (workspace_id, connection_id, gmail_message_id, subject, sender, internal_date, flags, excerpt)
        VALUES (${owner.id}, ${unreadConn}, ${id}, ${`Reservation ${id}`}, 'bookings@small-inn-software.example',
          ${`2026-07-0${day}T10:00:00Z`}, ${flags}, ${excerpt})`;
    }
  });

  const unread = (query: string) => list(query, owner.token, unreadConn);

  it('?flag=unrecognized lists them with the start of their text; ?dismissed narrows them', async () => {
    const res = await unread('?flag=unrecognized');
    expect(res.status).toBe(200);
    expect(res.body.items.map((m) => [m.gmailMessageId, m.excerpt])).toEqual([
      ['unread-3', 'Nueva reserva <script>alert(1)</script>'],
      ['unread-1', 'Thank you! The reservation for 14/08/2026 has been received.'],
    ]);
    expect((await unread('?flagged=true')).body.items.map((m) => m.gmailMessageId)).toEqual([
      'broken-4',
      'unread-3',
      'unread-1',
    ]);
    expect((await unread('?flag=unrecognized&dismissed=false')).body.items).toHaveLength(2);
    expect((await unread('?flag=unrecognized&dismissed=true')).body.items).toEqual([]);
  });

  it('GET one message: what a message.unrecognized event points at', async () => {
    const res = await api.call<ArchivedMessage>('GET', path('unread-1'), { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      gmailMessageId: 'unread-1',
      flags: ['unrecognized'],
      dismissedAt: null,
    });
    expect((await api.call('GET', path('nope'), { token: owner.token })).status).toBe(404);
  });

  it('POST …/dismiss: not a booking, through the API door, once; the activity log says so', async () => {
    const first = await api.call<ArchivedMessage>('POST', `${path('unread-1')}/dismiss`, {
      token: owner.token,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      gmailMessageId: 'unread-1',
      flags: ['unrecognized'],
      dismissedBy: 'api',
    });
    expect(first.body.dismissedAt).not.toBeNull();
    // a second dismissal changes nothing: the first one's time stands
    const again = await api.call<ArchivedMessage>('POST', `${path('unread-1')}/dismiss`, {
      token: owner.token,
    });
    expect(again.status).toBe(200);
    expect(again.body.dismissedAt).toBe(first.body.dismissedAt);
    expect(
      (await unread('?flag=unrecognized&dismissed=false')).body.items.map((m) => m.gmailMessageId),
    ).toEqual(['unread-3']);
    expect(
      (await unread('?flag=unrecognized&dismissed=true')).body.items.map((m) => m.gmailMessageId),
    ).toEqual(['unread-1']);
    const logged = await api.stack.sql`
      SELECT context FROM activity_log WHERE connection_id = ${unreadConn} AND event = 'connector_review_mail_dismissed'`;
    expect(logged.map((r) => r.context)).toEqual([{ messageId: 'unread-1', by: 'api' }]);
  });

  it('only unread mail can be dismissed: 409 for a read one, 404 for none, 400 for an id that is none', async () => {
    const read = await api.call('POST', `${path('read-2')}/dismiss`, { token: owner.token });
    expect(read.status).toBe(409);
    expect(read.body).toMatchObject({ error: { code: 'MESSAGE_NOT_UNRECOGNIZED' } });
    const missing = await api.call('POST', `${path('no-such-message')}/dismiss`, { token: owner.token });
    expect(missing.status).toBe(404);
    for (const bad of ['a%2F..%2Fb', 'x'.repeat(129), 'has%20space']) {
      const res = await api.call('POST', `${path(bad)}/dismiss`, { token: owner.token });
      expect(res.status, bad).toBe(400);
      expect(res.body, bad).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: [{ path: 'param.messageId' }] },
      });
    }
    // another connection's message is not found through this one, even in the same workspace
    const viaOther = await api.call('POST', `${path('unread-3', connectionId)}/dismiss`, {
      token: owner.token,
    });
    expect(viaOther.status).toBe(404);
    const [row] = await api.stack
      .sql`SELECT dismissed_at FROM gmail_messages WHERE gmail_message_id = 'read-2'`;
    expect(row).toEqual({ dismissed_at: null });
  });

  it('another workspace can neither read nor dismiss them', async () => {
    const intruder = await api.newWorkspace('intruder 2');
    for (const [method, p] of [
      ['GET', path('unread-3')],
      ['POST', `${path('unread-3')}/dismiss`],
    ] as const) {
      const res = await api.call(method, p, { token: intruder.token });
      expect(res.status, `${method} ${p}`).toBe(403);
    }
    const [row] = await api.stack
      .sql`SELECT dismissed_at FROM gmail_messages WHERE gmail_message_id = 'unread-3'`;
    expect(row).toEqual({ dismissed_at: null });
  });
});

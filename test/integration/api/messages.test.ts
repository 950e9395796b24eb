import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchivedMessagePage } from '../../../api/routes/messages.js';
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

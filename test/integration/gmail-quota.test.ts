import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, type Sql } from '../../db/client.js';
import { QuotaBuckets as Buckets, type GmailMethod, type QuotaBuckets } from '../../gmail/quota.js';
import { mailboxOfConnection, PostgresQuotaStore, sharedQuotaBuckets } from '../../gmail/quota-postgres.js';
import { QUOTA_TABLES } from '../../gmail/quota-table.js';
import { worstWindow } from '../../testing/gmail-units.js';
import { useTestDatabase } from '../support/stack.js';

/**
 * The shared bucket against the real Postgres: two QuotaBuckets on pools of their own stand in for
 * two worker processes; whatever they ask, together they stay inside one mailbox's bucket.
 */
const POLICY = { unitsPerMinute: 6_000, costs: QUOTA_TABLES['2026'].costs };

let url: string;
let sql: Sql;
const pools: Sql[] = [];
useTestDatabase((db) => {
  url = db.url;
  sql = db.sql;
});

/** A worker process's view: its own connection pool, its own in-memory slices. */
function workerProcess(): QuotaBuckets {
  const pool = connectDb(url, { max: 4 });
  pools.push(pool);
  return sharedQuotaBuckets(POLICY, pool);
}

afterAll(async () => {
  for (const pool of pools) await pool.end({ timeout: 5 });
});

let workspaceId: string;
beforeAll(async () => {
  const [workspace] = await sql<{ id: string }[]>`
    INSERT INTO workspaces (name, api_token_hash) VALUES ('quota', ${randomUUID()}) RETURNING id`;
  workspaceId = workspace!.id;
});

async function connection(gmailAddress: string | null): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO connections (workspace_id, platform, reservation_label, gmail_address, gmail_status)
    VALUES (${workspaceId}, 'airbnb', ${`label-${randomUUID()}`}, ${gmailAddress}, 'connected') RETURNING id`;
  return row!.id;
}

type Spend = { at: number; units: number };

/** `callers` concurrent callers per process on the connection, for `ms`, every spend recorded. */
async function hammer(quota: QuotaBuckets, connectionId: string, callers: number, ms: number, into: Spend[]) {
  const end = performance.now() + ms;
  const methods: GmailMethod[] = [
    'messages.get',
    'messages.get',
    'messages.get',
    'history.list',
    'getProfile',
  ];
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      const handle = quota.for(connectionId);
      for (let i = c; performance.now() < end; i++) {
        const method = methods[i % methods.length]!;
        await handle.take(method);
        into.push({ at: performance.now(), units: POLICY.costs[method] });
      }
    }),
  );
}

/** The most units spent in any closed window of `windowMs` opening at a spend. */
const total = (spends: Spend[]) => spends.reduce((sum, s) => sum + s.units, 0);

describe('the Gmail quota bucket in Postgres', () => {
  it('keeps two processes leasing concurrently for one mailbox inside its one bucket; another mailbox has its own', async () => {
    const [a, b] = [workerProcess(), workerProcess()];
    const { burst, ratePerSecond, leaseSeconds } = a.shape;
    // two connections of one mailbox (the address in two spellings), and a mailbox of its own
    const sameMailbox = [await connection('Host@Example.com'), await connection('host@example.com')];
    const otherMailbox = await connection('other@example.com');
    const shared: Spend[] = [];
    const other: Spend[] = [];
    const ms = 4_000;
    await Promise.all([
      hammer(a, sameMailbox[0]!, 8, ms, shared),
      hammer(b, sameMailbox[1]!, 8, ms, shared),
      hammer(b, otherMailbox, 8, ms, other),
    ]);
    // any window of T seconds holds at most burst + rate × (T + lease): at T = 60 that is the budget
    const bound = (seconds: number) => burst + ratePerSecond * (seconds + leaseSeconds);
    for (const spends of [shared, other]) {
      expect(worstWindow(spends, ms)).toBeLessThanOrEqual(bound(ms / 1000) + 1e-6);
      expect(worstWindow(spends, 1_000)).toBeLessThanOrEqual(bound(1) + 1e-6);
      // and the budget is used: at least the refill of the run beyond the burst, less a second
      expect(total(spends)).toBeGreaterThan(burst + ratePerSecond * (ms / 1000 - 1) - 20);
    }
    const rows = await sql<{ mailbox: string; units: number }[]>`
      SELECT mailbox, units FROM gmail_quota_buckets ORDER BY mailbox`;
    expect(rows.map((r) => r.mailbox)).toEqual(['host@example.com', 'other@example.com']);
    for (const row of rows) {
      expect(row.units).toBeGreaterThanOrEqual(0);
      expect(row.units).toBeLessThanOrEqual(burst);
    }
  });

  it('leases at most what the bucket holds, then tells how long to wait for the rest', async () => {
    const store = new PostgresQuotaStore(sql);
    const shape = new Buckets({ policy: POLICY }).shape;
    const mailbox = `lease-${randomUUID()}`;
    expect(await store.lease(mailbox, 20, 60, shape)).toEqual({ granted: 60, waitMs: 0 });
    // 40 left of the burst of 100 (plus a few ms of refill): a lease wanting more gets what is there
    const second = await store.lease(mailbox, 20, 60, shape);
    expect(second.granted).toBeGreaterThanOrEqual(40);
    expect(second.granted).toBeLessThan(45);
    const third = await store.lease(mailbox, 20, 60, shape);
    expect(third.granted).toBe(0);
    // 20 units at ~97 a second: about 200 ms, less what refilled since
    expect(third.waitMs).toBeGreaterThan(150);
    expect(third.waitMs).toBeLessThanOrEqual(Math.ceil((20 / shape.ratePerSecond) * 1000));
  });

  it('keys a connection by its Gmail address, and by its id while it has none', async () => {
    const mailboxOf = mailboxOfConnection(sql);
    const withAddress = await connection('Someone@Example.com');
    const without = await connection(null);
    expect(await mailboxOf(withAddress)).toBe('someone@example.com');
    expect(await mailboxOf(without)).toBe(without);
  });

  it('with the limiter off, sends the database nothing', async () => {
    let queries = 0;
    const counting = new Proxy(sql, {
      apply: (target, self, args) => {
        queries++;
        return Reflect.apply(target, self, args);
      },
    });
    const off = sharedQuotaBuckets({ ...POLICY, unitsPerMinute: 0 }, counting);
    const on = sharedQuotaBuckets(POLICY, counting);
    const id = await connection('idle@example.com');
    for (let i = 0; i < 50; i++) await off.for(id).take('messages.get');
    expect(queries).toBe(0);
    await on.for(id).take('messages.get');
    expect(queries).toBeGreaterThan(0);
  });
});

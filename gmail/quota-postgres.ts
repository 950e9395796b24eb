import type { Sql } from '../db/client.js';
import {
  type BucketShape,
  QuotaBuckets,
  type QuotaLease,
  type QuotaPolicy,
  type QuotaStore,
  waitMsFor,
} from './quota.js';

/**
 * The mailbox buckets as rows of `gmail_quota_buckets` (migration 010), so every worker process
 * leases from the same budget. One UPDATE refills and takes atomically: the row lock orders
 * concurrent leases, and the time is the database's (`clock_timestamp()`), never a process's.
 */
export class PostgresQuotaStore implements QuotaStore {
  constructor(private readonly sql: Sql) {}

  async lease(mailbox: string, need: number, want: number, shape: BucketShape): Promise<QuotaLease> {
    for (let attempt = 0; ; attempt++) {
      const [row] = await this.update(mailbox, need, want, shape);
      if (row) {
        if (row.last_lease > 0) return { granted: row.last_lease, waitMs: 0 };
        return { granted: 0, waitMs: waitMsFor(need - row.units, shape) };
      }
      if (attempt > 0) throw new Error(`gmail_quota_buckets: no row for ${mailbox}`);
      // a mailbox no worker has leased for yet: its bucket starts full
      await this.sql`
        INSERT INTO gmail_quota_buckets (mailbox, units, refilled_at)
        VALUES (${mailbox}, ${shape.burst}, clock_timestamp())
        ON CONFLICT (mailbox) DO NOTHING`;
    }
  }

  private update(mailbox: string, need: number, want: number, shape: BucketShape) {
    const sql = this.sql;
    // `now` is read once per statement; a lease that waited for the row lock may hold a time
    // before the one the previous lease wrote, hence greatest(): no refill for it, none lost
    const available = sql`least(${shape.burst}::float8,
      b.units + greatest(0, extract(epoch FROM c.now - b.refilled_at)::float8) * ${shape.ratePerSecond}::float8)`;
    const granted = sql`CASE WHEN ${available} >= ${need}::float8 THEN least(${want}::float8, ${available}) ELSE 0 END`;
    return sql<{ units: number; last_lease: number }[]>`
      UPDATE gmail_quota_buckets AS b
      SET units = greatest(0, ${available} - ${granted}),
          last_lease = ${granted},
          refilled_at = greatest(b.refilled_at, c.now)
      FROM (SELECT clock_timestamp() AS now) AS c
      WHERE b.mailbox = ${mailbox}
      RETURNING b.units, b.last_lease`;
  }
}

/** A connection's mailbox: its Gmail address (lower case), or its id while it has none. */
export function mailboxOfConnection(sql: Sql) {
  return async (connectionId: string): Promise<string> => {
    const [row] = await sql<{ mailbox: string | null }[]>`
      SELECT lower(gmail_address) AS mailbox FROM connections WHERE id = ${connectionId}`;
    return row?.mailbox ?? connectionId;
  };
}

/**
 * The worker's limiter: one bucket per mailbox in Postgres, shared by every worker process on the
 * database. Off (budget 0): no lookups, no rows, no queries.
 */
export function sharedQuotaBuckets(policy: QuotaPolicy, sql: Sql): QuotaBuckets {
  return new QuotaBuckets({
    policy,
    store: new PostgresQuotaStore(sql),
    mailboxOf: mailboxOfConnection(sql),
  });
}

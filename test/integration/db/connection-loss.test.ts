import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, type Sql } from '../../../db/client.js';
import { useTestDatabase } from '../../support/stack.js';

// A backend that dies under a running query (a Postgres restart, a failover, pg_terminate_backend)
// must fail that query and nothing else. Unpatched, postgres 3.4.9 crashes the process from a
// setImmediate when begin() sends its ROLLBACK on the dead socket, fails the next query with the
// dead backend's error, and never lets end() finish: patches/postgres+3.4.9.patch, docs/dependencies.md.

let url = '';
useTestDatabase((db) => {
  url = db.url;
});

let killer: Sql;
const uncaught: unknown[] = [];
const record = (error: unknown) => uncaught.push(error);
beforeAll(() => {
  killer = connectDb(url, { max: 1 });
  process.on('uncaughtException', record);
});
afterAll(async () => {
  process.off('uncaughtException', record);
  await killer.end({ timeout: 5 });
});

/** Opens a transaction on `sql` and kills its backend while the transaction sleeps. */
async function killMidTransaction(sql: Sql): Promise<unknown> {
  let pid: number | undefined;
  const transaction = sql
    .begin(async (tx) => {
      const [row] = await tx<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      pid = row!.pid;
      await tx`SELECT pg_sleep(30)`;
    })
    .then(
      () => 'committed',
      (error: { code?: string }) => error.code,
    );
  while (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
  await killer`SELECT pg_terminate_backend(${pid})`;
  return transaction;
}

/** Lets every pending immediate and timer of the driver run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('a connection whose backend dies mid-transaction', () => {
  it('fails the transaction, not the process, and the pool answers the next queries', async () => {
    const sql = connectDb(url, { max: 1 });
    for (let round = 0; round < 3; round++) {
      expect(await killMidTransaction(sql)).toBe('CONNECTION_CLOSED');
      const answers = await Promise.all([1, 2, 3].map((n) => sql<{ n: number }[]>`SELECT ${n}::int AS n`));
      expect(answers.map(([row]) => row!.n)).toEqual([1, 2, 3]);
    }
    await settle();
    expect(uncaught).toEqual([]);
    // resolves only once no query is left waiting on the dead backend
    await sql.end();
  });

  it('fails a query in flight with CONNECTION_CLOSED and lets end() finish', async () => {
    const sql = connectDb(url, { max: 1 });
    const [row] = await sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    const pid = row!.pid;
    const sleeping = sql`SELECT pg_sleep(30)`.then(
      () => 'answered',
      (error: { code?: string }) => error.code,
    );
    await settle();
    await killer`SELECT pg_terminate_backend(${pid})`;
    expect(await sleeping).toBe('CONNECTION_CLOSED');
    expect(await sql`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    await settle();
    expect(uncaught).toEqual([]);
    await sql.end();
  });
});

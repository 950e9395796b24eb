import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { ConnectionWorkflowInput } from '../../../contracts/workflows.js';
import { type ConnectionStatus, connectionWorkflowId, statusQuery } from '../../../contracts/workflows.js';
import type { Sql } from '../../../db/client.js';
import { connectDb } from '../../../db/client.js';
import { type GmailEmulator, startGmailEmulator } from '../../../dev/gmail/emulator.js';
import { TokenCipher } from '../../../security/token-cipher.js';
import { createDrillConnection, type DrillConnection, deliver, drillMail, seedBookings } from './fixtures.js';
import {
  cloneDatabase,
  DRILL_KEY,
  DRILL_KEY_ID,
  type DrillEnv,
  randomId,
  spawnWorker,
  startInProcessWorker,
  type WorkerHandle,
  waitFor,
} from './infra.js';
import type { Expectations } from './invariants.js';

/** Everything one drill runs against; `cleanup` undoes it all (the shared servers stay up). */
export interface DrillContext {
  env: DrillEnv;
  sql: Sql;
  databaseUrl: string;
  temporalAddress: string;
  emulator: GmailEmulator;
  client: Client;
  cipher: TokenCipher;
  taskQueue: string;
  conn: DrillConnection;
  /** Gmail ids delivered so far; bookings that existed before the first sync. */
  delivered: string[];
  bookingsBefore: number;
  /** Numbers of the delivered e-mails that have a booking to enrich / that go to review. */
  withBooking: number;
  withoutBooking: number;
  worker: WorkerHandle | null;
  /** The worker: `worker.ts` in a process of its own when the drill kills it, else in this process. */
  startWorker(): Promise<WorkerHandle>;
  /** Delivers `count` confirmations; half of them (the even ones) get a booking first. */
  deliverMail(count: number): Promise<string[]>;
  startConnection(extra?: Partial<ConnectionWorkflowInput>): Promise<WorkflowHandle>;
  status(): Promise<ConnectionStatus>;
  /** Polls the status query until `ok`; query failures (a server restarting) count as "not yet". */
  until(what: string, ok: (s: ConnectionStatus) => boolean, timeoutMs?: number): Promise<ConnectionStatus>;
  expectations(extra: Pick<Expectations, 'runs'> & Partial<Expectations>): Expectations;
  cleanup(): Promise<void>;
}

export interface PrepareOptions {
  /** A private Temporal server's address (default: the shared one). */
  temporalAddress?: string;
  /** A private, migrated Postgres (default: a database cloned on the shared server, dropped afterwards). */
  databaseUrl?: string;
  /** Start the worker now (default true). */
  worker?: boolean;
  /** Run `worker.ts` as a process (SIGKILL-able) rather than in this process (faster to start). */
  workerProcess?: boolean;
}

export async function prepareDrill(
  env: DrillEnv,
  name: string,
  opts: PrepareOptions = {},
): Promise<DrillContext> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const run = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };
  try {
    let sql: Sql;
    let databaseUrl: string;
    if (opts.databaseUrl) {
      databaseUrl = opts.databaseUrl;
      sql = connectDb(databaseUrl, { max: 4 });
      cleanups.push(() => sql.end({ timeout: 5 }));
    } else {
      const db = await cloneDatabase(env.databaseUrl);
      sql = db.sql;
      databaseUrl = db.url;
      cleanups.push(() => db.drop());
    }
    const emulator = await startGmailEmulator({ port: 0 });
    cleanups.push(() => emulator.stop());
    const temporalAddress = opts.temporalAddress ?? env.temporalAddress;
    const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
    cleanups.push(() => client.connection.close());
    const cipher = new TokenCipher(DRILL_KEY_ID, { [DRILL_KEY_ID]: DRILL_KEY });
    const label = `Drill-${name}-${randomId()}`;
    const conn = await createDrillConnection(sql, emulator, cipher, label);
    const taskQueue = `drill-${name}-${randomId()}`;

    const ctx: DrillContext = {
      env,
      sql,
      databaseUrl,
      temporalAddress,
      emulator,
      client,
      cipher,
      taskQueue,
      conn,
      delivered: [],
      bookingsBefore: 0,
      withBooking: 0,
      withoutBooking: 0,
      worker: null,
      async startWorker() {
        const workerOpts = {
          databaseUrl,
          temporalAddress,
          taskQueue,
          workflowBundlePath: env.workflowBundlePath,
          emulator,
        };
        ctx.worker = opts.workerProcess
          ? await spawnWorker(workerOpts)
          : await startInProcessWorker(workerOpts);
        return ctx.worker;
      },
      async deliverMail(count) {
        const mail = drillMail(count);
        const even = mail.numbers.filter((_, i) => i % 2 === 0);
        ctx.bookingsBefore += await seedBookings(
          sql,
          conn.workspaceId,
          even,
          ctx.bookingsBefore === 0 ? 2 : 0,
        );
        ctx.withBooking += even.length;
        ctx.withoutBooking += count - even.length;
        const ids = await deliver(emulator, label, mail.raws);
        ctx.delivered.push(...ids);
        return ids;
      },
      startConnection(extra = {}) {
        const input: ConnectionWorkflowInput = {
          connectionId: conn.connectionId,
          workspaceId: conn.workspaceId,
          label,
          intervalMinutes: 60,
          syncState: 'active',
          initialSync: true,
          ...extra,
        };
        return client.workflow.start('connectionWorkflow', {
          taskQueue,
          workflowId: connectionWorkflowId(conn.connectionId),
          args: [input],
        });
      },
      status() {
        return client.workflow.getHandle(connectionWorkflowId(conn.connectionId)).query(statusQuery);
      },
      until(what, ok, timeoutMs = 60_000) {
        return waitFor(
          what,
          async () => {
            const s = await ctx.status();
            return ok(s) ? s : undefined;
          },
          { timeoutMs, intervalMs: 150 },
        );
      },
      expectations(extra) {
        return {
          connectionId: conn.connectionId,
          workspaceId: conn.workspaceId,
          delivered: ctx.delivered,
          factsPerMessage: 1,
          bookingsBefore: ctx.bookingsBefore,
          enriched: ctx.withBooking,
          review: ctx.withoutBooking,
          ...extra,
        };
      },
      async cleanup() {
        emulator.faults.clear();
        await client.workflow
          .getHandle(connectionWorkflowId(conn.connectionId))
          .terminate('drill over')
          .catch(() => {});
        if (ctx.worker) await ctx.worker.kill('SIGTERM');
        await run();
      },
    };
    if (opts.worker !== false) await ctx.startWorker();
    return ctx;
  } catch (err) {
    await run();
    throw err;
  }
}

/** Count of archived messages of the connection right now. */
export async function archivedCount(ctx: DrillContext): Promise<number> {
  const [row] = await ctx.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${ctx.conn.connectionId}`;
  return row!.n;
}

export const runsDone = (n: number) => (s: ConnectionStatus) =>
  s.runCount >= n && s.currentRun === null && s.lastRun !== null;

export const midSync = (pages: number) => (s: ConnectionStatus) => (s.currentRun?.pagesDone ?? 0) >= pages;

import type { WorkflowHandle } from '@temporalio/client';
import type { ConnectionWorkflowInput } from '../../contracts/workflows.js';
import { type ConnectionStatus, connectionWorkflowId, statusQuery } from '../../contracts/workflows.js';
import {
  createConnectedConnection,
  deliver,
  startConnectionWorkflow,
  type TestConnection,
} from '../connections.js';
import { type SharedServers, type Stack, startStack } from '../stack.js';
import { waitFor } from '../wait-for.js';
import type { Expectations } from './invariants.js';
import { drillMail, seedBookings } from './mail.js';

/**
 * What every drill needs from its surroundings: the shared Temporal dev server and Postgres server
 * (vitest's global setup, or bench/drills.ts), the prebuilt workflow bundle and a scratch folder.
 * Drills that stop Postgres or restart Temporal start private instances under `scratchDir`.
 */
export interface DrillEnv extends SharedServers {
  scratchDir: string;
  /** Progress lines (the bench prints them with DRILLS_VERBOSE=1). */
  log?: ((line: string) => void) | undefined;
}

/** Everything one drill runs against (a stack of its own); `cleanup` undoes it all (the shared servers stay up). */
export interface DrillContext extends Stack {
  env: DrillEnv;
  conn: TestConnection;
  /** Gmail ids delivered so far; bookings that existed before the first sync. */
  delivered: string[];
  bookingsBefore: number;
  /** Numbers of the delivered e-mails that have a booking to enrich / that go to review. */
  withBooking: number;
  withoutBooking: number;
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
  const stack = await startStack(env, {
    ...opts,
    name: `drill-${name}`,
    archiveConcurrency: 10,
    worker: false,
  });
  try {
    const label = `Drill-${name}-${stack.taskQueue.slice(-8)}`;
    const conn = await createConnectedConnection(stack, { label, workspaceName: `drill ${label}` });
    const connectionWorkflow = () => stack.client.workflow.getHandle(connectionWorkflowId(conn.connectionId));
    const ctx: DrillContext = Object.assign(stack, {
      env,
      conn,
      delivered: [],
      bookingsBefore: 0,
      withBooking: 0,
      withoutBooking: 0,
      async deliverMail(count: number) {
        const mail = drillMail(count);
        const even = mail.numbers.filter((_, i) => i % 2 === 0);
        ctx.bookingsBefore += await seedBookings(
          stack.sql,
          conn.workspaceId,
          even,
          ctx.bookingsBefore === 0 ? 2 : 0,
        );
        ctx.withBooking += even.length;
        ctx.withoutBooking += count - even.length;
        const ids = await deliver(stack, label, mail.raws);
        ctx.delivered.push(...ids);
        return ids;
      },
      startConnection(extra: Partial<ConnectionWorkflowInput> = {}) {
        return startConnectionWorkflow(stack, conn, { intervalMinutes: 60, ...extra });
      },
      status() {
        return connectionWorkflow().query(statusQuery);
      },
      until(what: string, ok: (s: ConnectionStatus) => boolean, timeoutMs = 60_000) {
        return waitFor(
          what,
          async () => {
            const s = await ctx.status();
            return ok(s) ? s : undefined;
          },
          { timeoutMs, intervalMs: 150 },
        );
      },
      expectations(extra: Pick<Expectations, 'runs'> & Partial<Expectations>): Expectations {
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
        stack.emulator.faults.clear();
        await connectionWorkflow()
          .terminate('drill over')
          .catch(() => {});
        await stack.stop();
      },
    });
    if (opts.worker !== false) await ctx.startWorker();
    return ctx;
  } catch (err) {
    await stack.stop();
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

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CODE } from '../../contracts/errors.js';
import {
  connectionWorkflowId,
  RECONCILE_WORKFLOW_TYPE,
  type ReconcileTally,
  reconnectedSignal,
  syncNowUpdate,
} from '../../contracts/workflows.js';
import { resolveTemporalCli } from '../../dev/temporal-cli.js';
import { expireAccessToken, reauthorize } from '../connections.js';
import { freePort } from '../ports.js';
import { type RestartableServer, startPrivatePostgres, startPrivateTemporal } from '../private-servers.js';
import { sleep, waitFor } from '../wait-for.js';
import { apiRestartDrill } from './api-drill.js';
import {
  archivedCount,
  type DrillContext,
  type DrillEnv,
  midSync,
  type PrepareOptions,
  prepareDrill,
  runsDone,
} from './harness.js';
import { checkInvariants, type ExpectedRun, type InvariantReport } from './invariants.js';
import { webhookReceiverFlaky } from './webhook-drill.js';

const run = promisify(execFile);

export type Details = Record<string, string | number | boolean>;

export interface DrillResult {
  scenario: string;
  ok: boolean;
  violations: string[];
  details: Details;
  ms: number;
}

export interface Scenario {
  name: string;
  /** What is done to the system. */
  fault: string;
  /** Its own time limit (the vitest table adds the time it may queue behind its lane). */
  timeoutMs: number;
  /** Vitest runs two lanes side by side (drills mostly wait); each lane runs its drills one by one. */
  lane: 0 | 1;
  run(env: DrillEnv): Promise<DrillResult>;
}

/** Holds what a drill started besides its stack, to be undone after the stack (in reverse order). */
export type Hold = (ctx: DrillContext, cleanup?: () => Promise<void>) => void;

/** What a drill saw: the runs it expects on record, its own checks' failures, and numbers to print. */
export interface DrillFindings {
  runs: ExpectedRun[];
  violations?: string[];
  details?: Details;
}

/** A server of the drill's own to break (the shared ones are never stopped), and how the stack uses it. */
type OwnServer = RestartableServer & { options: PrepareOptions };

/** A drill on a stack of its own (`prepareDrill`), ended by the shared invariant check. */
interface DrillSpec extends Omit<Scenario, 'run'> {
  /** `prepareDrill`'s name for the stack, and its options. */
  stack: string;
  options?: PrepareOptions;
  /** A server for the stack to run on: started first, destroyed after the stack. */
  ownServer?: (env: DrillEnv) => Promise<OwnServer>;
  /** Breaks something mid-way and follows the recovery; `own` is the `ownServer`. */
  strike(ctx: DrillContext, extras: { hold: Hold; own: OwnServer | undefined }): Promise<DrillFindings>;
}

// Small pages and a slow messages.get make "mid-sync" easy to hit: 24 e-mails = 6 pages of 4.
const MESSAGES = 24;
const PAGE_SIZE = 4;
const GET_LATENCY_MS = 150;

function scenario(spec: DrillSpec): Scenario {
  const { name, fault, timeoutMs, lane } = spec;
  return { name, fault, timeoutMs, lane, run: (env) => drill(spec, env) };
}

/**
 * Runs a drill and the shared invariant check, always cleaning up. A drill that throws (a timeout,
 * a server that never came back) is a failed drill with the error as its violation.
 */
async function drill(spec: DrillSpec, env: DrillEnv): Promise<DrillResult> {
  const scenario = spec.name;
  const started = Date.now();
  const held: { ctx?: DrillContext; extra: (() => Promise<void>)[] } = { extra: [] };
  const hold: Hold = (ctx, cleanup) => {
    held.ctx = ctx;
    if (cleanup) held.extra.push(cleanup);
  };
  const log = (l: string) => env.log?.(`[${scenario}] ${l}`);
  try {
    const own = await spec.ownServer?.(env);
    if (own) held.extra.push(() => own.destroy());
    const ctx = await prepareDrill(env, spec.stack, { ...spec.options, ...own?.options });
    hold(ctx);
    const outcome = await spec.strike(ctx, { hold, own });
    const expectations = ctx.expectations({ runs: outcome.runs });
    const report: InvariantReport = await checkInvariants(ctx.sql, ctx.client, expectations);
    const violations = [...(outcome.violations ?? []), ...report.violations];
    const result: DrillResult = {
      scenario,
      ok: violations.length === 0,
      violations,
      details: {
        archived: `${report.archived}/${expectations.delivered.length}`,
        duplicates: report.duplicates,
        facts: report.facts,
        reviewItems: report.reviewItems,
        enriched: report.enrichedBookings,
        runs: report.runs,
        runCounts: report.runCounts,
        workflow: report.workflow,
        ...outcome.details,
      },
      ms: Date.now() - started,
    };
    log(`${result.ok ? 'ok' : 'FAILED'} in ${result.ms} ms ${JSON.stringify(result.details)}`);
    return result;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const workerTail = held.ctx?.worker?.output().slice(-1500);
    log(`error: ${message}`);
    return {
      scenario,
      ok: false,
      violations: [
        message,
        ...(workerTail && process.env.DRILLS_VERBOSE ? [`worker output:\n${workerTail}`] : []),
      ],
      details: {},
      ms: Date.now() - started,
    };
  } finally {
    await held.ctx?.cleanup().catch(() => {});
    for (const fn of held.extra.reverse()) await fn().catch(() => {});
  }
}

const pagedInput = { pageSize: PAGE_SIZE };

/** What most drills leave on record: the initial run, completed despite the fault. */
const INITIAL_RUN_COMPLETED: ExpectedRun[] = [{ trigger: 'initial', status: 'completed' }];

async function ownPostgres(env: DrillEnv): Promise<OwnServer> {
  const pg = await startPrivatePostgres(env.scratchDir);
  return { ...pg, options: { databaseUrl: pg.url } };
}

async function ownTemporal(env: DrillEnv): Promise<OwnServer> {
  const temporal = await startPrivateTemporal(env.scratchDir, env.log);
  return { ...temporal, options: { temporalAddress: temporal.address } };
}

/** Where most drills strike: MESSAGES e-mails, a slow messages.get, and the initial run 2 pages in. */
async function twoPagesIn(ctx: DrillContext) {
  await ctx.deliverMail(MESSAGES);
  ctx.emulator.faults.latency(GET_LATENCY_MS, ['messages.get']);
  const handle = await ctx.startConnection(pagedInput);
  await ctx.until('2 pages done', midSync(2), 30_000);
  return handle;
}

/**
 * Two pages in, the drill's own server is stopped for `ms` and started again on the same data, then
 * the run followed to its end; `whileDown` looks at the system just before the restart.
 */
async function ownServerDownMidSync<T>(
  ctx: DrillContext,
  own: OwnServer | undefined,
  ms: number,
  whileDown: () => Promise<T>,
): Promise<{ seen: T; downMs: number; recoveryMs: number }> {
  await twoPagesIn(ctx);
  const stoppedAt = Date.now();
  await own!.stop();
  await sleep(ms);
  const seen = await whileDown();
  await own!.start();
  const restartedAt = Date.now();
  await ctx.until('the run to finish', runsDone(1), 100_000);
  return { seen, downMs: restartedAt - stoppedAt, recoveryMs: Date.now() - restartedAt };
}

// -------------------------------------------------------------------------------------------------

const workerKilled = scenario({
  name: 'worker SIGKILL mid-sync',
  fault: 'the worker process is SIGKILLed after 2 pages, then a new one starts',
  timeoutMs: 90_000,
  lane: 0,
  stack: 'sigkill',
  options: { workerProcess: true },
  async strike(ctx) {
    await twoPagesIn(ctx);
    await ctx.worker!.kill('SIGKILL');
    const atCrash = await archivedCount(ctx);
    const restartedAt = Date.now();
    await ctx.startWorker();
    await ctx.until('the run to finish', runsDone(1), 90_000);
    return {
      runs: INITIAL_RUN_COMPLETED,
      violations: atCrash >= MESSAGES ? [`the run was over before the kill (${atCrash} archived)`] : [],
      details: { archivedAtKill: atCrash, recoveryMs: Date.now() - restartedAt },
    };
  },
});

const postgresStopped = scenario({
  name: 'Postgres stopped 10 s mid-sync',
  fault: "the drill's own Postgres is stopped for 10 s after 2 pages, then started on the same data",
  timeoutMs: 120_000,
  lane: 1,
  stack: 'pgdown',
  ownServer: ownPostgres,
  async strike(ctx, { own }) {
    const down = await ownServerDownMidSync(ctx, own, 10_000, () => ctx.status());
    return {
      runs: INITIAL_RUN_COMPLETED,
      violations: down.seen.currentRun ? [] : ['the run was over while Postgres was down'],
      details: {
        downMs: down.downMs,
        pagesWhileDown: down.seen.currentRun?.pagesDone ?? 'run over',
        recoveryMs: down.recoveryMs,
      },
    };
  },
});

const temporalRestarted = scenario({
  name: 'Temporal restarted mid-sync',
  fault: "the drill's own Temporal dev server (SQLite file) is stopped after 2 pages and started again",
  timeoutMs: 120_000,
  lane: 0,
  stack: 'temporal',
  ownServer: ownTemporal,
  async strike(ctx, { own }) {
    const { downMs, recoveryMs } = await ownServerDownMidSync(ctx, own, 2_000, async () => null);
    return {
      runs: INITIAL_RUN_COMPLETED,
      violations: ctx.worker?.exited() ? ['the worker stopped while Temporal was down'] : [],
      details: { downMs, recoveryMs },
    };
  },
});

const gmailFlaky = scenario({
  name: 'Gmail 30% 429/503',
  fault: '30% of Gmail API calls answered 429 (Retry-After 1 s) or 503, at random, for the whole run',
  // each failing activity backs off exponentially (1 s, 2 s, 4 s … up to a minute): the unlucky
  // tail of a 30%-faulty run on a loaded 2-core machine is minutes, not seconds (CI: 220 s once)
  timeoutMs: 380_000,
  lane: 1,
  stack: 'flaky',
  async strike(ctx) {
    await ctx.deliverMail(MESSAGES);
    // first match wins: 15% get a 429; of the other 85%, 15/85 get a 503: 30% in all
    ctx.emulator.faults.rateLimit({ probability: 0.15, retryAfterSeconds: 1 });
    ctx.emulator.faults.serverError({ probability: 0.15 / 0.85, status: 503 });
    const since = Date.now();
    await ctx.startConnection(pagedInput);
    // A message Gmail already gave us must never be asked for again: a retry that re-reads a
    // page from scratch needs all its messages.get to succeed in one attempt, which at 30% and
    // 500 ids a page never happens. Fail fast on the first re-read instead of waiting minutes.
    const refetched = () => {
      const seen = new Set<string>();
      for (const c of ctx.emulator.faults.calls({ kind: 'messages.get', since })) {
        if (c.status !== 200) continue;
        if (seen.has(c.path)) return c.path;
        seen.add(c.path);
      }
      return null;
    };
    const end = await waitFor(
      'the run to finish',
      async () => {
        const again = refetched();
        if (again) return { again };
        const s = await ctx.status();
        return runsDone(1)(s) ? { again: null } : undefined;
      },
      { timeoutMs: 360_000, intervalMs: 150 },
    );
    const calls = ctx.emulator.faults.calls({ since }).filter((c) => c.kind !== 'oauth.token');
    const faulted = calls.filter((c) => c.faulted).length;
    ctx.emulator.faults.clear();
    if (end.again) {
      const archived = await archivedCount(ctx);
      throw new Error(
        `a message Gmail had already answered was fetched again (${end.again}) after ${Date.now() - since} ms: ` +
          `a failed archive attempt drops the messages it fetched, so a page only goes in when all its ` +
          `messages.get succeed in one attempt (${archived}/${MESSAGES} archived, ${faulted} of ${calls.length} calls faulted)`,
      );
    }
    return {
      runs: INITIAL_RUN_COMPLETED,
      details: {
        gmailCalls: calls.length,
        faulted: `${faulted} (${Math.round((100 * faulted) / calls.length)}%)`,
        runMs: Date.now() - since,
      },
    };
  },
});

const staleHistory = scenario({
  name: 'stale history id',
  fault: 'after a first sync, Gmail answers 404 to history.list for the saved cursor; new mail waits',
  timeoutMs: 90_000,
  lane: 0,
  stack: 'stale',
  async strike(ctx) {
    await ctx.deliverMail(12);
    const handle = await ctx.startConnection(pagedInput);
    await ctx.until('the first run', runsDone(1), 60_000);
    await ctx.deliverMail(8);
    ctx.emulator.faults.staleHistoryBefore(Number.MAX_SAFE_INTEGER);
    const since = Date.now();
    await handle.executeUpdate(syncNowUpdate);
    const status = await ctx.until('the relist to finish', runsDone(2), 60_000);
    ctx.emulator.faults.clear();
    const violations: string[] = [];
    const stale = ctx.emulator.faults.calls({ kind: 'history.list', since }).filter((c) => c.status === 404);
    if (stale.length === 0) violations.push('history.list never answered 404: the fault did not bite');
    if (status.lastRun?.duplicatesSkipped !== 12 || status.lastRun?.emailsArchived !== 8)
      violations.push(
        `relist archived ${status.lastRun?.emailsArchived} and skipped ${status.lastRun?.duplicatesSkipped}, expected 8 and 12`,
      );
    return {
      runs: [
        { trigger: 'initial', status: 'completed', mode: 'full' },
        { trigger: 'manual', status: 'completed', mode: 'full' },
      ],
      violations,
      details: {
        relist: `${status.lastRun?.emailsArchived} new, ${status.lastRun?.duplicatesSkipped} skipped`,
      },
    };
  },
});

const invalidGrant = scenario({
  name: 'invalid_grant then reconnect',
  fault:
    'after 2 pages the access token expires and the refresh answers invalid_grant; then Gmail is reconnected',
  timeoutMs: 90_000,
  lane: 1,
  stack: 'grant',
  async strike(ctx) {
    const handle = await twoPagesIn(ctx);
    ctx.emulator.faults.invalidGrant(true);
    await expireAccessToken(ctx, ctx.conn.connectionId);
    const revoked = await ctx.until('needs_reauth', (s) => s.state === 'needs_reauth', 60_000);
    const violations: string[] = [];
    if (revoked.lastRun?.errorCode !== CODE.AUTH_REVOKED)
      violations.push(`failed run's code ${revoked.lastRun?.errorCode}, expected AUTH_REVOKED`);
    const atRevoke = await archivedCount(ctx);
    if (atRevoke >= MESSAGES) violations.push('the run was over before the grant was revoked');
    // no retry storm: nothing asks Gmail while the connection waits for its owner
    const quietSince = Date.now();
    await sleep(2_000);
    const calls = ctx.emulator.faults.calls({ since: quietSince }).length;
    if (calls > 0) violations.push(`${calls} Gmail call(s) while waiting for reauth`);
    const [row] = await ctx.sql<{ gmail_status: string }[]>`
      SELECT gmail_status FROM connections WHERE id = ${ctx.conn.connectionId}`;
    if (row?.gmail_status !== 'error')
      violations.push(`gmail_status ${row?.gmail_status} while revoked, expected error`);
    const rejected = await handle.executeUpdate(syncNowUpdate).then(
      () => false,
      () => true,
    );
    if (!rejected) violations.push('sync now was accepted while Gmail access was revoked');

    ctx.emulator.faults.invalidGrant(false);
    await reauthorize(ctx, ctx.conn.connectionId);
    const reconnectedAt = Date.now();
    await handle.signal(reconnectedSignal);
    await ctx.until('the catch-up run', (s) => runsDone(2)(s) && s.lastRun?.status === 'completed', 60_000);
    return {
      runs: [
        { trigger: 'initial', status: 'failed', errorCode: CODE.AUTH_REVOKED },
        { trigger: 'resume', status: 'completed' },
      ],
      violations,
      details: { archivedAtRevoke: atRevoke, recoveryMs: Date.now() - reconnectedAt },
    };
  },
});

/** What an operator would type: `temporal workflow terminate` on the connection's workflow. */
async function terminateWithCli(ctx: DrillContext, reason: string): Promise<void> {
  await run(resolveTemporalCli(), [
    'workflow',
    'terminate',
    '--address',
    ctx.temporalAddress,
    '--workflow-id',
    connectionWorkflowId(ctx.conn.connectionId),
    '--reason',
    reason,
  ]);
}

/** One reconciler pass, started directly rather than waiting minutes for its schedule. */
function reconcileNow(ctx: DrillContext, pass: number): Promise<ReconcileTally> {
  return ctx.client.workflow.execute(RECONCILE_WORKFLOW_TYPE, {
    taskQueue: ctx.taskQueue,
    workflowId: `connections-reconciler-drill-${ctx.taskQueue}-${pass}`,
    args: [{}],
  });
}

const workflowTerminated = scenario({
  name: 'connection workflow terminated',
  fault:
    '`temporal workflow terminate` on an idle connection workflow, mail arrives, then the reconciler runs',
  timeoutMs: 90_000,
  lane: 1,
  stack: 'terminate',
  async strike(ctx) {
    await ctx.deliverMail(MESSAGES / 2);
    await ctx.startConnection(pagedInput);
    await ctx.until('the initial run', runsDone(1), 60_000);
    const violations: string[] = [];
    await terminateWithCli(ctx, 'drill: Temporal lost the workflow');
    await ctx.deliverMail(MESSAGES / 2);
    const repairedAt = Date.now();
    const first = await reconcileNow(ctx, 1);
    if (first.started !== 1) violations.push(`first pass started ${first.started} workflow(s), expected 1`);
    const back = await ctx.until(
      'the catch-up run',
      (s) => runsDone(2)(s) && s.lastRun?.status === 'completed',
      60_000,
    );
    const second = await reconcileNow(ctx, 2);
    if (second.started !== 0 || second.stopped !== 0)
      violations.push(`second pass changed ${second.started + second.stopped} workflow(s), expected none`);
    const [row] = await ctx.sql<{ sync_interval_minutes: number }[]>`
      SELECT sync_interval_minutes FROM connections WHERE id = ${ctx.conn.connectionId}`;
    if (back.intervalMinutes !== row!.sync_interval_minutes)
      violations.push(
        `interval ${back.intervalMinutes}, expected ${row!.sync_interval_minutes} from Postgres`,
      );
    return {
      runs: [
        { trigger: 'initial', status: 'completed' },
        { trigger: 'reconcile', status: 'completed', mode: 'incremental' },
      ],
      violations,
      details: { recoveryMs: Date.now() - repairedAt, checked: first.checked },
    };
  },
});

const workflowTerminatedMidSync = scenario({
  name: 'connection workflow terminated mid-sync',
  fault:
    '`temporal workflow terminate` on the connection workflow 2 pages into its run (its sync is cancelled with it), then the reconciler runs',
  timeoutMs: 90_000,
  lane: 0,
  stack: 'terminate-mid',
  async strike(ctx) {
    await twoPagesIn(ctx);
    const { currentRun } = await ctx.status();
    await terminateWithCli(ctx, 'drill: Temporal lost the workflow mid-sync');
    const atTerminate = await archivedCount(ctx);
    // the sync child is cancelled with its parent: wait until it is over, so the pass sees it ended
    const child = ctx.client.workflow.getHandle(currentRun!.workflowId);
    await waitFor(
      'the cancelled sync to end',
      async () => ((await child.describe()).status.name !== 'RUNNING' ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 150 },
    );
    ctx.emulator.faults.clear();
    const violations: string[] = [];
    if (atTerminate >= MESSAGES)
      violations.push(`the run was over before the terminate (${atTerminate} archived)`);
    const repairedAt = Date.now();
    const pass = await reconcileNow(ctx, 1);
    if (pass.started !== 1) violations.push(`the pass started ${pass.started} workflow(s), expected 1`);
    await ctx.until('the catch-up run', (s) => runsDone(2)(s) && s.lastRun?.status === 'completed', 60_000);
    return {
      runs: [
        { trigger: 'initial', status: 'cancelled' },
        { trigger: 'reconcile', status: 'completed' },
      ],
      violations,
      details: { archivedAtTerminate: atTerminate, recoveryMs: Date.now() - repairedAt },
    };
  },
});

const apiRestarted = scenario({
  name: 'API restarted mid-run',
  fault: 'POST /sync through the API process, which is SIGKILLed and restarted while the run is in flight',
  timeoutMs: 120_000,
  lane: 0,
  stack: 'api',
  async strike(ctx, { hold }) {
    return apiRestartDrill(ctx, await freePort(), hold);
  },
});

export const SCENARIOS: Scenario[] = [
  workerKilled,
  postgresStopped,
  temporalRestarted,
  gmailFlaky,
  staleHistory,
  invalidGrant,
  apiRestarted,
  workflowTerminated,
  workflowTerminatedMidSync,
  webhookReceiverFlaky,
];

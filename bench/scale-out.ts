/**
 * `npm run bench -- --workers 3`: scale-out. W worker processes on one task queue, the Gmail quota
 * limiter on in each (one Postgres bucket per mailbox, shared by all of them), run a big full sync
 * and a "sync now" fan-out on idle connections at the same time; one worker is SIGKILLed while the
 * big sync runs. Then: did every run complete, was anything archived twice, how were the
 * activities spread over the workers, and did the mailbox stay within its budget in every 60 s
 * window (the emulator's call log)? Prints a table and, last, one JSON line.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { type SyncResult, syncWorkflowId } from '../contracts/workflows.js';
import type { QuotaTableName } from '../gmail/quota-table.js';
import { issueTokens } from '../testing/connections.js';
import { unitsSpent, worstWindow } from '../testing/gmail-units.js';
import { sleep } from '../testing/wait-for.js';
import { createConnections, mapLimit, startConnectionWorkflow } from './fixtures.js';
import { allExecutions, typeName } from './history.js';
import { acceptedSyncNow, startConnections } from './idle-fanout.js';
import { FANOUT_LABEL, seedMailbox } from './mailbox.js';
import { round } from './report.js';
import { startStack } from './setup.js';
import { waitForResult } from './temporal-sync.js';
import { spawnWorker, type WorkerProcess } from './worker-process.js';

export interface ScaleOutOptions {
  workers: number;
  /** messages under the big label, synced by one connection */
  messages?: number;
  /** idle connections of the small label that each get one "sync now" */
  fanout?: number;
  /** per mailbox and minute, 2026 table costs */
  unitsPerMinute?: number;
  /** when one worker is SIGKILLed, after the big sync started */
  killAfterMs?: number;
  /** how long everything may take after the start */
  budgetMs?: number;
  say: (line: string) => void;
  /** called before the stack stops (a late gRPC retry must not turn into a crash then) */
  stopping?: () => void;
}

const TABLE: QuotaTableName = '2026';

export async function runScaleOutBench(opts: ScaleOutOptions): Promise<void> {
  const say = opts.say;
  const W = opts.workers;
  // the environment's overrides are for quick development runs
  const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const N = opts.messages ?? envNumber('BENCH_SCALE_OUT_MESSAGES') ?? 3000;
  const F = opts.fanout ?? envNumber('BENCH_SCALE_OUT_FANOUT') ?? 200;
  // ≈ 74 messages.get a second for the one mailbox: 3000 + 5 × 200 messages (and the killed
  // worker's page fetched again) in a little over a minute, so the worst 60 s window is a whole one
  const BUDGET = opts.unitsPerMinute ?? envNumber('BENCH_SCALE_OUT_UNITS') ?? 90_000;
  const killAfterMs = opts.killAfterMs ?? 10_000;
  const budgetMs = opts.budgetMs ?? 300_000;
  if (!(W >= 2)) throw new Error('--workers must be at least 2 (one of them is killed)');
  const t0 = performance.now();
  say(`scale-out: ${W} workers, ${N} messages, ${F} fan-out connections, ${BUDGET} units/min`);

  const stack = await startStack(say);
  const workers: WorkerProcess[] = [];
  try {
    const mailbox = await seedMailbox(stack, N);
    say(`mailbox: ${N} e-mails imported in ${mailbox.seconds.toFixed(1)} s`);
    const tokens = await issueTokens(stack.emulator);
    const [bigConn] = await createConnections(stack, {
      label: 'Bookings',
      labelId: mailbox.labelId,
      tokens,
      count: 1,
      name: 'scale-out big',
    });
    const fanConns = await createConnections(stack, {
      label: FANOUT_LABEL,
      labelId: mailbox.fanoutLabelId,
      tokens,
      count: F,
      name: 'scale-out fan-out',
    });
    const taskQueue = 'bench-scale-out';
    const env = { GMAIL_QUOTA_TABLE: TABLE, GMAIL_QUOTA_UNITS_PER_MINUTE: String(BUDGET) };
    for (let i = 0; i < W; i++) workers.push(await spawnWorker(stack, { taskQueue, env }));
    say(`${W} workers started: pids ${workers.map((w) => w.pid).join(', ')}`);

    const started = await startConnections(stack, fanConns, taskQueue, { concurrency: 50 });
    say(`${F} idle connection workflows waiting; ${started.answered} answered their status query`);

    // --- the run: big sync + fan-out at once, one worker killed ---------------------------------
    const since = Date.now();
    const t1 = performance.now();
    const deadline = Date.now() + budgetMs;
    await startConnectionWorkflow(stack, bigConn!, { taskQueue, initialSync: true });
    const bigSyncId = syncWorkflowId(bigConn!.connectionId, 1);
    const bigResult = waitForResult<SyncResult>(stack, bigSyncId, budgetMs).then((r) => ({
      result: r,
      seconds: (performance.now() - t1) / 1000,
    }));
    // awaited below; a failure before then must not count as unhandled
    bigResult.catch(() => {});

    let triggerRetries = 0;
    let refused = 0;
    let accepted = 0;
    const lost: unknown[] = [];
    const triggers = fanConns.map((c) =>
      acceptedSyncNow(stack, c.connectionId, deadline).then(
        (retries) => {
          accepted += 1;
          triggerRetries += retries;
        },
        (err: unknown) => {
          if (err instanceof WorkflowUpdateFailedError) refused += 1;
          else lost.push(err);
        },
      ),
    );
    const triggered = Promise.all(triggers).then(() => (performance.now() - t1) / 1000);

    // SIGKILL, mid-run: the worker running the big sync's current page if there is one
    await sleep(Math.max(0, killAfterMs - (performance.now() - t1)));
    // up to 5 s more for a page in flight (one that has started on a worker), so the kill loses work
    let runningOn: number | null | undefined;
    for (let tries = 0; runningOn == null && tries < 50; tries++) {
      const pending = await stack.client.workflow
        .getHandle(bigSyncId)
        .describe()
        .then((d) => d.raw.pendingActivities ?? [])
        .catch(() => []);
      runningOn = pending.map((a) => pidOf(a.lastWorkerIdentity ?? '')).find((p) => p !== null);
      if (runningOn == null) await sleep(100);
    }
    const victim = workers.find((w) => w.pid === runningOn) ?? workers[0]!;
    const bigDone = await Promise.race([bigResult.then(() => true), sleep(0).then(() => false)]);
    victim.child.kill('SIGKILL');
    const killedAt = (performance.now() - t1) / 1000;
    say(
      `SIGKILLed worker ${victim.pid} at +${killedAt.toFixed(1)} s ` +
        `(${runningOn === victim.pid ? "it was running the big sync's page" : 'the first worker'}` +
        `${bigDone ? '; the big sync had already finished' : ''})`,
    );

    const triggerSeconds = await triggered;
    say(
      `fan-out: ${accepted} "sync now" accepted after ${triggerSeconds.toFixed(1)} s, ${refused} refused, ${triggerRetries} RPC retries`,
    );
    if (lost.length) say(`  ${lost.length} "sync now" not accepted: ${String(lost[0])}`);
    const big = await bigResult;
    say(
      `big sync: ${big.result.emailsArchived} archived in ${big.seconds.toFixed(1)} s = ${(big.result.emailsScanned / big.seconds).toFixed(0)} msgs/s (${big.result.status})`,
    );

    // every run: the big one and one per fan-out connection
    const ids = [bigConn!.connectionId, ...fanConns.map((c) => c.connectionId)];
    const runsExpected = ids.length;
    let runs = { completed: 0, failed: 0, cancelled: 0, running: 0, total: 0 };
    for (;;) {
      const [row] = await stack.sql<(typeof runs)[]>`
        SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
               count(*) FILTER (WHERE status = 'failed')::int AS failed,
               count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
               count(*) FILTER (WHERE status = 'running')::int AS running,
               count(*)::int AS total
        FROM sync_runs WHERE connection_id = ANY(${ids})`;
      runs = row!;
      if (runs.completed + runs.failed + runs.cancelled >= runsExpected || Date.now() > deadline) break;
      await sleep(250);
    }
    const allSeconds = (performance.now() - t1) / 1000;
    say(
      `runs: ${runs.completed} of ${runsExpected} completed in ${allSeconds.toFixed(1)} s (${runs.failed} failed, ${runs.cancelled} cancelled, ${runs.running} running)`,
    );
    const until = Date.now();

    // --- nothing archived twice -----------------------------------------------------------------
    const [dup] = await stack.sql<{ duplicates: number }[]>`
      SELECT count(*)::int AS duplicates FROM (
        SELECT 1 FROM gmail_messages WHERE connection_id = ANY(${ids})
        GROUP BY connection_id, gmail_message_id HAVING count(*) > 1) d`;
    const [arch] = await stack.sql<{ rows: number; distinct_rows: number }[]>`
      SELECT count(*)::int AS rows,
             count(DISTINCT (connection_id, gmail_message_id))::int AS distinct_rows
      FROM gmail_messages WHERE connection_id = ANY(${ids})`;
    const [sums] = await stack.sql<{ archived: number; skipped: number }[]>`
      SELECT coalesce(sum(emails_archived), 0)::int AS archived,
             coalesce(sum(duplicates_skipped), 0)::int AS skipped
      FROM sync_runs WHERE connection_id = ANY(${ids})`;
    const archivedExpected = N + 5 * F;

    // --- activities per worker, from the histories ----------------------------------------------
    const runIds = await stack.sql<{ workflow_id: string }[]>`
      SELECT workflow_id FROM sync_runs WHERE connection_id = ANY(${ids})`;
    const perWorker = new Map<string, { activities: number; workflowTasks: number }>();
    let retriedActivities = 0;
    const bump = (identity: string, key: 'activities' | 'workflowTasks') => {
      const w = perWorker.get(identity) ?? { activities: 0, workflowTasks: 0 };
      w[key] += 1;
      perWorker.set(identity, w);
    };
    await mapLimit(runIds, 10, async ({ workflow_id }) => {
      for (const events of await allExecutions(stack.client, workflow_id))
        for (const e of events) {
          const type = typeName(e);
          if (type === 'ACTIVITY_TASK_STARTED') {
            const a = e.activityTaskStartedEventAttributes;
            bump(a?.identity ?? '?', 'activities');
            if ((a?.attempt ?? 1) > 1) retriedActivities += 1;
          } else if (type === 'WORKFLOW_TASK_STARTED') {
            bump(e.workflowTaskStartedEventAttributes?.identity ?? '?', 'workflowTasks');
          }
        }
    });
    const workerRows = workers.map((w, i) => {
      const mine = [...perWorker.entries()].filter(([id]) => pidOf(id) === w.pid).map(([, v]) => v);
      return {
        worker: i + 1,
        pid: w.pid,
        killed: w === victim,
        activities: mine.reduce((n, v) => n + v.activities, 0),
        workflowTasks: mine.reduce((n, v) => n + v.workflowTasks, 0),
      };
    });
    const totalActivities = workerRows.reduce((n, r) => n + r.activities, 0);
    const workersWithActivities = workerRows.filter((r) => r.activities > 0).length;

    // --- the mailbox's Gmail rate vs its budget -------------------------------------------------
    const calls = unitsSpent(stack.emulator, { since, until, table: TABLE });
    const spanS = calls.length > 1 ? (calls.at(-1)!.at - calls[0]!.at) / 1000 : 0;
    const totalUnits = calls.reduce((n, c) => n + c.units, 0);
    const worst = worstWindow(calls, 60_000);
    // a run shorter than a minute: its units against the budget's share of its span
    const worstWindowQuotaPct =
      spanS >= 60 ? (worst / BUDGET) * 100 : (totalUnits / ((BUDGET * Math.max(spanS, 1)) / 60)) * 100;
    const gets = calls.filter((c) => c.method === 'messages.get').length;

    // --- report ---------------------------------------------------------------------------------
    const rows: [string, string][] = [
      ['workers on one task queue', `${W} (quota limiter on in each)`],
      ['worker SIGKILLed', `pid ${victim.pid} at +${killedAt.toFixed(1)} s`],
      ['big sync', `${N} msgs, ${big.result.emailsArchived} archived in ${big.seconds.toFixed(1)} s`],
      [
        'fan-out',
        `${F} × "sync now", ${accepted} accepted after ${triggerSeconds.toFixed(1)} s (${triggerRetries} retries, ${refused} refused, ${lost.length} lost)`,
      ],
      [
        'runs completed / expected',
        `${runs.completed} / ${runsExpected} (${allSeconds.toFixed(1)} s in all)`,
      ],
      ['runs failed / cancelled / running', `${runs.failed} / ${runs.cancelled} / ${runs.running}`],
      ['duplicate archives (same conn + msg > 1)', String(dup!.duplicates)],
      [
        'archived rows / distinct / Σ emails_archived',
        `${arch!.rows} / ${arch!.distinct_rows} / ${sums!.archived} (expected ${archivedExpected}; ${sums!.skipped} skipped as duplicates)`,
      ],
      // a history keeps only an activity's last attempt: the killed worker's lost ones show up here
      [
        'activities retried (attempt > 1)',
        `${retriedActivities} (the killed worker's attempts, finished elsewhere)`,
      ],
      ...workerRows.map((r): [string, string] => [
        `worker ${r.worker} (pid ${r.pid}${r.killed ? ', killed' : ''})`,
        `${r.activities} activities (${pct(r.activities, totalActivities)}), ${r.workflowTasks} workflow tasks`,
      ]),
      [
        'Gmail calls / messages.get',
        `${calls.length} / ${gets} over ${spanS.toFixed(1)} s, ${totalUnits} units`,
      ],
      [
        spanS >= 60 ? 'worst 60 s window ÷ budget' : `all ${spanS.toFixed(0)} s ÷ budget share`,
        `${(spanS >= 60 ? worst : totalUnits).toFixed(0)} units ÷ ${spanS >= 60 ? BUDGET : Math.round((BUDGET * spanS) / 60)} = ${round(worstWindowQuotaPct)} % (≤ 100 %)`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\nScale-out benchmark — ${((performance.now() - t0) / 1000).toFixed(0)} s in all\n`);
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    console.log('');
    const json = {
      workers: W,
      killed: 1,
      runsCompleted: runs.completed,
      runsExpected,
      runsFailed: runs.failed,
      duplicateArchives: dup!.duplicates,
      archivedRows: arch!.rows,
      archivedDistinct: arch!.distinct_rows,
      emailsArchivedSum: sums!.archived,
      archivedExpected,
      activitiesPerWorker: workerRows.map((r) => r.activities),
      workersWithActivities,
      retriedActivities,
      bigSyncSeconds: round(big.seconds),
      allRunsSeconds: round(allSeconds),
      triggerRetries,
      unitsPerMinute: BUDGET,
      worstWindowUnits: spanS >= 60 ? worst : totalUnits,
      worstWindowQuotaPct: round(worstWindowQuotaPct),
    };
    console.log(JSON.stringify(json));
  } finally {
    opts.stopping?.();
    for (const w of workers) await w.stop().catch(() => {});
    await stack.stop();
  }
}

/** A worker's pid from its Temporal identity (`pid@host`, the SDK's default). */
function pidOf(identity: string): number | null {
  const m = /^(\d+)@/.exec(identity);
  return m ? Number(m[1]) : null;
}

const pct = (n: number, of: number) => `${of ? ((n / of) * 100).toFixed(0) : 0} %`;

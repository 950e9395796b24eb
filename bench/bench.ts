/**
 * `npm run bench [-- --messages N] [--connections M] [--profile]`: the performance benchmark.
 * Starts its own Temporal dev server, Postgres and Gmail emulator (nothing shared with `npm run dev`),
 * runs the phases below in order and prints a readable report; the last line is one JSON object.
 *
 *   hostile    the hostile corpus through parse + extract under the message budget (no stack)
 *   mailbox    N generated e-mails (mixed platforms) under one label, ~80 % of their stays in iCal feeds
 *   direct     the activities in a plain loop, no Temporal (its own process, like the worker)
 *   temporal   the connection workflow's full sync of the same mailbox, one worker process
 *   sync now   30 × POST /api/connections/:id/sync → the run's first ActivityTaskStarted
 *   conflicts  one place on three channels; 20 × a mail sells nights another channel holds →
 *              its mail_overlaps_calendar conflict (archive → conflict, conflictDetectMs = p95)
 *   quota      the worker with GMAIL_QUOTA_UNITS_PER_MINUTE=6000 (2026 table): messages.get rate vs the quota
 *   webhooks   event recorded → a loopback receiver's 2xx, one event at a time, through the worker
 *   push       Gmail push on: mails one at a time → booking enriched; a burst → runs; the same mails
 *              with polling every minute (bench/push.ts); `--push` runs this phase alone
 *   idle       M connection workflows started and waiting; the (fresh) worker's RSS
 *   fan-out    "sync now" on all M at once, until every run has completed
 *
 * `--profile` also writes V8 CPU profiles of the direct process and the sync worker and prints where
 * their time went. Not a test: it asserts nothing.
 */
import { mkdir, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { syncWorkflowId } from '../contracts/workflows.js';
import { issueTokens } from '../testing/connections.js';
import { runConflictDetect } from './conflict-detect.js';
import { runDirect } from './direct.js';
import { createConnections, importFeeds, startConnectionWorkflow } from './fixtures.js';
import { runHostile } from './hostile.js';
import { runIdleFanout } from './idle-fanout.js';
import { FANOUT_LABEL, seedMailbox } from './mailbox.js';
import { type ProfileSummary, summariseProfile } from './profile.js';
import { type PushBenchResult, runPushBench } from './push.js';
import { QUOTA_COSTS, QUOTA_TABLE, runQuota } from './quota.js';
import { type BenchJson, fmt, round, table } from './report.js';
import { runScaleBench } from './scale.js';
import { runScaleOutBench } from './scale-out.js';
import { startStack } from './setup.js';
import { percentile, runSyncNow } from './sync-now.js';
import { runTemporalSync, waitForResult } from './temporal-sync.js';
import { runWebhookLatency } from './webhooks.js';
import { spawnWorker, type WorkerProcess } from './worker-process.js';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '5000' },
    connections: { type: 'string', default: '1000' },
    'sync-now-triggers': { type: 'string', default: '30' },
    'webhook-events': { type: 'string', default: '50' },
    // Gmail push (bench/push.ts); --push runs that phase alone
    push: { type: 'boolean', default: false },
    'push-mails': { type: 'string', default: '20' },
    'poll-mails': { type: 'string', default: '8' },
    'burst-mails': { type: 'string', default: '100' },
    profile: { type: 'boolean', default: false },
    // the other modes: bench/scale-out.ts and bench/scale.ts
    workers: { type: 'string' },
    scale: { type: 'boolean', default: false },
    'scale-messages': { type: 'string' },
    'scale-connections': { type: 'string' },
  },
  allowPositionals: true,
});
const N = Number(args.messages);
const M = Number(args.connections);
const TRIGGERS = Number(args['sync-now-triggers']);
/** Double sales by mail the conflict phase times. */
const CONFLICT_SAMPLES = 20;
// per mailbox and minute, the 2026 table's: 5 messages.get (20 units) a second
const QUOTA_UNITS = 6000;
/**
 * The whole run must stay under 10 minutes: each big sync stops at a page boundary after
 * SYNC_BUDGET_MS, and the fan-out gets what is left of RUN_BUDGET_MS (at least 15 s).
 */
const SYNC_BUDGET_MS = 110_000;
const RUN_BUDGET_MS = 540_000;

const t0 = performance.now();
const say = (line: string) =>
  console.log(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${line}`);

async function main() {
  const stopping = () => {
    shuttingDown = true;
  };
  if (args.workers) return runScaleOutBench({ workers: Number(args.workers), say, stopping });
  if (args.scale)
    return runScaleBench({
      messages: args['scale-messages'],
      connections: args['scale-connections'],
      say,
      stopping,
    });
  if (args.push) return runPushOnly();
  if (!(N > 0) || !(M > 0)) throw new Error('--messages and --connections must be positive numbers');
  say(`messages ${N}, connections ${M}${args.profile ? ', profiling' : ''}; ${loadLine()}`);
  // first, while nothing else of the bench runs: it needs only the message pool
  const hostile = await runHostile();
  say(
    `hostile: ${hostile.messages} messages in ${hostile.totalSeconds.toFixed(1)} s, worst ${hostile.worstMs.toFixed(0)} ms ` +
      `(${hostile.worstName}); ${hostile.overBudget} over budget, archived raw and flagged`,
  );
  const stack = await startStack(say);
  const workers: WorkerProcess[] = [];
  const profiles: Record<string, ProfileSummary | null> = {};
  try {
    // outside the stack's temp dir, so the profiles outlive the run
    const profileDir = join(tmpdir(), 'connections-bench-profiles');
    if (args.profile) {
      await rm(profileDir, { recursive: true, force: true });
      await mkdir(profileDir, { recursive: true });
    }
    const cpuProf = (name: string) =>
      args.profile
        ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
        : [];

    // --- mailbox and connections ---------------------------------------------------------------
    const mailbox = await seedMailbox(stack, N);
    say(
      `mailbox: ${N} e-mails (${(mailbox.bytes / 1e6).toFixed(1)} MB) imported in ${mailbox.seconds.toFixed(1)} s; ` +
        `${mailbox.stays} stays, ${mailbox.staysInFeed} in the feeds; ${((mailbox.mailsWithFeedStay / N) * 100).toFixed(0)} % of e-mails name a stay in a feed`,
    );
    say(
      `  mix: ${Object.entries(mailbox.kinds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const tokens = await issueTokens(stack.emulator);
    const big = { label: 'Bookings', labelId: mailbox.labelId, tokens };
    const [directConn] = await createConnections(stack, { ...big, count: 1, name: 'bench direct' });
    const [temporalConn] = await createConnections(stack, { ...big, count: 1, name: 'bench temporal' });
    const [quotaConn] = await createConnections(stack, { ...big, count: 1, name: 'bench quota' });
    for (const c of [directConn!, temporalConn!]) await importFeeds(stack, c.workspaceId, mailbox.feeds);
    say('workspaces, connections and feeds ready');

    // --- direct -------------------------------------------------------------------------------
    const direct = await runDirect(stack, directConn!, {
      nodeArgs: cpuProf('direct'),
      deadlineMs: SYNC_BUDGET_MS,
    });
    const directRate = direct.totals.emailsScanned / direct.seconds;
    say(
      `direct: ${direct.totals.emailsArchived} archived in ${direct.seconds.toFixed(1)} s = ${directRate.toFixed(0)} msgs/s ` +
        (direct.complete ? '' : `[stopped by the time budget after ${direct.pages} pages] `) +
        `(facts ${direct.totals.factsExtracted}, enriched ${direct.totals.bookingsEnriched}, review ${direct.totals.reviewItemsCreated}; peak RSS ${direct.peakRssMb.toFixed(0)} MB)`,
    );
    say(
      `  time per activity: ${Object.entries(direct.activityMs)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s/${direct.activityCalls[k]}`)
        .join(', ')}`,
    );
    if (args.profile) profiles.direct = await summariseProfile(profileDir, 'direct');

    // --- temporal -----------------------------------------------------------------------------
    const syncQueue = 'bench-sync';
    const w1 = await spawnWorker(stack, { taskQueue: syncQueue, nodeArgs: cpuProf('worker-sync') });
    workers.push(w1);
    say(`worker ${w1.pid} started (${(await w1.memory()).rssMb.toFixed(0)} MB)`);
    const temporal = await runTemporalSync(stack, temporalConn!, w1, syncQueue, SYNC_BUDGET_MS);
    const scanned = temporal.result.emailsScanned;
    const temporalRate = scanned / temporal.seconds;
    const events = temporal.syncEvents + temporal.parentEvents;
    say(
      `temporal: ${temporal.result.emailsArchived} archived in ${temporal.seconds.toFixed(1)} s = ${temporalRate.toFixed(0)} msgs/s ` +
        (temporal.result.status === 'completed'
          ? ''
          : `[stopped by the time budget after ${temporal.result.pages} pages] `) +
        `(${temporal.result.pages} pages; facts ${temporal.result.factsExtracted}, enriched ${temporal.result.bookingsEnriched}, review ${temporal.result.reviewItemsCreated})`,
    );
    say(
      `  history: sync ${temporal.syncEvents} events + connection ${temporal.parentEvents} = ${events} → ${((events / scanned) * 1000).toFixed(1)} per 1000 msgs`,
    );
    say(
      `  events by type: ${Object.entries(temporal.eventsByType)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const b = temporal.breakdown;
    say(
      `  sync time: wall ${(b.wallMs / 1000).toFixed(2)} s; workflow tasks ${b.workflowTasks.count} (queued ${(b.workflowTasks.queueMs / 1000).toFixed(2)} s, ran ${(b.workflowTasks.runMs / 1000).toFixed(2)} s incl. ${b.localActivityMarkers} local activities); ` +
        Object.entries(b.activities)
          .map(
            ([k, a]) =>
              `${k} ×${a.count} queued ${(a.queueMs / 1000).toFixed(2)} s ran ${(a.runMs / 1000).toFixed(2)} s`,
          )
          .join('; '),
    );
    say(
      `  worker peak RSS ${temporal.workerPeakRssMb.toFixed(0)} MB (after: ${temporal.workerRssAfterMb.toFixed(0)} MB)`,
    );

    // --- sync now -----------------------------------------------------------------------------
    // a connection of its own on the small label, its initial sync done: each trigger is a short run
    const [nowConn] = await createConnections(stack, {
      label: FANOUT_LABEL,
      labelId: mailbox.fanoutLabelId,
      tokens,
      count: 1,
      name: 'bench sync-now',
    });
    await startConnectionWorkflow(stack, nowConn!, { taskQueue: syncQueue, initialSync: true });
    await waitForResult(stack, syncWorkflowId(nowConn!.connectionId, 1));
    const syncNow = await runSyncNow(stack, nowConn!, syncQueue, TRIGGERS);
    say(
      `sync now: ${syncNow.samples.length} triggers, first activity p50 ${syncNow.p50.toFixed(0)} ms, p95 ${syncNow.p95.toFixed(0)} ms, max ${syncNow.max.toFixed(0)} ms ` +
        `(202 answered p50 ${syncNow.responseP50} ms, p95 ${syncNow.responseP95} ms; ${syncNow.rejected} refused)`,
    );
    // --- conflicts ----------------------------------------------------------------------------
    const conflicts = await runConflictDetect(stack, {
      taskQueue: syncQueue,
      tokens,
      samples: CONFLICT_SAMPLES,
    });
    say(
      `conflicts: ${conflicts.samples.length} double sales by mail, archive → mail_overlaps_calendar p50 ${conflicts.p50.toFixed(0)} ms, ` +
        `p95 ${conflicts.p95.toFixed(0)} ms, max ${conflicts.max.toFixed(0)} ms; the place's own history raised ${conflicts.falseAlarms}`,
    );
    await w1.stop();
    if (args.profile) profiles.worker = await summariseProfile(profileDir, 'worker-sync');

    // --- quota --------------------------------------------------------------------------------
    const quotaQueue = 'bench-quota';
    const wq = await spawnWorker(stack, {
      taskQueue: quotaQueue,
      env: { GMAIL_QUOTA_TABLE: QUOTA_TABLE, GMAIL_QUOTA_UNITS_PER_MINUTE: String(QUOTA_UNITS) },
    });
    workers.push(wq);
    const quota = await runQuota(stack, quotaConn!, quotaQueue, {
      unitsPerMinute: QUOTA_UNITS,
      warmupSeconds: 3,
      windowSeconds: 20,
    });
    say(
      `quota: ${quota.calls} messages.get in ${quota.windowSeconds} s = ${quota.callsPerSecond.toFixed(2)}/s × ${QUOTA_COSTS['messages.get']} units ` +
        `= ${quota.heldPct.toFixed(1)} % of ${QUOTA_UNITS} units/min (all Gmail calls: ${quota.allUnitsPerSecond.toFixed(1)} units/s)`,
    );
    await wq.stop();

    // --- webhooks -----------------------------------------------------------------------------
    const webhooks = await runWebhookLatency(stack, Number(args['webhook-events']));
    say(
      `webhooks: ${webhooks.samples.length} events, recorded → receiver's 2xx p50 ${webhooks.p50} ms, p95 ${webhooks.p95} ms, max ${webhooks.max} ms (every one verified with standardwebhooks)`,
    );
    // --- push (before the fan-out, which may leave a backlog on the Temporal server) -----------
    const pushed = await runPushBench(stack, pushOptions());

    // --- idle + fan-out -----------------------------------------------------------------------
    const idleQueue = 'bench-idle';
    const fanoutConns = await createConnections(stack, {
      label: FANOUT_LABEL,
      labelId: mailbox.fanoutLabelId,
      tokens,
      count: M,
      name: 'bench fan-out',
    });
    const w2 = await spawnWorker(stack, { taskQueue: idleQueue });
    workers.push(w2);
    const idle = await runIdleFanout(stack, fanoutConns, w2, idleQueue, say, () =>
      Math.max(15_000, RUN_BUDGET_MS - (performance.now() - t0)),
    );
    say(
      `idle: ${M} waiting, worker RSS ${idle.idleWorkerRssMb.toFixed(0)} MB 15 s after the last started ` +
        `(${idle.idleWorkerRssAfterStartMb.toFixed(0)} MB after 3 s; fresh worker: ${idle.workerRssBeforeMb.toFixed(0)} MB) ` +
        `→ ${(((idle.idleWorkerRssMb - idle.workerRssBeforeMb) * 1024) / M).toFixed(0)} KB per connection`,
    );
    say(
      `fan-out: ${idle.fanoutCompleted} runs completed, ${idle.fanoutFailed} failed, in ${idle.fanoutSeconds.toFixed(1)} s ` +
        `(all accepted after ${idle.triggerSeconds.toFixed(1)} s; worker peak RSS ${idle.fanoutWorkerPeakRssMb.toFixed(0)} MB)`,
    );
    await w2.stop();

    const json: BenchJson = {
      messages: N,
      directMsgsPerSec: round(directRate),
      temporalMsgsPerSec: round(temporalRate),
      ratio: round(temporalRate / directRate, 3),
      historyEventsPer1000: round((events / scanned) * 1000),
      workerPeakRssMb: round(temporal.workerPeakRssMb),
      syncNowP50Ms: round(syncNow.p50),
      syncNowP95Ms: round(syncNow.p95),
      idleConnections: M,
      idleWorkerRssMb: round(idle.idleWorkerRssMb),
      idleWorkerRssAfterStartMb: round(idle.idleWorkerRssAfterStartMb),
      idleStartSeconds: round(idle.idleStartSeconds, 2),
      // null: not every run completed within the time budget, so there is no honest number
      fanoutSeconds: idle.fanoutCompleted + idle.fanoutFailed >= M ? round(idle.fanoutSeconds, 2) : null,
      fanoutCompleted: idle.fanoutCompleted,
      quotaHeldPct: round(quota.heldPct, 1),
      worstMessageMs: round(hostile.worstMs),
      webhookDeliveredP50Ms: round(webhooks.p50),
      webhookDeliveredP95Ms: round(webhooks.p95),
      workers: 1,
      ...pushKeys(pushed),
      conflictDetectMs: round(conflicts.p95),
    };
    try {
      printProfiles(profiles);
    } catch (err) {
      say(`could not summarise the CPU profiles: ${err}`);
    }
    console.log(
      `\nConnections benchmark — ${N} messages, ${M} connections, ${((performance.now() - t0) / 1000).toFixed(0)} s in all; ${loadLine()}\n`,
    );
    console.log(table(json));
    console.log('');
    console.log(JSON.stringify(json));
  } finally {
    shuttingDown = true;
    for (const w of workers) await w.stop().catch(() => {});
    await stack.stop();
  }
}

function pushOptions() {
  return {
    pushMails: Number(args['push-mails']),
    pollMails: Number(args['poll-mails']),
    burstMails: Number(args['burst-mails']),
    say,
  };
}

function pushKeys(r: PushBenchResult) {
  return {
    mailToEnrichedP95Ms: round(percentile(r.pushSamples, 95)),
    mailToEnrichedPollP95Ms: round(percentile(r.pollSamples, 95)),
    pushRunsPer100Notifications: round((r.burstRuns * 100) / Math.max(1, r.burstNotifications), 2),
  };
}

/** `--push`: the push phase alone, on a stack of its own; its keys in the table and the JSON line. */
async function runPushOnly() {
  say(`push only; ${loadLine()}`);
  const stack = await startStack(say);
  try {
    const json = pushKeys(await runPushBench(stack, pushOptions()));
    console.log(
      `\nConnections benchmark, push only — ${((performance.now() - t0) / 1000).toFixed(0)} s; ${loadLine()}\n`,
    );
    console.log(table(json));
    console.log('');
    console.log(JSON.stringify(json));
  } finally {
    shuttingDown = true;
    await stack.stop();
  }
}

/** Other work on this machine skews every number: say how busy it was. */
function loadLine(): string {
  return `${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`;
}

function printProfiles(profiles: Record<string, ProfileSummary | null>) {
  for (const [name, p] of Object.entries(profiles)) {
    if (!p) continue;
    console.log(`\nCPU profile of ${name} (${p.seconds.toFixed(1)} s, self time): ${p.file}`);
    console.log(`  by area:  ${p.byArea.map(([k, v]) => `${k} ${fmt(v)}%`).join(', ')}`);
    console.log('  hottest functions:');
    for (const [k, v] of p.topFunctions) console.log(`    ${fmt(v).padStart(5)}%  ${k}`);
  }
}

// a gRPC retry still pending when the client's channel closes at shutdown must not turn a finished
// run into a crash
let shuttingDown = false;
process.on('uncaughtException', (err) => {
  if (shuttingDown && /Channel has been shut down/.test(String(err))) return;
  console.error(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
  process.exit(1);
});

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
    process.exit(1);
  },
);

/**
 * `npm run bench -- --scale [--scale-messages 1000,5000,20000] [--scale-connections 100,1000,10000]`:
 * how the cost grows with size. Temporal full-sync throughput (one fresh worker per size, quota off)
 * of a mailbox label holding each message count; then, per connection count, a fresh worker with
 * that many idle connection workflows: its RSS, whether every connection answers its status query,
 * and "sync now" latency (bench/sync-now.ts) under that load. Prints two tables and, last, one JSON
 * line.
 */
import { syncWorkflowId } from '../contracts/workflows.js';
import { DEFAULT_USER, seedMessages } from '../dev/gmail/index.js';
import { issueTokens } from '../testing/connections.js';
import { fanoutMailbox, generateMailbox } from './emails.js';
import { createConnections, importFeeds, startConnectionWorkflow } from './fixtures.js';
import { startIdleConnections } from './idle-fanout.js';
import { FANOUT_LABEL } from './mailbox.js';
import { render, round } from './report.js';
import { startStack } from './setup.js';
import { runSyncNow } from './sync-now.js';
import { runTemporalSync, waitForResult } from './temporal-sync.js';
import { spawnWorker, type WorkerProcess } from './worker-process.js';

export interface ScaleOptions {
  /** comma-separated message counts (default 1000,5000,20000) */
  messages?: string | undefined;
  /** comma-separated idle connection counts (default 100,1000,10000) */
  connections?: string | undefined;
  say: (line: string) => void;
  /** called before the stack stops (a late gRPC retry must not turn into a crash then) */
  stopping?: () => void;
}

interface ThroughputRow {
  messages: number;
  seconds: number;
  scanned: number;
  msgsPerSec: number;
  complete: boolean;
  historyEventsPer1000: number;
  workerPeakRssMb: number;
}

interface IdleRow {
  connections: number;
  startSeconds: number;
  answered: number;
  freshWorkerRssMb: number;
  idleWorkerRssAfterStartMb: number;
  idleWorkerRssMb: number;
  syncNowP50Ms: number;
  syncNowP95Ms: number;
  syncNowMaxMs: number;
}

/** Each sync stops at a page boundary after this, and its rate is taken over the pages done. */
const SYNC_BUDGET_MS = 180_000;
const START_CONCURRENCY = 100;
const SYNC_NOW_TRIGGERS = 20;

export async function runScaleBench(opts: ScaleOptions): Promise<void> {
  const say = opts.say;
  const sizes = parseSizes(opts.messages, [1000, 5000, 20000], '--scale-messages');
  const counts = parseSizes(opts.connections, [100, 1000, 10000], '--scale-connections');
  const t0 = performance.now();
  say(`scale: messages ${sizes.join(' / ')}, idle connections ${counts.join(' / ')}`);
  const stack = await startStack(say);
  const workers: WorkerProcess[] = [];
  const spawn = async (taskQueue: string) => {
    const w = await spawnWorker(stack, { taskQueue });
    workers.push(w);
    return w;
  };
  try {
    const tokens = await issueTokens(stack.emulator);
    const target = { emulatorUrl: stack.emulator.url, user: DEFAULT_USER, concurrency: 16 };

    // --- throughput: one label per size, one fresh worker each ----------------------------------
    const throughput: ThroughputRow[] = [];
    for (const [i, n] of sizes.entries()) {
      const label = `Scale${n}`;
      const ts = performance.now();
      const generated = generateMailbox(n, 20260 + i);
      const { labelId } = await seedMessages({ ...target, label, raws: generated.raws });
      say(
        `mailbox label ${label}: ${n} e-mails imported in ${((performance.now() - ts) / 1000).toFixed(1)} s`,
      );
      const [conn] = await createConnections(stack, { label, labelId, tokens, count: 1, name: `scale ${n}` });
      await importFeeds(stack, conn!.workspaceId, generated.feeds);
      const queue = `bench-scale-sync-${n}`;
      const w = await spawn(queue);
      const r = await runTemporalSync(stack, conn!, w, queue, SYNC_BUDGET_MS);
      await w.stop();
      const scanned = r.result.emailsScanned;
      const row: ThroughputRow = {
        messages: n,
        seconds: r.seconds,
        scanned,
        msgsPerSec: scanned / r.seconds,
        complete: r.result.status === 'completed' && scanned >= n,
        historyEventsPer1000: ((r.syncEvents + r.parentEvents) / Math.max(1, scanned)) * 1000,
        workerPeakRssMb: r.workerPeakRssMb,
      };
      throughput.push(row);
      say(
        `  sync ${n}: ${scanned} scanned in ${r.seconds.toFixed(1)} s = ${row.msgsPerSec.toFixed(0)} msgs/s` +
          `${row.complete ? '' : ' [stopped by the time budget]'}, worker peak RSS ${r.workerPeakRssMb.toFixed(0)} MB`,
      );
    }

    // --- idle connections: one fresh worker per count -------------------------------------------
    const { labelId: fanoutLabelId } = await seedMessages({
      ...target,
      label: FANOUT_LABEL,
      raws: fanoutMailbox(),
    });
    const idle: IdleRow[] = [];
    for (const m of counts) {
      const queue = `bench-scale-idle-${m}`;
      const conns = await createConnections(stack, {
        label: FANOUT_LABEL,
        labelId: fanoutLabelId,
        tokens,
        count: m,
        name: `scale idle ${m}`,
      });
      const [nowConn] = await createConnections(stack, {
        label: FANOUT_LABEL,
        labelId: fanoutLabelId,
        tokens,
        count: 1,
        name: `scale sync-now ${m}`,
      });
      const w = await spawn(queue);
      const fresh = await w.memory();
      const started = await startIdleConnections(stack, conns, queue, w, {
        concurrency: START_CONCURRENCY,
        onStarted: (n) => {
          if (n % 1000 === 0) say(`  ${n} of ${m} started`);
        },
      });
      say(
        `  ${m} connection workflows started in ${started.startSeconds.toFixed(1)} s; ${started.answered} answered their status query`,
      );

      // "sync now" on one more connection of the same worker, its initial sync done
      await startConnectionWorkflow(stack, nowConn!, { taskQueue: queue, initialSync: true });
      await waitForResult(stack, syncWorkflowId(nowConn!.connectionId, 1));
      const syncNow = await runSyncNow(stack, nowConn!, queue, SYNC_NOW_TRIGGERS);
      await w.stop();
      const row: IdleRow = {
        connections: m,
        startSeconds: started.startSeconds,
        answered: started.answered,
        freshWorkerRssMb: fresh.rssMb,
        idleWorkerRssAfterStartMb: started.afterStartRssMb,
        idleWorkerRssMb: started.settledRssMb,
        syncNowP50Ms: Math.round(syncNow.p50),
        syncNowP95Ms: Math.round(syncNow.p95),
        syncNowMaxMs: Math.round(syncNow.max),
      };
      idle.push(row);
      say(
        `  idle ${m}: worker RSS ${row.idleWorkerRssMb.toFixed(0)} MB 15 s after the last started ` +
          `(${row.idleWorkerRssAfterStartMb.toFixed(0)} MB after 3 s; fresh ${fresh.rssMb.toFixed(0)} MB), ` +
          `sync now p50 ${row.syncNowP50Ms} ms, p95 ${row.syncNowP95Ms} ms over ${syncNow.samples.length} triggers`,
      );
    }

    // --- report ---------------------------------------------------------------------------------
    console.log(`\nScale benchmark — ${((performance.now() - t0) / 1000).toFixed(0)} s in all\n`);
    console.log('Temporal full sync, one worker, quota off');
    console.log(
      render(
        ['messages', 'scanned', 'seconds', 'msgs/s', 'events/1000 msgs', 'worker peak RSS MB'],
        throughput.map((r) => [
          `${r.messages}`,
          `${r.scanned}${r.complete ? '' : ' (budget)'}`,
          r.seconds.toFixed(1),
          r.msgsPerSec.toFixed(0),
          r.historyEventsPer1000.toFixed(1),
          r.workerPeakRssMb.toFixed(0),
        ]),
        numbersRight,
      ),
    );
    console.log(
      '\nIdle connection workflows, one fresh worker per count (the default WORKER_MAX_CACHED_WORKFLOWS)',
    );
    console.log(
      render(
        [
          'connections',
          'start s',
          'answered status',
          'RSS 15 s MB',
          'RSS 3 s MB',
          'fresh MB',
          'sync now p50 ms',
          'p95 ms',
          'max ms',
        ],
        idle.map((r) => [
          `${r.connections}`,
          r.startSeconds.toFixed(1),
          `${r.answered} / ${r.connections}`,
          r.idleWorkerRssMb.toFixed(0),
          r.idleWorkerRssAfterStartMb.toFixed(0),
          r.freshWorkerRssMb.toFixed(0),
          `${r.syncNowP50Ms}`,
          `${r.syncNowP95Ms}`,
          `${r.syncNowMaxMs}`,
        ]),
        numbersRight,
      ),
    );
    console.log('');
    const json = {
      scale: true,
      seconds: round((performance.now() - t0) / 1000),
      throughput: throughput.map((r) => ({
        messages: r.messages,
        scanned: r.scanned,
        msgsPerSec: round(r.msgsPerSec),
        complete: r.complete,
        historyEventsPer1000: round(r.historyEventsPer1000),
        workerPeakRssMb: round(r.workerPeakRssMb),
      })),
      idle: idle.map((r) => ({
        connections: r.connections,
        answered: r.answered,
        startSeconds: round(r.startSeconds),
        idleWorkerRssMb: round(r.idleWorkerRssMb),
        idleWorkerRssAfterStartMb: round(r.idleWorkerRssAfterStartMb),
        freshWorkerRssMb: round(r.freshWorkerRssMb),
        syncNowP50Ms: r.syncNowP50Ms,
        syncNowP95Ms: r.syncNowP95Ms,
      })),
    };
    console.log(JSON.stringify(json));
  } finally {
    opts.stopping?.();
    for (const w of workers) await w.stop().catch(() => {});
    await stack.stop();
  }
}

/** The first column names the row; the rest are numbers. */
const numbersRight = (column: number) => column > 0;

function parseSizes(raw: string | undefined, fallback: number[], flag: string): number[] {
  if (raw === undefined) return fallback;
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`${flag} must be a comma-separated list of positive integers, got "${raw}"`);
  return sizes;
}

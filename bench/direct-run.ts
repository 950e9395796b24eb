/**
 * The direct path, run as a process of its own (like the worker, so both share the machine the same
 * way: emulator in the bench process, pipeline in another): the same activity functions the worker
 * registers, run by the sync workflow's own page loop (workflows/page-loop.ts), in a plain process, without Temporal.
 * Config arrives as JSON in BENCH_DIRECT (the token keys as the worker reads them); the result is printed as one JSON line.
 */

import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { messageBytesFor } from '../activities/archive/message-bytes.js';
import { DEFAULT_BUDGET, MessagePool } from '../activities/extract/budget/message-pool.js';
import { readFeedHere } from '../activities/ical/feed-events.js';
import { DEFAULT_FEED_MAX_EVENTS } from '../activities/ical/import-feed.js';
import { createActivities } from '../activities/index.js';
import { envSchema } from '../config/env.js';
import { type RunCounts, ZERO_COUNTS } from '../contracts/workflows.js';
import { connectDb } from '../db/client.js';
import { DEFAULT_CONFLICT_SETTINGS } from '../domain/conflicts/conflict-writes.js';
import { DEFAULT_WEBHOOK_SETTINGS } from '../domain/webhooks/webhook-settings.js';
import type { GmailSettings } from '../gmail/client.js';
import { QuotaBuckets } from '../gmail/quota.js';
import { workerMetrics } from '../metrics/worker-metrics.js';
import { tokenCipherFromEnv } from '../security/token-keys.js';
import { type PageLoopState, pageThrough } from '../workflows/page-loop.js';

export interface DirectConfig {
  databaseUrl: string;
  connectionId: string;
  gmailSettings: GmailSettings;
  /** the worker's settings, so both paths do the same work the same way */
  archiveConcurrency: number;
  poolSize: number;
  /** stop at the first page boundary after this many ms (the benchmark's time budget) */
  deadlineMs: number;
}

export interface DirectResult {
  /** until the last page processed */
  seconds: number;
  /** false when the deadline stopped the run at a page boundary */
  complete: boolean;
  totals: RunCounts;
  pages: number;
  /** milliseconds spent in each activity, summed over the run, and call counts */
  activityMs: Record<string, number>;
  activityCalls: Record<string, number>;
}

async function main() {
  const config = JSON.parse(process.env.BENCH_DIRECT ?? '{}') as DirectConfig;
  const sql = connectDb(config.databaseUrl, { max: config.poolSize });
  const messagePool = new MessagePool({
    // the worker's setting, read as the worker reads it
    threads: envSchema.shape.MAIL_POOL_THREADS.parse(process.env.MAIL_POOL_THREADS),
    spareThreads: envSchema.shape.MAIL_POOL_SPARE_THREADS.parse(process.env.MAIL_POOL_SPARE_THREADS),
    heavyMs: envSchema.shape.MAIL_POOL_HEAVY_MS.parse(process.env.MAIL_POOL_HEAVY_MS),
    budget: DEFAULT_BUDGET,
  });
  const activities = createActivities({
    sql,
    // the keys arrive the way the worker's do: in the environment
    cipher: tokenCipherFromEnv(process.env),
    gmailSettings: config.gmailSettings,
    quota: QuotaBuckets.off(),
    log: pino({ level: 'silent' }),
    archiveConcurrency: config.archiveConcurrency,
    // the worker's settings, read as the worker reads them
    archiveReadBytes: envSchema.shape.ARCHIVE_READ_BATCH_BYTES.parse(process.env.ARCHIVE_READ_BATCH_BYTES),
    messageBytes: messageBytesFor({
      bytesInFlight: envSchema.shape.MAIL_BYTES_IN_FLIGHT.parse(process.env.MAIL_BYTES_IN_FLIGHT),
      maxMessageBytes: DEFAULT_BUDGET.maxMessageBytes,
    }),
    messagePool,
    outbound: { allowPrivateHosts: [], onlyAllowedHosts: true },
    webhooks: DEFAULT_WEBHOOK_SETTINGS,
    // the direct run imports no feed
    feedReader: readFeedHere,
    feedMaxEvents: DEFAULT_FEED_MAX_EVENTS,
    conflicts: DEFAULT_CONFLICT_SETTINGS,
    metrics: workerMetrics(),
    push: null,
  });
  const activityMs: Record<string, number> = {};
  const activityCalls: Record<string, number> = {};
  const timed = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await call();
    } finally {
      activityMs[name] = (activityMs[name] ?? 0) + performance.now() - t;
      activityCalls[name] = (activityCalls[name] ?? 0) + 1;
    }
  };
  const connectionId = config.connectionId;
  let complete = true;
  let lastPageAt = 0;
  const state: PageLoopState = { mode: 'full', pages: 0, totals: { ...ZERO_COUNTS } };

  const started = performance.now();
  // one activity context around the loop: archive's heartbeat() and the retry audit read it
  await new MockActivityEnvironment().run(async () => {
    const run = await timed('startSyncRun', () =>
      activities.startSyncRun({ connectionId, workflowId: `direct-${connectionId}`, trigger: 'manual' }),
    );
    if (run.refused) throw new Error(`run refused: ${run.refused.code}`);
    state.mode = run.mode;
    const stopped = await pageThrough(
      {
        syncPage: (input) => timed('syncPage', () => activities.syncPage(input)),
        enrichConnection: (input) => timed('enrichConnection', () => activities.enrichConnection(input)),
      },
      { ...run, connectionId },
      state,
      {
        // the benchmark's time budget: stop at the first page boundary past it
        stopRequested: () => lastPageAt - started > config.deadlineMs,
        afterPage: () => {
          lastPageAt = performance.now();
        },
        relisting: () => {},
      },
    );
    complete = !stopped;
    await timed('finishSyncRun', () =>
      activities.finishSyncRun({
        runId: run.runId,
        status: complete ? 'completed' : 'cancelled',
        totals: state.totals,
        mode: state.mode,
      }),
    );
  });
  const seconds = ((complete ? performance.now() : lastPageAt) - started) / 1000;
  await messagePool.close();
  await sql.end({ timeout: 5 });
  const result: DirectResult = {
    seconds,
    complete,
    totals: state.totals,
    pages: state.pages,
    activityMs,
    activityCalls,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

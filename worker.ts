import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { messageBytesFor } from './activities/archive/message-bytes.js';
import { MessagePool } from './activities/extract/budget/message-pool.js';
import { threadFeedReader } from './activities/ical/feed-reader.js';
import { createActivities } from './activities/index.js';
import {
  type Env,
  gmailQuotaPolicy,
  loadEnv,
  outboundPolicy,
  pushWatchSettingsOf,
  webhookSettings,
} from './config/env.js';
import { createLogger } from './config/logger.js';
import { setThreadSemiSpace } from './config/thread-heap.js';
import { RECONCILER_SCHEDULE_ID } from './contracts/workflows.js';
import { connectDb } from './db/client.js';
import { migrate } from './db/migrate.js';
import { gmailSettingsFromEnv } from './gmail/client.js';
import { sharedQuotaBuckets } from './gmail/quota-postgres.js';
import { workerMetrics } from './metrics/worker-metrics.js';
import { serveWorkerMetrics } from './metrics/worker-server.js';
import { tokenCipherFromEnv } from './security/token-keys.js';
import { connectTemporalClient, connectWorkerConnection } from './temporal/connect.js';
import { ensureReconcilerSchedule } from './temporal/reconciler-schedule.js';
import { listenForStop } from './temporal/stop-request.js';
import { startWebhookDispatcher } from './temporal/webhook-dispatcher.js';

/**
 * The worker process (`npm run worker`): runs every workflow and activity on the task queue.
 * Configured by environment alone; scale out by starting more of them.
 */
export async function runWorker(options: { workflowBundlePath?: string } = {}) {
  const env = loadEnv();
  // before any thread starts: the workflow thread's young generation is most of an idle worker's memory
  setThreadSemiSpace(env.WORKER_THREAD_SEMI_SPACE_MB);
  const log = createLogger('worker', env.LOG_LEVEL);
  // before anything slow: a Ctrl-C during start-up stops the worker as soon as it runs
  const stopRequest = listenForStop(log);
  log.info({ event: 'worker_starting' }, 'worker starting');
  // the SDK's own lines (bundler stats, state changes) only when debugging; its metrics on loopback,
  // served again by our /metrics (metrics/worker-server.ts)
  const sdkMetricsAddress =
    env.WORKER_SDK_METRICS_PORT > 0 ? `127.0.0.1:${env.WORKER_SDK_METRICS_PORT}` : null;
  Runtime.install({
    // the stop request above is the only listener: the runtime draining the worker on its own as
    // well is what made a second Ctrl-C signal crash (temporal/stop-request.ts)
    shutdownSignals: [],
    logger: new DefaultLogger(env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace' ? 'INFO' : 'WARN'),
    ...(sdkMetricsAddress
      ? {
          telemetryOptions: {
            metrics: { metricPrefix: 'temporal_', prometheus: { bindAddress: sdkMetricsAddress } },
          },
        }
      : {}),
  });
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required by the worker');
  const sql = connectDb(env.DATABASE_URL, { max: env.WORKER_MAX_CONCURRENT_ACTIVITIES + 2 });
  await migrate(sql);
  const messagePool = new MessagePool({
    threads: env.MAIL_POOL_THREADS,
    spareThreads: env.MAIL_POOL_SPARE_THREADS,
    heavyMs: env.MAIL_POOL_HEAVY_MS,
    maxHeapMb: env.MAIL_THREAD_HEAP_MB,
    budget: {
      ms: env.MAIL_BUDGET_MS,
      bytes: env.MAIL_BUDGET_BYTES,
      maxMessageBytes: env.MAIL_MAX_MESSAGE_BYTES,
    },
  });
  const feedReader = threadFeedReader({ budgetMs: env.FEED_PARSE_BUDGET_MS });
  const metrics = workerMetrics();
  const activities = createActivities({
    sql,
    log,
    cipher: tokenCipherFromEnv(env),
    gmailSettings: gmailSettingsFromEnv(env),
    // one bucket per mailbox in Postgres: every worker process spends from the same budget
    quota: sharedQuotaBuckets(gmailQuotaPolicy(env), sql),
    archiveConcurrency: env.GMAIL_FETCH_CONCURRENCY,
    archiveReadBytes: env.ARCHIVE_READ_BATCH_BYTES,
    // one budget for the whole process: every page of every connection holds its mail in it
    messageBytes: messageBytesFor({
      bytesInFlight: env.MAIL_BYTES_IN_FLIGHT,
      maxMessageBytes: env.MAIL_MAX_MESSAGE_BYTES,
    }),
    messagePool,
    outbound: outboundPolicy(env),
    webhooks: webhookSettings(env),
    feedReader: feedReader.read,
    feedMaxEvents: env.FEED_MAX_EVENTS,
    conflicts: { cancelledStillBlockedHours: env.CONFLICT_CANCELLED_STILL_BLOCKED_HOURS },
    metrics,
    push: pushWatchSettingsOf(env),
  });
  const worker = await Worker.create({
    connection: await connectWorkerConnection(env),
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)) }),
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
  });
  if (env.RECONCILE_EVERY_MINUTES > 0) await scheduleReconciler(env, log);
  // webhook deliveries: wakes each endpoint's workflow when its deliveries are queued
  const dispatchClient = await connectTemporalClient(env);
  const dispatcher = await startWebhookDispatcher({
    sql,
    client: dispatchClient,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    log,
    sweepEveryMs: env.WEBHOOK_SWEEP_SECONDS * 1000,
  });
  const metricsServer = await serveWorkerMetrics({
    registry: metrics.registry,
    host: env.WORKER_METRICS_HOST,
    port: env.WORKER_METRICS_PORT,
    sdkMetricsUrl: sdkMetricsAddress ? `http://${sdkMetricsAddress}/metrics` : null,
  });
  log.info({ event: 'worker_metrics_listening', url: metricsServer.url }, 'metrics at /metrics');
  log.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, namespace: env.TEMPORAL_NAMESPACE }, 'worker started');
  try {
    const running = worker.run();
    stopRequest.onStop(() => {
      // a worker that failed on its own is already on its way out
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
    await running;
  } finally {
    await dispatcher.stop();
    await dispatchClient.connection.close();
    await messagePool.close();
    await feedReader.close();
    await metricsServer.close();
    await sql.end({ timeout: 5 });
    log.info('worker stopped');
    stopRequest.dispose();
  }
}

/** The self-healing schedule; a worker that cannot create it still runs (the next one will). */
async function scheduleReconciler(env: Env, log: ReturnType<typeof createLogger>) {
  try {
    const client = await connectTemporalClient(env);
    const outcome = await ensureReconcilerSchedule(client, {
      scheduleId: RECONCILER_SCHEDULE_ID,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      everyMinutes: env.RECONCILE_EVERY_MINUTES,
    }).finally(() => client.connection.close());
    log.info(
      { event: 'reconciler_schedule', outcome, scheduleId: RECONCILER_SCHEDULE_ID },
      'reconciler scheduled',
    );
  } catch (err) {
    log.error(
      { event: 'reconciler_schedule_failed', err: (err as Error).message },
      'reconciler not scheduled',
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runWorker({ workflowBundlePath: loadEnv().WORKFLOW_BUNDLE_PATH }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

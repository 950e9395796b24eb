import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { DEFAULT_BYTES_IN_FLIGHT, messageBytesFor } from '../activities/archive/message-bytes.js';
import type { ActivityDeps } from '../activities/deps.js';
import {
  DEFAULT_BUDGET,
  type MessageBudget,
  MessagePool,
} from '../activities/extract/budget/message-pool.js';
import { threadFeedReader } from '../activities/ical/feed-reader.js';
import { DEFAULT_FEED_MAX_EVENTS } from '../activities/ical/import-feed.js';
import type { PushWatchSettings } from '../config/env.js';
import { connectDb, type Sql } from '../db/client.js';
import { type GmailEmulator, startGmailEmulator } from '../dev/gmail/index.js';
import { DEFAULT_CONFLICT_SETTINGS } from '../domain/conflicts/conflict-writes.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../domain/webhooks/webhook-settings.js';
import { QuotaBuckets } from '../gmail/quota.js';
import { workerMetrics } from '../metrics/worker-metrics.js';
import type { TokenCipher } from '../security/token-cipher.js';
import type { WorkerHandle } from './child-process.js';
import { gmailSettingsFor } from './gmail-settings.js';
import { startInProcessWorker } from './in-process-worker.js';
import { cloneDatabase } from './template-database.js';
import { installQuietRuntime } from './temporal-runtime.js';
import { tokenCipher } from './token-key.js';
import { spawnWorker, type WorkerTarget } from './worker-process.js';

// before any worker or replay of this process creates the SDK's default, chatty runtime
installQuietRuntime();

/** The servers a run shares (vitest's global setup, or `startServers` for the bench and the drills). */
export interface SharedServers {
  temporalAddress: string;
  /** The Postgres server (any database): each stack clones its own database from the template on it. */
  databaseUrl: string;
  workflowBundlePath: string;
}

export interface StackOptions {
  archiveConcurrency?: number;
  /** `MAIL_BYTES_IN_FLIGHT` and `ARCHIVE_READ_BATCH_BYTES` of the in-process worker. */
  bytesInFlight?: number;
  archiveReadBytes?: number;
  /** One message's limits for the in-process worker (default: the `MAIL_*` defaults). */
  messageBudget?: Partial<MessageBudget>;
  /** A migrated database to use as it is (a drill's private Postgres) instead of a fresh clone. */
  databaseUrl?: string;
  /** Another Temporal server than the shared one (a drill's private, restartable one). */
  temporalAddress?: string;
  /** Prefix of the task queue and of the cloned database's name. */
  name?: string;
  /** Start a worker now (default true). */
  worker?: boolean;
  /** `worker.ts` as a process of its own (SIGKILL-able) rather than in this process (faster to start). */
  workerProcess?: boolean;
  /** More environment for a `workerProcess` worker (its metrics ports). */
  workerEnv?: NodeJS.ProcessEnv;
  /** `FEED_MAX_EVENTS` and `FEED_PARSE_BUDGET_MS` of the in-process worker (defaults: the env's). */
  feedMaxEvents?: number;
  feedParseBudgetMs?: number;
  /** The test's own loopback servers (`host:port`: feeds, webhook receivers) the worker may reach. */
  allowPrivateHosts?: readonly string[];
  /** The older name of `allowPrivateHosts` (as `FEED_ALLOW_PRIVATE_HOSTS` is of its variable); both add up. */
  feedAllowPrivateHosts?: readonly string[];
  /** How the worker delivers webhooks (tests shorten the retry schedule); the rest as configured by default. */
  webhooks?: Partial<WebhookSettings>;
  /** How often the worker's dispatcher scans the outbox (default 1 s: tests wait for it). */
  webhookSweepMs?: number;
  /** The push topic the worker watches labels on (testing/push.ts); default: no push. */
  push?: PushWatchSettings;
}

/**
 * What one test file, drill or bench run works against: its own database, its own Gmail emulator,
 * a Temporal client and a worker on a task queue of its own, on top of the shared servers.
 */
export interface Stack extends WorkerTarget {
  sql: Sql;
  client: Client;
  taskQueue: string;
  cipher: TokenCipher;
  deps: ActivityDeps;
  worker: WorkerHandle | null;
  /** Starts (or restarts) the worker on this stack's task queue. */
  startWorker(): Promise<WorkerHandle>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(servers: SharedServers, opts: StackOptions = {}): Promise<Stack> {
  const name = opts.name ?? 'test';
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    const db = opts.databaseUrl
      ? { url: opts.databaseUrl, sql: connectDb(opts.databaseUrl), drop: async () => {} }
      : await cloneDatabase(servers.databaseUrl, { prefix: name.replaceAll('-', '_') });
    stops.push(opts.databaseUrl ? () => db.sql.end({ timeout: 5 }) : db.drop);
    const emulator: GmailEmulator = await startGmailEmulator({ port: 0 });
    stops.push(emulator.stop);
    const temporalAddress = opts.temporalAddress ?? servers.temporalAddress;
    const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
    stops.push(() => client.connection.close());
    const messagePool = new MessagePool({ threads: 2, budget: { ...DEFAULT_BUDGET, ...opts.messageBudget } });
    stops.push(() => messagePool.close());
    const feedReader = threadFeedReader({ budgetMs: opts.feedParseBudgetMs ?? 10_000 });
    stops.push(() => feedReader.close());
    const cipher = tokenCipher();
    const deps: ActivityDeps = {
      sql: db.sql,
      cipher,
      gmailSettings: gmailSettingsFor(emulator),
      // the quota tests build their own buckets (test/integration/gmail-quota*.test.ts)
      quota: QuotaBuckets.off(),
      log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      archiveConcurrency: opts.archiveConcurrency ?? 8,
      archiveReadBytes: opts.archiveReadBytes ?? 16 * 1024 * 1024,
      messageBytes: messageBytesFor({
        bytesInFlight: opts.bytesInFlight ?? DEFAULT_BYTES_IN_FLIGHT,
        maxMessageBytes: { ...DEFAULT_BUDGET, ...opts.messageBudget }.maxMessageBytes,
      }),
      messagePool,
      // a test's feeds and receivers are its own loopback servers: nothing else is ever reached, or
      // even looked up
      outbound: {
        allowPrivateHosts: [...(opts.allowPrivateHosts ?? []), ...(opts.feedAllowPrivateHosts ?? [])],
        onlyAllowedHosts: true,
      },
      webhooks: { ...DEFAULT_WEBHOOK_SETTINGS, ...opts.webhooks },
      feedReader: feedReader.read,
      feedMaxEvents: opts.feedMaxEvents ?? DEFAULT_FEED_MAX_EVENTS,
      conflicts: DEFAULT_CONFLICT_SETTINGS,
      metrics: workerMetrics(),
      push: opts.push ?? null,
    };
    const sweepMs = opts.webhookSweepMs ?? 1000;
    const stack: Stack = {
      sql: db.sql,
      databaseUrl: db.url,
      temporalAddress,
      workflowBundlePath: servers.workflowBundlePath,
      emulator,
      client,
      taskQueue: `${name}-${randomBytes(4).toString('hex')}`,
      cipher,
      deps,
      worker: null,
      async startWorker() {
        stack.worker = opts.workerProcess
          ? await spawnWorker(stack, {
              taskQueue: stack.taskQueue,
              env: {
                OUTBOUND_ALLOW_PRIVATE_HOSTS: deps.outbound.allowPrivateHosts.join(','),
                OUTBOUND_ONLY_ALLOWED_HOSTS: 'true',
                ...webhookEnvOf(deps.webhooks, sweepMs),
                ...opts.workerEnv,
              },
            })
          : await startInProcessWorker({ ...stack, deps, sweepEveryMs: sweepMs });
        return stack.worker;
      },
      async stopWorker() {
        const worker = stack.worker;
        if (!worker) return;
        stack.worker = null;
        await worker.kill('SIGTERM');
        // an in-process worker that failed says so here rather than in a timeout elsewhere
        if (!opts.workerProcess && worker.output()) throw new Error(worker.output());
      },
      async stop() {
        await stack.stopWorker().catch(() => {});
        await stopAll();
      },
    };
    if (opts.worker !== false) await stack.startWorker();
    return stack;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The worker process's `WEBHOOK_*` for settings given as values. */
function webhookEnvOf(settings: WebhookSettings, sweepMs: number): NodeJS.ProcessEnv {
  return {
    WEBHOOK_RETRY_SCHEDULE: settings.retrySchedule.map((ms) => `${ms}ms`).join(','),
    WEBHOOK_DISABLE_AFTER_FAILURES: String(settings.disableAfterFailures),
    WEBHOOK_TIMEOUT_MS: String(settings.timeoutMs),
    PUBLIC_URL: settings.publicUrl,
    WEBHOOK_SWEEP_SECONDS: String(Math.max(1, Math.round(sweepMs / 1000))),
  };
}

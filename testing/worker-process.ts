import { join } from 'node:path';
import { WORKER_MALLOC_ENV } from '../config/worker-malloc.js';
import type { GmailEmulator } from '../dev/gmail/index.js';
import { type ChildHandle, ROOT, spawnEntry } from './child-process.js';
import { gmailEnvFor } from './gmail-settings.js';

/** Where a worker finds its servers, its mailbox and its workflow code. */
export interface WorkerTarget {
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
  emulator: GmailEmulator;
}

/** How far the worker's start-up has come when `spawnWorker` resolves. */
const READY_LINES = {
  /** listening for a stop, before the slow part (migrations, the workflow bundle, the connection) */
  starting: 'worker starting',
  /** polling its task queue */
  started: 'worker started',
} as const;

/**
 * The real worker entry point (`worker.ts`) in a process of its own, so it can be SIGKILLed or
 * sent a signal. Resolves once it has `started` (unless `until` says `starting`).
 */
export function spawnWorker(
  target: WorkerTarget,
  opts: {
    taskQueue: string;
    env?: NodeJS.ProcessEnv;
    nodeArgs?: string[];
    until?: keyof typeof READY_LINES;
  },
): Promise<ChildHandle> {
  const readyLine = READY_LINES[opts.until ?? 'started'];
  return spawnEntry({
    entry: join(ROOT, 'worker.ts'),
    env: {
      // info: readiness is read from its log lines
      LOG_LEVEL: 'info',
      DATABASE_URL: target.databaseUrl,
      TEMPORAL_ADDRESS: target.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      WORKFLOW_BUNDLE_PATH: target.workflowBundlePath,
      // no Gmail limiter unless the caller sets a budget
      GMAIL_QUOTA_UNITS_PER_MINUTE: '0',
      // many workers share the machine: any free port for /metrics, no SDK exporter, and no
      // namespace-wide reconciler schedule aimed at one test's task queue
      WORKER_METRICS_PORT: '0',
      WORKER_SDK_METRICS_PORT: '0',
      RECONCILE_EVERY_MINUTES: '0',
      ...WORKER_MALLOC_ENV,
      ...gmailEnvFor(target.emulator),
      ...opts.env,
    },
    ready: (out) => out.includes(readyLine),
    what: 'worker',
    ...(opts.nodeArgs ? { nodeArgs: opts.nodeArgs } : {}),
  });
}

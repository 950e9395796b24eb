import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { ActivityDeps } from '../activities/deps.js';
import { createActivities } from '../activities/index.js';
import { startWebhookDispatcher } from '../temporal/webhook-dispatcher.js';
import type { WorkerHandle } from './child-process.js';
import { installQuietRuntime } from './temporal-runtime.js';

/**
 * The same worker as `worker.ts` (activities from `createActivities`, the prebuilt bundle, the
 * webhook dispatcher), in this process: starts in a second instead of five, for tests whose fault
 * is not the worker itself.
 */
export async function startInProcessWorker(opts: {
  deps: ActivityDeps;
  client: Client;
  temporalAddress: string;
  taskQueue: string;
  workflowBundlePath: string;
  /** How often the webhook dispatcher scans the outbox. */
  sweepEveryMs: number;
}): Promise<WorkerHandle> {
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await Worker.create({
    connection,
    taskQueue: opts.taskQueue,
    workflowBundle: { codePath: opts.workflowBundlePath },
    activities: createActivities(opts.deps),
  });
  const dispatcher = await startWebhookDispatcher({
    sql: opts.deps.sql,
    client: opts.client,
    taskQueue: opts.taskQueue,
    log: opts.deps.log,
    sweepEveryMs: opts.sweepEveryMs,
    // a test's first attempts start within milliseconds of the wake: anything older was missed
    staleAfterMs: 2_000,
  });
  let done = false;
  let failure = '';
  const running = worker
    .run()
    .catch((err: unknown) => {
      failure = err instanceof Error ? err.message : String(err);
    })
    .finally(() => {
      done = true;
    });
  return {
    exited: () => done,
    output: () => (failure ? `worker failed: ${failure}` : ''),
    async kill(signal = 'SIGTERM') {
      if (signal === 'SIGKILL') throw new Error('an in-process worker cannot be SIGKILLed');
      await dispatcher.stop();
      if (!done) worker.shutdown();
      await running;
      // a worker never closes the connection it was given: left open, it keeps vitest from exiting
      await connection.close().catch(() => {});
    },
  };
}

import { WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage } from '@temporalio/client';
import { connectionWorkflowId, statusQuery, syncNowUpdate } from '../contracts/workflows.js';
import { sleep } from '../testing/wait-for.js';
import { type BenchConnection, mapLimit, startConnectionWorkflow } from './fixtures.js';
import type { BenchStack } from './setup.js';
import type { WorkerProcess } from './worker-process.js';

export interface IdleFanoutResult {
  connections: number;
  idleStartSeconds: number;
  /** 15 s after the last one answered: idle, the start-up burst's garbage collected */
  idleWorkerRssMb: number;
  /** 3 s after the last one answered (what the benchmark reported before 2026-12-02) */
  idleWorkerRssAfterStartMb: number;
  workerRssBeforeMb: number;
  fanoutSeconds: number;
  fanoutCompleted: number;
  fanoutFailed: number;
  fanoutWorkerPeakRssMb: number;
  /** seconds until the last of the M "sync now" updates was accepted (NaN: not all were, within the budget) */
  triggerSeconds: number;
}

/**
 * M connection workflows started (no initial sync, a week's interval) and waiting; the worker's RSS
 * then. Then "sync now" on all of them at once, and the time until every run has completed.
 */
export async function runIdleFanout(
  stack: BenchStack,
  conns: readonly BenchConnection[],
  worker: WorkerProcess,
  taskQueue: string,
  log: (line: string) => void,
  /** asked once the M workflows are idle: how long the fan-out may take */
  fanoutBudgetMs: () => number,
): Promise<IdleFanoutResult> {
  const before = await worker.memory();
  const started = await startIdleConnections(stack, conns, taskQueue, worker, { concurrency: 50 });
  const idleStartSeconds = started.startSeconds;
  log(
    `  ${conns.length} connection workflows started and waiting in ${idleStartSeconds.toFixed(1)} s; ` +
      `${started.answered} answered their status query`,
  );

  await worker.resetPeak();
  const sampler = worker.sample(250);
  const ids = conns.map((c) => c.connectionId);
  const t1 = performance.now();
  const deadline = Date.now() + fanoutBudgetMs();
  // all at once: every update is sent before any is awaited
  let accepted = 0;
  let triggerSeconds = Number.NaN;
  const refusals: unknown[] = [];
  const triggers = conns.map((c) =>
    acceptedSyncNow(stack, c.connectionId, deadline).then(
      () => {
        accepted += 1;
      },
      (err: unknown) => {
        refusals.push(err);
      },
    ),
  );
  void Promise.all(triggers).then(() => {
    triggerSeconds = (performance.now() - t1) / 1000;
  });
  let completed = 0;
  let failed = 0;
  for (;;) {
    const [row] = await stack.sql<{ completed: number; failed: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
             count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM sync_runs WHERE connection_id = ANY(${ids})`;
    completed = row!.completed;
    failed = row!.failed;
    if (completed + failed >= conns.length - refusals.length) break;
    if (Date.now() > deadline) {
      log(
        `  fan-out stopped by the time budget: ${completed} of ${conns.length} runs completed, ${accepted} triggers accepted`,
      );
      break;
    }
    await sleep(100);
  }
  if (refusals.length) log(`  ${refusals.length} sync-now updates were refused: ${String(refusals[0])}`);
  // the run row closes just before the child returns: wait until the parents have it as lastRun too
  if (completed + failed >= conns.length - refusals.length)
    await mapLimit(conns, 50, async (c) => {
      const handle = stack.client.workflow.getHandle(connectionWorkflowId(c.connectionId));
      while (Date.now() < deadline) {
        const s = await handle.query(statusQuery);
        if (s.lastRun && !s.currentRun) return;
        await sleep(100);
      }
    });
  const fanoutSeconds = (performance.now() - t1) / 1000;
  const sampledPeak = sampler.stop();
  const mem = await worker.memory();
  return {
    connections: conns.length,
    idleStartSeconds,
    idleWorkerRssMb: started.settledRssMb,
    idleWorkerRssAfterStartMb: started.afterStartRssMb,
    workerRssBeforeMb: before.rssMb,
    fanoutSeconds,
    fanoutCompleted: completed,
    fanoutFailed: failed,
    fanoutWorkerPeakRssMb: Math.max(sampledPeak, mem.peakMb),
    triggerSeconds,
  };
}

export interface StartedConnections {
  startSeconds: number;
  /** connections whose status query was answered: a workflow answers only once its first task ran */
  answered: number;
}

export interface IdleStart extends StartedConnections {
  /** worker RSS 3 s after the last one answered (what the benchmark reported before 2026-12-02) */
  afterStartRssMb: number;
  /** 15 s after: idle connections stay idle for hours, so the settled value is the one that matters */
  settledRssMb: number;
}

/** Starts one connection workflow per connection (no initial sync, a week's interval) and waits until each answers. */
export async function startConnections(
  stack: BenchStack,
  conns: readonly BenchConnection[],
  taskQueue: string,
  opts: { concurrency: number; onStarted?: (started: number) => void },
): Promise<StartedConnections> {
  const t0 = performance.now();
  let started = 0;
  await mapLimit(conns, opts.concurrency, async (c) => {
    await startConnectionWorkflow(stack, c, { taskQueue, initialSync: false });
    opts.onStarted?.(++started);
  });
  const answers = await mapLimit(conns, opts.concurrency, (c) =>
    stack.client.workflow
      .getHandle(connectionWorkflowId(c.connectionId))
      .query(statusQuery)
      .then(
        () => true,
        () => false,
      ),
  );
  return { startSeconds: (performance.now() - t0) / 1000, answered: answers.filter(Boolean).length };
}

/** `startConnections`, then the worker's RSS 3 s and 15 s after the last one answered. */
export async function startIdleConnections(
  stack: BenchStack,
  conns: readonly BenchConnection[],
  taskQueue: string,
  worker: WorkerProcess,
  opts: { concurrency: number; onStarted?: (started: number) => void },
): Promise<IdleStart> {
  const started = await startConnections(stack, conns, taskQueue, opts);
  await sleep(3000);
  const afterStart = await worker.memory();
  await sleep(12_000);
  const settled = await worker.memory();
  return { ...started, afterStartRssMb: afterStart.rssMb, settledRssMb: settled.rssMb };
}

/**
 * One "sync now", sent again with the same update id while the server answers that its RPC deadline
 * passed (a burst of 1000 queues workflow tasks past it): the id makes the retry the same update,
 * so a trigger is neither lost nor doubled. Any other refusal is the answer. Resolves to the
 * number of times it was sent again.
 */
export async function acceptedSyncNow(
  stack: BenchStack,
  connectionId: string,
  deadline: number,
): Promise<number> {
  const handle = stack.client.workflow.getHandle(connectionWorkflowId(connectionId));
  const updateId = `bench-sync-now-${connectionId}`;
  for (let retries = 0; ; retries++) {
    try {
      await handle.startUpdate(syncNowUpdate, { waitForStage: WorkflowUpdateStage.ACCEPTED, updateId });
      return retries;
    } catch (err) {
      if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) || Date.now() > deadline) throw err;
    }
  }
}

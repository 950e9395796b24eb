import { WorkflowNotFoundError } from '@temporalio/client';
import {
  connectionWorkflowId,
  pauseUpdate,
  type SyncResult,
  syncWorkflowId,
} from '../contracts/workflows.js';
import { sleep } from '../testing/wait-for.js';
import { type BenchConnection, startConnectionWorkflow } from './fixtures.js';
import { allExecutions, countByType, type TimeBreakdown, timeBreakdown } from './history.js';
import type { BenchStack } from './setup.js';
import type { WorkerProcess } from './worker-process.js';

export interface TemporalSyncResult {
  seconds: number;
  result: SyncResult;
  syncEvents: number;
  parentEvents: number;
  eventsByType: Record<string, number>;
  breakdown: TimeBreakdown;
  workerPeakRssMb: number;
  workerRssAfterMb: number;
}

/**
 * The real connection workflow's initial (full) sync of the label, on the dev server with one
 * worker process: from starting the connection workflow to the sync child's result.
 */
export async function runTemporalSync(
  stack: BenchStack,
  conn: BenchConnection,
  worker: WorkerProcess,
  taskQueue: string,
  deadlineMs: number,
): Promise<TemporalSyncResult> {
  await worker.resetPeak();
  const sampler = worker.sample(200);
  const t0 = performance.now();
  await startConnectionWorkflow(stack, conn, { taskQueue, initialSync: true });
  const childId = syncWorkflowId(conn.connectionId, 1);
  // past the time budget, pause the connection: its sync stops at the next page boundary, as the
  // direct loop does, and the rate is taken over the pages done
  const budget = setTimeout(() => {
    void stack.client.workflow
      .getHandle(connectionWorkflowId(conn.connectionId))
      .executeUpdate(pauseUpdate)
      .catch(() => {});
  }, deadlineMs);
  const result = await waitForResult<SyncResult>(stack, childId).finally(() => clearTimeout(budget));
  const seconds = (performance.now() - t0) / 1000;
  const sampledPeak = sampler.stop();
  const mem = await worker.memory();

  // let the parent record the child's completion before counting its events
  await sleep(500);
  const syncRuns = await allExecutions(stack.client, childId);
  const syncEvents = syncRuns.reduce((n, events) => n + events.length, 0);
  const parent = await allExecutions(stack.client, connectionWorkflowId(conn.connectionId));
  const parentEvents = parent.reduce((n, events) => n + events.length, 0);
  const all = [...syncRuns.flat(), ...parent.flat()];
  return {
    seconds,
    result,
    syncEvents,
    parentEvents,
    eventsByType: countByType(all),
    breakdown: timeBreakdown(syncRuns.flat()),
    workerPeakRssMb: Math.max(sampledPeak, mem.peakMb),
    workerRssAfterMb: mem.rssMb,
  };
}

/** The result of a workflow that may not have been started yet. */
export async function waitForResult<T>(
  stack: BenchStack,
  workflowId: string,
  timeoutMs = 300_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await stack.client.workflow.getHandle(workflowId).result()) as T;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || Date.now() > deadline) throw err;
      await sleep(20);
    }
  }
}

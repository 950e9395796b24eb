import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { RECONCILE_WORKFLOW_TYPE, type ReconcileInput } from '../contracts/workflows.js';

export interface ReconcilerSchedule {
  scheduleId: string;
  taskQueue: string;
  everyMinutes: number;
}

/**
 * Creates the reconciler's Temporal Schedule unless it exists (every worker calls this at startup,
 * so it is idempotent; an existing schedule is left as it is: change it with `temporal schedule
 * update`, or delete it and restart a worker). Passes never overlap, and one missed while Temporal
 * was down is not made up: the next pass does the same work.
 */
export async function ensureReconcilerSchedule(
  client: Client,
  opts: ReconcilerSchedule,
): Promise<'created' | 'existed'> {
  try {
    await client.schedule.create({
      scheduleId: opts.scheduleId,
      spec: { intervals: [{ every: `${opts.everyMinutes} minutes` }] },
      action: {
        type: 'startWorkflow',
        workflowType: RECONCILE_WORKFLOW_TYPE,
        workflowId: opts.scheduleId,
        taskQueue: opts.taskQueue,
        args: [{} satisfies ReconcileInput],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: {
        note: 'self-healing: every connection in Postgres has its connection workflow (docs/observability.md)',
      },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'existed';
    throw err;
  }
}

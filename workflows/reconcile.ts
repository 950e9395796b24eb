import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ReconcileInput, ReconcilePage, ReconcileTally } from '../contracts/workflows.js';

const reconcile = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

const DEFAULT_PAGE = 100;

/**
 * The self-healing pass (started by the `connections-reconciler` schedule every few minutes):
 * pages through every connection in Postgres and has an activity make Temporal agree with it —
 * a missing connection workflow started again from the row, a disconnected one's ended. Only
 * counts enter the history.
 */
export async function reconcileConnectionsWorkflow(input: ReconcileInput = {}): Promise<ReconcileTally> {
  const limit = input.pageSize ?? DEFAULT_PAGE;
  const tally: ReconcileTally = { checked: 0, started: 0, stopped: 0 };
  for (let afterId: string | null = null; ; ) {
    const page: ReconcilePage = await reconcile.reconcileConnections({ afterId, limit });
    tally.checked += page.checked;
    tally.started += page.started;
    tally.stopped += page.stopped;
    if (page.lastId === null || page.checked < limit) break;
    afterId = page.lastId;
  }
  setCurrentDetails(
    `**done** — ${tally.checked} connection(s) checked, ${tally.started} workflow(s) started again, ${tally.stopped} stopped`,
  );
  return tally;
}

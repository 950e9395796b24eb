import { connectionWorkflowId, syncWorkflowId } from '../contracts/workflows.js';
import { QUOTA_TABLES } from '../gmail/quota-table.js';
import { unitsSpent } from '../testing/gmail-units.js';
import { sleep } from '../testing/wait-for.js';
import { type BenchConnection, startConnectionWorkflow } from './fixtures.js';
import type { BenchStack } from './setup.js';

/** The table the quota phase's worker runs with (GMAIL_QUOTA_TABLE), and its costs. */
export const QUOTA_TABLE = '2026';
export const QUOTA_COSTS = QUOTA_TABLES[QUOTA_TABLE].costs;

export interface QuotaResult {
  /** the per-mailbox budget (GMAIL_QUOTA_UNITS_PER_MINUTE) */
  unitsPerMinute: number;
  windowSeconds: number;
  calls: number;
  callsPerSecond: number;
  /** messages.get units per second ÷ the budget's per-second share (÷ 60), in percent */
  heldPct: number;
  /** all Gmail calls (list, profile, labels too) in the window, in units per second */
  allUnitsPerSecond: number;
}

/**
 * With the worker's Gmail quota limiter on (GMAIL_QUOTA_UNITS_PER_MINUTE), a full sync of the big
 * label: the emulator's call log gives the `messages.get` rate over a steady window (after the
 * bucket's initial burst has drained). The run is stopped after the window.
 */
export async function runQuota(
  stack: BenchStack,
  conn: BenchConnection,
  taskQueue: string,
  opts: { unitsPerMinute: number; warmupSeconds: number; windowSeconds: number },
): Promise<QuotaResult> {
  const since = Date.now();
  await startConnectionWorkflow(stack, conn, { taskQueue, initialSync: true });
  // the window opens warmupSeconds after the first messages.get
  let first: number | undefined;
  while (first === undefined) {
    first = stack.emulator.faults.calls({ kind: 'messages.get', since })[0]?.at;
    if (first === undefined) await sleep(50);
  }
  const from = first + opts.warmupSeconds * 1000;
  const to = from + opts.windowSeconds * 1000;
  await sleep(Math.max(0, to - Date.now()) + 200);
  const inWindow = stack.emulator.faults.calls({ since: from }).filter((c) => c.at < to);
  const getTimes = inWindow.filter((c) => c.kind === 'messages.get').map((c) => c.at);
  const gets = getTimes.length;
  const units = unitsSpent(stack.emulator, { since: from, until: to, table: QUOTA_TABLE }).reduce(
    (sum, c) => sum + c.units,
    0,
  );
  // stop the run: it would take N / 5 seconds at 6000 units a minute
  await stack.client.workflow
    .getHandle(connectionWorkflowId(conn.connectionId))
    .terminate('benchmark window done')
    .catch(() => {});
  await stack.client.workflow
    .getHandle(syncWorkflowId(conn.connectionId, 1))
    .terminate('benchmark window done')
    .catch(() => {});
  // calls per second between the first and the last call of the window: a count over a fixed window
  // would gain or lose a call at either edge (±1 % per call at 5 calls/s over 20 s)
  const span = (getTimes.at(-1)! - getTimes[0]!) / 1000;
  const callsPerSecond = gets > 1 && span > 0 ? (gets - 1) / span : gets / opts.windowSeconds;
  return {
    unitsPerMinute: opts.unitsPerMinute,
    windowSeconds: opts.windowSeconds,
    calls: gets,
    callsPerSecond,
    heldPct: ((callsPerSecond * QUOTA_COSTS['messages.get']) / (opts.unitsPerMinute / 60)) * 100,
    allUnitsPerSecond: units / opts.windowSeconds,
  };
}

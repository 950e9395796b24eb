import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statusQuery } from '../../contracts/workflows.js';
import { bucketShape } from '../../gmail/quota.js';
import { QUOTA_TABLES } from '../../gmail/quota-table.js';
import type { ChildHandle } from '../../testing/child-process.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../testing/connections.js';
import { unitsSpent } from '../../testing/gmail-units.js';
import { confirmations } from '../../testing/mail.js';
import { spawnWorker } from '../../testing/worker-process.js';
import { type Stack, useStack } from '../support/stack.js';

let stack: Stack;
useStack(
  (s) => {
    stack = s;
  },
  { worker: false },
);

const BUDGET = 2_400;
const COSTS = QUOTA_TABLES['2026'].costs;

describe('three worker processes on one task queue', () => {
  it("spend one mailbox's budget together, not three times over", async () => {
    // two connections of one mailbox (the emulator's default user), in two workspaces
    const conns = [
      await createConnectedConnection(stack, { label: 'QuotaA', workspaceName: 'quota a' }),
      await createConnectedConnection(stack, { label: 'QuotaB', workspaceName: 'quota b' }),
    ];
    for (const conn of conns) await deliver(stack, conn.label, confirmations(12));
    const taskQueue = `quota-${randomBytes(4).toString('hex')}`;
    const env = { GMAIL_QUOTA_TABLE: '2026', GMAIL_QUOTA_UNITS_PER_MINUTE: String(BUDGET) };
    const workers: ChildHandle[] = [];
    try {
      for (let i = 0; i < 3; i++) workers.push(await spawnWorker(stack, { taskQueue, env }));
      const since = Date.now();
      const handles = await Promise.all(
        conns.map((conn) => startConnectionWorkflow(stack, conn, { taskQueue, pageSize: 3 })),
      );
      for (const handle of handles)
        await expect
          .poll(async () => (await handle.query(statusQuery)).lastRun?.status, {
            timeout: 90_000,
            interval: 250,
          })
          .toBe('completed');
      const calls = unitsSpent(stack.emulator, { since, table: '2026' });
      expect(calls.filter((c) => c.method === 'messages.get')).toHaveLength(24);
      // all the units, over the span they were spent in: one bucket's worth (the dearest call's
      // worth of slack for the time a request takes to arrive)
      const { burst, ratePerSecond, leaseSeconds } = bucketShape({ unitsPerMinute: BUDGET, costs: COSTS });
      const span = (Math.max(...calls.map((c) => c.at)) - Math.min(...calls.map((c) => c.at))) / 1000;
      const units = calls.reduce((sum, c) => sum + c.units, 0);
      expect(units).toBeLessThanOrEqual(
        burst + ratePerSecond * (span + leaseSeconds) + COSTS['messages.get'],
      );
      for (const handle of handles) await handle.terminate();
    } finally {
      for (const worker of workers) await worker.kill('SIGTERM');
    }
  });
});

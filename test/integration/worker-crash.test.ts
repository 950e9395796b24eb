import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../testing/connections.js';
import { confirmations } from '../../testing/mail.js';
import { spawnWorker } from '../../testing/worker-process.js';
import { expectArchivedOnce, untilStatus } from '../support/connection-status.js';
import { type Stack, useStack } from '../support/stack.js';

let stack: Stack;
useStack(
  (s) => {
    stack = s;
  },
  { worker: false },
);

describe('a worker killed mid-sync', () => {
  it('is replaced and every message is archived exactly once', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Crash' });
    const ids = await deliver(stack, conn.label, confirmations(30));
    const taskQueue = `crash-${randomBytes(4).toString('hex')}`;
    stack.emulator.faults.latency(150, ['messages.get']);
    let worker = await spawnWorker(stack, { taskQueue });
    try {
      const handle = await startConnectionWorkflow(stack, conn, { taskQueue, pageSize: 5 });
      await untilStatus(handle, (s) => (s.currentRun?.pagesDone ?? 0) >= 2, 30_000);
      await worker.kill('SIGKILL');
      const archivedAtCrash = await count(conn.connectionId);
      expect(archivedAtCrash).toBeLessThan(30);

      worker = await spawnWorker(stack, { taskQueue });
      await untilStatus(handle, (s) => s.lastRun?.status === 'completed', 90_000);

      await expectArchivedOnce(stack.sql, conn.connectionId, ids);
      const facts = await stack.sql<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM reservation_facts WHERE connection_id = ${conn.connectionId}`;
      expect(facts[0]!.n).toBe(30);
      const runs =
        await stack.sql`SELECT status, emails_archived FROM sync_runs WHERE connection_id = ${conn.connectionId}`;
      expect(runs).toEqual([{ status: 'completed', emails_archived: 30 }]);
      await handle.terminate();
    } finally {
      stack.emulator.faults.clear();
      await worker.kill('SIGTERM');
    }
  });
});

async function count(connectionId: string): Promise<number> {
  const [row] = await stack.sql<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM gmail_messages WHERE connection_id = ${connectionId}`;
  return row!.n;
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statusQuery } from '../../contracts/workflows.js';
import { createConnectedConnection, deliver, startConnectionWorkflow } from '../../testing/connections.js';
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

describe('a worker killed mid-sync', () => {
  it('is replaced and every message is archived exactly once', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Crash' });
    const ids = await deliver(stack, conn.label, confirmations(30));
    const taskQueue = `crash-${randomBytes(4).toString('hex')}`;
    stack.emulator.faults.latency(150, ['messages.get']);
    let worker = await spawnWorker(stack, { taskQueue });
    try {
      const handle = await startConnectionWorkflow(stack, conn, { taskQueue, pageSize: 5 });
      await expect
        .poll(async () => (await handle.query(statusQuery)).currentRun?.pagesDone ?? 0, {
          timeout: 30_000,
          interval: 100,
        })
        .toBeGreaterThanOrEqual(2);
      await worker.kill('SIGKILL');
      const archivedAtCrash = await count(conn.connectionId);
      expect(archivedAtCrash).toBeLessThan(30);

      worker = await spawnWorker(stack, { taskQueue });
      await expect
        .poll(async () => (await handle.query(statusQuery)).lastRun?.status, {
          timeout: 90_000,
          interval: 250,
        })
        .toBe('completed');

      const rows = await stack.sql<{ gmail_message_id: string; n: number }[]>`
        SELECT gmail_message_id, count(*)::int AS n FROM gmail_messages WHERE connection_id = ${conn.connectionId} GROUP BY 1`;
      expect(rows.map((r) => r.gmail_message_id).sort()).toEqual([...ids].sort());
      expect(rows.every((r) => r.n === 1)).toBe(true);
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

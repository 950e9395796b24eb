import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { statusQuery } from '../../contracts/workflows.js';
import type { ChildHandle } from '../../testing/child-process.js';
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

const queue = () => `shutdown-${randomBytes(4).toString('hex')}`;

/**
 * Ctrl-C under `npm run dev`: the terminal sends SIGINT to every process of the group, and the dev
 * supervisor follows with SIGTERM to its children a moment later. Resolves with how the process ended.
 */
async function ctrlC(worker: ChildHandle) {
  const exit = once(worker.process, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  worker.process.kill('SIGINT');
  worker.process.kill('SIGTERM');
  const [code, signal] = await exit;
  return { code, signal, stderr: worker.errors(), output: worker.output() };
}

const CLEAN = { code: 0, signal: null, stderr: '' };

describe('a worker told to stop', () => {
  it('exits cleanly when the signals come during start-up', async () => {
    const worker = await spawnWorker(stack, { taskQueue: queue(), until: 'starting' });
    try {
      const ended = await ctrlC(worker);
      expect({ code: ended.code, signal: ended.signal, stderr: ended.stderr }).toEqual(CLEAN);
      expect(ended.output).toContain('worker stopped');
    } finally {
      await worker.kill();
    }
  });

  it('exits cleanly when the signals come just after it started', async () => {
    const worker = await spawnWorker(stack, { taskQueue: queue() });
    try {
      const ended = await ctrlC(worker);
      expect({ code: ended.code, signal: ended.signal, stderr: ended.stderr }).toEqual(CLEAN);
      expect(ended.output).toContain('already stopping');
    } finally {
      await worker.kill();
    }
  });

  it('exits cleanly mid-sync, and the next worker finishes the run with every message archived once', async () => {
    const conn = await createConnectedConnection(stack, { label: 'Shutdown' });
    const ids = await deliver(stack, conn.label, confirmations(20));
    const taskQueue = queue();
    stack.emulator.faults.latency(150, ['messages.get']);
    let worker = await spawnWorker(stack, { taskQueue });
    try {
      const handle = await startConnectionWorkflow(stack, conn, { taskQueue, pageSize: 5 });
      await expect
        .poll(async () => (await handle.query(statusQuery)).currentRun?.pagesDone ?? 0, {
          timeout: 30_000,
          interval: 100,
        })
        .toBeGreaterThanOrEqual(1);
      const ended = await ctrlC(worker);
      expect({ code: ended.code, signal: ended.signal, stderr: ended.stderr }).toEqual(CLEAN);

      worker = await spawnWorker(stack, { taskQueue });
      await expect
        .poll(async () => (await handle.query(statusQuery)).lastRun?.status, {
          timeout: 90_000,
          interval: 250,
        })
        .toBe('completed');
      const rows = await stack.sql<{ gmail_message_id: string; n: number }[]>`
        SELECT gmail_message_id, count(*)::int AS n FROM gmail_messages
        WHERE connection_id = ${conn.connectionId} GROUP BY 1`;
      expect(rows.map((r) => r.gmail_message_id).sort()).toEqual([...ids].sort());
      expect(rows.every((r) => r.n === 1)).toBe(true);
      await handle.terminate();
    } finally {
      stack.emulator.faults.clear();
      await worker.kill('SIGTERM');
    }
  });
});

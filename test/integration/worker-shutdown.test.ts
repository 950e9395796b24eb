import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ChildHandle } from '../../testing/child-process.js';
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
  it.each([
    ['during start-up', 'starting', 'worker stopped'],
    ['just after it started', 'started', 'already stopping'],
  ] as const)('exits cleanly when the signals come %s', async (_when, until, says) => {
    const worker = await spawnWorker(stack, { taskQueue: queue(), until });
    try {
      const ended = await ctrlC(worker);
      expect({ code: ended.code, signal: ended.signal, stderr: ended.stderr }).toEqual(CLEAN);
      expect(ended.output).toContain(says);
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
      await untilStatus(handle, (s) => (s.currentRun?.pagesDone ?? 0) >= 1, 30_000);
      const ended = await ctrlC(worker);
      expect({ code: ended.code, signal: ended.signal, stderr: ended.stderr }).toEqual(CLEAN);

      worker = await spawnWorker(stack, { taskQueue });
      await untilStatus(handle, (s) => s.lastRun?.status === 'completed', 90_000);
      await expectArchivedOnce(stack.sql, conn.connectionId, ids);
      await handle.terminate();
    } finally {
      stack.emulator.faults.clear();
      await worker.kill('SIGTERM');
    }
  });
});

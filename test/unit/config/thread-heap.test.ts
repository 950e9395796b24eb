import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { setThreadSemiSpace } from '../../../config/thread-heap.js';

/** A thread that churns through short-lived objects and reports the largest its young generation grew. */
function youngGenerationMb(): Promise<number> {
  const code = `
    const { getHeapSpaceStatistics } = require('node:v8');
    const { parentPort } = require('node:worker_threads');
    let max = 0;
    for (let i = 0; i < 400; i++) {
      const garbage = Array.from({ length: 20000 }, (_, j) => ({ i, j, s: 'x' + j }));
      const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      max = Math.max(max, space.space_size);
    }
    parentPort.postMessage(max / 1048576);
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (mb: number) => {
      resolve(mb);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('setThreadSemiSpace', () => {
  it('caps the young generation of the threads started after it, and 0 leaves V8 its default', async () => {
    setThreadSemiSpace(0);
    const before = await youngGenerationMb();
    setThreadSemiSpace(2);
    const after = await youngGenerationMb();
    // new space is two semi-spaces; V8's default lets them grow to 16 MB each under this churn
    expect(before).toBeGreaterThan(8);
    expect(after).toBeLessThanOrEqual(4);
  });
});

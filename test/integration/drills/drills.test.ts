import { describe, it } from 'vitest';
import type { DrillEnv } from '../../../testing/drills/harness.js';
import { SCENARIOS } from '../../../testing/drills/scenarios.js';
import { sharedServers } from '../../support/stack.js';

// Fault drills (issue #6): each scenario breaks something mid-sync, lets the system recover, then
// checks the same invariants (testing/drills/invariants.ts). `npm run drills` runs the same
// table outside vitest. DRILLS_VERBOSE=1 prints each drill's outcome and numbers.
const env: DrillEnv = {
  ...sharedServers(),
  log: process.env.DRILLS_VERBOSE
    ? (l) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`)
    : undefined,
};

// Drills spend most of their time waiting (heartbeat timeouts, a stopped server, Retry-After), so
// two lanes run side by side; within a lane, one drill at a time. A drill's timeout covers the
// drills queued before it in its lane.
const lanes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
const queuedMs = [0, 0];

describe.concurrent('fault drills', () => {
  for (const scenario of SCENARIOS) {
    const timeout = queuedMs[scenario.lane]! + scenario.timeoutMs;
    queuedMs[scenario.lane] = timeout;
    it(
      `${scenario.name}: ${scenario.fault}`,
      async ({ expect }) => {
        // taken when the test starts, so a drill filtered out with -t holds nobody up
        const previous = lanes[scenario.lane]!;
        let release!: () => void;
        lanes[scenario.lane] = new Promise<void>((resolve) => {
          release = resolve;
        });
        await previous;
        try {
          const result = await scenario.run(env);
          expect(result.violations, JSON.stringify(result.details)).toEqual([]);
        } finally {
          release();
        }
      },
      timeout,
    );
  }
});

import { describe, expect, inject, it } from 'vitest';
import type { DrillEnv } from '../../support/drills/infra.js';
import { SCENARIOS } from '../../support/drills/scenarios.js';

// Fault drills (issue #6): each scenario breaks something mid-sync, lets the system recover, then
// checks the same invariants (test/support/drills/invariants.ts). `npm run drills` runs this table too.
const env: DrillEnv = {
  temporalAddress: inject('temporalAddress'),
  databaseUrl: inject('databaseUrl'),
  workflowBundlePath: inject('workflowBundlePath'),
  scratchDir: inject('scratchDir'),
  log: process.env.DRILLS_VERBOSE ? (l) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`) : undefined,
};

describe('fault drills', () => {
  for (const scenario of SCENARIOS) {
    it(
      `${scenario.name}: ${scenario.fault}`,
      async () => {
        const result = await scenario.run(env);
        expect(result.violations, JSON.stringify(result.details)).toEqual([]);
      },
      scenario.timeoutMs,
    );
  }
});

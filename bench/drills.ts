/**
 * `npm run drills [-- NAME_FILTER…]`: the fault drills (testing/drills, which vitest runs in
 * test/integration/drills) against a Temporal dev server and a Postgres of their own, printed as a
 * table scenario | outcome | time | details. Exit code 1 when a drill fails. DRILLS_VERBOSE=1 shows progress.
 */
import type { DrillEnv } from '../testing/drills/harness.js';
import { type DrillResult, SCENARIOS } from '../testing/drills/scenarios.js';
import { startServers } from '../testing/servers.js';
import { formatTable } from './drills/table.js';

const verbose = Boolean(process.env.DRILLS_VERBOSE);
const log = (line: string) => {
  if (verbose) console.error(`${new Date().toISOString().slice(11, 23)} ${line}`);
};

async function main() {
  const filters = process.argv.slice(2).map((f) => f.toLowerCase());
  const scenarios = SCENARIOS.filter(
    (s) => filters.length === 0 || filters.some((f) => s.name.toLowerCase().includes(f)),
  );
  if (scenarios.length === 0) {
    console.error(
      `no drill matches ${filters.join(', ')}; drills: ${SCENARIOS.map((s) => s.name).join('; ')}`,
    );
    process.exit(2);
  }

  const startedAt = Date.now();
  console.error('starting Temporal, Postgres and the workflow bundle');
  const servers = await startServers({ name: 'drills', temporalLog: log });
  process.once('SIGINT', () => void servers.stop().then(() => process.exit(130)));

  const results: DrillResult[] = [];
  try {
    const env: DrillEnv = { ...servers, log };
    console.error(
      `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (scratch: ${servers.scratchDir}); ${scenarios.length} drill(s)\n`,
    );
    for (const scenario of scenarios) {
      console.error(`▶ ${scenario.name}: ${scenario.fault}`);
      const result = await scenario.run(env);
      console.error(`  ${result.ok ? 'passed' : 'FAILED'} in ${(result.ms / 1000).toFixed(1)} s`);
      results.push(result);
    }
  } finally {
    await servers.stop();
  }

  console.log(`\n${formatTable(results)}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    `\n${results.length - failed} passed, ${failed} failed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

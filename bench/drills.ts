/**
 * `npm run drills [-- NAME_FILTER…]`: the fault drills of test/integration/drills outside vitest,
 * against a Temporal dev server and a Postgres of their own, printed as a table
 * scenario | outcome | time | details. Exit code 1 when a drill fails. DRILLS_VERBOSE=1 shows progress.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { startDevTemporal } from '../dev/temporal-server.js';
import { createTemplate, type DrillEnv, freePort } from '../test/support/drills/infra.js';
import { type DrillResult, SCENARIOS } from '../test/support/drills/scenarios.js';
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
  const scratchDir = await mkdtemp(join(tmpdir(), 'connections-drills-'));
  console.error(`starting Temporal, Postgres and the workflow bundle (scratch: ${scratchDir})`);
  const temporal = await startDevTemporal({
    dataDir: join(scratchDir, 'temporal'),
    port: await freePort(),
    uiPort: await freePort(),
    log,
  });
  const stops: (() => Promise<unknown>)[] = [() => temporal.stop()];
  const cleanup = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await rm(scratchDir, { recursive: true, force: true }).catch(() => {});
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  const results: DrillResult[] = [];
  try {
    const [postgres, bundlePath] = await Promise.all([
      startEmbeddedPostgres({ dataDir: join(scratchDir, 'postgres'), port: await freePort() }),
      buildBundle(scratchDir),
    ]);
    stops.push(() => postgres.stop());
    await createTemplate(postgres.url);
    const env: DrillEnv = {
      temporalAddress: temporal.address,
      databaseUrl: postgres.url,
      workflowBundlePath: bundlePath,
      scratchDir,
      log,
    };
    console.error(
      `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${scenarios.length} drill(s)\n`,
    );
    for (const scenario of scenarios) {
      console.error(`▶ ${scenario.name}: ${scenario.fault}`);
      const result = await scenario.run(env);
      console.error(`  ${result.ok ? 'passed' : 'FAILED'} in ${(result.ms / 1000).toFixed(1)} s`);
      results.push(result);
    }
  } finally {
    await cleanup();
  }

  console.log(`\n${formatTable(results)}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    `\n${results.length - failed} passed, ${failed} failed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  process.exit(failed ? 1 : 0);
}

async function buildBundle(scratchDir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: new URL('../workflows/index.ts', import.meta.url).pathname,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  const path = join(scratchDir, 'workflow-bundle.js');
  await writeFile(path, code);
  return path;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

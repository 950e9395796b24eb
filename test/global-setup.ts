import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { startPostgresServer } from '../testing/servers.js';
import { buildWorkflowBundle } from '../testing/workflow-bundle.js';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    workflowBundlePath: string;
    scratchDir: string;
  }
}

/**
 * One Temporal dev server, one Postgres and one workflow bundle for the whole run.
 * Each test file then clones its own database from the migrated template (testing/template-database.ts);
 * DATABASE_URL, when set, is a Postgres of CI's own to use instead of an embedded one.
 */
export default async function setup(project: TestProject) {
  const scratchDir = await mkdtemp(join(tmpdir(), 'connections-test-'));
  // the SDK gives the dev server 5 s to answer: start it before the CPU-heavy bundle build
  const temporal = await startTemporal();
  const [postgres, bundlePath] = await Promise.all([
    startPostgresServer(scratchDir, process.env.DATABASE_URL),
    buildWorkflowBundle(scratchDir),
  ]);
  project.provide('temporalAddress', temporal.address);
  project.provide('databaseUrl', postgres.url);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('scratchDir', scratchDir);

  return async () => {
    await temporal.teardown().catch(() => {});
    // the native runtime keeps threads alive that would hold the vitest process open
    await Runtime.instance()
      .shutdown()
      .catch(() => {});
    await postgres.stop().catch(() => {});
    await rm(scratchDir, { recursive: true, force: true }).catch(() => {});
  };
}

async function startTemporal() {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveTemporalCli((l) => console.log(l)) },
      searchAttributes: SEARCH_ATTRIBUTES,
      // a low threshold so continue-as-new is exercised by the tests, not only in theory
      extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=400'],
      log: { format: 'json', level: 'never' },
    },
  });
}

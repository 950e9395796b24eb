import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { DEV_PUSH_PROJECT, findPubSubEmulator, startPubSubEmulator } from '../dev/push/index.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { freePort } from '../testing/ports.js';
import { startPostgresServer } from '../testing/servers.js';
import { buildWorkflowBundle } from '../testing/workflow-bundle.js';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    workflowBundlePath: string;
    scratchDir: string;
    /** `127.0.0.1:<port>` of the run's Pub/Sub emulator; '' where it is not installed. */
    pubsubEmulatorHost: string;
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
  const [postgres, bundlePath, pubsub] = await Promise.all([
    startPostgresServer(scratchDir, process.env.DATABASE_URL),
    buildWorkflowBundle(scratchDir),
    startPubSub(),
  ]);
  project.provide('temporalAddress', temporal.address);
  project.provide('databaseUrl', postgres.url);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('scratchDir', scratchDir);
  project.provide('pubsubEmulatorHost', pubsub?.host ?? '');

  return async () => {
    await pubsub?.stop().catch(() => {});
    await temporal.teardown().catch(() => {});
    // the native runtime keeps threads alive that would hold the vitest process open
    await Runtime.instance()
      .shutdown()
      .catch(() => {});
    await postgres.stop().catch(() => {});
    await rm(scratchDir, { recursive: true, force: true }).catch(() => {});
  };
}

/**
 * The Pub/Sub emulator where it is installed (the push tests then go through it), once per run;
 * where it is not, the push tests use the Gmail emulator's direct path. Says which.
 */
async function startPubSub() {
  const gcloud = findPubSubEmulator();
  if (!gcloud) {
    console.log('[push] Pub/Sub emulator not installed: push tests post through the Gmail emulator directly');
    return null;
  }
  const emulator = await startPubSubEmulator({ gcloud, port: await freePort(), project: DEV_PUSH_PROJECT });
  console.log(`[push] Pub/Sub emulator on ${emulator.host}: push tests go through it`);
  return emulator;
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

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Runtime } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { connectDb } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrate } from '../db/migrate.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { TEMPLATE_DB, withDatabase } from './support/database-url.js';

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
 * Each test file then creates its own database from a migrated template (test/support/database.ts).
 */
export default async function setup(project: TestProject) {
  const scratchDir = await mkdtemp(join(tmpdir(), 'connections-test-'));
  // the SDK gives the dev server 5 s to answer: start it before the CPU-heavy bundle build
  const temporal = await startTemporal();
  const [postgres, bundlePath] = await Promise.all([
    startPostgres(scratchDir),
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

async function startPostgres(scratchDir: string) {
  if (process.env.DATABASE_URL) {
    await createTemplate(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, stop: async () => {} };
  }
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const pg = await startEmbeddedPostgres({ dataDir: join(scratchDir, 'postgres'), port });
  await createTemplate(pg.url);
  return pg;
}

async function createTemplate(url: string) {
  const admin = connectDb(url, { max: 1 });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const template = connectDb(withDatabase(url, TEMPLATE_DB), { max: 1 });
  try {
    await migrate(template);
  } finally {
    await template.end();
  }
}

async function buildWorkflowBundle(scratchDir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: new URL('../workflows/index.ts', import.meta.url).pathname,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  const path = join(scratchDir, 'workflow-bundle.js');
  await writeFile(path, code);
  return path;
}

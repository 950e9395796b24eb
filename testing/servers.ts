import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { startDevTemporal } from '../dev/temporal-server.js';
import { freePort } from './ports.js';
import type { SharedServers } from './stack.js';
import { createTemplate } from './template-database.js';
import { buildWorkflowBundle } from './workflow-bundle.js';

export interface Servers extends SharedServers {
  scratchDir: string;
  /** Stops both servers and removes the scratch folder. */
  stop(): Promise<void>;
}

/**
 * A Postgres server with the migrated template on it: the one at `externalUrl` when given (CI's
 * own Postgres, left running), else an embedded one under `scratchDir`.
 */
export async function startPostgresServer(
  scratchDir: string,
  externalUrl?: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  if (externalUrl) {
    await createTemplate(externalUrl);
    return { url: externalUrl, stop: async () => {} };
  }
  const pg = await startEmbeddedPostgres({ dataDir: join(scratchDir, 'postgres'), port: await freePort() });
  await createTemplate(pg.url);
  return pg;
}

/**
 * One Temporal CLI dev server (search attributes registered), one Postgres with the template and
 * one workflow bundle, in a scratch folder of their own: what `npm run bench` and `npm run drills`
 * share, as vitest's global setup does for the test files.
 */
export async function startServers(opts: {
  /** Names the scratch folder: connections-<name>-… */
  name: string;
  /** The Temporal server's own log lines. */
  temporalLog?: (line: string) => void;
}): Promise<Servers> {
  const scratchDir = await mkdtemp(join(tmpdir(), `connections-${opts.name}-`));
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    await rm(scratchDir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    // Temporal first: the SDK gives the server a few seconds, before the CPU-heavy bundle build
    const temporal = await startDevTemporal({
      dataDir: join(scratchDir, 'temporal'),
      port: await freePort(),
      uiPort: await freePort(),
      log: (l) => opts.temporalLog?.(`[temporal] ${l}`),
    });
    stops.push(temporal.stop);
    const [postgres, workflowBundlePath] = await Promise.all([
      startPostgresServer(scratchDir),
      buildWorkflowBundle(scratchDir),
    ]);
    stops.push(postgres.stop);
    return {
      temporalAddress: temporal.address,
      databaseUrl: postgres.url,
      workflowBundlePath,
      scratchDir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

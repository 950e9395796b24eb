import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import type { ActivityDeps } from '../activities/deps.js';
import { connectDb, type Sql } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrate } from '../db/migrate.js';
import { type GmailEmulator, startGmailEmulator } from '../dev/gmail/emulator.js';
import { startDevTemporal } from '../dev/temporal-server.js';
import type { GmailSettings } from '../gmail/client.js';
import { QuotaBuckets } from '../gmail/quota.js';
import { TokenCipher } from '../security/token-cipher.js';

/** Everything the phases share: one Temporal dev server, one Postgres, one Gmail emulator. */
export interface BenchStack {
  dir: string;
  temporalAddress: string;
  databaseUrl: string;
  sql: Sql;
  emulator: GmailEmulator;
  client: Client;
  workflowBundlePath: string;
  keyId: string;
  key: string;
  gmailSettings: GmailSettings;
  /** Activity deps for this process (fixtures use `storeTokens`; the direct run builds its own). */
  deps: ActivityDeps;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function gmailSettingsFor(emulator: GmailEmulator): GmailSettings {
  return {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    redirectUri: 'http://127.0.0.1/oauth/callback',
    apiRootUrl: emulator.url,
    authUrl: `${emulator.url}/o/oauth2/v2/auth`,
    tokenUrl: `${emulator.url}/oauth2/token`,
  };
}

export async function startStack(log: (line: string) => void): Promise<BenchStack> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = await mkdtemp(join(tmpdir(), 'connections-bench-'));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [temporalPort, uiPort, pgPort] = [await freePort(), await freePort(), await freePort()];
    // Temporal first: the SDK gives the server a few seconds, before the CPU-heavy bundle build
    const temporal = await startDevTemporal({
      dataDir: join(dir, 'temporal'),
      port: temporalPort,
      uiPort,
      log: (l) => (process.env.BENCH_VERBOSE ? log(`[temporal] ${l}`) : undefined),
    });
    stops.push(temporal.stop);
    log(`Temporal dev server ${temporal.address}`);
    const [pg, workflowBundlePath] = await Promise.all([
      startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: pgPort }),
      buildBundle(dir),
    ]);
    stops.unshift(pg.stop);
    const admin = connectDb(pg.url, { max: 1 });
    await admin.unsafe('CREATE DATABASE bench');
    await admin.end();
    const url = new URL(pg.url);
    url.pathname = '/bench';
    const databaseUrl = url.toString();
    const sql = connectDb(databaseUrl, { max: 10 });
    await migrate(sql);
    stops.unshift(() => sql.end({ timeout: 5 }));
    log(`Postgres ${pg.url.replace(/:[^:@/]+@/, ':***@')}, workflow bundle built`);

    const emulator = await startGmailEmulator({ port: 0 });
    stops.unshift(emulator.stop);
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    stops.unshift(() => client.connection.close());
    const keyId = 'bench-1';
    const key = randomBytes(32).toString('base64');
    const gmailSettings = gmailSettingsFor(emulator);
    const deps: ActivityDeps = {
      sql,
      cipher: new TokenCipher(keyId, { [keyId]: key }),
      gmailSettings,
      quota: new QuotaBuckets(0),
      log: pino({ level: 'silent' }),
      archiveConcurrency: 10,
    };
    return {
      dir,
      temporalAddress: temporal.address,
      databaseUrl,
      sql,
      emulator,
      client,
      workflowBundlePath,
      keyId,
      key,
      gmailSettings,
      deps,
      async stop() {
        for (const stop of stops) await stop().catch(() => {});
        await rm(dir, { recursive: true, force: true }).catch(() => {});
      },
    };
  } catch (err) {
    for (const stop of stops) await stop().catch(() => {});
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}

async function buildBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  const path = join(dir, 'workflow-bundle.js');
  await writeFile(path, code);
  return path;
}

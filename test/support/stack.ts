import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities/deps.js';
import { createActivities } from '../../activities/index.js';
import type { Sql } from '../../db/client.js';
import { type GmailEmulator, startGmailEmulator } from '../../dev/gmail/emulator.js';
import type { GmailSettings } from '../../gmail/client.js';
import { QuotaBuckets } from '../../gmail/quota.js';
import { TokenCipher } from '../../security/token-cipher.js';
import { createTestDatabase } from './database.js';

export interface Stack {
  sql: Sql;
  databaseUrl: string;
  emulator: GmailEmulator;
  client: Client;
  taskQueue: string;
  deps: ActivityDeps;
  /** Starts (or restarts) the in-process worker on this stack's task queue. */
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

// the SDK's own INFO lines (worker state changes) drown the test output
Runtime.install({ logger: new DefaultLogger((process.env.TEST_TEMPORAL_LOG_LEVEL as 'WARN') ?? 'ERROR') });

export const TEST_KEY_ID = 'test-1';
export const TEST_KEY = randomBytes(32).toString('base64');

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

/**
 * What a workflow test needs: its own database, its own Gmail emulator, a Temporal client and a
 * worker on a task queue of its own, all against the run's shared Temporal dev server and Postgres.
 */
export async function startStack(options: { quotaUnitsPerSecond?: number } = {}): Promise<Stack> {
  const db = await createTestDatabase();
  const emulator = await startGmailEmulator({ port: 0 });
  const address = inject('temporalAddress');
  const client = new Client({ connection: await Connection.connect({ address }) });
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const deps: ActivityDeps = {
    sql: db.sql,
    cipher: new TokenCipher(TEST_KEY_ID, { [TEST_KEY_ID]: TEST_KEY }),
    gmailSettings: gmailSettingsFor(emulator),
    quota: new QuotaBuckets(options.quotaUnitsPerSecond ?? 0),
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    archiveConcurrency: 8,
  };
  let worker: { instance: Worker; running: Promise<void> } | null = null;
  const stack: Stack = {
    sql: db.sql,
    databaseUrl: db.url,
    emulator,
    client,
    taskQueue,
    deps,
    async startWorker() {
      const instance = await Worker.create({
        connection: await NativeConnection.connect({ address }),
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        activities: createActivities(deps),
      });
      worker = { instance, running: instance.run() };
    },
    async stopWorker() {
      if (!worker) return;
      worker.instance.shutdown();
      await worker.running;
      worker = null;
    },
    async stop() {
      await stack.stopWorker();
      await client.connection.close();
      await emulator.stop();
      await db.drop();
    },
  };
  await stack.startWorker();
  return stack;
}

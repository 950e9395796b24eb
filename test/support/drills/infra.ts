import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DefaultLogger,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  Worker,
} from '@temporalio/worker';
import pino from 'pino';
import { createActivities } from '../../../activities/index.js';
import { connectDb, type Sql } from '../../../db/client.js';
import { type RunningPostgres, startEmbeddedPostgres } from '../../../db/embedded-postgres.js';
import { migrate } from '../../../db/migrate.js';
import type { GmailEmulator } from '../../../dev/gmail/emulator.js';
import { type DevTemporal, startDevTemporal } from '../../../dev/temporal-server.js';
import { QuotaBuckets } from '../../../gmail/quota.js';
import { TokenCipher } from '../../../security/token-cipher.js';
import { TEMPLATE_DB, withDatabase } from '../database-url.js';

/**
 * What every drill needs from its surroundings: the shared Temporal dev server and Postgres server
 * (vitest's global setup, or bench/drills.ts), the prebuilt workflow bundle and a scratch folder.
 * Drills that stop Postgres or restart Temporal start private instances under `scratchDir`.
 */
export interface DrillEnv {
  temporalAddress: string;
  /** The Postgres server (any database): drills clone a fresh database from `TEMPLATE_DB` on it. */
  databaseUrl: string;
  workflowBundlePath: string;
  scratchDir: string;
  /** Progress lines (the bench prints them with DRILLS_VERBOSE=1). */
  log?: (line: string) => void;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WORKER_ENTRY = join(ROOT, 'worker.ts');
const API_ENTRY = join(ROOT, 'api', 'server.ts');

export const DRILL_KEY_ID = 'drill-1';
export const DRILL_KEY = randomBytes(32).toString('base64');
export const ADMIN_TOKEN = 'drill-admin-token';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function randomId(): string {
  return randomBytes(4).toString('hex');
}

/** A port nobody listens on right now (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value other than undefined; throws with `what` on timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(opts.intervalMs ?? 200);
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${opts.timeoutMs ?? 60_000} ms waiting for ${what}${cause}`);
}

// ---------------------------------------------------------------------------------------------
// Databases

export interface DrillDatabase {
  sql: Sql;
  url: string;
  drop(): Promise<void>;
}

/** A fresh migrated database cloned from the template on the shared server. */
export async function cloneDatabase(serverUrl: string): Promise<DrillDatabase> {
  const name = `drill_${randomId()}${randomId()}`;
  const admin = connectDb(serverUrl, { max: 1 });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = withDatabase(serverUrl, name);
  const sql = connectDb(url);
  return {
    sql,
    url,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end({ timeout: 5 });
    },
  };
}

/** Creates (or recreates) the migrated template database the drills clone from. */
export async function createTemplate(serverUrl: string): Promise<void> {
  const admin = connectDb(serverUrl, { max: 1 });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const template = connectDb(withDatabase(serverUrl, TEMPLATE_DB), { max: 1 });
  try {
    await migrate(template);
  } finally {
    await template.end();
  }
}

/**
 * A Postgres of the drill's own, which it may stop and start again (same data directory and port):
 * the shared server must never be stopped, other test files use it at the same time.
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops for good and removes the data directory. */
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(scratchDir: string): Promise<PrivatePostgres> {
  const dataDir = join(scratchDir, `pg-${randomId()}`, 'data');
  const port = await freePort();
  let running: RunningPostgres | null = await startEmbeddedPostgres({ dataDir, port });
  const url = running.url;
  const sql = connectDb(url, { max: 1 });
  try {
    await migrate(sql);
  } finally {
    await sql.end();
  }
  const self: PrivatePostgres = {
    url,
    port,
    async stop() {
      if (!running) return;
      const r = running;
      running = null;
      await r.stop();
    },
    async start() {
      if (running) return;
      running = await startEmbeddedPostgres({ dataDir, port });
    },
    async destroy() {
      await self.stop().catch(() => {});
      await rm(join(dataDir, '..'), { recursive: true, force: true }).catch(() => {});
    },
  };
  return self;
}

// ---------------------------------------------------------------------------------------------
// Temporal

/** A Temporal CLI dev server of the drill's own, persisting to SQLite: restartable with its history. */
export interface PrivateTemporal {
  address: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPrivateTemporal(
  scratchDir: string,
  log?: (l: string) => void,
): Promise<PrivateTemporal> {
  const dataDir = join(scratchDir, `temporal-${randomId()}`);
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const uiPort = await freePort();
  const logLine = (l: string) => log?.(`[temporal] ${l}`);
  const boot = () => startDevTemporal({ dataDir, port, uiPort, log: logLine });
  let running: DevTemporal | null = await boot();
  const self: PrivateTemporal = {
    address: running.address,
    async stop() {
      if (!running) return;
      const r = running;
      running = null;
      await r.stop();
    },
    async start() {
      if (running) return;
      running = await boot();
    },
    async destroy() {
      await self.stop().catch(() => {});
      await rm(dataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
  return self;
}

// ---------------------------------------------------------------------------------------------
// Processes: the real worker and API entry points

/** A worker, in a process of its own or in this one: what a drill may do to it. */
export interface WorkerHandle {
  /** SIGKILL: only a worker process can be killed without a shutdown. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
  output(): string;
}

export interface ChildHandle extends WorkerHandle {
  process: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
}

function emulatorEnv(emulator: GmailEmulator): NodeJS.ProcessEnv {
  return {
    GOOGLE_CLIENT_ID: emulator.clientId,
    GOOGLE_CLIENT_SECRET: emulator.clientSecret,
    GMAIL_API_ROOT_URL: emulator.url,
    GOOGLE_OAUTH_AUTH_URL: `${emulator.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${emulator.url}/oauth2/token`,
  };
}

function spawnUntil(
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: (output: string) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<ChildHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      TOKEN_ENCRYPTION_KEY: DRILL_KEY,
      TOKEN_ENCRYPTION_KEY_ID: DRILL_KEY_ID,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    // keep the tail only: a long drill's logs are not worth the memory
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const handle: ChildHandle = {
    process: child,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    kill: (signal = 'SIGKILL') => killChild(child, signal),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const onData = () => {
      if (ready(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(handle);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before starting:\n${output.slice(-4000)}`));
    });
  });
}

export function killChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGKILL',
  graceMs = 10_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = signal === 'SIGKILL' ? null : setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      if (timer) clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** `worker.ts` as a process of its own on `taskQueue`, ready once it logs "worker started". */
export function spawnWorker(opts: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  workflowBundlePath: string;
  emulator: GmailEmulator;
}): Promise<ChildHandle> {
  return spawnUntil(
    WORKER_ENTRY,
    {
      LOG_LEVEL: 'info',
      DATABASE_URL: opts.databaseUrl,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      WORKFLOW_BUNDLE_PATH: opts.workflowBundlePath,
      GMAIL_QUOTA_UNITS_PER_SECOND: '0',
      ...emulatorEnv(opts.emulator),
    },
    (out) => out.includes('worker started'),
    'worker',
  );
}

/** `api/server.ts` as a process of its own on `port`, ready once it logs "API listening". */
export function spawnApi(opts: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  port: number;
  emulator: GmailEmulator;
}): Promise<ChildHandle> {
  return spawnUntil(
    API_ENTRY,
    {
      LOG_LEVEL: 'info',
      DATABASE_URL: opts.databaseUrl,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      API_HOST: '127.0.0.1',
      API_PORT: String(opts.port),
      ADMIN_TOKEN,
      OAUTH_STATE_SECRET: 'drill-oauth-state-secret-0123456789',
      ...emulatorEnv(opts.emulator),
    },
    (out) => out.includes('api_listening'),
    'api',
  );
}

// The SDK's own INFO lines (worker state changes) would drown the output; the test stack does the same.
try {
  const level = (process.env.TEST_TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'ERROR';
  Runtime.install({
    logger: new DefaultLogger(level),
    // the core's own retries (a drill stops the server on purpose) are WARN lines on stderr otherwise
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: level, other: level }), forward: {} },
    },
  });
} catch {
  // already installed (test/support/stack.ts in the same process)
}

/**
 * The same worker as `worker.ts` (activities from `createActivities`, the prebuilt bundle), in this
 * process: starts in a second instead of five, for drills whose fault is not the worker itself.
 */
export async function startInProcessWorker(opts: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  workflowBundlePath: string;
  emulator: GmailEmulator;
}): Promise<WorkerHandle> {
  const sql = connectDb(opts.databaseUrl, { max: 12 });
  const cipher = new TokenCipher(DRILL_KEY_ID, { [DRILL_KEY_ID]: DRILL_KEY });
  const e = opts.emulator;
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await Worker.create({
    connection,
    taskQueue: opts.taskQueue,
    workflowBundle: { codePath: opts.workflowBundlePath },
    activities: createActivities({
      sql,
      cipher,
      gmailSettings: {
        clientId: e.clientId,
        clientSecret: e.clientSecret,
        redirectUri: 'http://127.0.0.1/api/connections/gmail/callback',
        apiRootUrl: e.url,
        authUrl: `${e.url}/o/oauth2/v2/auth`,
        tokenUrl: `${e.url}/oauth2/token`,
      },
      quota: new QuotaBuckets(0),
      log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      archiveConcurrency: 10,
    }),
  });
  let done = false;
  let failure = '';
  const running = worker
    .run()
    .catch((err: unknown) => {
      failure = err instanceof Error ? err.message : String(err);
    })
    .finally(() => {
      done = true;
    });
  return {
    exited: () => done,
    output: () => (failure ? `worker failed: ${failure}` : ''),
    async kill(signal = 'SIGTERM') {
      if (signal === 'SIGKILL') throw new Error('an in-process worker cannot be SIGKILLed');
      if (!done) worker.shutdown();
      await running;
      // a worker never closes the connection it was given: left open, it keeps vitest from exiting
      await connection.close().catch(() => {});
      await sql.end({ timeout: 5 });
    },
  };
}

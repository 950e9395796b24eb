import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { connectDb } from '../db/client.js';
import { type RunningPostgres, startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrate } from '../db/migrate.js';
import { type DevTemporal, startDevTemporal } from '../dev/temporal-server.js';
import { freePort } from './ports.js';

/**
 * A server of one drill's own, which it may stop and start again (same data and port): the shared
 * servers must never be stopped, other test files use them at the same time.
 */
export interface RestartableServer {
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops for good and removes the data directory. */
  destroy(): Promise<void>;
}

function restartable<T extends { stop(): Promise<void> }>(
  first: T,
  boot: () => Promise<T>,
  dataDir: string,
): RestartableServer {
  let running: T | null = first;
  const self: RestartableServer = {
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

const randomId = () => randomBytes(4).toString('hex');

export interface PrivatePostgres extends RestartableServer {
  url: string;
  port: number;
}

export async function startPrivatePostgres(scratchDir: string): Promise<PrivatePostgres> {
  const root = join(scratchDir, `pg-${randomId()}`);
  const dataDir = join(root, 'data');
  const port = await freePort();
  const boot = (): Promise<RunningPostgres> => startEmbeddedPostgres({ dataDir, port });
  const first = await boot();
  const sql = connectDb(first.url, { max: 1 });
  try {
    await migrate(sql);
  } finally {
    await sql.end();
  }
  return { url: first.url, port, ...restartable(first, boot, root) };
}

/** A Temporal CLI dev server of one drill's own, persisting to SQLite: restartable with its history. */
export interface PrivateTemporal extends RestartableServer {
  address: string;
}

export async function startPrivateTemporal(
  scratchDir: string,
  log?: (l: string) => void,
): Promise<PrivateTemporal> {
  const dataDir = join(scratchDir, `temporal-${randomId()}`);
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const uiPort = await freePort();
  const boot = (): Promise<DevTemporal> =>
    startDevTemporal({ dataDir, port, uiPort, log: (l) => log?.(`[temporal] ${l}`) });
  const first = await boot();
  return { address: first.address, ...restartable(first, boot, dataDir) };
}

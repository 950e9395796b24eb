import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { resolveTemporalCli } from './temporal-cli.js';

export interface DevTemporal {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The Temporal CLI's dev server with its Web UI, persisting to a SQLite file so a restart of
 * `npm run dev` keeps every workflow. Search attributes are registered at start.
 */
export async function startDevTemporal(opts: {
  dataDir: string;
  port: number;
  uiPort: number;
  log: (l: string) => void;
}): Promise<DevTemporal> {
  const cli = resolveTemporalCli(opts.log);
  await mkdir(opts.dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--db-filename',
    join(opts.dataDir, 'temporal.db'),
    '--log-level',
    'error',
    ...SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => opts.log(chunk.toString().trimEnd()));
  const address = `127.0.0.1:${opts.port}`;
  await waitForTemporal(address, child);
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    process: child,
    stop: () => stopProcess(child),
  };
}

async function waitForTemporal(address: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`temporal dev server did not answer on ${address} within 60 s`);
}

/** Sends `signal`, then SIGKILL once `graceMs` have passed without an exit. */
export function stopProcess(
  child: ChildProcess,
  graceMs = 10_000,
  signal: NodeJS.Signals = 'SIGTERM',
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

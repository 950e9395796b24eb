import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tokenKeyEnv } from '../testing/token-key.js';
import type { DirectConfig, DirectResult } from './direct-run.js';
import type { BenchConnection } from './fixtures.js';
import type { BenchStack } from './setup.js';

const ENTRY = fileURLToPath(new URL('./direct-run.ts', import.meta.url));

/** Runs the direct loop over `conn`'s label in a child process; resolves with its result. */
export async function runDirect(
  stack: BenchStack,
  conn: BenchConnection,
  opts: { nodeArgs?: string[]; deadlineMs: number },
): Promise<DirectResult & { peakRssMb: number }> {
  const config: DirectConfig = {
    databaseUrl: stack.databaseUrl,
    connectionId: conn.connectionId,
    gmailSettings: stack.deps.gmailSettings,
    // the worker's defaults: GMAIL_FETCH_CONCURRENCY 25, a pool of WORKER_MAX_CONCURRENT_ACTIVITIES + 2
    archiveConcurrency: 25,
    poolSize: 22,
    deadlineMs: opts.deadlineMs,
  };
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', ENTRY], {
    env: { ...process.env, ...tokenKeyEnv(), BENCH_DIRECT: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let peakKb = 0;
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-10_000);
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (c) => resolve(c));
    // VmHWM of the child, read just before it exits is not possible; sample it instead
    const timer = setInterval(async () => {
      try {
        const { readFile } = await import('node:fs/promises');
        const s = await readFile(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0));
      } catch {}
    }, 250);
    child.once('exit', () => clearInterval(timer));
  });
  if (code !== 0) throw new Error(`direct run failed (${code}):\n${err}`);
  const line = out.trim().split('\n').at(-1) ?? '{}';
  return { ...(JSON.parse(line) as DirectResult), peakRssMb: peakKb / 1024 };
}

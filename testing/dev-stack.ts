import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoAccount } from '../dev/seed.js';
import { ROOT } from './child-process.js';
import { freePort } from './ports.js';

export interface DevStack {
  apiUrl: string;
  emulatorUrl: string;
  demo: DemoAccount;
  /** What `npm run dev` printed so far (its progress lines). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm run dev` as a black box (dev/dev.ts, the command a person types), on free ports with its
 * data in a scratch folder: Temporal, Postgres, the Gmail emulator, the demo servers, the worker
 * and the API as processes of their own, seeded with the demo. `env` configures it the way an
 * operator would (e.g. `OUTBOUND_ALLOW_PRIVATE_HOSTS`).
 */
export async function startDevStack(
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<DevStack> {
  const ports = {
    API_PORT: await freePort(),
    TEMPORAL_PORT: await freePort(),
    TEMPORAL_UI_PORT: await freePort(),
    POSTGRES_PORT: await freePort(),
    GMAIL_EMULATOR_PORT: await freePort(),
    DEMO_FEED_PORT: await freePort(),
    DEMO_WEBHOOK_PORT: await freePort(),
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'connections-dev-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'dev/dev.ts')], {
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      DEV_DATA_DIR: dataDir,
      // other stacks share this machine: any free port for the worker's /metrics, no SDK exporter
      WORKER_METRICS_PORT: '0',
      WORKER_SDK_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGINT');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm run dev was not up in time:\n${out}`)),
        opts.timeoutMs ?? 180_000,
      );
      const poll = setInterval(() => {
        if (!out.includes('Connections is up')) return;
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }, 100);
      child.once('exit', (code) => {
        clearTimeout(timer);
        clearInterval(poll);
        reject(new Error(`npm run dev exited with ${code}:\n${out}`));
      });
    });
    const demo = JSON.parse(await readFile(join(dataDir, 'demo.json'), 'utf8')) as DemoAccount;
    return {
      apiUrl: `http://127.0.0.1:${ports.API_PORT}`,
      emulatorUrl: `http://127.0.0.1:${ports.GMAIL_EMULATOR_PORT}`,
      demo,
      output: () => out,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

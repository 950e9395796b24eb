import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchStack } from './setup.js';

const WORKER_ENTRY = fileURLToPath(new URL('../worker.ts', import.meta.url));

export interface WorkerProcess {
  pid: number;
  child: ChildProcess;
  /** VmRSS and VmHWM (peak since start or since resetPeak) in MB */
  memory(): Promise<{ rssMb: number; peakMb: number }>;
  /** Resets the kernel's peak-RSS counter (VmHWM), so the next peak is this phase's own. */
  resetPeak(): Promise<void>;
  /** Samples VmRSS every `everyMs` until stopped; returns the highest sample. */
  sample(everyMs?: number): { stop(): number };
  stop(): Promise<void>;
}

/** The real worker entry point (`worker.ts`) in a process of its own, configured by environment. */
export async function spawnWorker(
  stack: BenchStack,
  opts: { taskQueue: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] },
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', WORKER_ENTRY], {
    env: {
      ...process.env,
      // 'test', as the test suite's worker processes: production would demand the API's settings too
      NODE_ENV: 'test',
      // info: readiness is read from the 'worker started' line
      LOG_LEVEL: 'info',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      WORKFLOW_BUNDLE_PATH: stack.workflowBundlePath,
      TOKEN_ENCRYPTION_KEY: stack.key,
      TOKEN_ENCRYPTION_KEY_ID: stack.keyId,
      GOOGLE_CLIENT_ID: stack.emulator.clientId,
      GOOGLE_CLIENT_SECRET: stack.emulator.clientSecret,
      GMAIL_API_ROOT_URL: stack.emulator.url,
      GOOGLE_OAUTH_AUTH_URL: `${stack.emulator.url}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_TOKEN_URL: `${stack.emulator.url}/oauth2/token`,
      GMAIL_QUOTA_UNITS_PER_SECOND: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    let started = false;
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-20_000);
      if (!started && tail.includes('worker started')) {
        started = true;
        resolve();
      }
    };
    // keep draining: pino writes synchronously and a full pipe would stall the worker
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code) => {
      if (!started) reject(new Error(`worker exited (${code}) before starting:\n${tail}`));
    });
  });
  const pid = child.pid!;
  const status = async () => readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (text: string, key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  const worker: WorkerProcess = {
    pid,
    child,
    async memory() {
      const s = await status();
      return { rssMb: kb(s, 'VmRSS') / 1024, peakMb: kb(s, 'VmHWM') / 1024 };
    },
    async resetPeak() {
      await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => {});
    },
    sample(everyMs = 200) {
      let max = 0;
      const timer = setInterval(() => {
        void worker.memory().then(
          (m) => {
            max = Math.max(max, m.rssMb);
          },
          () => {},
        );
      }, everyMs);
      return {
        stop() {
          clearInterval(timer);
          return max;
        },
      };
    },
    stop: () => stopChild(child),
  };
  return worker;
}

/** SIGINT: the worker drains and exits on its own (a --cpu-prof profile is written then); SIGKILL after 20 s. */
export function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { Stack } from './stack.js';
import { TEST_KEY, TEST_KEY_ID } from './stack.js';

const WORKER_ENTRY = fileURLToPath(new URL('../../worker.ts', import.meta.url));

/** The real worker entry point in a process of its own, so a test can SIGKILL it. */
export function spawnWorkerProcess(
  stack: Stack,
  taskQueue: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      // info: readiness is read from the 'worker started' line
      LOG_LEVEL: 'info',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
      TOKEN_ENCRYPTION_KEY: TEST_KEY,
      TOKEN_ENCRYPTION_KEY_ID: TEST_KEY_ID,
      GOOGLE_CLIENT_ID: stack.emulator.clientId,
      GOOGLE_CLIENT_SECRET: stack.emulator.clientSecret,
      GMAIL_API_ROOT_URL: stack.emulator.url,
      GOOGLE_OAUTH_AUTH_URL: `${stack.emulator.url}/o/oauth2/v2/auth`,
      GOOGLE_OAUTH_TOKEN_URL: `${stack.emulator.url}/oauth2/token`,
      GMAIL_QUOTA_UNITS_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker started')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${output}`)));
  });
}

export function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';

export interface PubSubEmulator {
  /** `127.0.0.1:<port>`: the client's `apiEndpoint`. */
  host: string;
  stop(): Promise<void>;
}

/**
 * The `gcloud` whose SDK has the Pub/Sub emulator component (Debian:
 * google-cloud-cli-pubsub-emulator), or null. Found on PATH, never downloaded: a machine without
 * it runs push through the Gmail emulator's direct path instead.
 */
export function findPubSubEmulator(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const gcloud = join(dir, 'gcloud');
    if (!existsSync(gcloud)) continue;
    const sdk = dirname(dirname(realpathSync(gcloud)));
    if (existsSync(join(sdk, 'platform', 'pubsub-emulator'))) return gcloud;
  }
  return null;
}

// gcloud itself must not phone home: no update check, no usage report, no prompt
const QUIET_GCLOUD: NodeJS.ProcessEnv = {
  CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: 'true',
  CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: 'true',
  CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
};

/**
 * `gcloud beta emulators pubsub start --host-port=127.0.0.1:<port>` (Java; works offline), in a
 * process group of its own so stopping it also stops the JVM gcloud starts. Resolves once the port
 * answers.
 */
export async function startPubSubEmulator(opts: {
  gcloud: string;
  port: number;
  project: string;
  log?: (line: string) => void;
}): Promise<PubSubEmulator> {
  const host = `127.0.0.1:${opts.port}`;
  const child = spawn(
    opts.gcloud,
    ['beta', 'emulators', 'pubsub', 'start', `--host-port=${host}`, `--project=${opts.project}`],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...QUIET_GCLOUD } },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
    opts.log?.(chunk.toString().trimEnd());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = () => stopGroup(child);
  try {
    await waitForPort(opts.port, child, 60_000);
  } catch (err) {
    await stop();
    throw new Error(`the Pub/Sub emulator did not start: ${(err as Error).message}\n${output}`);
  }
  return { host, stop };
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gcloud exited with code ${child.exitCode}`);
    if (await answers(port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nothing answered on port ${port} within ${timeoutMs / 1000} s`);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM to the whole group (gcloud's Python and its JVM), SIGKILL after a grace period. */
function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      // the JVM may outlive its parent by a moment: make sure the group is gone
      signalGroup('SIGKILL');
      resolve();
    });
    signalGroup('SIGTERM');
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopProcess } from '../dev/temporal-server.js';
import { tokenKeyEnv } from './token-key.js';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A worker, in a process of its own or in this one: what a test, drill or bench phase may do to it. */
export interface WorkerHandle {
  /** SIGKILL: only a worker process can be killed without a shutdown. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
  /** The tail of what it wrote (stdout and stderr), or why an in-process worker failed. */
  output(): string;
}

export interface ChildHandle extends WorkerHandle {
  process: ChildProcess;
  /** The tail of what it wrote to stderr alone: where a crash is printed. */
  errors(): string;
}

/**
 * `node [nodeArgs] --import tsx <entry>` with the run's token key, resolved once `ready` sees its
 * output say so. Output is drained for the child's whole life: pino writes synchronously and a
 * full pipe would stall it.
 */
export function spawnEntry(opts: {
  entry: string;
  env: NodeJS.ProcessEnv;
  ready: (output: string) => boolean;
  what: string;
  nodeArgs?: string[];
  timeoutMs?: number;
}): Promise<ChildHandle> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.entry], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...tokenKeyEnv(), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  // keep the tail only: a long drill's logs are not worth the memory
  const tail = (text: string) => (text.length > 200_000 ? text.slice(-100_000) : text);
  child.stdout?.on('data', (chunk: Buffer) => {
    output = tail(output + chunk.toString());
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = tail(output + chunk.toString());
    errors = tail(errors + chunk.toString());
  });
  const handle: ChildHandle = {
    process: child,
    output: () => output,
    errors: () => errors,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    kill: (signal = 'SIGKILL') => stopProcess(child, 10_000, signal),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${opts.what} did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const onData = () => {
      if (opts.ready(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(handle);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${opts.what} exited (${code ?? signal}) before starting:\n${output.slice(-4000)}`));
    });
  });
}

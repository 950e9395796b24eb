import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stopProcess } from './temporal-server.js';

export interface Supervised {
  name: string;
  current(): ChildProcess | null;
  stop(): Promise<void>;
}

/**
 * Runs `node --import tsx <entry>` and restarts it when it dies (with a growing pause, reset
 * after a minute of health). Its pid is kept in `pidFile` for people and drills to find.
 */
export function supervise(opts: {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  pidFile: string;
  log: (line: string) => void;
  /** False once the whole stack is shutting down: Ctrl-C reaches every child at once. */
  shouldRestart: () => boolean;
}): Supervised {
  let child: ChildProcess | null = null;
  let stopping = false;
  let failures = 0;

  const start = async () => {
    const startedAt = Date.now();
    child = spawn(process.execPath, ['--import', 'tsx', opts.entry], {
      env: opts.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await mkdir(dirname(opts.pidFile), { recursive: true });
    await writeFile(opts.pidFile, `${child.pid}\n`);
    child.once('exit', (code, signal) => {
      if (stopping || !opts.shouldRestart()) return;
      failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
      const delay = Math.min(30_000, 500 * 2 ** (failures - 1));
      opts.log(`${opts.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      setTimeout(() => void start(), delay);
    });
  };
  void start();

  return {
    name: opts.name,
    current: () => child,
    async stop() {
      stopping = true;
      if (child) await stopProcess(child);
      await rm(opts.pidFile, { force: true });
    },
  };
}

import type { ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { stopProcess } from '../dev/temporal-server.js';
import { spawnWorker as spawnHarnessWorker, type WorkerTarget } from '../testing/worker-process.js';

export interface WorkerProcess {
  pid: number;
  child: ChildProcess;
  /** VmRSS and VmHWM (peak since start or since resetPeak) in MB */
  memory(): Promise<{ rssMb: number; peakMb: number }>;
  /** Resets the kernel's peak-RSS counter (VmHWM), so the next peak is this phase's own. */
  resetPeak(): Promise<void>;
  /** Samples VmRSS every `everyMs` until stopped; returns the highest sample. */
  sample(everyMs?: number): { stop(): number };
  /** SIGINT: the worker drains and exits on its own (a --cpu-prof profile is written then); SIGKILL after 20 s. */
  stop(): Promise<void>;
}

/** The harness's worker process (`worker.ts`), with what the benchmark measures of it. */
export async function spawnWorker(
  stack: WorkerTarget,
  opts: { taskQueue: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] },
): Promise<WorkerProcess> {
  const child = (await spawnHarnessWorker(stack, opts)).process;
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
    stop: () => stopProcess(child, 20_000, 'SIGINT'),
  };
  return worker;
}

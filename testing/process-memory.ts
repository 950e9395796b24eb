import { readFile } from 'node:fs/promises';

/** A process's resident memory now and at its highest so far (Linux: `/proc/<pid>/status`). */
export interface ProcessMemory {
  rssBytes: number;
  /** VmHWM: the peak resident set since the process started, kept by the kernel (no sampling). */
  peakRssBytes: number;
}

export async function memoryOf(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssBytes: kb('VmRSS') * 1024, peakRssBytes: kb('VmHWM') * 1024 };
}

export const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

import { getPriority, setPriority } from 'node:os';

/**
 * The CPU priority of one pool thread, set from the pool's own thread. On Linux a thread has a nice
 * value of its own, reached by its thread id (the thread reads it from /proc/thread-self when it
 * loads): a thread whose message has become heavy is lowered, so the scheduler gives the cores to
 * the ordinary mail of everyone else first and to the heavy message only what is left. Elsewhere a
 * thread has no id and priorities are left alone (fairness then rests on the queue alone).
 */
const LOWEST = 19;
/** The priority the process started its threads at (a bench run under `nice` keeps its own). */
const NORMAL = getPriority();

/** Lowers the thread; false when it cannot be (no id, or the OS refused). */
export function lowerThread(tid: number | null): boolean {
  return setNice(tid, LOWEST);
}

/**
 * Gives the thread its normal priority back; false when the OS refuses (an unprivileged process may
 * lower a priority but not raise it again): the pool then replaces the thread.
 */
export function restoreThread(tid: number | null): boolean {
  return setNice(tid, NORMAL);
}

function setNice(tid: number | null, nice: number): boolean {
  if (tid === null) return false;
  try {
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}

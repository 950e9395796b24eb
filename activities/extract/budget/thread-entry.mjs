// A worker thread does not inherit the parent's `--import tsx`: register it here, then load the
// TypeScript task module named by the pool (see message-pool.ts).
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const tasks = await import(workerData.entry);
// a task module may warm its code up (message-tasks.ts); the budget clock starts at the first task,
// not while the modules load; the thread's id lets the pool lower its priority while it holds a
// heavy message (thread-priority.ts)
await tasks.warmUp?.();
parentPort.postMessage({ ready: true, tid: threadId() });

/** This thread's id on Linux (/proc/thread-self is `<pid>/task/<tid>`), null elsewhere. */
function threadId() {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || null;
  } catch {
    return null;
  }
}

// A worker thread does not inherit the parent's `--import tsx`: register it here, then load the
// TypeScript task module named by the pool (see message-pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
// the budget clock starts at the first task, not while the modules load
parentPort.postMessage({ ready: true });

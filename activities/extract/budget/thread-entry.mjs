// A worker thread does not inherit the parent's `--import tsx`: register it here, then load the
// TypeScript task module named by the pool (see message-pool.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

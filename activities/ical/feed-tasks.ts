import { parentPort } from 'node:worker_threads';
import { type FeedLimits, readFeed } from './feed-events.js';

/**
 * The feed thread's task module (loaded by the pool's thread-entry.mjs): one feed read at a time,
 * answered with its id. The pool terminates the thread if a read outlives its budget.
 */
export interface FeedTask {
  text: string;
  limits: FeedLimits;
}

parentPort?.on('message', ({ id, task }: { id: number; task: FeedTask }) => {
  parentPort?.postMessage({ id, value: readFeed(task.text, task.limits) });
});

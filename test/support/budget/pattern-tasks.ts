import { getPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { Stage } from '../../../activities/extract/budget/message-pool.js';
import { parseFeed } from '../../../activities/ical/parse-feed.js';
import { normaliseDateText } from '../../../extraction/dates.js';
import { extractFacts } from '../../../extraction/index.js';
import { findMimeDamage } from '../../../extraction/mime-damage.js';
import { parseEmail } from '../../../extraction/parse-email.js';

/**
 * A task module for the message pool in the attacker tests: one pattern-bearing function per task,
 * so each worst case runs under the pool's budget and a quadratic one fails (abandoned) instead of
 * hanging the test process. `spin` never ends: the budget must end it.
 */

/** Busy for `ms`: a stage that costs time the way parsing does, without yielding. */
function busy(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {}
}

const TASKS: Record<string, (input: string, stage: Stage) => unknown | Promise<unknown>> = {
  mail: async (input) => extractFacts(await parseEmail(input)),
  mimeDamage: (input) => findMimeDamage(input),
  dateText: (input) => normaliseDateText(input).length,
  feed: (input) => parseFeed(input).events.length,
  spin: () => {
    for (;;) {}
  },
  // two stages of 150 ms: over a 200 ms budget together, within it each
  // 240 ms in all, over the 200 ms budget; each stage alone leaves 80 ms for the thread messages
  twoSlowStages: (input, stage) => {
    busy(120);
    stage(`${input} parsed`);
    busy(120);
    return `${input} extracted`;
  },
  // this thread's CPU priority (its nice value) as the task runs
  priority: () => getPriority(),
  // busy until the pool lowers this thread (or 5 s pass), then its priority
  spinUntilLowered: () => {
    const until = Date.now() + 5_000;
    while (getPriority() === 0 && Date.now() < until) {}
    return getPriority();
  },
  // busy for `input` ms, then the thread's priority
  busyThenPriority: (input) => {
    busy(Number(input));
    return getPriority();
  },
  stageThenSpin: (input, stage) => {
    stage(`${input} parsed`);
    for (;;) {}
  },
};

parentPort?.on('message', async ({ id, task }: { id: number; task: { fn: string; input: string } }) => {
  const stage: Stage = (value) => parentPort?.postMessage({ id, value, stage: true });
  parentPort?.postMessage({ id, value: await TASKS[task.fn]!(task.input, stage) });
});

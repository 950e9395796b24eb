import { parentPort } from 'node:worker_threads';
import { normaliseDateText } from '../../../activities/extract/dates.js';
import { extractFacts } from '../../../activities/extract/index.js';
import { findMimeDamage } from '../../../activities/extract/mime-damage.js';
import { parseEmail } from '../../../activities/extract/parse-email.js';
import { parseFeed } from '../../../activities/ical/parse-feed.js';

/**
 * A task module for the message pool in the attacker tests: one pattern-bearing function per task,
 * so each worst case runs under the pool's budget and a quadratic one fails (abandoned) instead of
 * hanging the test process. `spin` never ends: the budget must end it.
 */
const TASKS: Record<string, (input: string) => unknown | Promise<unknown>> = {
  mail: async (input) => extractFacts(await parseEmail(input)),
  mimeDamage: (input) => findMimeDamage(input),
  dateText: (input) => normaliseDateText(input).length,
  feed: (input) => parseFeed(input).events.length,
  spin: () => {
    for (;;) {}
  },
};

parentPort?.on('message', async ({ id, task }: { id: number; task: { fn: string; input: string } }) => {
  parentPort?.postMessage({ id, value: await TASKS[task.fn]!(task.input) });
});

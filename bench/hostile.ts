import { archiveWithinBudget } from '../activities/extract/budget/budgeted-message.js';
import { DEFAULT_BUDGET, MessagePool } from '../activities/extract/budget/message-pool.js';
import { DEFAULT_USER } from '../dev/gmail/index.js';
import { hostileCorpus } from '../testing/hostile-mail.js';

export interface HostileResult {
  messages: number;
  /** the slowest message's parse + extract, wall time */
  worstMs: number;
  worstName: string;
  /** messages given up on (time or bytes): archived raw and flagged in the product */
  overBudget: number;
  totalSeconds: number;
}

/**
 * Under the 1 MiB extraction byte budget, as in the fuzz suite: the messages reach the extractors
 * instead of being flagged on their size alone (all but the payout one with two runs of it).
 */
const HOSTILE_SIZE = 600 * 1024;

/** A small ordinary mail: it loads a pool thread, so no hostile message is timed with that cost. */
const WARM_UP = new TextEncoder().encode(
  `From: Airbnb <automated@airbnb.com>\r\nTo: ${DEFAULT_USER}\r\nSubject: warm-up\r\n\r\nhello\r\n`,
);

/**
 * The hostile corpus through parse + extract under the worker's default message budget, one
 * message at a time so each wall time is the message's own and not a queue's. The pool is the
 * worker's (`MessagePool`, four threads as `MAIL_POOL_THREADS` defaults to, two spare).
 */
export async function runHostile(): Promise<HostileResult> {
  const pool = new MessagePool({ threads: 4, spareThreads: 2, budget: DEFAULT_BUDGET });
  const corpus = hostileCorpus(HOSTILE_SIZE);
  const started = performance.now();
  let worstMs = 0;
  let worstName = '';
  let overBudget = 0;
  try {
    for (const mail of corpus) {
      // a thread killed over the previous message is replaced lazily: load its successor first
      await pool.parse(WARM_UP);
      const raw = new TextEncoder().encode(mail.raw);
      const t0 = performance.now();
      // what the archive step does with each message it fetches
      const { flags: all } = await archiveWithinBudget(pool, raw, raw.length, null);
      const ms = performance.now() - t0;
      if (all.includes('budget_exceeded') || all.includes('too_large')) overBudget++;
      if (ms > worstMs) {
        worstMs = ms;
        worstName = mail.name;
      }
    }
  } finally {
    await pool.close();
  }
  return {
    messages: corpus.length,
    worstMs,
    worstName,
    overBudget,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

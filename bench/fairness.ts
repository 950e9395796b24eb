/**
 * The fairness drill (issue 20), on the real message pool: one connection floods the worker's two
 * mail threads with hostile messages (MIME nested 20 deep, 2.7 MB, each holding a thread for about
 * its whole 2 s budget) while another connection's ordinary bookings arrive just after. How long
 * the calm connection waits, three ways:
 * - alone: nobody floods;
 * - first come, first served: every job under one key, as the pool scheduled before issue 20;
 * - fair: each connection its own key (what the archive step passes), the least-served first;
 * - spare: fair, on three threads, one a connection alone may not take (issue 20's first answer);
 * - yield: the worker's default pool: four threads, two a connection alone may not take, and a heavy
 *   message's thread at the lowest CPU priority.
 *
 *   npx tsx bench/fairness.ts [hostile=8] [ordinary=10]
 */
import { archiveWithinBudget } from '../activities/extract/budget/budgeted-message.js';
import { DEFAULT_BUDGET, MessagePool } from '../activities/extract/budget/message-pool.js';
import { airbnbConfirmation } from '../testing/mail.js';
import { nestedMime } from './fairness-mail.js';

const HOSTILE = Number(process.argv[2] ?? 8);
const ORDINARY = Number(process.argv[3] ?? 10);

type Mode = 'alone' | 'fifo' | 'fair' | 'spare' | 'yield';

/**
 * The pool of each mode: before issue 20 two threads first come first served; then three, one
 * spare; now four, two spare, and heavy messages yield the CPU (heavyMs 0: priorities left alone).
 * Alone, a connection has two threads in every mode but the first.
 */
const POOLS: Record<Mode, { threads: number; spareThreads: number; heavyMs?: number }> = {
  alone: { threads: 4, spareThreads: 2 },
  fifo: { threads: 2, spareThreads: 0, heavyMs: 0 },
  fair: { threads: 2, spareThreads: 0, heavyMs: 0 },
  spare: { threads: 3, spareThreads: 1, heavyMs: 0 },
  yield: { threads: 4, spareThreads: 2 },
};

async function drill(mode: Mode): Promise<{ first: number; last: number; floodDone: number }> {
  const pool = new MessagePool({ ...POOLS[mode], budget: DEFAULT_BUDGET });
  const key = (who: string) => (mode === 'fifo' ? undefined : who);
  const archive = (raw: Buffer, who: string) => archiveWithinBudget(pool, raw, raw.length, null, key(who));
  try {
    // every thread started and its code loaded, as on a worker that has been running a while
    // (one booking a thread: with every thread idle, each connection's first message takes its own)
    await pool.warm();
    const warm = Array.from({ length: POOLS[mode].threads }, (_, n) => `warm-${n}`);
    await Promise.all(warm.map((who) => archive(Buffer.from(airbnbConfirmation(1)), who)));
    const hostile = Array.from({ length: mode === 'alone' ? 0 : HOSTILE }, () =>
      Buffer.from(nestedMime(20, 2.7, 'text')),
    );
    const ordinary = Array.from({ length: ORDINARY }, (_, n) => Buffer.from(airbnbConfirmation(100 + n)));
    const start = performance.now();
    const flood = Promise.all(hostile.map((raw) => archive(raw, 'flood')));
    await new Promise((resolve) => setTimeout(resolve, 20)); // the flood is first in line
    const sent = performance.now();
    const done: number[] = [];
    await Promise.all(
      ordinary.map((raw) => archive(raw, 'calm').then(() => done.push(performance.now() - sent))),
    );
    await flood;
    return { first: Math.min(...done), last: Math.max(...done), floodDone: performance.now() - start };
  } finally {
    await pool.close();
  }
}

const ms = (n: number) => `${Math.round(n)} ms`;
for (const mode of (process.argv[4]?.split(',') as Mode[] | undefined) ??
  (['alone', 'fifo', 'fair', 'spare', 'yield'] as const)) {
  const r = await drill(mode);
  console.log(
    `${mode.padEnd(5)}  ${HOSTILE} hostile, ${ORDINARY} ordinary: first ordinary done ${ms(r.first)}, ` +
      `all ${ms(r.last)}${mode === 'alone' ? '' : ` (flood done ${ms(r.floodDone)})`}`,
  );
}

import { afterAll, describe, expect, it } from 'vitest';
import { MessagePool } from '../../../activities/extract/budget/message-pool.js';

// The pool lowers a heavy message's thread by its Linux thread id (thread-priority.ts): each task
// here reports the nice value of the thread it ran on, 0 normal, 19 the lowest.
const TASKS = new URL('../../support/budget/pattern-tasks.ts', import.meta.url);

function poolWith(heavyMs: number, budgetMs = 10_000) {
  const pool = new MessagePool({
    threads: 1,
    heavyMs,
    budget: { ms: budgetMs, bytes: 1, maxMessageBytes: 1 },
    tasks: TASKS,
  });
  const nice = async (key: string, fn: string, input = '') => {
    const outcome = await pool.run<number>({ fn, input }, { key });
    return outcome.done ? outcome.value : 'abandoned';
  };
  return { pool, nice };
}

describe('a heavy message yields the CPU to ordinary mail', { timeout: 60_000 }, () => {
  const { pool, nice } = poolWith(20);
  afterAll(() => pool.close());

  it('runs an ordinary message at normal priority', async () => {
    expect(await nice('calm', 'priority')).toBe(0);
  });

  it('lowers the thread of a message that has held it past heavyMs', async () => {
    expect(await nice('flood', 'spinUntilLowered')).toBe(19);
  });

  it("starts that connection's next message low, and not another connection's", async () => {
    expect(await nice('other', 'priority')).toBe(0);
    // the one thread served 'other' in between: the flood's mark survives, the thread was restored
    expect(await nice('flood', 'priority')).toBe(19);
  });

  it('forgets the mark once a message of that connection finishes light', async () => {
    expect(await nice('flood', 'priority')).toBe(0);
  });
});

describe('a message over budget marks its connection heavy', { timeout: 60_000 }, () => {
  const { pool, nice } = poolWith(20, 300);
  afterAll(() => pool.close());

  it("starts the connection's next message low on the fresh thread", async () => {
    const spinning = nice('flood', 'spin');
    const next = nice('flood', 'priority');
    expect(await spinning).toBe('abandoned');
    expect(await next).toBe(19);
  });
});

describe('MAIL_POOL_HEAVY_MS 0 leaves priorities alone', { timeout: 60_000 }, () => {
  const { pool, nice } = poolWith(0);
  afterAll(() => pool.close());

  it('keeps a long message at normal priority', async () => {
    expect(await nice('flood', 'busyThenPriority', '100')).toBe(0);
  });
});

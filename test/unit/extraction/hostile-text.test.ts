/**
 * Attacker tests: the worst case of every pattern that reads mail or feed text, at a megabyte.
 * Each runs on the message pool's thread under a budget far above what a linear pass needs (a
 * megabyte takes milliseconds) and far below what a quadratic one would (minutes to hours): a
 * pattern that regresses is abandoned and its case fails, instead of hanging the run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MessagePool } from '../../../activities/extract/budget/message-pool.js';
import { hostileCorpus, hostileFeed, hostileForExtraction } from '../../../testing/hostile-mail.js';

const SIZE = 1024 * 1024;
const pool = new MessagePool({
  threads: 2,
  budget: { ms: 20_000, bytes: Number.MAX_SAFE_INTEGER, maxMessageBytes: Number.MAX_SAFE_INTEGER },
  tasks: new URL('../../support/budget/pattern-tasks.ts', import.meta.url),
});
afterAll(() => pool.close());

const underBudget = (fn: string, input: string) => pool.run<unknown>({ fn, input });

describe('hostile mail at a megabyte is read in linear time', { timeout: 120_000 }, () => {
  for (const mail of [...hostileCorpus(SIZE), ...hostileForExtraction(SIZE)]) {
    it(mail.name, async () => {
      expect(await underBudget('mail', mail.raw)).toMatchObject({ done: true });
    });
  }

  it('mime damage: content-transfer-encoding lines that never end their block', async () => {
    const raw = `Subject: x\nFrom: a@b.c\n\n${'content-transfer-encoding: base64\n'.repeat(SIZE / 34)}`;
    expect(await underBudget('mimeDamage', raw)).toEqual({ done: true, value: [] });
  });

  it('dates: a run of spaces with no dash', async () => {
    expect(await underBudget('dateText', `Aug 12${' '.repeat(SIZE)}x`)).toEqual({ done: true, value: 8 });
  });

  it('feeds: VEVENTs that never end', async () => {
    expect(await underBudget('feed', hostileFeed(SIZE))).toEqual({ done: true, value: 0 });
  });
});

/** One thread and a 200 ms budget: a task over it is abandoned quickly. */
const strictPool = () =>
  new MessagePool({
    threads: 1,
    budget: { ms: 200, bytes: 1, maxMessageBytes: 1 },
    tasks: new URL('../../support/budget/pattern-tasks.ts', import.meta.url),
  });

describe('the message pool', { timeout: 60_000 }, () => {
  it('abandons a task over its budget and keeps serving on a fresh thread', async () => {
    const strict = strictPool();
    try {
      expect(await strict.run({ fn: 'spin', input: '' })).toEqual({ done: false });
      expect(await strict.run({ fn: 'dateText', input: 'Aug 1 -  2' })).toEqual({ done: true, value: 9 });
    } finally {
      await strict.close();
    }
  });

  it('gives each stage of a task the budget anew, and hands a finished stage over before the next', async () => {
    const strict = strictPool();
    try {
      const stages: unknown[] = [];
      const keep = (value: unknown) => stages.push(value);
      expect(await strict.run({ fn: 'twoSlowStages', input: 'a' }, { onStage: keep })).toEqual({
        done: true,
        value: 'a extracted',
      });
      // the second stage spins: abandoned, but the first stage's value was already delivered
      expect(await strict.run({ fn: 'stageThenSpin', input: 'b' }, { onStage: keep })).toEqual({
        done: false,
      });
      expect(stages).toEqual(['a parsed', 'b parsed']);
    } finally {
      await strict.close();
    }
  });
});

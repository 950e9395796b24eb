import { afterAll, describe, expect, it } from 'vitest';
import { FairQueue } from '../../../activities/extract/budget/fair-queue.js';
import { MessagePool } from '../../../activities/extract/budget/message-pool.js';

/** A queue on a clock the test moves, and a helper that runs the next job for `ms`. */
function queueOn(threads: number, spare = 0) {
  const clock = { now: 0 };
  const queue = new FairQueue<string>(threads, () => clock.now, spare);
  const take = () => {
    const next = queue.next();
    if (next) queue.started(next.key, next as object);
    return next;
  };
  return { clock, queue, take };
}

describe('FairQueue', () => {
  it('serves the key that has used the least thread time, its running jobs included', () => {
    const { clock, queue, take } = queueOn(2);
    for (const n of [1, 2, 3, 4]) queue.push('flood', `flood-${n}`);
    const a = take()!;
    const b = take()!;
    expect([a.job, b.job]).toEqual(['flood-1', 'flood-2']);
    clock.now = 1_000;
    queue.push('calm', 'calm-1');
    queue.push('calm', 'calm-2');
    // both threads are the flood's: the first to free goes to calm, which has used nothing since it came
    queue.finished('flood', a as object);
    const c = take()!;
    expect(c.job).toBe('calm-1');
    clock.now = 1_003;
    queue.finished('calm', c as object);
    // calm has used 3 ms, the flood 2 s (one finished, one running): calm again
    expect(take()!.job).toBe('calm-2');
  });

  it('lets a key hold only its share of the threads while another key waits', () => {
    const { queue, take } = queueOn(2);
    queue.push('a', 'a-1');
    queue.push('a', 'a-2');
    queue.push('b', 'b-1');
    queue.push('b', 'b-2');
    const first = take()!;
    const second = take()!;
    expect(new Set([first.key, second.key])).toEqual(new Set(['a', 'b']));
    // each runs one: neither may take a second thread while the other is busy
    expect(queue.next()).toBeNull();
  });

  it('gives one busy key every thread when it is alone', () => {
    const { queue, take } = queueOn(3);
    for (const n of [1, 2, 3]) queue.push('alone', `job-${n}`);
    expect([take()?.job, take()?.job, take()?.job]).toEqual(['job-1', 'job-2', 'job-3']);
  });

  it('keeps the spare threads from a key alone, so a newcomer starts at once', () => {
    const { queue, take } = queueOn(3, 1);
    for (const n of [1, 2, 3, 4]) queue.push('flood', `flood-${n}`);
    expect([take()?.job, take()?.job]).toEqual(['flood-1', 'flood-2']);
    // the third thread stays free while the flood is alone…
    expect(queue.next()).toBeNull();
    // …and is the newcomer's the moment it arrives, while the flood keeps its two
    queue.push('calm', 'calm-1');
    queue.push('calm', 'calm-2');
    expect(take()?.job).toBe('calm-1');
  });

  it('shares an odd number of threads without leaving one idle', () => {
    const { queue, take } = queueOn(3);
    for (const key of ['a', 'b']) for (const n of [1, 2, 3]) queue.push(key, `${key}-${n}`);
    // two each would be a floor of 1 each and one thread idle: one key gets the odd thread
    const keys = [take()?.key, take()?.key, take()?.key].sort();
    expect(keys).toEqual(['a', 'a', 'b']);
  });

  it('lets a newcomer start level with the busy keys, not at zero', () => {
    const { clock, queue, take } = queueOn(1);
    queue.push('old', 'old-1');
    queue.push('old', 'old-2');
    const first = take()!;
    clock.now = 10_000;
    queue.push('new', 'new-1');
    queue.push('new', 'new-2');
    queue.finished('old', first as object);
    // both at 10 s of use: the one served least recently (the newcomer) goes first, then they alternate
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = take()!;
      order.push(next.job);
      clock.now += 5;
      queue.finished(next.key, next as object);
    }
    expect(order).toEqual(['new-1', 'old-2', 'new-2']);
  });

  it('keeps a heavy mark while the key is idle, until a light job clears it, and at most 10,000', () => {
    const { queue } = queueOn(1);
    queue.markHeavy('flood', true);
    expect(queue.isHeavy('flood')).toBe(true);
    queue.markHeavy('flood', false);
    expect(queue.isHeavy('flood')).toBe(false);
    for (let n = 0; n <= 10_000; n++) queue.markHeavy(`flood-${n}`, true);
    expect(queue.isHeavy('flood-0')).toBe(false);
    expect(queue.isHeavy('flood-1')).toBe(true);
    expect(queue.isHeavy('flood-10000')).toBe(true);
  });

  it('forgets keys with nothing queued or running', () => {
    const { queue, take } = queueOn(1);
    queue.push('gone', 'x');
    const job = take()!;
    queue.finished('gone', job as object);
    expect(queue.size).toBe(0);
    expect(queue.next()).toBeNull();
  });
});

describe('the message pool shares its threads between connections', { timeout: 60_000 }, () => {
  const pool = new MessagePool({
    threads: 2,
    budget: { ms: 300, bytes: 1, maxMessageBytes: 1 },
    tasks: new URL('../../support/budget/pattern-tasks.ts', import.meta.url),
  });
  afterAll(() => pool.close());

  it("finishes a calm connection's messages while a flooding one burns whole budgets", async () => {
    const finished: string[] = [];
    const run = (key: string, fn: string, name: string) =>
      pool.run({ fn, input: name }, { key }).then((outcome) => {
        finished.push(`${key}:${outcome.done ? 'done' : 'abandoned'}`);
      });
    const flood = Array.from({ length: 8 }, (_, n) => run('flood', 'spin', `f${n}`));
    const calm = Array.from({ length: 5 }, (_, n) => run('calm', 'dateText', `Aug ${n + 1} - 9`));
    await Promise.all([...flood, ...calm]);
    // first come, first served would finish all eight budgets first; shared, the calm connection
    // waits for one of the two threads the flood held when it came, and no more
    const lastCalm = finished.lastIndexOf('calm:done');
    expect(finished.slice(0, lastCalm).filter((f) => f === 'flood:abandoned').length).toBeLessThanOrEqual(2);
    expect(finished.filter((f) => f === 'calm:done')).toHaveLength(5);
    expect(finished.filter((f) => f === 'flood:abandoned')).toHaveLength(8);
  });
});

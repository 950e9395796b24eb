import { describe, expect, it } from 'vitest';
import {
  type QuotaBuckets as Buckets,
  type GmailMethod,
  MemoryQuotaStore,
  QuotaBuckets,
  type QuotaClock,
  type QuotaStore,
} from '../../../gmail/quota.js';
import { QUOTA_TABLES } from '../../../gmail/quota-table.js';
import { worstWindow } from '../../../testing/gmail-units.js';

/** Virtual time: `sleep` parks the caller; `run` wakes the earliest sleeper whenever all else waits. */
class VirtualClock implements QuotaClock {
  private t = 0;
  private sleepers: { at: number; resolve: () => void }[] = [];
  now() {
    return this.t;
  }
  sleep(ms: number) {
    return new Promise<void>((resolve) => this.sleepers.push({ at: this.t + ms, resolve }));
  }
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      // every pending promise chain (the stores, the buckets' queues) runs before the next wake-up
      await new Promise((r) => setImmediate(r));
      if (settled) return work;
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers.shift();
      if (!next) throw new Error('deadlock: nothing to wake');
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

/** A small deterministic generator, so each run makes the same calls. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const POLICY = { unitsPerMinute: 6_000, costs: QUOTA_TABLES['2026'].costs };

/** `count` worker processes, each with its own buckets, all leasing from one store on one virtual clock. */
function processesSharingOneStore(count: number) {
  const clock = new VirtualClock();
  const store = new MemoryQuotaStore(clock);
  const processes = Array.from({ length: count }, () => new QuotaBuckets({ policy: POLICY, store, clock }));
  return { clock, processes };
}

/**
 * `callers` concurrent callers on each process, each calling `connectionId` until `untilMs`, every
 * call's units recorded at the moment the bucket let it through. Bursty: a caller sometimes pauses.
 */
async function drive(opts: {
  clock: VirtualClock;
  processes: Buckets[];
  connections: string[];
  callers: number;
  untilMs: number;
  seed: number;
}) {
  const spends = new Map<string, { at: number; units: number }[]>();
  const next = random(opts.seed);
  const methods: GmailMethod[] = [
    'messages.get',
    'messages.get',
    'messages.get',
    'messages.list',
    'history.list',
  ];
  const loops = opts.processes.flatMap((quota, p) =>
    Array.from({ length: opts.callers }, async (_, c) => {
      const connectionId = opts.connections[(p + c) % opts.connections.length]!;
      const handle = quota.for(connectionId);
      while (opts.clock.now() < opts.untilMs) {
        const method = methods[Math.floor(next() * methods.length)]!;
        await handle.take(method);
        const list = spends.get(connectionId) ?? [];
        list.push({ at: opts.clock.now(), units: POLICY.costs[method] });
        spends.set(connectionId, list);
        if (next() < 0.05) await opts.clock.sleep(Math.floor(next() * 5_000));
      }
    }),
  );
  await opts.clock.run(Promise.all(loops));
  return spends;
}

describe('the per-mailbox quota bucket', () => {
  it.each([1, 2, 3])(
    'six processes sharing one store never spend over the budget in any 60 s window (seed %i)',
    async (seed) => {
      const { clock, processes } = processesSharingOneStore(6);
      const spends = await drive({
        clock,
        processes,
        connections: ['a'],
        callers: 8,
        untilMs: 300_000,
        seed,
      });
      const a = spends.get('a')!;
      expect(worstWindow(a)).toBeLessThanOrEqual(POLICY.unitsPerMinute);
      // and the budget is used, not wasted: over 5 minutes at least 90 % of it
      const total = a.reduce((sum, s) => sum + s.units, 0);
      expect(total).toBeGreaterThan(0.9 * 5 * POLICY.unitsPerMinute);
    },
  );

  it.each([0, 400, 30_000])(
    'counts the units processes hold when a window opens: spent from leases of up to a second before (idle %i ms)',
    async (idleMs) => {
      const { clock, processes } = processesSharingOneStore(6);
      const spends: { at: number; units: number }[] = [];
      const take = async (quota: Buckets, method: GmailMethod) => {
        await quota.for('a').take(method);
        spends.push({ at: clock.now(), units: POLICY.costs[method] });
      };
      // each process in turn leases a slice with one cheap call, half a second apart (a slice's
      // worth of refill), then the bucket refills while they hold what they leased
      for (const q of processes) {
        await clock.run(take(q, 'getProfile'));
        await clock.run(clock.sleep(500));
      }
      await clock.run(clock.sleep(idleMs));
      // then all of them call as fast as the bucket lets them, for a minute and more
      const windowStart = clock.now();
      await clock.run(
        Promise.all(
          processes.flatMap((q) =>
            Array.from({ length: 8 }, async () => {
              while (clock.now() < windowStart + 62_000) await take(q, 'getProfile');
            }),
          ),
        ),
      );
      expect(worstWindow(spends)).toBeLessThanOrEqual(POLICY.unitsPerMinute);
      expect(worstWindow(spends)).toBeGreaterThan(0.95 * POLICY.unitsPerMinute);
    },
  );

  it('gives two connections of one mailbox one budget, and another mailbox its own', async () => {
    const clock = new VirtualClock();
    const store = new MemoryQuotaStore(clock);
    const mailboxes: Record<string, string> = {
      c1: 'host@example.com',
      c2: 'host@example.com',
      c3: 'other@example.com',
    };
    const processes = Array.from(
      { length: 2 },
      () => new QuotaBuckets({ policy: POLICY, store, clock, mailboxOf: async (id) => mailboxes[id]! }),
    );
    const spends = await drive({
      clock,
      processes,
      connections: ['c1', 'c2', 'c3'],
      callers: 6,
      untilMs: 180_000,
      seed: 7,
    });
    const shared = [...spends.get('c1')!, ...spends.get('c2')!];
    expect(worstWindow(shared)).toBeLessThanOrEqual(POLICY.unitsPerMinute);
    const other = spends.get('c3')!;
    expect(worstWindow(other)).toBeLessThanOrEqual(POLICY.unitsPerMinute);
    // the other mailbox is not slowed by the first: it gets (nearly) a budget of its own
    const units = (list: { units: number }[]) => list.reduce((sum, s) => sum + s.units, 0);
    expect(units(other)).toBeGreaterThan(0.9 * 3 * POLICY.unitsPerMinute);
    expect(units(shared)).toBeGreaterThan(0.9 * 3 * POLICY.unitsPerMinute);
  });

  it('drops leased units a process did not spend in time', async () => {
    const clock = new VirtualClock();
    const leases: number[] = [];
    const inner = new MemoryQuotaStore(clock);
    const store: QuotaStore = {
      lease: async (...args) => {
        const lease = await inner.lease(...args);
        leases.push(lease.granted);
        return lease;
      },
    };
    const quota = new QuotaBuckets({ policy: POLICY, store, clock });
    const handle = quota.for('a');
    await clock.run(handle.take('getProfile'));
    expect(leases).toHaveLength(1);
    await clock.run(handle.take('getProfile'));
    expect(leases).toHaveLength(1); // still in the slice
    await clock.run(clock.sleep(1_000));
    await clock.run(handle.take('getProfile'));
    expect(leases).toHaveLength(2); // the slice expired: a new lease
  });

  it('refuses a budget that cannot fit the dearest call, instead of polling its store forever', () => {
    const dearest = Math.max(...Object.values(POLICY.costs));
    expect(() => new QuotaBuckets({ policy: { ...POLICY, unitsPerMinute: dearest } })).toThrow(RangeError);
    expect(() => new QuotaBuckets({ policy: { ...POLICY, unitsPerMinute: dearest + 1 } })).not.toThrow();
  });

  it('with a budget of 0 neither looks up the mailbox nor touches the store', async () => {
    let touched = 0;
    const store: QuotaStore = {
      lease: async () => {
        touched++;
        return { granted: 1_000, waitMs: 0 };
      },
    };
    const quota = new QuotaBuckets({
      policy: { ...POLICY, unitsPerMinute: 0 },
      store,
      mailboxOf: async () => {
        touched++;
        return 'x';
      },
    });
    for (let i = 0; i < 100; i++) await quota.for('c').take('messages.get');
    expect(touched).toBe(0);
    for (let i = 0; i < 100; i++) await QuotaBuckets.off().for('c').take('messages.get');
  });

  it('makes one waiting caller wait only as long as the refill needs', async () => {
    const clock = new VirtualClock();
    const quota = new QuotaBuckets({ policy: POLICY, clock });
    const handle = quota.for('a');
    // the burst: 100 units, five messages.get at once
    for (let i = 0; i < 5; i++) await clock.run(handle.take('messages.get'));
    expect(clock.now()).toBe(0);
    await clock.run(handle.take('messages.get'));
    // 20 units at 5900/61 a second ≈ 207 ms
    expect(clock.now()).toBeGreaterThan(200);
    expect(clock.now()).toBeLessThan(215);
  });
});

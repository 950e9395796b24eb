/** Heavy marks kept at most (one a connection or feed that sent a heavy message lately). */
const MAX_MARKS = 10_000;

/**
 * Who gets the next free thread of the message pool: the waiting key (a connection, a feed) that
 * has used the least thread time, counting what it is running right now. A connection whose
 * messages each burn a whole budget piles up time and waits behind one whose messages take
 * milliseconds, so one tenant's slow mail costs that tenant, not the others. A key that starts
 * waiting joins at the least time of the keys already busy, not at zero: a newcomer is served at
 * once, but cannot starve the others for as long as they have run. Ties go to the key served least
 * recently. Keys that have nothing queued or running are forgotten.
 *
 * A key also holds at most its share of the threads when others wait (`share`): with two keys busy
 * on two threads, one each. And a key alone never takes the `spare` threads: a running job is not
 * pre-empted, so without a free thread another connection's mail would wait for a whole budget
 * behind a flood that came first.
 */
export class FairQueue<Job> {
  readonly #keys = new Map<string, KeyState<Job>>();
  readonly #heavy = new Set<string>();
  #served = 0;

  constructor(
    private readonly threads: number,
    private readonly now: () => number = Date.now,
    private readonly spare = 0,
  ) {}

  get size(): number {
    let n = 0;
    for (const state of this.#keys.values()) n += state.queued.length;
    return n;
  }

  push(key: string, job: Job): void {
    this.#state(key).queued.push(job);
  }

  /** The next job to run, or null when none may start now; the caller must `started` it. */
  next(): { key: string; job: Job } | null {
    const now = this.now();
    const busy = [...this.#keys.values()].filter((s) => s.queued.length > 0 || s.running.size > 0).length;
    const fair = Math.ceil(this.threads / Math.max(1, busy));
    const share = Math.max(1, Math.min(this.threads - this.spare, fair));
    let best: [string, KeyState<Job>] | null = null;
    for (const entry of this.#keys) {
      const [, state] = entry;
      if (state.queued.length === 0 || state.running.size >= share) continue;
      if (!best || this.#before(state, best[1], now)) best = entry;
    }
    if (!best) return null;
    const [key, state] = best;
    state.lastServed = ++this.#served;
    return { key, job: state.queued.shift()! };
  }

  /** A job of `key` took a thread (`token` identifies it until `finished`). */
  started(key: string, token: object): void {
    this.#state(key).running.set(token, this.now());
  }

  /** The job holding `token` left its thread: its time is charged to its key. */
  finished(key: string, token: object): void {
    const state = this.#keys.get(key);
    const since = state?.running.get(token);
    if (!state || since === undefined) return;
    state.running.delete(token);
    state.used += this.now() - since;
    if (state.queued.length === 0 && state.running.size === 0) this.#keys.delete(key);
  }

  /**
   * Whether the key's last finished job was heavy (message-pool.ts lowers the thread of its next).
   * Kept while the key is idle: a flood comes page by page. The oldest marks go past `MAX_MARKS`.
   */
  markHeavy(key: string, heavy: boolean): void {
    this.#heavy.delete(key);
    if (!heavy) return;
    this.#heavy.add(key);
    if (this.#heavy.size > MAX_MARKS) this.#heavy.delete(this.#heavy.values().next().value!);
  }

  isHeavy(key: string): boolean {
    return this.#heavy.has(key);
  }

  /** Every queued job, removed (the pool is closing). */
  drain(): Job[] {
    const all = [...this.#keys.values()].flatMap((s) => s.queued.splice(0));
    for (const [key, state] of this.#keys) if (state.running.size === 0) this.#keys.delete(key);
    return all;
  }

  #state(key: string): KeyState<Job> {
    let state = this.#keys.get(key);
    if (!state) {
      const now = this.now();
      const others = [...this.#keys.values()].map((s) => usage(s, now));
      state = {
        queued: [],
        running: new Map(),
        used: others.length ? Math.min(...others) : 0,
        lastServed: 0,
      };
      this.#keys.set(key, state);
    }
    return state;
  }

  #before(a: KeyState<Job>, b: KeyState<Job>, now: number): boolean {
    const [ua, ub] = [usage(a, now), usage(b, now)];
    return ua !== ub ? ua < ub : a.lastServed < b.lastServed;
  }
}

interface KeyState<Job> {
  queued: Job[];
  /** Start time of each job of this key on a thread now. */
  running: Map<object, number>;
  /** Thread time of its finished jobs (ms), from where it joined. */
  used: number;
  lastServed: number;
}

/** Thread time a key has had, its running jobs so far included. */
function usage(state: KeyState<unknown>, now: number): number {
  let total = state.used;
  for (const since of state.running.values()) total += now - since;
  return total;
}

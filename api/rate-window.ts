/**
 * Counts events per key over a sliding window, in this process's memory: each API replica limits
 * on its own (docs/decisions.md "Limits"). Keys whose events have all expired are dropped as they
 * are met, and the oldest keys go first once `maxKeys` is reached, so a flood of new clients costs
 * bounded memory.
 */
export class RateWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds until `key` may have another event, or null when it may now. */
  retryAfter(key: string): number | null {
    const live = this.live(key);
    if (live.length < this.limit) return null;
    return Math.max(1, Math.ceil((live[0]! + this.windowMs - this.now()) / 1000));
  }

  record(key: string): void {
    const live = this.live(key);
    live.push(this.now());
    // re-inserting moves the key to the end: the first key of the map is the least recently seen
    this.events.delete(key);
    this.events.set(key, live.slice(-this.limit));
    if (this.events.size > this.maxKeys) this.events.delete(this.events.keys().next().value!);
  }

  /** Records an event for `key` if it may have one; otherwise the seconds to wait. */
  take(key: string): number | null {
    const wait = this.retryAfter(key);
    if (wait === null) this.record(key);
    return wait;
  }

  private live(key: string): number[] {
    const since = this.now() - this.windowMs;
    const live = (this.events.get(key) ?? []).filter((at) => at > since);
    if (live.length === 0) this.events.delete(key);
    return live;
  }
}

/** Gmail API quota units per method (developers.google.com/gmail/api/reference/quota). */
export const QUOTA_COST = {
  'messages.get': 5,
  'messages.list': 5,
  'history.list': 2,
  'labels.get': 1,
  'labels.list': 1,
  getProfile: 1,
} as const;
export type GmailMethod = keyof typeof QUOTA_COST;

/**
 * A token bucket per connection: calls wait for enough units so the connection stays under its
 * per-user quota instead of collecting 429s. A rate of 0 turns the limiter off.
 */
export class QuotaBucket {
  private units: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly unitsPerSecond: number,
    private readonly burst = unitsPerSecond,
  ) {
    this.units = burst;
  }

  take(method: GmailMethod): Promise<void> {
    if (this.unitsPerSecond <= 0) return Promise.resolve();
    const cost = QUOTA_COST[method];
    // serialise waiters so a burst of concurrent calls is spread out rather than stampeding
    this.queue = this.queue.then(() => this.waitFor(cost));
    return this.queue;
  }

  private async waitFor(cost: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.units = Math.min(this.burst, this.units + ((now - this.last) / 1000) * this.unitsPerSecond);
      this.last = now;
      if (this.units >= cost) {
        this.units -= cost;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((cost - this.units) / this.unitsPerSecond) * 1000)));
    }
  }
}

export class QuotaBuckets {
  private readonly buckets = new Map<string, QuotaBucket>();
  constructor(private readonly unitsPerSecond: number) {}

  for(connectionId: string): QuotaBucket {
    let bucket = this.buckets.get(connectionId);
    if (!bucket) {
      bucket = new QuotaBucket(this.unitsPerSecond);
      this.buckets.set(connectionId, bucket);
    }
    return bucket;
  }
}

import { type GmailMethod, maxCost, QUOTA_OFF, type QuotaPolicy } from './quota-table.js';

export type { GmailMethod, QuotaPolicy } from './quota-table.js';

/**
 * The limiter keeps each mailbox (one Gmail user: every connection of the same address shares it)
 * under its per-user budget in *every* sliding 60 s window, whichever worker process makes the
 * call. A token bucket of `burst` units refilled at `ratePerSecond` grants at most
 * burst + rate × T in any window of T seconds. A process leases units from the bucket into a local
 * cache and spends them within `leaseSeconds` of asking (older ones are dropped), so a unit is spent
 * at most that long after the bucket granted it and the spends of any 60 s window come from grants
 * of a (60 + leaseSeconds) s window: burst + rate × (60 + leaseSeconds) ≤ budget.
 */
export interface BucketShape {
  burst: number;
  ratePerSecond: number;
  leaseSeconds: number;
  /** The least one lease asks for (half a second's refill), so most calls need no round trip. */
  chunk: number;
}

const LEASE_SECONDS = 1;

export function bucketShape(policy: QuotaPolicy): BucketShape {
  const budget = policy.unitsPerMinute;
  // at or below the dearest call the rate is ≤ 0 and every take would poll the store forever
  if (budget > 0 && budget <= maxCost(policy))
    throw new RangeError(
      `a quota budget of ${budget} units per minute cannot fit one call of ${maxCost(policy)} units`,
    );
  const burst = Math.max(budget / 60, maxCost(policy));
  const ratePerSecond = (budget - burst) / (60 + LEASE_SECONDS);
  return { burst, ratePerSecond, leaseSeconds: LEASE_SECONDS, chunk: ratePerSecond / 2 };
}

/** At least `need` units (up to `want`), or none and how long until `need` will be there. */
export interface QuotaLease {
  granted: number;
  waitMs: number;
}

/** Where a mailbox's bucket lives: this process's memory, or a Postgres row every worker shares. */
export interface QuotaStore {
  lease(mailbox: string, need: number, want: number, shape: BucketShape): Promise<QuotaLease>;
}

/** Milliseconds on a monotonic clock, and a way to wait; injected by the tests. */
export interface QuotaClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: QuotaClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** MemoryQuotaStore's refill-and-take step; PostgresQuotaStore.update is the same in SQL: change both together. */
function leaseFrom(
  units: number,
  elapsedSeconds: number,
  need: number,
  want: number,
  shape: BucketShape,
): QuotaLease & { left: number } {
  const available = Math.min(shape.burst, units + Math.max(0, elapsedSeconds) * shape.ratePerSecond);
  if (available >= need) {
    const granted = Math.min(want, available);
    return { granted, waitMs: 0, left: available - granted };
  }
  return { granted: 0, waitMs: waitMsFor(need - available, shape), left: available };
}

export function waitMsFor(missing: number, shape: BucketShape): number {
  return Math.max(1, Math.ceil((missing / shape.ratePerSecond) * 1000));
}

/** The buckets in this process's memory: right for one process, or where there is no database. */
export class MemoryQuotaStore implements QuotaStore {
  private readonly rows = new Map<string, { units: number; at: number }>();
  constructor(private readonly clock: QuotaClock = REAL_CLOCK) {}

  async lease(mailbox: string, need: number, want: number, shape: BucketShape): Promise<QuotaLease> {
    const now = this.clock.now();
    const row = this.rows.get(mailbox) ?? { units: shape.burst, at: now };
    const lease = leaseFrom(row.units, (now - row.at) / 1000, need, want, shape);
    this.rows.set(mailbox, { units: lease.left, at: now });
    return { granted: lease.granted, waitMs: lease.waitMs };
  }
}

/** Units this process holds for one mailbox, each lease its own slice with its own expiry. */
class MailboxBucket {
  private slices: { units: number; expiresAt: number }[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly mailbox: string,
    private readonly store: QuotaStore,
    private readonly shape: BucketShape,
    private readonly clock: QuotaClock,
  ) {}

  take(cost: number): Promise<void> {
    // serialise this process's callers so a burst of concurrent calls is spread out, not a stampede
    const turn = this.queue.then(() => this.spend(cost));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async spend(cost: number): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.slices = this.slices.filter((s) => s.expiresAt > now && s.units > 0);
      const held = this.slices.reduce((sum, s) => sum + s.units, 0);
      if (held >= cost) {
        let owed = cost;
        for (const slice of this.slices) {
          const part = Math.min(slice.units, owed);
          slice.units -= part;
          owed -= part;
          if (owed <= 0) break;
        }
        return;
      }
      const need = cost - held;
      // the expiry counts from before the request: never later than the moment the bucket granted
      const expiresAt = now + this.shape.leaseSeconds * 1000;
      const lease = await this.store.lease(this.mailbox, need, Math.max(need, this.shape.chunk), this.shape);
      if (lease.granted > 0) this.slices.push({ units: lease.granted, expiresAt });
      else await this.clock.sleep(lease.waitMs);
    }
  }
}

/** One connection's view: its mailbox is looked up at the first call that needs units. */
export interface ConnectionQuota {
  take(method: GmailMethod): Promise<void>;
}

const UNLIMITED: ConnectionQuota = { take: () => Promise.resolve() };

export interface QuotaBucketsOptions {
  policy: QuotaPolicy;
  /** Default: this process's memory. */
  store?: QuotaStore;
  /** The connection's mailbox (its Gmail address); default: the connection id itself. */
  mailboxOf?: (connectionId: string) => Promise<string>;
  clock?: QuotaClock;
}

/**
 * The per-mailbox buckets of one process. A budget of 0 turns the limiter off: no waiting, no
 * lookups, no store traffic.
 */
export class QuotaBuckets {
  private readonly policy: QuotaPolicy;
  readonly shape: BucketShape;
  private readonly store: QuotaStore;
  private readonly clock: QuotaClock;
  private readonly mailboxOf: (connectionId: string) => Promise<string>;
  private readonly buckets = new Map<string, MailboxBucket>();

  constructor(opts: QuotaBucketsOptions) {
    this.policy = opts.policy;
    this.shape = bucketShape(opts.policy);
    this.clock = opts.clock ?? REAL_CLOCK;
    this.store = opts.store ?? new MemoryQuotaStore(this.clock);
    this.mailboxOf = opts.mailboxOf ?? ((id) => Promise.resolve(id));
  }

  static off(): QuotaBuckets {
    return new QuotaBuckets({ policy: QUOTA_OFF });
  }

  for(connectionId: string): ConnectionQuota {
    if (this.policy.unitsPerMinute === 0) return UNLIMITED;
    let mailbox: Promise<string> | undefined;
    return {
      take: async (method) => {
        mailbox ??= this.mailboxOf(connectionId);
        await this.forMailbox(await mailbox).take(this.policy.costs[method]);
      },
    };
  }

  private forMailbox(mailbox: string): MailboxBucket {
    let bucket = this.buckets.get(mailbox);
    if (!bucket) {
      bucket = new MailboxBucket(mailbox, this.store, this.shape, this.clock);
      this.buckets.set(mailbox, bucket);
    }
    return bucket;
  }
}

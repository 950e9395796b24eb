/**
 * Google's published Gmail API quota (developers.google.com/gmail/api/reference/quota), as data.
 * Which table applies is per Google Cloud project: projects created from 1 May 2026 get the 2026
 * table; projects that used the API between November 2025 and April 2026 keep the 2025 one. Before
 * that the quota was 250 units per user per second, a moving average (no longer offered; kept in
 * docs/gmail-quota.md only). Only the methods we call are priced here (threads.get is 40 and
 * messages.send 100 in the 2026 table; we call neither). `watch` (100) and `stop` (50) are the
 * published prices; a connection calls watch about once a day.
 */
export const GMAIL_METHODS = [
  'messages.get',
  'messages.list',
  'history.list',
  'labels.get',
  'labels.list',
  'getProfile',
  'watch',
  'stop',
] as const;
export type GmailMethod = (typeof GMAIL_METHODS)[number];

export interface QuotaTable {
  /** Per user (one mailbox), per minute: what our limiter keeps under. */
  userUnitsPerMinute: number;
  /** Per Cloud project, per minute: all mailboxes together (not limited here). */
  projectUnitsPerMinute: number;
  /** Units one call of each method costs. */
  costs: Readonly<Record<GmailMethod, number>>;
}

export const QUOTA_TABLES = {
  '2026': {
    userUnitsPerMinute: 6_000,
    projectUnitsPerMinute: 1_200_000,
    // plus an 80,000,000-unit daily billing threshold per project
    costs: {
      'messages.get': 20,
      'messages.list': 5,
      'history.list': 2,
      'labels.get': 1,
      'labels.list': 1,
      getProfile: 1,
      watch: 100,
      stop: 50,
    },
  },
  '2025': {
    userUnitsPerMinute: 15_000,
    projectUnitsPerMinute: 1_200_000,
    costs: {
      'messages.get': 5,
      'messages.list': 5,
      'history.list': 2,
      'labels.get': 1,
      'labels.list': 1,
      getProfile: 1,
      watch: 100,
      stop: 50,
    },
  },
} as const satisfies Record<string, QuotaTable>;

export type QuotaTableName = keyof typeof QUOTA_TABLES;
export const QUOTA_TABLE_NAMES = Object.keys(QUOTA_TABLES) as QuotaTableName[];

/** What the limiter enforces: a per-mailbox budget per minute (0: off) and what each call costs. */
export interface QuotaPolicy {
  unitsPerMinute: number;
  costs: Readonly<Record<GmailMethod, number>>;
}

export const QUOTA_OFF: QuotaPolicy = { unitsPerMinute: 0, costs: QUOTA_TABLES['2026'].costs };

/**
 * `GMAIL_QUOTA_COSTS`: a JSON object of method → positive cost, overriding the table's. Returns the
 * overrides, or what is wrong with them (an unknown method, a cost that is not a positive number).
 */
export function parseQuotaCosts(
  raw: string,
): { costs: Partial<Record<GmailMethod, number>> } | { invalid: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { invalid: 'not JSON: expected an object like {"messages.get": 20}' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { invalid: 'expected a JSON object of method → cost, like {"messages.get": 20}' };
  const costs: Partial<Record<GmailMethod, number>> = {};
  for (const [method, cost] of Object.entries(parsed)) {
    if (!(GMAIL_METHODS as readonly string[]).includes(method))
      return { invalid: `unknown method "${method}" (known: ${GMAIL_METHODS.join(', ')})` };
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost <= 0)
      return { invalid: `cost of "${method}" must be a positive number, got ${JSON.stringify(cost)}` };
    costs[method as GmailMethod] = cost;
  }
  return { costs };
}

/** The policy the configuration asks for: the table's budget and costs, each overridable. */
export function quotaPolicy(opts: {
  table: QuotaTableName;
  unitsPerMinute?: number | undefined;
  /** The deprecated `GMAIL_QUOTA_UNITS_PER_SECOND`: ×60, used only without `unitsPerMinute`. */
  unitsPerSecond?: number | undefined;
  costs?: Partial<Record<GmailMethod, number>> | undefined;
}): QuotaPolicy {
  const table: QuotaTable = QUOTA_TABLES[opts.table];
  const unitsPerMinute =
    opts.unitsPerMinute ??
    (opts.unitsPerSecond !== undefined ? opts.unitsPerSecond * 60 : table.userUnitsPerMinute);
  return { unitsPerMinute, costs: { ...table.costs, ...opts.costs } };
}

/** The dearest call: the bucket's burst must hold at least one of it. */
export function maxCost(policy: QuotaPolicy): number {
  return Math.max(...Object.values(policy.costs));
}

import { z } from 'zod';
import { parseTrustedProxies } from '../api/middleware/client-address.js';
import { allowListOf } from '../domain/feed-address.js';
import {
  maxCost,
  parseQuotaCosts,
  QUOTA_TABLE_NAMES,
  type QuotaPolicy,
  type QuotaTableName,
  quotaPolicy,
} from '../gmail/quota-table.js';
import { DEFAULT_KEY_ID, parseKeyRing } from '../security/token-keys.js';
import { DEV_SECRETS, weakProductionSecrets } from './production-secrets.js';

/**
 * Every environment variable the app reads, in one schema. The README's table and
 * docker-compose.yml are checked against `ENV_VARS` below.
 */
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  POSTGRES_PORT: port(5433),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('connections'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  // where the web app links each run's execution (the dev server's UI by default)
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port(3000),
  PUBLIC_URL: z.string().url().optional(),
  ADMIN_TOKEN: z.string().min(8).default(DEV_SECRETS.ADMIN_TOKEN),
  // the key ring `id:key,id:key` (first = current; security/token-keys.ts); without it the single
  // key below is a ring of one, and without that the dev-only key (the local stack's)
  TOKEN_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .superRefine((raw, ctx) => {
      const ring = raw ? parseKeyRing(raw) : null;
      if (ring && 'invalid' in ring) ctx.addIssue({ code: 'custom', message: ring.invalid });
    }),
  TOKEN_ENCRYPTION_KEY: z.string().optional(),
  TOKEN_ENCRYPTION_KEY_ID: z.string().default(DEFAULT_KEY_ID),
  OAUTH_STATE_SECRET: z.string().min(16).default(DEV_SECRETS.OAUTH_STATE_SECRET),
  GOOGLE_CLIENT_ID: z.string().default('dev-client'),
  GOOGLE_CLIENT_SECRET: z.string().default(DEV_SECRETS.GOOGLE_CLIENT_SECRET),
  // Where googleapis and the OAuth client point; unset in production means Google itself.
  GMAIL_API_ROOT_URL: z.string().url().optional(),
  GOOGLE_OAUTH_AUTH_URL: z.string().url().optional(),
  GOOGLE_OAUTH_TOKEN_URL: z.string().url().optional(),
  GOOGLE_OAUTH_REVOKE_URL: z.string().url().optional(),
  GMAIL_EMULATOR_PORT: port(4010),
  // Gmail's per-user quota (gmail/quota-table.ts, docs/gmail-quota.md): which published table, the
  // per-mailbox budget per minute (default: the table's; 0 = no limiter) and per-method costs
  GMAIL_QUOTA_TABLE: z.enum(QUOTA_TABLE_NAMES as [QuotaTableName, ...QuotaTableName[]]).default('2026'),
  GMAIL_QUOTA_UNITS_PER_MINUTE: z.coerce.number().min(0).optional(),
  GMAIL_QUOTA_COSTS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const parsed = parseQuotaCosts(raw);
      if ('costs' in parsed) return parsed.costs;
      ctx.addIssue({ code: 'custom', message: parsed.invalid });
      return z.NEVER;
    }),
  // deprecated: units per second (×60 = GMAIL_QUOTA_UNITS_PER_MINUTE, which wins when both are set)
  GMAIL_QUOTA_UNITS_PER_SECOND: z.coerce.number().min(0).optional(),
  // messages.get calls one archive activity keeps in flight (Gmail latency, not CPU, bounds a page)
  GMAIL_FETCH_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(25),
  // one message's limits (activities/extract/budget): raw size parsed at all, time and text per message
  MAIL_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  MAIL_BUDGET_MS: z.coerce.number().int().min(50).default(2_000),
  MAIL_BUDGET_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  MAIL_POOL_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(300),
  // the workflow thread's and the message pool's young generation (config/thread-heap.ts); 0: V8's default
  WORKER_THREAD_SEMI_SPACE_MB: z.coerce.number().int().min(0).max(64).default(4),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(20),
  // the worker's GET /metrics (loopback unless told otherwise; 0: any free port), and the Temporal
  // SDK's own exporter on loopback, which that endpoint serves again (0: the SDK exports nothing)
  WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  WORKER_METRICS_PORT: port(9464),
  WORKER_SDK_METRICS_PORT: port(9465),
  // the reconciler's schedule (docs/observability.md): every N minutes, 0 = the worker creates none
  RECONCILE_EVERY_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
  // the API's GET /metrics: a bearer token (without one, production refuses every scrape); at most this
  // many per-connection lag series
  METRICS_TOKEN: z.string().min(16).optional(),
  METRICS_LAG_SERIES_MAX: z.coerce.number().int().min(0).max(10_000).default(50),
  // a prebuilt workflow bundle (tests build one per run instead of one per worker)
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  // the API's limits (docs/decisions.md: "Limits")
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  FEEDS_PER_WORKSPACE: z.coerce.number().int().min(1).default(50),
  CONNECTIONS_PER_WORKSPACE: z.coerce.number().int().min(1).default(50),
  FEED_MIN_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10080).default(15),
  // one import applies at most this many events (the rest refused, flagged too_many_events), and
  // reads the feed on a thread for at most this long (then FEED_TOO_LARGE)
  FEED_MAX_EVENTS: z.coerce.number().int().min(1).default(2_000),
  FEED_PARSE_BUDGET_MS: z.coerce.number().int().min(50).default(10_000),
  SYNC_NOW_PER_MINUTE: z.coerce.number().int().min(1).default(6),
  AUTH_FAILURES_PER_WINDOW: z.coerce.number().int().min(1).default(20),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),
  // the proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client the throttle counts
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      try {
        return parseTrustedProxies(raw);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  // a web session unused this long ends, besides its absolute 14 days (web/session/session-store.ts)
  WEB_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(20_160).default(720),
  DEMO_FEED_PORT: port(4020),
  // the one way to let feeds reach an internal host: `host:port,host:port`, exactly as feed URLs name them
  FEED_ALLOW_PRIVATE_HOSTS: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const parsed = allowListOf(raw);
      if ('hosts' in parsed) return parsed.hosts;
      ctx.addIssue({ code: 'custom', message: `not a host:port: ${parsed.invalid}` });
      return z.NEVER;
    }),
  // only the allow-listed hosts, nothing else, not even a DNS lookup (tests and conformance)
  FEED_ONLY_ALLOWED_HOSTS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // where `npm run dev` keeps its state (default .data/ in the project)
  DEV_DATA_DIR: z.string().optional(),
  TEMPORAL_CLI: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** The Gmail quota the worker keeps each mailbox under, from `GMAIL_QUOTA_*`. */
export function gmailQuotaPolicy(env: Env): QuotaPolicy {
  return quotaPolicy({
    table: env.GMAIL_QUOTA_TABLE,
    unitsPerMinute: env.GMAIL_QUOTA_UNITS_PER_MINUTE,
    unitsPerSecond: env.GMAIL_QUOTA_UNITS_PER_SECOND,
    costs: env.GMAIL_QUOTA_COSTS,
  });
}

/** A budget the bucket cannot honour: below the dearest call, no call could ever be made. */
function quotaPolicyProblem(env: Env): { path: string; message: string } | null {
  const policy = gmailQuotaPolicy(env);
  if (policy.unitsPerMinute === 0 || policy.unitsPerMinute > maxCost(policy)) return null;
  const path =
    env.GMAIL_QUOTA_UNITS_PER_MINUTE !== undefined
      ? 'GMAIL_QUOTA_UNITS_PER_MINUTE'
      : 'GMAIL_QUOTA_UNITS_PER_SECOND';
  return {
    path,
    message: `must be 0 (off) or more than the dearest call (${maxCost(policy)} units a minute)`,
  };
}
export const ENV_VARS = Object.keys(envSchema.shape) as (keyof Env)[];

/**
 * What a production process must be given explicitly: the defaults above are for the local stack
 * only (a well-known admin token or encryption key in production would be a breach).
 */
export const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'ADMIN_TOKEN',
  'OAUTH_STATE_SECRET',
  'GOOGLE_CLIENT_ID',
  'GOOGLE_CLIENT_SECRET',
  'PUBLIC_URL',
] as const satisfies readonly (keyof Env)[];

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (source.NODE_ENV === 'production') {
    const missing: string[] = REQUIRED_IN_PRODUCTION.filter((name) => !source[name]);
    // either the ring or the old single key with its id
    if (!source.TOKEN_ENCRYPTION_KEYS && !(source.TOKEN_ENCRYPTION_KEY && source.TOKEN_ENCRYPTION_KEY_ID))
      missing.push('TOKEN_ENCRYPTION_KEYS (or TOKEN_ENCRYPTION_KEY and TOKEN_ENCRYPTION_KEY_ID)');
    if (missing.length > 0) throw new Error(`invalid environment: production needs ${missing.join(', ')}`);
    const weak = weakProductionSecrets(source);
    if (weak.length > 0) throw new Error(`invalid environment: ${weak.join('; ')}`);
  }
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${fields}`);
  }
  const quota = quotaPolicyProblem(result.data);
  if (quota) throw new Error(`invalid environment: ${quota.path}: ${quota.message}`);
  return result.data;
}

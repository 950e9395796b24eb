import { z } from 'zod';
import { parseTrustedProxies } from '../api/middleware/client-address.js';
import { DEFAULT_CONFLICT_SETTINGS } from '../domain/conflicts/conflict-writes.js';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from '../domain/webhooks/retry-schedule.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../domain/webhooks/webhook-settings.js';
import {
  maxCost,
  parseQuotaCosts,
  QUOTA_TABLE_NAMES,
  type QuotaPolicy,
  type QuotaTableName,
  quotaPolicy,
} from '../gmail/quota-table.js';
import { allowListOf, type OutboundPolicy } from '../outbound/address-rules.js';
import { DEFAULT_KEY_ID, parseKeyRing } from '../security/token-keys.js';
import { DEV_SECRETS, weakProductionSecrets } from './production-secrets.js';
import { productionShapeProblems } from './production-shape.js';

/** Google's OIDC signing keys: what a Pub/Sub push token is checked against in production. */
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

/**
 * Every environment variable the app reads, in one schema. The README's table and
 * docker-compose.yml are checked against `ENV_VARS` below.
 */
/** An optional setting a deployment may pass as an empty string (`${X:-}` in compose) to mean unset. */
const unsetWhenBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const hostList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const parsed = allowListOf(raw);
    if ('hosts' in parsed) return parsed.hosts;
    ctx.addIssue({ code: 'custom', message: `not a host:port: ${parsed.invalid}` });
    return z.NEVER;
  });
const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

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
  // the Pub/Sub emulator `npm run dev` starts when it is installed (Gmail push in development)
  PUBSUB_EMULATOR_PORT: port(8085),
  // Gmail push (docs/gmail-push.md). Unset topic: no watch, no push, polling as before. The worker
  // watches each label on the topic; the API checks each push's OIDC token: audience (default: its
  // own push URL), issuer Google, the push subscription's service account, signed by a key of the JWKS
  GMAIL_PUSH_TOPIC: unsetWhenBlank(
    z.string().regex(/^projects\/[^/]+\/topics\/[^/]+$/, 'must be projects/<project>/topics/<topic>'),
  ),
  GMAIL_PUSH_AUDIENCE: unsetWhenBlank(z.string().min(1)),
  GMAIL_PUSH_SERVICE_ACCOUNT: unsetWhenBlank(z.string().email()),
  GMAIL_PUSH_JWKS_URL: z.string().url().default(GOOGLE_JWKS_URL),
  // how often a connection whose push is healthy still polls (never shorter than its own interval)
  GMAIL_PUSH_POLL_MINUTES: z.coerce.number().int().min(1).max(10080).default(60),
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
  MAIL_POOL_THREADS: z.coerce.number().int().min(1).max(64).default(4),
  MAIL_POOL_SPARE_THREADS: z.coerce.number().int().min(0).max(63).default(2),
  // thread time (ms) after which a message is heavy and its thread yields the CPU; 0: never
  MAIL_POOL_HEAVY_MS: z.coerce.number().int().min(0).max(60_000).default(25),
  // old-generation heap of each mail thread: past it the thread dies (its message over budget), and
  // near it V8 collects sooner, so a thread that parsed a big message does not sit on its garbage
  MAIL_THREAD_HEAP_MB: z.coerce.number().int().min(32).max(4096).default(128),
  // mail bytes one worker holds at once, across every page: downloads, parses, unwritten batches
  // (at least the largest answer MAIL_MAX_MESSAGE_BYTES lets through plus 512 KiB: the worker checks)
  MAIL_BYTES_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(64 * 1024 * 1024),
  // bodies (text + HTML + headers) one read of the archive holds at most: extraction, reprocess
  ARCHIVE_READ_BATCH_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(16 * 1024 * 1024),
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
  // how long a channel's calendar may keep a stay its mail cancelled before that is a conflict
  CONFLICT_CANCELLED_STILL_BLOCKED_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(DEFAULT_CONFLICT_SETTINGS.cancelledStillBlockedHours),
  DEMO_FEED_PORT: port(4020),
  DEMO_WEBHOOK_PORT: port(4030),
  // the one way to let feeds and webhooks reach an internal host: `host:port,host:port`, exactly as
  // their URLs name them (FEED_ALLOW_PRIVATE_HOSTS is the older name: both are read, and add up)
  OUTBOUND_ALLOW_PRIVATE_HOSTS: hostList,
  FEED_ALLOW_PRIVATE_HOSTS: hostList,
  // only the allowed hosts, nothing else, not even a DNS lookup (tests and conformance); either name
  OUTBOUND_ONLY_ALLOWED_HOSTS: flag,
  // production: the second switch an allow-list naming a non-loopback internal host needs
  // (config/production-shape.ts); link-local and metadata addresses are refused whatever it says
  OUTBOUND_ALLOW_INTERNAL_NETWORK: flag,
  FEED_ONLY_ALLOWED_HOSTS: flag,
  // webhooks (docs/webhooks.md): the retry schedule after the first attempt, the run of failed
  // attempts that disables an endpoint, one attempt's time limit, how long a rotated-out secret
  // still signs, endpoints per workspace, and how often the worker scans the outbox for deliveries
  // nobody woke (0: never)
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform((raw, ctx) => {
      const parsed = parseRetrySchedule(raw);
      if ('delaysMs' in parsed) return parsed.delaysMs;
      ctx.addIssue({ code: 'custom', message: parsed.invalid });
      return z.NEVER;
    }),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_WEBHOOK_SETTINGS.disableAfterFailures),
  WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(DEFAULT_WEBHOOK_SETTINGS.timeoutMs),
  WEBHOOK_SECRET_ROTATION_HOURS: z.coerce.number().min(0).max(720).default(24),
  WEBHOOK_ENDPOINTS_PER_WORKSPACE: z.coerce.number().int().min(1).default(20),
  WEBHOOK_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // where `npm run dev` keeps its state (default .data/ in the project)
  DEV_DATA_DIR: z.string().optional(),
  TEMPORAL_CLI: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** How webhooks are delivered; the payloads link to `PUBLIC_URL` (or the API's own address). */
export function webhookSettings(env: Env): WebhookSettings {
  return {
    retrySchedule: env.WEBHOOK_RETRY_SCHEDULE,
    disableAfterFailures: env.WEBHOOK_DISABLE_AFTER_FAILURES,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    publicUrl: env.PUBLIC_URL ?? `http://${env.API_HOST}:${env.API_PORT}`,
  };
}

/** Where feeds and webhooks may go: both names of each variable, added up. */
export function outboundPolicy(env: Env): OutboundPolicy {
  return {
    allowPrivateHosts: [...new Set([...env.OUTBOUND_ALLOW_PRIVATE_HOSTS, ...env.FEED_ALLOW_PRIVATE_HOSTS])],
    onlyAllowedHosts: env.OUTBOUND_ONLY_ALLOWED_HOSTS || env.FEED_ONLY_ALLOWED_HOSTS,
  };
}

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

/** Push on without the account its tokens must name would accept any Google-signed token. */
function pushConfigProblem(env: Env): { path: string; message: string } | null {
  if (env.GMAIL_PUSH_TOPIC && !env.GMAIL_PUSH_SERVICE_ACCOUNT)
    return {
      path: 'GMAIL_PUSH_SERVICE_ACCOUNT',
      message: "is required with GMAIL_PUSH_TOPIC: the push subscription's service account",
    };
  // a signing key fetched in clear text could be swapped on the way
  if (env.NODE_ENV === 'production' && !env.GMAIL_PUSH_JWKS_URL.startsWith('https://'))
    return { path: 'GMAIL_PUSH_JWKS_URL', message: 'must be https in production' };
  return null;
}

/** What the API checks a push token against; null when this deployment has no push. */
export interface PushVerification {
  audience: string;
  serviceAccount: string;
  jwksUrl: string;
}

export function pushVerificationOf(env: Env): PushVerification | null {
  if (!env.GMAIL_PUSH_SERVICE_ACCOUNT) return null;
  const publicUrl = env.PUBLIC_URL ?? `http://${env.API_HOST}:${env.API_PORT}`;
  return {
    audience: env.GMAIL_PUSH_AUDIENCE ?? `${publicUrl.replace(/\/$/, '')}/api/gmail/push`,
    serviceAccount: env.GMAIL_PUSH_SERVICE_ACCOUNT,
    jwksUrl: env.GMAIL_PUSH_JWKS_URL,
  };
}

/** What the worker watches with; null when this deployment has no push. */
export interface PushWatchSettings {
  topic: string;
  healthyPollMinutes: number;
}

export function pushWatchSettingsOf(env: Env): PushWatchSettings | null {
  return env.GMAIL_PUSH_TOPIC
    ? { topic: env.GMAIL_PUSH_TOPIC, healthyPollMinutes: env.GMAIL_PUSH_POLL_MINUTES }
    : null;
}

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
  const problem = quotaPolicyProblem(result.data) ?? pushConfigProblem(result.data);
  if (problem) throw new Error(`invalid environment: ${problem.path}: ${problem.message}`);
  const shape = result.data.NODE_ENV === 'production' ? productionShapeProblems(result.data) : [];
  if (shape.length > 0) throw new Error(`invalid environment: ${shape.join('; ')}`);
  return result.data;
}

import { retryAfterMs, retryDelayMs } from './retry-schedule.js';

/**
 * Why an attempt got no HTTP answer: `outbound/outbound-request.ts`'s failures that can happen on a
 * POST, or `secret_unreadable` when the key that sealed the endpoint's secret is no longer in the
 * ring (nothing is sent; rotating the secret seals a new one with the current key).
 */
export const NO_ANSWERS = ['not_allowed', 'unreachable', 'timeout', 'secret_unreadable'] as const;
export type NoAnswer = (typeof NO_ANSWERS)[number];

/** What one attempt came to. */
export type AttemptResult =
  | { answered: true; status: number; retryAfter?: string | undefined }
  | { answered: false; reason: NoAnswer };

/** What the delivery does next. */
export type AttemptDecision =
  | { next: 'delivered' }
  /** the endpoint is disabled (the delivery fails with it) */
  | { next: 'disable'; reason: 'gone' | 'failing' }
  /** the schedule is spent: the delivery fails, the endpoint stays */
  | { next: 'give_up' }
  | { next: 'retry'; delayMs: number };

export interface AttemptContext {
  /** 1-based, as Temporal counts the activity's attempts */
  attempt: number;
  schedule: readonly number[];
  /** failed attempts of the endpoint in a row, this one included */
  failuresInARow: number;
  disableAfterFailures: number;
  /** a draw in [0, 1) for the jitter */
  random: number;
  now: number;
}

/** The Standard Webhooks status rules, first match wins: 2xx is accepted, 410 asks us to stop. */
const STATUS_RULES: [(status: number) => boolean, 'delivered' | 'gone' | 'failed'][] = [
  [(s) => s >= 200 && s <= 299, 'delivered'],
  [(s) => s === 410, 'gone'],
  [() => true, 'failed'],
];

export const verdictOf = (result: AttemptResult) =>
  result.answered ? STATUS_RULES.find(([holds]) => holds(result.status))![1] : 'failed';

/**
 * After an attempt: accepted; `410 Gone` disables the endpoint at once; any other failure
 * (another status, a redirect — never followed —, no answer, an address refused) is retried on
 * the schedule, no sooner than `Retry-After`, unless it is the endpoint's
 * `disableAfterFailures`-th failure in a row (the endpoint is disabled) or the schedule is spent.
 */
export function decideAttempt(result: AttemptResult, ctx: AttemptContext): AttemptDecision {
  const verdict = verdictOf(result);
  if (verdict === 'delivered') return { next: 'delivered' };
  if (verdict === 'gone') return { next: 'disable', reason: 'gone' };
  if (ctx.failuresInARow >= ctx.disableAfterFailures) return { next: 'disable', reason: 'failing' };
  const asked = result.answered ? retryAfterMs(result.retryAfter, ctx.now) : null;
  const delayMs = retryDelayMs(ctx.schedule, ctx.attempt, ctx.random, asked);
  return delayMs === null ? { next: 'give_up' } : { next: 'retry', delayMs };
}

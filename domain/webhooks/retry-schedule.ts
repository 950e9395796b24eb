/**
 * When a failed delivery is tried again: the Standard Webhooks / Svix schedule (immediately, then
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about 27 hours in all), each wait stretched or shrunk
 * at random by up to a fifth so that endpoints failing together are not retried together, and
 * never shorter than a `Retry-After` the receiver asked for. Pure: the delivery activity passes
 * the attempt number and the random draw.
 */
export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

/** ± this share of each wait. */
export const RETRY_JITTER = 0.2;

/** A `Retry-After` longer than this is read as this: a receiver cannot park an endpoint for a week. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const STEP = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** `WEBHOOK_RETRY_SCHEDULE`: the waits after the first attempt, e.g. `5s,5m,30m,2h` (tests: `200ms,1s`). */
export function parseRetrySchedule(raw: string): { delaysMs: number[] } | { invalid: string } {
  const steps = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (steps.length === 0) return { invalid: 'at least one wait, e.g. 5s,5m,30m' };
  const delaysMs: number[] = [];
  for (const step of steps) {
    const m = STEP.exec(step);
    if (!m) return { invalid: `"${step}" is not a wait like 250ms, 5s, 5m or 2h` };
    delaysMs.push(Math.round(Number(m[1]) * UNIT_MS[m[2]!]!));
  }
  return { delaysMs };
}

/** How many attempts a delivery gets in all: the first, and one after each wait of the schedule. */
export const attemptsOf = (schedule: readonly number[]) => schedule.length + 1;

/**
 * The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed; null when the
 * schedule is spent. `random` is a draw in [0, 1).
 */
export function retryDelayMs(
  schedule: readonly number[],
  attempt: number,
  random: number,
  retryAfterMs: number | null = null,
): number | null {
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/**
 * `Retry-After` in milliseconds from now: delay-seconds or an HTTP date; null when absent or
 * unreadable (a date in the past is 0).
 */
export function retryAfterMs(header: string | undefined, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

import { describe, expect, it } from 'vitest';
import { type AttemptResult, decideAttempt } from '../../../domain/webhooks/delivery-rules.js';
import {
  attemptsOf,
  DEFAULT_RETRY_SCHEDULE,
  MAX_RETRY_AFTER_MS,
  parseRetrySchedule,
  RETRY_JITTER,
  retryAfterMs,
  retryDelayMs,
} from '../../../domain/webhooks/retry-schedule.js';

const schedule = (parseRetrySchedule(DEFAULT_RETRY_SCHEDULE) as { delaysMs: number[] }).delaysMs;
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('the retry schedule', () => {
  it('is the Standard Webhooks / Svix schedule: 8 attempts over about 27 hours', () => {
    expect(schedule).toEqual([5_000, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
    expect(attemptsOf(schedule)).toBe(8);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total / HOUR).toBeGreaterThan(24);
    expect(total / HOUR).toBeLessThan(30);
  });

  it('reads milliseconds too (tests), and names what it cannot read', () => {
    expect(parseRetrySchedule(' 200ms, 1s ,1.5m')).toEqual({ delaysMs: [200, 1000, 90_000] });
    for (const bad of ['', '5', '5 s', '5d', '-1s', 's'])
      expect(parseRetrySchedule(bad), bad).toHaveProperty('invalid');
  });

  it('stretches or shrinks each wait by at most a fifth, and never waits less than Retry-After asks', () => {
    for (let attempt = 1; attempt <= schedule.length; attempt++) {
      const base = schedule[attempt - 1]!;
      expect(retryDelayMs(schedule, attempt, 0)).toBe(Math.round(base * (1 - RETRY_JITTER)));
      expect(retryDelayMs(schedule, attempt, 0.999_999)).toBeLessThanOrEqual(
        Math.round(base * (1 + RETRY_JITTER)),
      );
      expect(retryDelayMs(schedule, attempt, 0.5)).toBe(base);
    }
    expect(retryDelayMs(schedule, 1, 0.5, 60_000)).toBe(60_000);
    expect(retryDelayMs(schedule, 3, 0.5, 60_000)).toBe(30 * MIN);
    expect(retryDelayMs(schedule, 1, 0.5, 30 * 24 * HOUR)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(schedule, schedule.length + 1, 0.5)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('what an attempt leads to', () => {
  const ctx = { attempt: 1, schedule, failuresInARow: 1, disableAfterFailures: 24, random: 0.5, now: 0 };
  const answered = (status: number, retryAfter?: string): AttemptResult => ({
    answered: true,
    status,
    retryAfter,
  });

  it('2xx is delivered, whatever the run of failures before', () => {
    for (const status of [200, 201, 202, 204, 299])
      expect(decideAttempt(answered(status), { ...ctx, failuresInARow: 0 })).toEqual({ next: 'delivered' });
  });

  it('410 disables the endpoint at once', () => {
    expect(decideAttempt(answered(410), ctx)).toEqual({ next: 'disable', reason: 'gone' });
  });

  it('any other status, a redirect or no answer is retried on the schedule', () => {
    for (const result of [
      answered(500),
      answered(404),
      answered(301),
      answered(429),
      { answered: false, reason: 'timeout' } as const,
      { answered: false, reason: 'unreachable' } as const,
      { answered: false, reason: 'not_allowed' } as const,
    ])
      expect(decideAttempt(result, ctx), JSON.stringify(result)).toEqual({ next: 'retry', delayMs: 5_000 });
  });

  it('honours Retry-After', () => {
    expect(decideAttempt(answered(503, '90'), ctx)).toEqual({ next: 'retry', delayMs: 90_000 });
  });

  it('gives up when the schedule is spent, and disables after the configured run of failures', () => {
    expect(decideAttempt(answered(500), { ...ctx, attempt: 8 })).toEqual({ next: 'give_up' });
    expect(decideAttempt(answered(500), { ...ctx, failuresInARow: 24 })).toEqual({
      next: 'disable',
      reason: 'failing',
    });
    expect(decideAttempt(answered(500), { ...ctx, failuresInARow: 23 })).toMatchObject({ next: 'retry' });
  });
});
